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


@cache
def engine_for(url: str) -> Engine:
    engine = create_engine(url)
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    # Another bikva process may hold the write lock for a moment: wait rather than fail.
    cursor.execute("PRAGMA busy_timeout = 30000")
    cursor.close()


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
