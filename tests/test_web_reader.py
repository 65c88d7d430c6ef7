"""The evaluator's way from a transcript file to a quote in the next guide, in a real browser:
upload with the speaker review, select a passage with the mouse, theme it, carry it forward,
and find it in the next round's guide; highlights exact after an emoji; roles and escaping."""

from __future__ import annotations

import re
import sqlite3

import pytest
from playwright.sync_api import expect

from bikva.output.pipeline import make_guide
from browser import accessible, browser, log_in, page, shot, site  # noqa: F401
from helpers import ok, pdf_text

THEME = "Sammenhæng i indsatsen"
PASSAGE = "Jeg er selv tovholder på min egen sag"
TRANSCRIPT = f"""Moderator: Velkommen. Hvordan har I oplevet at få hjælp fra jobcentret?
Borger A: Altså, det er lidt forskelligt. {PASSAGE}, og det kan jeg ikke overskue.
B2: Det er ventetiden, der slider.
Moderator: Skriv jeres gode råd til sagsbehandlerne.
Borger A: Ring tilbage samme dag.
B2: Sig det, hvis I ikke ved det.
"""
EMOJI_PASSAGE = "ventetiden er det værste"
EMOJI_TRANSCRIPT = f"""I: Hvordan var ventetiden?
B1: 😀👍🏽 Jamen, e\u0301n ting: {EMOJI_PASSAGE} for mig.
B2: Det er jeg enig i.
"""
HOSTILE_TRANSCRIPT = """I: Hvad skrev du?
B1: Jeg skrev <script>alert("x")</script> og <b>fed</b> i feltet.
B2: Det gjorde jeg ikke.
"""


def rows(site, query: str) -> list[tuple]:
    with sqlite3.connect(site.folder / "bikva.db") as db:
        return db.execute(query).fetchall()


def select_with_mouse(page, passage: str) -> None:
    """Drag the mouse over `passage` in the transcript, from just inside its first character to
    just inside its last, as a person does."""
    box = page.evaluate("""(passage) => {
        for (const turn of document.querySelectorAll('.turn-text')) {
            const at = turn.textContent.indexOf(passage);
            if (at < 0) continue;
            const place = (offset) => {
                const walker = document.createTreeWalker(turn, NodeFilter.SHOW_TEXT);
                let node, seen = 0;
                while ((node = walker.nextNode())) {
                    if (offset < seen + node.data.length) return [node, offset - seen];
                    seen += node.data.length;
                }
            };
            const rect = (offset) => {
                const [node, inside] = place(offset);
                const range = document.createRange();
                range.setStart(node, inside); range.setEnd(node, inside + 1);
                const r = range.getClientRects()[0];
                return {left: r.left, right: r.right, y: r.top + r.height / 2};
            };
            turn.scrollIntoView({block: 'center'});
            return {first: rect(at), last: rect(at + passage.length - 1)};
        }
        return null;
    }""", passage)
    assert box is not None, passage
    page.mouse.move(box["first"]["left"] + 1, box["first"]["y"])
    page.mouse.down()
    page.mouse.move(box["last"]["right"] - 1, box["last"]["y"], steps=8)
    page.mouse.up()


@pytest.fixture(scope="module")
def imported(browser, site):
    """The citizens' transcript brought in through the browser, speakers corrected in the review."""
    source = site.folder.parent / "borgere.txt"
    source.write_text(TRANSCRIPT, encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    log_in(tab, site, "eva")
    tab.get_by_role("link", name="Indlæs udskrift").first.click()
    accessible(tab)
    shot(tab, site, "import")
    tab.get_by_label("Runde").select_option("citizens")
    tab.get_by_label("Interviewgruppe").fill("Borgergruppe A")
    tab.get_by_label("Udskrift", exact=True).set_input_files(str(source))
    tab.get_by_role("button", name="Vis talerne").click()
    tab.get_by_role("heading", name="Gennemse talerne").wait_for()
    assert rows(site, "SELECT count(*) FROM transcript") == [(0,)]  # nothing stored yet
    assert "Nej" not in tab.content()
    shot(tab, site, "import-review")
    accessible(tab)
    # The moderator was not taken for the interviewer, and "Borger A" should be B1.
    tab.get_by_label("Moderator er intervieweren").check()
    tab.get_by_label("Ny betegnelse for Borger A").fill("B1")
    tab.get_by_role("button", name="Vis igen med rettelserne").click()
    speakers = tab.get_by_role("table").inner_text()
    assert "B1" in speakers and "Borger A" not in speakers
    assert tab.get_by_label("Moderator er intervieweren").is_checked()
    shot(tab, site, "import-review-corrected")
    tab.get_by_role("button", name="Indlæs udskriften").click()
    tab.wait_for_url(re.compile(r"/transcripts/\d+"))
    context.close()
    transcript_id = rows(site, "SELECT id FROM transcript")[0][0]
    assert rows(site, "SELECT speaker, is_interviewer FROM turn ORDER BY position") == [
        ("Moderator", 1), ("B1", 0), ("B2", 0), ("Moderator", 1), ("B1", 0), ("B2", 0)]
    assert not any((site.folder / ".uploads").iterdir())  # the upload is gone once imported
    return transcript_id


def test_a_passage_selected_with_the_mouse_becomes_a_themed_quote_carried_forward(page, site, imported):
    log_in(page, site, "eva")
    page.goto(f"{site.url}/transcripts/{imported}")
    interviewer_turn = page.locator(".turn.interviewer").first
    assert "Velkommen" in interviewer_turn.inner_text()
    select_with_mouse(page, PASSAGE)
    assert page.get_by_label("Passagen").input_value() == PASSAGE
    page.get_by_label("Tema", exact=True).select_option(THEME)
    page.get_by_text("Spørgsmål, begrundelse og reaktion").click()
    page.get_by_label("Begrundelse for udvælgelsen").fill("Går igen hos flere borgere.")
    page.get_by_label("Ledere").uncheck()  # to the frontline staff only
    shot(page, site, "reader-selected")
    page.evaluate("window.notReloaded = true")
    page.get_by_role("button", name="Gem citatet").click()
    expect(page.locator("#quote-saved")).to_have_text("Citat nr. 1 er gemt.")
    expect(page.locator("mark")).to_have_text([PASSAGE])
    assert page.evaluate("window.notReloaded === true")  # saved without loading the page again
    expect(page.locator("#quote-1")).to_contain_text(f"({THEME}): »{PASSAGE}«")
    assert page.get_by_label("Passagen").input_value() == ""  # ready for the next one
    assert rows(site, "SELECT q.text, t.name, q.rationale FROM quote q JOIN theme t ON t.id = q.theme_id") == [
        (PASSAGE, THEME, "Går igen hos flere borgere.")]
    assert rows(site, "SELECT l.key FROM quote_carry c JOIN level l ON l.id = c.level_id") == [("frontline",)]
    shot(page, site, "reader")
    accessible(page)

    # The next round's guide holds it.
    guide = make_guide(site.folder, "frontline", fmt="pdf")
    assert PASSAGE in pdf_text(guide)

    page.goto(f"{site.url}/quotes/1")
    assert page.get_by_role("heading", name="Citat nr. 1").is_visible()
    shot(page, site, "quote")
    accessible(page)


def test_a_typed_passage_that_is_not_there_is_refused_with_the_command_lines_words(page, site, imported):
    log_in(page, site, "eva")
    page.goto(f"{site.url}/transcripts/{imported}")
    page.get_by_label("Passagen").fill("Det har ingen sagt")
    page.get_by_label("Tema", exact=True).select_option(THEME)
    page.get_by_role("button", name="Gem citatet").click()
    expect(page.get_by_role("alert")).to_have_text(re.compile(r"^Passagen findes ikke i udskrifterne fra borgerne\."))
    assert page.get_by_label("Passagen").input_value() == "Det har ingen sagt"  # kept for correcting
    assert page.evaluate("document.activeElement.id") == "form-error"  # where a keyboard user is told it
    shot(page, site, "reader-refused")
    accessible(page)


def test_an_emoji_and_a_combining_accent_before_the_passage_do_not_shift_the_highlight(page, site):
    source = site.folder.parent / "emoji.txt"
    source.write_text(EMOJI_TRANSCRIPT, encoding="utf-8")
    ok("import", site.folder, source, "--level", "citizens", "--group", "Borgergruppe B")
    transcript_id = rows(site, "SELECT max(id) FROM transcript")[0][0]
    log_in(page, site, "eva")
    page.goto(f"{site.url}/transcripts/{transcript_id}")
    select_with_mouse(page, EMOJI_PASSAGE)
    page.get_by_label("Tema", exact=True).select_option(THEME)
    page.get_by_role("button", name="Gem citatet").click()
    expect(page.locator("mark")).to_have_text([EMOJI_PASSAGE])
    (start, end, text), = rows(site, f"SELECT start, \"end\", text FROM quote WHERE transcript_id = {transcript_id}")
    turn = EMOJI_TRANSCRIPT.splitlines()[1].removeprefix("B1: ")
    assert text == EMOJI_PASSAGE and turn[start:end] == EMOJI_PASSAGE


def test_transcript_text_is_shown_as_text_never_run(page, site):
    source = site.folder.parent / "hostile.txt"
    source.write_text(HOSTILE_TRANSCRIPT, encoding="utf-8")
    ok("import", site.folder, source, "--level", "citizens", "--group", "Borgergruppe C")
    transcript_id = rows(site, "SELECT max(id) FROM transcript")[0][0]
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(page, site, "eva")
    page.goto(f"{site.url}/transcripts/{transcript_id}")
    assert '<script>alert("x")</script>' in page.locator(".turn-text").nth(1).inner_text()
    assert page.locator(".turns script, .turns b").count() == 0 and dialogs == []
    shot(page, site, "reader-hostile")


@pytest.mark.parametrize("name", ["kim", "ida"])
def test_a_commissioner_or_interviewer_is_refused_transcripts_and_quotes(page, site, imported, name):
    log_in(page, site, name)
    for path in ("/transcripts", f"/transcripts/{imported}", "/quotes/1", "/import"):
        response = page.goto(f"{site.url}{path}")
        assert response.status == 403, path
        assert page.get_by_role("alert").inner_text() == "Din rolle giver ikke adgang til denne side."
    assert page.get_by_role("link", name="Udskrifter").count() == 0  # not offered in the menu either
    shot(page, site, f"forbidden-{name}")
    accessible(page)


KEYBOARD_PASSAGE = "aldrig ringet op igen"
KEYBOARD_TRANSCRIPT = f"""I: Hvad vil I sige til kommunen?
B1: Vi bliver {KEYBOARD_PASSAGE}, selv når vi lægger en besked.
B2: Det kan jeg genkende. Vi bliver {KEYBOARD_PASSAGE}.
"""
RECURRING_TRANSCRIPT = """I: Hvordan var ventetiden?
B1: Ventetiden på jobcentret var alt for lang, jeg ventede i tre måneder.
B2: Jeg ventede også alt for længe på jobcentret, hele tre måneder.
B3: Min sagsbehandler var god til at svare.
"""


def import_cli(site, text: str, name: str, group: str) -> int:
    source = site.folder.parent / name
    source.write_text(text, encoding="utf-8")
    ok("import", site.folder, source, "--level", "citizens", "--group", group)
    return rows(site, "SELECT max(id) FROM transcript")[0][0]


def press_tab_until(page, wanted: str, most: int = 80) -> None:
    """Tab through the page until the focused element's text or id is `wanted`."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("(w) => { const a = document.activeElement; return a.id === w || a.textContent.replace(/\\s+/g, ' ').trim() === w; }",
                         wanted):
            return
    raise AssertionError(f"{wanted} cannot be reached with the Tab key")


def test_a_keyboard_user_chooses_a_turn_types_the_passage_and_saves(page, site):
    transcript_id = import_cli(site, KEYBOARD_TRANSCRIPT, "tastatur.txt", "Borgergruppe E")
    log_in(page, site, "eva")
    page.goto(f"{site.url}/transcripts/{transcript_id}")
    press_tab_until(page, "Citér fra replik 3 (B2)")
    focus = page.evaluate("getComputedStyle(document.activeElement).outlineStyle + ' ' + "
                          "getComputedStyle(document.activeElement).outlineWidth")
    assert focus == "solid 3px"  # the focus can be seen
    shot(page, site, "reader-keyboard-focus")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "passage"
    expect(page.locator("#selection-status")).to_have_text("Replik 3 (B2) er valgt. Skriv eller indsæt passagen fra den.")
    # The passage is said in both turns: the chosen turn decides which one is meant.
    page.keyboard.type(KEYBOARD_PASSAGE)
    press_tab_until(page, "new_theme")
    page.keyboard.type("Tilbagemeldinger")
    press_tab_until(page, "Gem citatet")
    page.keyboard.press("Enter")
    expect(page.locator("#quote-saved")).to_have_text(re.compile(r"Citat nr\. \d+ er gemt\."))
    assert page.evaluate("document.activeElement.id") == "quote-saved"
    expect(page.locator("#turn-3 mark")).to_have_text(KEYBOARD_PASSAGE)
    assert page.locator("#turn-2 mark").count() == 0
    assert rows(site, f"SELECT t.position FROM quote q JOIN turn t ON t.id = q.turn_id "
                      f"WHERE q.transcript_id = {transcript_id}") == [(3,)]
    shot(page, site, "reader-keyboard-saved")
    accessible(page)


def test_the_quote_form_works_without_the_script(browser, site):
    transcript_id = import_cli(site, KEYBOARD_TRANSCRIPT.replace("kommunen", "jobcentret"), "uden-script.txt",
                               "Borgergruppe F")
    context = browser.new_context(viewport={"width": 1280, "height": 800}, java_script_enabled=False)
    tab = context.new_page()
    log_in(tab, site, "eva")
    tab.goto(f"{site.url}/transcripts/{transcript_id}")
    tab.get_by_role("link", name="Citér fra replik 2 (B1)").click()  # the page comes back with the turn chosen
    assert tab.locator("#selection-status").inner_text() == "Replik 2 (B1) er valgt. Skriv eller indsæt passagen fra den."
    tab.get_by_label("Passagen").fill(KEYBOARD_PASSAGE)
    tab.get_by_label("Tema", exact=True).select_option(THEME)
    tab.get_by_role("button", name="Gem citatet").click()
    assert re.fullmatch(r"Citat nr\. \d+ er gemt\.", tab.get_by_role("status").first.inner_text())
    assert tab.locator("#turn-2 mark").all_inner_texts() == [KEYBOARD_PASSAGE]
    tab.get_by_label("Passagen").fill("Vi bliver")  # said by both: refused, worded for the browser
    tab.get_by_label("Tema", exact=True).select_option(THEME)
    tab.get_by_role("button", name="Gem citatet").click()
    refusal = tab.get_by_role("alert").inner_text()
    assert refusal.startswith("Passagen findes ") and "Markér den i udskriften" in refusal and "--" not in refusal
    context.close()


def test_carry_boxes_start_as_the_command_line_carries_each_kind(page, site, imported):
    log_in(page, site, "eva")
    page.goto(f"{site.url}/transcripts/{imported}")
    frontline, leaders = page.get_by_label("Medarbejdere"), page.get_by_label("Ledere")
    assert frontline.is_checked() and leaders.is_checked()  # a statement: every higher level
    page.get_by_label("Det er et godt råd").check()
    assert frontline.is_checked() and not leaders.is_checked()  # good advice: the next level
    page.get_by_label("Passagen").fill("Ring tilbage samme dag.")
    page.get_by_role("button", name="Gem citatet").click()
    expect(page.locator("#quote-saved")).to_have_text(re.compile("er gemt"))
    assert rows(site, "SELECT l.key FROM quote q JOIN quote_carry c ON c.quote_id = q.id JOIN level l "
                      "ON l.id = c.level_id WHERE q.text = 'Ring tilbage samme dag.'") == [("frontline",)]
    assert frontline.is_checked() and leaders.is_checked()  # the next quote starts as a statement again


def test_an_interviewer_passage_is_refused_in_the_browsers_words(page, site, imported):
    log_in(page, site, "eva")
    page.goto(f"{site.url}/transcripts/{imported}")
    page.get_by_label("Passagen").fill("Skriv jeres gode råd til sagsbehandlerne.")
    page.get_by_label("Tema", exact=True).select_option(THEME)
    page.get_by_role("button", name="Gem citatet").click()
    expect(page.get_by_role("alert")).to_have_text(re.compile("markér en passage i en informants replik"))
    page.get_by_label("Passagen").fill(PASSAGE + " og mere")
    page.get_by_label("Tema", exact=True).select_option("")
    page.get_by_role("button", name="Gem citatet").click()
    expect(page.get_by_role("alert")).to_have_text(re.compile("^Passagen findes ikke"))
    assert rows(site, "SELECT count(*) FROM quote WHERE text LIKE 'Skriv%'") == [(0,)]


def test_recurrence_suggestions_are_shown_on_demand_and_fill_the_form(page, site):
    transcript_id = import_cli(site, RECURRING_TRANSCRIPT, "ventetid.txt", "Borgergruppe G")
    log_in(page, site, "eva")
    page.goto(f"{site.url}/transcripts/{transcript_id}")
    assert page.locator(".suggestion-groups").count() == 0  # not computed until asked for
    page.get_by_role("link", name="Vis forslag").click()
    group = page.locator(".suggestion-groups > li").filter(has_text="jeg ventede i tre måneder")
    expect(group.locator(".suggestion-head")).to_contain_text("2 informanter")
    assert group.get_by_role("link", name="Replik 2", exact=True).get_attribute("href") == "#turn-2"
    assert page.evaluate("document.activeElement.id") == "suggestions-heading"
    shot(page, site, "reader-suggestions")
    accessible(page)
    group.get_by_role("link", name="Brug passagen Replik 3").click()
    said = "Jeg ventede også alt for længe på jobcentret, hele tre måneder."
    assert page.get_by_label("Passagen").input_value() == said
    page.get_by_label("Tema", exact=True).select_option(THEME)
    page.get_by_role("button", name="Gem citatet").click()
    expect(page.locator("#turn-3 mark")).to_have_text(said)


def test_web_wordings_replace_only_messages_that_exist_with_the_same_blanks():
    import string

    from bikva.i18n import catalogue

    def blanks(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for lang in ("da", "en"):
        words = catalogue(lang)
        own = {key: text for key, text in words.items() if key.startswith("web.refusal.")}
        assert own, lang
        for key, text in own.items():
            original = key.removeprefix("web.refusal.")
            assert original in words and blanks(text) <= blanks(words[original]), key
            assert "--" not in text or "kommandolinjen" in text or "command line" in text, key
