"""Consent, withdrawal, the audit trail, purge at the end of a study, export and restore."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from helpers import file_digest, flat, ok, pdf_text, refused, run_cli
from study_files import (
    CITIZEN_ADVICE,
    CITIZEN_NAMED_QUOTE,
    CITIZEN_QUOTE,
    FRONTLINE_REACTION,
    write_study_files,
)

THEME = "Sammenhæng i indsatsen"


@pytest.fixture
def study(tmp_path) -> Path:
    files = write_study_files(tmp_path / "files")
    folder = tmp_path / "e"
    ok("new", folder, "--title", "Databeskyttelse", "--levels", "citizens,frontline,leaders")
    ok("import", folder, "--level", "citizens", files["citizens"])
    ok("import", folder, "--level", "frontline", files["frontline"])
    ok("quote", "add", folder, "--level", "citizens", "--text", CITIZEN_QUOTE, "--theme", THEME)  # B1
    ok("quote", "add", folder, "--level", "citizens", "--text", CITIZEN_NAMED_QUOTE, "--theme", THEME)  # B2
    ok("quote", "add", folder, "--level", "citizens", "--text", CITIZEN_ADVICE, "--advice")  # B1
    ok("quote", "add", folder, "--level", "frontline", "--text", FRONTLINE_REACTION, "--theme", THEME, "--responds-to", 1)
    ok("redact", folder, "Mette", "[navn på sagsbehandler]")
    ok("redact", folder, "Holmstrup Kommune", "[kommunen]")
    return folder


def test_a_withdrawn_participants_statements_are_gone_from_guides_made_afterwards(study, tmp_path):
    ok("guide", study, "--level", "frontline", "-o", tmp_path / "before.pdf")
    assert CITIZEN_QUOTE in pdf_text(tmp_path / "before.pdf")

    out = ok("participant", "withdraw", study, "B1", "--level", "citizens")
    assert "2 udvalgte udsagn" in out

    ok("guide", study, "--level", "leaders", "-o", tmp_path / "after.pdf")
    ok("report", study, "-o", tmp_path / "report.pdf")
    for document in ("after.pdf", "report.pdf"):
        text = pdf_text(tmp_path / document)
        assert CITIZEN_QUOTE not in text and CITIZEN_ADVICE not in text, document
        assert FRONTLINE_REACTION in text  # the staff's reaction is their own statement and stays


def test_registered_real_names_are_kept_apart_and_never_listed_by_default(study):
    ok("participant", "add", study, "B2", "--level", "citizens", "--real-name", "Hanne Jensen",
       "--consent-date", "2026-03-03", "--consent-version", "v2")
    assert "Hanne Jensen" not in ok("participant", "list", study)
    assert "Hanne Jensen" in ok("participant", "list", study, "--show-names")
    assert "Hanne Jensen" not in ok("log", study)
    rows = json.loads(ok("participant", "list", study, "--json", "--level", "citizens"))
    b2 = next(r for r in rows if r["label"] == "B2")
    assert (b2["consent"], b2["consent_date"], b2["consent_version"], b2["real_name_kept"]) == ("given", "2026-03-03", "v2", True)


def test_the_audit_log_records_imports_selections_redactions_and_withdrawals(study):
    ok("participant", "withdraw", study, "B2", "--level", "citizens")
    events = json.loads(ok("log", study, "--json"))
    actions = [e["action"] for e in events]
    assert actions.count("import") == 2 and actions.count("quote") == 4
    assert actions.count("redact") == 2 and actions.count("withdraw") == 1
    assert all(e["actor"] for e in events)
    assert "Mette" not in json.dumps(events, ensure_ascii=False)  # redactions are logged by placeholder


def test_export_then_restore_gives_identical_content(study, tmp_path):
    ok("guide", study, "--level", "frontline")
    archive = tmp_path / "eksport.zip"
    ok("export", study, archive)
    restored = tmp_path / "gendannet"
    assert "passer med kontrolsummerne" in ok("restore", archive, restored)

    def files(folder: Path) -> dict[str, str]:
        return {p.relative_to(folder).as_posix(): file_digest(p) for p in folder.rglob("*") if p.is_file() and p.name != "bikva.db"}

    def rows(folder: Path) -> list:
        with sqlite3.connect(folder / "bikva.db") as db:
            return list(db.iterdump())

    assert files(restored) == files(study)
    assert rows(restored) == rows(study)
    assert json.loads(ok("quote", "list", restored, "--json")) == json.loads(ok("quote", "list", study, "--json"))


def test_restore_refuses_a_damaged_export_and_leaves_no_folder(study, tmp_path):
    archive = tmp_path / "eksport.zip"
    ok("export", study, archive)
    damaged = tmp_path / "beskadiget.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, data + b"\n# changed after export\n" if item.filename == "bikva.toml" else data)
    line = refused(tmp_path / "ny", "restore", damaged, tmp_path / "ny")
    assert "kontrolsum" in line and "bikva.toml" in line
    assert not (tmp_path / "ny").exists()

    escaping = tmp_path / "flugt.zip"
    with zipfile.ZipFile(escaping, "w") as target:
        target.writestr("manifest.json", json.dumps({"format": "bikva-evaluation-export", "version": 1,
                                                   "files": {"bikva.db": "0", "../ude.txt": "0"}}))
    refused(tmp_path / "ny2", "restore", escaping, tmp_path / "ny2")
    assert not (tmp_path / "ude.txt").exists() and not (tmp_path / "ny2").exists()


def test_purge_deletes_transcripts_and_names_and_keeps_anonymised_quotes_and_the_log(study, tmp_path):
    ok("participant", "add", study, "B2", "--level", "citizens", "--real-name", "Hanne Jensen")
    ok("participant", "withdraw", study, "B3", "--level", "citizens")
    assert list((study / "transcripts").iterdir())
    before = file_digest(study / "bikva.db")
    # Nobody at the keyboard answers yes: a real process with no input.
    cancelled = subprocess.run([sys.executable, "-m", "bikva", "purge", str(study)], stdin=subprocess.DEVNULL,
                               capture_output=True, text=True)
    assert cancelled.returncode == 2 and "afbrudt" in cancelled.stderr
    assert file_digest(study / "bikva.db") == before

    ok("purge", study, "--yes")
    assert not list((study / "transcripts").iterdir())
    with sqlite3.connect(study / "bikva.db") as db:
        dump = "\n".join(db.iterdump())
        # A kept quote's turn stays as an empty row: the link to who said it (bikva.protection.retention).
        assert db.execute("SELECT count(*) FROM turn WHERE text != '' OR speaker = 'B3'").fetchone() == (0,)
    for identifying in ("Hanne Jensen", "Mette", "Holmstrup", "Det er ventetiden"):
        assert identifying not in dump, identifying
    quotes = json.loads(ok("quote", "list", study, "--json"))
    assert len(quotes) == 4
    assert "[navn på sagsbehandler] fra [kommunen] ringede altid tilbage samme dag" in [q["text"] for q in quotes]
    assert "purge" in [e["action"] for e in json.loads(ok("log", study, "--json"))]
    ok("report", study, "-o", tmp_path / "r.pdf")
    assert flat(CITIZEN_QUOTE) in pdf_text(tmp_path / "r.pdf")


@pytest.fixture
def unredacted(tmp_path) -> Path:
    """A study whose selected citizen quote still names the caseworker and the municipality."""
    files = write_study_files(tmp_path / "files")
    folder = tmp_path / "u"
    ok("new", folder, "--title", "Vagten", "--levels", "citizens,frontline")
    ok("import", folder, "--level", "citizens", files["citizens"])
    ok("quote", "add", folder, "--level", "citizens", "--text", CITIZEN_NAMED_QUOTE, "--theme", THEME)
    return folder


def test_a_registered_name_blocks_the_next_guide_until_it_is_redacted(unredacted, tmp_path):
    ok("participant", "add", unredacted, "B2", "--level", "citizens", "--real-name", "Mette Lund")
    blocked = refused(unredacted, "guide", unredacted, "--level", "frontline", "-o", tmp_path / "g.pdf")
    assert "nr. 1" in blocked and "»Mette«" in blocked
    assert not (tmp_path / "g.pdf").exists()
    assert run_cli("check", unredacted).code == 1

    ok("redact", unredacted, "Mette", "[navn på sagsbehandler]")
    ok("redact", unredacted, "Holmstrup Kommune", "[kommunen]")
    assert run_cli("check", unredacted).code == 0
    ok("guide", unredacted, "--level", "frontline", "-o", tmp_path / "g.pdf")
    ok("report", unredacted, "-o", tmp_path / "r.pdf")
    for document in ("g.pdf", "r.pdf"):
        text = pdf_text(tmp_path / document)
        assert "Mette" not in text and "Holmstrup" not in text
        assert "[navn på sagsbehandler] fra [kommunen]" in text


def test_a_local_place_name_blocks_the_report_until_the_quote_is_reviewed(unredacted, tmp_path):
    ok("redact", unredacted, "Mette", "[navn på sagsbehandler]")
    ok("names", "add", unredacted, "Holmstrup Kommune", "--kind", "place")
    blocked = refused(unredacted, "report", unredacted, "-o", tmp_path / "r.pdf")
    assert "»Holmstrup Kommune«" in blocked
    ok("quote", "review", unredacted, 1)
    ok("report", unredacted, "-o", tmp_path / "r.pdf")
    assert "review" in [e["action"] for e in json.loads(ok("log", unredacted, "--json"))]


def test_a_withdrawal_names_the_documents_already_made_with_the_statements(study, tmp_path):
    ok("guide", study, "--level", "frontline", "-o", tmp_path / "udleveret.pdf")
    out = ok("participant", "withdraw", study, "B1", "--level", "citizens")
    assert str(tmp_path / "udleveret.pdf") in out
    artifacts = [e for e in json.loads(ok("log", study, "--json")) if e["action"] == "artifact"]
    assert artifacts and artifacts[0]["details"]["sha256"] == file_digest(tmp_path / "udleveret.pdf")
