"""The de-identification patterns on plain text: each kind hits, and what a transcript is full
of (sentence-initial capitals, placeholders, ordinary words, dates, numbers) does not."""

from __future__ import annotations

import pytest

from bikva.protection.deidentify import KINDS, Hit, find_identifying, municipality_names


def hits(text: str, names=(), local_names=()) -> list[tuple[str, str]]:
    return [(h.kind, h.text) for h in find_identifying(text, names=names, local_names=local_names)]


def test_a_hit_knows_where_it_is():
    text = "Vi bor i Holmstrup nu."
    [hit] = find_identifying(text, names=[], local_names=[])
    assert hit == Hit("unknown_capitalised", "Holmstrup", 9, 18)
    assert text[hit.start : hit.end] == "Holmstrup"
    assert hit.kind in KINDS


# ---------------------------------------------------------------- registered names


def test_a_registered_name_hits_in_full_and_by_first_name():
    names = ["Karen Holm"]
    assert hits("Det var Karen Holm, der ringede.", names) == [("name", "Karen Holm")]
    assert hits("Jeg ringede til karen  holm i går.", names) == [("name", "karen  holm")]
    assert hits("Karen ringede tilbage.", names) == [("name", "Karen")]
    assert hits("Vi talte med fru Holm om det.", names) == [("name", "Holm")]


def test_a_registered_name_hits_in_the_genitive_and_only_as_a_whole_word():
    assert hits("Det var Mettes idé.", ["Mette"]) == [("name", "Mette")]
    assert hits("Ib kom ikke, men ibuprofen hjalp.", ["Ib"]) == [("name", "Ib")]


def test_a_name_that_is_also_an_everyday_word_needs_a_capital():
    assert hits("Vi vil gerne bo i byen, og holmen er smuk.", ["Bo Holm"]) == []
    assert hits("Det var Bo, der sagde det.", ["Bo Holm"]) == [("name", "Bo")]


def test_local_names_hit_in_any_case_but_are_not_split_into_words():
    local = ["Børnehuset Solsikken", "Holmstrup Kommune"]
    assert hits("Hun går i børnehuset solsikken.", local_names=local) == [("local", "børnehuset solsikken")]
    assert hits("Brevet fra Holmstrup Kommunes jobcenter.", local_names=local) == [("local", "Holmstrup Kommune")]
    assert hits("Det er kommunen, der bestemmer i sidste ende.", local_names=local) == []


# ---------------------------------------------------------------- municipalities


def test_the_list_holds_denmarks_98_municipalities():
    names = municipality_names()
    assert len(names) == len(set(names)) == 98
    assert {"Københavns Kommune", "Aarhus Kommune", "Skive Kommune", "Bornholms Regionskommune"} <= set(names)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Jeg flyttede hertil fra Aarhus for to år siden.", "Aarhus"),
        ("Det er ligesom i Københavns Kommune.", "Københavns Kommune"),
        ("Hun bor i København.", "København"),
        ("Jeg har også prøvet skive kommune.", "skive kommune"),
        ("Aarhus er en god by.", "Aarhus"),
        ("Jeg bor uden for Skive.", "Skive"),
        ("Det var i Høje Taastrup.", "Høje Taastrup"),
        ("Han kom fra Århus.", "Århus"),
        ("Jeg var i Vejen sidste år.", "Vejen"),
        ("Mette fra Holmstrup Kommune ringede.", "Holmstrup Kommune"),
    ],
)
def test_municipalities_hit(text, found):
    assert ("municipality", found) in hits(text)


def test_municipality_names_that_are_everyday_words_do_not_hit_as_words():
    # "Vejen" and "Skive" at the start of a sentence are more likely the road and a slice.
    assert hits("Vejen er lang, og en skive brød er nok. Skive det tyndt. Min kommune er god.") == []


# ---------------------------------------------------------------- numbers and addresses


@pytest.mark.parametrize("number", ["010190-1234", "0101901234", "290200-4321"])
def test_cpr_numbers_with_a_real_date_hit(number):
    assert hits(f"Mit cpr-nummer er {number}, skriv det ned.") == [("cpr", number)]


@pytest.mark.parametrize("number", ["320190-1234", "011390-1234", "290201-1234"])
def test_ten_digits_without_a_real_date_are_not_cpr_numbers(number):
    assert ("cpr", number) not in hits(f"Sagen har nummer {number}.")


@pytest.mark.parametrize("number", ["23 45 67 89", "2345 6789", "23456789", "+45 23 45 67 89", "+4523456789"])
def test_danish_phone_numbers_hit(number):
    assert hits(f"Ring til mig på {number} i morgen.") == [("phone", number)]


def test_e_mail_addresses_hit():
    assert hits("Skriv til mette.hansen@holmstrup.dk i morgen.") == [("email", "mette.hansen@holmstrup.dk")]


@pytest.mark.parametrize(
    "address",
    ["Holmevej 12", "Vestergade 3B", "Holmevej 12, 2. tv.", "Store Kongensgade 5, st. th.",
     "H.C. Andersens Boulevard 27", "Kirkepladsen 4"],
)
def test_street_addresses_hit(address):
    assert hits(f"Jeg bor på {address} og har gjort det længe.") == [("address", address)]


@pytest.mark.parametrize(
    "text",
    [
        "Det var den 3. marts 2026 kl. 10.00-11.50.",
        "Vi blev lovet 35 borgere hver, og jeg har 58.",
        "Fra 2024 2025 var det værre, og i 2024-2025 også.",
        "Det er 10.02.2026, og sagen har nr. 112.",
        "Jeg har haft seks sagsbehandlere på fire år, og 31 år som tømrer.",
        "Beløbet var 12.345 kr. om måneden, og 1.500 kr. i tillæg.",
    ],
)
def test_dates_years_and_short_numbers_do_not_hit(text):
    assert hits(text) == []


# ---------------------------------------------------------------- capitalised words


def test_an_unknown_capitalised_word_mid_sentence_hits():
    assert hits("Vi bor i Holmstrup, og det er fint.") == [("unknown_capitalised", "Holmstrup")]
    assert hits("Det er første gang nogen fra Jobcenter Holmstrup har spurgt.") == [
        ("unknown_capitalised", "Holmstrup")
    ]
    assert hits("Han hedder vist Kjærgaard til efternavn.") == [("unknown_capitalised", "Kjærgaard")]


def test_common_first_names_and_surnames_hit_although_wordfreq_knows_them():
    assert hits("Nu ringer jeg til Lone, det gør jeg.") == [("unknown_capitalised", "Lone")]
    assert hits("Mette ringede altid tilbage.") == [("unknown_capitalised", "Mette")]
    assert hits("Vi talte med fru Hansen om det.") == [("unknown_capitalised", "Hansen")]


def test_surnames_hit_but_definite_nouns_ending_in_sen_do_not():
    assert hits("Det var Olsen og Pedersen og Østergaard.") == [
        ("unknown_capitalised", "Olsen"), ("unknown_capitalised", "Pedersen"), ("unknown_capitalised", "Østergaard"),
    ]
    assert hits("Det handler om Indsatsen og Krisen og Beskæftigelsesindsatsen.") == []


def test_compounds_naming_a_function_are_ordinary_but_places_and_buildings_hit():
    generic = "Jeg har talt med Integrationsafdelingen, Skoleudvalget og Misbrugscentret."
    assert hits(generic) == []
    assert hits("Vi mødes på Kildeskolen ved Rosenhaven og Holmstrupafdelingen.") == [
        ("unknown_capitalised", "Kildeskolen"), ("unknown_capitalised", "Rosenhaven"),
        ("unknown_capitalised", "Holmstrupafdelingen"),
    ]


def test_sentence_initial_capitals_do_not_hit():
    text = "Holmstrup? Nej. Kjærgaard sagde det: Solsikken er lukket. (Pause) Ribegade er lang.\nFlemsted."
    assert hits(text) == []


def test_a_capital_after_an_abbreviation_is_mid_sentence():
    assert hits("Der er mange steder, fx. Holmstrup og bl.a. Solsikken.") == [
        ("unknown_capitalised", "Holmstrup"), ("unknown_capitalised", "Solsikken"),
    ]


def test_first_names_that_are_everyday_words_do_not_hit_at_the_start_of_a_sentence():
    assert hits("Hans sagsbehandler ringede. Per brev kom det også.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Så er det Jobcentret, der ringer, og Borgerservice, der svarer.",
        "Jeg skal forbi Ydelse og Børn og Familie og Rehabiliteringsteamet.",
        "Det står i e-Boks, og jeg logger på med MitID.",
        "Min SB og min KSB fra KS sagde, at FGU og STU er muligheder, og at jeg har ADHD.",
        "Jeg så det på Facebook og Google og i Teams og Zoom.",
        "Vi mødes om Mandagen i Marts, ikke i Januar, og hos Netto og Føtex.",
        "Det er ikke Skat, det er Udbetaling Danmark, der betaler.",
        "Jeg var med i BIKVA-evalueringen, og I må gerne spørge De andre.",
    ],
)
def test_ordinary_and_nationwide_names_do_not_hit(text):
    assert hits(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Så ringede [navn på sagsbehandler] fra [kommunen] tilbage.",
        "Det var [utydeligt], og [Holmstrup Kommune] skrev.",
        "[flere nikker] Og [afdeling x] svarede ikke.",
    ],
)
def test_placeholders_and_editorial_marks_never_hit(text):
    assert hits(text, names=["Mette"], local_names=["Holmstrup Kommune"]) == []


def test_overlapping_findings_give_one_hit_for_the_stretch():
    found = hits("Skriv til mette@holmstrup.dk eller ring til Mette Hansen.", names=["Mette Hansen"])
    assert found == [("email", "mette@holmstrup.dk"), ("name", "Mette Hansen")]
