"""`bikva restore` takes nothing in an archive on trust, and `bikva export` leaves out what it
need not carry: every malformed archive is refused in one line with nothing left behind."""

from __future__ import annotations

import json
import sqlite3
import struct
import zipfile
from pathlib import Path

import pytest

from bikva.store.files import sha256_of
from helpers import ok, refused
from study_files import CITIZEN_QUOTE, write_study_files

FORMAT = "bikva-evaluation-export"


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> dict:
    """A small study, its export, and the export's members by name."""
    root = tmp_path_factory.mktemp("restore")
    files = write_study_files(root / "files")
    folder = root / "e"
    ok("new", folder, "--title", "Gendannelse", "--levels", "citizens,frontline")
    ok("import", folder, "--level", "citizens", files["citizens"])
    ok("quote", "add", folder, "--level", "citizens", "--text", CITIZEN_QUOTE, "--theme", "Sammenhæng i indsatsen")
    (folder / "bikva.db.before-0003").write_bytes((folder / "bikva.db").read_bytes())  # as an upgrade leaves it
    archive = root / "eksport.zip"
    ok("export", folder, archive)
    with zipfile.ZipFile(archive) as source:
        members = {name: source.read(name) for name in source.namelist()}
    return {"folder": folder, "archive": archive, "members": members}


def build(path: Path, members: dict[str, bytes], files: object = None, compression=zipfile.ZIP_DEFLATED) -> Path:
    """A zip of `members` and a manifest: their checksums, unless `files` says otherwise."""
    if files is None:
        files = {name: sha256_of(data) for name, data in members.items()}
    with zipfile.ZipFile(path, "w", compression=compression) as target:
        for name, data in members.items():
            target.writestr(name, data)
        target.writestr("manifest.json", json.dumps({"format": FORMAT, "version": 1, "files": files}))
    return path


def contents(export: dict) -> dict[str, bytes]:
    return {name: data for name, data in export["members"].items() if name != "manifest.json"}


def with_declared_size(path: Path, name: str, size: int) -> Path:
    """Rewrite the size the zip declares for `name` (local header and central directory)."""
    data = bytearray(path.read_bytes())
    encoded = name.encode()
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (at := data.find(signature, start)) != -1:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at:name_at + len(encoded)] == encoded:
                struct.pack_into("<I", data, at + offset, size)
            start = at + 4
    path.write_bytes(bytes(data))
    return path


def assert_refused_and_nothing_left(archive: Path, target: Path, key: str | None = None) -> str:
    around = sorted(p.name for p in target.parent.iterdir())
    line = refused(target, "restore", archive, target, key=key)
    assert not target.exists() or not any(target.iterdir())
    assert sorted(p.name for p in target.parent.iterdir()) == around  # no staging folder left
    return line


def test_export_leaves_the_copies_made_before_an_upgrade_out(export, tmp_path):
    assert "bikva.db" in export["members"]
    assert not [name for name in export["members"] if name.startswith("bikva.db.")]
    restored = tmp_path / "gendannet"
    ok("restore", export["archive"], restored)
    assert not list(restored.glob("bikva.db.*"))
    assert CITIZEN_QUOTE in ok("quote", "list", restored)


MALFORMED = {
    "files as a list": lambda m: ({**m}, [[name, sha256_of(data)] for name, data in m.items()], "archive.not_an_export"),
    "member named .": lambda m: ({**m, ".": b"x"}, None, "archive.bad_name"),
    "member named ./x": lambda m: ({**m, "./x": b"x"}, None, "archive.bad_name"),
    "empty part": lambda m: ({**m, "output//x": b"x"}, None, "archive.bad_name"),
    "file and folder": lambda m: ({**m, "a": b"file", "a/b": b"in a folder"}, None, "archive.clash"),
    "names differing in case": lambda m: ({**m, "Bikva.toml": m["bikva.toml"]}, None, "archive.clash"),
    "database journal": lambda m: ({**m, "bikva.db-journal": b"journal"}, None, "archive.bad_name"),
    "database not sqlite": lambda m: ({**m, "bikva.db": b"not a database at all, only text"}, None,
                                      "archive.not_a_database"),
    "sqlite but not bikva": lambda m: ({**m, "bikva.db": empty_sqlite()}, None, "archive.not_a_database"),
    "checksum that is no checksum": lambda m: (m, {**{n: sha256_of(d) for n, d in m.items()}, "bikva.toml": 7},
                                               "archive.checksum"),
}


def empty_sqlite() -> bytes:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE other (x)")
    data = db.serialize()
    db.close()
    return data


@pytest.mark.parametrize("case", list(MALFORMED))
def test_a_malformed_archive_is_refused_with_nothing_left_behind(export, tmp_path, case):
    members, files, key = MALFORMED[case](contents(export))
    archive = build(tmp_path / "forkert.zip", members, files)
    assert_refused_and_nothing_left(archive, tmp_path / "ny", key)


def test_a_manifest_that_is_not_a_map_is_refused(export, tmp_path):
    archive = tmp_path / "liste.zip"
    with zipfile.ZipFile(archive, "w") as target:
        for name, data in contents(export).items():
            target.writestr(name, data)
        target.writestr("manifest.json", json.dumps([FORMAT, 1]))
    assert_refused_and_nothing_left(archive, tmp_path / "ny", "archive.not_an_export")


@pytest.mark.parametrize("compression", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
@pytest.mark.parametrize("change", [-5, +5])
def test_a_member_whose_size_differs_from_the_declared_size_is_refused(export, tmp_path, compression, change):
    members = contents(export)
    archive = build(tmp_path / "storrelse.zip", members, compression=compression)
    with_declared_size(archive, "bikva.toml", len(members["bikva.toml"]) + change)
    line = assert_refused_and_nothing_left(archive, tmp_path / "ny", "archive.damaged")
    assert "bikva.toml" in line


def test_an_empty_target_folder_is_left_empty_and_new_parent_folders_are_removed(export, tmp_path):
    archive = build(tmp_path / "forkert.zip", {**contents(export), "bikva.db": b"nonsense"})
    empty = tmp_path / "tom"
    empty.mkdir()
    assert_refused_and_nothing_left(archive, empty, "archive.not_a_database")
    assert empty.is_dir() and not any(empty.iterdir())

    nested = tmp_path / "nye" / "mapper" / "ny"
    refused(nested, "restore", archive, nested, key="archive.not_a_database")
    assert not (tmp_path / "nye").exists()


def test_a_target_that_is_a_file_is_refused(export, tmp_path):
    blocking = tmp_path / "fil"
    blocking.write_text("i vejen", encoding="utf-8")
    refused(blocking, "restore", export["archive"], blocking)
    assert blocking.read_text(encoding="utf-8") == "i vejen"


def test_a_sound_archive_still_restores(export, tmp_path):
    archive = build(tmp_path / "hel.zip", contents(export))
    assert "passer med kontrolsummerne" in ok("restore", archive, tmp_path / "ny")
    assert CITIZEN_QUOTE in ok("quote", "list", tmp_path / "ny")
