"""Export and restore a whole evaluation as one zip file, checked by checksums.

The zip holds a consistent snapshot of the SQLite database (made with SQLite's backup API,
so a concurrent writer cannot tear it), every other file of the evaluation folder
(configuration, narrative texts, transcripts unless purged, generated documents), and
`manifest.json` with the SHA-256 of each. Restore checks every checksum before anything is
put in place, and moves the folder into place only when all is well.

The copies of the database made before a schema upgrade (`bikva.db.before-0003`) stay out of
the export: bikva.db holds everything they do, and they hold transcript text, so leaving them
out is the data-minimising choice. An export is never written over the evaluation's own files,
and over an existing file only with --force (bikva.protection.targets).

Restore takes nothing on trust: the manifest must be a map of safe, distinct relative paths to
SHA-256 checksums, no path may be both a file and a folder, every file must read back whole
with its checksum, and `bikva.db` must be an SQLite database with an evaluation in it. Anything
else is refused in one line, and nothing is left in the target folder.

An evaluation kept in PostgreSQL (`BIKVA_DATABASE_URL`) exports the same way: its rows are
copied, ids unchanged, into a fresh SQLite `bikva.db` for the zip (bikva.store.rows), in one
snapshot of the database, so one archive format serves both and restores into either. Restore
follows `BIKVA_DATABASE_URL` as every command does: with it set, the rows go into that database
with new ids (it may hold other evaluations), in the same transaction that puts the folder in
place, and the folder gets no `bikva.db`. An evaluation already in that database (the same
`evaluation_id`) is refused rather than doubled.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import tempfile
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from sqlalchemy import Engine, create_engine, select

from bikva.store.config import load_config
from bikva.store.engine import DATABASE_FILE, database_url, engine_for, migrate, uses_sqlite_file
from bikva.store.evaluation import database_errors
from bikva.store.rows import copy_evaluation
from bikva.errors import BikvaError
from bikva.protection.targets import refuse_own_file
from bikva.store.files import printable, sha256_of, write_atomic

MANIFEST = "manifest.json"
FORMAT = "bikva-evaluation-export"
MAX_RESTORE_BYTES = 2 * 1024**3  # an evaluation is text and a few PDFs: far below this
_SHA256 = re.compile(r"[0-9a-f]{64}")
# What the export's database is recognised by (https://www.sqlite.org/fileformat.html).
_SQLITE_HEADER = b"SQLite format 3\x00"
# What goes wrong reading a damaged or doctored member: a size or CRC that does not match, a
# truncated or corrupt stream, an unknown compression method, encryption.
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError, OSError)


def _folder_files(folder: Path) -> list[Path]:
    # bikva.db is exported as a snapshot; its journal and the copies made before an upgrade
    # (bikva.db.before-*) not at all.
    return sorted(
        p for p in folder.rglob("*")
        if p.is_file() and not p.name.startswith(DATABASE_FILE) and not p.name.endswith(".tmp")
    )


def export_evaluation(folder: Path, target: Path, *, force: bool = False) -> dict[str, str]:
    refuse_own_file(target, folder)
    if target.is_dir():
        raise BikvaError("overwrite.is_folder", file=printable(target))
    if (target.exists() or target.is_symlink()) and not force:
        raise BikvaError("overwrite.existing_export", file=printable(target))
    if uses_sqlite_file(folder) and not (folder / DATABASE_FILE).is_file():
        raise BikvaError("evaluation.database_missing", folder=str(folder))
    checksums: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        snapshot = Path(tmp) / DATABASE_FILE
        if uses_sqlite_file(folder):
            source = sqlite3.connect(folder / DATABASE_FILE)
            copy = sqlite3.connect(snapshot)
            with copy:
                source.backup(copy)
            source.close()
            copy.close()
        else:
            _snapshot_from_server(folder, snapshot)
        entries = [(DATABASE_FILE, snapshot)] + [
            (p.relative_to(folder).as_posix(), p) for p in _folder_files(folder)
        ]
        zipped = Path(tmp) / "export.zip"
        with zipfile.ZipFile(zipped, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, path in entries:
                data = path.read_bytes()
                checksums[name] = sha256_of(data)
                archive.writestr(name, data)
            archive.writestr(MANIFEST, json.dumps({"format": FORMAT, "version": 1, "files": checksums}, indent=2))
        write_atomic(target.resolve() if target.is_symlink() else target, zipped.read_bytes())
    return checksums


def restore_evaluation(source: Path, folder: Path) -> dict[str, str]:
    if folder.exists() and not folder.is_dir():
        raise BikvaError("archive.not_a_folder", folder=printable(folder))
    if folder.exists() and any(folder.iterdir()):
        raise BikvaError("archive.folder_not_empty", folder=str(folder))
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise BikvaError("archive.unreadable", file=source.name) from None
    with archive:
        checksums = _manifest(archive, source)
        members = {name: _member(archive, source, name) for name in checksums}
        if sum(info.file_size for info in members.values()) > MAX_RESTORE_BYTES:
            raise BikvaError("archive.too_large", file=source.name)
        staging, made = _staging(folder)
        try:
            for name, expected in checksums.items():
                data = _read(archive, source, members[name])
                if sha256_of(data) != expected:
                    raise BikvaError("archive.checksum", file=source.name, path=name)
                target = staging / PurePosixPath(name)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            _check_database(staging / DATABASE_FILE, source)
            if uses_sqlite_file(folder):
                _put_in_place(staging, folder)
            else:
                _restore_to_server(staging, folder, source)
        except BaseException as error:
            shutil.rmtree(staging, ignore_errors=True)
            for created in made:  # the folders made to hold the staging folder, innermost first
                try:
                    created.rmdir()
                except OSError:
                    break
            if isinstance(error, OSError):
                raise BikvaError("file.unwritable", file=printable(folder), detail=printable(error.strerror or error)) from None
            raise
    return checksums


def _put_in_place(staging: Path, folder: Path) -> None:
    if folder.exists():
        folder.rmdir()  # empty, checked above
    os.replace(staging, folder)


def _file_engine(path: Path) -> Engine:
    """An engine of its own for an SQLite file outside any evaluation folder (the export's
    snapshot, a restore's staging copy), so bikva's shared engines do not keep it open."""
    return create_engine(f"sqlite:///{path.resolve()}")


def _snapshot_from_server(folder: Path, snapshot: Path) -> None:
    """The evaluation's rows in the database server, ids unchanged, in a new SQLite file."""
    from models.evaluation import Evaluation

    uid = load_config(folder).evaluation_id
    server = engine_for(database_url(folder))
    target = _file_engine(snapshot)
    try:
        migrate(target)
        # One snapshot of the server for all tables: a command writing meanwhile is either
        # wholly in the export or not at all.
        with database_errors(database_url(folder)), \
                server.connect().execution_options(isolation_level="REPEATABLE READ") as reading, \
                reading.begin(), target.begin() as writing:
            evaluation_id = reading.execute(select(Evaluation.id).where(Evaluation.uid == uid)).scalar_one_or_none()
            if evaluation_id is None:
                raise BikvaError("evaluation.database_missing", folder=printable(folder))
            copy_evaluation(reading, writing, evaluation_id, new_ids=False)
    finally:
        target.dispose()


def _restore_to_server(staging: Path, folder: Path, source: Path) -> None:
    """The staged bikva.db's rows into the database server with new ids, and the folder (without
    bikva.db) into place, committed together."""
    from models.evaluation import Evaluation

    staged_engine = _file_engine(staging / DATABASE_FILE)
    server = engine_for(database_url(folder))
    try:
        migrate(staged_engine)  # an export from an older bikva
        with database_errors(database_url(folder)):
            migrate(server)
            with staged_engine.connect() as reading, server.connect() as writing:  # rolled back unless committed
                found = reading.execute(select(Evaluation.id, Evaluation.uid)).all()
                if len(found) != 1:
                    raise BikvaError("archive.not_a_database", file=source.name)
                (evaluation_id, uid), = found
                if writing.execute(select(Evaluation.id).where(Evaluation.uid == uid)).first() is not None:
                    raise BikvaError("archive.already_in_database", file=source.name)
                copy_evaluation(reading, writing, evaluation_id, new_ids=True)
                reading.close()
                staged_engine.dispose()
                for leftover in staging.glob(f"{DATABASE_FILE}*"):  # the database, any copy before an upgrade
                    leftover.unlink()
                _put_in_place(staging, folder)
                try:
                    writing.commit()
                except BaseException:
                    shutil.rmtree(folder, ignore_errors=True)
                    raise
    finally:
        staged_engine.dispose()


def _manifest(archive: zipfile.ZipFile, source: Path) -> dict[str, str]:
    """The manifest's files and checksums, once they are known to be safe to act on."""
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError, *_DAMAGED):
        raise BikvaError("archive.not_an_export", file=source.name) from None
    checksums = manifest.get("files") if isinstance(manifest, dict) else None
    if (manifest.get("format") if isinstance(manifest, dict) else None) != FORMAT or not isinstance(checksums, dict):
        raise BikvaError("archive.not_an_export", file=source.name)
    if DATABASE_FILE not in checksums:
        raise BikvaError("archive.not_an_export", file=source.name)
    for name, expected in checksums.items():
        _check_name(name, source)
        if not isinstance(expected, str) or not _SHA256.fullmatch(expected):
            # A checksum that cannot be one: the file can only fail it.
            raise BikvaError("archive.checksum", file=source.name, path=printable(name, 80))
    # A path that is both a file and a folder ("a" and "a/b"), also when they differ only in
    # case (the same on a case-insensitive disk).
    names = {name.casefold() for name in checksums}
    if len(names) != len(checksums):
        raise BikvaError("archive.clash", file=source.name, path=printable(_first_duplicate(checksums), 80))
    for name in checksums:
        for parent in PurePosixPath(name).parents:
            if str(parent) != "." and str(parent).casefold() in names:
                raise BikvaError("archive.clash", file=source.name, path=printable(str(parent), 80))
    return checksums


def _first_duplicate(names: dict[str, str]) -> str:
    seen: set[str] = set()
    for name in names:
        if name.casefold() in seen:
            return name
        seen.add(name.casefold())
    return ""


def _check_name(name: str, source: Path) -> None:
    """A plain relative path of files in folders: no `.`, `..`, empty or absolute part, no
    backslash or drive, nothing SQLite would read beside bikva.db (a journal is replayed)."""
    if not isinstance(name, str) or not name:
        raise BikvaError("archive.bad_name", file=source.name, path=printable(name, 80))
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in name.split("/"):
        raise BikvaError("archive.unsafe_path", file=source.name, path=printable(name, 80))
    parts = name.split("/")
    if (
        any(part in ("", ".") for part in parts)
        or "\\" in name
        or ":" in parts[0]
        or printable(name) != name
        or (name != DATABASE_FILE and parts[-1].startswith(DATABASE_FILE))
        or name == MANIFEST
    ):
        raise BikvaError("archive.bad_name", file=source.name, path=printable(name, 80))


def _member(archive: zipfile.ZipFile, source: Path, name: str) -> zipfile.ZipInfo:
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise BikvaError("archive.missing_member", file=source.name, path=printable(name, 80)) from None
    if info.is_dir():
        raise BikvaError("archive.clash", file=source.name, path=printable(name, 80))
    return info


def _read(archive: zipfile.ZipFile, source: Path, info: zipfile.ZipInfo) -> bytes:
    """The member's bytes, which must be exactly as many as the archive declares."""
    try:
        with archive.open(info) as member:
            data = member.read(info.file_size + 1)
    except _DAMAGED:
        raise BikvaError("archive.damaged", file=source.name, path=printable(info.filename, 80)) from None
    if len(data) != info.file_size:
        raise BikvaError("archive.damaged", file=source.name, path=printable(info.filename, 80))
    return data


def _staging(folder: Path) -> tuple[Path, list[Path]]:
    """A hidden folder beside `folder` to unpack into, and the folders made to hold it."""
    made = [parent for parent in [folder.parent, *folder.parent.parents] if not parent.exists()]
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent)), made
    except OSError as error:
        for created in made:
            try:
                created.rmdir()
            except OSError:
                break
        raise BikvaError("file.unwritable", file=printable(folder), detail=printable(error.strerror or error)) from None


def _check_database(path: Path, source: Path) -> None:
    """bikva.db must be an SQLite database whole and sound, with an evaluation in it."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_HEADER))
    except OSError:
        header = b""
    if header != _SQLITE_HEADER:
        raise BikvaError("archive.not_a_database", file=source.name)
    try:
        # Read-only and immutable: looking must not write a journal into the staging folder.
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            sound = db.execute("PRAGMA quick_check").fetchone() == ("ok",)
            has_evaluation = sound and db.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'evaluation'"
            ).fetchone() == (1,)
        finally:
            db.close()
    except sqlite3.Error:
        sound = has_evaluation = False
    if not has_evaluation:
        raise BikvaError("archive.not_a_database", file=source.name)


def folder_checksums(folder: Path) -> dict[str, str]:
    """What restore promises to reproduce: every file of the folder, by SHA-256."""
    return {p.relative_to(folder).as_posix(): sha256_of(p.read_bytes()) for p in _folder_files(folder)}
