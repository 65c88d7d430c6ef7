"""Speaker turns: what every importer shares once a file has become lines or cues.

Who is a speaker is read from the file's own structure, not from lists of words.

Written transcripts (text, Markdown, Word paragraphs and cells)
----------------------------------------------------------------
A line is a *candidate* when it has one of these shapes (``**`` or ``__`` bold allowed around the
label, with the colon inside or outside the bold):

- ``Label: text`` or ``Label:`` alone on its line: ``Borger A:``, ``B1:``, ``Deltager 3:``,
  ``Hansen, Mette:``, ``[SPEAKER_00]:``, ``**Name:**``;
- *timed*: a time next to the label, ``[00:01:02] Name:``, ``[09:00 AM] Name:``,
  ``**[02:14] Name:**``, ``Speaker 1 (00:00):``, ``S01: [00:00:12] text``; the time becomes the
  turn's ``start_ms`` (time of day as written);
- *header*: the speaker on a line of its own above the text, with a time: ``Name   0:03``
  (Teams, Otter: two or more spaces before the time), ``[Name] 11:02:09`` (Zoom); weaker, as a
  sentence could look so too, ``00:00:05 Speaker 1`` (Word's Transcribe) and ``Name 0:03``,
  which count only when the name is written in title case;
- *bare*: a short line holding only a name, above the text.

A candidate label is a speaker when

1. it is an interviewer label, a speaker the evaluator names (``speakers=``) or a participant role
   (``Borger``, ``Deltager``, ``Informant``: `DEFAULT_PARTICIPANT_LABELS`): always, even once;
2. otherwise never when it is a front-matter field (``Dato``, ``Meeting Title``, ``Deltagere``...);
3. it has the shape of a label (at most 8 words and 60 characters, starting with a letter, no
   ``? ! ;`` or quotes, at most one comma as in ``Lastname, Firstname``), and
4. it recurs as a candidate in this file, or it is a *code* (``B1``, ``IP2``, ``SPEAKER_00``,
   ``L``, ``Borger A``, ``Deltager 3``: a number or a single letter), or it is timed/header and
   the file has at least two timed/header lines (then every one counts: a speaker who says one
   thing in a Teams meeting is still a speaker). Bare name lines count only when at least two
   different ones recur and no other labels were found.

Anything else stays part of the current turn: a one-off ``Something:`` inside speech is speech
(``Hun sagde: nej``, ``Timing:`` as a topic once). A one-off that looks like a name (``Johan:``)
is reported with a warning naming its line, since the evaluator may need to name it with
``--speaker``. Text before the first speaker (title, date, "X started transcription") is front
matter and is not imported; Teams' "X started/stopped transcription" lines and Otter's
"Transcribed by https://otter.ai" footer are dropped wherever they are. Where every label is
written ``[X]:`` (WhisperX), each line is a segment and a line without a label is a turn of an
unknown speaker (`UNKNOWN_SPEAKER`). Otter's ``Unknown Speaker`` is an unknown speaker too.

noScribe writes overlapping speech inside a turn, ``//S02: Ja. //``: the turn is split there, so
the overlap is its speaker's own turn and the text after it continues the first speaker in a new
turn. Pause marks such as ``(..)`` stay in the text.

Captions (WebVTT, SRT, the old Teams Word layout, WhisperX JSON)
-----------------------------------------------------------------
A cue names its speaker in a ``<v Name>`` voice span (always a speaker) or as ``Name:`` /
``[SPEAKER_00]:`` at its start, decided by the same rules, except that recurring names may be
lower-case (Zoom shows display names as typed), and where at least half the cues are named a
one-off display name in title case (``Anne Lund:``) counts as well. A cue without a speaker is a
turn of `UNKNOWN_SPEAKER`, never glued to the speaker before it; consecutive cues of one speaker
(the unknown one included) are merged into one turn. A file in which no cue is named is refused.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bikva.errors import BikvaError
from bikva.intake.importers.model import (
    DEFAULT_INTERVIEWER_LABELS,
    DEFAULT_PARTICIPANT_LABELS,
    UNKNOWN_SPEAKER,
    ImportWarning,
    ParsedTranscript,
    ParsedTurn,
)
from bikva.store.files import printable

CLOCK = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_AMPM = r"(?:\s?[AaPp]\.?[Mm]\.?)"
_TIME = rf"{CLOCK}{_AMPM}?"
_CLOCK_RE = re.compile(rf"[\[(]?({CLOCK})({_AMPM})?[\])]?")
_LABEL_LINE = re.compile(
    rf"""\s*
    (?P<open1>\*\*|__)?
    (?:[\[(]?(?P<clock>{_TIME})[\])]?\s*)?          # a time before the label
    (?P<open2>\*\*|__)?
    (?:\[(?P<bracketed>[^\W_][^\[\]\n:]{{0,79}})\]  # [SPEAKER_00]
      |(?P<label>[^\W\d_][\w .,'’&/()-]{{0,79}}?))
    (?:\s*[\[(](?P<clock_after>{_TIME})[\])])?      # Speaker 1 (00:00)
    \s*(?P<close1>\*\*|__)?:(?P<close2>\*\*|__)?
    (?:\s+(?P<rest>.*)|$)""",
    re.X,
)
_REST_CLOCK = re.compile(rf"\[({CLOCK})\]\s*")  # noScribe: S01: [00:00:12] text
_HEADER_FORMS = (
    re.compile(rf"(?P<label>[^\W\d_][^\t]{{0,79}}?)(?:\s{{2,}}|\t)(?P<clock>{CLOCK})\s*"),  # Name   0:03
    re.compile(rf"\[(?P<label>[^\]\n]{{1,80}})\]\s+(?P<clock>{_TIME})\s*"),  # [Name] 11:02:09
    re.compile(rf"[\[(]?(?P<clock>{CLOCK})[\])]?\s+(?P<weak>)(?P<label>[^\W\d_][\w .,'’&/()-]{{0,79}})"),
    re.compile(rf"(?P<label>[^\W\d_][\w .,'’&/()-]{{0,79}}?) (?P<weak>)[\[(]?(?P<clock>{CLOCK})[\])]?"),
)
_BARE = re.compile(r"[^\W\d_][\w .,'’&/()-]{0,59}")
_CODE = re.compile(r"[^\W\d_]{0,10}_?\d{1,3}|\d{1,3}|[^\W\d_]")  # B1, SPEAKER_00, 3, A
_BAD_LABEL_CHARS = re.compile(r"[?!;\"“”«»]")
_SYSTEM_LINE = re.compile(
    r".{1,120}\s(?:started|stopped|startede|stoppede)\s(?:transcription|transskription(?:en)?"
    r"|transskriberingen)\.?|Transcribed by https?://otter\.ai/?\S*",
    re.I,
)
_OVERLAP = re.compile(r"//\s*(?P<label>[^\W_][\w .'’-]{0,39}?):\s*(?P<text>.*?)\s*//")
UNKNOWN_LABELS = frozenset({"unknown speaker", "ukendt taler", "unknown", "ukendt"})
MAX_LABEL_WORDS = 8
MAX_LABEL_CHARS = 60
_ROLE_SUFFIX = re.compile(r".+\((.+)\)")
_PARTICIPANTS = frozenset(label.casefold() for label in DEFAULT_PARTICIPANT_LABELS)
_PARTICLES = frozenset("van von de der den da di la le du af og and of y e".split())

# Field names of a transcript's front matter (and Teams/Zoom headers), never speakers.
_METADATA_FIELDS = frozenset(
    """dato date sted place location tid tidspunkt time klokken varighed duration længde length
    deltagere participants attendees fraværende absent titel title emne subject tema theme
    projekt project transskribent transskriberet transcriber fil file filnavn lydfil
    optagelse recording runde round note noter notes bemærk bemærkning bemærkninger nb obs ps
    kilde source sprog language kommune municipality organisation organization afdeling
    department enhed unit niveau level format interviewform interviewguide guide version
    forfatter author side page interviewere interviewers informanter informants
    interviewpersoner interviewees agenda dagsorden referent""".split()
) | {"transskriberet af", "transcribed by", "til stede", "present", "meeting title", "mødetitel",
     "meeting id", "møde-id", "audio file", "start time", "end time", "starttidspunkt",
     "sluttidspunkt", "recorded by", "optaget af", "meeting date", "mødedato"}


def normalise_label(label: str) -> str:
    """The form labels are compared in: no ``**``/``__``, brackets or colon, single spaces,
    casefolded."""
    return clean_label(label).casefold()


def clean_label(label: str) -> str:
    """The label as a speaker name: as written, without markup, brackets, colon or extra spaces."""
    label = label.strip().strip("*_").strip().rstrip(":").strip("*_").strip()
    if label.startswith("[") and label.endswith("]"):
        label = label[1:-1]
    return " ".join(label.split())


class Interviewers:
    """Which speakers are the interviewer: the given labels replace the defaults."""

    def __init__(self, labels: Sequence[str] | None = None) -> None:
        chosen = DEFAULT_INTERVIEWER_LABELS if labels is None else labels
        self._keys = {normalise_label(label) for label in chosen if normalise_label(label)}

    def __contains__(self, speaker: str) -> bool:
        key = normalise_label(speaker)
        role = _ROLE_SUFFIX.fullmatch(key)  # "Lone Berg (Interviewer)" names her role
        return key in self._keys or bool(role and role.group(1).strip() in self._keys)


@dataclass
class Context:
    """What one parse knows besides the file: interviewer labels, the speakers the evaluator
    named, the file's shown name, and the warnings found on the way."""

    interviewers: Interviewers
    named: frozenset[str] = frozenset()
    file: str = ""
    warnings: list[ImportWarning] = field(default_factory=list)

    @classmethod
    def of(cls, interviewer_labels=None, speakers=None, file: str = "") -> Context:
        named = frozenset(normalise_label(s) for s in speakers or () if normalise_label(s))
        return cls(Interviewers(interviewer_labels), named, file)

    def known(self, label: str) -> bool:
        key = normalise_label(label)
        return label in self.interviewers or key in self.named or key in _PARTICIPANTS

    def warn(self, name: str, **params: object) -> None:
        warning = ImportWarning(f"import.warning.{name}", {"file": self.file, **params})
        if warning not in self.warnings:
            self.warnings.append(warning)


def clock_ms(value: str) -> int | None:
    """``00:01:23``, ``01:23``, ``[00:01:23.5]``, ``09:00 PM`` → milliseconds; None if no time."""
    match = _CLOCK_RE.fullmatch(value.strip())
    if not match:
        return None
    clock, _, fraction = match.group(1).replace(",", ".").partition(".")
    parts = [int(part) for part in clock.split(":")]
    seconds = 0
    for part in parts:
        seconds = seconds * 60 + part
    if match.group(2):  # 12-hour clock written with AM/PM: the first part is the hour
        hour = parts[0] % 12 + (12 if match.group(2).strip().lower().startswith("p") else 0)
        seconds = hour * 3600 + (parts[1] * 60 if len(parts) > 1 else 0) + (
            parts[2] if len(parts) > 2 else 0)
    return seconds * 1000 + int(fraction.ljust(3, "0")) if fraction else seconds * 1000


# --- candidates ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LabelCandidate:
    label: str  # cleaned, as written
    rest: str  # the line after the label
    start_ms: int | None
    form: str = "colon"  # colon, timed, header, weak_header (time + name), bare
    bracketed: bool = False  # written [X]:
    bold: bool = False

    @property
    def key(self) -> str:
        return normalise_label(self.label)


def label_candidate(line: str) -> LabelCandidate | None:
    """The ``Label:`` or header a line starts with, by shape only (`LabelRules` decides)."""
    match = _LABEL_LINE.fullmatch(line)
    if match:
        opens = [g for g in (match.group("open1"), match.group("open2")) if g]
        closes = [g for g in (match.group("close1"), match.group("close2")) if g]
        if len(opens) == len(closes) <= 1 and opens == closes:
            clock = match.group("clock") or match.group("clock_after")
            rest = (match.group("rest") or "").strip()
            if clock is None and (after := _REST_CLOCK.match(rest)):
                clock, rest = after.group(1), rest[after.end():]
            label = clean_label(match.group("bracketed") or match.group("label"))
            if label:
                return LabelCandidate(label, rest, clock_ms(clock) if clock else None,
                                      "timed" if clock else "colon",
                                      bool(match.group("bracketed")), bool(opens))
    stripped = line.strip()
    for form in _HEADER_FORMS:
        header = form.fullmatch(stripped)
        if header:
            label = clean_label(header.group("label"))
            weak = "weak" in header.groupdict()
            if label and not label[-1] in ".,":
                return LabelCandidate(label, "", clock_ms(header.group("clock")),
                                      "weak_header" if weak else "header")
    return None


def bare_candidate(line: str) -> LabelCandidate | None:
    """A short line that could be a speaker's name above the text."""
    stripped = line.strip()
    if _BARE.fullmatch(stripped) and not stripped[-1] in ".,":
        return LabelCandidate(clean_label(stripped), "", None, "bare")
    return None


def is_system_line(line: str) -> bool:
    """Teams' "X started transcription" and Otter's footer: neither speech nor a speaker."""
    return bool(_SYSTEM_LINE.fullmatch(line.strip()))


def is_metadata_field(label: str) -> bool:
    return normalise_label(label) in _METADATA_FIELDS


def is_code(label: str) -> bool:
    """``B1``, ``IP2``, ``S01``, ``SPEAKER_00``, ``L``, ``INT``, ``Borger A``, ``Deltager 3``."""
    words = label.split()
    if not words or not words[0][0].isalpha():
        return False
    if len(words) == 1:
        word = words[0]
        return bool(_CODE.fullmatch(word)) or (word.isalpha() and word.isupper() and len(word) <= 4)
    return (len(words) == 2 and words[0].isalpha() and words[0][0].isupper()
            and bool(_CODE.fullmatch(words[1])) and (words[1].isdigit() or words[1][0].isupper()))


def has_label_shape(label: str) -> bool:
    words = label.split()
    if not words or len(words) > MAX_LABEL_WORDS or len(label) > MAX_LABEL_CHARS:
        return False
    if not label[0].isalpha() or _BAD_LABEL_CHARS.search(label):
        return False
    return label.count(",") == 0 or (label.count(",") == 1 and len(words) <= 4)


def is_title_case(label: str) -> bool:
    """Every word a capitalised name part (or a particle such as ``van``): a display name."""
    words = [w for w in label.split() if w.casefold() not in _PARTICLES and w[0].isalpha()]
    return bool(words) and all(w[0].isupper() for w in words)


class LabelRules:
    """Which candidate labels of one file are speakers (normalised keys), by the module's rules."""

    def __init__(self, candidates: Sequence[LabelCandidate], context: Context,
                 captions: bool = False, cue_count: int = 0) -> None:
        self.context = context
        counts = Counter(c.key for c in candidates)
        strong = sum(c.form in ("timed", "header")
                     or (c.form == "weak_header" and is_title_case(c.label)) for c in candidates)
        self.accepted: set[str] = set()
        dropped: list[str] = []
        self.once: dict[str, LabelCandidate] = {}
        for candidate in candidates:
            key = candidate.key
            if key in self.accepted or candidate.form == "bare":
                continue
            if context.known(candidate.label):
                self.accepted.add(key)
            elif is_metadata_field(candidate.label):
                if counts[key] >= 2 or strong >= 2:
                    dropped.append(candidate.label)
            elif not has_label_shape(candidate.label):
                continue
            elif (counts[key] >= 2 or is_code(candidate.label)
                  or (candidate.form in ("timed", "header") and strong >= 2)):
                self.accepted.add(key)
            elif candidate.form == "weak_header" and strong >= 2 and is_title_case(candidate.label):
                self.accepted.add(key)
            else:
                self.once.setdefault(key, candidate)
        if captions and self.once and cue_count:
            names = [k for k in self.accepted] + [k for k, c in self.once.items() if is_title_case(c.label)]
            if 2 * sum(counts[k] for k in names) >= cue_count:  # a file of named cues: a one-off display name is a name
                for key, candidate in list(self.once.items()):
                    if is_title_case(candidate.label):
                        self.accepted.add(key)
                        del self.once[key]
        self.bare_mode = not self.accepted
        if self.bare_mode:
            self._bare(candidates, counts)
        self.dropped = dropped
        by_key = {c.key: c for c in candidates}
        for key in sorted(self.accepted, key=list(by_key).index):
            uses = [c for c in candidates if c.key == key]
            if (all(c.bold and not c.rest for c in uses) and not context.known(by_key[key].label)
                    and any(c.rest for c in candidates if c.key != key)):
                context.warn("heading_label", label=printable(by_key[key].label, 60),
                             count=len(uses))

    def _bare(self, candidates: Sequence[LabelCandidate], counts: Counter) -> None:
        bare = {c.key for c in candidates if c.form == "bare" and has_label_shape(c.label)
                and not is_metadata_field(c.label)
                and (counts[c.key] >= 2 or self.context.known(c.label))}
        if len(bare) >= 2:
            self.accepted |= bare

    def __contains__(self, candidate: LabelCandidate | None) -> bool:
        if candidate is None or (candidate.form == "bare" and not self.bare_mode):
            return False
        return candidate.key in self.accepted

    def warn_front_matter(self, labels: Sequence[str] = ()) -> None:
        """Front-matter fields that were shaped like speakers, and name-like labels before the
        first turn: not read as speakers, and said so."""
        dropped = [printable(label, 60) for label in [*self.dropped, *labels]]
        if dropped:
            self.context.warn("front_matter", labels=printable(", ".join(dict.fromkeys(dropped)), 160))

    def name_like_once(self, candidate: LabelCandidate | None) -> bool:
        """A one-off ``X:`` kept as speech that looks like a name, so may be a speaker."""
        return (candidate is not None and candidate.key in self.once
                and candidate.form not in ("weak_header", "bare")
                and len(candidate.label.split()) <= 4 and is_title_case(candidate.label))


# --- written transcripts -----------------------------------------------------------------------


@dataclass
class RawTurn:
    speaker: str
    text: str
    start_ms: int | None = None
    end_ms: int | None = None


def join_paragraphs(paragraphs: Iterable[Iterable[str]]) -> str:
    """Lines of a paragraph joined with one space, paragraphs with a blank line."""
    joined = (" ".join(line.strip() for line in lines if line.strip()) for lines in paragraphs)
    return "\n\n".join(p for p in joined if p)


def speaker_name(label: str) -> str:
    return UNKNOWN_SPEAKER if normalise_label(label) in UNKNOWN_LABELS else label


def _candidate(line: str) -> LabelCandidate | None:
    return label_candidate(line) or bare_candidate(line)


def turns_from_paragraphs(
    paragraphs: Sequence[Sequence[str]], context: Context,
    numbers: Sequence[Sequence[int]] | None = None,
) -> list[RawTurn]:
    """Written transcripts: an accepted label opens a turn; other lines continue it.

    `numbers` gives each line's number (line in a text file, paragraph in Word) for warnings.
    """
    paragraphs = [[line for line in lines] for lines in paragraphs]
    if numbers is None:
        numbers = [[0] * len(lines) for lines in paragraphs]
    found = [[None if is_system_line(line) else _candidate(line) for line in lines]
             for lines in paragraphs]
    flat = [c for row in found for c in row if c]
    rules = LabelRules(flat, context)
    segments = bool(rules.accepted) and all(
        c.bracketed for c in flat if c in rules)  # WhisperX: one segment a line
    turns: list[tuple[str, int | None, list[list[str]]]] = []
    front: list[str] = []
    for lines, candidates, nums in zip(paragraphs, found, numbers):
        if turns:
            turns[-1][2].append([])
        for line, candidate, number in zip(lines, candidates, nums):
            if is_system_line(line):
                continue
            if candidate not in rules and rules.name_like_once(candidate):
                if turns:
                    context.warn("kept_as_speech", label=printable(candidate.label, 60),
                                 line=number or "?")
                else:
                    front.append(printable(candidate.label, 60))
            if candidate in rules:
                turns.append((speaker_name(candidate.label), candidate.start_ms,
                              [[candidate.rest]]))
            elif segments and (not turns or turns[-1][0] != UNKNOWN_SPEAKER):
                turns.append((UNKNOWN_SPEAKER, None, [[line]]))
            elif turns:
                turns[-1][2][-1].append(line)
    rules.warn_front_matter(front if turns else ())
    result: list[RawTurn] = []
    for speaker, start, paras in turns:
        result.extend(_split_overlaps(RawTurn(speaker, join_paragraphs(paras), start), rules))
    return result


def _split_overlaps(turn: RawTurn, rules: LabelRules) -> list[RawTurn]:
    """noScribe's ``//S02: text //`` inside a turn becomes S02's own turn (see module doc)."""
    pieces, position, start = [], 0, turn.start_ms
    for match in _OVERLAP.finditer(turn.text):
        label = clean_label(match.group("label"))
        if normalise_label(label) not in rules.accepted:
            continue
        pieces.append(RawTurn(turn.speaker, turn.text[position:match.start()].strip(), start))
        pieces.append(RawTurn(speaker_name(label), match.group("text").strip()))
        position, start = match.end(), None
    if not pieces:
        return [turn]
    pieces.append(RawTurn(turn.speaker, turn.text[position:].strip(), start))
    return [piece for piece in pieces if piece.text]


# --- captions -------------------------------------------------------------------------------

_VOICE = re.compile(r"<v(?:\.[^\s>]+)*\s+([^>]*)>")
_CUE_TAG = re.compile(r"<[^>\n]*>|\{\\[^}\n]*\}")  # <i>, </v>, <c.x>, <00:00:01.000>, {\an8}


@dataclass(frozen=True)
class Cue:
    start_ms: int
    end_ms: int
    raw_text: str  # with cue tags
    timing: str  # the timing line as written, for error messages


@dataclass(frozen=True)
class CueText:
    """One speaker's part of a cue: the voice (or None: named by ``Name:``, or not at all)."""

    voice: str | None
    text: str
    start_ms: int
    end_ms: int


def voice_segments(raw_text: str) -> list[tuple[str | None, str]]:
    """Split a cue at its ``<v Name>`` spans; text outside any span has no speaker."""
    segments, speaker, position = [], None, 0
    for match in _VOICE.finditer(raw_text):
        segments.append((speaker, raw_text[position : match.start()]))
        # the name is cue text too: ``<v Anne &amp; Bo>`` is Anne & Bo; ``<v ->`` names nobody
        name = clean_label(html.unescape(match.group(1)))
        speaker, position = (name if any(ch.isalnum() for ch in name) else None), match.end()
    segments.append((speaker, raw_text[position:]))
    cleaned = []
    for voice, text in segments:
        text = " ".join(html.unescape(_CUE_TAG.sub("", text)).split())
        if text:
            cleaned.append((voice, text))
    return cleaned


def first_bad_timing(lines: Sequence[str], timing: re.Pattern[str]) -> str | None:
    """The first line with ``-->`` that is not a well-formed timing line, if any."""
    for line in lines:
        if "-->" in line and not timing.fullmatch(line.strip()):
            return line.strip()
    return None


def cue_texts(cues: Sequence[Cue], file: str) -> list[CueText]:
    if not cues:
        raise BikvaError("import.no_cues", file=file)
    pieces = []
    for cue in cues:
        if cue.end_ms < cue.start_ms:
            raise BikvaError("import.bad_timing", file=file, at=cue.timing)
        pieces.extend(CueText(voice, text, cue.start_ms, cue.end_ms)
                      for voice, text in voice_segments(cue.raw_text))
    return pieces


def turns_from_cues(cues: Sequence[Cue], context: Context) -> list[RawTurn]:
    return turns_from_cue_texts(cue_texts(cues, context.file), context)


def turns_from_cue_texts(pieces: Sequence[CueText], context: Context,
                         names_in_text: bool = True) -> list[RawTurn]:
    """Captions: speaker from voice or ``Name:``; unnamed cues are the unknown speaker's; one
    speaker's consecutive cues merge. `names_in_text`: False where the format has a speaker
    field and text is only text (WhisperX JSON)."""
    if not pieces:
        raise BikvaError("import.no_cues", file=context.file)
    found = [None if piece.voice or not names_in_text else label_candidate(piece.text)
             for piece in pieces]
    found = [c if c and c.form not in ("header", "weak_header") else None for c in found]
    rules = LabelRules([c for c in found if c], context, captions=True, cue_count=len(pieces))
    rules.warn_front_matter()
    turns: list[RawTurn] = []
    named = False
    for piece, candidate in zip(pieces, found):
        speaker, text = piece.voice, piece.text
        if candidate in rules:
            speaker, text = candidate.label, candidate.rest
        speaker = speaker_name(speaker) if speaker else UNKNOWN_SPEAKER
        named = named or speaker != UNKNOWN_SPEAKER
        if turns and speaker == turns[-1].speaker:
            turns[-1].text = f"{turns[-1].text} {text}".strip()
            turns[-1].end_ms = max(piece.end_ms, turns[-1].end_ms or 0)
        else:
            turns.append(RawTurn(speaker, text, piece.start_ms, piece.end_ms))
    if not named:
        raise BikvaError("import.no_speakers", file=context.file)
    return turns


# --- the result ------------------------------------------------------------------------------


def finish(format: str, raw_turns: Iterable[RawTurn], context: Context) -> ParsedTranscript:
    """Flag the interviewer's turns; refuse a transcript without turns or without informants."""
    turns = [
        ParsedTurn(t.speaker, t.text.strip(),
                   t.speaker != UNKNOWN_SPEAKER and t.speaker in context.interviewers,
                   t.start_ms, t.end_ms)
        for t in raw_turns
        if t.text.strip()
    ]
    if not turns:
        raise BikvaError("import.no_turns", file=context.file)
    if all(turn.is_interviewer for turn in turns):
        once = [w.params["label"] for w in context.warnings if w.key == "import.warning.kept_as_speech"]
        if once:  # the informants' labels were there, but each only once: say which
            raise BikvaError("import.labels_used_once", file=context.file,
                             labels=printable(", ".join(map(str, once)), 200))
        speakers = printable(", ".join(dict.fromkeys(turn.speaker for turn in turns)), 200)
        raise BikvaError("import.no_informant_turns", file=context.file, speakers=speakers)
    return ParsedTranscript(format, turns, list(context.warnings))
