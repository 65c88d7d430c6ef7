"""Plain text and Markdown transcripts → paragraphs of lines → speaker turns.

Paragraphs are separated by blank lines. In Markdown, headings (``# ...``), rules (``---``,
``***``, setext underlines) and blockquote markers (``> ``) are layout, not speech: headings and
rules end a paragraph and are dropped. Bold labels (``**I:**``, ``**Borger 1**:``) are read by the
shared label rules in `bikva.intake.importers.turns`, which also get each line's number for
their warnings. Markdown's hard line break (two trailing spaces) is only layout.
"""

from __future__ import annotations

import re

from bikva.intake.importers.turns import Context, RawTurn, turns_from_paragraphs

_HEADING = re.compile(r" {0,3}#{1,6}(?:\s|$)")
_RULE = re.compile(r" {0,3}([-*_=])(?:\s*\1){2,}\s*")
_QUOTE_MARK = re.compile(r"^ {0,3}>\s?")


def numbered_paragraphs(text: str, markdown: bool = False) -> tuple[list[list[str]], list[list[int]]]:
    """Blank-line separated paragraphs (each a list of its non-blank lines) and line numbers."""
    result: list[list[str]] = [[]]
    numbers: list[list[int]] = [[]]
    for number, line in enumerate(text.split("\n"), start=1):
        if markdown:
            if _HEADING.match(line) or _RULE.fullmatch(line):
                line = ""
            else:
                line = _QUOTE_MARK.sub("", line, count=1)
        if line.strip():
            result[-1].append(line.rstrip())
            numbers[-1].append(number)
        elif result[-1]:
            result.append([])
            numbers.append([])
    kept = [i for i, lines in enumerate(result) if lines]
    return [result[i] for i in kept], [numbers[i] for i in kept]


def paragraphs(text: str, markdown: bool = False) -> list[list[str]]:
    return numbered_paragraphs(text, markdown)[0]


def parse(text: str, context: Context, markdown: bool = False) -> list[RawTurn]:
    lines, numbers = numbered_paragraphs(text, markdown)
    return turns_from_paragraphs(lines, context, numbers)
