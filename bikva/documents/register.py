"""The quote register: where each selected quote comes from, for the evaluator's own audit.

Only the evaluator's edition of the report has it. It names the transcript by the file name it
was imported from and the turn by its number in that transcript, never by speaker label or
participant; group names and file names pass through the redactions like everything else.
Everything is read in a few queries, whatever the number of quotes.
"""

from __future__ import annotations

from sqlmodel import Session, select

from bikva.store.evaluation import OpenEvaluation
from bikva.documents.presentation import level_info
from bikva.selection.redaction import Redactor
from bikva.i18n import t
from bikva.store.queries import supporting_quotes
from bikva.documents.views import RegisterEntry
from models.interview_group import InterviewGroup
from models.quote import Quote, QuoteKind
from models.theme import Theme
from models.transcript import Transcript
from models.turn import Turn

EXCERPT = 90  # characters of the quote shown in the register


def build_register(
    session: Session, ev: OpenEvaluation, quotes: list[Quote], themes: dict[int, Theme], redact: Redactor
) -> list[RegisterEntry]:
    transcripts = _by_id(session, Transcript, {q.transcript_id for q in quotes})
    groups = _by_id(session, InterviewGroup, {t.group_id for t in transcripts.values()} | {q.group_id for q in quotes})
    # A group statement's support as it travels: a withdrawn participant's quote is not listed.
    support = supporting_quotes(session, ev.id, {q.id for q in quotes if q.kind == QuoteKind.GROUP_STATEMENT})
    turn_ids = {q.turn_id for q in quotes if q.turn_id is not None}
    positions = {
        turn_id: position
        for turn_id, position in (session.exec(select(Turn.id, Turn.position).where(Turn.id.in_(turn_ids))) if turn_ids else ())
    }
    levels = {level.id: level for level in ev.levels}
    entries = []
    for quote in quotes:
        transcript = transcripts.get(quote.transcript_id)
        group = groups.get(transcript.group_id) if transcript else groups.get(quote.group_id)
        theme = themes.get(quote.theme_id)
        entries.append(RegisterEntry(
            id=quote.id,
            level=level_info(ev, levels[quote.level_id]),
            kind=quote.kind,
            group=redact(group.name) if group else "",
            theme=redact(theme.name) if theme else "",
            transcript=redact(transcript.original_filename) if transcript else _no_transcript(ev, quote),
            turn=positions.get(quote.turn_id),
            responds_to=quote.responds_to_id,
            excerpt=_excerpt(redact(quote.text)),
            rationale=redact(quote.rationale),
            written=quote.written,
            supported_by=[q.id for q in support.get(quote.id, [])],
        ))
    return entries


def _no_transcript(ev: OpenEvaluation, quote: Quote) -> str:
    """What stands for the transcript of what none holds: "" (purged) for a quote from a turn."""
    if quote.kind == QuoteKind.GROUP_STATEMENT:
        return t(ev.lang, "report.register.read_back")
    return t(ev.lang, "report.register.written") if quote.written else ""


def _by_id(session: Session, model, ids: set[int | None]) -> dict:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return {row.id: row for row in session.exec(select(model).where(model.id.in_(ids)))}


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) <= EXCERPT:
        return flat
    return flat[:EXCERPT].rsplit(" ", 1)[0].rstrip(" ,.;:–-") + " …"
