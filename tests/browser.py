"""The browser tests' harness: Debian's Chromium driven by Playwright, `bikva serve`'s app on a
free port in a thread, logging in, screenshots, and axe-core's accessibility check.

    from browser import browser, site, page, log_in, shot, accessible   # fixtures and helpers

`browser` (one Chromium per test module) and `site` (one server per module, on a study made by
`make_study`) are module-scoped; `page` is a fresh browser context per test (1280×800, no
cookies). Playwright's own browser download does not work here: `.ci/run` installs Debian's
`chromium`, used at CHROMIUM. Screenshots go to the test's own folder and, when BIKVA_SCREENSHOTS
names a folder, are copied there to be looked at.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import socket
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

from helpers import ok, run_cli

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORT = {"width": 1280, "height": 800}
PASSWORD = "rigtig-hemmelig-kode"
ACCOUNTS = {"eva": "evaluator", "ida": "interviewer", "kim": "commissioner"}


def add_user(folder: Path, name: str, role: str, password: str = PASSWORD) -> None:
    """`bikva user add` with the password on standard input, as the README shows it."""
    saved = sys.stdin
    sys.stdin = io.StringIO(password + "\n")
    try:
        ok("user", "add", folder, name, "--role", role, "--password-stdin")
    finally:
        sys.stdin = saved


def make_study(folder: Path, *, title: str = "Koordinerende sagsbehandlere", levels: str = "citizens,frontline,leaders") -> Path:
    """A new evaluation with an evaluator (eva), an interviewer (ida) and a commissioner (kim)."""
    ok("new", folder, "--title", title, "--levels", levels)
    for name, role in ACCOUNTS.items():
        add_user(folder, name, role)
    return folder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serving(app) -> Iterator[str]:
    """The app on loopback in a thread of this process, as `bikva serve` runs it; its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the web app did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@dataclass
class Site:
    url: str  # where the evaluation's pages are (no trailing slash)
    folder: Path
    shots: Path  # where this module's screenshots go


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[Site]:
    """A fresh study served for the module (tests that need more in it add it themselves)."""
    from bikva.web.app import create_app

    base = tmp_path_factory.mktemp("web")
    folder = make_study(base / "study")
    with serving(create_app(folder)) as url:
        yield Site(url, folder, base / "screenshots")


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORT, locale="da-DK", accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


def log_in(page: Page, site: Site, name: str = "eva", password: str = PASSWORD) -> None:
    """Log in through the login page, as a person would; ends on the front page."""
    page.goto(f"{site.url}/login")
    page.get_by_label(re.compile("Brugernavn|User name")).fill(name)
    page.get_by_label(re.compile("Adgangskode|Password")).fill(password)
    page.get_by_role("button", name=re.compile("Log ind|Log in")).click()
    page.wait_for_url(f"{site.url}/")


def shot(page: Page, site: Site, name: str) -> Path:
    """A full-page screenshot `name.png` in the module's folder, copied to BIKVA_SCREENSHOTS."""
    site.shots.mkdir(parents=True, exist_ok=True)
    path = site.shots / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if target := os.environ.get("BIKVA_SCREENSHOTS"):
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(target) / path.name)
    return path


def accessible(page: Page) -> list[dict]:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the page as it is now; asserts that nothing
    serious or critical is found, and returns the lesser findings. The script is evaluated
    through the DevTools protocol, which the page's Content-Security-Policy does not govern."""
    assert AXE.is_file(), "node_modules/axe-core is missing: run `npm ci` (scripts/env.sh does)"
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => (await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}))"
        ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))}))")
    serious = [v for v in result if v["impact"] in ("serious", "critical")]
    assert serious == [], json.dumps(serious, indent=2, ensure_ascii=False)
    return result


def refused_post(page: Page, url: str, form: dict[str, str]) -> int:
    """POST `form` to `url` with the page's cookies (as another site's form would, but with the
    session): the status code."""
    return page.request.post(url, form=form, max_redirects=0).status


__all__ = ["browser", "site", "page", "log_in", "shot", "accessible", "make_study", "add_user", "serving",
           "Site", "PASSWORD", "refused_post", "run_cli"]
