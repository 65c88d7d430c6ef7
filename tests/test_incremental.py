"""Re-runs make only what changed: `bikva run` renders a document again only when what it shows
(or the templates, or bikva) changed, across processes, and says which files it left as they
were. A file gone from disk is made again, and the artifact log stays right for withdrawals."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from prefect.testing.utilities import prefect_test_harness

from helpers import add_quote, ok, pdf_text, run_cli
from study_files import CITIZEN_ADVICE, CITIZEN_QUOTE, FRONTLINE_ADVICE, FRONTLINE_REACTION, write_study_files

THEME = "Sammenhæng i indsatsen"
R1 = [f"output/guide-R1-citizens.{fmt}" for fmt in ("pdf", "html", "md")]
R2 = [f"output/guide-R2-frontline.{fmt}" for fmt in ("pdf", "html", "md")]
REPORT = ["output/report.pdf", "output/report.html", "output/report-evaluator.pdf"]
ALL = R1 + R2 + REPORT


@pytest.fixture(scope="module", autouse=True)
def prefect_server():
    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture
def renders(monkeypatch) -> list[tuple[str, str]]:
    """Every document rendered in this test, as (document, format)."""
    from bikva.documents.views import GuideView
    from bikva.output import pipeline

    made: list[tuple[str, str]] = []
    render_guide, render_report = pipeline.render_guide, pipeline.render_report

    def counted_guide(view, fmt):
        made.append((f"guide-{view.level.key}" if isinstance(view, GuideView) else "?", fmt))
        return render_guide(view, fmt)

    def counted_report(view, fmt, *args, **kwargs):
        made.append((f"report-{view.edition}", fmt))
        return render_report(view, fmt, *args, **kwargs)

    monkeypatch.setattr(pipeline, "render_guide", counted_guide)
    monkeypatch.setattr(pipeline, "render_report", counted_report)
    return made


@pytest.fixture(scope="module")
def study(tmp_path_factory) -> Path:
    """A two-level study, every round done: the first run makes both guides and the report."""
    root = tmp_path_factory.mktemp("incremental")
    files = write_study_files(root / "files")
    folder = root / "evaluering"
    ok("new", folder, "--title", "Kun det ændrede", "--levels", "citizens,frontline")
    ok("import", folder, "--level", "citizens", files["citizens"])
    ok("import", folder, "--level", "frontline", files["frontline"])
    citizen = add_quote(folder, "citizens", CITIZEN_QUOTE, "--theme", THEME)
    add_quote(folder, "citizens", CITIZEN_ADVICE, "--advice")
    add_quote(folder, "frontline", FRONTLINE_REACTION, "--theme", THEME, "--responds-to", citizen)
    add_quote(folder, "frontline", FRONTLINE_ADVICE, "--advice")
    first = run_cli("run", folder)
    assert first.code == 0, first.err
    assert all((folder / name).is_file() for name in ALL)
    assert all(f"{name}: lavet" in first.err for name in ALL), first.err
    return folder


def run(folder: Path) -> tuple[str, dict[str, str]]:
    """`bikva run`; its progress lines (stderr), and what it said of each file."""
    result = run_cli("run", folder)
    assert result.code == 0, result.err
    said = {}
    for line in result.err.splitlines():
        name, _, how = line.strip().partition(": ")
        if name in ALL:
            said[name] = how
    return result.err, said


def stamps(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {name: ((folder / name).stat().st_mtime_ns, (folder / name).read_bytes()) for name in ALL}


def artifact_rows(folder: Path) -> int:
    return sum(1 for event in json.loads(ok("log", folder, "--json")) if event.get("action") == "artifact")


def test_a_run_with_nothing_changed_renders_nothing_and_says_so(study, renders):
    before, rows = stamps(study), artifact_rows(study)
    _err, said = run(study)
    assert renders == []
    assert said == {name: "uændret" for name in ALL}
    assert stamps(study) == before
    assert artifact_rows(study) == rows  # nothing logged twice


def test_a_changed_quote_makes_only_the_documents_that_show_it(study, renders):
    before = stamps(study)
    ok("redact", study, "tovholder", "[rolle]")  # a word only the citizen's quote holds
    _err, said = run(study)
    # The quote is shown in the frontline guide and the report; the citizens' guide shows none.
    assert sorted(renders) == sorted([("guide-frontline", "pdf"), ("guide-frontline", "html"),
                                      ("guide-frontline", "md"), ("report-commissioner", "pdf"),
                                      ("report-commissioner", "html"), ("report-evaluator", "pdf")])
    assert said == {name: "uændret" if name in R1 else "lavet" for name in ALL}
    after = stamps(study)
    assert all(after[name] == before[name] for name in R1)
    assert "tovholder" not in pdf_text(study / "output" / "guide-R2-frontline.pdf")
    assert "[rolle]" in pdf_text(study / "output" / "report.pdf")


def test_a_deleted_output_is_made_again(study, renders):
    (study / "output" / "guide-R2-frontline.pdf").unlink()
    _err, said = run(study)
    assert renders == [("guide-frontline", "pdf")]
    assert said["output/guide-R2-frontline.pdf"].startswith("lavet igen")
    assert "[rolle]" in pdf_text(study / "output" / "guide-R2-frontline.pdf")
    assert sum(how == "uændret" for how in said.values()) == len(ALL) - 1


def test_a_guide_changed_by_hand_is_not_taken_for_unchanged(study, renders):
    """The cache is trusted only while the file is as it was written: one edited since is not
    reported unchanged, and bikva does not overwrite someone's own version of it either."""
    guide = study / "output" / "guide-R1-citizens.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\nMine egne noter\n", encoding="utf-8")
    result = run_cli("run", study)
    assert result.code == 2
    assert "guide-R1-citizens.md" in result.err.splitlines()[-1]
    assert "Mine egne noter" in guide.read_text(encoding="utf-8")
    guide.unlink()  # the evaluator moves their notes elsewhere; the next run makes the guide again
    _err, said = run(study)
    assert said["output/guide-R1-citizens.md"].startswith("lavet igen")


def test_the_cache_holds_paths_and_hashes_only(study):
    cache = study / ".bikva-cache"
    records = [json.loads(path.read_text(encoding="utf-8")) for path in cache.iterdir()]
    assert records
    # A task's result comes wrapped in Prefect's metadata, a failed flow's exception bare.
    made = [json.loads(record["result"]) if "result" in record else record for record in records]
    # A refused step leaves its Withheld (a message key and a ticket) beside them, nothing more.
    refused = [result for result in made if "__exc_type__" in result]
    assert all(result["__exc_type__"] == "flows.refusals.Withheld"
               and re.fullmatch(r"[a-z_.]+ \([0-9a-f]{32}\)", result["message"]) for result in refused), refused
    made = [result for result in made if result not in refused]
    assert made and all(set(result) == {"path", "sha256"} for result in made)
    assert all(Path(result["path"]).parent == study / "output" for result in made)
    words = ("tovholder", "rolle", "overskue", "halvtreds")
    assert not [path.name for path in cache.iterdir() for word in words if word in path.read_text(encoding="utf-8")]


def test_a_withdrawal_after_an_unchanged_run_names_the_files_handed_out(study, renders):
    run(study)
    assert renders == []
    withdrawn = ok("participant", "withdraw", study, "B1", "--level", "citizens")
    named = {line.split()[0] for line in withdrawn.splitlines() if line.startswith("  ")}
    for name in R2 + REPORT:
        assert any(shown.endswith(name) for shown in named), (name, withdrawn)
    assert not any("guide-R1" in shown for shown in named)
