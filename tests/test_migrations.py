"""An evaluation made with an older bikva opens with this one: upgraded in place, copied aside first.

The older databases are built here as the older versions left them: Alembic brings a fresh
SQLite file to revision 0001 or 0002 (the schema of that time) and the rows are written with
plain SQL, an artifact's quotes as the JSON list `artifact.quote_ids` of those versions.
"""

from __future__ import annotations

import json
import sqlite3
import tomllib
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine
from sqlalchemy.exc import IntegrityError

from bikva.store.engine import LEGACY_REVISIONS, _alembic_config, head_revision
from helpers import add_quote, file_digest, ok, run_cli

HEAD = head_revision()
COPY = f"bikva.db.before-{HEAD}"  # the copy an upgrade puts aside
SAID = "Jeg er selv tovholder på min egen sag, og det kan jeg ikke overskue"
ADVISED = "Ring tilbage samme dag"
B1_TURN = f"Altså, det er lidt forskelligt. {SAID}. {ADVISED}."
HANDED_OUT = "output/guide-R2-frontline.pdf"


def old_evaluation(tmp_path: Path, revision: str, *, legacy_id: bool = False, kind: str = "statement") -> Path:
    """An evaluation folder whose bikva.db is at `revision`, with a citizen's statement and
    advice carried to the staff and (from 0002, which added the artifact log) the staff's guide
    logged as holding both."""
    scratch = tmp_path / "scratch"
    ok("new", scratch, "--title", "Gammel", "--levels", "citizens,frontline")
    folder = tmp_path / "old"
    folder.mkdir()
    config = (scratch / "bikva.toml").read_text(encoding="utf-8")
    (folder / "bikva.toml").write_text(config, encoding="utf-8")
    uid = tomllib.loads(config)["evaluation_id"]

    database = folder / "bikva.db"
    engine = create_engine(f"sqlite:///{database}")
    try:
        with engine.begin() as connection:
            alembic = _alembic_config()
            alembic.attributes["connection"] = connection
            command.upgrade(alembic, revision)
    finally:
        engine.dispose()

    at = "2026-03-03 10:00:00.000000"
    start = B1_TURN.index(SAID)
    advice = B1_TURN.index(ADVISED)
    with sqlite3.connect(database) as db:
        db.execute("INSERT INTO evaluation VALUES (1, ?, 'Gammel', 'da', '{role}, R{round}', ?)", (uid, at))
        db.execute("INSERT INTO level VALUES (1, 1, 'citizens', 1), (2, 1, 'frontline', 2)")
        db.execute("INSERT INTO interview_group VALUES (1, 1, 'Borgere', NULL, '', 0, '')")
        db.execute("INSERT INTO participant (id, group_id, label, role, unit) VALUES (1, 1, 'B1', '', '')")
        db.execute("INSERT INTO transcript VALUES (1, 1, 'borgere.txt', 'text', 'abc', ?, '')", (at,))
        db.execute("INSERT INTO turn VALUES (1, 1, 1, 'I', NULL, 'Hvordan gik det?', 1, NULL, NULL),"
                   " (2, 1, 2, 'B1', 1, ?, 0, NULL, NULL)", (B1_TURN,))
        db.execute("INSERT INTO quote (id, evaluation_id, level_id, transcript_id, turn_id, start, \"end\", text,"
                   " theme_id, kind, rationale, selected_at, responds_to_id)"
                   " VALUES (1, 1, 1, 1, 2, ?, ?, ?, NULL, ?, '', ?, NULL),"
                   " (2, 1, 1, 1, 2, ?, ?, ?, NULL, 'advice', '', ?, NULL)",
                   (start, start + len(SAID), SAID, kind, at, advice, advice + len(ADVISED), ADVISED, at))
        db.execute("INSERT INTO quote_carry VALUES (1, 2), (2, 2)")
        if revision != "0001":
            db.execute("INSERT INTO artifact VALUES (1, 1, 'guide', 'frontline', ?, 'abc', ?, '[1, 2]')",
                       (HANDED_OUT, at))
            db.execute("INSERT INTO local_name VALUES (1, 1, 'Holmstrup', 'place', ?)", (at,))
        if legacy_id:
            db.execute("UPDATE alembic_version SET version_num = ?",
                       (next(old for old, new in LEGACY_REVISIONS.items() if new == revision),))
    return folder


def revision_of(database: Path) -> str:
    with sqlite3.connect(database) as db:
        return db.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def dump(database: Path) -> list[str]:
    db = sqlite3.connect(database)
    try:
        return list(db.iterdump())
    finally:
        db.close()


def backups(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("bikva.db.before-*"))


def test_an_evaluation_at_0002_is_upgraded_after_a_copy_is_put_aside(tmp_path):
    folder = old_evaluation(tmp_path, "0002")
    database = folder / "bikva.db"
    before = dump(database)

    quotes = json.loads(ok("quote", "list", folder, "--json"))
    assert [(q["id"], q["kind"], q["text"]) for q in quotes] == [(1, "statement", SAID), (2, "advice", ADVISED)]
    assert revision_of(database) == HEAD
    assert backups(folder) == [COPY]
    copy = folder / COPY
    assert dump(copy) == before and revision_of(copy) == "0002"

    with sqlite3.connect(database) as db:
        assert db.execute("SELECT artifact_id, quote_id FROM artifact_quote ORDER BY quote_id").fetchall() == [(1, 1), (1, 2)]
        assert "quote_ids" not in [row[1] for row in db.execute("PRAGMA table_info(artifact)")]
        # Compacted: the copied tables' old pages (old quote text among them) are not left free.
        assert db.execute("PRAGMA freelist_count").fetchone() == (0,)
    # The link survived: the withdrawal names the guide handed out before the upgrade.
    out = ok("participant", "withdraw", folder, "B1", "--level", "citizens")
    assert "2 udvalgte udsagn" in out and HANDED_OUT in out


@pytest.mark.parametrize(("table", "change"), [
    ("quote", "UPDATE quote SET kind = 'STATEMENT' WHERE id = 1"),
    ("participant", "UPDATE participant SET consent_status = 'maybe'"),
    ("local_name", "UPDATE local_name SET kind = 'village'"),
])
def test_the_database_refuses_a_value_outside_a_closed_vocabulary(tmp_path, table, change):
    folder = old_evaluation(tmp_path, "0002")
    ok("quote", "list", folder)  # upgrades
    with sqlite3.connect(folder / "bikva.db") as db:
        with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
            db.execute(change)
    # The same vocabularies as the models: the values, not the Python names.
    ok("names", "add", folder, "Holmstrup", "--kind", "person")
    with sqlite3.connect(folder / "bikva.db") as db:
        assert db.execute("SELECT kind FROM local_name").fetchall() == [("person",)]


def test_opening_an_upgraded_evaluation_again_writes_nothing(tmp_path):
    folder = old_evaluation(tmp_path, "0002")
    ok("quote", "list", folder)
    upgraded = file_digest(folder / "bikva.db")
    ok("quote", "list", folder)
    ok("status", folder)
    assert file_digest(folder / "bikva.db") == upgraded
    assert backups(folder) == [COPY]


def test_a_database_stamped_with_the_first_migrations_old_id_opens(tmp_path):
    folder = old_evaluation(tmp_path, "0001", legacy_id=True)
    database = folder / "bikva.db"
    before = dump(database)
    assert revision_of(database) == "e9a5511edf29"

    quotes = json.loads(ok("quote", "list", folder, "--json"))
    assert [q["kind"] for q in quotes] == ["statement", "advice"]
    assert revision_of(database) == HEAD
    copy = folder / COPY
    assert dump(copy) == before and revision_of(copy) == "e9a5511edf29"  # as the older bikva left it


def test_a_removed_quote_still_named_by_a_file_never_lends_its_id_to_a_new_one(tmp_path):
    folder = old_evaluation(tmp_path, "0002")
    with sqlite3.connect(folder / "bikva.db") as db:  # quote 3 was in the guide, then removed
        db.execute("UPDATE artifact SET quote_ids = '[1, 2, 3]'")
    ok("quote", "list", folder)
    new = add_quote(folder, "citizens", "Altså, det er lidt forskelligt", "--theme", "Vejen ind i jobcentret")
    assert new == 4
    with sqlite3.connect(folder / "bikva.db") as db:
        assert db.execute("SELECT quote_id FROM artifact_quote ORDER BY quote_id").fetchall() == [(1,), (2,), (3,)]


def test_an_earlier_copy_is_never_overwritten(tmp_path):
    folder = old_evaluation(tmp_path, "0002")
    (folder / COPY).write_bytes(b"an earlier copy")
    ok("quote", "list", folder)
    assert (folder / COPY).read_bytes() == b"an earlier copy"
    assert backups(folder) == [COPY, f"{COPY}.2"]
    assert revision_of(folder / f"{COPY}.2") == "0002"


def test_a_new_evaluation_gets_no_copy(tmp_path):
    ok("new", tmp_path / "e", "--title", "Ny")
    assert backups(tmp_path / "e") == []


def test_a_failed_upgrade_leaves_the_database_as_it_was_and_no_copy(tmp_path):
    folder = old_evaluation(tmp_path, "0002", kind="STATEMENT")  # not a value bikva ever wrote
    before = file_digest(folder / "bikva.db")
    with pytest.raises(IntegrityError, match="CHECK constraint failed"):
        run_cli("quote", "list", folder)
    assert file_digest(folder / "bikva.db") == before and revision_of(folder / "bikva.db") == "0002"
    assert backups(folder) == []


def test_purge_deletes_the_copy_made_before_the_upgrade(tmp_path):
    folder = old_evaluation(tmp_path, "0002")
    ok("quote", "list", folder)
    assert backups(folder) == [COPY]
    ok("purge", folder, "--yes")
    assert backups(folder) == []
    with sqlite3.connect(folder / "bikva.db") as db:
        # Turns that kept quotes came from stay as empty rows (a later withdrawal still finds them).
        assert db.execute("SELECT count(*) FROM turn WHERE text <> ''").fetchone() == (0,)


def test_0003_downgrades_to_the_json_list_and_upgrades_again(tmp_path):
    folder = old_evaluation(tmp_path, "0002")
    ok("quote", "list", folder)
    engine = create_engine(f"sqlite:///{folder / 'bikva.db'}")  # foreign keys off: SQLite's default
    try:
        for target in ("0002", "head"):
            with engine.begin() as connection:
                alembic = _alembic_config()
                alembic.attributes["connection"] = connection
                (command.downgrade if target == "0002" else command.upgrade)(alembic, target)
            if target == "0002":
                with sqlite3.connect(folder / "bikva.db") as db:
                    assert db.execute("SELECT quote_ids FROM artifact").fetchall() == [("[1, 2]",)]
                    db.execute("UPDATE quote SET kind = 'anything' WHERE id = 1")  # no CHECK any more
                    db.execute("UPDATE quote SET kind = 'statement' WHERE id = 1")
    finally:
        engine.dispose()
    with sqlite3.connect(folder / "bikva.db") as db:
        assert db.execute("SELECT artifact_id, quote_id FROM artifact_quote").fetchall() == [(1, 1), (1, 2)]


def test_the_head_read_from_the_file_names_is_alembics_head():
    # Opening an evaluation compares its revision with head_revision() without loading Alembic;
    # a migration numbered out of order would make every evaluation look out of date or current.
    from alembic.script import ScriptDirectory

    assert head_revision() == ScriptDirectory.from_config(_alembic_config()).get_current_head()
