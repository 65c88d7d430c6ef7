"""Offsets between the browser and the database.

Browsers count a text's positions in UTF-16 code units (an emoji outside the Basic Multilingual
Plane counts 2); quotes keep code-point offsets into the turn text (Python's str positions, what
the REFI-QDA export needs). The conversion happens here, at the boundary, in both directions, and
a position inside a surrogate pair is refused rather than rounded. A combining accent is one code
point and one UTF-16 unit, so it needs nothing.

`segments` cuts a turn's text at the quotes' code-point offsets for highlighting, so the page
shows exactly the stored passage whatever precedes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bikva.errors import BikvaError


def _units(character: str) -> int:
    return 2 if ord(character) > 0xFFFF else 1


def code_point_offset(text: str, utf16_offset: int) -> int:
    """The code-point position in `text` of the browser's UTF-16 position `utf16_offset`."""
    if utf16_offset < 0:
        raise BikvaError("web.offsets.outside", offset=utf16_offset)
    units = 0
    for index, character in enumerate(text):
        if units == utf16_offset:
            return index
        units += _units(character)
        if units > utf16_offset:
            raise BikvaError("web.offsets.inside_character", offset=utf16_offset)
    if units == utf16_offset:
        return len(text)
    raise BikvaError("web.offsets.outside", offset=utf16_offset)


def utf16_offset(text: str, code_point: int) -> int:
    """The browser's UTF-16 position of the code-point position `code_point` in `text`."""
    if not 0 <= code_point <= len(text):
        raise BikvaError("web.offsets.outside", offset=code_point)
    return sum(_units(character) for character in text[:code_point])


@dataclass(frozen=True)
class Segment:
    text: str
    quotes: tuple[int, ...]  # the quotes this piece belongs to (empty: none)


def segments(text: str, spans: Iterable[tuple[int, int, int]]) -> list[Segment]:
    """`text` cut at every quote boundary: (quote id, start, end) in code points; overlapping
    quotes give pieces that belong to both."""
    spans = [(q, max(0, s), min(len(text), e)) for q, s, e in spans if s < e]
    cuts = sorted({0, len(text), *(s for _q, s, _e in spans), *(e for _q, _s, e in spans)})
    pieces = []
    for start, end in zip(cuts, cuts[1:]):
        inside = tuple(sorted(q for q, s, e in spans if s <= start and end <= e))
        pieces.append(Segment(text[start:end], inside))
    return pieces
