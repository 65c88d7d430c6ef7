"""Finding an evaluator's passage in transcript turns, however it was copied or typed.

Both the passage and the turns are put in one normal form first (`intake/normalise.py`: curly
and straight quotes, every dash, `…` and `...`, non-breaking spaces and soft hyphens count as the
same), and the passage is then matched token by token with any run of whitespace between tokens,
so a quote copied from a PDF, a Word file or a wrapped terminal still finds its place. The match
gives code-point offsets into the stored turn text (mapped back through the normal form), which
is what quotes keep. A passage that starts or ends inside a word does not match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bikva.intake.normalise import normalise
from models.turn import Turn


@dataclass(frozen=True)
class PassageMatch:
    turn: Turn
    start: int
    end: int


def any_whitespace(text: str) -> str:
    """A regex for `text` in which each run of whitespace matches any run of whitespace."""
    return r"\s+".join(re.escape(token) for token in text.split())


def passage_pattern(passage: str) -> re.Pattern[str] | None:
    """The pattern for `passage` in normalised text (see `find_passage`)."""
    tokens = normalise(passage).text.split()
    if not tokens:
        return None
    body = any_whitespace(" ".join(tokens))
    # A passage is whole words: "Det" must not match inside "Detaljer".
    before = r"(?<!\w)" if re.match(r"\w", tokens[0]) else ""
    after = r"(?!\w)" if re.search(r"\w$", tokens[-1]) else ""
    return re.compile(before + body + after)


def find_passage(passage: str, turns: Iterable[Turn]) -> list[PassageMatch]:
    pattern = passage_pattern(passage)
    if pattern is None:
        return []
    matches = []
    for turn in turns:
        normal = normalise(turn.text)
        for m in pattern.finditer(normal.text):
            start, end = normal.span(m.start(), m.end())
            matches.append(PassageMatch(turn, start, end))
    return matches
