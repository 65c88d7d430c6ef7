"""The consent registry: who took part under which label, their consent, and withdrawal.

Participants are created from speaker labels when a transcript is imported, or registered
beforehand. A real name, if the evaluator keeps one at all, goes to ParticipantIdentity and
nowhere else. Withdrawing consent keeps the statements in the database (the audit needs to
know what was removed) but leaves them out of everything generated afterwards, and names the
files already generated that held them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from sqlmodel import Session, select

from bikva.store import audit
from bikva.errors import BikvaError
from bikva.store.evaluation import OpenEvaluation
from bikva.intake.groups import group_named
from bikva.i18n import t
from bikva.store.queries import groups_of, participants_of
from models.artifact import Artifact
from models.interview_group import InterviewGroup
from models.level import Level
from models.participant import ConsentStatus, Participant
from models.participant_identity import ParticipantIdentity
from models.quote import Quote
from models.turn import Turn


@dataclass
class Withdrawal:
    participant: Participant
    quote_ids: list[int]
    artifacts: list[Artifact]  # generated before the withdrawal and holding their statements
    places: list[Path]  # where each of them is now: in this folder, even if it was copied since


def register_participant(
    session: Session,
    ev: OpenEvaluation,
    *,
    level: str,
    label: str,
    group: str | None = None,
    role: str | None = None,
    unit: str | None = None,
    real_name: str | None = None,
    consent_date: date | None = None,
    consent_version: str | None = None,
) -> Participant:
    if not label.strip():
        raise BikvaError("participant.label_missing")
    target = ev.level(level)
    interview_group = group_named(session, target, group) if group else _only_group(session, ev, target)
    participant = session.exec(
        select(Participant).where(Participant.group_id == interview_group.id, Participant.label == label.strip())
    ).first()
    if participant is None:
        participant = Participant(group_id=interview_group.id, label=label.strip())
        session.add(participant)
        session.flush()
    if participant.consent_status == ConsentStatus.WITHDRAWN:
        raise BikvaError("participant.withdrawn", label=label)
    for field, value in (("role", role), ("unit", unit), ("consent_version", consent_version)):
        if value is not None:
            setattr(participant, field, value.strip())
    if consent_date is not None:
        participant.consent_date, participant.consent_status = consent_date, ConsentStatus.GIVEN
    if real_name:
        identity = session.exec(
            select(ParticipantIdentity).where(ParticipantIdentity.participant_id == participant.id)
        ).first() or ParticipantIdentity(participant_id=participant.id, real_name="")
        identity.real_name = real_name.strip()
        session.add(identity)
    session.flush()
    # The log says that a name is kept, never the name itself.
    audit.record(session, ev.id, "participant", f"{target.key}/{interview_group.name}/{participant.label}",
                 consent=participant.consent_status, real_name_kept=bool(real_name))
    return participant


def _only_group(session: Session, ev: OpenEvaluation, level: Level) -> InterviewGroup:
    """Without --group: the level's one group (or the default group, before any import)."""
    groups = groups_of(session, level)
    if len(groups) == 1:
        return groups[0]
    if not groups:
        return group_named(session, level, t(ev.lang, "group.default_name"))
    raise BikvaError("participant.group_needed", groups=", ".join(g.name for g in groups))


def find_participant(session: Session, ev: OpenEvaluation, *, level: str, label: str, group: str | None) -> Participant:
    target = ev.level(level)
    candidates = [
        p
        for g in groups_of(session, target)
        if group is None or g.name == group
        for p in participants_of(session, g)
        if p.label == label.strip()
    ]
    if not candidates:
        raise BikvaError("participant.unknown", label=label, level=target.key)
    if len(candidates) > 1:
        raise BikvaError("participant.group_needed", groups=", ".join(
            session.get(InterviewGroup, p.group_id).name for p in candidates))
    return candidates[0]


def withdraw(session: Session, ev: OpenEvaluation, *, level: str, label: str, group: str | None = None) -> Withdrawal:
    participant = find_participant(session, ev, level=level, label=label, group=group)
    if participant.consent_status == ConsentStatus.WITHDRAWN:
        raise BikvaError("participant.already_withdrawn", label=label)
    quote_ids = list(
        session.exec(
            select(Quote.id).join(Turn, Quote.turn_id == Turn.id).where(Turn.participant_id == participant.id)
        )
    )
    participant.consent_status = ConsentStatus.WITHDRAWN
    participant.withdrawn_at = datetime.now(timezone.utc)
    session.flush()
    artifacts = audit.artifacts_with_quotes(session, ev.id, set(quote_ids))
    audit.record(
        session, ev.id, "withdraw", f"{level}/{participant.label}",
        quotes=quote_ids, artifacts_already_generated=[a.path for a in artifacts],
    )
    places = [audit.artifact_location(ev.folder, a.path) for a in artifacts]
    return Withdrawal(participant=participant, quote_ids=quote_ids, artifacts=artifacts, places=places)


def participant_rows(session: Session, ev: OpenEvaluation, *, level: str | None = None, show_names: bool = False) -> list[dict]:
    levels = [ev.level(level)] if level else ev.levels
    rows = []
    for lvl in levels:
        for group in groups_of(session, lvl):
            for p in participants_of(session, group):
                identity = session.exec(
                    select(ParticipantIdentity).where(ParticipantIdentity.participant_id == p.id)
                ).first()
                row = {
                    "id": p.id, "level": lvl.key, "round": lvl.position, "group": group.name, "label": p.label,
                    "role": p.role, "unit": p.unit, "consent": p.consent_status,
                    "consent_date": p.consent_date.isoformat() if p.consent_date else None,
                    "consent_version": p.consent_version, "real_name_kept": identity is not None,
                }
                if show_names:
                    row["real_name"] = identity.real_name if identity else None
                rows.append(row)
    return rows
