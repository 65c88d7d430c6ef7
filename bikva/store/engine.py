"""Where an evaluation's database is, opening it, and bringing its schema up to date.

SQLite file `bikva.db` in the evaluation folder by default; `BIKVA_DATABASE_URL` points at
another database (PostgreSQL) without any change to the models. Tables are created and changed
only by the Alembic migrations in models/migrations, so an evaluation made with an older
version opens with a newer one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib.resources import files
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, event
from sqlmodel import Session, create_engine

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


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(files("models").joinpath("migrations")))
    return config


@cache
def _head_revision() -> str | None:
    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def migrate(engine: Engine) -> None:
    """Upgrade to the newest schema; a database already there is only read, never written."""
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    if current == _head_revision():
        return
    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


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
