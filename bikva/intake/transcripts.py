"""Importing a transcript into an evaluation: parse, check, store turns and a copy of the file.

Parsing happens before anything is written, and everything is written in the caller's single
transaction, so a bad file or a crash leaves the database as it was. Replacing a transcript
(a corrected version) keeps every quote selected from it by finding each passage again in the
new text; if one can't be found, nothing is replaced.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from bikva.store import audit
from bikva.errors import BikvaError
from bikva.store.evaluation import OpenEvaluation
from bikva.store.files import sha256_of, shown_name, storable_name, write_atomic
from bikva.intake.groups import group_named
from bikva.i18n import t
from bikva.intake.importers.dispatch import parse_transcript
from bikva.intake.importers.model import ParsedTranscript
from bikva.intake.passages import find_passage
from models.interview_group import InterviewGroup
from models.participant import Participant
from models.quote import Quote
from models.transcript import Transcript
from models.turn import Turn

TRANSCRIPT_FOLDER = "transcripts"


@dataclass
class ImportResult:
    transcript: Transcript
    group: InterviewGroup
    turns: int
    informants: int
    replaced: bool


def import_transcript(
    session: Session,
    ev: OpenEvaluation,
    *,
    level: str,
    path: Path,
    group: str | None = None,
    interviewer_labels: Sequence[str] | None = None,
    replace: bool = False,
) -> ImportResult:
    target_level = ev.level(level)
    if not path.is_file():
        raise BikvaError("import.not_a_file" if path.exists() else "transcript.missing_file", file=shown_name(path))
    parsed = parse_transcript(path, interviewer_labels or None)
    data = path.read_bytes()  # read once: the checksum and the kept copy are of the same bytes
    checksum = sha256_of(data)
    filename = storable_name(path.name)
    interview_group = group_named(session, target_level, group or t(ev.lang, "group.default_name"))
    previous = _previous_version(session, ev, interview_group, filename, checksum)
    if previous is not None and not replace:
        raise BikvaError("transcript.already_imported", file=shown_name(path), id=previous.id)

    transcript = Transcript(
        group_id=interview_group.id,
        original_filename=filename,
        format=parsed.format,
        checksum=checksum,
    )
    session.add(transcript)
    session.flush()
    turns = _store_turns(session, transcript, interview_group, parsed)
    if previous is not None:
        _move_quotes(session, previous, turns)
        _delete_transcript(session, previous)
    transcript.stored_path = _keep_copy(ev.folder, filename, data, checksum)
    audit.record(
        session, ev.id, "import", filename, level=target_level.key, group=interview_group.name,
        sha256=checksum, turns=len(turns), replaced=previous.id if previous is not None else None,
    )
    return ImportResult(
        transcript=transcript,
        group=interview_group,
        turns=len(turns),
        informants=len({turn.speaker for turn in turns if not turn.is_interviewer}),
        replaced=previous is not None,
    )


def _previous_version(
    session: Session, ev: OpenEvaluation, group: InterviewGroup, filename: str, checksum: str
) -> Transcript | None:
    """The transcript this file would duplicate or replace: same bytes anywhere in the
    evaluation, or the same file name in the same group (a corrected version)."""
    level_ids = [l.id for l in ev.levels]
    same_bytes = session.exec(
        select(Transcript)
        .join(InterviewGroup, Transcript.group_id == InterviewGroup.id)
        .where(Transcript.checksum == checksum, InterviewGroup.level_id.in_(level_ids))
    ).first()
    if same_bytes is not None:
        return same_bytes
    return session.exec(
        select(Transcript).where(Transcript.group_id == group.id, Transcript.original_filename == filename)
    ).first()


def _store_turns(
    session: Session, transcript: Transcript, group: InterviewGroup, parsed: ParsedTranscript
) -> list[Turn]:
    participants = {
        p.label: p for p in session.exec(select(Participant).where(Participant.group_id == group.id))
    }
    turns = []
    for position, parsed_turn in enumerate(parsed.turns, start=1):
        participant = None
        if not parsed_turn.is_interviewer:
            participant = participants.get(parsed_turn.speaker)
            if participant is None:
                participant = Participant(group_id=group.id, label=parsed_turn.speaker)
                session.add(participant)
                session.flush()
                participants[participant.label] = participant
        turn = Turn(
            transcript_id=transcript.id,
            position=position,
            speaker=parsed_turn.speaker,
            participant_id=participant.id if participant else None,
            text=parsed_turn.text,
            is_interviewer=parsed_turn.is_interviewer,
            start_ms=parsed_turn.start_ms,
            end_ms=parsed_turn.end_ms,
        )
        session.add(turn)
        turns.append(turn)
    session.flush()
    return turns


def _move_quotes(session: Session, previous: Transcript, new_turns: list[Turn]) -> None:
    informant_turns = [turn for turn in new_turns if not turn.is_interviewer]
    lost = []
    for quote in session.exec(select(Quote).where(Quote.transcript_id == previous.id)):
        matches = find_passage(quote.text, informant_turns)
        if len(matches) != 1:
            lost.append(str(quote.id))
            continue
        match = matches[0]
        quote.transcript_id, quote.turn_id = match.turn.transcript_id, match.turn.id
        quote.start, quote.end = match.start, match.end
        quote.text = match.turn.text[match.start : match.end]
    if lost:
        raise BikvaError("transcript.replace_loses_quotes", file=shown_name(previous.original_filename),
                         quotes=", ".join(lost))
    session.flush()


def _delete_transcript(session: Session, transcript: Transcript) -> None:
    # The old file's copy stays in transcripts/: it is what the evaluator handed in.
    for turn in session.exec(select(Turn).where(Turn.transcript_id == transcript.id)):
        session.delete(turn)
    session.flush()
    session.delete(transcript)
    session.flush()


def _keep_copy(folder: Path, name: str, data: bytes, checksum: str) -> str:
    """A copy of the file as handed in, named by its checksum (so it is written once, and a
    copy left by an import that was killed before it committed is simply reused)."""
    relative = Path(TRANSCRIPT_FOLDER) / f"{checksum[:12]}-{_short_name(name)}"
    destination = folder / relative
    if not destination.is_file():
        write_atomic(destination, data)
    return str(relative)


def _short_name(name: str, limit: int = 120) -> str:
    """The file name, shortened (keeping its extension) to leave room within the 255-byte limit
    for the checksum prefix and the temporary name used while writing."""
    if len(name.encode("utf-8", "surrogateescape")) <= limit:
        return name
    suffix = Path(name).suffix[:16]
    stem = name[: len(name) - len(suffix)] if suffix else name
    while len((stem + suffix).encode("utf-8", "surrogateescape")) > limit:
        stem = stem[:-1]
    return stem + suffix
