"""Interview groups: when and where they met, excluding one with a recorded reason, and finding
a transcript among the evaluation's groups."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from bikva.errors import BikvaError
from bikva.store.evaluation import OpenEvaluation
from models.interview_group import InterviewGroup
from models.level import Level
from models.participant import Participant
from models.quote import Quote
from models.transcript import Transcript


def find_group(session: Session, level: Level, name: str) -> InterviewGroup | None:
    """The level's group of that name, if there is one (creates nothing: for a dry run)."""
    return session.exec(
        select(InterviewGroup).where(InterviewGroup.level_id == level.id, InterviewGroup.name == name)
    ).first()


def group_named(session: Session, level: Level, name: str) -> InterviewGroup:
    """The level's group of that name, created if it is new."""
    group = find_group(session, level, name)
    if group is None:
        group = InterviewGroup(level_id=level.id, name=name)
        session.add(group)
        session.flush()
    return group


def update_group(
    session: Session,
    ev: OpenEvaluation,
    *,
    level: str,
    name: str,
    held_on: date | None = None,
    place: str | None = None,
    exclude_reason: str | None = None,
    include: bool = False,
) -> InterviewGroup:
    """Create the group if needed and set what was given. Excluding needs a reason, because
    the report's method section must say why a group's material was left out."""
    target = ev.level(level)
    if exclude_reason is not None and include:
        raise BikvaError("group.exclude_and_include")
    if exclude_reason is not None and not exclude_reason.strip():
        raise BikvaError("group.reason_missing", group=name)
    group = group_named(session, target, name)
    if held_on is not None:
        group.held_on = held_on
    if place is not None:
        group.place = place
    if exclude_reason is not None:
        group.excluded, group.exclusion_reason = True, exclude_reason.strip()
    if include:
        group.excluded, group.exclusion_reason = False, ""
    session.flush()
    return group


def find_transcript(session: Session, ev: OpenEvaluation, transcript_id: int) -> tuple[Transcript, InterviewGroup, Level]:
    """The evaluation's transcript of that number, with its group and level, or refused."""
    transcript = session.get(Transcript, transcript_id) if 0 < transcript_id < 2**63 else None
    group = session.get(InterviewGroup, transcript.group_id) if transcript is not None else None
    level = next((l for l in ev.levels if group is not None and l.id == group.level_id), None)
    if transcript is None or level is None:
        raise BikvaError("transcripts.unknown", id=transcript_id)
    return transcript, group, level


def drop_if_bare(session: Session, group: InterviewGroup) -> None:
    """Remove a group a move or removal left with nothing: no transcript, no participant, and
    nothing the evaluator set (date, place, exclusion)."""
    if group.held_on is not None or group.place or group.excluded:
        return
    # A group statement or written advice names its group too.
    for table, column in ((Transcript, Transcript.group_id), (Participant, Participant.group_id), (Quote, Quote.group_id)):
        if session.exec(select(table).where(column == group.id)).first() is not None:
            return
    session.delete(group)
    session.flush()
