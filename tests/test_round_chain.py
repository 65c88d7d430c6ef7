"""The round chain end to end through the CLI, on transcripts in all four formats, with the
generated PDFs read back as text."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import add_quote, flat, ok, pdf_text, run_cli, section
from study_files import (
    CITIZEN_ADVICE,
    CITIZEN_NAMED_QUOTE,
    CITIZEN_QUOTE,
    FRONTLINE_ADVICE,
    FRONTLINE_REACTION,
    LEADER_ADVICE,
    LEADER_REACTION,
    POLITICIAN_ADVICE,
    POLITICIAN_QUOTE,
    write_study_files,
)

THEME_CHAIN = "Sammenhæng i indsatsen"
THEME_CASEWORKER = "Samarbejdet med sagsbehandleren"


@pytest.fixture(scope="module")
def study(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("chain")
    files = write_study_files(root / "files")
    folder = root / "evaluering"
    ok("new", folder, "--title", "Koordinerende sagsbehandlere i Holmstrup Kommune")
    ok("import", folder, "--level", "citizens", files["citizens"], "--group", "Borgergruppe A")
    ok("import", folder, "--level", "frontline", files["frontline"])
    ok("import", folder, "--level", "leaders", files["leaders"])
    ok("import", folder, "--level", "politicians", files["politicians"])
    ids = {}
    ids["citizen"] = add_quote(folder, "citizens", CITIZEN_QUOTE, "--theme", THEME_CHAIN, "--rationale", "Går igen")
    ids["named"] = add_quote(folder, "citizens", CITIZEN_NAMED_QUOTE, "--theme", THEME_CASEWORKER)
    add_quote(folder, "citizens", CITIZEN_ADVICE, "--advice")
    ids["frontline"] = add_quote(
        folder, "frontline", FRONTLINE_REACTION, "--theme", THEME_CHAIN, "--responds-to", ids["citizen"]
    )
    add_quote(folder, "frontline", FRONTLINE_ADVICE, "--advice")
    ids["leader"] = add_quote(
        folder, "leaders", LEADER_REACTION, "--theme", THEME_CHAIN, "--responds-to", ids["frontline"]
    )
    add_quote(folder, "leaders", LEADER_ADVICE, "--advice")
    add_quote(folder, "politicians", POLITICIAN_QUOTE, "--theme", THEME_CHAIN)
    add_quote(folder, "politicians", POLITICIAN_ADVICE, "--advice")
    ok("redact", folder, "Holmstrup Kommune", "[kommunen]")
    ok("redact", folder, "Mette", "[navn på sagsbehandler]")
    out = folder / "out"
    guides = {}
    for level in ("citizens", "frontline", "leaders", "politicians"):
        for fmt in ("pdf", "html", "md"):
            target = out / f"{level}.{fmt}"
            assert ok("guide", folder, "--level", level, "-o", target, "--format", fmt).strip() == str(target)
        guides[level] = pdf_text(out / f"{level}.pdf")
    ok("report", folder, "-o", out / "report.pdf")
    ok("report", folder, "-o", out / "report.html")
    return {"folder": folder, "out": out, "guides": guides, "report": pdf_text(out / "report.pdf"), "ids": ids}


def test_citizen_quote_is_in_the_frontline_guide_under_its_theme(study):
    frontline = study["guides"]["frontline"]
    assert CITIZEN_QUOTE in frontline
    assert frontline.index(THEME_CHAIN) < frontline.index(CITIZEN_QUOTE)
    under_theme = section(frontline, THEME_CHAIN, THEME_CASEWORKER)
    assert CITIZEN_QUOTE in under_theme or frontline.index(THEME_CASEWORKER) < frontline.index(THEME_CHAIN)


def test_citizen_quote_is_not_in_the_citizens_guide(study):
    citizens = study["guides"]["citizens"]
    assert CITIZEN_QUOTE not in citizens
    assert THEME_CHAIN in citizens  # the first round is built from the themes


def test_frontline_guide_presents_the_citizens_good_advice(study):
    assert CITIZEN_ADVICE in study["guides"]["frontline"]
    assert CITIZEN_ADVICE not in study["guides"]["leaders"]


def test_leaders_guide_shows_the_citizen_quote_followed_by_the_frontline_reaction(study):
    leaders = study["guides"]["leaders"]
    assert CITIZEN_QUOTE in leaders and FRONTLINE_REACTION in leaders
    assert leaders.index(CITIZEN_QUOTE) < leaders.index(FRONTLINE_REACTION)
    assert FRONTLINE_ADVICE in leaders


def test_politicians_guide_shows_the_whole_chain(study):
    politicians = study["guides"]["politicians"]
    positions = [politicians.index(q) for q in (CITIZEN_QUOTE, FRONTLINE_REACTION, LEADER_REACTION)]
    assert positions == sorted(positions)
    assert LEADER_ADVICE in politicians


def test_guides_attribute_quotes_anonymously(study):
    leaders = study["guides"]["leaders"]
    assert "Borger, R1" in leaders and "Medarbejder, R2" in leaders
    for label in ("B1", "SB1", "Karen Holm"):
        assert label not in leaders


def test_report_holds_every_level_and_its_good_advice(study):
    report = study["report"]
    for name in ("Borgere", "Medarbejdere", "Ledere", "Politikere"):
        assert name in report
    for advice in (CITIZEN_ADVICE, FRONTLINE_ADVICE, LEADER_ADVICE, POLITICIAN_ADVICE):
        assert advice in report
    for quote in (CITIZEN_QUOTE, FRONTLINE_REACTION, LEADER_REACTION, POLITICIAN_QUOTE):
        assert quote in report


def test_redacted_strings_appear_in_no_generated_file(study):
    generated = sorted(study["out"].iterdir())
    assert len(generated) == 14
    for path in generated:
        text = pdf_text(path) if path.suffix == ".pdf" else flat(path.read_text(encoding="utf-8"))
        assert "Mette" not in text, path.name  # the quote naming her is redacted everywhere
        if path.stem != "report":
            # The room's guide says the study's own title as written (the group knows where it
            # is); nothing else in it names the municipality.
            text = text.replace("Koordinerende sagsbehandlere i Holmstrup Kommune", "")
        assert "Holmstrup" not in text, path.name
    assert "[navn på sagsbehandler] fra [kommunen] ringede altid tilbage samme dag" in study["guides"]["frontline"]


def test_quote_list_json_gives_offsets_into_the_turn(study):
    import json

    rows = json.loads(ok("quote", "list", study["folder"], "--level", "leaders", "--json"))
    leader = next(r for r in rows if r["id"] == study["ids"]["leader"])
    assert leader["text"] == LEADER_REACTION  # spans two Teams cues, merged into one turn
    assert leader["end"] - leader["start"] == len(LEADER_REACTION)
    assert leader["responds_to"] == study["ids"]["frontline"]
    assert leader["carried_to"] == ["politicians"]
