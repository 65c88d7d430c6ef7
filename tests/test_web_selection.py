"""The read-back page and the carry-forward board in a real browser: a group statement with the
quotes that support it, written good advice, a quote carried to one level and then shown to it,
a guard hit redacted and another reviewed from its card; refusals in one line with nothing
stored; interviewers and commissioners kept out."""

from __future__ import annotations

import json
import re

import pytest

from bikva.store.evaluation import open_evaluation
from bikva.store.queries import shown_to
from browser import accessible, browser, log_in, page, refused_post, shot, site  # noqa: F401
from helpers import add_quote, file_digest, ok

THEME = "Sammenhæng i indsatsen"
TOVHOLDER = "Jeg er selv tovholder på min egen sag"
SKIVE = "Min sagsbehandler i Skive ringer aldrig tilbage"
PHONE = "De sagde, jeg skulle ringe på 86 12 34 56 om morgenen"
TRANSCRIPT = f"""I: Velkommen. Hvordan har I oplevet at få hjælp fra jobcentret?
B1: Altså, det er lidt forskelligt. {TOVHOLDER}, og det kan jeg ikke overskue.
B2: {SKIVE}, og så sidder man der.
B3: {PHONE}, men der var ingen.
"""
STATEMENT = "Borgerne oplever, at de selv må være tovholdere i deres sag"
ADVICE = "Ring tilbage samme dag, også når svaret er nej."


@pytest.fixture(scope="module")
def quotes(site):
    source = site.folder.parent / "borgere.txt"
    source.write_text(TRANSCRIPT, encoding="utf-8")
    ok("import", site.folder, source, "--level", "citizens", "--group", "Borgergruppe A")
    return {name: add_quote(site.folder, "citizens", text, "--theme", THEME)
            for name, text in (("tovholder", TOVHOLDER), ("skive", SKIVE), ("phone", PHONE))}


def fits(page) -> bool:
    """Usable at 1280 px: nothing wider than the window."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def listed(site, what: str) -> list[dict]:
    return json.loads(ok(what, "list", site.folder, "--json"))


def test_a_group_statement_is_entered_with_its_supporting_quotes(page, site, quotes):
    log_in(page, site, "eva")
    page.get_by_role("link", name="Tilbagelæsning").click()
    page.get_by_role("heading", name="Tilbagelæsning og gode råd").wait_for()
    page.get_by_label("Tema", exact=True).select_option(THEME)
    page.get_by_label("Udsagnet, som gruppen formulerede det").fill(STATEMENT)
    page.get_by_label(f"Nr. {quotes['tovholder']}: {TOVHOLDER}").check()
    page.get_by_label("Spørgsmål til næste gruppe").select_option("open")
    page.locator("#statement-carry-leaders").uncheck()  # to the frontline staff only
    shot(page, site, "readback-filled")
    page.get_by_role("button", name="Gem udsagnet").click()
    status = page.get_by_role("status").first.inner_text()
    number = int(re.fullmatch(r"Gruppens udsagn er gemt som nr\. (\d+)\.", status).group(1))
    statement, = listed(site, "statement")
    assert (statement["id"], statement["text"], statement["theme"], statement["group"]) == (
        number, STATEMENT, THEME, "Borgergruppe A")
    assert statement["supported_by"] == [quotes["tovholder"]] and statement["tone"] == "open"
    assert statement["carried_to"] == ["frontline"]
    entry = page.locator(f"#quote-{number}")
    assert STATEMENT in entry.inner_text() and f"Støttes af citat nr. {quotes['tovholder']}" in entry.inner_text()
    shot(page, site, "readback")
    accessible(page)
    assert fits(page)


def test_written_advice_is_entered_and_goes_to_the_next_level(page, site, quotes):
    log_in(page, site, "eva")
    page.goto(f"{site.url}/readback?level=citizens")
    page.get_by_label("Det gode råd").fill(ADVICE)
    page.get_by_role("button", name="Gem det gode råd").click()
    assert page.get_by_role("status").first.inner_text().startswith("Det gode råd er gemt som nr.")
    advice, = listed(site, "advice")
    assert (advice["text"], advice["written"], advice["group"], advice["carried_to"]) == (
        ADVICE, True, "Borgergruppe A", ["frontline"])
    assert ADVICE in page.get_by_role("main").inner_text()


def test_a_refused_statement_shows_the_one_line_and_stores_nothing(page, site, quotes):
    log_in(page, site, "eva")
    page.goto(f"{site.url}/readback?level=citizens")
    page.get_by_label("Tema", exact=True).select_option(THEME)
    page.get_by_label("Udsagnet, som gruppen formulerede det").fill(STATEMENT)  # the same again
    before = file_digest(site.folder / "bikva.db")
    page.get_by_role("button", name="Gem udsagnet").click()
    assert re.fullmatch(r"Gruppens udsagn er allerede gemt som nr\. \d+\.", page.get_by_role("alert").inner_text())
    assert page.get_by_label("Udsagnet, som gruppen formulerede det").input_value() == STATEMENT
    assert file_digest(site.folder / "bikva.db") == before
    shot(page, site, "readback-refused")
    accessible(page)


def test_a_quote_carried_on_the_board_is_shown_to_that_level_only(page, site, quotes):
    # (Quote "tovholder" supports the group statement carried to the frontline staff, so they are
    # shown it under the statement whatever its own carrying says: take another.)
    number = quotes["skive"]
    log_in(page, site, "eva")
    page.get_by_role("link", name="Videre til næste runde").click()
    card = page.locator(f"#card-{number}")
    assert SKIVE in card.inner_text()
    assert card.get_by_label("Medarbejdere").is_checked() and card.get_by_label("Ledere").is_checked()
    card.get_by_label("Medarbejdere").uncheck()
    shot(page, site, "board")
    accessible(page)
    assert fits(page)
    card.get_by_role("button", name=f"Gem valget for nr. {number}").click()
    assert page.get_by_role("status").first.inner_text() == f"Citat nr. {number} bringes nu videre, som du valgte."
    with open_evaluation(site.folder) as (session, ev):
        leaders = [q.id for q in shown_to(session, ev.id, ev.level("leaders"))]
        frontline = [q.id for q in shown_to(session, ev.id, ev.level("frontline"))]
    assert number in leaders and number not in frontline
    assert [q["carried_to"] for q in listed(site, "quote") if q["id"] == number] == [["leaders"]]
    assert not page.locator(f"#card-{number}").get_by_label("Medarbejdere").is_checked()


def test_a_guard_hit_is_redacted_from_its_card_and_another_reviewed(page, site, quotes):
    log_in(page, site, "eva")
    page.goto(f"{site.url}/board")
    card = page.locator(f"#card-{quotes['skive']}")
    assert "»Skive«" in card.get_by_role("group", name="Vagten har fundet noget").inner_text()
    card.get_by_label("Erstattes med").fill("[kommunen]")
    card.get_by_role("button", name="Erstat ordet").click()
    assert page.get_by_role("status").first.inner_text() == "Ordet er erstattet i alt, der laves fra nu af."
    assert page.locator(f"#card-{quotes['skive']} .hits").count() == 0
    assert ok("redact", site.folder, "--list").strip() == "Skive → [kommunen]"

    card = page.locator(f"#card-{quotes['phone']}")
    assert "86 12 34 56" in card.locator(".hits").inner_text()
    shot(page, site, "board-hit")
    card.get_by_label("Note (kan udelades)").fill("Jobcentrets hovednummer, ikke en borgers.")
    card.get_by_role("button", name="Markér som gennemset").click()
    assert page.get_by_role("status").first.inner_text() == f"Citat nr. {quotes['phone']} er markeret som gennemset."
    assert page.locator(".hits").count() == 0
    assert "Gennemset af eva." in page.locator(f"#card-{quotes['phone']}").inner_text()
    assert json.loads(ok("check", site.folder, "--level", "frontline", "--json")) == []
    accessible(page)


@pytest.mark.parametrize("name", ["kim", "ida"])
def test_interviewers_and_commissioners_cannot_enter_statements_or_carry(page, site, quotes, name):
    log_in(page, site, name)
    for path in ("/readback", "/board"):
        assert page.goto(f"{site.url}{path}").status == 403, path
    assert page.get_by_role("link", name="Tilbagelæsning").count() == 0
    token = page.locator("input[name=csrf]").first.get_attribute("value")
    before = file_digest(site.folder / "bikva.db")
    assert refused_post(page, f"{site.url}/board/{quotes['tovholder']}/carry", {"csrf": token, "carry_to": "frontline"}) == 403
    assert refused_post(page, f"{site.url}/readback/advice", {"csrf": token, "level": "citizens", "text": "x"}) == 403
    assert file_digest(site.folder / "bikva.db") == before


def test_the_board_and_the_read_back_speak_english_when_asked(page, site, quotes):
    log_in(page, site, "eva")
    page.goto(f"{site.url}/board")
    page.get_by_role("link", name="English").click()
    assert page.get_by_role("heading", level=1).inner_text() == "On to the next round"
    assert page.get_by_role("button", name=f"Save the choice for no. {quotes['tovholder']}").is_visible()
    page.get_by_role("link", name="Read-back").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Read-back and good advice"
    shot(page, site, "readback-en")
