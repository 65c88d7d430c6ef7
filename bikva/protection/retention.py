"""Purging an evaluation at the end of a study: delete what identifies, keep what was agreed.

Deleted: the copies of the original transcript files, the transcript text (turns), the real
names in the consent registry, the list of local names, the statements of anyone who withdrew,
and the copies of the database made before schema upgrades (`bikva.db.before-0003`: they hold
all of the above as it was). Kept: the anonymised quotes (the evaluation's redactions are
written into their text before the redaction list, which itself names people and places, is
deleted), the levels and groups, the generated report, and the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, select

from bikva.store import audit
from bikva.store.engine import backups_of, database_url, sqlite_database_file, uses_sqlite_file
from bikva.store.evaluation import OpenEvaluation
from bikva.store.queries import quotes_of, redactions_of, withdrawn_quote_ids
from bikva.selection.redaction import redactor_for
from models.interview_group import InterviewGroup
from models.local_name import LocalName
from models.participant import Participant
from models.participant_identity import ParticipantIdentity
from models.quote import Quote
from models.quote_carry import QuoteCarry
from models.transcript import Transcript
from models.turn import Turn


@dataclass
class PurgePlan:
    files: list[Path] = field(default_factory=list)
    transcripts: int = 0
    turns: int = 0
    identities: int = 0
    local_names: int = 0
    redactions: int = 0
    withdrawn_quotes: int = 0
    quotes_kept: int = 0

    @property
    def empty(self) -> bool:
        return not (self.files or self.turns or self.identities or self.local_names or self.redactions
                    or self.withdrawn_quotes)


def _transcripts(session: Session, ev: OpenEvaluation) -> list[Transcript]:
    level_ids = [level.id for level in ev.levels]
    return list(
        session.exec(
            select(Transcript)
            .join(InterviewGroup, Transcript.group_id == InterviewGroup.id)
            .where(InterviewGroup.level_id.in_(level_ids))
        )
    )


def _identities(session: Session, ev: OpenEvaluation) -> list[ParticipantIdentity]:
    level_ids = [level.id for level in ev.levels]
    return list(
        session.exec(
            select(ParticipantIdentity)
            .join(Participant, ParticipantIdentity.participant_id == Participant.id)
            .join(InterviewGroup, Participant.group_id == InterviewGroup.id)
            .where(InterviewGroup.level_id.in_(level_ids))
        )
    )


def _database_backups(ev: OpenEvaluation) -> list[Path]:
    """The copies bikva.store.engine.migrate made of the SQLite database before upgrades."""
    database = sqlite_database_file(database_url(ev.folder)) if uses_sqlite_file(ev.folder) else None
    return backups_of(database) if database is not None else []


def plan_purge(session: Session, ev: OpenEvaluation) -> PurgePlan:
    transcripts = _transcripts(session, ev)
    folder_files = sorted((ev.folder / "transcripts").glob("*")) if (ev.folder / "transcripts").is_dir() else []
    return PurgePlan(
        files=[path for path in folder_files if path.is_file()] + _database_backups(ev),
        transcripts=len(transcripts),
        turns=sum(
            len(session.exec(select(Turn.id).where(Turn.transcript_id == t.id)).all()) for t in transcripts
        ),
        identities=len(_identities(session, ev)),
        local_names=len(session.exec(select(LocalName).where(LocalName.evaluation_id == ev.id)).all()),
        redactions=len(redactions_of(session, ev.id)),
        withdrawn_quotes=len(withdrawn_quote_ids(session, ev.id)),
        quotes_kept=len(quotes_of(session, ev.id, include_excluded=True)),
    )


def purge(session: Session, ev: OpenEvaluation, plan: PurgePlan) -> list[Path]:
    """Carry out the plan in the database; returns the files to delete once it is committed."""
    withdrawn = withdrawn_quote_ids(session, ev.id)
    for quote in session.exec(select(Quote).where(Quote.responds_to_id.in_(withdrawn))):
        quote.responds_to_id = None
    for quote_id in withdrawn:
        for carry in session.exec(select(QuoteCarry).where(QuoteCarry.quote_id == quote_id)):
            session.delete(carry)
        session.delete(session.get(Quote, quote_id))
    session.flush()

    redact = redactor_for(session, ev.id)
    for quote in quotes_of(session, ev.id, include_withdrawn=True, include_excluded=True):
        quote.text = redact(quote.text)
        quote.rationale = redact(quote.rationale)
        quote.turn_id = None  # the turn is deleted below; offsets stay as a record
    session.flush()
    for transcript in _transcripts(session, ev):
        for turn in session.exec(select(Turn).where(Turn.transcript_id == transcript.id)):
            session.delete(turn)
        transcript.stored_path = ""
    for identity in _identities(session, ev):
        session.delete(identity)
    for row in session.exec(select(LocalName).where(LocalName.evaluation_id == ev.id)):
        session.delete(row)
    for row in redactions_of(session, ev.id):
        session.delete(row)
    audit.record(
        session, ev.id, "purge", ev.evaluation.title,
        files=len(plan.files), turns=plan.turns, identities=plan.identities, local_names=plan.local_names,
        redactions=plan.redactions, withdrawn_quotes=plan.withdrawn_quotes, quotes_kept=plan.quotes_kept,
    )
    return plan.files


def delete_files(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)
