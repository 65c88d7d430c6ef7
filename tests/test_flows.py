"""The Prefect flows: the study flow runs the rounds that are ready, says what it waits for,
and renders the report when every round is done; the demo runs the whole chain."""

from __future__ import annotations

import tomllib
from importlib.resources import files
from pathlib import Path

import pytest
from prefect.testing.utilities import prefect_test_harness

from helpers import flat, pdf_text, run_cli
from study_files import CITIZEN_NAMED_QUOTE, CITIZEN_QUOTE, write_study_files


@pytest.fixture(scope="module", autouse=True)
def prefect_server():
    with prefect_test_harness(server_startup_timeout=180):
        yield


def test_study_flow_stops_at_what_it_waits_for_and_goes_on_when_it_is_there(tmp_path):
    transcripts = write_study_files(tmp_path / "files")
    folder = tmp_path / "evaluering"
    assert run_cli("new", folder, "--title", "Flowtest", "--levels", "citizens,frontline,leaders").code == 0
    assert run_cli("import", folder, "--level", "citizens", transcripts["citizens"]).code == 0

    first = run_cli("run", folder)
    assert first.code == 0, first.err
    assert "venter på: udvalgte citater fra R1 (borgerne)" in first.out
    assert (folder / "output" / "guide-R1-citizens.pdf").is_file()
    assert not (folder / "output" / "guide-R2-frontline.pdf").exists()

    added = run_cli("quote", "add", folder, "--level", "1", "--text", CITIZEN_QUOTE, "--theme", "Sammenhæng i indsatsen")
    assert added.code == 0, added.err
    second = run_cli("run", folder)
    assert "venter på: udskriften fra R2 (medarbejderne)" in second.out
    assert CITIZEN_QUOTE in pdf_text(folder / "output" / "guide-R2-frontline.pdf")
    assert not (folder / "output" / "report.pdf").exists()


def test_a_quote_carried_between_the_check_and_the_render_does_not_reach_the_guide(tmp_path, monkeypatch):
    """The round flow checks and builds in one task and one transaction; a quote carried to the
    level while the guide renders is not in it, and the guard holds it on its next way."""
    from bikva.output import pipeline
    from flows.round import round_flow

    transcripts = write_study_files(tmp_path / "files")
    folder = tmp_path / "evaluering"
    assert run_cli("new", folder, "--title", "Mellem tjek og tryk", "--levels", "citizens,frontline").code == 0
    assert run_cli("import", folder, "--level", "citizens", transcripts["citizens"]).code == 0
    assert run_cli("quote", "add", folder, "--level", "citizens", "--text", CITIZEN_QUOTE,
                   "--theme", "Sammenhæng i indsatsen").code == 0
    render = pipeline.render_guide
    carried = []

    def carry_then_render(view, fmt):
        if not carried:  # another evaluator selects an identifying quote while the guide renders
            carried.append(run_cli("quote", "add", folder, "--level", "citizens", "--text", CITIZEN_NAMED_QUOTE,
                                   "--theme", "Sammenhæng i indsatsen"))
        return render(view, fmt)

    monkeypatch.setattr(pipeline, "render_guide", carry_then_render)
    paths = round_flow(str(folder), "frontline")
    assert carried[0].code == 0, carried[0].err
    guide = pdf_text(next(Path(p) for p in paths if p.endswith(".pdf")))
    assert CITIZEN_QUOTE in guide and "Holmstrup" not in guide and "Mette" not in guide

    monkeypatch.setattr(pipeline, "render_guide", render)
    again = run_cli("guide", folder, "--level", "frontline")
    assert again.code == 2 and "»Mette«" in again.err, again.err


def test_plain_commands_do_not_start_a_flow_run(tmp_path, monkeypatch):
    import flows.study

    def refuse(*_args, **_kwargs):
        raise AssertionError("a flow was started")

    monkeypatch.setattr(flows.study, "study_flow", refuse)
    transcripts = write_study_files(tmp_path / "files")
    folder = tmp_path / "e"
    for args in (
        ("new", folder, "--title", "Ingen flow"),
        ("import", folder, "--level", "citizens", transcripts["citizens"]),
        ("quote", "add", folder, "--level", "citizens", "--text", CITIZEN_QUOTE, "--theme", "Sammenhæng i indsatsen"),
        ("redact", folder, "Mette", "[navn]"),
        ("status", folder),
        ("guide", folder, "--level", "frontline", "--format", "md"),
    ):
        assert run_cli(*args).code == 0


def test_demo_runs_the_whole_chain_into_guides_and_report(tmp_path):
    folder = tmp_path / "demo"
    result = run_cli("demo", folder)
    assert result.code == 0, result.err
    printed = [Path(line.split(": ", 1)[1]) for line in result.out.splitlines() if line.startswith(("Guide: ", "Rapport: "))]
    assert len(printed) == 4 * 3 + 3 and all(p.is_file() for p in printed)  # + report PDF, HTML, evaluator's PDF
    assert "venter på" not in result.out

    script = tomllib.loads(files("evaluations").joinpath("jobcenter", "study.toml").read_text(encoding="utf-8"))
    report = pdf_text(folder / "output" / "report.pdf")
    for quote in script["quotes"]:
        if not any(r["text"] in quote["text"] for r in script["redactions"]):
            assert flat(quote["text"]) in report, quote["key"]
    # Never a speaker's name or label, nor a quote as said where a redaction applies to it. The
    # report hides the redacted words everywhere; a guide read aloud in the room names the study
    # as bikva.toml has it (its title and commissioner), so only the reports are held to that.
    redacted = [r["text"] for r in script["redactions"]]
    hidden = ["Karen Holm", "SB1", "B1:"] + [flat(q["text"]) for q in script["quotes"] if any(r in q["text"] for r in redacted)]
    for path in printed:
        text = flat(pdf_text(path) if path.suffix == ".pdf" else path.read_text(encoding="utf-8"))
        for name in hidden + (redacted if path.name.startswith("report") else []):
            assert name not in text, (name, path.name)
    # Quiet: Prefect's lines are in the log file, and nothing failed there either.
    assert "ERROR" not in result.out + result.err and "Traceback" not in result.out + result.err
    log = (folder / "logs" / "prefect.log").read_text(encoding="utf-8")
    assert "ERROR" not in log and "Traceback" not in log
