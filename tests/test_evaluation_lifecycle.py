"""Creating, migrating, replacing, excluding and switching language: an evaluation over time."""

from __future__ import annotations

import json

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import models  # noqa: F401
from helpers import pdf_text, refused, run_cli
from study_files import CITIZEN_QUOTE, CITIZENS_TXT, FRONTLINE_REACTION, write_study_files

THEME = "Sammenhæng i indsatsen"


def test_migrations_create_exactly_the_tables_the_models_describe(tmp_path):
    folder = tmp_path / "e"
    assert run_cli("new", folder, "--title", "Skema").code == 0
    engine = create_engine(f"sqlite:///{folder / 'bikva.db'}")
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == []


def test_a_database_file_that_is_not_a_database_gives_one_line_and_is_left_alone(tmp_path):
    folder = tmp_path / "e"
    assert run_cli("new", folder, "--title", "Ødelagt").code == 0
    (folder / "bikva.db").write_bytes(b"this is not an SQLite database" * 100)
    assert "bikva.db" in refused(folder, "status", folder)


def test_new_refuses_levels_out_of_order_and_an_existing_evaluation(tmp_path):
    refused(tmp_path / "a", "new", tmp_path / "a", "--title", "T", "--levels", "leaders,citizens")
    assert not (tmp_path / "a" / "bikva.db").exists()
    assert run_cli("new", tmp_path / "b", "--title", "T", "--levels", "citizens,frontline,leaders").code == 0
    assert "allerede" in refused(tmp_path / "b", "new", tmp_path / "b", "--title", "T")


def test_replacing_a_corrected_transcript_keeps_the_selected_quotes(tmp_path):
    files = write_study_files(tmp_path / "files")
    folder = tmp_path / "e"
    run_cli("new", folder, "--title", "Erstat")
    run_cli("import", folder, "--level", "citizens", files["citizens"])
    quote_id = int(run_cli("quote", "add", folder, "--level", "citizens", "--text", CITIZEN_QUOTE, "--theme", THEME).last_line)
    files["citizens"].write_text(CITIZENS_TXT.replace("Altså, det er lidt forskelligt.", "Altså, det er forskelligt."), encoding="utf-8")

    # same name, same group: a new version
    assert "--replace" in refused(folder, "import", folder, "--level", "citizens", files["citizens"])
    replaced = run_cli("import", folder, "--level", "citizens", files["citizens"], "--replace")
    assert replaced.code == 0, replaced.err

    rows = json.loads(run_cli("quote", "list", folder, "--json").out)
    assert [(r["id"], r["text"]) for r in rows] == [(quote_id, CITIZEN_QUOTE)]
    status = json.loads(run_cli("status", folder, "--json").out)
    assert status["rounds"][0]["transcripts"] == 1


def test_replacing_with_a_version_that_loses_a_quote_changes_nothing(tmp_path):
    files = write_study_files(tmp_path / "files")
    folder = tmp_path / "e"
    run_cli("new", folder, "--title", "Erstat")
    run_cli("import", folder, "--level", "citizens", files["citizens"])
    run_cli("quote", "add", folder, "--level", "citizens", "--text", CITIZEN_QUOTE, "--theme", THEME)
    files["citizens"].write_text(CITIZENS_TXT.replace(CITIZEN_QUOTE, "Noget helt andet"), encoding="utf-8")
    assert "1" in refused(folder, "import", folder, "--level", "citizens", files["citizens"], "--replace")


def test_an_excluded_group_gives_no_quotes_and_its_reason_is_in_the_report(tmp_path):
    files = write_study_files(tmp_path / "files")
    folder = tmp_path / "e"
    run_cli("new", folder, "--title", "Udeladt", "--levels", "citizens,frontline")
    run_cli("import", folder, "--level", "citizens", files["citizens"], "--group", "Pilotgruppe")
    result = run_cli("group", folder, "Pilotgruppe", "--level", "citizens", "--exclude", "Pilotinterview: guiden blev ændret bagefter")
    assert result.code == 0, result.err
    refused(folder, "quote", "add", folder, "--level", "citizens", "--text", CITIZEN_QUOTE, "--theme", THEME)
    run_cli("report", folder, "-o", tmp_path / "r.pdf")
    assert "Pilotinterview: guiden blev ændret bagefter" in pdf_text(tmp_path / "r.pdf")


def test_an_english_evaluation_gets_english_guides_and_messages(tmp_path):
    files = write_study_files(tmp_path / "files")
    folder = tmp_path / "e"
    created = run_cli("new", folder, "--title", "Coordinating caseworkers", "--lang", "en", "--levels", "citizens,frontline")
    assert "The evaluation has been created" in created.out
    run_cli("import", folder, "--level", "citizens", files["citizens"])
    run_cli("import", folder, "--level", "frontline", files["frontline"])
    added = run_cli("quote", "add", folder, "--level", "citizens", "--text", CITIZEN_QUOTE, "--theme", "A joined-up service")
    assert added.code == 0 and "saved as number" in added.out
    run_cli("guide", folder, "--level", "frontline", "-o", tmp_path / "g.pdf")
    guide = pdf_text(tmp_path / "g.pdf")
    assert "Interview guide" in guide and "Citizen, R1" in guide and CITIZEN_QUOTE in guide
    assert "Interviewguide" not in guide
    assert run_cli("quote", "add", folder, "--level", "frontline", "--text", FRONTLINE_REACTION,
                   "--theme", "A joined-up service", "--responds-to", "1").code == 0


@pytest.mark.parametrize("themes, detail", [
    ('[[themes]]\nname = "A"\nparent = "B"\n[[themes]]\nname = "B"\nparent = "A"\n', "ring"),
    ('[[themes]]\nname = "Vejen ind i jobcentret"\n', "×2"),
    ('[[themes]]\nname = "  "\n', "name"),
    ('[[themes]]\nname = "A"\nparent = "Findes ikke"\n', "Findes ikke"),
])
def test_a_codebook_that_is_not_a_tree_is_refused_in_one_line(tmp_path, themes, detail):
    folder = tmp_path / "e"
    assert run_cli("new", folder, "--title", "Temaer").code == 0
    with (folder / "bikva.toml").open("a", encoding="utf-8") as config:
        config.write("\n" + themes)
    assert detail in refused(folder, "status", folder)


def test_study_texts_not_yet_written_show_as_blanks_and_are_listed_by_status(tmp_path):
    folder = tmp_path / "e"
    assert run_cli("new", folder, "--title", "Uden tekster").code == 0
    status = run_cli("status", folder).out
    assert "udfyld organisation, commissioner, contact" in status
    assert run_cli("guide", folder, "--level", "citizens", "--format", "md", "-o", tmp_path / "g.md").code == 0
    guide = (tmp_path / "g.md").read_text(encoding="utf-8")
    assert "Vi laver evalueringen for [opdragsgiver], men" in guide
    assert " for ." not in guide and " fra ." not in guide
