"""Reading the evaluation's rows: the queries several commands share."""

from __future__ import annotations

from sqlalchemy import func, or_
from sqlmodel import Session, select

from models.interview_group import InterviewGroup
from models.level import Level
from models.participant import ConsentStatus, Participant
from models.quote import Quote
from models.quote_carry import QuoteCarry
from models.redaction import Redaction
from models.statement_support import StatementSupport
from models.theme import Theme
from models.transcript import Transcript
from models.turn import Turn


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


def turn_of_level(session: Session, level: Level, turn_id: int) -> Turn | None:
    """One turn, if it is in the level's transcripts and its group is not excluded (the rule of
    `turns_of_level`, for one turn without reading the others)."""
    return session.exec(
        select(Turn)
        .join(Transcript, Turn.transcript_id == Transcript.id)
        .join(InterviewGroup, Transcript.group_id == InterviewGroup.id)
        .where(Turn.id == turn_id, InterviewGroup.level_id == level.id, InterviewGroup.excluded == False)  # noqa: E712
    ).first()


def participants_of(session: Session, group: InterviewGroup) -> list[Participant]:
    return list(session.exec(select(Participant).where(Participant.group_id == group.id).order_by(Participant.id)))


def participants_in(session: Session, level: Level) -> list[Participant]:
    """The participants of a level's groups that are not excluded, in one query."""
    return list(session.exec(
        select(Participant)
        .join(InterviewGroup, Participant.group_id == InterviewGroup.id)
        .where(InterviewGroup.level_id == level.id, InterviewGroup.excluded == False)  # noqa: E712
        .order_by(Participant.id)
    ))


def _selected(evaluation_id: int, *, include_withdrawn: bool, include_excluded: bool):
    """The evaluation's selected quotes as a query, with the two rules for what may travel:
    nothing from a participant who withdrew their consent, nothing from an excluded group.
    A quote whose turn or transcript is purged still counts (it is anonymised by then)."""
    query = select(Quote).where(Quote.evaluation_id == evaluation_id)
    if not include_withdrawn:
        query = (
            query.outerjoin(Turn, Quote.turn_id == Turn.id)
            .outerjoin(Participant, Turn.participant_id == Participant.id)
            .where(or_(Participant.id.is_(None), Participant.consent_status != ConsentStatus.WITHDRAWN))
        )
    if not include_excluded:
        # A group statement or written advice has no transcript: its own group_id says where.
        query = (
            query.outerjoin(Transcript, Quote.transcript_id == Transcript.id)
            .outerjoin(InterviewGroup, func.coalesce(Quote.group_id, Transcript.group_id) == InterviewGroup.id)
            .where(or_(InterviewGroup.id.is_(None), InterviewGroup.excluded == False))  # noqa: E712
        )
    return query.order_by(Quote.id)


def quotes_of(
    session: Session, evaluation_id: int, *, include_withdrawn: bool = False, include_excluded: bool = False
) -> list[Quote]:
    """The evaluation's selected quotes that may travel (into guides, materials, the report):
    a withdrawn participant is gone from everything generated from now on, and an excluded
    group's material is left out, unless asked for."""
    return list(session.exec(_selected(evaluation_id, include_withdrawn=include_withdrawn,
                                       include_excluded=include_excluded)))


def shown_to(session: Session, evaluation_id: int, level: Level) -> list[Quote]:
    """What `level` is shown: the quotes carried to it that may travel, and the verbatim quotes
    that back a group statement among them (printed under it), if they may travel. The one
    answer the guide, the guard and the materials all use, so they cannot disagree."""
    query = _selected(evaluation_id, include_withdrawn=False, include_excluded=False)
    carried = list(session.exec(
        query.join(QuoteCarry, QuoteCarry.quote_id == Quote.id).where(QuoteCarry.level_id == level.id)
    ))
    have = {quote.id for quote in carried}
    backing = supporting_quotes(session, evaluation_id, have)
    extra = [quote for quotes in backing.values() for quote in quotes if quote.id not in have]
    if not extra:
        return carried
    return sorted({quote.id: quote for quote in carried + extra}.values(), key=lambda quote: quote.id)


def supporting_quotes(session: Session, evaluation_id: int, statement_ids: set[int]) -> dict[int, list[Quote]]:
    """statement id -> the verbatim quotes backing it that may travel (a withdrawn participant's
    quote drops out here, the statement stays), in id order; statements without any left out."""
    if not statement_ids:
        return {}
    query = _selected(evaluation_id, include_withdrawn=False, include_excluded=False)
    rows = session.execute(  # rows of (quote, statement id): not scalars
        query.add_columns(StatementSupport.statement_id)
        .join(StatementSupport, StatementSupport.quote_id == Quote.id)
        .where(StatementSupport.statement_id.in_(statement_ids))
    )
    backing: dict[int, list[Quote]] = {}
    for quote, statement_id in rows:
        backing.setdefault(statement_id, []).append(quote)
    return backing


def withdrawn_quote_ids(session: Session, evaluation_id: int) -> set[int]:
    return set(
        session.exec(
            select(Quote.id)
            .join(Turn, Quote.turn_id == Turn.id)
            .join(Participant, Turn.participant_id == Participant.id)
            .where(Quote.evaluation_id == evaluation_id, Participant.consent_status == ConsentStatus.WITHDRAWN)
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
