"""Creating an evaluation folder and opening it: configuration, database, levels, codebook."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import make_url, text
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError
from sqlmodel import Session, select

from bikva.store.config import CONFIG_FILE, StudyConfig, config_path, load_config
from bikva.store.engine import (
    BUSY_TIMEOUT_MS,
    DATABASE_FILE,
    database_url,
    engine_for,
    migrate,
    session_for,
    uses_sqlite_file,
)
from bikva.errors import BikvaError
from bikva.store.files import printable, write_atomic
from bikva.i18n import LANGUAGES, cli_language
from bikva.store.levels import level_key, level_words, parse_levels
from models.evaluation import Evaluation
from models.level import Level
from models.theme import Theme


@dataclass
class OpenEvaluation:
    folder: Path
    config: StudyConfig
    evaluation: Evaluation
    levels: list[Level]  # bottom-up

    @property
    def lang(self) -> str:
        return self.evaluation.language

    @property
    def id(self) -> int:
        return self.evaluation.id

    def level(self, name: str) -> Level:
        """The level `name` means: its key, a word for it in any language (bikva.store.levels),
        or its round number (`2`, `r2`)."""
        wanted = level_key(name) or name.strip().lower()
        for level in self.levels:
            if wanted in (level.key, str(level.position), f"r{level.position}"):
                return level
        raise BikvaError("levels.unknown", level=printable(name, 60),
                         levels=level_words(cli_language(self.lang), [l.key for l in self.levels]))

    def next_level(self, level: Level) -> Level | None:
        return self.levels[level.position] if level.position < len(self.levels) else None

    def previous_level(self, level: Level) -> Level | None:
        return self.levels[level.position - 2] if level.position > 1 else None


def create_evaluation(folder: Path, *, title: str, levels: list[str], lang: str) -> Path:
    if lang not in LANGUAGES:
        raise BikvaError("evaluation.language", lang=lang, languages=", ".join(LANGUAGES))
    if not title.strip():
        raise BikvaError("evaluation.title_missing")
    if config_path(folder).exists() or (uses_sqlite_file(folder) and (folder / DATABASE_FILE).exists()):
        raise BikvaError("evaluation.exists", folder=printable(folder))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BikvaError("file.unwritable", file=printable(folder), detail=printable(error.strerror or error)) from None
    database_file = folder / DATABASE_FILE
    try:
        _create(folder, title=title, levels=levels, lang=lang)
    except BaseException:
        # A half-made evaluation would block a second attempt with "already exists".
        if uses_sqlite_file(folder):
            database_file.unlink(missing_ok=True)
        raise
    return config_path(folder)


def _create(folder: Path, *, title: str, levels: list[str], lang: str) -> None:
    uid = str(uuid.uuid4())
    url = database_url(folder)
    migrate(engine_for(url))
    with session_for(url) as session:
        evaluation = Evaluation(uid=uid, title=title.strip(), language=lang)
        session.add(evaluation)
        session.flush()
        for position, key in enumerate(levels, start=1):
            session.add(Level(evaluation_id=evaluation.id, key=key, position=position))
        # Written inside the transaction: if this fails, no database rows are left behind.
        from jinja2 import Environment, PackageLoader  # only a new evaluation needs its templates

        template = Environment(loader=PackageLoader("templates", "new_evaluation"), keep_trailing_newline=True)
        write_atomic(config_path(folder), template.get_template(f"bikva.{lang}.toml.j2").render(uid=uid))
        sync_themes(session, evaluation, load_config(folder))


@contextmanager
def open_evaluation(folder: Path) -> Iterator[tuple[Session, OpenEvaluation]]:
    """The evaluation in `folder`, in one transaction: committed if the block succeeds."""
    config = load_config(folder)
    if uses_sqlite_file(folder) and not (folder / DATABASE_FILE).is_file():
        raise BikvaError("evaluation.database_missing", folder=printable(folder))
    url = database_url(folder)
    with database_errors(url):
        migrate(engine_for(url))
        with session_for(url) as session:
            evaluation = session.exec(select(Evaluation).where(Evaluation.uid == config.evaluation_id)).first()
            if evaluation is None:
                raise BikvaError("evaluation.database_missing", folder=printable(folder))
            _serialise(session, evaluation)
            levels = list(
                session.exec(select(Level).where(Level.evaluation_id == evaluation.id).order_by(Level.position))
            )
            sync_themes(session, evaluation, config)
            yield session, OpenEvaluation(folder=folder, config=config, evaluation=evaluation, levels=levels)


# pg_advisory_xact_lock(namespace, evaluation id): "bikv" as a 32-bit number.
_LOCK_NAMESPACE = 0x62696B76


def _serialise(session: Session, evaluation: Evaluation) -> None:
    """One command at a time per evaluation, as SQLite's BEGIN IMMEDIATE gives (bikva.db).

    PostgreSQL's default isolation lets two commands read the same state and then both write
    (the same file imported twice at once: one of them fails on a unique constraint). A
    transaction-level advisory lock on the evaluation makes them take turns; it is released at
    commit or rollback, also when the process dies. Other evaluations in the same database are
    not held up.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    session.execute(text(f"SET LOCAL lock_timeout = '{BUSY_TIMEOUT_MS}ms'"))
    session.execute(text("SELECT pg_advisory_xact_lock(:namespace, :id)"),
                    {"namespace": _LOCK_NAMESPACE, "id": evaluation.id})


@contextmanager
def database_errors(url: str) -> Iterator[None]:
    """The database failing under a command, as one line instead of a traceback: a damaged or
    foreign file, a server that does not answer, a URL that names no database, or another bikva
    process holding the lock past the busy timeout. The transaction is rolled back by then.

    Errors that mean a bug (IntegrityError and the like) are not caught: they need the traceback.
    """
    try:
        yield
    except ArgumentError as error:  # BIKVA_DATABASE_URL that SQLAlchemy cannot use
        raise BikvaError("database.unreadable", url=_shown_url(url), detail=_one_line(error)) from None
    except DatabaseError as error:
        if not isinstance(error, OperationalError) and type(error) is not DatabaseError:
            raise
        detail = _one_line(error.orig)
        if isinstance(error, OperationalError) and any(word in detail.lower() for word in ("lock", "busy")):
            raise BikvaError("database.busy", url=_shown_url(url)) from None
        raise BikvaError("database.unreadable", url=_shown_url(url), detail=detail) from None


def _shown_url(url: str) -> str:
    try:
        shown = make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        shown = "?"
    return printable(shown.removeprefix("sqlite:///"))


def _one_line(error: object) -> str:
    return printable(" ".join(str(error).split()))


def sync_themes(session: Session, evaluation: Evaluation, config: StudyConfig) -> None:
    """Bring the codebook in line with bikva.toml: add new themes, update descriptions and order.

    Themes removed from the file stay in the database, because quotes may point at them.
    Writes nothing when nothing changed, so read-only commands leave the database untouched.
    """
    existing = {t.name: t for t in session.exec(select(Theme).where(Theme.evaluation_id == evaluation.id))}
    for position, item in enumerate(config.themes, start=1):
        theme = existing.get(item.name)
        if theme is None:
            theme = Theme(evaluation_id=evaluation.id, name=item.name)
            session.add(theme)
            existing[item.name] = theme
        if (theme.description, theme.position) != (item.description, position):
            theme.description, theme.position = item.description, position
    session.flush()
    for item in config.themes:
        parent = existing.get(item.parent)
        parent_id = parent.id if parent is not None and parent.name != item.name else None
        if existing[item.name].parent_id != parent_id:
            existing[item.name].parent_id = parent_id


__all__ = ["CONFIG_FILE", "OpenEvaluation", "create_evaluation", "open_evaluation", "parse_levels"]
