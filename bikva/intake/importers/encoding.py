"""Bytes of a text file → str with ``\\n`` newlines, or a BikvaError naming the file.

Order of guesses: a byte-order mark (UTF-8, UTF-16 LE/BE) decides; BOM-less UTF-16 is recognised
by its NUL bytes falling on every other position; any other NUL byte means binary; then strict
UTF-8; then strict Windows-1252 (what Danish Word and Notepad wrote for years). Bytes that fit none
of these (e.g. 0x81, undefined in cp1252) make the encoding unreadable. Decoded text holding
control characters other than tab and line breaks is binary junk and is refused as well.

A file that is not valid UTF-8 but holds UTF-8 letters (``Ã¦`` read as cp1252 is ``æ``) mixes
the two: read as Windows-1252 its UTF-8 letters would come out garbled, and read as UTF-8 its
Windows-1252 letters would be lost. It is refused, naming the first line that is not UTF-8, so
the evaluator can save it again in one encoding.
"""

from __future__ import annotations

import codecs
import re

from bikva.errors import BikvaError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SNIFF_BYTES = 4096
# C0 controls except tab/LF/CR/VT/FF (line breaks, normalised below), DEL and C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_NEWLINES = re.compile("\r\n|[\r\x0b\x0c\u2028]")
# UTF-8 for letters and typographic marks Danish text uses (Latin-1 letters, Latin Extended-A,
# dashes, quotes, ellipsis), which Windows-1252 text practically never holds by chance.
_UTF8_LETTER = re.compile(rb"[\xc3\xc4\xc5][\x80-\xbf]|\xe2\x80[\x93\x94\x98\x99\x9c\x9d\xa6]")


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when NULs sit on odd/even positions as Latin text in UTF-16 does."""
    sample = data[: _SNIFF_BYTES - _SNIFF_BYTES % 2]
    if len(sample) < 2 or len(sample) % 2:
        return None
    pairs = len(sample) // 2
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    if odd_nuls >= 0.3 * pairs and even_nuls <= 0.02 * pairs:
        return "utf-16-le"
    if even_nuls >= 0.3 * pairs and odd_nuls <= 0.02 * pairs:
        return "utf-16-be"
    return None


def _decode(data: bytes, file: str) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], codec, file)
    codec = _utf16_without_bom(data)
    if codec:
        return _strict(data, codec, file)
    if b"\x00" in data:
        raise BikvaError("import.binary", file=file)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if _UTF8_LETTER.search(data):
            line = data.count(b"\n", 0, error.start) + 1
            raise BikvaError("import.mixed_encoding", file=file, line=line) from None
        return _strict(data, "cp1252", file)


def _strict(data: bytes, codec: str, file: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        raise BikvaError("import.unreadable_encoding", file=file) from None


def decode(data: bytes, file: str) -> str:
    """The file's text with newlines normalised to ``\\n``; refuses binary and unknown encodings."""
    text = _NEWLINES.sub("\n", _decode(data, file)).replace("\u2029", "\n\n")
    if _CONTROL.search(text):
        raise BikvaError("import.binary", file=file)
    return text
