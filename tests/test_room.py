"""The method as practised in the room: the study's own role names, time and roles in the guide,
protecting the people below, honest anonymity for small groups, a lawful one-page consent form,
and the study's real words read aloud while what leaves the room stays redacted."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from bikva.i18n import t
from helpers import add_quote, flat, ok, pdf_text, refused, run_cli
from study_files import (
    CITIZEN_ADVICE,
    CITIZEN_NAMED_QUOTE,
    CITIZEN_QUOTE,
    FRONTLINE_ADVICE,
    FRONTLINE_REACTION,
    LEADER_ADVICE,
    LEADER_REACTION,
    POLITICIAN_QUOTE,
    write_study_files,
)

THEME_CHAIN = "Sammenhæng i indsatsen"
THEME_CASEWORKER = "Samarbejdet med sagsbehandleren"
COMMISSIONER = "Beskæftigelsesforvaltningen, Holmstrup Kommune"
CONTROLLER = "VIA University College, Hedeager 2, 8200 Aarhus N, CVR-nr. 30 63 56 55"
DPO = "Databeskyttelsesrådgiver Lis Berg, dpo@via.example"
RECIPIENTS = "Et transskriptionsfirma skriver interviewene ud som databehandler."

STUDY_SETTINGS = f"""
[consent]
controller = "{CONTROLLER}"
dpo = "{DPO}"
legal_basis = "consent"
delete_by = 2026-12-31
recipients = "{RECIPIENTS}"

[minutes]
thanks = 10

[levels.frontline]
singular = "Sagsbehandler"
plural = "Sagsbehandlere"
address = "sagsbehandlerne"
genitive = "sagsbehandlernes"

[levels.leaders]
online = true
minutes = {{ themes = 40 }}

[levels.politicians]
small = true

[[groups]]
level = "citizens"
name = "Borgergruppe A"
participants = 6

[[groups]]
level = "frontline"
name = "Forsøgsafdelingen"
unit = "forsøgsafdelingen"
participants = 5  # the transcript names fewer: the expected size counts

[[groups]]
level = "leaders"
name = "Ledergruppen"
participants = 3
"""


def configure(folder: Path, settings: str = STUDY_SETTINGS) -> None:
    config = folder / "bikva.toml"
    text = config.read_text(encoding="utf-8")
    for key, value in {"organisation": "VIA University College", "commissioner": COMMISSIONER,
                       "contact": "Anne Holm, anho@via.example"}.items():
        text = text.replace(f'{key} = ""', f'{key} = "{value}"')
    text = text.replace("interviewers = []", 'interviewers = ["Anne Holm", "Peter Lund"]')
    # The test's tables in place of the template's blank [consent], [anonymity] and examples.
    text = re.sub(r"\n\[consent\].*?(?=\n\[report\])", lambda _: "\n" + settings, text, count=1, flags=re.S)
    config.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def study(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("room")
    files = write_study_files(root / "files")
    folder = root / "evaluering"
    ok("new", folder, "--title", "Koordinerende sagsbehandlere i Holmstrup Kommune")
    configure(folder)
    ok("import", folder, "--level", "citizens", files["citizens"], "--group", "Borgergruppe A")
    ok("import", folder, "--level", "frontline", files["frontline"], "--group", "Forsøgsafdelingen")
    ok("import", folder, "--level", "leaders", files["leaders"], "--group", "Ledergruppen")
    ok("import", folder, "--level", "politicians", files["politicians"])
    citizen = add_quote(folder, "citizens", CITIZEN_QUOTE, "--theme", THEME_CHAIN)
    add_quote(folder, "citizens", CITIZEN_NAMED_QUOTE, "--theme", THEME_CASEWORKER)
    add_quote(folder, "citizens", CITIZEN_ADVICE, "--advice")
    frontline = add_quote(folder, "frontline", FRONTLINE_REACTION, "--theme", THEME_CHAIN, "--responds-to", citizen)
    add_quote(folder, "frontline", FRONTLINE_ADVICE, "--advice")
    add_quote(folder, "leaders", LEADER_REACTION, "--theme", THEME_CHAIN, "--responds-to", frontline)
    add_quote(folder, "leaders", LEADER_ADVICE, "--advice")
    add_quote(folder, "politicians", POLITICIAN_QUOTE, "--theme", THEME_CHAIN)
    ok("redact", folder, "Holmstrup Kommune", "[kommunen]")
    ok("redact", folder, "Mette", "[navn på sagsbehandler]")
    out = folder / "out"
    guides, html = {}, {}
    for level in ("citizens", "frontline", "leaders", "politicians"):
        ok("guide", folder, "--level", level, "-o", out / f"{level}.pdf")
        ok("guide", folder, "--level", level, "-o", out / f"{level}.html", "--format", "html")
        guides[level] = pdf_text(out / f"{level}.pdf")
        html[level] = (out / f"{level}.html").read_text(encoding="utf-8")
    materials = {}
    for level in ("citizens", "leaders"):
        ok("materials", folder, "--level", level, "--copies", "2", "-o", out / f"materials-{level}")
        materials[level] = out / f"materials-{level}"
    ok("report", folder, "-o", out / "report.pdf")
    return {"folder": folder, "guides": guides, "html": html, "materials": materials,
            "report": pdf_text(out / "report.pdf"), "status": ok("status", folder)}


# ---------------------------------------------------------------- the study's own roles


def test_attributions_use_the_study_role_name_and_the_group_unit(study):
    attribution = "– Sagsbehandler, forsøgsafdelingen, R2"
    assert attribution in study["guides"]["leaders"]
    cards = pdf_text(study["materials"]["leaders"] / "cards-R3-leaders.pdf")
    assert attribution in cards
    assert "Sagsbehandler, forsøgsafdelingen, R2" in study["report"]
    assert "Medarbejder, R2" not in study["guides"]["leaders"] + cards + study["report"]
    # One reaction is one person's: "En sagsbehandlers reaktion", not "Reaktion fra medarbejderne".
    assert "En sagsbehandlers reaktion" in study["guides"]["leaders"]
    assert "En sagsbehandlers reaktion på kort" in cards
    assert "Interviewguide – R2: Sagsbehandlere" in study["guides"]["frontline"]
    assert "Gode råd til sagsbehandlerne" in study["guides"]["citizens"]


# ---------------------------------------------------------------- time and roles


def _plan(html: str) -> tuple[list[int], int]:
    table = html[html.index('<div class="time-plan">'):html.index("</table>", html.index('<div class="time-plan">'))]
    body, foot = table.split("<tfoot>")
    minutes = [int(n) for n in re.findall(r'<td class="number">(\d+)</td>', body)]
    return minutes, int(re.search(r'<td class="number">(\d+)</td>', foot).group(1))


def test_minutes_per_section_add_up_to_the_total_shown(study):
    totals = {}
    for level, html in study["html"].items():
        minutes, total = _plan(html)
        assert sum(minutes) == total, level
        assert f"I alt {total}" in study["guides"][level]
        totals[level] = total
    # Defaults 90 (first round) and 120 (later rounds with advice), with the study's own changes:
    # [minutes] thanks = 10 everywhere, and 40 minutes of quotes for the leaders.
    assert totals["citizens"] == 90 + 5
    assert totals["frontline"] == 120 + 5
    assert totals["leaders"] == 120 + 5 - 20
    guide = study["guides"]["citizens"]
    assert "Moderatoren (Anne Holm)" in guide and "Medintervieweren (Peter Lund)" in guide
    assert "Opsummering Medinterviewer 5" in guide  # the co-interviewer leads the read-back
    consent = pdf_text(study["materials"]["citizens"] / "consent-R1-citizens.pdf")
    assert "cirka 95 minutter" in consent


def test_an_online_level_is_told_how_the_exercises_and_cards_work_on_a_screen(study):
    title = t("da", "guide.online.title")
    assert title in study["guides"]["leaders"]
    assert "citatkortene som PDF, klar til at dele skærm" in study["guides"]["leaders"]
    assert title not in study["guides"]["citizens"]


# ---------------------------------------------------------------- protecting the people below


def test_leaders_guide_protects_the_staff_and_the_citizens_guide_has_no_such_note(study):
    note = flat(t("da", "guide.protect.leaders"))
    assert note in study["guides"]["leaders"]
    assert flat(t("da", "guide.protect.politicians")) in study["guides"]["politicians"]
    for level in ("citizens", "frontline"):
        assert t("da", "guide.protect.title") not in study["guides"][level]
        assert note not in study["guides"][level]


def test_frontline_hears_the_citizens_statements_before_its_own_exercise(study):
    guide = study["guides"]["frontline"]
    assert guide.index(CITIZEN_QUOTE) < guide.index(flat(t("da", "level.frontline.exercise")))
    leaders = study["guides"]["leaders"]
    assert leaders.index(flat(t("da", "level.leaders.exercise"))) < leaders.index(CITIZEN_QUOTE)


# ---------------------------------------------------------------- honest anonymity


def test_a_small_group_is_promised_no_full_anonymity_and_a_large_one_the_usual(study):
    small_guide = flat(t("da", "guide.opening.small.next", next="politikerne"))
    small_form = flat(t("da", "materials.consent.form.anonymity.small_next", next="politikerne"))
    leaders_guide = study["guides"]["leaders"]
    leaders_form = pdf_text(study["materials"]["leaders"] / "consent-R3-leaders.pdf")
    assert small_guide in leaders_guide and small_form in leaders_form
    assert flat(t("da", "guide.opening.anonymity_level.leaders")) not in leaders_guide
    # The politicians' level is marked small in bikva.toml: the report is their only reader.
    assert flat(t("da", "guide.opening.small.last")) in study["guides"]["politicians"]
    citizens_guide = study["guides"]["citizens"]
    citizens_form = pdf_text(study["materials"]["citizens"] / "consent-R1-citizens.pdf")
    assert flat(t("da", "guide.opening.anonymity_level.citizens")) in citizens_guide
    assert flat(t("da", "materials.consent.form.anonymity.citizens")) in citizens_form
    for text in (citizens_guide, citizens_form, study["guides"]["frontline"]):
        assert "kan vi ikke love" not in text


def _guard_study(tmp_path: Path, transcript: str, settings: str = "") -> Path:
    folder = tmp_path / "evaluering"
    ok("new", folder, "--title", "Koordinerende sagsbehandlere")
    configure(folder, settings)
    path = tmp_path / "borgere.txt"
    path.write_text(transcript, encoding="utf-8")
    ok("import", folder, "--level", "citizens", path)
    return folder


def test_a_title_only_one_person_holds_blocks_the_guide_until_reviewed(tmp_path):
    folder = _guard_study(tmp_path, "I: Hvordan gik det?\n\nB1: Jeg skrev til jobcenterchefen, og så skete der noget.\n")
    quote = add_quote(folder, "citizens", "Jeg skrev til jobcenterchefen, og så skete der noget", "--theme", THEME_CHAIN)
    refused(folder, "guide", folder, "--level", "frontline", key="guard.blocked")
    assert "titel, som kun én har »jobcenterchefen«" in run_cli("check", folder).out
    ok("quote", "review", folder, quote)
    ok("guide", folder, "--level", "frontline", "-o", tmp_path / "frontline.pdf")


def test_the_study_own_unique_titles_are_flagged_in_the_evaluator_texts(tmp_path):
    folder = _guard_study(tmp_path, "I: Hvordan gik det?\n\nB1: Det gik fint med sagen.\n",
                          '[anonymity]\nunique_titles = ["teamkoordinatoren"]\n')
    add_quote(folder, "citizens", "Det gik fint med sagen", "--theme", THEME_CHAIN)
    config = folder / "bikva.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'description = "Samarbejdet mellem', 'description = "Hvad teamkoordinatoren gør. Samarbejdet mellem'),
        encoding="utf-8")
    refused(folder, "guide", folder, "--level", "frontline", key="guard.text_blocked")


# ---------------------------------------------------------------- the consent form


def test_consent_form_holds_what_the_law_asks_on_one_page(study):
    reader = PdfReader(str(study["materials"]["leaders"] / "consent-R3-leaders.pdf"))
    assert len(reader.pages) == 2  # --copies 2: one page each, the signature on it
    for page in reader.pages:
        form = flat(page.extract_text())
        for text in (CONTROLLER, DPO, RECIPIENTS, "Anne Holm, anho@via.example", "31. december 2026",
                     "artikel 6, stk. 1, litra a", "artikel 9, stk. 2, litra a", "helbred",
                     "Datatilsynet", "trække dit samtykke tilbage", "ret til at se de oplysninger",
                     "Deltagerkode", "Underskrift", "Dato"):
            assert text in form, text
        # The participant code field holds the level's letter, to be completed as in "L2".
        assert "L" in page.extract_text().split()


def test_status_names_the_missing_consent_fields(study, tmp_path):
    folder = tmp_path / "ny"
    ok("new", folder, "--title", "Ny undersøgelse")
    status = ok("status", folder)
    assert "bikva.toml, [consent]: udfyld controller, dpo, legal_basis, delete_by" in status
    assert "[consent]" not in study["status"]


# ---------------------------------------------------------------- words said aloud in the room


def test_room_guide_says_the_real_names_and_the_report_appendix_the_placeholders(study):
    frontline = study["guides"]["frontline"]
    assert f"Vi laver evalueringen for {COMMISSIONER}" in frontline
    assert "Koordinerende sagsbehandlere i Holmstrup Kommune" in frontline
    # Quotes stay redacted in the room too.
    assert "[navn på sagsbehandler] fra [kommunen] ringede altid tilbage samme dag" in frontline
    assert "Mette" not in frontline
    appendix = study["report"][study["report"].index("Bilag 1"):]
    assert "Holmstrup" not in appendix and "Mette" not in appendix
    assert "Beskæftigelsesforvaltningen, [kommunen]" in appendix
