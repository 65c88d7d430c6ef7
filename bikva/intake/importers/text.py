"""Plain text and Markdown transcripts → paragraphs of lines → speaker turns.

Paragraphs are separated by blank lines. In Markdown, headings (``# ...``), rules (``---``,
``***``, setext underlines) and blockquote markers (``> ``) are layout, not speech: headings and
rules end a paragraph and are dropped. Bold labels (``**I:**``, ``**Borger 1**:``) are read by the
shared label rules in `bikva.intake.importers.turns`.
"""

from __future__ import annotations

import re

from bikva.intake.importers.turns import Interviewers, RawTurn, turns_from_paragraphs

_HEADING = re.compile(r" {0,3}#{1,6}(?:\s|$)")
_RULE = re.compile(r" {0,3}([-*_=])(?:\s*\1){2,}\s*")
_QUOTE_MARK = re.compile(r"^ {0,3}>\s?")


def paragraphs(text: str, markdown: bool = False) -> list[list[str]]:
    """Blank-line separated paragraphs, each a list of its non-blank lines."""
    result: list[list[str]] = [[]]
    for line in text.split("\n"):
        if markdown:
            if _HEADING.match(line) or _RULE.fullmatch(line):
                line = ""
            else:
                line = _QUOTE_MARK.sub("", line, count=1)
        if line.strip():
            result[-1].append(line)
        elif result[-1]:
            result.append([])
    return [lines for lines in result if lines]


def parse(text: str, interviewers: Interviewers, markdown: bool = False) -> list[RawTurn]:
    return turns_from_paragraphs(paragraphs(text, markdown), interviewers)
