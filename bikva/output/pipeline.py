"""The one pipeline every generated document goes through: check → build → render → write → record.

- **check and build** (`prepare_guide`, `prepare_report`): in one transaction, the round's
  inputs are checked, the de-identification guard passes what the document will show, and the
  view is built. Because it is one transaction (and SQLite's BEGIN IMMEDIATE holds the write
  lock from its start), nothing can be carried to the level between the check and the build:
  the view holds exactly what the guard passed.
- **render** (`render_guide`, `render_report`): view → HTML, Markdown or PDF. No database, and
  outside any transaction: rendering takes seconds and every transaction holds the write lock.
- **write** (`write_document`): atomically, so a crash never leaves half a file.
- **record** (`record_documents`): the artifact log, in a short transaction of its own, with
  the ids of the quotes each file holds (a later withdrawal names the files that held them).

`make_guide` and `make_report` run the steps in order for the plain commands; the Prefect
flows (flows/round.py, flows/study.py) wrap each step in a task of its own, so both run the
same functions.
"""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from bikva.documents.guide import build_guide_view
from bikva.documents.report import COMMISSIONER, build_report_view
from bikva.documents.status import describe_waiting, study_status
from bikva.documents.views import GuideView, ReportView, quotes_in
from bikva.errors import BikvaError
from bikva.i18n import cli_language
from bikva.output import render
from bikva.protection.guard import ensure_no_open_hits
from bikva.selection.chains import walk
from bikva.store import audit
from bikva.store.evaluation import OpenEvaluation, open_evaluation
from bikva.store.files import write_atomic

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


def guide_path(folder: Path, view: GuideView, fmt: str) -> Path:
    return folder / OUTPUT_FOLDER / f"guide-R{view.level.round}-{view.level.key}.{fmt}"


def report_path(folder: Path, fmt: str, edition: str = COMMISSIONER) -> Path:
    """output/report.pdf for the commissioner's edition, output/report-evaluator.pdf for the other."""
    suffix = "" if edition == COMMISSIONER else f"-{edition}"
    return folder / OUTPUT_FOLDER / f"report{suffix}.{fmt}"


# Check and build -----------------------------------------------------------------------------


def check_guide_ready(session: Session, ev: OpenEvaluation, level_name: str) -> None:
    level = ev.level(level_name)
    waiting = study_status(session, ev).rounds[level.position - 1].guide_waiting_for
    if waiting:
        lang = cli_language(ev.lang)
        raise BikvaError("output.guide_not_ready", round=level.position, waiting=describe_waiting(lang, waiting))


def checked_guide_view(session: Session, ev: OpenEvaluation, level_name: str) -> GuideView:
    """The guide's view, in the caller's transaction, after its inputs are checked and the
    guard has passed every quote it shows (the materials build on this too)."""
    check_guide_ready(session, ev, level_name)
    level = ev.level(level_name)
    ensure_no_open_hits(session, ev, level=level)
    return build_guide_view(session, ev, level)


def prepare_guide(folder: Path, level_name: str) -> GuideView:
    """Check and build a round's guide in one transaction."""
    with open_evaluation(folder) as (session, ev):
        return checked_guide_view(session, ev, level_name)


def prepare_report(folder: Path, edition: str = COMMISSIONER) -> ReportView:
    """Check and build the report in one transaction."""
    with open_evaluation(folder) as (session, ev):
        ensure_no_open_hits(session, ev)
        return build_report_view(session, ev, edition)


# Render -------------------------------------------------------------------------------------


def render_guide(view: GuideView, fmt: str) -> str | bytes:
    if fmt == "md":
        return render.render_guide_markdown(view)
    html = render.render_guide_html(view)
    return render.html_to_pdf(html) if fmt == "pdf" else html


def render_report(view: ReportView, fmt: str, variant: str = render.DEFAULT_PDF_VARIANT) -> str | bytes:
    html = render.render_report_html(view)
    return render.html_to_pdf(html, variant) if fmt == "pdf" else html


# Write and record ---------------------------------------------------------------------------


def write_document(path: Path, content: str | bytes) -> Path:
    return write_atomic(path, content)


def quote_ids(view: GuideView | ReportView) -> set[int]:
    """Every quote a document shows, reactions and advice included."""
    if isinstance(view, GuideView):
        return {node.id for root in quotes_in(view.themes) for node, _ in walk(root)} | {
            advice.id for advice in view.advice_received
        }
    found = {advice.id for level in view.levels for advice in level.advice}
    found |= {node.id for level in view.levels for root in quotes_in(level.themes) for node, _ in walk(root)}
    for guide in view.guides:
        found |= quote_ids(guide)
    return found


def record_documents(folder: Path, kind: str, level_key: str, written: dict[Path, str | bytes], ids: set[int]) -> None:
    """Log generated files in a short transaction of their own, after they are on disk."""
    with open_evaluation(folder) as (session, ev):
        for path, content in written.items():
            audit.record_artifact(session, ev.id, kind=kind, level_key=level_key, path=path, content=content, quote_ids=ids)


# The whole pipeline, for the plain commands ------------------------------------------------


def make_guide(folder: Path, level_name: str, *, fmt: str | None = None, out: Path | None = None) -> Path:
    fmt = choose_format(fmt, out, GUIDE_FORMATS)
    view = prepare_guide(folder, level_name)
    content = render_guide(view, fmt)
    path = write_document(out or guide_path(folder, view, fmt), content)
    record_documents(folder, "guide", view.level.key, {path: content}, quote_ids(view))
    return path


def make_report(
    folder: Path,
    *,
    fmt: str | None = None,
    out: Path | None = None,
    edition: str = COMMISSIONER,
    variant: str = render.DEFAULT_PDF_VARIANT,
) -> Path:
    fmt = choose_format(fmt, out, REPORT_FORMATS)
    render.check_pdf_variant(variant)  # before any work, so a typo costs nothing
    view = prepare_report(folder, edition)
    content = render_report(view, fmt, variant)
    path = write_document(out or report_path(folder, fmt, edition), content)
    record_documents(folder, "report", "", {path: content}, quote_ids(view))
    return path
