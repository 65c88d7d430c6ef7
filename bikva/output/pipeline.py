"""Writing the generated guides and report to files (atomically), in the chosen format."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sqlmodel import Session

from bikva.store import audit
from bikva.output import render
from bikva.errors import BikvaError
from bikva.store.evaluation import OpenEvaluation, open_evaluation
from bikva.store.files import write_atomic
from bikva.protection.guard import ensure_no_open_hits
from bikva.documents.guide import build_guide_view
from bikva.i18n import cli_language
from bikva.documents.report import COMMISSIONER, build_report_view
from bikva.documents.status import describe_waiting, study_status
from bikva.documents.views import GuideView, ReportView, ThemeBlock

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


def report_content(view: ReportView, fmt: str, variant: str = render.DEFAULT_PDF_VARIANT) -> str | bytes:
    html = render.render_report_html(view)
    return render.html_to_pdf(html, variant) if fmt == "pdf" else html


def guide_path(folder: Path, view: GuideView, fmt: str) -> Path:
    return folder / OUTPUT_FOLDER / f"guide-R{view.level.round}-{view.level.key}.{fmt}"


def report_path(folder: Path, fmt: str, edition: str = COMMISSIONER) -> Path:
    """output/report.pdf for the commissioner's edition, output/report-evaluator.pdf for the other."""
    suffix = "" if edition == COMMISSIONER else f"-{edition}"
    return folder / OUTPUT_FOLDER / f"report{suffix}.{fmt}"


def check_guide_ready(session: Session, ev: OpenEvaluation, level_name: str) -> None:
    level = ev.level(level_name)
    waiting = study_status(session, ev).rounds[level.position - 1].guide_waiting_for
    if waiting:
        lang = cli_language(ev.lang)
        raise BikvaError("output.guide_not_ready", round=level.position, waiting=describe_waiting(lang, waiting))


def prepare_guide(session: Session, ev: OpenEvaluation, level_name: str) -> GuideView:
    """Everything a guide needs from the database, checked: its inputs are there, and no quote
    it shows has an open hit from the de-identification guard."""
    check_guide_ready(session, ev, level_name)
    level = ev.level(level_name)
    ensure_no_open_hits(session, ev, level=level)
    return build_guide_view(session, ev, level)


def prepare_report(session: Session, ev: OpenEvaluation, edition: str = COMMISSIONER) -> ReportView:
    ensure_no_open_hits(session, ev)
    return build_report_view(session, ev, edition)


def quote_ids(view: GuideView | ReportView) -> set[int]:
    """Every quote a document shows, reactions and advice included: the artifact log keeps them
    so a later withdrawal can name the documents that held a participant's statements."""
    def walk(themes: list[ThemeBlock]) -> Iterator[int]:
        for theme in themes:
            stack = list(theme.quotes)
            while stack:
                quote = stack.pop()
                yield quote.id
                stack.extend(quote.reactions)
            yield from walk(theme.subthemes)

    if isinstance(view, GuideView):
        return set(walk(view.themes)) | {a.id for a in view.advice_received}
    found = {a.id for level in view.levels for a in level.advice}
    for level in view.levels:
        found |= set(walk(level.themes))
    for guide in view.guides:
        found |= quote_ids(guide)
    return found


def record_written(folder: Path, kind: str, level_key: str, written: dict[Path, str | bytes], ids: set[int]) -> None:
    """Log generated files in a short transaction of their own, after they are on disk."""
    with open_evaluation(folder) as (session, ev):
        for path, content in written.items():
            audit.record_artifact(session, ev.id, kind=kind, level_key=level_key, path=path, content=content, quote_ids=ids)


def write_guide(folder: Path, level_name: str, *, fmt: str | None = None, out: Path | None = None) -> Path:
    fmt = choose_format(fmt, out, GUIDE_FORMATS)
    with open_evaluation(folder) as (session, ev):
        view = prepare_guide(session, ev, level_name)
    # Rendering takes seconds: done outside the transaction, so other commands need not wait.
    content = guide_content(view, fmt)
    path = write_atomic(out or guide_path(folder, view, fmt), content)
    record_written(folder, "guide", view.level.key, {path: content}, quote_ids(view))
    return path


def write_report(
    folder: Path,
    *,
    fmt: str | None = None,
    out: Path | None = None,
    edition: str = COMMISSIONER,
    variant: str = render.DEFAULT_PDF_VARIANT,
) -> Path:
    fmt = choose_format(fmt, out, REPORT_FORMATS)
    render.check_pdf_variant(variant)
    with open_evaluation(folder) as (session, ev):
        view = prepare_report(session, ev, edition)
    content = report_content(view, fmt, variant)
    path = write_atomic(out or report_path(folder, fmt, edition), content)
    record_written(folder, "report", "", {path: content}, quote_ids(view))
    return path
