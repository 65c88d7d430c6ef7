"""The document pipeline (bikva.output.pipeline) through its plain functions, the steps the
Prefect tasks wrap: check and build in one transaction, render, write, record; and the one
answer to "what is a level shown" that the guide, the guard and the materials share."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bikva.errors import BikvaError
from bikva.output import pipeline
from bikva.protection.guard import travelling_quotes
from bikva.store.evaluation import open_evaluation
from bikva.store.queries import shown_to
from bikva.documents.status import status_of
from helpers import add_quote, ok, pdf_text, run_cli
from study_files import CITIZEN_NAMED_QUOTE, CITIZEN_QUOTE, FRONTLINE_REACTION, write_study_files

THEME = "Sammenhæng i indsatsen"
PILOT_QUOTE = "Vi ventede tre uger, så jeg ringede og sagde mit cpr-nummer 010190-1234 igen"
PILOT_TXT = f"I: Hvordan var det?\nP1: {PILOT_QUOTE}. Det var ikke rart.\n"


@pytest.fixture
def study(tmp_path) -> dict:
    files = write_study_files(tmp_path / "files")
    (tmp_path / "files" / "pilot.txt").write_text(PILOT_TXT, encoding="utf-8")
    folder = tmp_path / "evaluering"
    ok("new", folder, "--title", "Pipeline", "--levels", "citizens,frontline,leaders")
    ok("import", folder, "--level", "citizens", files["citizens"])
    ok("import", folder, "--level", "citizens", tmp_path / "files" / "pilot.txt", "--group", "Pilotgruppe")
    ok("import", folder, "--level", "frontline", files["frontline"])
    ids = {
        "citizen": add_quote(folder, "citizens", CITIZEN_QUOTE, "--theme", THEME),
        "named": add_quote(folder, "citizens", CITIZEN_NAMED_QUOTE, "--theme", THEME),
        "pilot": add_quote(folder, "citizens", PILOT_QUOTE, "--theme", THEME),
    }
    ids["reaction"] = add_quote(folder, "frontline", FRONTLINE_REACTION, "--theme", THEME,
                                "--responds-to", ids["citizen"])
    return {"folder": folder, "ids": ids}


def shown_and_checked(folder: Path, level: str) -> tuple[set[int], set[int], set[int]]:
    """(what the level's guide shows, what the guard checks for it, the one query's answer)."""
    with open_evaluation(folder) as (session, ev):
        target = ev.level(level)
        checked = {q.id for q in travelling_quotes(session, ev, target)}
        answer = {q.id for q in shown_to(session, ev.id, target)}
    shown = pipeline.quote_ids(pipeline.prepare_guide(folder, level))
    return shown, checked, answer


def test_the_guard_and_the_guide_agree_on_what_a_level_is_shown(study):
    folder, ids = study["folder"], study["ids"]
    # The named quote (B2) and the pilot group's quote both hold identifying words: they block.
    assert run_cli("guide", folder, "--level", "frontline").code == 2
    ok("participant", "withdraw", folder, "B2", "--level", "citizens")
    assert run_cli("guide", folder, "--level", "frontline").code == 2  # the pilot quote still blocks
    ok("group", folder, "Pilotgruppe", "--level", "citizens", "--exclude", "Pilotinterview med en anden guide")

    shown, checked, answer = shown_and_checked(folder, "frontline")
    assert shown == checked == answer == {ids["citizen"]}
    shown, checked, answer = shown_and_checked(folder, "leaders")
    assert shown == checked == answer == {ids["citizen"], ids["reaction"]}

    guide = Path(ok("guide", folder, "--level", "leaders").strip())
    text = pdf_text(guide)
    assert CITIZEN_QUOTE in text and FRONTLINE_REACTION in text
    assert "Mette" not in text and PILOT_QUOTE not in text and "010190" not in text


def test_a_reviewed_quote_is_shown_but_no_longer_checked(study):
    folder, ids = study["folder"], study["ids"]
    ok("quote", "review", folder, ids["named"])
    ok("quote", "review", folder, ids["pilot"])
    shown, checked, answer = shown_and_checked(folder, "frontline")
    assert shown == answer == {ids["citizen"], ids["named"], ids["pilot"]}
    assert checked == {ids["citizen"]}


def test_nothing_can_be_carried_between_the_check_and_the_build(study, monkeypatch):
    """Check, guard and build are one transaction: another writer waits until it has ended."""
    folder, ids = study["folder"], study["ids"]
    ok("participant", "withdraw", folder, "B2", "--level", "citizens")
    ok("group", folder, "Pilotgruppe", "--level", "citizens", "--exclude", "Pilotinterview")
    attempts = []
    original = pipeline.build_guide_view

    def build_after_trying_to_write(session, ev, level, *args):
        other = sqlite3.connect(folder / "bikva.db", timeout=0.2, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # what `bikva quote add` would need to carry a quote
            attempts.append("written")
            other.execute("ROLLBACK")
        except sqlite3.OperationalError as error:
            attempts.append(str(error))
        finally:
            other.close()
        return original(session, ev, level, *args)

    monkeypatch.setattr(pipeline, "build_guide_view", build_after_trying_to_write)
    view = pipeline.prepare_guide(folder, "frontline")
    assert attempts == ["database is locked"]
    assert pipeline.quote_ids(view) == {ids["citizen"]}


def test_the_steps_run_one_after_the_other_make_the_same_guide_as_the_command(study, tmp_path):
    folder, ids = study["folder"], study["ids"]
    ok("participant", "withdraw", folder, "B2", "--level", "citizens")
    ok("group", folder, "Pilotgruppe", "--level", "citizens", "--exclude", "Pilotinterview")

    view = pipeline.prepare_guide(folder, "leaders")
    content = pipeline.render_guide(view, "md")
    path = pipeline.write_document(tmp_path / "trinvis.md", content)
    pipeline.record_documents(folder, "guide", view.level.key, {path: content}, pipeline.quote_ids(view))
    command = Path(ok("guide", folder, "--level", "leaders", "--format", "md").strip())
    assert path.read_text(encoding="utf-8") == command.read_text(encoding="utf-8")
    assert CITIZEN_QUOTE in path.read_text(encoding="utf-8")

    # Recorded: withdrawing the citizen names both files as already handed out.
    withdrawn = ok("participant", "withdraw", folder, "B1", "--level", "citizens")
    assert str(path) in withdrawn and str(command) in withdrawn


def test_the_status_step_reads_the_study_and_its_language(study):
    status = status_of(study["folder"])
    assert status.language == "da"
    assert [r.level for r in status.rounds] == ["citizens", "frontline", "leaders"]
    assert status.rounds[1].guide_ready and not status.rounds[2].done


def test_a_guide_that_is_not_ready_is_refused_before_anything_is_built(tmp_path):
    folder = tmp_path / "e"
    ok("new", folder, "--title", "Tom", "--levels", "citizens,frontline")
    with pytest.raises(BikvaError) as refused:
        pipeline.prepare_guide(folder, "frontline")
    assert refused.value.key == "output.guide_not_ready"
