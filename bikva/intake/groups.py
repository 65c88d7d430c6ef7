"""Interview groups: when and where they met, and excluding one with a recorded reason."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from bikva.errors import BikvaError
from bikva.store.evaluation import OpenEvaluation
from models.interview_group import InterviewGroup
from models.level import Level


def group_named(session: Session, level: Level, name: str) -> InterviewGroup:
    """The level's group of that name, created if it is new."""
    group = session.exec(
        select(InterviewGroup).where(InterviewGroup.level_id == level.id, InterviewGroup.name == name)
    ).first()
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
