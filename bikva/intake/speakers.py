"""Who speaks in a transcript, and the evaluator's corrections of it.

An import shows the speakers it found (turns and words each, and which are the interviewer) and
warns where the structure is usually a misread (`structure_warnings`). The evaluator corrects
labels at import (`--speaker OLD=NEW`, `SpeakerNames`) or afterwards (`rename_speaker`). Turn text
is never rewritten: a quote keeps its offsets, and only who said it changes. Consent follows the
words: a participant's record moves with their turns, and two records are never silently
combined. Plain functions: bikva/cli/intake.py prints.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlmodel import Session, select

from bikva.errors import BikvaError
from bikva.intake.importers.model import (
    DEFAULT_INTERVIEWER_LABELS,
    UNKNOWN_SPEAKER,
    ImportWarning,
    ParsedTranscript,
    ParsedTurn,
)
from bikva.store import audit
from bikva.store.evaluation import OpenEvaluation
from bikva.store.files import printable
from models.interview_group import InterviewGroup
from models.participant import ConsentStatus, Participant
from models.participant_identity import ParticipantIdentity
from models.quote import Quote
from models.transcript import Transcript
from models.turn import Turn

# One speaker with this share of all words: usually the labels were not recognised.
DOMINANT_SHARE = 0.9
# A label used once is only suspicious in a transcript long enough that every real participant
# speaks more than once; in a short one it is normal.
SINGLE_USE_MIN_TURNS = 10
# Words that make a "label" read as a heading or a front-matter field rather than a speaker.
_HEADER_WORDS = frozenset(
    """dato date sted place tid time tidspunkt klokken kl deltagere participants emne subject tema
    theme spørgsmål question note noter notes bemærk bemærkning interviewguide guide transskription
    transcript transskriberet side page runde round titel title afsnit section del part kapitel
    chapter varighed duration""".split()
)
_DATE_OR_CLOCK = re.compile(r"\d{1,2}\s*[:./-]\s*\d{1,2}")


def folded(label: str) -> str:
    """How labels compare: case-insensitive, single spaces, no colon at the end."""
    return " ".join(label.strip().rstrip(":").split()).casefold()


# --- the summary and the warnings ---------------------------------------------------------------


@dataclass(frozen=True)
class SpeakerSummary:
    label: str
    turns: int
    words: int
    interviewer: bool

    @property
    def unknown(self) -> bool:
        return self.label == UNKNOWN_SPEAKER

    def as_dict(self) -> dict[str, object]:
        return {"label": self.label, "turns": self.turns, "words": self.words, "interviewer": self.interviewer}


def summarise(turns: Iterable[ParsedTurn | Turn]) -> list[SpeakerSummary]:
    """Each speaker once, in order of first appearance, with their turns and words."""
    counts: dict[str, list[int]] = {}
    interviewer: dict[str, bool] = {}
    for turn in turns:
        count = counts.setdefault(turn.speaker, [0, 0])
        count[0] += 1
        count[1] += len(turn.text.split())
        interviewer[turn.speaker] = interviewer.get(turn.speaker, False) or turn.is_interviewer
    return [SpeakerSummary(label, n, words, interviewer[label]) for label, (n, words) in counts.items()]


def looks_like_header(label: str) -> bool:
    """A label that reads like a heading, a field or a date rather than a person."""
    words = label.split()
    if len(words) > 4 or len(label) > 40 or _DATE_OR_CLOCK.search(label):
        return True
    return any(word.strip(".,;()[]").casefold() in _HEADER_WORDS for word in words)


def structure_warnings(
    speakers: Sequence[SpeakerSummary],
    *,
    named: Iterable[str] = (),
    interviewer_labels: Sequence[str] | None = None,
) -> list[ImportWarning]:
    """What in these speakers is usually a misread. Labels the evaluator `named` (--speaker) are
    trusted: they are never reported as used once or as headings."""
    trusted = {folded(label) for label in named}
    warnings: list[ImportWarning] = []
    total_words = sum(s.words for s in speakers)
    total_turns = sum(s.turns for s in speakers)
    if total_words:
        top = max(speakers, key=lambda s: s.words)
        if len(speakers) == 1:
            warnings.append(ImportWarning("transcripts.warning.one_speaker", {"label": top.label}))
        elif top.words >= DOMINANT_SHARE * total_words:
            warnings.append(ImportWarning("transcripts.warning.dominant", {
                "label": top.label, "share": round(100 * top.words / total_words)}))
    people = [s for s in speakers if not s.unknown and folded(s.label) not in trusted]
    if total_turns >= SINGLE_USE_MIN_TURNS:
        once = [s.label for s in people if s.turns == 1 and not s.interviewer]
        if once:
            warnings.append(ImportWarning("transcripts.warning.single_use", {"labels": _labels(once)}))
    headers = [s.label for s in people if looks_like_header(s.label)]
    if headers:
        warnings.append(ImportWarning("transcripts.warning.header_like", {"labels": _labels(headers)}))
    found = {folded(s.label) for s in speakers}
    if interviewer_labels:
        missing = [label for label in interviewer_labels if folded(label) not in found]
        if missing:
            warnings.append(ImportWarning("transcripts.warning.interviewer_not_found", {"labels": _labels(missing)}))
    if total_turns > 1 and not any(s.interviewer for s in speakers):
        warnings.append(ImportWarning("transcripts.warning.no_interviewer"))
    unknown = sum(s.turns for s in speakers if s.unknown)
    if unknown:
        warnings.append(ImportWarning("transcripts.warning.unknown_speaker", {"turns": unknown}))
    return warnings


def _labels(labels: Sequence[str]) -> str:
    return ", ".join(printable(label, 60) for label in labels)


# --- corrections at import: --speaker OLD=NEW --------------------------------------------------


@dataclass(frozen=True)
class SpeakerNames:
    """The evaluator's `--speaker` options: `OLD=NEW` renames or merges a label, a bare `LABEL`
    only says it is a speaker (so it is accepted even if used once)."""

    renames: dict[str, str] = field(default_factory=dict)  # folded OLD -> NEW as typed
    named: tuple[str, ...] = ()  # every label as typed: OLD of each rename, and the bare ones

    @property
    def for_parser(self) -> list[str]:
        """The labels as the file writes them, for the parser to take as speakers."""
        return [label for label in self.named if label != UNKNOWN_SPEAKER]


def speaker_names(options: Sequence[str]) -> SpeakerNames:
    renames: dict[str, str] = {}
    named: list[str] = []
    for option in options:
        old, equals, new = (part.strip() for part in option.partition("="))
        if not old or (equals and not new):
            raise BikvaError("transcripts.speaker_option.malformed", option=printable(option, 60))
        if equals and new == UNKNOWN_SPEAKER:
            raise BikvaError("transcripts.rename.to_unknown")
        key = folded(old)
        if equals:
            if key in renames and renames[key] != new:
                raise BikvaError("transcripts.speaker_option.twice", label=printable(old, 60))
            renames[key] = new
        named.append(old)
    return SpeakerNames(renames, tuple(dict.fromkeys(named)))


def apply_speaker_names(
    parsed: ParsedTranscript, names: SpeakerNames, interviewer_labels: Sequence[str] | None, file: str
) -> list[ParsedTurn]:
    """The parsed turns with the evaluator's renames applied and the interviewer decided again.

    Every label the evaluator named must be in the file (else refused: a typo would otherwise
    leave the misread in place silently). After renaming, a turn is the interviewer's when its
    label matches an interviewer label case-insensitively (--interviewer, else the defaults);
    a turn whose label is unchanged also keeps the parser's own decision when no --interviewer
    was given."""
    found = {folded(turn.speaker) for turn in parsed.turns}
    missing = [label for label in names.named if folded(label) not in found]
    if missing:
        raise BikvaError("transcripts.speaker_option.not_found", file=file, labels=_labels(missing),
                         found=_labels(list(dict.fromkeys(t.speaker for t in parsed.turns))))
    interviewers = {folded(label) for label in (interviewer_labels or DEFAULT_INTERVIEWER_LABELS)}
    turns = []
    for turn in parsed.turns:
        label = names.renames.get(folded(turn.speaker), turn.speaker)
        matched = folded(label) in interviewers
        keeps_parser = label == turn.speaker and not interviewer_labels
        turns.append(ParsedTurn(
            speaker=label, text=turn.text, is_interviewer=matched or (keeps_parser and turn.is_interviewer),
            start_ms=turn.start_ms, end_ms=turn.end_ms,
        ))
    return turns


# --- corrections afterwards: rename-speaker -----------------------------------------------------


@dataclass
class RenameResult:
    transcript: Transcript
    old: str
    new: str
    turns: int
    merged: bool  # the new label was already a speaker of the transcript
    interviewer: bool


def turns_of(session: Session, transcript: Transcript) -> list[Turn]:
    return list(session.exec(select(Turn).where(Turn.transcript_id == transcript.id).order_by(Turn.position)))


def transcript_speakers(session: Session, transcript: Transcript) -> list[SpeakerSummary]:
    return summarise(turns_of(session, transcript))


def rename_speaker(
    session: Session, ev: OpenEvaluation, transcript: Transcript, old: str, new: str, *, position: int | None = None
) -> RenameResult:
    """Rename or merge a speaker label of one transcript (or, with `position`, of one turn)."""
    turns = turns_of(session, transcript)
    labels = list(dict.fromkeys(turn.speaker for turn in turns))
    old_label = _existing_label(labels, old)
    if old_label is None:
        raise BikvaError("transcripts.rename.unknown_label", label=printable(old, 60), id=transcript.id,
                         labels=_labels(labels))
    chosen = [turn for turn in turns if turn.speaker == old_label]
    if position is not None:
        chosen = [turn for turn in chosen if turn.position == position]
        if not chosen:
            raise BikvaError("transcripts.rename.not_their_turn", turn=position, label=printable(old_label, 60))
    new = " ".join(new.split())
    if not new:
        raise BikvaError("transcripts.rename.empty")
    if new == UNKNOWN_SPEAKER:
        raise BikvaError("transcripts.rename.to_unknown")
    existing = _existing_label([label for label in labels if label != old_label], new)
    if existing is None and new == old_label:
        raise BikvaError("transcripts.rename.same", label=printable(new, 60))
    target_label = existing or new
    if existing is not None:
        interviewer = next(turn.is_interviewer for turn in turns if turn.speaker == existing)
    else:
        interviewer = folded(new) in {folded(label) for label in DEFAULT_INTERVIEWER_LABELS}
    if interviewer:
        quoted = _quotes_in(session, [turn for turn in chosen if not turn.is_interviewer])
        if quoted:
            raise BikvaError("transcripts.rename.quoted_interviewer", label=printable(old_label, 60),
                             quotes=", ".join(str(q) for q in quoted))
    group = session.get(InterviewGroup, transcript.group_id)
    participant = give_turns(session, chosen, group=group, label=target_label, interviewer=interviewer,
                             one_turn=position is not None)
    audit.record(session, ev.id, "speaker_rename", f"transcript {transcript.id}",
                 turns=[turn.id for turn in chosen], participant=participant.id if participant else None,
                 merged=existing is not None, interviewer=interviewer)
    return RenameResult(transcript, old_label, target_label, len(chosen), existing is not None, interviewer)


def _existing_label(labels: Sequence[str], wanted: str) -> str | None:
    """The transcript's label `wanted` means: exactly, else the one label equal to it ignoring case."""
    wanted = " ".join(wanted.split())
    if wanted in labels:
        return wanted
    same = [label for label in labels if folded(label) == folded(wanted)]
    return same[0] if len(same) == 1 else None


def _quotes_in(session: Session, turns: Sequence[Turn]) -> list[int]:
    ids = [turn.id for turn in turns]
    if not ids:
        return []
    return list(session.exec(select(Quote.id).where(Quote.turn_id.in_(ids)).order_by(Quote.id)))


def give_turns(
    session: Session, turns: Sequence[Turn], *, group: InterviewGroup, label: str, interviewer: bool,
    one_turn: bool = False,
) -> Participant | None:
    """Make `label` in `group` the speaker of these turns, and let consent follow.

    A participant whose every turn moves takes the new label along (a rename), or, when the
    group already has a participant of that label, is merged into it: refused when both hold
    consent data or a real name (two people's records would be combined or one lost), else the
    record that has data is kept. A label names one person in a group, so a participant who also
    speaks in another transcript of the group cannot leave their consent record behind for some
    of their words (a withdrawal would stop covering them): refused when they have a record.
    Only `one_turn` (the evaluator saying this one turn was someone else's) moves a turn away
    from a participant who keeps their record. Interviewer turns have no participant."""
    target = None
    if not interviewer:
        target = session.exec(
            select(Participant).where(Participant.group_id == group.id, Participant.label == label)
        ).first()
    moving = {turn.id for turn in turns}
    sources = [session.get(Participant, pid) for pid in dict.fromkeys(t.participant_id for t in turns if t.participant_id)]
    emptied: list[Participant] = []
    for source in sources:
        if target is not None and source.id == target.id:
            continue
        stays = session.exec(
            select(Turn.id).where(Turn.participant_id == source.id, Turn.id.not_in(moving))
        ).first() is not None
        if stays:
            if not one_turn and has_record(session, source):
                raise BikvaError("transcripts.rename.split_record", label=printable(source.label, 60))
            continue
        if interviewer:
            emptied.append(source)
        elif target is None:  # a plain rename: the participant takes the new label and group along
            source.label, source.group_id = label, group.id
            target = source
        elif has_record(session, source) and has_record(session, target):
            raise BikvaError("transcripts.rename.two_records", label=printable(source.label, 60),
                             target=printable(target.label, 60))
        else:
            if has_record(session, source):
                _take_record(session, source, target)
            emptied.append(source)
    if target is None and not interviewer:
        target = Participant(group_id=group.id, label=label)
        session.add(target)
    session.flush()
    for turn in turns:
        turn.speaker = label
        turn.is_interviewer = interviewer
        turn.participant_id = target.id if target is not None else None
        session.add(turn)
    session.flush()
    for source in emptied:
        if not has_record(session, source):  # a registered record without words stays in the registry
            session.delete(source)
    session.flush()
    return target


def has_record(session: Session, participant: Participant) -> bool:
    """Whether the participant holds anything besides their label: consent, role, a real name."""
    if has_consent_record(participant):
        return True
    return session.exec(
        select(ParticipantIdentity).where(ParticipantIdentity.participant_id == participant.id)
    ).first() is not None


def has_consent_record(participant: Participant) -> bool:
    """Whether the evaluator has registered anything for the participant: consent, role, unit."""
    if participant.consent_status != ConsentStatus.UNKNOWN or participant.consent_date is not None:
        return True
    return bool(participant.consent_version or participant.role or participant.unit or participant.withdrawn_at)


def drop_if_silent(session: Session, participant: Participant) -> bool:
    """Delete a participant who no longer says anything and has no consent record, with their
    real name: an import made them (and learnt the name from a display name), and a real name
    without words or consent serves nothing. Returns whether they were deleted."""
    if session.exec(select(Turn.id).where(Turn.participant_id == participant.id)).first() is not None:
        return False
    if has_consent_record(participant):
        return False
    for identity in session.exec(select(ParticipantIdentity).where(ParticipantIdentity.participant_id == participant.id)):
        session.delete(identity)
    session.flush()
    session.delete(participant)
    session.flush()
    return True


def _take_record(session: Session, source: Participant, target: Participant) -> None:
    for name in ("consent_status", "consent_date", "consent_version", "role", "unit", "withdrawn_at"):
        setattr(target, name, getattr(source, name))
    for name, empty in (("consent_status", ConsentStatus.UNKNOWN), ("consent_date", None), ("consent_version", ""),
                        ("role", ""), ("unit", ""), ("withdrawn_at", None)):
        setattr(source, name, empty)
    identity = session.exec(
        select(ParticipantIdentity).where(ParticipantIdentity.participant_id == source.id)
    ).first()
    if identity is not None:
        identity.participant_id = target.id
        session.add(identity)
    session.add(target)
    session.add(source)
    session.flush()
