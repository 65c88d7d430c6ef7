"""Logging in to the web app in a real browser: nothing without a session, roles, CSRF, throttling."""

from __future__ import annotations

import re

from browser import accessible, browser, log_in, page, refused_post, shot, site  # noqa: F401


def test_nothing_is_served_without_login_and_the_login_page_is_accessible(page, site):
    page.goto(f"{site.url}/")
    assert page.url == f"{site.url}/login"
    assert page.get_by_role("heading", name="Log ind").is_visible()
    shot(page, site, "login")
    accessible(page)


def test_the_evaluator_logs_in_and_sees_the_overview(page, site):
    log_in(page, site, "eva")
    assert page.get_by_role("heading", name="Overblik").is_visible()
    assert page.get_by_text("R1: Borgere").is_visible()
    shot(page, site, "dashboard")
    accessible(page)


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(page, site):
    page.goto(f"{site.url}/login")
    page.get_by_label("Brugernavn").fill("eva")
    page.get_by_label("Adgangskode").fill("forkert-kode-helt")
    page.get_by_role("button", name="Log ind").click()
    assert page.get_by_role("alert").inner_text() == "Brugernavn eller adgangskode er forkert."
    shot(page, site, "login-refused")
    accessible(page)


def test_a_form_posted_without_its_csrf_token_is_refused(page, site):
    log_in(page, site, "eva")
    assert refused_post(page, f"{site.url}/logout", {}) == 403
    assert refused_post(page, f"{site.url}/logout", {"csrf": "gættet"}) == 403
    page.goto(f"{site.url}/")
    assert page.get_by_role("heading", name="Overblik").is_visible()  # still logged in


def test_the_pages_carry_a_strict_content_security_policy(page, site):
    response = page.goto(f"{site.url}/login")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "default-src 'none'" in policy
    cookie = next(c for c in page.context.cookies() if c["name"] == "bikva_login")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"


def test_the_pages_switch_to_english(page, site):
    log_in(page, site, "eva")
    page.get_by_role("link", name="English").click()
    assert page.get_by_role("heading", name="Overview").is_visible()
    page.get_by_role("link", name="Dansk").click()
    assert page.get_by_role("heading", name="Overblik").is_visible()


def test_an_interviewer_is_led_from_the_front_page_to_the_guides_and_materials(page, site):
    log_in(page, site, "ida")
    page.get_by_role("link", name="Guides og materialer til dine runder").click()
    assert page.url == f"{site.url}/documents"
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.get_by_role("link", name="Udskrifter").count() == 0
    shot(page, site, "interviewer-documents")
    accessible(page)


def test_a_team_servers_front_page_is_a_login_page(browser, tmp_path):
    from bikva.web.app import create_team_app
    from browser import Site, make_study, serving

    make_study(tmp_path / "team" / "aarhus")
    with serving(create_team_app(tmp_path / "team")) as url:
        site = Site(url, tmp_path / "team", tmp_path / "screenshots")
        tab = browser.new_page(viewport={"width": 1280, "height": 800})
        tab.goto(f"{url}/")
        assert "aarhus" not in tab.content()
        tab.get_by_label("Evaluering").fill("aarhus")
        tab.get_by_label("Brugernavn").fill("eva")
        tab.get_by_label("Adgangskode").fill("rigtig-hemmelig-kode")
        shot(tab, site, "team-login")
        accessible(tab)
        tab.get_by_role("button", name="Log ind").click()
        tab.wait_for_url(f"{url}/e/aarhus/")
        assert tab.get_by_role("heading", name="Overblik").is_visible()
        tab.close()
