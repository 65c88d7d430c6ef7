"""The guard cannot be dodged by typing, and it reads everything that travels.

Each way of writing a name, a number or an address so that it looks different but reads the same
(soft hyphens, zero-width characters, look-alike letters of other scripts, full-width digits,
other dashes and spaces, "(at)") is still caught, with the characters as typed reported; a
redaction written in one form hides the text written in another; and the texts other than
quotes that a guide or the report prints (title, themes, groups, report/*.md, the synthesis
readings, the rationales in the evaluator's edition, the authors) block it, named by where.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bikva.protection.deidentify import find_identifying
from bikva.selection.redaction import Redactor
from helpers import add_quote, ok, pdf_text, refused, run_cli
from study_files import CITIZEN_ADVICE, CITIZEN_NAMED_QUOTE, CITIZEN_QUOTE, FRONTLINE_REACTION, write_study_files

SHY, ZWSP, NBSP, THIN, NARROW = "\u00ad", "\u200b", "\u00a0", "\u2009", "\u202f"
CYRILLIC_M, CYRILLIC_E, CYRILLIC_O, CYRILLIC_H = "\u041c", "\u0435", "\u043e", "\u041d"
NAMES = ["Mette Hansen", "Hanne Jensen"]
LOCAL = ["Holmstrup"]


def only_hit(text: str, names=NAMES, local_names=LOCAL):
    hits = find_identifying(text, names=names, local_names=local_names)
    assert len(hits) == 1, (text, hits)
    return hits[0]


# ---------------------------------------------------------------- evasions on plain text


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        # CPR numbers, grouped any way, with any dash
        ("010190\u20111234", "cpr"),  # non-breaking hyphen
        ("010190\u20131234", "cpr"),  # en dash
        ("010190\u22121234", "cpr"),  # minus sign
        ("01.01.90-1234", "cpr"),
        ("0101 90 1234", "cpr"),
        (f"010190{THIN}1234", "cpr"),
        ("０１０１９０-１２３４", "cpr"),  # full-width digits
        (f"0101{SHY}90-12{ZWSP}34", "cpr"),
        # phone numbers
        ("+45 12 34 56 78", "phone"),
        ("12.34.56.78", "phone"),
        (f"23{NARROW}45{NARROW}67{NARROW}89", "phone"),
        (f"+45{NBSP}23{NBSP}45{NBSP}67{NBSP}89", "phone"),
        ("2345\u20136789", "phone"),
        ("２３４５６７８９", "phone"),
        (f"23{ZWSP}45{ZWSP}67{ZWSP}89", "phone"),
        # e-mail, also spelt out
        ("mette(at)holmstrup(dot)dk", "email"),
        ("mette [at] holmstrup [dot] dk", "email"),
        ("mette at holmstrup.dk", "email"),
        ("mette at holmstrup dot dk", "email"),
        (f"mette{ZWSP}@holm{SHY}strup.dk", "email"),
        ("mette＠holmstrup．dk", "email"),  # full-width @ and full stop
        # street addresses
        ("søndergade 5", "address"),
        ("Søndergade nr. 5", "address"),
        (f"Sønder{SHY}gade 5", "address"),
        ("Søndergade ５", "address"),
        # registered names and local names
        (f"{CYRILLIC_M}{CYRILLIC_E}tte Hansen", "name"),
        (f"Met{SHY}te Han{ZWSP}sen", "name"),
        ("Ｍｅｔｔｅ Ｈａｎｓｅｎ", "name"),
        ("Hanne_Jensen", "name"),
        ("hanne_jensen", "name"),
        ("Holmstrupborgerne", "local"),
        ("holmstrupborgerne", "local"),
        (f"Holm{SHY}strup{ZWSP}borgerne", "local"),
        ("Jobcenterholmstrup", "local"),
        (f"{CYRILLIC_H}{CYRILLIC_O}lmstrup", "local"),
    ],
)
def test_each_evasion_is_caught_and_reported_as_typed(written, kind):
    text = f"Det står her: {written} og ikke andet."
    hit = only_hit(text)
    assert hit.kind == kind
    assert hit.text == written  # the original characters, not their normal form
    assert text[hit.start : hit.end] == written


@pytest.mark.parametrize(
    "text",
    [
        "Vi gik en tur i skoven og så en holm i søen.",
        "Vi gik en tur i skov og eng.",
        "Skovturen var god, og holmen var smuk.",
        "Jeg prøvede at ringe. Dk er ikke et navn.",
        "Vi skal have 2 møder, og i vurdering 2 står det.",
        "Det var kl. 10.00-11.50 den 10.02.2026.",
        "Hun tog ibuprofen, og det hjalp.",
    ],
)
def test_ordinary_text_does_not_hit_even_with_the_everyday_surnames_known(text):
    assert find_identifying(text, names=["Hanne Skov", "Karen Holm", "Ib Dahl"], local_names=[]) == []


def test_an_everyday_word_surname_hits_only_when_it_is_a_known_name():
    text = "Så sagde Skov, at fru holm og Holm skulle komme."
    assert find_identifying(text, names=[], local_names=[]) == []  # ordinary words, unknown here
    found = [(h.kind, h.text) for h in find_identifying(text, names=["Hanne Skov", "karen holm"], local_names=[])]
    assert found == [("name", "Skov"), ("name", "holm"), ("name", "Holm")]


def test_a_registered_name_in_a_compound_reports_the_whole_word():
    [hit] = find_identifying("Vi talte med Holmstrupsborgerne i går.", names=[], local_names=["Holmstrup"])
    assert (hit.kind, hit.text) == ("local", "Holmstrupsborgerne")
    # Short or everyday names are not looked for inside words.
    assert find_identifying("Vi tog på skovturen med ibrahim.", names=["Ib Skov"], local_names=[]) == []


# ---------------------------------------------------------------- redaction across normal forms


@pytest.mark.parametrize(
    "written",
    [
        "Mette Hansen",
        f"{CYRILLIC_M}{CYRILLIC_E}tte Hansen",
        f"Met{SHY}te{NBSP}Han{ZWSP}sen",
        "Ｍｅｔｔｅ Ｈａｎｓｅｎ",
        "Mette_Hansen",
        "mette\n  hansen",
    ],
)
@pytest.mark.parametrize("redaction", ["Mette Hansen", f"Me{SHY}tte{NBSP}Hansen", f"{CYRILLIC_M}ette Hansen"])
def test_a_redaction_in_one_form_hides_the_text_in_another(written, redaction):
    redact = Redactor([(redaction, "[borgeren]")])
    out = redact(f"Det var {written}s sag.")
    assert out == "Det var [borgeren]s sag."
    assert find_identifying(out, names=["Mette Hansen"], local_names=[]) == []


def test_a_redaction_replaces_whole_words_and_never_its_own_placeholder():
    redact = Redactor([("Ib", "[navn]"), ("navn", "[ord]")])
    assert redact("Ib og Ibrahim, ib_dahl") == "[navn] og Ibrahim, [navn]_dahl"


# ---------------------------------------------------------------- through the database


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("evasion")
    files = write_study_files(root / "files")
    folder = root / "evaluering"
    ok("new", folder, "--title", "Koordinerende sagsbehandlere", "--levels", "citizens,frontline,leaders")
    ok("import", folder, "--level", "citizens", files["citizens"], "--group", "Borgergruppe A")
    ok("import", folder, "--level", "frontline", files["frontline"])
    citizen = add_quote(folder, "citizens", CITIZEN_QUOTE, "--theme", "Sammenhæng i indsatsen")
    add_quote(folder, "citizens", CITIZEN_NAMED_QUOTE, "--theme", "Sammenhæng i indsatsen")
    add_quote(folder, "citizens", CITIZEN_ADVICE, "--advice")
    add_quote(folder, "frontline", FRONTLINE_REACTION, "--theme", "Sammenhæng i indsatsen", "--responds-to", citizen)
    return folder


@pytest.fixture
def study(base, tmp_path) -> Path:
    folder = tmp_path / "evaluering"
    shutil.copytree(base, folder)
    return folder


def test_redactions_typed_differently_still_hide_the_names_in_the_guide(study, tmp_path):
    ok("redact", study, "Ｍｅｔｔｅ", "[navn på sagsbehandler]")  # full-width, as pasted
    ok("redact", study, f"Holm{SHY}strup{NBSP}Kommune", "[kommunen]")
    assert run_cli("check", study, "--level", "frontline").code == 0
    guide = tmp_path / "guide.pdf"
    ok("guide", study, "--level", "frontline", "-o", guide)
    text = pdf_text(guide)
    assert "[navn på sagsbehandler] fra [kommunen] ringede altid tilbage samme dag" in text
    assert "Mette" not in text and "Holmstrup" not in text


def test_an_everyday_word_surname_in_a_quote_hits_once_it_is_a_known_name(tmp_path):
    transcript = tmp_path / "borgere.txt"
    transcript.write_text("I: Fortæl.\n\nB1: Vi gik en tur i skoven, og bagefter ringede Skov aldrig tilbage.\n",
                          encoding="utf-8")
    folder = tmp_path / "evaluering"
    ok("new", folder, "--title", "Koordinerende sagsbehandlere")
    ok("import", folder, "--level", "citizens", transcript)
    walk = add_quote(folder, "citizens", "Vi gik en tur i skoven", "--theme", "Sammenhæng i indsatsen")
    named = add_quote(folder, "citizens", "bagefter ringede Skov aldrig tilbage", "--theme", "Sammenhæng i indsatsen")
    assert run_cli("check", folder).code == 0  # "Skov" is an ordinary word until it is a name here
    ok("names", "add", folder, "Hanne Skov", "--kind", "person")
    rows = json.loads(run_cli("check", folder, "--json").out)
    assert [(r["quote"], r["kind"], r["text"]) for r in rows] == [(named, "name", "Skov")]
    assert walk not in {r["quote"] for r in rows}


def _clean(folder: Path) -> None:
    """Redact the names in the quotes so only the texts under test can block."""
    ok("redact", folder, "Mette", "[navn på sagsbehandler]")
    ok("redact", folder, "Holmstrup Kommune", "[kommunen]")


def _set(folder: Path, old: str, new: str, file: str = "bikva.toml") -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _write(folder: Path, name: str, text: str) -> None:
    (folder / "report").mkdir(exist_ok=True)
    (folder / "report" / name).write_text(text, encoding="utf-8")


def _theme_id(folder: Path, name: str) -> int:
    from sqlmodel import select

    from bikva.store.evaluation import open_evaluation
    from models.theme import Theme

    with open_evaluation(folder) as (session, ev):
        return session.exec(select(Theme).where(Theme.evaluation_id == ev.id, Theme.name == name)).one().id


def _group_id(folder: Path, name: str) -> int:
    from sqlmodel import select

    from bikva.store.evaluation import open_evaluation
    from models.interview_group import InterviewGroup

    with open_evaluation(folder) as (session, ev):
        return session.exec(select(InterviewGroup).where(InterviewGroup.name == name)).one().id


THEME_DESCRIPTION = 'description = "Relationen til den koordinerende sagsbehandler."'


@pytest.mark.parametrize(
    ("case", "word", "guide_blocked"),
    [
        ("theme_description", "Kildeskolen", True),
        ("theme_name", "Kildeskolen", True),
        ("group_place", "Kildeskolen", False),
        ("group_name", "Kildeskolen", False),
        ("narrative", "Kildeskolen", False),
        ("synthesis", "Kildeskolen", False),
        ("omitted_reason", "Kildeskolen", False),
    ],
)
def test_each_travelling_text_blocks_the_report_and_is_listed_by_check(study, case, word, guide_blocked):
    _clean(study)
    ok("names", "add", study, "Mette Hansen", "--kind", "person")
    where = {
        "theme_description": lambda: (
            _set(study, THEME_DESCRIPTION, 'description = "Relationen til sagsbehandleren på Kildeskolen."'),
            f"theme {_theme_id(study, 'Samarbejdet med sagsbehandleren')} description",
        )[1],
        "theme_name": lambda: (
            _set(study, 'name = "Egne mål og indflydelse"', 'name = "Egne mål på Kildeskolen"'),
            f"theme {_theme_id(study, 'Egne mål på Kildeskolen')}",
        )[1],
        "group_place": lambda: (
            ok("group", study, "Borgergruppe A", "--level", "citizens", "--place", "Mødelokalet på Kildeskolen"),
            f"group {_group_id(study, 'Borgergruppe A')} place",
        )[1],
        "group_name": lambda: (_rename_group(study, "Borgergruppe A", "Borgere fra Kildeskolen"),
                               f"group {_group_id(study, 'Borgere fra Kildeskolen')}")[1],
        "narrative": lambda: (_write(study, "summary.md", "# Resumé\n\nVi takker alle på K&#105;ldeskolen for hjælpen.\n"),
                              "report/summary.md")[1],
        "synthesis": lambda: (_write(study, "synthesis.toml",
                                     '["Sammenhæng i indsatsen"]\nreading.citizens = "Som på Kildeskolen."\n'),
                              'synthesis "Sammenhæng i indsatsen" citizens')[1],
        "omitted_reason": lambda: (_set(study, 'omitted_reason = ""',
                                        'omitted_reason = "Politikerne fra Kildeskolen sagde nej."'),
                                   "omitted_reason")[1],
    }[case]()
    line = refused(study, "report", study, key="guard.text_blocked")
    assert f"»{word}«" in line
    listed = run_cli("check", study)
    assert listed.code == 1 and listed.err == ""
    [row] = [r for r in json.loads(run_cli("check", study, "--json").out) if "where" in r]
    assert (row["where"], row["text"]) == (where, word)
    assert "quote" not in row and set(row) == {"where", "kind", "text", "excerpt"}
    [text_line] = [l for l in listed.out.splitlines() if f"»{word}«" in l]
    assert text_line.split()[0] == "–"  # no quote id
    if guide_blocked:
        refused(study, "guide", study, "--level", "frontline", key="guard.text_blocked")
    else:
        assert run_cli("check", study, "--level", "frontline").code == 0


def _rename_group(folder: Path, old: str, new: str) -> None:
    from sqlmodel import select

    from bikva.store.evaluation import open_evaluation
    from models.interview_group import InterviewGroup

    with open_evaluation(folder) as (session, ev):
        group = session.exec(select(InterviewGroup).where(InterviewGroup.name == old)).one()
        group.name = new


def test_the_refusal_names_where_in_one_line(study):
    _clean(study)
    _set(study, THEME_DESCRIPTION, 'description = "Relationen til sagsbehandleren på Kildeskolen."')
    theme = _theme_id(study, "Samarbejdet med sagsbehandleren")
    line = refused(study, "report", study, key="guard.text_blocked")
    assert f"beskrivelsen af tema {theme}" in line and "»Kildeskolen«" in line
    assert f'bikva redact {study} "Kildeskolen"' in line
    listed = run_cli("check", study).out
    assert f"beskrivelsen af tema {theme}: muligt navn »Kildeskolen«" in listed
    assert "Andre tekster med fund: 1" in listed.splitlines()[-1]


def test_the_title_blocks_every_guide_and_the_report(tmp_path):
    folder = tmp_path / "evaluering"
    ok("new", folder, "--title", "Koordinerende sagsbehandlere i Holmstrup Kommune")
    line = refused(folder, "guide", folder, "--level", "citizens", key="guard.text_blocked")
    assert "evalueringens titel" in line and "»Holmstrup Kommune«" in line
    ok("redact", folder, "Holmstrup Kommune", "[kommunen]")
    assert run_cli("check", folder).code == 0


def test_a_rationale_blocks_only_the_evaluators_edition(study, tmp_path):
    _clean(study)
    quote = add_quote(study, "citizens", "og det kan jeg ikke overskue", "--theme", "Sammenhæng i indsatsen",
                      "--rationale", "Hun sagde det også til Kjærgaard bagefter")
    line = refused(study, "report", study, "--edition", "evaluator", key="guard.text_blocked")
    assert f"begrundelsen for citat nr. {quote}" in line and "»Kjærgaard«" in line
    ok("report", study, "--format", "html", "-o", tmp_path / "commissioner.html")  # no rationale in it
    rows = json.loads(run_cli("check", study, "--json").out)
    assert {"where": f"quote {quote} rationale", "kind": "unknown_capitalised", "text": "Kjærgaard"}.items() <= \
        next(r for r in rows if r.get("where") == f"quote {quote} rationale").items()


def test_authors_hit_only_on_registered_names(study, tmp_path):
    _clean(study)
    _set(study, "evaluators = []", 'evaluators = ["Anne Kjærgaard", "Hanne Jensen"]')
    ok("names", "add", study, "Anne Lund", "--kind", "person")  # a first name in common is no leak
    ok("report", study, "--format", "html", "-o", tmp_path / "report.html")  # authors are names by nature
    ok("names", "add", study, "Hanne Jensen", "--kind", "person")  # but not a participant's or staff's
    line = refused(study, "report", study, key="guard.text_blocked")
    assert "forfatterne i bikva.toml" in line and "»Hanne Jensen«" in line


def test_entities_in_the_narrative_are_redacted_in_the_report_pdf(study, tmp_path):
    _clean(study)
    _write(study, "summary.md", "# Resumé\n\nVi takker M&#101;tte og &#77;ette for hjælpen &amp; tålmodigheden.\n")
    _write(study, "literature.md", "Krogstrup, H.K. (1997). *Brugerinddragelse*. Århus: Systime.\n")
    report = tmp_path / "report.pdf"
    ok("report", study, "-o", report)
    text = pdf_text(report)
    assert "Vi takker [navn på sagsbehandler] og [navn på sagsbehandler] for hjælpen &" in text
    assert "Mette" not in text and "M&#101;tte" not in text


def test_markdown_cannot_hide_a_word_from_the_guard(study):
    _clean(study)
    _write(study, "summary.md", "# Resumé\n\nTak til Kjær**gaard** og [Lone](mailto:lone@kildeskolen.dk), og til "
                                "*Kildeskolen*. I *Sammenfatning på tværs af niveauerne* står resten.\n")
    rows = [r for r in json.loads(run_cli("check", study, "--json").out) if "where" in r]
    assert {r["where"] for r in rows} == {"report/summary.md"}
    assert {(r["kind"], r["text"]) for r in rows} == {
        ("unknown_capitalised", "Kjærgaard"), ("unknown_capitalised", "Lone"), ("email", "lone@kildeskolen.dk"),
        ("unknown_capitalised", "Kildeskolen"),
    }  # a title in italics is not a name


def test_what_the_study_names_on_purpose_is_no_leak_in_the_narrative(study):
    _clean(study)
    _set(study, 'organisation = ""', 'organisation = "Professionshøjskolen Midt"')
    _write(study, "introduction.md", "Forvaltningen har bedt Professionshøjskolen Midt om at evaluere ordningen.\n")
    assert run_cli("check", study).code == 0
    ok("names", "add", study, "Professionshøjskolen Midt", "--kind", "organisation")  # registered to hide: it hits
    rows = [r for r in json.loads(run_cli("check", study, "--json").out) if "where" in r]
    assert [(r["where"], r["kind"]) for r in rows] == [("report/introduction.md", "local")]
