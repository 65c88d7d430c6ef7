"""Writing the generated guides and report to files (atomically), in the chosen format."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from bikva import render
from bikva.errors import BikvaError
from bikva.evaluation import OpenEvaluation
from bikva.files import write_atomic
from bikva.guides import build_guide_view
from bikva.i18n import cli_language
from bikva.report import build_report_view
from bikva.status import describe_waiting, study_status
from bikva.views import GuideView, ReportView

OUTPUT_FOLDER = "output"
GUIDE_FORMATS = ("pdf", "html", "md")
REPORT_FORMATS = ("pdf", "html")


def choose_format(fmt: str | None, out: Path | None, allowed: tuple[str, ...]) -> str:
    """--format wins; otherwise the output file's suffix; otherwise PDF."""
    if fmt is None and out is not None and out.suffix:
        fmt = out.suffix.lstrip(".").lower()
        fmt = "md" if fmt == "markdown" else fmt
    fmt = fmt or "pdf"
    if fmt not in allowed:
        raise BikvaError("output.format", format=fmt, formats=", ".join(allowed))
    return fmt


def guide_content(view: GuideView, fmt: str) -> str | bytes:
    if fmt == "md":
        return render.render_guide_markdown(view)
    html = render.render_guide_html(view)
    return render.html_to_pdf(html) if fmt == "pdf" else html


def report_content(view: ReportView, fmt: str) -> str | bytes:
    html = render.render_report_html(view)
    return render.html_to_pdf(html) if fmt == "pdf" else html


def guide_path(folder: Path, view: GuideView, fmt: str) -> Path:
    return folder / OUTPUT_FOLDER / f"guide-R{view.level.round}-{view.level.key}.{fmt}"


def report_path(folder: Path, fmt: str) -> Path:
    return folder / OUTPUT_FOLDER / f"report.{fmt}"


def check_guide_ready(session: Session, ev: OpenEvaluation, level_name: str) -> None:
    level = ev.level(level_name)
    waiting = study_status(session, ev).rounds[level.position - 1].guide_waiting_for
    if waiting:
        lang = cli_language(ev.lang)
        raise BikvaError("output.guide_not_ready", round=level.position, waiting=describe_waiting(lang, waiting))


def write_guide(
    session: Session, ev: OpenEvaluation, level_name: str, *, fmt: str | None = None, out: Path | None = None
) -> Path:
    fmt = choose_format(fmt, out, GUIDE_FORMATS)
    check_guide_ready(session, ev, level_name)
    view = build_guide_view(session, ev, ev.level(level_name))
    return write_atomic(out or guide_path(ev.folder, view, fmt), guide_content(view, fmt))


def write_report(session: Session, ev: OpenEvaluation, *, fmt: str | None = None, out: Path | None = None) -> Path:
    fmt = choose_format(fmt, out, REPORT_FORMATS)
    return write_atomic(out or report_path(ev.folder, fmt), report_content(build_report_view(session, ev), fmt))
