"""Where a coded selection lies: from a QDA tool's offsets to bikva's turn and code-point offsets.

REFI-QDA counts `startPosition`/`endPosition` in characters of the source's plain text, but the
tools differ in what they count: NVivo and MAXQDA have been seen counting a Windows line end
(CRLF) as two characters and a byte-order mark as one, others count neither. bikva reads every
text in one canonical form (no byte-order mark, every line end `\\n`) and tries each counting in
turn; a selection whose text (the `name` the tools write) matches under one of them is placed
there. Where none matches, the text is searched for and the occurrence nearest the given offset
is taken, but only when it is the single nearest one. What cannot be placed is reported with
its reason, never guessed.

Then the canonical offsets are mapped onto the transcript's turns: each turn's text is found in
the source in order (whitespace may differ: the importer joins a turn's lines with one space),
character by character, so a selection maps exactly into one turn. A selection that reaches
into a second turn is not placed: a quote is one person's words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

BOM = "\ufeff"


@dataclass(frozen=True)
class SourceText:
    """A source's text as the tool stored it (`raw`, decoded, a leading BOM kept) and in
    bikva's canonical form, with the map from each raw position to its canonical one."""

    raw: str
    canonical: str
    to_canonical: list[int]  # len(raw) + 1 entries

    @classmethod
    def of(cls, raw: str) -> SourceText:
        out: list[str] = []
        positions: list[int] = []
        i = 0
        while i < len(raw):
            positions.append(len(out))
            ch = raw[i]
            if ch == BOM and i == 0:
                i += 1
                continue
            if ch == "\r":
                out.append("\n")
                if i + 1 < len(raw) and raw[i + 1] == "\n":  # CRLF: the LF maps to the same line end
                    positions.append(len(out))
                    i += 1
            else:
                out.append(ch)
            i += 1
        positions.append(len(out))
        return cls(raw, "".join(out), positions)

    @property
    def has_bom(self) -> bool:
        return self.raw.startswith(BOM)


@dataclass(frozen=True)
class Placed:
    start: int  # canonical code-point offsets, end exclusive
    end: int
    moved: bool  # the offsets as given did not hold the text: found by another counting or by search


@dataclass(frozen=True)
class Unplaced:
    reason: str  # a catalogue key under exchange.unplaced.*


def canonical_text(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip(BOM)


def _folded(text: str) -> str:
    return " ".join(text.split())


def _candidates(source: SourceText, start: int, end: int) -> list[tuple[int, int]]:
    """The canonical span each way of counting would give, most standard first."""
    spans = [(start, end)]  # counted in the canonical text (LF line ends, no BOM)
    raw_len = len(source.raw)
    bom = 1 if source.has_bom else 0
    for shift in (bom, 0) if bom else (0,):
        # counted in the raw text: CRLF as two characters, with or without the BOM
        s, e = start + shift, end + shift
        if 0 <= s <= e <= raw_len:
            spans.append((source.to_canonical[s], source.to_canonical[e]))
    if bom:
        spans.append((start - 1, end - 1))  # the canonical text with the BOM counted
    seen: list[tuple[int, int]] = []
    for span in spans:
        if span not in seen and 0 <= span[0] <= span[1] <= len(source.canonical):
            seen.append(span)
    return seen


def place(source: SourceText, start: int, end: int, text: str | None) -> Placed | Unplaced:
    """The canonical span of a selection given by a tool's offsets and, if the tool wrote it,
    its text."""
    if end <= start:
        return Unplaced("empty")
    candidates = _candidates(source, start, end)
    wanted = canonical_text(text or "")
    if not wanted.strip():
        # No text to check against: the offsets as the standard means them (characters of the
        # file as stored, so a CRLF counts twice when the file has them).
        span = candidates[1] if len(candidates) > 1 and "\r" in source.raw else (candidates[0] if candidates else None)
        if span is None or not source.canonical[span[0]:span[1]].strip():
            return Unplaced("outside")
        return Placed(span[0], span[1], False)
    for index, (s, e) in enumerate(candidates):
        if source.canonical[s:e] == wanted or _folded(source.canonical[s:e]) == _folded(wanted):
            return Placed(s, e, index > 0)
    return _search(source.canonical, wanted, start)


def _search(text: str, wanted: str, near: int) -> Placed | Unplaced:
    words = wanted.split()
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
    found = [(m.start(), m.end()) for m in pattern.finditer(text)]
    if not found:
        return Unplaced("not_found")
    distances = sorted((abs(s - near), s, e) for s, e in found)
    if len(distances) > 1 and distances[0][0] == distances[1][0]:
        return Unplaced("ambiguous")
    _, s, e = distances[0]
    return Placed(s, e, True)


# --- canonical offsets to turns -----------------------------------------------------------------


@dataclass(frozen=True)
class TurnSpan:
    """Where one turn's text lies in the source: the source position of each of its characters."""

    positions: list[int]

    @property
    def start(self) -> int:
        return self.positions[0]

    @property
    def end(self) -> int:
        return self.positions[-1] + 1


def turn_spans(text: str, turns: Sequence[str]) -> list[TurnSpan | None]:
    """Each turn's characters found in `text`, in order; None for a turn that is not there as
    written (a parser that rewrote more than whitespace)."""
    spans: list[TurnSpan | None] = []
    position = 0
    for turn in turns:
        words = turn.split()
        if not words:
            spans.append(None)
            continue
        match = re.compile(r"\s+".join(re.escape(word) for word in words)).search(text, position)
        if match is None:
            spans.append(None)
            continue
        spans.append(TurnSpan(_char_positions(text, match.start(), turn)))
        position = match.end()
    return spans


def _char_positions(text: str, at: int, turn: str) -> list[int]:
    """The source position of each character of `turn`, read from `at` (a whitespace run in the
    turn stands for the whitespace run in the source; its characters map to the run's start,
    the rest one to one)."""
    positions = []
    i = at
    j = 0
    while j < len(turn):
        if turn[j].isspace():
            run_start = i
            while i < len(text) and text[i].isspace():
                i += 1
            while j < len(turn) and turn[j].isspace():
                positions.append(run_start)
                j += 1
        else:
            positions.append(i)
            i += 1
            j += 1
    return positions


@dataclass(frozen=True)
class InTurn:
    turn: int  # index into the turns
    start: int  # code-point offsets into that turn's text
    end: int


def in_turn(spans: Sequence[TurnSpan | None], turns: Sequence[str], start: int, end: int) -> InTurn | Unplaced:
    """The turn a canonical span lies in and its offsets there. A span that starts in the label
    before a turn's text (a coder who took the whole paragraph) begins at the turn's text."""
    for index, span in enumerate(spans):
        if span is None:
            continue
        previous_end = next((s.end for s in reversed(spans[:index]) if s is not None), 0)
        if not (previous_end <= start < span.end and end > span.start):
            continue
        if end > span.end:
            following = next((s for s in spans[index + 1:] if s is not None), None)
            # only whitespace (and nothing of the next turn) after the turn's text
            if following is not None and end > following.start:
                return Unplaced("spans_turns")
        text = turns[index]
        first = next((j for j, p in enumerate(span.positions) if p >= start), None)
        last = next((j for j in range(len(span.positions) - 1, -1, -1) if span.positions[j] < end), None)
        if first is None or last is None or last < first:
            return Unplaced("outside")
        s, e = first, last + 1
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s == e:
            return Unplaced("outside")
        return InTurn(index, s, e)
    return Unplaced("outside")
