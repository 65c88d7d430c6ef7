"""The one pipeline every generated document goes through: check → build → render → write → record.

- **check and build** (`prepare_guide`, `prepare_report`): in one transaction, the round's
  inputs are checked, the de-identification guard passes what the document will show, and the
  view is built. Because it is one transaction (and SQLite's BEGIN IMMEDIATE holds the write
  lock from its start), nothing can be carried to the level between the check and the build:
  the view holds exactly what the guard passed.
- **render** (`render_guide`, `render_report`): view → HTML, Markdown or PDF. No database, and
  outside any transaction: rendering takes seconds and every transaction holds the write lock.
- **write** (`write_document`): atomically, so a crash never leaves half a file, and only
  where bikva may write (bikva.protection.targets: never over the evaluation's own data, never
  over a file bikva did not write unless forced). In a transaction of its own, the write lock
  held, it also checks that no participant whose statements the document holds has withdrawn
  since the view was built (the view records the withdrawn quotes of that moment): a
  withdrawal wins over a document being made.
- **record** (`record_documents`): the artifact log, in a short transaction of its own, with
  the ids of the quotes each file holds (a later withdrawal names the files that held them).
  A withdrawal that came between write and record removes the files just written.

**Draft or final.** A report is a draft (UDKAST on its title page and in its running header)
unless made with `final=True` (`bikva report --final`), which is refused in the check step, in
one line saying how many things are missing, while `bikva status` lists anything missing: a
round not done, a gap in what the evaluator writes, consent not registered. The participants'
edition (`edition="participants"`, bikva.documents.participants_edition) goes the same way and
needs report/participants.md as well to be final.

`make_guide` and `make_report` run the steps in order for the plain commands (and once more
from the start if a participant withdrew meanwhile); the Prefect flows (flows/round.py,
flows/study.py) wrap each step in a task of its own, so both run the same functions.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlmodel import Session

from bikva.documents.guide import ROOM, build_guide_view
from bikva.documents.narrative import participants_plain_text
from bikva.documents.participants_edition import PARTICIPANTS, build_participants_view
from bikva.documents.report import COMMISSIONER, build_report_view
from bikva.documents.status import describe_waiting, report_gaps, study_status
from bikva.documents.views import GuideView, ParticipantsView, ReportView, quotes_in
from bikva.errors import BikvaError
from bikva.i18n import cli_language
from bikva.output import render
from bikva.protection.guard import ensure_no_open_hits
from bikva.protection.targets import check_target, destination, nearest_evaluation, refuse_own_file
from bikva.selection.chains import walk
from bikva.store import audit
from bikva.store.evaluation import OpenEvaluation, open_evaluation
from bikva.store.files import write_atomic
from bikva.store.queries import withdrawn_quote_ids

OUTPUT_FOLDER = "output"
V = TypeVar("V", GuideView, ReportView, ParticipantsView)
Document = GuideView | ReportView | ParticipantsView
T = TypeVar("T")
GUIDE_FORMATS = ("pdf", "html", "md")
REPORT_FORMATS = ("pdf", "html")
WITHDREW_MEANWHILE = "participant.withdrew_meanwhile"


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
    # The room's guide: what is read aloud names the study as it is (see build_guide_view).
    return _stamped(session, ev, build_guide_view(session, ev, level, None, ROOM))


def _stamped(session: Session, ev: OpenEvaluation, view: V) -> V:
    """The view with the withdrawals it was built after, read in the same transaction."""
    view.withdrawn_quotes = frozenset(withdrawn_quote_ids(session, ev.id))
    return view


def prepare_guide(folder: Path, level_name: str) -> GuideView:
    """Check and build a round's guide in one transaction."""
    with open_evaluation(folder) as (session, ev):
        return checked_guide_view(session, ev, level_name)


def prepare_report(folder: Path, edition: str = COMMISSIONER, final: bool = False) -> ReportView | ParticipantsView:
    """Check and build the report in one transaction (a final one only when nothing is missing)."""
    with open_evaluation(folder) as (session, ev):
        if final:
            check_final(session, ev, folder, edition)
        ensure_no_open_hits(session, ev, register=edition not in (COMMISSIONER, PARTICIPANTS))
        view = build_participants_view(session, ev) if edition == PARTICIPANTS else build_report_view(session, ev, edition)
        view.final = final
        return _stamped(session, ev, view)


def missing_for_final(session: Session, ev: OpenEvaluation, edition: str = COMMISSIONER) -> int:
    """How many things `bikva status` lists as missing: rounds not done, the report's gaps, and
    for the participants' edition its own text."""
    count = sum(not r.done for r in study_status(session, ev).rounds) + len(report_gaps(session, ev))
    if edition == PARTICIPANTS and not participants_plain_text(ev.folder):
        count += 1
    return count


def check_final(session: Session, ev: OpenEvaluation, folder: Path, edition: str) -> None:
    missing = missing_for_final(session, ev, edition)
    if missing:
        raise BikvaError("report.final.refused", count=missing, folder=str(folder))


# Render -------------------------------------------------------------------------------------


def render_guide(view: GuideView, fmt: str) -> str | bytes:
    if fmt == "md":
        return render.render_guide_markdown(view)
    html = render.render_guide_html(view)
    return render.html_to_pdf(html) if fmt == "pdf" else html


def render_report(view: ReportView | ParticipantsView, fmt: str, variant: str = render.DEFAULT_PDF_VARIANT) -> str | bytes:
    if isinstance(view, ParticipantsView):
        html = render.render_template("participants.html.j2", view.lang, view=view)
    else:
        html = render.render_report_html(view)
    return render.html_to_pdf(html, variant) if fmt == "pdf" else html


# Write and record ---------------------------------------------------------------------------


def write_document(
    path: Path,
    content: str | bytes,
    *,
    folder: Path | None = None,
    view: Document | None = None,
    force: bool = False,
) -> Path:
    """Write one generated file; see `write_documents`."""
    return write_documents({path: content}, folder=folder, view=view, force=force)[0]


def write_documents(
    written: dict[Path, str | bytes],
    *,
    folder: Path | None = None,
    view: Document | None = None,
    force: bool = False,
) -> list[Path]:
    """Write generated files, all or none refused: every path is checked before any is written.

    `folder` is the evaluation (by default the one the first file lies in: the flows write
    under it); `view` what the files were rendered from, to catch a withdrawal since; `force`
    replaces an existing file bikva did not write (never the evaluation's own data)."""
    paths = list(written)
    home = folder if folder is not None else nearest_evaluation(paths[0]) if paths else None
    if home is None:  # nowhere to ask what bikva wrote: an existing file needs force
        for path in paths:
            check_target(None, None, None, path, force=force)
        for path, content in written.items():
            write_atomic(destination(path), content)
        return paths
    with open_evaluation(home) as (session, ev):
        for path in paths:
            check_target(session, ev.id, home, path, force=force)
        ensure_no_withdrawal_since(session, ev, view)
        # Written with the write lock held: a withdrawal either came before the check above or
        # waits until the files are on disk (and then meets them at the record step).
        for path, content in written.items():
            write_atomic(destination(path), content)
    return paths


def check_targets(folder: Path, paths: list[Path], *, force: bool = False) -> None:
    """The write step's check on where files go, before any work (rendering takes seconds)."""
    for path in paths:
        refuse_own_file(path, folder)
    with open_evaluation(folder) as (session, ev):
        for path in paths:
            check_target(session, ev.id, folder, path, force=force)


def ensure_no_withdrawal_since(session: Session, ev: OpenEvaluation, view: Document | None) -> None:
    """Refuse if a participant withdrew since `view` was built and the view holds their statements."""
    if view is None:
        return
    since = withdrawn_quote_ids(session, ev.id) - (view.withdrawn_quotes or frozenset())
    if since & quote_ids(view):
        raise BikvaError(WITHDREW_MEANWHILE)


def quote_ids(view: Document) -> set[int]:
    """Every quote a document shows, reactions and advice included."""
    if isinstance(view, ParticipantsView):
        return set(view.advice_ids)
    if isinstance(view, GuideView):
        return {i for root in quotes_in(view.themes) for node, _ in walk(root) for i in node.shown_ids} | {
            advice.id for advice in view.advice_received
        }
    found = {advice.id for level in view.levels for advice in level.advice}
    found |= {i for level in view.levels for root in quotes_in(level.themes) for node, _ in walk(root)
              for i in node.shown_ids}
    for guide in view.guides:
        found |= quote_ids(guide)
    return found


def record_documents(
    folder: Path,
    kind: str,
    level_key: str,
    written: dict[Path, str | bytes],
    ids: set[int],
    *,
    view: Document | None = None,
) -> None:
    """Log generated files in a short transaction of their own, after they are on disk.

    Paths inside the evaluation folder are logged relative to it (bikva.store.audit). If a
    participant whose statements they hold withdrew after they were written (so the withdrawal
    could not name them), the files are removed again and the step is refused."""
    with open_evaluation(folder) as (session, ev):
        try:
            ensure_no_withdrawal_since(session, ev, view)
        except BikvaError:
            for path, content in written.items():
                _remove_if_ours(destination(path), content)
            raise
        for path, content in written.items():
            audit.record_artifact(session, ev.id, folder=folder, kind=kind, level_key=level_key, path=destination(path),
                                  content=content, quote_ids=ids)


def _remove_if_ours(path: Path, content: str | bytes) -> None:
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if path.read_bytes() == data:
            path.unlink()
    except OSError:
        pass


def again_if_withdrawn(make: Callable[[], T]) -> T:
    """Run `make`; if a participant withdrew while it ran, run it once more from the start (the
    database as it is now). A second withdrawal within those seconds is refused."""
    try:
        return make()
    except BikvaError as error:
        if error.key != WITHDREW_MEANWHILE:
            raise
    return make()


def make_file(
    view: Document,
    fmt: str,
    path: Path,
    *,
    folder: Path | None = None,
    variant: str = render.DEFAULT_PDF_VARIANT,
    force: bool = False,
) -> tuple[Path, str | bytes]:
    """Render one file from a built view and write it: the render and write steps together, as
    the commands run them and as the flows cache them (one task per file, its result only the
    path and the hash)."""
    content = render_guide(view, fmt) if isinstance(view, GuideView) else render_report(view, fmt, variant)
    return write_document(path, content, folder=folder, view=view, force=force), content


# The whole pipeline, for the plain commands ------------------------------------------------


def make_guide(
    folder: Path, level_name: str, *, fmt: str | None = None, out: Path | None = None, force: bool = False
) -> Path:
    fmt = choose_format(fmt, out, GUIDE_FORMATS)
    if out is not None:
        check_targets(folder, [out], force=force)

    def make() -> Path:
        view = prepare_guide(folder, level_name)
        path, content = make_file(view, fmt, out or guide_path(folder, view, fmt), folder=folder, force=force)
        record_documents(folder, "guide", view.level.key, {path: content}, quote_ids(view), view=view)
        return path

    return again_if_withdrawn(make)


def make_report(
    folder: Path,
    *,
    fmt: str | None = None,
    out: Path | None = None,
    edition: str = COMMISSIONER,
    variant: str = render.DEFAULT_PDF_VARIANT,
    force: bool = False,
    final: bool = False,
) -> Path:
    fmt = choose_format(fmt, out, REPORT_FORMATS)
    render.check_pdf_variant(variant)  # before any work, so a typo costs nothing
    target = out or report_path(folder, fmt, edition)
    check_targets(folder, [target], force=force)

    def make() -> Path:
        view = prepare_report(folder, edition, final)
        path, content = make_file(view, fmt, target, folder=folder, variant=variant, force=force)
        record_documents(folder, "report", "", {path: content}, quote_ids(view), view=view)
        return path

    return again_if_withdrawn(make)
