"""The shared normal form (bikva/intake/normalise.py): every class of variant it evens out, what
it leaves alone, and offsets that lead back to exactly the original characters."""

from __future__ import annotations

import pytest

from bikva.intake.normalise import normalise


@pytest.mark.parametrize(
    "typed, normal",
    [
        # compatibility forms: ligatures, full-width letters and digits, mathematical letters
        ("ﬁnde ﬂere", "finde flere"),
        ("ＪＯＢＣＥＮＴＥＲ １２", "JOBCENTER 12"),
        ("𝐌𝐞𝐭𝐭𝐞", "Mette"),
        ("x²", "x2"),
        # invisible characters
        ("sags\u00adbehandler", "sagsbehandler"),
        ("Met\u200bte\u200c\u200d\u2060\ufeff", "Mette"),
        # spaces that are not plain spaces
        ("100\u00a0kr.", "100 kr."),
        ("a\u202fb\u2009c\u2007d\u3000e", "a b c d e"),
        # dashes and minus signs
        ("a‐b‑c‒d–e—f―g−h﹣i－j⸺k", "a-b-c-d-e-f-g-h-i-j-k"),
        ("➖5 ˗3 ⁻2", "-5 -3 -2"),
        # quotes and primes
        ("‘a’ ‚b‛ ′c ʼd Anne´s it`s", "'a' 'b' 'c 'd Anne's it's"),
        ("“a” „b‟ «c» »d« 5″", '"a" "b" "c" "d" 5"'),
        ("‹e›", "'e'"),
        # ellipsis
        ("og så…", "og så..."),
        # look-alike letters of other scripts in a Latin word, or beside one
        ("Mеttе", "Mette"),  # Cyrillic е
        ("Hοlmstrup", "Holmstrup"),  # Greek ο
        ("ringede til Ѕаrа", "ringede til Sara"),  # a word all of Cyrillic look-alikes beside Latin ones
        ("Sӕbø", "Sæbø"),  # Cyrillic ӕ looks like æ
        ("Aβe", "Aβe"),  # β looks like ß, not like a Danish letter: left alone
        # decomposed Danish letters become the composed ones
        ("a\u030arhus", "århus"),
    ],
)
def test_variants_become_one_normal_form(typed, normal):
    assert normalise(typed).text == normal


@pytest.mark.parametrize(
    "text",
    [
        "Blåbærgrød på Ærø, søsterens øl",
        "ÆØÅ æøå é ü ß",
        "Привет, как дела",  # a Cyrillic sentence stays Cyrillic
        "α β γ",  # and Greek letters on their own stay Greek
        "Jeg er 'selv' tovholder - \"sådan\" ... ok\tslut\n",
        "Det Er STORT og småt",  # case is kept
    ],
)
def test_ordinary_text_is_left_as_it_is(text):
    normal = normalise(text)
    assert normal.text == text
    assert [normal.span(i, i + 1) for i in range(len(text))] == [(i, i + 1) for i in range(len(text))]


def test_offsets_lead_back_to_the_original_characters():
    original = "Sags\u00adbe\u200bhandler: „ﬁne“ – ok…\u00a0Mеtte"
    normal = normalise(original)
    assert normal.text == 'Sagsbehandler: "fine" - ok... Mette'
    for word in ("Sagsbehandler", '"fine"', "-", "ok...", "Mette"):
        start = normal.text.index(word)
        begin, end = normal.span(start, start + len(word))
        assert normalise(original[begin:end]).text == word
    # exactly: the original text of each piece
    at = normal.text.index
    assert original[slice(*normal.span(at("Sags"), at(":")))] == "Sags\u00adbe\u200bhandler"
    assert original[slice(*normal.span(at('"fine"'), at('"fine"') + 6))] == "„ﬁne“"
    assert original[slice(*normal.span(at("ok"), at("ok") + 5))] == "ok…"
    assert original[slice(*normal.span(at("Mette"), len(normal.text)))] == "Mеtte"


def test_a_character_that_becomes_several_maps_back_whole():
    normal = normalise("aﬁb…c")
    assert normal.text == "afib...c"
    # part of what ﬁ became still means all of ﬁ: the smallest original span covering it
    assert normal.span(1, 2) == (1, 2)
    assert normal.span(2, 3) == (1, 2)
    assert normal.span(1, 3) == (1, 2)
    assert normal.span(4, 5) == (3, 4)
    assert normal.span(5, 6) == (3, 4)
    assert normal.span(4, 7) == (3, 4)
    assert normal.span(0, 8) == (0, 5)
    assert normal.span(7, 8) == (4, 5)


def test_removed_characters_are_left_outside_a_span_that_does_not_need_them():
    original = "\u200bord\u00ad"
    normal = normalise(original)
    assert normal.text == "ord"
    assert normal.span(0, 3) == (1, 4)
    assert normal.span(0, 0) == (1, 1)
    assert normal.span(3, 3) == (5, 5)


def test_a_span_outside_the_text_is_an_error():
    with pytest.raises(ValueError):
        normalise("abc").span(2, 4)


def test_offsets_are_code_points_also_beyond_the_basic_plane():
    original = "😀 “Mette”"
    normal = normalise(original)
    assert normal.text == '😀 "Mette"'
    start = normal.text.index("Mette")
    assert normal.span(start, start + 5) == (3, 8)
