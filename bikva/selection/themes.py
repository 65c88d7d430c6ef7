"""The codebook as the evaluator works with it: adding a theme as it emerges from the material
(`bikva theme add`), listing the tree, and finding the theme a quote command names.

The codebook lives in bikva.toml's [[themes]] (store/config.py); the database follows it
(store/evaluation.py: sync_themes). A theme name is matched without regard to case or spacing,
so `--theme "sammenhæng i indsatsen"` finds "Sammenhæng i indsatsen", and two themes that differ
only so are refused; a name that is not there is answered with the closest one.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils
from sqlmodel import Session

from bikva.errors import BikvaError
from bikva.store import audit
from bikva.store.config import ThemeConfig, append_theme, load_config
from bikva.store.evaluation import OpenEvaluation, sync_themes
from bikva.store.files import printable
from bikva.store.queries import quotes_of, themes_of
from models.theme import Theme

# How alike a typed name and a theme must be (rapidfuzz WRatio, 0-100) to be offered as meant.
_CLOSE_ENOUGH = 75


def folded(name: str) -> str:
    return " ".join(name.split()).casefold()


def closest(name: str, names: list[str]) -> str | None:
    """The one of `names` that `name` most likely means, or None when none is close."""
    found = process.extractOne(name, names, scorer=fuzz.WRatio, processor=utils.default_process,
                               score_cutoff=_CLOSE_ENOUGH)
    return found[0] if found else None


def find_theme(session: Session, ev: OpenEvaluation, name: str) -> Theme:
    themes = themes_of(session, ev.id)
    for theme in themes:
        if folded(theme.name) == folded(name):
            return theme
    names = [t.name for t in themes]
    suggestion = closest(name, names)
    if suggestion is not None:
        raise BikvaError("quote.theme_closest", theme=printable(name, 100), closest=suggestion)
    raise BikvaError("quote.theme_unknown", theme=printable(name, 100), themes=theme_names(names))


def theme_names(names: list[str]) -> str:
    return printable("; ".join(names)) or "-"


def add_theme(session: Session, ev: OpenEvaluation, name: str, *, parent: str | None = None,
              description: str = "", questions: list[str] | None = None) -> Theme:
    """Write a new theme into bikva.toml and bring the database in line in the same command."""
    name = " ".join(name.split())
    if not name:
        raise BikvaError("theme.empty")
    # Read again now that this command holds the evaluation: another may have added one since.
    ev.config = load_config(ev.folder)
    in_file = [t.name for t in ev.config.themes]
    known = in_file + [t.name for t in themes_of(session, ev.id) if t.name not in in_file]
    for other in known:
        # A theme dropped from the file but still in the database may come back under its own
        # name; only a name that differs in case or spacing would make a second theme.
        if folded(other) == folded(name) and (other in in_file or other != name):
            raise BikvaError("theme.duplicate", theme=printable(name, 100), existing=other)
    parent_name = ""
    if parent is not None and parent.strip():
        found = [n for n in in_file if folded(n) == folded(parent)]
        if not found:
            suggestion = closest(parent, in_file)
            if suggestion is not None:
                raise BikvaError("theme.parent_closest", parent=printable(parent, 100), closest=suggestion)
            raise BikvaError("theme.parent_unknown", parent=printable(parent, 100), themes=theme_names(in_file))
        parent_name = found[0]
    entry = ThemeConfig(
        name=name,
        description=" ".join(description.split()),
        questions=[" ".join(q.split()) for q in questions or [] if q.strip()],
        parent=parent_name,
    )
    ev.config = append_theme(ev.folder, entry)
    sync_themes(session, ev.evaluation, ev.config)
    session.flush()
    theme = next(t for t in themes_of(session, ev.id) if t.name == name)
    audit.record(session, ev.id, "theme", f"theme {theme.id}", parent=theme.parent_id)
    return theme


@dataclass
class ThemeRow:
    name: str
    depth: int  # 0 for a theme at the top of the tree
    quotes: int
    description: str
    in_file: bool  # False: dropped from bikva.toml, kept because quotes point at it


def theme_rows(session: Session, ev: OpenEvaluation) -> list[ThemeRow]:
    """The codebook as a tree in the file's order: each theme followed by its sub-themes."""
    themes = themes_of(session, ev.id)
    in_file = {t.name for t in ev.config.themes}
    counts: dict[int, int] = {}
    for quote in quotes_of(session, ev.id, include_excluded=True):
        if quote.theme_id is not None:
            counts[quote.theme_id] = counts.get(quote.theme_id, 0) + 1
    children: dict[int | None, list[Theme]] = {}
    for theme in themes:
        children.setdefault(theme.parent_id, []).append(theme)
    rows: list[ThemeRow] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for theme in children.get(parent_id, []):
            rows.append(ThemeRow(theme.name, depth, counts.get(theme.id, 0), theme.description, theme.name in in_file))
            walk(theme.id, depth + 1)

    walk(None, 0)
    return rows
