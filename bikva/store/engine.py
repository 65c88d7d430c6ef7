"""Where an evaluation's database is, opening it, and bringing its schema up to date.

SQLite file `bikva.db` in the evaluation folder by default; `BIKVA_DATABASE_URL` points at
another database (PostgreSQL) without any change to the models. Tables are created and changed
only by the Alembic migrations in models/migrations, so an evaluation made with an older
version opens with a newer one.
"""

from __future__ import annotations

import errno
import glob
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib.resources import files
from pathlib import Path

from sqlalchemy import Connection, Engine, event, inspect, make_url, text
from sqlmodel import Session, create_engine

from bikva.errors import BikvaError
from bikva.store.files import printable

DATABASE_FILE = "bikva.db"


def database_url(folder: Path) -> str:
    return os.environ.get("BIKVA_DATABASE_URL") or f"sqlite:///{(folder / DATABASE_FILE).resolve()}"


def uses_sqlite_file(folder: Path) -> bool:
    return "BIKVA_DATABASE_URL" not in os.environ or database_url(folder).startswith("sqlite")


# How long a command waits for another bikva process to finish its transaction (milliseconds).
BUSY_TIMEOUT_MS = 60_000


@cache
def engine_for(url: str) -> Engine:
    engine = create_engine(url)
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection, _record) -> None:
    # Python's sqlite3 would open a transaction only at the first INSERT/UPDATE/DELETE, so what
    # a command read before it (is this passage already a quote? is this file already in?) could
    # change underneath it. Take transactions out of its hands; `_sqlite_begin` opens them.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    # Another bikva process may hold the write lock for a moment: wait rather than fail.
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.close()


def _sqlite_begin(connection) -> None:
    """Every transaction takes the write lock at its start (BEGIN IMMEDIATE).

    Commands are short and most of them write, so they simply run one after the other. With a
    plain (deferred) BEGIN, two commands that both read and then write would deadlock on the
    lock upgrade, and SQLite answers that with "database is locked" at once instead of waiting.
    The journal stays SQLite's default rollback journal, not WAL: WAL would keep `-wal` and
    `-shm` files beside `bikva.db` and move committed changes into it only later, so the file
    alone would no longer be the evaluation (copying or archiving the folder, checking that a
    refused command left it byte for byte as it was). With the rollback journal a command that
    changes nothing leaves `bikva.db` untouched, and a killed one leaves at most
    `bikva.db-journal`: if the dying transaction had begun to change `bikva.db`, the next command
    rolls it back from there before reading; if not, the journal's header is still blank,
    SQLite ignores it, and the next change removes it.
    """
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _alembic_config():
    # Alembic is loaded only to upgrade: reading its scripts costs every command a tenth of a second.
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(files("models").joinpath("migrations")))
    return config


_MIGRATION_FILE = re.compile(r"(\d{4})_\w+\.py")


@cache
def head_revision() -> str:
    """The newest schema's revision id, from the migrations' file names (`0004_….py` is revision
    "0004", each revising the one numbered before it; tests/test_migrations.py checks that Alembic
    agrees), so opening an evaluation that is up to date never loads Alembic."""
    versions = files("models").joinpath("migrations", "versions")
    return max(m.group(1) for entry in versions.iterdir() if (m := _MIGRATION_FILE.fullmatch(entry.name)))


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at; None for a database bikva has not made yet."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


# Revision ids that earlier versions of bikva wrote into alembic_version, by the id the same
# migration has now. The first migration kept Alembic's random id until 0003 numbered them all.
LEGACY_REVISIONS = {"e9a5511edf29": "0001"}

# A copy of the database as it was before an upgrade: `bikva.db.before-0003` (then `.2`, `.3`, ...).
BACKUP_INFIX = ".before-"


def backups_of(database: Path) -> list[Path]:
    """The copies `migrate` made of this SQLite database before upgrades, with any temporary
    file a killed copy left (they hold the same transcript text as the database)."""
    if not database.parent.is_dir():
        return []
    return sorted(p for p in database.parent.glob(f"{glob.escape(database.name)}{BACKUP_INFIX}*") if p.is_file())


def sqlite_database_file(url: str) -> Path | None:
    """The file of an SQLite database URL; None for any other database (or an in-memory one)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:") or parsed.database.startswith("file:"):
        return None
    return Path(parsed.database)


def migrate(engine: Engine) -> None:
    """Upgrade to the newest schema; a database already there is only read, never written.

    An existing SQLite evaluation is copied aside first (`backup_before_upgrade`). On SQLite the
    upgrade runs with foreign keys off, as SQLite's own procedure for altering tables asks: batch
    mode copies a table and drops the original, which other tables refer to. They are checked
    (`PRAGMA foreign_key_check`) before the upgrade commits.
    """
    head = head_revision()
    with engine.connect() as connection:
        current = current_revision(connection)
    if current == head:
        return
    sqlite_file = sqlite_database_file(engine.url.render_as_string(hide_password=False))
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":  # only outside a transaction; SQLite ignores it inside one
            connection.connection.dbapi_connection.execute("PRAGMA foreign_keys = OFF")
        try:
            with connection.begin():
                # Again, now under the write lock: another process may have upgraded meanwhile.
                current = current_revision(connection)
                renamed = LEGACY_REVISIONS.get(current, current)
                # Copied before anything is written, so the copy is the database as the older
                # bikva left it (legacy revision id included) and opens with that version.
                backup = None
                if sqlite_file and renamed not in (None, head):
                    backup = backup_before_upgrade(sqlite_file, head)
                try:
                    if renamed != current:
                        connection.execute(text("UPDATE alembic_version SET version_num = :new WHERE version_num = :old"),
                                           {"new": renamed, "old": current})
                    if renamed == head:
                        return
                    from alembic import command

                    config = _alembic_config()
                    config.attributes["connection"] = connection
                    command.upgrade(config, "head")
                    if engine.dialect.name == "sqlite":
                        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                        if broken:
                            raise RuntimeError(f"foreign keys broken by the upgrade to {head}: {broken[:5]}")
                except BaseException:
                    # Rolled back: the database is as it was, so its copy says nothing new.
                    if backup is not None:
                        backup.unlink(missing_ok=True)
                    raise
            if engine.dialect.name == "sqlite":
                _compact(connection.connection.dbapi_connection)
        finally:
            if engine.dialect.name == "sqlite":
                connection.connection.dbapi_connection.execute("PRAGMA foreign_keys = ON")


def _compact(dbapi_connection) -> None:
    """VACUUM after an upgrade, outside any transaction. The tables batch mode copied leave their
    old pages on the free list, still holding the old rows (quote text, among others), and a free
    page a later transaction reuses is not journalled, so rolling that transaction back (a killed
    command) would no longer give `bikva.db` back byte for byte. Not compacting is no error."""
    try:
        dbapi_connection.execute("VACUUM")
    except sqlite3.Error:
        pass


def backup_before_upgrade(database: Path, head: str | None) -> Path:
    """Copy the SQLite database aside as `bikva.db.before-<head>` in its folder, never over an
    earlier copy. SQLite's backup API copies it as a database, not as bytes: what a killed
    process left half-written in it (undone from its hot journal by the first reader) is never
    in the copy. It goes to a temporary file that is renamed into place once complete. The copy
    holds transcript text: `bikva purge` deletes it."""
    name = f"{database.name}{BACKUP_INFIX}{head}"
    target = partial = None
    try:
        for attempt in range(1, 1000):
            candidate = database.with_name(name if attempt == 1 else f"{name}.{attempt}")
            try:
                os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # claims the name
            except FileExistsError:
                continue
            target = candidate
            break
        else:
            raise FileExistsError(errno.EEXIST, "no free name", str(database.with_name(name)))
        partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        source = sqlite3.connect(database, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            copy = sqlite3.connect(partial)
            try:
                source.backup(copy)
            finally:
                copy.close()
        finally:
            source.close()
        shutil.copymode(database, partial)
        os.replace(partial, target)
    except BaseException as error:
        for leftover in (partial, target):
            if leftover is not None:
                leftover.unlink(missing_ok=True)
        if isinstance(error, (OSError, sqlite3.Error)):
            shown = target or database.with_name(name)
            raise BikvaError("file.unwritable", file=printable(shown),
                             detail=printable(getattr(error, "strerror", None) or error)) from None
        raise
    return target


@contextmanager
def session_for(url: str) -> Iterator[Session]:
    """One unit of work: committed when the block ends, rolled back entirely on any error."""
    with Session(engine_for(url), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
