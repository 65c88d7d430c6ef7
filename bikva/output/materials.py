"""Everything an interviewer prints for one level's interview, written to one folder.

`write_materials` makes, for the level's round:

- the interview guide as PDF and as an editable Word document with the same text
  (bikva.output.docx builds it from the guide's HTML);
- quote cards (bikva.documents.cards: two per A4 sheet with a cut line; why is said there), unless the
  level is shown no quotes, as the first round never is;
- writing sheets, one pair per participant: the level's opening writing exercise and the
  good-advice sheet addressed to the next level (or the conclusions sheet at the top);
- consent forms, one per participant.

Copies of the sheets and forms: `copies` if given, else the number of participants in the
level's imported transcripts, else DEFAULT_COPIES (materials are usually printed before the
interview, when no transcript exists yet).

Every text comes from the GuideView, whose strings have passed through the evaluation's
redactions, or from the catalogues; nothing else is read from the database or bikva.toml. The
forms name no participant: only the study, its organisation, interviewers and contact.
All files are made first and written afterwards, each atomically, after every one of them has
passed the write step's check on where it goes (bikva.output.pipeline.write_documents).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup
from sqlmodel import Session

from bikva.output import render
from bikva.output.pipeline import (
    OUTPUT_FOLDER,
    again_if_withdrawn,
    checked_guide_view,
    quote_ids,
    record_documents,
    write_documents,
)
from bikva.protection.targets import check_target
from bikva.documents.cards import build_cards, sheets_of
from bikva.store.evaluation import OpenEvaluation, open_evaluation
from bikva.output.docx import guide_docx
from bikva.store.queries import groups_of, participants_of
from bikva.documents.views import GuideView
from models.level import Level

DEFAULT_COPIES = 8


@dataclass
class MaterialsResult:
    folder: Path
    paths: list[Path]
    cards: bool  # False when the level is shown no quotes and no advice: no cards file


def default_folder(ev: OpenEvaluation, level: Level) -> Path:
    return ev.folder / OUTPUT_FOLDER / f"materials-R{level.position}-{level.key}"


def participant_count(session: Session, level: Level) -> int:
    """Informants in the level's groups that are not excluded (0 before any transcript)."""
    return sum(len(participants_of(session, group)) for group in groups_of(session, level) if not group.excluded)


def _css() -> Markup:
    return render.stylesheet("materials/materials.css")


def _html(template: str, guide: GuideView, **values: object) -> str:
    return render.render_template(f"materials/{template}", guide.lang, guide=guide, css=_css(), **values)


def cards_html(guide: GuideView) -> str | None:
    cards = build_cards(guide)
    return _html("cards.html.j2", guide, sheets=sheets_of(cards)) if cards else None


def sheets_html(guide: GuideView, copies: int) -> str:
    return _html("sheets.html.j2", guide, copies=copies)


def consent_html(guide: GuideView, copies: int) -> str:
    return _html("consent.html.j2", guide, copies=copies)


def file_names(round_: int, level_key: str) -> list[str]:
    """Every file the materials for a level may hold (cards only when there are quotes)."""
    stem = f"R{round_}-{level_key}"
    return [f"{kind}-{stem}.{suffix}" for kind, suffix in
            (("guide", "pdf"), ("guide", "docx"), ("cards", "pdf"), ("sheets", "pdf"), ("consent", "pdf"))]


def build_materials(guide: GuideView, copies: int) -> dict[str, str | bytes]:
    """File name -> content, for one level. No files are written here."""
    stem = f"R{guide.level.round}-{guide.level.key}"
    html = render.render_guide_html(guide)
    out: dict[str, str | bytes] = {
        f"guide-{stem}.pdf": render.html_to_pdf(html),
        f"guide-{stem}.docx": guide_docx(html, guide.lang),
    }
    cards = cards_html(guide)
    if cards is not None:
        out[f"cards-{stem}.pdf"] = render.html_to_pdf(cards)
    out[f"sheets-{stem}.pdf"] = render.html_to_pdf(sheets_html(guide, copies))
    out[f"consent-{stem}.pdf"] = render.html_to_pdf(consent_html(guide, copies))
    return out


def write_materials(
    evaluation_folder: Path,
    level_name: str,
    *,
    out: Path | None = None,
    copies: int | None = None,
    force: bool = False,
) -> MaterialsResult:
    """Make and write a level's materials; made once more if a participant withdrew meanwhile."""
    return again_if_withdrawn(lambda: _write_materials(evaluation_folder, level_name, out, copies, force))


def _write_materials(
    evaluation_folder: Path, level_name: str, out: Path | None, copies: int | None, force: bool
) -> MaterialsResult:
    with open_evaluation(evaluation_folder) as (session, ev):
        level = ev.level(level_name)
        folder = out or default_folder(ev, level)
        # Where the files would go is checked before the seconds of rendering, and again when
        # they are written.
        for name in file_names(level.position, level.key):
            check_target(session, ev.id, evaluation_folder, folder / name, force=force)
        guide = checked_guide_view(session, ev, level_name)
        copies = copies or participant_count(session, level) or DEFAULT_COPIES
    # Rendering takes seconds: done outside the transaction, so other commands need not wait.
    contents = build_materials(guide, copies)
    written = {folder / name: data for name, data in contents.items()}
    write_documents(written, folder=evaluation_folder, view=guide, force=force)
    record_documents(evaluation_folder, "materials", guide.level.key, written, quote_ids(guide), view=guide)
    return MaterialsResult(folder, list(written), any(name.startswith("cards-") for name in contents))
