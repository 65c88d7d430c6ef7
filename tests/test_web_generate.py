"""Making documents from the browser and downloading them: the job page follows a run to its
end by itself (a stand-in runner whose job the test moves on), a guard refusal is shown as its
one line, each role downloads only what it may (and nothing outside output/), the quotes as a
spreadsheet; and one real run: "make the guide" with flows/serve.py's FlowRunner, the guide
downloaded and the carried quote read in it."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import sys

import openpyxl
import pytest

from bikva.errors import BikvaError
from bikva.output.pipeline import make_guide
from bikva.store import audit
from bikva.store.evaluation import open_evaluation
from bikva.web.app import create_app
from bikva.web.jobs import Job
from browser import (PASSWORD, Site, accessible, browser, log_in, make_study, page, refused_post,  # noqa: F401
                     serving, shot)
from helpers import add_quote, ok, pdf_text

THEME = "Sammenhæng i indsatsen"
PASSAGE = "Jeg er selv tovholder på min egen sag"
TRANSCRIPT = f"""I: Hvordan har I oplevet at få hjælp?
B1: Altså, det er lidt forskelligt. {PASSAGE}, og det kan jeg ikke overskue.
B2: Det er ventetiden, der slider.
"""


class StandIn:
    """A runner whose jobs stay where the test puts them."""

    def __init__(self) -> None:
        self.jobs: dict[int, Job] = {}
        self.started: list[tuple[str, str | None]] = []

    def start(self, folder, kind: str, level: str | None = None) -> Job:
        job = Job(id=len(self.jobs) + 1, kind=kind, level=level, state="running")
        self.jobs[job.id] = job
        self.started.append((kind, level))
        return job

    def job(self, job_id: int) -> Job | None:
        return self.jobs.get(job_id)


def with_a_carried_quote(folder) -> int:
    source = folder.parent / "borgere.txt"
    source.write_text(TRANSCRIPT, encoding="utf-8")
    ok("import", folder, source, "--level", "citizens", "--group", "Borgergruppe A")
    return add_quote(folder, "citizens", PASSAGE, "--theme", THEME)


def add_interviewer(folder, name: str, level: str) -> None:
    saved, sys.stdin = sys.stdin, io.StringIO(PASSWORD + "\n")
    try:
        ok("user", "add", folder, name, "--role", "interviewer", "--level", level, "--password-stdin")
    finally:
        sys.stdin = saved


@pytest.fixture(scope="module")
def stand_in():
    return StandIn()


@pytest.fixture(scope="module")
def site(tmp_path_factory, stand_in):
    base = tmp_path_factory.mktemp("web")
    folder = make_study(base / "study")
    with_a_carried_quote(folder)
    add_interviewer(folder, "lis", "leaders")
    with serving(create_app(folder, runner=stand_in)) as url:
        yield Site(url, folder, base / "screenshots")


@pytest.fixture(scope="module")
def files(site):
    """A real guide for the frontline staff, and two report editions and a stray entry logged by hand."""
    guide = make_guide(site.folder, "frontline", fmt="pdf")
    made = {"guide": guide}
    with open_evaluation(site.folder) as (session, ev):
        for name in ("report.pdf", "report-evaluator.pdf"):
            path = site.folder / "output" / name
            path.write_bytes(b"%PDF-1.7 " + name.encode())
            made[name] = audit.record_artifact(session, ev.id, folder=site.folder, kind="report", path=path,
                                               content=path.read_bytes(), quote_ids=[]).id
        stray = site.folder / "bikva.toml"  # never served, whatever the log says
        made["stray"] = audit.record_artifact(session, ev.id, folder=site.folder, kind="report", path=stray,
                                              content=stray.read_bytes(), quote_ids=[]).id
        made["guide_id"] = next(a.id for a in audit.artifacts_of(session, ev.id) if a.kind == "guide")
    return made


def test_the_job_page_follows_a_run_to_its_end_by_itself(page, site, stand_in):
    log_in(page, site, "eva")
    page.get_by_role("link", name="Dokumenter").click()
    assert page.get_by_role("button", name="Lav guiden til borgerne").is_enabled()
    assert page.get_by_role("button", name="Lav guiden til lederne").is_disabled()  # nothing carried yet from R2
    shot(page, site, "documents")
    accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # fits 1280 px
    page.get_by_role("button", name="Lav guiden til medarbejderne").click()
    page.get_by_text("Dokumenterne laves. Siden opdaterer sig selv.").wait_for()
    assert stand_in.started[-1] == ("round", "frontline")
    job = stand_in.jobs[max(stand_in.jobs)]
    shot(page, site, "job-running")
    accessible(page)
    job.events.append(("document", {"path": "output/guide-R2-frontline.pdf", "how": "made"}))
    page.get_by_text("guide-R2-frontline.pdf").wait_for()  # reloaded by the page's script
    job.state = "done"
    page.get_by_text("Færdig.").wait_for()
    assert page.get_by_role("link", name="Opdater siden").count() == 0
    shot(page, site, "job-done")


def test_a_guard_refusal_is_shown_as_its_one_line(page, site, stand_in):
    log_in(page, site, "eva")
    page.goto(f"{site.url}/documents")
    page.get_by_role("button", name="Lav alt, der er klar").click()
    page.get_by_text("Dokumenterne laves.").wait_for()
    assert stand_in.started[-1] == ("study", None)
    job = stand_in.jobs[max(stand_in.jobs)]
    job.error = BikvaError("guard.blocked", id=1, word="Skive", kind="municipality", total=1, more=0,
                           folder=str(site.folder))
    job.state = "failed"
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "»Skive«" in alert.inner_text() and "\n" not in alert.inner_text().strip()
    page.get_by_role("link", name="Erstat ordet eller markér citatet som gennemset").wait_for()
    shot(page, site, "job-refused")
    accessible(page)


def downloads(page) -> list[str]:
    return page.locator("table.downloads a").all_inner_texts()


def test_each_role_downloads_only_what_it_may(page, site, files):
    log_in(page, site, "eva")
    page.goto(f"{site.url}/documents")
    assert sorted(downloads(page)) == ["guide-R2-frontline.pdf", "report-evaluator.pdf", "report.pdf"]
    with page.expect_download() as got:
        page.get_by_role("link", name="guide-R2-frontline.pdf").click()
    assert PASSAGE in pdf_text(got.value.path())
    assert page.request.get(f"{site.url}/download/{files['stray']}").status == 404
    shot(page, site, "documents-files")

    page.context.clear_cookies()
    log_in(page, site, "kim")
    page.goto(f"{site.url}/documents")
    assert downloads(page) == ["report.pdf"]
    assert page.get_by_role("button").filter(has_text="Lav").count() == 0
    accessible(page)
    for other in (files["report-evaluator.pdf"], files["guide_id"], files["stray"]):
        assert page.request.get(f"{site.url}/download/{other}").status == 404
    assert page.request.get(f"{site.url}/download/{files['report.pdf']}").body() == b"%PDF-1.7 report.pdf"
    token = page.locator("input[name=csrf]").first.get_attribute("value")
    assert refused_post(page, f"{site.url}/documents/make", {"csrf": token, "kind": "study"}) == 403
    assert page.request.get(f"{site.url}/quote-table.csv").status == 403

    page.context.clear_cookies()
    log_in(page, site, "lis")  # runs the leaders' round only
    page.goto(f"{site.url}/documents")
    assert downloads(page) == []
    assert page.request.get(f"{site.url}/download/{files['guide_id']}").status == 404
    page.context.clear_cookies()
    log_in(page, site, "ida")  # runs every round
    page.goto(f"{site.url}/documents")
    assert downloads(page) == ["guide-R2-frontline.pdf"]


def test_the_evaluator_downloads_the_quotes_as_a_spreadsheet(page, site):
    log_in(page, site, "eva")
    page.goto(f"{site.url}/documents")
    with page.expect_download() as got:
        page.get_by_role("link", name="Hent citaterne som CSV").click()
    rows = list(csv.reader(io.StringIO(got.value.path().read_text(encoding="utf-8-sig"))))
    assert any(PASSAGE in cell for row in rows[1:] for cell in row)
    assert got.value.suggested_filename == "citater.csv"
    with page.expect_download() as got:
        page.get_by_role("link", name="Hent citaterne som Excel-ark").click()
    assert got.value.suggested_filename == "citater.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(got.value.path().read_bytes())).active
    assert any(PASSAGE in str(cell.value) for row in sheet.iter_rows() for cell in row)


@contextlib.contextmanager
def prefect_for_threads():
    """Prefect's test server, for flows run in a thread of the web app: the harness sets its
    settings in this thread's context only, so they are passed on through the environment."""
    from prefect.settings import PREFECT_API_URL, PREFECT_HOME
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        values = {"PREFECT_API_URL": str(PREFECT_API_URL.value()), "PREFECT_HOME": str(PREFECT_HOME.value())}
        saved = {name: os.environ.get(name) for name in values}
        os.environ.update(values)
        try:
            yield
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


def test_making_the_next_guide_for_real_and_downloading_it(browser, tmp_path):
    from flows.serve import FlowRunner

    folder = make_study(tmp_path / "study")
    with_a_carried_quote(folder)
    runner = FlowRunner(start_prefect=False)
    with prefect_for_threads(), serving(create_app(folder, runner=runner)) as url:
        real = Site(url, folder, tmp_path / "screenshots")
        context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
        tab = context.new_page()
        log_in(tab, real, "eva")
        tab.goto(f"{url}/documents")
        tab.get_by_role("button", name="Lav guiden til medarbejderne").click()
        tab.get_by_text("Færdig.").wait_for(timeout=120_000)
        shot(tab, real, "job-real")
        with tab.expect_download() as got:
            tab.get_by_role("link", name="guide-R2-frontline.pdf").click()
        assert PASSAGE in pdf_text(got.value.path())
        context.close()
