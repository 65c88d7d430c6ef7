"""`bikva materials`: guide (PDF and Word), quote cards, writing sheets and consent forms for a
level, read back from the files."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from bikva.output.docx import docx_text
from bikva.i18n import t
from helpers import add_quote, flat, ok, pdf_text, refused, run_cli
from study_files import (
    CITIZEN_ADVICE,
    CITIZEN_NAMED_QUOTE,
    CITIZEN_QUOTE,
    FRONTLINE_ADVICE,
    FRONTLINE_REACTION,
    write_study_files,
)

THEME_CHAIN = "Sammenhæng i indsatsen"
THEME_CASEWORKER = "Samarbejdet med sagsbehandleren"
# As printed in the room: the study's own texts as written (only quotes are redacted there).
TITLE = "Koordinerende sagsbehandlere i Holmstrup Kommune"
PURPOSE = "Vi vil forstå, hvordan borgerne oplever at have én koordinerende sagsbehandler."
CONTACT = "Anne Holm, anho@via.dk, tlf. 87 55 00 00"


def docx_of(folder: Path, stem: str) -> str:
    return docx_text((folder / f"guide-{stem}.docx").read_bytes())


@pytest.fixture(scope="module")
def study(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("materials")
    files = write_study_files(root / "files")
    folder = root / "evaluering"
    ok("new", folder, "--title", "Koordinerende sagsbehandlere i Holmstrup Kommune")
    config = folder / "bikva.toml"
    text = config.read_text(encoding="utf-8")
    for key, value in {
        "organisation": "VIA University College",
        "commissioner": "Holmstrup Kommune, Jobcentret",
        "contact": CONTACT,
    }.items():
        text = text.replace(f'{key} = ""', f'{key} = "{value}"')
    text = re.sub(r'^purpose = ".*"$', f'purpose = "{PURPOSE} Mette fra Holmstrup Kommune har bedt om det."',
                  text, flags=re.M)
    text = text.replace("interviewers = []", 'interviewers = ["Anne Holm", "Peter Lund"]')
    config.write_text(text, encoding="utf-8")
    ok("import", folder, "--level", "citizens", files["citizens"], "--group", "Borgergruppe A")
    ok("import", folder, "--level", "frontline", files["frontline"])
    citizen = add_quote(folder, "citizens", CITIZEN_QUOTE, "--theme", THEME_CHAIN)
    add_quote(folder, "citizens", CITIZEN_NAMED_QUOTE, "--theme", THEME_CASEWORKER)
    add_quote(folder, "citizens", CITIZEN_ADVICE, "--advice")
    add_quote(folder, "frontline", FRONTLINE_REACTION, "--theme", THEME_CHAIN, "--responds-to", citizen)
    add_quote(folder, "frontline", FRONTLINE_ADVICE, "--advice")
    # The leaders' interview is still to come: their materials are printed before any transcript
    # exists (8 consent forms by default), and the politicians' guide is not ready.
    ok("redact", folder, "Holmstrup Kommune", "[kommunen]")
    ok("redact", folder, "Mette", "[navn på sagsbehandler]")
    runs = {
        "citizens": run_cli("materials", folder, "--level", "citizens"),
        "frontline": run_cli("materials", folder, "--level", "frontline", "--copies", "5"),
        "leaders": run_cli("materials", folder, "--level", "leaders", "-o", root / "til-lederne"),
    }
    for result in runs.values():
        assert result.code == 0, result.err
    return {
        "folder": folder,
        "runs": runs,
        "out": {
            "citizens": folder / "output" / "materials-R1-citizens",
            "frontline": folder / "output" / "materials-R2-frontline",
            "leaders": root / "til-lederne",
        },
    }


def test_materials_prints_every_file_it_wrote(study):
    names = {}
    for level, result in study["runs"].items():
        paths = [Path(line) for line in result.out.strip().splitlines()]
        assert all(path.is_file() and path.parent == study["out"][level] for path in paths)
        assert sorted(paths) == sorted(study["out"][level].iterdir())
        names[level] = sorted(path.name for path in paths)
    assert names["frontline"] == [
        "cards-R2-frontline.pdf", "consent-R2-frontline.pdf", "guide-R2-frontline.docx",
        "guide-R2-frontline.pdf", "sheets-R2-frontline.pdf",
    ]


def test_first_round_has_no_cards_and_says_so(study):
    result = study["runs"]["citizens"]
    assert not list(study["out"]["citizens"].glob("cards-*"))
    assert result.err.strip() == "Ingen citatkort: R1 (Borgere) får ingen citater fra tidligere runder."
    assert {p.name.split("-")[0] for p in study["out"]["citizens"].iterdir()} == {"guide", "sheets", "consent"}


def test_frontline_cards_hold_the_citizen_quote_and_advice_on_its_own_card(study):
    reader = PdfReader(str(study["out"]["frontline"] / "cards-R2-frontline.pdf"))
    cards = flat(" ".join(page.extract_text() for page in reader.pages))
    assert CITIZEN_QUOTE in cards and "– Borger, R1" in cards
    assert "[navn på sagsbehandler] fra [kommunen] ringede altid tilbage samme dag" in cards
    # Design: the good advice given to this level follows the quotes, each on a card of its own.
    advice_card = "Godt råd fra borgerne til medarbejderne"
    assert cards.index(CITIZEN_QUOTE) < cards.index(advice_card) < cards.index(CITIZEN_ADVICE)
    assert len(reader.pages) == 2  # three cards, two to a sheet
    assert cards.count("Klip her") == 2


def test_leaders_cards_show_the_frontline_reaction_on_the_card_after_the_citizen_quote(study):
    cards = pdf_text(study["out"]["leaders"] / "cards-R3-leaders.pdf")
    number = re.search(r"Kort (\d+)\s*" + THEME_CHAIN, cards).group(1)
    reaction_label = f"En medarbejders reaktion på kort {number}"
    assert cards.index(CITIZEN_QUOTE) < cards.index(f"Kort {number}a") < cards.index(FRONTLINE_REACTION)
    assert cards.index(reaction_label) < cards.index(FRONTLINE_REACTION)
    assert "– Medarbejder, R2" in cards
    assert FRONTLINE_ADVICE in cards and "Godt råd fra medarbejderne til lederne" in cards
    assert CITIZEN_ADVICE not in cards  # advice goes to the next level only


def test_consent_form_holds_purpose_contact_withdrawal_and_no_participant(study):
    for level, copies in (("citizens", 3), ("frontline", 5), ("leaders", 8)):
        folder = study["out"][level]
        consent = pdf_text(next(folder.glob("consent-*.pdf")))
        assert consent.count("Samtykkeerklæring") == copies, level
        assert PURPOSE in consent
        assert CONTACT in consent
        assert flat(t("da", "materials.consent.form.rights")) in consent
        assert "VIA University College" in consent and "Anne Holm og Peter Lund" in consent
        for label in ("Karen Holm", "Peter Dahl", "B1", "SB1", "Borgergruppe A"):
            assert label not in consent
    leaders = pdf_text(study["out"]["leaders"] / "consent-R3-leaders.pdf")
    assert "bliver præsenteret for politikerne i næste runde" in leaders


def test_writing_sheets_address_the_next_level(study):
    expected = {"citizens": "medarbejderne", "frontline": "lederne", "leaders": "politikerne"}
    for level, to in expected.items():
        sheets = pdf_text(next(study["out"][level].glob("sheets-*.pdf")))
        assert f"Gode råd til {to}" in sheets
        # A personal sheet says "du" (the guide says "I" to the group).
        assert flat(t("da", f"materials.sheets.exercise.{level}")) in sheets
        assert flat(t("da", f"materials.sheets.advice_prompts.{level}", to=to)) in sheets
    frontline = PdfReader(str(study["out"]["frontline"] / "sheets-R2-frontline.pdf"))
    assert len(frontline.pages) == 2 * 5  # --copies 5: an exercise sheet and an advice sheet each


def _guide_pdf_text(path: Path) -> str:
    """The guide PDF's text without its running footer ("<title> Side 2 af 5") and without the
    list markers pypdf reads from the bullets (in Word they are list numbering, not text)."""
    reader = PdfReader(str(path))
    pages = []
    for number, page in enumerate(reader.pages, start=1):
        text = flat(page.extract_text())
        footer = f"{TITLE} Side {number} af {len(reader.pages)}"
        assert text.endswith(footer)
        pages.append(text[: -len(footer)])
    return flat(" ".join(pages).replace("•", " "))


@pytest.mark.parametrize("level, stem", [
    ("citizens", "R1-citizens"), ("frontline", "R2-frontline"), ("leaders", "R3-leaders"),
])
def test_word_guide_holds_the_same_text_as_the_pdf_guide(study, level, stem):
    folder = study["out"][level]
    pdf = _guide_pdf_text(folder / f"guide-{stem}.pdf")
    assert docx_of(folder, stem) == pdf
    assert len(pdf) > 2000


def test_word_guide_is_an_editable_a4_document_with_headings(study):
    from docx import Document

    document = Document(str(study["out"]["leaders"] / "guide-R3-leaders.docx"))
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    styles = [p.style.name for p in document.paragraphs]
    assert styles.count("Heading 1") == 1 and "Heading 2" in styles and "Quote" in styles
    heading = next(p for p in document.paragraphs if p.style.name == "Heading 1")
    assert heading.text == "Interviewguide – R3: Ledere"


def test_quotes_are_redacted_in_every_file_and_the_study_texts_stand_as_written(study):
    for folder in study["out"].values():
        for path in folder.iterdir():
            if path.suffix == ".pdf":
                texts = [pdf_text(path)]
            else:  # every part of the Word file: body, footer, properties
                with zipfile.ZipFile(path) as archive:
                    texts = [archive.read(name).decode("utf-8") for name in archive.namelist()
                             if name.endswith(".xml")]
            for text in texts:
                assert "Mette fra Holmstrup Kommune ringede" not in text, path.name
                if path.name.startswith("cards-"):  # nothing but quotes
                    assert "Holmstrup" not in text and "Mette" not in text, path.name
    # What is said aloud in the room is the study's own text (the evaluator's purpose names the
    # commissioner's contact person on purpose); the report's appendix is redacted.
    consent = pdf_text(study["out"]["leaders"] / "consent-R3-leaders.pdf")
    assert "Mette fra Holmstrup Kommune har bedt om det" in consent


def test_materials_for_a_level_whose_guide_is_not_ready_is_refused(study):
    line = refused(study["folder"], "materials", study["folder"], "--level", "politicians")
    assert line.startswith("bikva: Guiden til R4 kan ikke laves endnu")
    assert not (study["folder"] / "output" / "materials-R4-politicians").exists()


# ---------------------------------------------------------------- Word guide from hand-built views

def _views():
    from datetime import date

    from bikva.documents.views import AdviceView, GuideView, LevelInfo, QuoteView, StudyInfo, ThemeBlock

    citizens = LevelInfo("citizens", 1, "Citizens", "Citizen")
    staff = LevelInfo("frontline", 2, "Frontline staff", "Staff member")
    leaders = LevelInfo("leaders", 3, "Leaders", "Leader")
    study = StudyInfo("Caseworkers & <citizens>", "VIA", ["Anne Holm"], "Østby Kommune",
                      "Why we ask.\n\nAnd a second paragraph.", "Anne Holm", "open")
    quote = QuoteView(1, "First part, “quoted”.\n\nSecond part & more.", "Citizen, R1", "Contact", citizens,
                      reactions=[QuoteView(2, "We know.", "Staff member, R2", "Contact", staff)])
    themes = [ThemeBlock("Contact", "About contact.", quotes=[quote],
                         subthemes=[ThemeBlock("Phone", quotes=[QuoteView(3, "Nobody calls back.", "Citizen, R1",
                                                                          "Phone", citizens)])])]
    first = GuideView("en", study, citizens, None, staff, [citizens, staff, leaders], [], [], date(2026, 3, 2))
    third = GuideView("en", study, leaders, staff, None, [citizens, staff, leaders], themes,
                      [AdviceView(4, "Call back.", "Staff member, R2", staff, leaders)], date(2026, 3, 2))
    return {"open first round": first, "leaders, English": third}


@pytest.mark.parametrize("name", ["open first round", "leaders, English"])
def test_word_guide_matches_the_pdf_for_other_guide_forms(name, tmp_path):
    from bikva.output import render
    from bikva.output.docx import guide_docx

    view = _views()[name]
    html = render.render_guide_html(view)
    pdf = tmp_path / "guide.pdf"
    pdf.write_bytes(render.html_to_pdf(html))
    reader = PdfReader(str(pdf))
    pages = []
    for number, page in enumerate(reader.pages, start=1):
        text = flat(page.extract_text())
        footer = f"{view.study.title} Page {number} of {len(reader.pages)}"
        assert text.endswith(footer)
        pages.append(text[: -len(footer)])
    assert docx_text(guide_docx(html, view.lang)) == flat(" ".join(pages).replace("•", " "))
