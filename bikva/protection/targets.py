"""Where bikva may write a file it makes (a guide, the report, materials, an export).

Never over the evaluation's own data: `bikva.toml`, the database (any `bikva.db*` file, the
copies made before a schema upgrade included), or anything in its `transcripts/` and `report/`
folders; not even with --force, because a generated file in their place is the study lost.
And never over an existing file that bikva did not write itself unless the evaluator says so
(--force): the artifact log knows what bikva wrote, by path and checksum, so regenerating
bikva's own output needs no --force, while someone's own document of the same name does.

A path is judged both as written (`../e/./bikva.db` folded lexically) and with its symlinks
resolved (a link pointing at `bikva.toml`), and against every evaluation folder it lies in, not
only the one being worked on.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import make_url
from sqlmodel import Session

from bikva.errors import BikvaError
from bikva.store import audit
from bikva.store.config import CONFIG_FILE
from bikva.store.engine import DATABASE_FILE, database_url, uses_sqlite_file
from bikva.store.files import printable, sha256_of

# The evaluator's own folders: bikva.intake.transcripts.TRANSCRIPT_FOLDER (the original
# transcripts) and bikva.documents.narrative.NARRATIVE_FOLDER (the texts written for the report).
# Spelt out here because protection sits below documents; tests/test_overwrite.py checks them.
OWN_FOLDERS = ("transcripts", "report")


def _lexical(path: Path) -> Path:
    """Absolute, with `.` and `..` folded as the user meant them (symlinks left alone)."""
    return Path(os.path.normpath(path.absolute()))


def _forms(path: Path) -> list[Path]:
    return list(dict.fromkeys((_lexical(path), path.resolve())))


def evaluation_folders(path: Path) -> list[Path]:
    """Every evaluation folder (one holding bikva.toml) that `path` lies in, either way read."""
    found: list[Path] = []
    for form in _forms(path):
        for parent in form.parents:
            if (parent / CONFIG_FILE).is_file() and parent.resolve() not in found:
                found.append(parent.resolve())
    return found


def nearest_evaluation(path: Path) -> Path | None:
    """The innermost evaluation folder `path` lies in, if any (the flows write under it)."""
    for parent in _lexical(path).parents:
        if (parent / CONFIG_FILE).is_file():
            return parent
    return None


def _database_files(folders: Iterable[Path]) -> set[Path]:
    """A database kept outside its folder (a sqlite BIKVA_DATABASE_URL) is the study too."""
    found = set()
    for folder in folders:
        if uses_sqlite_file(folder):
            name = make_url(database_url(folder)).database
            if name and name != ":memory:":
                found.add(Path(name).resolve())
    return found


def is_own_file(path: Path, folder: Path | None = None) -> bool:
    """Whether `path` is (or lies in) data of an evaluation rather than something made from it."""
    folders = evaluation_folders(path) + ([folder.resolve()] if folder is not None else [])
    databases = _database_files(folders)
    for form in _forms(path):
        if form.name.casefold().startswith(DATABASE_FILE) or form in databases:
            return True
        for home in folders:
            if form == home:
                return True
            try:
                inside = form.relative_to(home).parts
            except ValueError:
                continue
            first = inside[0].casefold()
            # Case folded: on a case-insensitive disk "Bikva.toml" is bikva.toml.
            if (len(inside) == 1 and first == CONFIG_FILE) or first in OWN_FOLDERS or first.startswith(DATABASE_FILE):
                return True
    return False


def refuse_own_file(path: Path, folder: Path | None = None) -> None:
    if is_own_file(path, folder):
        raise BikvaError("overwrite.own_file", file=printable(path))


def written_by_bikva(session: Session, evaluation_id: int, folder: Path, path: Path) -> bool:
    """Whether the file at `path` is one bikva wrote and nobody changed since: the artifact log
    holds its place and its checksum."""
    try:
        checksum = sha256_of(path.read_bytes())
    except OSError:
        return False
    place = path.resolve()
    return any(
        artifact.checksum == checksum and audit.artifact_location(folder, artifact.path).resolve() == place
        for artifact in audit.artifacts_of(session, evaluation_id)
    )


def check_target(session: Session | None, evaluation_id: int | None, folder: Path | None, path: Path, *, force: bool) -> None:
    """Refuse `path` as a place to write a generated file (see the module's docstring).

    Without an evaluation to ask (`session` None), an existing file counts as not bikva's."""
    refuse_own_file(path, folder)
    if path.is_dir():
        raise BikvaError("overwrite.is_folder", file=printable(path))
    if force or not (path.exists() or path.is_symlink()):
        return
    if session is None or evaluation_id is None or folder is None or not written_by_bikva(session, evaluation_id, folder, path):
        raise BikvaError("overwrite.foreign_file", file=printable(path))


def destination(path: Path) -> Path:
    """Where to write `path`: through a symlink to the file it names, so the link stays a link
    (a plain rename would put the new file in place of the link)."""
    return path.resolve() if path.is_symlink() else path
