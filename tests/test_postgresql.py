"""An evaluation kept in PostgreSQL (BIKVA_DATABASE_URL): exported and restored, and the demo
rebuilt without leaving the previous demo's rows behind. The server comes from tests/postgres.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

import postgres
from helpers import add_quote, ok, refused, run_cli
from study_files import CITIZEN_QUOTE, FRONTLINE_REACTION, write_study_files


@pytest.fixture
def server_database(monkeypatch):
    """A new PostgreSQL database that bikva uses for the rest of the test."""
    url = postgres.database("bikva_test")
    monkeypatch.setenv("BIKVA_DATABASE_URL", url)
    return url


def _rows(url: str) -> dict[str, int]:
    """How many rows each of bikva's tables holds."""
    from bikva.store.rows import tables

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return {t.name: connection.execute(select(func.count()).select_from(t)).scalar_one() for t in tables()}
    finally:
        engine.dispose()


def _quotes(folder: Path) -> list[tuple]:
    """The quotes as the evaluator sees them, without the ids (a restore may give new ones).
    SQLite gives bikva's UTC times without their zone, PostgreSQL with it: the same instant."""
    rows = json.loads(ok("quote", "list", folder, "--json"))
    texts = {row["id"]: row["text"] for row in rows}
    for row in rows:  # a reaction by what it answers
        row["responds_to"] = texts.get(row["responds_to"])
    return sorted(tuple(sorted((k, json.dumps(v, ensure_ascii=False).replace("+00:00", "")) for k, v in row.items()
                               if k != "id" and not k.endswith("_id")))
                  for row in rows)


def _study(tmp_path: Path, name: str, title: str) -> Path:
    files = write_study_files(tmp_path / f"{name}-files")
    folder = tmp_path / name
    ok("new", folder, "--title", title, "--levels", "citizens,frontline")
    ok("import", folder, "--level", "citizens", files["citizens"])
    ok("import", folder, "--level", "frontline", files["frontline"])
    first = add_quote(folder, "citizens", CITIZEN_QUOTE, "--theme", "Sammenhæng i indsatsen")
    add_quote(folder, "frontline", FRONTLINE_REACTION, "--responds-to", first, "--theme", "Sammenhæng i indsatsen")
    ok("redact", folder, "Holmstrup", "[kommune]")
    return folder


def test_an_evaluation_in_postgresql_exports_and_restores_into_sqlite_or_another_postgresql(
        tmp_path, server_database, monkeypatch):
    folder = _study(tmp_path, "original", "Eksport fra serveren")
    assert not (folder / "bikva.db").exists()  # the rows are on the server
    quotes = _quotes(folder)
    archive = tmp_path / "eksport.zip"
    ok("export", folder, archive)

    # Into the same database, where the evaluation still is: refused, not doubled.
    before = _rows(server_database)
    refused(tmp_path, "restore", archive, tmp_path / "twice", key="archive.already_in_database")
    assert not (tmp_path / "twice").exists() and _rows(server_database) == before

    # Into another server database that already holds an evaluation: the rows get new ids.
    other = postgres.database("bikva_other")
    monkeypatch.setenv("BIKVA_DATABASE_URL", other)
    _study(tmp_path, "neighbour", "En anden evaluering")
    ok("restore", archive, tmp_path / "on-server")
    assert not (tmp_path / "on-server" / "bikva.db").exists()
    assert _quotes(tmp_path / "on-server") == quotes
    assert _rows(other)["evaluation"] == 2
    # The restored evaluation works: a guide is made from its rows, with its reaction chain.
    ok("redact", tmp_path / "on-server", "Mette", "[navn]")
    assert run_cli("status", tmp_path / "on-server").code == 0

    # Without BIKVA_DATABASE_URL: an SQLite evaluation of its own.
    monkeypatch.delenv("BIKVA_DATABASE_URL")
    ok("restore", archive, tmp_path / "in-file")
    assert (tmp_path / "in-file" / "bikva.db").is_file()
    assert _quotes(tmp_path / "in-file") == quotes
    log = json.loads(ok("log", tmp_path / "in-file", "--json"))
    assert any(event["action"] == "redaction" or "redact" in event["action"] for event in log), log


def test_the_demo_rebuilt_in_postgresql_leaves_no_rows_of_the_previous_demo(tmp_path, server_database):
    from bikva.store.config import load_config
    from evaluations.demo import build_demo

    folder = tmp_path / "demo"
    build_demo(folder)
    once = _rows(server_database)
    first_uid = load_config(folder).evaluation_id
    build_demo(folder)
    assert load_config(folder).evaluation_id != first_uid
    assert _rows(server_database) == once  # the same rows again, none of the first demo's
    engine = create_engine(server_database)
    try:
        with engine.connect() as connection:
            uids = connection.execute(text("SELECT uid FROM evaluation")).scalars().all()
    finally:
        engine.dispose()
    assert uids == [load_config(folder).evaluation_id]
