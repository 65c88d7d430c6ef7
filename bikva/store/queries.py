"""Reading the evaluation's rows: the queries several commands share."""

from __future__ import annotations

from sqlmodel import Session, select

from models.evaluation import CONSENT_WITHDRAWN, InterviewGroup, Level, Participant
from models.quote import Quote, QuoteCarry, Theme
from models.redaction import Redaction
from models.transcript import Transcript, Turn


def groups_of(session: Session, level: Level) -> list[InterviewGroup]:
    return list(session.exec(select(InterviewGroup).where(InterviewGroup.level_id == level.id).order_by(InterviewGroup.id)))


def transcripts_of(session: Session, level: Level, *, include_excluded: bool = False) -> list[Transcript]:
    query = (
        select(Transcript)
        .join(InterviewGroup, Transcript.group_id == InterviewGroup.id)
        .where(InterviewGroup.level_id == level.id)
        .order_by(Transcript.id)
    )
    if not include_excluded:
        query = query.where(InterviewGroup.excluded == False)  # noqa: E712 (SQL expression)
    return list(session.exec(query))


def turns_of_level(session: Session, level: Level) -> list[Turn]:
    """Every turn of the level's transcripts, excluded groups left out, in reading order."""
    return list(
        session.exec(
            select(Turn)
            .join(Transcript, Turn.transcript_id == Transcript.id)
            .join(InterviewGroup, Transcript.group_id == InterviewGroup.id)
            .where(InterviewGroup.level_id == level.id, InterviewGroup.excluded == False)  # noqa: E712
            .order_by(Transcript.id, Turn.position)
        )
    )


def participants_of(session: Session, group: InterviewGroup) -> list[Participant]:
    return list(session.exec(select(Participant).where(Participant.group_id == group.id).order_by(Participant.id)))


def quotes_of(session: Session, evaluation_id: int, *, include_withdrawn: bool = False) -> list[Quote]:
    """The evaluation's selected quotes. A participant who withdrew their consent is gone from
    everything generated from now on, so their quotes are left out unless asked for."""
    quotes = session.exec(select(Quote).where(Quote.evaluation_id == evaluation_id).order_by(Quote.id))
    if include_withdrawn:
        return list(quotes)
    withdrawn = withdrawn_quote_ids(session, evaluation_id)
    return [quote for quote in quotes if quote.id not in withdrawn]


def withdrawn_quote_ids(session: Session, evaluation_id: int) -> set[int]:
    return set(
        session.exec(
            select(Quote.id)
            .join(Turn, Quote.turn_id == Turn.id)
            .join(Participant, Turn.participant_id == Participant.id)
            .where(Quote.evaluation_id == evaluation_id, Participant.consent_status == CONSENT_WITHDRAWN)
        )
    )


def carries_of(session: Session, evaluation_id: int) -> dict[int, set[int]]:
    """quote id -> ids of the levels it is carried to."""
    rows = session.exec(
        select(QuoteCarry).join(Quote, QuoteCarry.quote_id == Quote.id).where(Quote.evaluation_id == evaluation_id)
    )
    carried: dict[int, set[int]] = {}
    for row in rows:
        carried.setdefault(row.quote_id, set()).add(row.level_id)
    return carried


def themes_of(session: Session, evaluation_id: int) -> list[Theme]:
    return list(session.exec(select(Theme).where(Theme.evaluation_id == evaluation_id).order_by(Theme.position, Theme.id)))


def redactions_of(session: Session, evaluation_id: int) -> list[Redaction]:
    return list(session.exec(select(Redaction).where(Redaction.evaluation_id == evaluation_id).order_by(Redaction.id)))
