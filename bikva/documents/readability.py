"""LIX (læsbarhedsindeks, Björnsson 1968), the readability measure Danish writers use:
words per sentence plus the share of long words (more than six letters) in per cent.

    LIX = words / sentences + 100 × long words / words

Below 25 is very easy (children's books), 25–34 easy, 35–44 medium (most newspapers), 45–54
hard, 55 and above very hard (academic prose). A text for everyone who took part should stay
under about 40. A sentence ends at a full stop, an exclamation or a question mark, a colon, or
a line break (a heading or a list item is read as one); a number is not a word.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?:]+(?=\s|$)|\n+")
BANDS = ((25, "very_easy"), (35, "easy"), (45, "medium"), (55, "hard"))


def lix(text: str) -> float:
    words = _WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(1, len([part for part in _SENTENCE_END.split(text) if _WORD.search(part)]))
    long_words = sum(len(word.replace("-", "").replace("'", "").replace("’", "")) > 6 for word in words)
    return len(words) / sentences + 100 * long_words / len(words)


def lix_band(score: float) -> str:
    """very_easy | easy | medium | hard | very_hard"""
    return next((band for limit, band in BANDS if score < limit), "very_hard")
