"""`bikva quote list --format csv|xlsx`: every quote with every column of the evaluator's register,
in files a spreadsheet opens, and never a speaker label."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bikva.i18n import t
from helpers import add_quote, ok, refused
from study_files import CITIZEN_ADVICE, CITIZEN_QUOTE, FRONTLINE_REACTION, write_study_files

THEME = "Sammenhæng i indsatsen"
COLUMNS = ("number", "level", "round", "group", "theme", "kind", "attribution", "text", "rationale",
           "responds_to", "responds_to_text", "carried_to")


@pytest.fixture
def study(tmp_path) -> Path:
    files = write_study_files(tmp_path / "files")
    folder = tmp_path / "evaluering"
    ok("new", folder, "--title", "Regneark", "--levels", "borgere,medarbejdere")
    ok("import", folder, "--level", "borgere", files["citizens"])
    ok("import", folder, "--level", "medarbejdere", files["frontline"])
    first = add_quote(folder, "borgere", CITIZEN_QUOTE, "--theme", THEME, "--rationale", "Går igen")
    add_quote(folder, "borgere", CITIZEN_ADVICE, "--advice")
    add_quote(folder, "medarbejdere", FRONTLINE_REACTION, "--theme", THEME, "--responds-to", first)
    return folder


def headings() -> list[str]:
    return [t("da", f"quote_table.column.{c}") for c in COLUMNS]


def test_the_csv_holds_every_quote_with_every_column(study, tmp_path):
    target = tmp_path / "citater.csv"
    assert "3 citater" in ok("quote", "list", study, "--format", "csv", "--output", target)
    rows = list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig"))))
    assert rows[0] == headings()
    by_text = {row[7]: dict(zip(COLUMNS, row)) for row in rows[1:]}
    assert set(by_text) == {CITIZEN_QUOTE, CITIZEN_ADVICE, FRONTLINE_REACTION}
    citizen = by_text[CITIZEN_QUOTE]
    assert (citizen["level"], citizen["round"], citizen["group"], citizen["theme"], citizen["kind"]) == (
        "Borgere", "1", "Gruppe 1", THEME, "udsagn")
    assert citizen["rationale"] == "Går igen" and citizen["carried_to"] == "Medarbejdere"
    assert citizen["attribution"].endswith("R1")
    reaction = by_text[FRONTLINE_REACTION]
    assert reaction["responds_to"] == citizen["number"] and reaction["responds_to_text"] == CITIZEN_QUOTE
    assert by_text[CITIZEN_ADVICE]["kind"] == "godt råd"
    # the evaluator's register, never who said it
    assert not any(label in cell for row in rows for cell in row for label in ("B1:", "SB1", "SB2"))


def test_the_csv_goes_to_the_screen_without_output(study):
    rows = list(csv.reader(io.StringIO(ok("quote", "list", study, "--format", "csv"))))
    assert rows[0] == headings() and len(rows) == 4


def test_the_workbook_opens_in_a_spreadsheet_library_with_every_column(study, tmp_path):
    target = tmp_path / "citater.xlsx"
    ok("quote", "list", study, "--format", "xlsx", "--output", target)
    sheet = load_workbook(target).active
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == headings()
    assert len(values) == 4
    texts = {row[7] for row in values[1:]}
    assert texts == {CITIZEN_QUOTE, CITIZEN_ADVICE, FRONTLINE_REACTION}
    assert all(isinstance(row[0], int) and isinstance(row[2], int) for row in values[1:])


def test_a_workbook_needs_a_file_and_never_replaces_the_evaluations_own(study):
    refused(study, "quote", "list", study, "--format", "xlsx", key="quote_table.needs_output")
    refused(study, "quote", "list", study, "--format", "csv", "--output", study / "bikva.toml",
            key="overwrite.own_file")


def test_json_still_works_both_ways(study):
    assert json.loads(ok("quote", "list", study, "--json")) == json.loads(
        ok("quote", "list", study, "--format", "json"))
