"""The method as practised in the room: the statements a group approves at the read-back, the good
advice written on the sheets, and questions that fit what was said. Driven through the CLI, the
generated PDFs read back as text."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from helpers import add_quote, flat, ok, pdf_text, refused, run_cli, section
from study_files import CITIZEN_ADVICE, CITIZEN_NAMED_QUOTE, CITIZEN_QUOTE, FRONTLINE_REACTION, write_study_files
from alembic import command
from sqlalchemy import create_engine

from bikva.store.engine import _alembic_config
from test_migrations import HEAD, old_evaluation, revision_of

THEME_CHAIN = "Sammenhæng i indsatsen"
THEME_CASEWORKER = "Samarbejdet med sagsbehandleren"
STATEMENT = "Borgerne oplever, at de selv må være tovholdere i deres sag"
PRAISE = "Det er første gang nogen har spurgt, hvordan jeg har det"
WRITTEN_ADVICE = "Skriv til os i et sprog, vi kan forstå"
THEME_PROMPT = "Hvem burde have været tovholder her?"
OWN_PROMPT = "Hvad ville I selv gøre, hvis det var jeres mor?"

CRITICAL = "Hvad kunne gøres anderledes?"
POSITIVE = "Hvordan holder I fast i det, og kan andre lære af det?"
GROUP = "Borgerne, R1 (gruppens formulering)"
SUPPORT_LABEL = "Udsagnet bygger blandt andet på disse citater:"


def new_study(root: Path) -> tuple[Path, dict[str, Path]]:
    files = write_study_files(root / "files")
    folder = root / "e"
    ok("new", folder, "--title", "Udsagn", "--levels", "citizens,frontline,leaders")
    ok("import", folder, "--level", "citizens", files["citizens"], "--group", "Borgergruppe A")
    ok("import", folder, "--level", "frontline", files["frontline"])
    return folder, files


def last_id(out: str) -> int:
    return int(out.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def study(tmp_path_factory) -> dict:
    folder, files = new_study(tmp_path_factory.mktemp("statements"))
    config = folder / "bikva.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace(f'name = "{THEME_CHAIN}"\n', f'name = "{THEME_CHAIN}"\nprompts = ["{THEME_PROMPT}"]\n'),
                      encoding="utf-8")
    ids = {"quote": add_quote(folder, "citizens", CITIZEN_QUOTE, "--theme", THEME_CHAIN)}
    ids["statement"] = last_id(ok("statement", "add", folder, "--level", "citizens", "--group", "Borgergruppe A",
                                  "--theme", THEME_CHAIN, "--text", STATEMENT, "--supported-by", str(ids["quote"]),
                                  "--prompt", OWN_PROMPT))
    ids["praise"] = last_id(ok("statement", "add", folder, "--level", "citizens", "--theme", THEME_CASEWORKER,
                               "--text", PRAISE, "--prompts", "positive"))
    ids["written"] = last_id(ok("advice", "add", folder, "--level", "citizens", "--text", WRITTEN_ADVICE))
    ids["reaction"] = add_quote(folder, "frontline", FRONTLINE_REACTION, "--theme", THEME_CHAIN,
                                "--responds-to", ids["statement"])
    out = folder / "out"
    for level in ("frontline", "leaders"):
        ok("guide", folder, "--level", level, "-o", out / f"{level}.pdf")
    ok("materials", folder, "--level", "frontline", "-o", out / "materials")
    ok("report", folder, "-o", out / "report.pdf")
    ok("report", folder, "--edition", "evaluator", "-o", out / "report-evaluator.pdf")
    return {"folder": folder, "ids": ids, "frontline": pdf_text(out / "frontline.pdf"),
            "leaders": pdf_text(out / "leaders.pdf"),
            "cards": pdf_text(out / "materials" / "cards-R2-frontline.pdf"),
            "report": pdf_text(out / "report.pdf"), "evaluator": pdf_text(out / "report-evaluator.pdf")}


def test_a_group_statement_travels_into_the_next_guide_with_the_quotes_behind_it(study):
    theme = section(study["frontline"], f"Tema 2: {THEME_CHAIN}", "Noter")
    assert STATEMENT in theme and GROUP in theme
    assert theme.index(STATEMENT) < theme.index(SUPPORT_LABEL) < theme.index(CITIZEN_QUOTE)
    # The supporting quote stands under the statement, not a second time on its own.
    assert study["frontline"].count(CITIZEN_QUOTE) == 1


def test_the_guide_asks_the_themes_and_the_statements_own_questions_after_the_levels(study):
    theme = section(study["frontline"], f"Tema 2: {THEME_CHAIN}", "Noter")
    assert theme.index(CRITICAL) < theme.index(THEME_PROMPT) < theme.index(OWN_PROMPT)


def test_a_positive_statement_gets_the_positive_questions_and_a_critical_one_the_critical(study):
    praise = section(study["frontline"], f"Tema 1: {THEME_CASEWORKER}", "Noter")
    assert PRAISE in praise and POSITIVE in praise and CRITICAL not in praise
    critical = section(study["frontline"], f"Tema 2: {THEME_CHAIN}", "Noter")
    assert CRITICAL in critical and POSITIVE not in critical
    # Frontline staff are asked about causes in every tone.
    assert "Hvorfor tror I, at borgerne oplever det sådan?" in praise


def test_a_later_levels_reaction_to_a_statement_shows_below_it_in_the_next_guide(study):
    theme = section(study["leaders"], THEME_CHAIN, "Noter")
    assert theme.index(STATEMENT) < theme.index("reaktion") < theme.index(FRONTLINE_REACTION)
    assert "Hvad tænker I om medarbejdernes reaktioner?" in theme


def test_written_advice_reaches_the_next_levels_guide_and_the_cards(study):
    advice = section(study["frontline"], "Gode råd fra borgerne til medarbejderne", "Noter")
    assert WRITTEN_ADVICE in advice and "Borger, R1 (skriftligt)" in advice
    assert WRITTEN_ADVICE in study["cards"] and "(skriftligt)" in study["cards"]


def test_the_cards_show_the_group_statement_in_the_groups_name(study):
    assert STATEMENT in study["cards"] and PRAISE in study["cards"]
    assert study["cards"].count(GROUP) == 2


def test_the_report_shows_the_statement_with_its_support_and_the_register_lists_it(study):
    for edition in ("report", "evaluator"):
        text = study[edition]
        results = section(text, "udsagn fra runde 1", "udsagn fra runde 2")
        at = results.index(STATEMENT)
        assert at < results.index(GROUP, at) < results.index(SUPPORT_LABEL, at) < results.index(CITIZEN_QUOTE, at)
        assert WRITTEN_ADVICE in results
    assert "Underbygges af" not in study["report"]
    ids = study["ids"]
    assert f"Underbygges af nr. {ids['quote']}" in study["evaluator"]
    assert "godkendt ved opsummeringen" in study["evaluator"] and "skrevet på arket" in study["evaluator"]


def test_statement_and_advice_lists_show_what_was_typed_in(study):
    folder, ids = study["folder"], study["ids"]
    statements = json.loads(ok("statement", "list", folder, "--json"))
    assert [(s["id"], s["group"], s["supported_by"], s["tone"]) for s in statements] == [
        (ids["statement"], "Borgergruppe A", [ids["quote"]], "critical"), (ids["praise"], "Borgergruppe A", [], "positive")]
    advice = json.loads(ok("advice", "list", folder, "--json"))
    assert [(a["id"], a["written"], a["carried_to"]) for a in advice] == [(ids["written"], True, ["frontline"])]


def test_the_tone_can_be_changed_later(tmp_path):
    folder, _ = new_study(tmp_path)
    quote = add_quote(folder, "citizens", "Det er ventetiden, der slider", "--theme", THEME_CASEWORKER)
    ok("quote", "prompts", folder, quote, "positive")
    ok("guide", folder, "--level", "frontline", "-o", tmp_path / "g.pdf")
    text = pdf_text(tmp_path / "g.pdf")
    assert POSITIVE in text and CRITICAL not in text
    assert json.loads(ok("quote", "list", folder, "--json"))[0]["tone"] == "positive"


def test_refusals_leave_the_evaluation_untouched(tmp_path):
    folder, _ = new_study(tmp_path)
    citizen = add_quote(folder, "citizens", CITIZEN_QUOTE, "--theme", THEME_CHAIN)
    advice = add_quote(folder, "citizens", CITIZEN_ADVICE, "--advice")
    staff = add_quote(folder, "frontline", FRONTLINE_REACTION, "--theme", THEME_CHAIN)
    base = ("statement", "add", folder, "--level", "citizens", "--theme", THEME_CHAIN, "--text", STATEMENT)
    refused(folder, *base, "--supported-by", staff, key="statement.support_other_level")
    refused(folder, *base, "--supported-by", "999", key="statement.support_unknown")
    refused(folder, *base, "--supported-by", advice, key="statement.support_not_verbatim")
    refused(folder, *base, "--supported-by", f"{citizen},x", key="statement.support_numbers")
    refused(folder, *base, "--group", "Gruppe 9", key="statement.group_unknown")
    refused(folder, *base, "--prompts", "rosende", key="quote.tone_unknown")
    refused(folder, "statement", "add", folder, "--level", "citizens", "--theme", THEME_CHAIN, "--text", "  ",
            key="statement.empty")
    refused(folder, "advice", "add", folder, "--level", "citizens", "--group", "Gruppe 9", "--text", "Ring",
            key="statement.group_unknown")
    refused(folder, "statement", "remove", folder, citizen, key="statement.unknown")
    refused(folder, "advice", "remove", folder, citizen, key="advice.unknown")
    refused(folder, "quote", "prompts", folder, advice, "open", key="quote.prompts_not_statement")
    statement = last_id(ok(*base, "--supported-by", citizen))
    refused(folder, *base, key="statement.duplicate")
    ok("statement", "remove", folder, statement)
    assert json.loads(ok("statement", "list", folder, "--json")) == []
    assert [q["id"] for q in json.loads(ok("quote", "list", folder, "--json"))] == [citizen, advice, staff]


def test_a_withdrawal_drops_the_support_but_the_groups_statement_stays(tmp_path):
    folder, _ = new_study(tmp_path)
    citizen = add_quote(folder, "citizens", CITIZEN_QUOTE, "--theme", THEME_CHAIN)
    ok("statement", "add", folder, "--level", "citizens", "--theme", THEME_CHAIN, "--text", STATEMENT,
       "--supported-by", citizen)
    ok("participant", "withdraw", folder, "B1", "--level", "citizens")
    ok("guide", folder, "--level", "frontline", "-o", tmp_path / "g.pdf")
    text = pdf_text(tmp_path / "g.pdf")
    assert STATEMENT in text and GROUP in text
    assert CITIZEN_QUOTE not in text and SUPPORT_LABEL not in text
    refused(folder, "statement", "add", folder, "--level", "citizens", "--theme", THEME_CHAIN, "--text", "Andet",
            "--supported-by", citizen, key="statement.support_withdrawn")


def test_an_excluded_groups_statement_travels_nowhere(tmp_path):
    folder, files = new_study(tmp_path)
    second = files["citizens"].with_name("borgere-b.txt")
    second.write_text(files["citizens"].read_text(encoding="utf-8").replace("forskelligt", "svingende"), encoding="utf-8")
    ok("import", folder, "--level", "citizens", second, "--group", "Borgergruppe B")
    refused(folder, "statement", "add", folder, "--level", "citizens", "--theme", THEME_CHAIN, "--text", STATEMENT,
            key="statement.group_needed")
    ok("statement", "add", folder, "--level", "citizens", "--group", "borgergruppe a", "--theme", THEME_CHAIN,
       "--text", STATEMENT)
    add_quote(folder, "citizens", "Altså, det er lidt svingende", "--theme", THEME_CHAIN)
    ok("group", folder, "Borgergruppe A", "--level", "citizens", "--exclude", "Optagelsen mislykkedes")
    ok("guide", folder, "--level", "frontline", "--format", "md", "-o", tmp_path / "g.md")
    assert STATEMENT not in flat((tmp_path / "g.md").read_text(encoding="utf-8"))


def test_the_guides_read_back_has_lines_for_the_agreed_wording_per_theme(study, tmp_path):
    folder = study["folder"]
    ok("guide", folder, "--level", "citizens", "--format", "md", "-o", tmp_path / "r1.md")
    readback = section(flat((tmp_path / "r1.md").read_text(encoding="utf-8")), "### Opsummering", "### Tak")
    for theme in (THEME_CHAIN, THEME_CASEWORKER):
        assert f"Tema: {theme} Gruppens formulering: ____" in readback
    assert "Går videre til medarbejderne: ☐ ja ☐ nej" in readback


def at_0003(tmp_path: Path) -> Path:
    """An evaluation as bikva left it at 0003: built at 0002 (test_migrations) and upgraded."""
    folder = old_evaluation(tmp_path, "0002")
    engine = create_engine(f"sqlite:///{folder / 'bikva.db'}")
    try:
        with engine.begin() as connection:
            alembic = _alembic_config()
            alembic.attributes["connection"] = connection
            command.upgrade(alembic, "0003")
    finally:
        engine.dispose()
    assert revision_of(folder / "bikva.db") == "0003"
    return folder


def test_an_evaluation_at_0003_is_upgraded_and_takes_statements(tmp_path):
    folder = at_0003(tmp_path)
    quotes = json.loads(ok("quote", "list", folder, "--json"))
    assert revision_of(folder / "bikva.db") == HEAD
    # What was there keeps the questions every guide asked before the tones came.
    assert [(q["kind"], q["tone"], q["written"], q["prompts"]) for q in quotes] == [
        ("statement", "critical", False, []), ("advice", "critical", False, [])]
    statement = last_id(ok("statement", "add", folder, "--level", "citizens", "--theme", "Vejen ind i jobcentret",
                           "--text", STATEMENT, "--supported-by", "1"))
    ok("advice", "add", folder, "--level", "citizens", "--text", WRITTEN_ADVICE)
    with sqlite3.connect(folder / "bikva.db") as db:
        assert db.execute("SELECT statement_id, quote_id FROM statement_support").fetchall() == [(statement, 1)]
        assert db.execute("SELECT kind, turn_id, start, \"end\", group_id IS NOT NULL FROM quote WHERE id = ?",
                          (statement,)).fetchone() == ("group_statement", None, None, None, 1)
        with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
            db.execute("UPDATE quote SET prompt_tone = 'rosende' WHERE id = 1")
    assert run_cli("guide", folder, "--level", "frontline", "--format", "md", "-o", tmp_path / "g.md").code == 0
    assert STATEMENT in flat((tmp_path / "g.md").read_text(encoding="utf-8"))
