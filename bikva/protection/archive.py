"""Export and restore a whole evaluation as one zip file, checked by checksums.

The zip holds a consistent snapshot of the SQLite database (made with SQLite's backup API,
so a concurrent writer cannot tear it), every other file of the evaluation folder
(configuration, narrative texts, transcripts unless purged, generated documents), and
`manifest.json` with the SHA-256 of each. Restore checks every checksum before anything is
put in place, and moves the folder into place only when all is well.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from bikva.store.engine import DATABASE_FILE, uses_sqlite_file
from bikva.errors import BikvaError
from bikva.store.files import sha256_of, write_atomic

MANIFEST = "manifest.json"
FORMAT = "bikva-evaluation-export"
MAX_RESTORE_BYTES = 2 * 1024**3  # an evaluation is text and a few PDFs: far below this


def _folder_files(folder: Path) -> list[Path]:
    skip = {DATABASE_FILE, f"{DATABASE_FILE}-journal", f"{DATABASE_FILE}-wal", f"{DATABASE_FILE}-shm"}
    return sorted(
        p for p in folder.rglob("*")
        if p.is_file() and p.name not in skip and not p.name.endswith(".tmp")
    )


def export_evaluation(folder: Path, target: Path) -> dict[str, str]:
    if not uses_sqlite_file(folder):
        raise BikvaError("archive.sqlite_only")
    if not (folder / DATABASE_FILE).is_file():
        raise BikvaError("evaluation.database_missing", folder=str(folder))
    checksums: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        snapshot = Path(tmp) / DATABASE_FILE
        source = sqlite3.connect(folder / DATABASE_FILE)
        copy = sqlite3.connect(snapshot)
        with copy:
            source.backup(copy)
        source.close()
        copy.close()
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
        write_atomic(target, zipped.read_bytes())
    return checksums


def restore_evaluation(source: Path, folder: Path) -> dict[str, str]:
    if folder.exists() and any(folder.iterdir()):
        raise BikvaError("archive.folder_not_empty", folder=str(folder))
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError):
        raise BikvaError("archive.unreadable", file=source.name) from None
    with archive:
        try:
            manifest = json.loads(archive.read(MANIFEST))
            checksums: dict[str, str] = manifest["files"]
        except (KeyError, ValueError, TypeError):
            raise BikvaError("archive.not_an_export", file=source.name) from None
        if manifest.get("format") != FORMAT or DATABASE_FILE not in checksums:
            raise BikvaError("archive.not_an_export", file=source.name)
        if sum(info.file_size for info in archive.infolist()) > MAX_RESTORE_BYTES:
            raise BikvaError("archive.too_large", file=source.name)
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
        try:
            for name, expected in checksums.items():
                relative = PurePosixPath(name)
                if relative.is_absolute() or ".." in relative.parts:
                    raise BikvaError("archive.unsafe_path", file=source.name, path=name)
                try:
                    data = archive.read(name)
                except KeyError:
                    raise BikvaError("archive.missing_member", file=source.name, path=name) from None
                if sha256_of(data) != expected:
                    raise BikvaError("archive.checksum", file=source.name, path=name)
                target = staging / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            if folder.exists():
                folder.rmdir()  # empty, checked above
            os.replace(staging, folder)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return checksums


def folder_checksums(folder: Path) -> dict[str, str]:
    """What restore promises to reproduce: every file of the folder, by SHA-256."""
    return {p.relative_to(folder).as_posix(): sha256_of(p.read_bytes()) for p in _folder_files(folder)}
