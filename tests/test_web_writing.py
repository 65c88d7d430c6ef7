"""Writing the report in the browser: a results text with a quote reference picked from the list,
previewed through the report's own Markdown rendering and saved to the file `bikva status` reads;
a name in a chapter is seen by the guard; bad synthesis readings refused with the file unchanged;
without JavaScript the list shows the references to type; only fixed files, only for evaluators."""

from __future__ import annotations

import json

import pytest

from browser import VIEWPORT, accessible, browser, log_in, page, refused_post, shot, site  # noqa: F401
from helpers import add_quote, file_digest, ok, run_cli

THEME = "Sammenhæng i indsatsen"
PASSAGE = "Jeg er selv tovholder på min egen sag"
TRANSCRIPT = f"""I: Hvordan har I oplevet at få hjælp?
B1: Altså, det er lidt forskelligt. {PASSAGE}, og det kan jeg ikke overskue.
B2: Det er ventetiden, der slider.
"""


@pytest.fixture(scope="module")
def quote(site):
    source = site.folder.parent / "borgere.txt"
    source.write_text(TRANSCRIPT, encoding="utf-8")
    ok("import", site.folder, source, "--level", "citizens", "--group", "Borgergruppe A")
    return add_quote(site.folder, "citizens", PASSAGE, "--theme", THEME)


def fits(page) -> bool:
    """Usable at 1280 px: nothing wider than the window."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def status(site) -> str:
    return run_cli("status", site.folder).out


def test_a_results_text_with_a_picked_quote_is_previewed_and_saved_where_status_reads_it(page, site, quote):
    assert "report/results/citizens.md" in status(site)
    log_in(page, site, "eva")
    page.get_by_role("link", name="Rapportens tekst").click()
    shot(page, site, "writing")
    accessible(page)
    assert fits(page)
    page.get_by_role("link", name="Resultater: Borgere").click()
    text = page.get_by_label("Tekst (Markdown)")
    text.fill(f"Borgerne fortæller om *mange* skift.\n\n## {THEME}\n\nEn af borgerne fortæller:")
    text.press("End")
    pick = page.get_by_label("Vælg et citat")  # by keyboard: into the list, first quote, Tab, Enter
    pick.focus()
    pick.press("ArrowDown")
    assert pick.input_value() == f"[[{quote}]]"
    pick.press("Tab")
    page.keyboard.press("Enter")
    expected = f"Borgerne fortæller om *mange* skift.\n\n## {THEME}\n\nEn af borgerne fortæller: [[{quote}]]"
    assert text.input_value() == expected
    page.get_by_role("button", name="Vis forhåndsvisning").click()
    preview = page.locator(".rendered")
    assert preview.locator("em").inner_text() == "mange" and preview.locator("h2").inner_text() == THEME
    assert text.input_value() == expected  # still there to go on writing
    assert not (site.folder / "report/results/citizens.md").exists()  # a preview saves nothing
    shot(page, site, "writing-preview")
    accessible(page)
    assert fits(page)
    page.get_by_role("button", name="Gem teksten").click()
    assert page.get_by_role("status").first.inner_text() == "Teksten er gemt."
    assert (site.folder / "report/results/citizens.md").read_text(encoding="utf-8") == expected
    assert "report/results/citizens.md" not in status(site)
    assert page.get_by_label("Tekst (Markdown)").input_value() == expected


def test_a_name_written_in_a_chapter_is_seen_by_the_guard(page, site, quote):
    log_in(page, site, "eva")
    page.goto(f"{site.url}/writing/section-recommendations")
    page.get_by_label("Tekst (Markdown)").fill("Jobcentret i Skive bør ringe tilbage samme dag.")
    page.get_by_role("button", name="Gem teksten").click()
    assert page.get_by_role("status").first.inner_text() == "Teksten er gemt."
    checked = run_cli("check", site.folder, "--json")
    assert checked.code == 1
    assert any(hit.get("where", "").startswith("report/recommendations.md") and hit["text"] == "Skive"
               for hit in json.loads(checked.out))


def test_readings_that_the_report_cannot_read_are_refused_and_the_file_kept(page, site, quote):
    readings = site.folder / "report" / "synthesis.toml"
    readings.parent.mkdir(exist_ok=True)
    readings.write_text(f'["{THEME}"]\nagreement = "mixed"\n', encoding="utf-8")
    before = file_digest(readings)
    log_in(page, site, "eva")
    page.goto(f"{site.url}/writing/readings")
    page.get_by_label("Tekst (Markdown)").fill(f'["{THEME}"]\nagreement = "enige"\n')
    page.get_by_role("button", name="Gem teksten").click()
    assert "agreement" in page.get_by_role("alert").inner_text()
    assert file_digest(readings) == before
    page.get_by_label("Tekst (Markdown)").fill(f'["{THEME}"]\nagreement = "mixed"\nreading.citizens = "Tovholdere selv [[{quote}]]."\n')
    page.get_by_role("button", name="Vis forhåndsvisning").click()
    assert "Tovholdere selv" in page.get_by_role("table").inner_text()
    shot(page, site, "writing-readings")
    accessible(page)


def test_without_javascript_the_list_shows_the_references_to_type(browser, site, quote):
    context = browser.new_context(viewport=VIEWPORT, java_script_enabled=False)
    tab = context.new_page()
    log_in(tab, site, "eva")
    tab.goto(f"{site.url}/writing/section-synthesis")
    assert tab.get_by_role("button", name="Indsæt henvisningen").count() == 0  # hidden: nothing to click
    assert tab.get_by_label("Vælg et citat").locator("option").first.inner_text().startswith(f"[[{quote}]] R1 Borgere:")
    context.close()


def test_only_the_report_files_and_only_for_the_evaluator(page, site, quote):
    log_in(page, site, "eva")
    assert page.goto(f"{site.url}/writing/..%2Fbikva.toml").status == 404
    assert page.goto(f"{site.url}/writing/results-nobody").status == 404
    token = page.locator("input[name=csrf]").first.get_attribute("value")
    assert refused_post(page, f"{site.url}/writing/..%2F..%2Fevil", {"csrf": token, "text": "x", "action": "save"}) == 404
    page.context.clear_cookies()
    log_in(page, site, "kim")
    assert page.goto(f"{site.url}/writing").status == 403
    assert page.goto(f"{site.url}/writing/section-summary").status == 403
    token = page.locator("input[name=csrf]").first.get_attribute("value")
    assert refused_post(page, f"{site.url}/writing/section-summary", {"csrf": token, "text": "x", "action": "save"}) == 403
    assert not (site.folder / "report" / "summary.md").exists()
