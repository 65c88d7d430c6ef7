"""Decoding transcript bytes: BOMs, UTF-16, Windows-1252, newlines, binary and junk."""

from __future__ import annotations

import pytest
from importer_samples import informant, interviewer, parse_refused, turns, write

from bikva.errors import BikvaError
from bikva.intake.importers.encoding import decode

DANISH = "I: Hvordan går det?\r\nBorger: Æblet, øen og åen – “fint”…\r\n"
EXPECTED = [
    interviewer("I", "Hvordan går det?"),
    informant("Borger", "Æblet, øen og åen – “fint”…"),
]


@pytest.mark.parametrize(
    "data",
    [
        DANISH.encode("utf-8"),
        b"\xef\xbb\xbf" + DANISH.encode("utf-8"),
        b"\xff\xfe" + DANISH.encode("utf-16-le"),
        b"\xfe\xff" + DANISH.encode("utf-16-be"),
        DANISH.encode("utf-16-le"),
        DANISH.encode("utf-16-be"),
        DANISH.encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be", "cp1252"],
)
def test_every_supported_encoding_gives_the_same_turns(tmp_path, data):
    assert turns(tmp_path, "r1.txt", data) == EXPECTED


def test_cp1252_bytes_for_danish_letters():
    assert decode(b"Borger: \xe6\xf8\xe5 \xc6\xd8\xc5", "x.txt") == "Borger: æøå ÆØÅ"


def test_newlines_are_normalised():
    assert decode(b"a\r\nb\rc\nd\x0ce\x0bf", "x.txt") == "a\nb\nc\nd\ne\nf"
    assert decode("a\u2028b\u2029c".encode(), "x.txt") == "a\nb\n\nc"


def test_bom_is_dropped():
    assert decode(b"\xef\xbb\xbfWEBVTT", "x.vtt") == "WEBVTT"


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b"Borger: \x81 ukendt tegn", "import.unreadable_encoding"),
        (b"\xef\xbb\xbfBorger: \xff\xfe", "import.unreadable_encoding"),
        (b"\xff\xfeI\x00:", "import.unreadable_encoding"),  # odd length UTF-16
        (b"I: hej\x00\x00\x07\x00junk", "import.binary"),
        (b"I: hej \x1b[31m farve", "import.binary"),
        ("I: hej \u0085".encode(), "import.binary"),
        (bytes(range(256)) * 4, "import.binary"),
    ],
)
def test_unreadable_and_binary_bytes_are_refused(data, key):
    with pytest.raises(BikvaError) as caught:
        decode(data, "junk.txt")
    assert (caught.value.key, caught.value.params) == (key, {"file": "junk.txt"})


def test_binary_junk_in_a_txt_file_is_refused_with_its_name(tmp_path):
    parse_refused(write(tmp_path, "billede.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
                  "import.binary")
