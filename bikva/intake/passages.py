"""Finding an evaluator's passage in transcript turns, whatever its whitespace and line breaks.

The passage is matched token by token with any run of whitespace between tokens, so a quote
copied from a PDF, a Word file or a wrapped terminal still finds its place. The match gives
code-point offsets into the stored turn text, which is what quotes keep. A passage that starts
or ends inside a word does not match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

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
    tokens = passage.split()
    if not tokens:
        return None
    body = any_whitespace(passage)
    # A passage is whole words: "Det" must not match inside "Detaljer".
    before = r"(?<!\w)" if re.match(r"\w", tokens[0]) else ""
    after = r"(?!\w)" if re.search(r"\w$", tokens[-1]) else ""
    return re.compile(before + body + after)


def find_passage(passage: str, turns: Iterable[Turn]) -> list[PassageMatch]:
    pattern = passage_pattern(passage)
    if pattern is None:
        return []
    return [
        PassageMatch(turn, m.start(), m.end())
        for turn in turns
        for m in pattern.finditer(turn.text)
    ]
