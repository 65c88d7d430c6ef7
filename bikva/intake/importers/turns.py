"""Speaker turns: what every importer shares once a file has become lines or cues.

Speaker labels in written transcripts (text, Markdown, Word paragraphs)
------------------------------------------------------------------------
A line opens a turn when it starts with ``Label:`` (optionally ``**Label:**``, ``**Label**:`` and
optionally after a timestamp such as ``[00:01:23]``, which becomes the turn's ``start_ms``) and the
colon is followed by a space or the end of the line. The candidate is a speaker label when

1. it is one of the interviewer labels (case-insensitive), always; otherwise
2. it is short (at most 4 words and 40 characters, starting with a capital letter, made of letters,
   digits, spaces and ``. ' & / ( ) -``), contains no everyday sentence word (pronouns,
   conjunctions, speech verbs: ``Og så sagde hun``, ``Det var sådan``, ``Hun sagde``), is not a
   metadata field (``Dato``, ``Sted``, ``Deltagere``, ``Note`` ...), and
3. it has at most 2 words (``Borger 2``, ``SB1``, ``Johan``, ``Faglig koordinator``) or occurs as a
   label at the start of a line at least twice in the file (``Leder i Team Nord``).

Anything else stays part of the current turn, and text before the first label (title, metadata,
headings) is ignored. Known limit: a one-word capitalised noun that opens a line of reported
speech (``Sagsbehandleren: ...``) is taken as a speaker.

Captions (WebVTT, SRT) name the speaker in a ``<v Name>`` voice span or as ``Name:`` at the start
of a cue (the same rules decide, except that a name recurring at cue starts may be lower-case, as
Zoom display names are); cues without a name continue the speaker before them, and consecutive
cues of one speaker are merged into one turn.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bikva.errors import BikvaError
from bikva.store.files import printable
from bikva.intake.importers.model import DEFAULT_INTERVIEWER_LABELS, ParsedTranscript, ParsedTurn

CLOCK = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_CLOCK_RE = re.compile(rf"[\[(]?({CLOCK})[\])]?")
_LABEL_LINE = re.compile(
    rf"""\s*
    (?:[\[(]?(?P<clock>{CLOCK})[\])]?\s*)?        # optional timestamp before the label
    (?P<open>\*\*|__)?
    (?P<label>[^\W\d_][\w .'’&/()-]{{0,59}}?)
    \s*(?P<close>\*\*|__)?:(?P<close_after>\*\*|__)?
    (?:\s+(?P<rest>.*)|$)""",
    re.X,
)
MAX_LABEL_WORDS = 4
MAX_LABEL_CHARS = 40

# Words that open sentences but never make up a speaker label (Danish and English).
_SENTENCE_WORDS = frozenset(
    """og men så eller for fordi at som hvis når da der her nu også altså ja nej nå okay ok mm
    hmm øh æh ikke bare lige sådan fx jeg du han hun den det vi de dem man min mit mine din dit
    dine hendes vores jeres deres sin sit sine hvad hvem hvor hvordan hvorfor er var har havde
    blev bliver kan kunne skal skulle vil ville må måtte gør gjorde siger sagde spørger spurgte
    svarer svarede fortæller fortalte tænker tænkte mener mente synes syntes tror troede vidste
    hedder kl eksempel
    and but so then the a an it he she we they you my his our their this that yes no well
    because if when what who how why also just says asked told thought think""".split()
)
# Field names of a transcript's front matter, never speakers.
_METADATA_FIELDS = frozenset(
    """dato date sted place location tid tidspunkt time klokken varighed duration længde length
    deltagere participants fraværende absent titel title emne subject tema theme spørgsmål
    question projekt project transskribent transskriberet transcriber fil file filnavn lydfil
    optagelse recording runde round note noter notes bemærk bemærkning bemærkninger nb obs ps
    kilde source sprog language kommune municipality organisation organization afdeling
    department enhed unit niveau level format interviewform interviewguide guide version
    forfatter author side page interviewere interviewers informanter informants
    interviewpersoner interviewees""".split()
) | {"transskriberet af", "transcribed by", "til stede", "present"}


def normalise_label(label: str) -> str:
    """The form labels are compared in: no ``**``/``__``, no colon, single spaces, casefolded."""
    return " ".join(label.strip().strip("*_").strip().rstrip(":").strip("*_").split()).casefold()


def clean_label(label: str) -> str:
    """The label as a speaker name: as written, without markup, colon or extra spaces."""
    return " ".join(label.strip().strip("*_").strip().rstrip(":").strip("*_").split())


class Interviewers:
    """Which speakers are the interviewer: the given labels replace the defaults."""

    def __init__(self, labels: Sequence[str] | None = None) -> None:
        chosen = DEFAULT_INTERVIEWER_LABELS if labels is None else labels
        self._keys = {normalise_label(label) for label in chosen if normalise_label(label)}

    def __contains__(self, speaker: str) -> bool:
        return normalise_label(speaker) in self._keys


def clock_ms(value: str) -> int | None:
    """``00:01:23``, ``01:23``, ``[00:01:23.5]`` → milliseconds; None if it is no time."""
    match = _CLOCK_RE.fullmatch(value.strip())
    if not match:
        return None
    clock, _, fraction = match.group(1).replace(",", ".").partition(".")
    seconds = 0
    for part in clock.split(":"):
        seconds = seconds * 60 + int(part)
    return seconds * 1000 + int(fraction.ljust(3, "0")) if fraction else seconds * 1000


@dataclass(frozen=True)
class LabelCandidate:
    label: str  # cleaned, as written
    rest: str  # the line after the label
    start_ms: int | None


def label_candidate(line: str) -> LabelCandidate | None:
    """The ``Label:`` a line starts with, by shape only (see `speaker_labels` for the decision)."""
    match = _LABEL_LINE.fullmatch(line)
    if not match:
        return None
    opened, closed = match.group("open"), match.group("close") or match.group("close_after")
    if opened != closed or (match.group("close") and match.group("close_after")):
        return None
    clock = match.group("clock")
    return LabelCandidate(
        clean_label(match.group("label")),
        (match.group("rest") or "").strip(),
        clock_ms(clock) if clock else None,
    )


def _looks_like_label(label: str, capital: bool = True) -> bool:
    words = label.split()
    if len(label) > MAX_LABEL_CHARS or len(words) > MAX_LABEL_WORDS:
        return False
    if capital and not label[0].isupper():
        return False
    if label.casefold() in _METADATA_FIELDS:
        return False
    return not any(word.strip(".'’()&/-").casefold() in _SENTENCE_WORDS for word in words)


def is_metadata_field(label: str) -> bool:
    return normalise_label(label) in _METADATA_FIELDS


def speaker_labels(
    candidates: Sequence[LabelCandidate], interviewers: Interviewers, captions: bool = False
) -> set[str]:
    """The candidate labels taken as speakers (normalised), by the module's rules.

    In captions a recurring name may be lower-case (Zoom shows display names as typed).
    """
    counts = Counter(normalise_label(c.label) for c in candidates)
    accepted = set()
    for candidate in candidates:
        key = normalise_label(candidate.label)
        recurs = counts[key] >= 2
        if candidate.label in interviewers or (
            _looks_like_label(candidate.label, capital=not (captions and recurs))
            and (len(candidate.label.split()) <= 2 or recurs)
        ):
            accepted.add(key)
    return accepted


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


def turns_from_paragraphs(
    paragraphs: Sequence[Sequence[str]], interviewers: Interviewers
) -> list[RawTurn]:
    """Written transcripts: a labelled line opens a turn; other lines continue it."""
    found = [[label_candidate(line) for line in lines] for lines in paragraphs]
    accepted = speaker_labels([c for row in found for c in row if c], interviewers)
    turns: list[tuple[LabelCandidate, list[list[str]]]] = []
    for lines, candidates in zip(paragraphs, found):
        if turns:
            turns[-1][1].append([])
        for line, candidate in zip(lines, candidates):
            if candidate and normalise_label(candidate.label) in accepted:
                turns.append((candidate, [[candidate.rest]]))
            elif turns:
                turns[-1][1][-1].append(line)
    return [RawTurn(c.label, join_paragraphs(paras), c.start_ms) for c, paras in turns]


# --- captions -------------------------------------------------------------------------------

_VOICE = re.compile(r"<v(?:\.[^\s>]+)*\s+([^>]*)>")
_CUE_TAG = re.compile(r"<[^>\n]*>|\{\\[^}\n]*\}")  # <i>, </v>, <c.x>, <00:00:01.000>, {\an8}


@dataclass(frozen=True)
class Cue:
    start_ms: int
    end_ms: int
    raw_text: str  # with cue tags
    timing: str  # the timing line as written, for error messages


def _voice_segments(raw_text: str) -> list[tuple[str | None, str]]:
    """Split a cue at its ``<v Name>`` spans; text outside any span has no speaker."""
    segments, speaker, position = [], None, 0
    for match in _VOICE.finditer(raw_text):
        segments.append((speaker, raw_text[position : match.start()]))
        # the name is cue text too: ``<v Anne &amp; Bo>`` is Anne & Bo
        speaker, position = clean_label(html.unescape(match.group(1))) or None, match.end()
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


def turns_from_cues(cues: Sequence[Cue], interviewers: Interviewers, file: str) -> list[RawTurn]:
    """Captions: speaker from voice span or ``Name:``; unnamed cues continue; one speaker merges."""
    if not cues:
        raise BikvaError("import.no_cues", file=file)
    pieces: list[tuple[str | None, str, Cue]] = []
    for cue in cues:
        if cue.end_ms < cue.start_ms:
            raise BikvaError("import.bad_timing", file=file, at=cue.timing)
        pieces.extend((voice, text, cue) for voice, text in _voice_segments(cue.raw_text))
    found = [None if voice else label_candidate(text) for voice, text, _ in pieces]
    accepted = speaker_labels([c for c in found if c], interviewers, captions=True)
    turns: list[RawTurn] = []
    named = False
    for (voice, text, cue), candidate in zip(pieces, found):
        speaker = voice
        if candidate and normalise_label(candidate.label) in accepted:
            speaker, text = candidate.label, candidate.rest
        named = named or speaker is not None
        if turns and (speaker is None or speaker == turns[-1].speaker):
            turns[-1].text = f"{turns[-1].text} {text}".strip()
            turns[-1].end_ms = cue.end_ms
        elif speaker is not None:
            turns.append(RawTurn(speaker, text, cue.start_ms, cue.end_ms))
    if not named:
        raise BikvaError("import.no_speakers", file=file)
    return turns


# --- the result ------------------------------------------------------------------------------


def finish(
    format: str, raw_turns: Iterable[RawTurn], interviewers: Interviewers, file: str
) -> ParsedTranscript:
    """Flag the interviewer's turns; refuse a transcript without turns or without informants."""
    turns = [
        ParsedTurn(t.speaker, t.text.strip(), t.speaker in interviewers, t.start_ms, t.end_ms)
        for t in raw_turns
        if t.text.strip()
    ]
    if not turns:
        raise BikvaError("import.no_turns", file=file)
    if all(turn.is_interviewer for turn in turns):
        speakers = printable(", ".join(dict.fromkeys(turn.speaker for turn in turns)), 200)
        raise BikvaError("import.no_informant_turns", file=file, speakers=speakers)
    return ParsedTranscript(format, turns)
