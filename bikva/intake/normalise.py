"""One normal form for text typed, copied or pasted from anywhere, with a way back to the original.

`normalise(text)` gives a `Normalised`: `.text` is the normal form, and `.span(start, end)` maps
a [start, end) span of `.text` back to code-point offsets in the original (the smallest original
span covering it). Passage matching and the de-identification guard compare normal forms, so a
quote copied from Word or a name spelt with look-alike letters still finds its place, and the
offsets stored or reported are always those of the original text.

What it does, in this order, one character at a time (a base character together with the
combining marks after it counts as one, so a decomposed `å` becomes the composed one):

1. Removed: soft hyphen U+00AD, zero-width space, non-joiner and joiner U+200B-U+200D, word
   joiner U+2060 and the byte-order mark / zero-width no-break space U+FEFF.
2. Straight quotes for curly ones and primes: ‘ ’ ‚ ‛ ′ ‵ ‹ › ʼ ´ ` become `'`;
   “ ” „ ‟ ″ ‶ « » become `"`. Guillemets are Danish quotation marks (»sådan«), so a passage copied
   from a Danish report must match a transcript written with straight quotes; a Danish
   keyboard's ´ and ` are commonly typed as apostrophes.
3. Every dash and minus sign becomes `-`: all of Unicode category Pd (‐ ‑ ‒ – — ― ⸺ ﹣ － ...)
   and the minus signs − ➖ ˗ ⁻ ₋.
4. Unicode NFKC on everything else: compatibility forms (ligatures such as ﬁ become fi,
   full-width and mathematical letters become plain ones, superscript digits plain digits,
   `…` becomes `...`), and non-breaking, narrow, thin and other fixed-width spaces become a
   plain space. Tabs and line breaks are left as they are (callers match any whitespace).
5. Look-alike letters of other scripts (Cyrillic `а`, Greek `ο`, Cyrillic `ӕ` for `æ`, ...)
   become the letter of the Danish alphabet (a-z, æ ø å) they look like, from the Unicode
   confusables data (UTS #39, shipped by the `confusable-homoglyphs` package), but only inside a
   word that also has Latin letters, or in a word made wholly of such look-alikes standing next
   to a Latin word. Latin letters, Danish æ ø å included, are never changed, and neither is a
   Greek or Cyrillic word in its own context.

Case is not folded: callers that want to can casefold `.text`.
"""

from __future__ import annotations

import html
import re
import unicodedata
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

_REMOVED = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u2035\u2039\u203a\u02bc\u00b4\u0060"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb"
_MINUS_SIGNS = "\u2212\u2796\u02d7\u207b\u208b"

_TABLE: dict[str, str] = {c: "" for c in _REMOVED}
_TABLE.update({c: "'" for c in _SINGLE_QUOTES})
_TABLE.update({c: '"' for c in _DOUBLE_QUOTES})
_TABLE.update({c: "-" for c in _MINUS_SIGNS})


def _replacement(char: str) -> str | None:
    """What steps 1-3 make of one character, or None when they leave it to NFKC."""
    if char in _TABLE:
        return _TABLE[char]
    if char != "-" and unicodedata.category(char) == "Pd":
        return "-"
    return None


@dataclass(frozen=True)
class Normalised:
    """The normal form of `original`; `starts[i]`/`ends[i]` is the original span of `text[i]`."""

    original: str
    text: str
    starts: Sequence[int]
    ends: Sequence[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The smallest span of the original covering `text[start:end]`."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside 0:{len(self.text)}")
        if start == end:
            # An empty span sits before the character at `start` (or at the very end).
            here = self.starts[start] if start < len(self.text) else len(self.original)
            return here, here
        return self.starts[start], self.ends[end - 1]


@lru_cache(maxsize=1024)
def normalise(text: str) -> Normalised:
    """The normal form of `text` (see the module's description). Cached: a level's turns are
    normalised once for all the passages looked for in them."""
    if text.isascii() and "`" not in text:
        # The common case, untouched by every step: the identity mapping.
        return Normalised(text, text, range(len(text)), range(1, len(text) + 1))
    chars: list[str] = []
    # Compact (8 bytes an offset): normal forms are cached, and a transcript can be long.
    starts = array("q")
    ends = array("q")
    for begin, end in _clusters(text):
        cluster = text[begin:end]
        replaced = _replacement(cluster) if end - begin == 1 else None
        if replaced is None:
            replaced = "".join(
                r if (r := _replacement(c)) is not None else c
                for c in unicodedata.normalize("NFKC", cluster)
            )
        for char in replaced:
            chars.append(char)
            starts.append(begin)
            ends.append(end)
    _unconfuse(chars)
    return Normalised(text, "".join(chars), starts, ends)


def _clusters(text: str):
    """[begin, end) of each base character with the combining marks that follow it."""
    begin = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or not unicodedata.combining(text[index]):
            yield begin, index
            begin = index


def _unconfuse(chars: list[str]) -> None:
    """Step 5, in place: look-alike letters in or next to Latin words become Latin ones.
    Each look-alike maps to one character, so the offsets stay as they are."""
    words = _words(chars)
    latin = [any(_script(chars[i]) == "LATIN" for i in range(b, e)) for b, e in words]
    for number, (begin, end) in enumerate(words):
        letters = range(begin, end)
        if not latin[number]:
            lookalikes = all(chars[i] in _skeletons() for i in letters if chars[i].isalpha())
            beside_latin = (number > 0 and latin[number - 1]) or (number + 1 < len(words) and latin[number + 1])
            if not (lookalikes and beside_latin):
                continue
        for i in letters:
            skeleton = _skeletons().get(chars[i])
            if skeleton is not None and _script(chars[i]) != "LATIN":
                chars[i] = skeleton


def _words(chars: list[str]) -> list[tuple[int, int]]:
    """[begin, end) of each run of letters and marks."""
    words = []
    begin = None
    for index, char in enumerate(chars + [" "]):
        wordy = unicodedata.category(char)[0] in "LM"
        if wordy and begin is None:
            begin = index
        elif not wordy and begin is not None:
            words.append((begin, index))
            begin = None
    return words


@lru_cache(maxsize=4096)
def _script(char: str) -> str:
    if char.isascii():
        return "LATIN" if char.isalpha() else "COMMON"
    from confusable_homoglyphs.categories import alias

    return alias(char)


@lru_cache(maxsize=1)
def _skeletons() -> dict[str, str]:
    """Letters of other scripts that look like one letter of the Danish alphabet (a-z, æ ø å),
    mapped to that letter, from the Unicode confusables data the package ships. Look-alikes of
    other Latin letters (Greek β for ß) are left alone: names and words here are Danish."""
    from confusable_homoglyphs.confusables import confusables_data

    # Cyrillic ӕ is listed as looking like "ae", as æ is: such a letter is taken for æ.
    danish = {h["c"]: letter for letter in "æøåÆØÅ" for h in confusables_data.get(letter, [])}
    table = {}
    for char, homoglyphs in confusables_data.items():
        if len(char) != 1 or not char.isalpha() or _script(char) in ("LATIN", "COMMON"):
            continue
        looks = [h["c"] for h in homoglyphs]
        plain = [c for c in looks if len(c) == 1 and c.isascii() and c.isalpha()]
        if plain:
            table[char] = plain[0]
        elif any(c in danish for c in looks):
            table[char] = next(danish[c] for c in looks if c in danish)
    return table


_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
# What an entity must not be decoded to: Markdown's and HTML's own signs keep their meaning.
_MARKUP = set("\\`*_{}[]()#+!<>|&\"'")


def decode_entities(text: str) -> str:
    """HTML character references decoded ("M&#101;tte" is "Mette"), except those standing for a
    sign Markdown or HTML would read as markup ("&lt;", "&#42;"), which stay as written."""
    def decode(match: re.Match[str]) -> str:
        decoded = html.unescape(match.group())
        return match.group() if decoded == match.group() or set(decoded) & _MARKUP else decoded

    return _ENTITY.sub(decode, text) if "&" in text else text
