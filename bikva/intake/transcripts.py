"""Importing a transcript into an evaluation: parse, check, store turns and a copy of the file.

Parsing happens before anything is written, and everything is written in the caller's single
transaction, so a bad file or a crash leaves the database as it was. Replacing a transcript
(a corrected version) keeps every quote selected from it by finding each passage again in the
new text; if one can't be found, nothing is replaced. `plan_import` does all of it but the
writing (`bikva import --dry-run`), and names the speakers found and the warnings. Speaker
labels that are real names (Teams, Zoom) are stored as pseudonyms, the names only in the identity
table (`bikva.intake.pseudonyms`).

Transcripts are also things to manage: listed (`transcript_rows`), moved to another group or
level (`move_transcript`) and removed (`remove_transcript`), each refused where a selected quote
would become invalid.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, func, select

from bikva.store import audit
from bikva.errors import BikvaError
from bikva.store.evaluation import OpenEvaluation
from bikva.store.files import sha256_of, shown_name, storable_name, write_atomic
from bikva.intake.groups import drop_if_bare, find_group, find_transcript, group_named
from bikva.i18n import t
from bikva.intake.importers.dispatch import parse_transcript
from bikva.intake.importers.model import UNKNOWN_SPEAKER, ImportWarning, ParsedTranscript, ParsedTurn
from bikva.intake.passages import find_passage
from bikva.intake.pseudonyms import Pseudonyms, keep_real_names, plan_pseudonyms
from bikva.intake.speakers import (
    SpeakerSummary,
    apply_speaker_names,
    drop_if_silent,
    folded,
    give_turns,
    speaker_names,
    structure_warnings,
    summarise,
    turns_of,
)
from models.interview_group import InterviewGroup
from models.level import Level
from models.participant import Participant
from models.quote import Quote
from models.quote_carry import QuoteCarry
from models.statement_support import StatementSupport
from models.transcript import Transcript
from models.turn import Turn

TRANSCRIPT_FOLDER = "transcripts"


@dataclass
class ImportPlan:
    """Everything an import would store, worked out without writing anything (`--dry-run` shows
    this and stops)."""

    level: Level
    group_name: str
    group: InterviewGroup | None  # None: the group is new
    filename: str
    data: bytes
    checksum: str
    format: str
    turns: list[ParsedTurn]
    speakers: list[SpeakerSummary]
    warnings: list[ImportWarning]
    previous: Transcript | None
    pseudonyms: Pseudonyms = field(default_factory=Pseudonyms)

    @property
    def informants(self) -> int:
        return sum(not s.interviewer and not s.unknown for s in self.speakers)


@dataclass
class ImportResult:
    transcript: Transcript
    group: InterviewGroup
    turns: int
    informants: int
    replaced: bool
    speakers: list[SpeakerSummary] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)
    pseudonyms: Pseudonyms = field(default_factory=Pseudonyms)


def plan_import(
    session: Session,
    ev: OpenEvaluation,
    *,
    level: str,
    path: Path,
    group: str | None = None,
    interviewer_labels: Sequence[str] | None = None,
    speakers: Sequence[str] = (),
    replace: bool = False,
    keep_labels: bool = False,
) -> ImportPlan:
    """Parse and check a transcript, and say what importing it would store; writes nothing.
    Labels that look like names become pseudonyms unless `keep_labels`."""
    target_level = ev.level(level)
    names = speaker_names(speakers)
    if not path.is_file():
        raise BikvaError("import.not_a_file" if path.exists() else "transcript.missing_file", file=shown_name(path))
    parsed = _parse(path, list(interviewer_labels or ()) or None, names.for_parser)
    turns = apply_speaker_names(parsed, names, interviewer_labels or None, shown_name(path))
    data = path.read_bytes()  # read once: the checksum and the kept copy are of the same bytes
    checksum = sha256_of(data)
    filename = storable_name(path.name)
    group_name = group or t(ev.lang, "group.default_name")
    interview_group = find_group(session, target_level, group_name)
    previous = _previous_version(session, ev, interview_group, filename, checksum)
    if previous is not None and not replace:
        raise BikvaError("transcript.already_imported", file=shown_name(path), id=previous.id)
    renamed = {turn.speaker: names.renames[folded(turn.speaker)]
               for turn in parsed.turns if folded(turn.speaker) in names.renames}
    pseudonyms = plan_pseudonyms(session, lang=ev.lang, level=target_level, group=interview_group, turns=turns,
                                 renamed=renamed, keep_labels=keep_labels)
    warnings = list(parsed.warnings)
    # The warnings name the labels as the file writes them: those are what --speaker takes.
    warnings += structure_warnings(summarise(turns), named=names.named, interviewer_labels=interviewer_labels or None)
    warnings += _same_name_quoted(session, target_level, filename, interview_group, previous)
    turns = pseudonyms.apply(turns)
    return ImportPlan(target_level, group_name, interview_group, filename, data, checksum, parsed.format,
                      turns, summarise(turns), warnings, previous, pseudonyms)


def import_transcript(
    session: Session,
    ev: OpenEvaluation,
    *,
    level: str,
    path: Path,
    group: str | None = None,
    interviewer_labels: Sequence[str] | None = None,
    speakers: Sequence[str] = (),
    replace: bool = False,
    keep_labels: bool = False,
) -> ImportResult:
    plan = plan_import(session, ev, level=level, path=path, group=group, interviewer_labels=interviewer_labels,
                       speakers=speakers, replace=replace, keep_labels=keep_labels)
    interview_group = plan.group or group_named(session, plan.level, plan.group_name)
    previous = plan.previous
    if previous is not None and previous.group_id == interview_group.id and previous.checksum == plan.checksum:
        # The same file again (with other speaker options): the old row, deleted below in this
        # same transaction, steps aside for the group's one row per checksum.
        previous.checksum = f"replaced-{previous.id}"
        session.add(previous)
        session.flush()
    transcript = Transcript(
        group_id=interview_group.id,
        original_filename=plan.filename,
        format=plan.format,
        checksum=plan.checksum,
    )
    session.add(transcript)
    session.flush()
    turns = _store_turns(session, transcript, interview_group, plan.turns)
    real_names = keep_real_names(session, interview_group, plan.pseudonyms)
    if previous is not None:
        _move_quotes(session, previous, turns)
        _delete_transcript(session, previous)
    transcript.stored_path = _keep_copy(ev.folder, plan.filename, plan.data, plan.checksum)
    audit.record(
        session, ev.id, "import", plan.filename, level=plan.level.key, group=interview_group.name,
        sha256=plan.checksum, turns=len(turns), replaced=previous.id if previous is not None else None,
        pseudonyms=len(plan.pseudonyms.replaced), real_names_kept=real_names,  # counts: never the names
    )
    return ImportResult(
        transcript=transcript,
        group=interview_group,
        turns=len(turns),
        informants=plan.informants,
        replaced=previous is not None,
        speakers=plan.speakers,
        warnings=plan.warnings,
        pseudonyms=plan.pseudonyms,
    )


def _parse(path: Path, interviewer_labels: list[str] | None, speakers: list[str]) -> ParsedTranscript:
    """The one call of the parser. `speakers` are the labels the evaluator named with --speaker
    (as the file writes them): the parser takes them as speakers even where one is used once."""
    return parse_transcript(path, interviewer_labels, speakers=speakers or None)


def _same_name_quoted(
    session: Session, level: Level, filename: str, group: InterviewGroup | None, previous: Transcript | None
) -> list[ImportWarning]:
    """A file of this name already imported in another group of the round, with quotes from it:
    the evaluator may be importing a corrected version where --replace was meant."""
    query = (
        select(Transcript)
        .join(InterviewGroup, Transcript.group_id == InterviewGroup.id)
        .where(InterviewGroup.level_id == level.id, Transcript.original_filename == filename)
    )
    warnings = []
    for other in session.exec(query.order_by(Transcript.id)):
        if previous is not None and other.id == previous.id:
            continue
        if group is not None and other.group_id == group.id:
            continue
        quotes = session.exec(select(func.count()).select_from(Quote).where(Quote.transcript_id == other.id)).one()
        if quotes:
            other_group = session.get(InterviewGroup, other.group_id)
            warnings.append(ImportWarning("transcripts.warning.same_name_quoted", {
                "id": other.id, "group": other_group.name, "quotes": quotes, "level": level.key}))
    return warnings


def _previous_version(
    session: Session, ev: OpenEvaluation, group: InterviewGroup | None, filename: str, checksum: str
) -> Transcript | None:
    """The transcript this file would duplicate or replace: same bytes anywhere in the
    evaluation, or the same file name in the same group (a corrected version)."""
    level_ids = [l.id for l in ev.levels]
    same_bytes = session.exec(
        select(Transcript)
        .join(InterviewGroup, Transcript.group_id == InterviewGroup.id)
        .where(Transcript.checksum == checksum, InterviewGroup.level_id.in_(level_ids))
    ).first()
    if same_bytes is not None or group is None:
        return same_bytes
    return session.exec(
        select(Transcript).where(Transcript.group_id == group.id, Transcript.original_filename == filename)
    ).first()


def _store_turns(
    session: Session, transcript: Transcript, group: InterviewGroup, parsed_turns: list[ParsedTurn]
) -> list[Turn]:
    participants = {
        p.label: p for p in session.exec(select(Participant).where(Participant.group_id == group.id))
    }
    turns = []
    for position, parsed_turn in enumerate(parsed_turns, start=1):
        participant = None
        # An unnamed speaker is no participant: unknown cues may be different people.
        if not parsed_turn.is_interviewer and parsed_turn.speaker != UNKNOWN_SPEAKER:
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
    informant_turns = [turn for turn in new_turns if not turn.is_interviewer and turn.participant_id is not None]
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
    speakers = set()
    for turn in session.exec(select(Turn).where(Turn.transcript_id == transcript.id)):
        speakers.add(turn.participant_id)
        session.delete(turn)
    session.flush()
    for participant_id in speakers - {None}:  # a speaker the new version no longer has
        drop_if_silent(session, session.get(Participant, participant_id))
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


# --- transcripts as things to manage ----------------------------------------------------------


def transcript_rows(session: Session, ev: OpenEvaluation, level: str | None = None) -> list[dict]:
    """The evaluation's transcripts, bottom-up by round, for `bikva transcript list`."""
    only = ev.level(level) if level else None
    rows = []
    for lvl in ev.levels:
        if only is not None and lvl.id != only.id:
            continue
        query = (
            select(Transcript, InterviewGroup)
            .join(InterviewGroup, Transcript.group_id == InterviewGroup.id)
            .where(InterviewGroup.level_id == lvl.id)
            .order_by(Transcript.id)
        )
        for transcript, group in session.exec(query):
            turns = turns_of(session, transcript)
            rows.append({
                "id": transcript.id,
                "level": lvl.key,
                "round": lvl.position,
                "group": group.name,
                "file": transcript.original_filename,
                "format": transcript.format,
                "turns": len(turns),
                "speakers": list(dict.fromkeys(turn.speaker for turn in turns)),
                "quotes": len(quote_ids_of(session, transcript)),
                "imported_at": transcript.imported_at.isoformat(),
            })
    return rows


def quote_ids_of(session: Session, transcript: Transcript) -> list[int]:
    return list(session.exec(select(Quote.id).where(Quote.transcript_id == transcript.id).order_by(Quote.id)))


@dataclass
class MoveResult:
    transcript: Transcript
    level: Level
    group: InterviewGroup


def move_transcript(
    session: Session, ev: OpenEvaluation, transcript_id: int, *, level: str, group: str | None = None
) -> MoveResult:
    """Move a transcript to another group of its level (its quotes stay valid and go along) or
    to another level (only without quotes: a quote is carried above the level it was said at,
    and reactions answer an earlier level, so neither survives a change of level)."""
    transcript, old_group, old_level = find_transcript(session, ev, transcript_id)
    target_level = ev.level(level)
    quotes = quote_ids_of(session, transcript)
    if target_level.id != old_level.id and quotes:
        raise BikvaError("transcripts.move.has_quotes", id=transcript.id, level=target_level.key,
                         quotes=", ".join(str(q) for q in quotes))
    group_name = group.strip() if group else None
    if group is not None and not group_name:
        raise BikvaError("transcripts.move.group_empty")
    if group_name is None:
        if target_level.id == old_level.id:
            raise BikvaError("transcripts.move.nowhere", id=transcript.id, group=old_group.name)
        group_name = t(ev.lang, "group.default_name")
    existing = find_group(session, target_level, group_name)
    if existing is not None and existing.id == old_group.id:
        raise BikvaError("transcripts.move.nowhere", id=transcript.id, group=old_group.name)
    if existing is not None:
        clash = session.exec(select(Transcript).where(
            Transcript.group_id == existing.id,
            (Transcript.original_filename == transcript.original_filename) | (Transcript.checksum == transcript.checksum),
        )).first()
        if clash is not None:
            raise BikvaError("transcripts.move.name_taken", id=transcript.id, other=clash.id, group=existing.name)
    new_group = existing or group_named(session, target_level, group_name)
    turns = turns_of(session, transcript)
    for label in dict.fromkeys(turn.speaker for turn in turns if turn.participant_id is not None):
        give_turns(session, [turn for turn in turns if turn.speaker == label], group=new_group, label=label,
                   interviewer=False)
    transcript.group_id = new_group.id
    session.add(transcript)
    session.flush()
    drop_if_bare(session, old_group)
    audit.record(session, ev.id, "transcript_move", f"transcript {transcript.id}", from_group=old_group.id,
                 to_group=new_group.id, level=target_level.key)
    return MoveResult(transcript, target_level, new_group)


@dataclass
class Removal:
    transcript: Transcript
    quote_ids: list[int]
    turns: int


def remove_transcript(session: Session, ev: OpenEvaluation, transcript_id: int, *, with_quotes: bool = False) -> Removal:
    """Remove a transcript and its turns. Refused while quotes point into it, unless
    `with_quotes`, which removes them too (but never a quote a later level reacts to). The copy
    of the file in transcripts/ stays, as a replaced transcript's does, until `bikva purge`."""
    transcript, group, _level = find_transcript(session, ev, transcript_id)
    quotes = quote_ids_of(session, transcript)
    if quotes and not with_quotes:
        raise BikvaError("transcripts.remove.has_quotes", id=transcript.id, quotes=", ".join(map(str, quotes)))
    if quotes:
        reactions = list(session.exec(
            select(Quote.id).where(Quote.responds_to_id.in_(quotes), Quote.id.not_in(quotes)).order_by(Quote.id)
        ))
        if reactions:
            raise BikvaError("transcripts.remove.has_reactions", id=transcript.id,
                             reactions=", ".join(map(str, reactions)))
        for carry in session.exec(select(QuoteCarry).where(QuoteCarry.quote_id.in_(quotes))):
            session.delete(carry)
        for link in session.exec(select(StatementSupport).where(StatementSupport.quote_id.in_(quotes))):
            session.delete(link)  # the group statements they backed stay
        for quote in session.exec(select(Quote).where(Quote.id.in_(quotes))):
            session.delete(quote)
        session.flush()
    turns = turns_of(session, transcript)
    speakers = {turn.participant_id for turn in turns if turn.participant_id is not None}
    for turn in turns:
        session.delete(turn)
    session.flush()
    for participant_id in speakers:
        drop_if_silent(session, session.get(Participant, participant_id))  # made by the import
    session.delete(transcript)
    session.flush()
    drop_if_bare(session, group)
    audit.record(session, ev.id, "transcript_remove", f"transcript {transcript_id}", quotes=quotes, turns=len(turns))
    return Removal(transcript, quotes, len(turns))
