"""The evaluation folder's `bikva.toml`: what the evaluator edits by hand.

It holds the guide texts that belong to the study (who runs it, its purpose, the first round's
themes and questions) and the uid that ties the folder to its rows in the database. Everything
entered through commands (transcripts, quotes, redactions) lives in the database, except new
themes (`bikva theme add`): the codebook is the file's, so the command writes the theme into it
(`append_theme`, keeping the evaluator's comments and layout) and the next sync reads it back.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import tomlkit
from tomlkit.exceptions import ParseError
from tomlkit.items import AoT, Array

from bikva.errors import BikvaError
from bikva.store.files import write_atomic

CONFIG_FILE = "bikva.toml"
FIRST_ROUND_FORMS = ("themes", "open")


@dataclass
class ThemeConfig:
    name: str
    description: str = ""
    questions: list[str] = field(default_factory=list)
    parent: str = ""


@dataclass
class ReportConfig:
    """The report's colophon and the facts the method chapter needs from the evaluator."""

    evaluators: list[str] = field(default_factory=list)  # who wrote the report
    commissioner: str = ""  # empty: the study's commissioner
    published: date | None = None  # publication date; empty: the date the report is made
    place: str = ""  # place of publication
    isbn: str = ""
    omitted_reason: str = ""  # why levels of the BIKVA chain were left out, if any were


@dataclass
class StudyConfig:
    evaluation_id: str
    organisation: str = ""
    interviewers: list[str] = field(default_factory=list)
    commissioner: str = ""
    purpose: str = ""
    contact: str = ""
    first_round: str = "themes"
    themes: list[ThemeConfig] = field(default_factory=list)
    report: ReportConfig = field(default_factory=ReportConfig)


def _check_codebook(themes: list[ThemeConfig], path: Path) -> None:
    """Theme names are unique and present, and parents form a tree: a quote under a theme in a
    cycle would otherwise vanish from every guide without a word."""
    names = [theme.name for theme in themes]
    for name in names:
        if not name:
            raise BikvaError("config.invalid", file=str(path), detail="[[themes]] name = \"\"")
        if names.count(name) > 1:
            raise BikvaError("config.invalid", file=str(path), detail=f"[[themes]] name = {name!r} ×{names.count(name)}")
    parents = {theme.name: theme.parent for theme in themes if theme.parent}
    for name, parent in parents.items():
        if parent not in names:
            raise BikvaError("config.invalid", file=str(path), detail=f"parent = {parent!r}")
        seen = {name}
        while parent:
            if parent in seen:
                raise BikvaError("config.invalid", file=str(path), detail=f"parent = {parent!r} (ring)")
            seen.add(parent)
            parent = parents.get(parent, "")


def config_path(folder: Path) -> Path:
    return folder / CONFIG_FILE


def load_config(folder: Path) -> StudyConfig:
    path = config_path(folder)
    if not path.is_file():
        raise BikvaError("evaluation.not_found", folder=str(folder))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BikvaError("config.invalid", file=str(path), detail=str(exc)) from None
    study = data.get("study", {})
    uid = data.get("evaluation_id")
    if not isinstance(uid, str) or not isinstance(study, dict):
        raise BikvaError("config.invalid", file=str(path), detail="evaluation_id")
    first_round = study.get("first_round", "themes")
    if first_round not in FIRST_ROUND_FORMS:
        raise BikvaError("config.invalid", file=str(path), detail=f"first_round = {first_round!r}")
    try:
        themes = [
            ThemeConfig(
                name=str(t["name"]).strip(),
                description=str(t.get("description", "")),
                questions=[str(q) for q in t.get("questions", [])],
                parent=str(t.get("parent", "")).strip(),
            )
            for t in data.get("themes", [])
        ]
    except (KeyError, TypeError, AttributeError):
        raise BikvaError("config.invalid", file=str(path), detail="[[themes]]") from None
    _check_codebook(themes, path)
    return StudyConfig(
        evaluation_id=uid,
        organisation=str(study.get("organisation", "")),
        interviewers=[str(n) for n in study.get("interviewers", [])],
        commissioner=str(study.get("commissioner", "")),
        purpose=str(study.get("purpose", "")),
        contact=str(study.get("contact", "")),
        first_round=first_round,
        themes=themes,
        report=_report_config(data.get("report", {}), path),
    )


def _report_config(table: object, path: Path) -> ReportConfig:
    if not isinstance(table, dict):
        raise BikvaError("config.invalid", file=str(path), detail="[report]")
    evaluators = table.get("evaluators", [])
    if isinstance(evaluators, str):
        evaluators = [evaluators]
    if not isinstance(evaluators, list):
        raise BikvaError("config.invalid", file=str(path), detail="[report] evaluators")
    return ReportConfig(
        evaluators=[str(n).strip() for n in evaluators if str(n).strip()],
        commissioner=str(table.get("commissioner", "")).strip(),
        published=_date(table.get("published"), path),
        place=str(table.get("place", "")).strip(),
        isbn=str(table.get("isbn", "")).strip(),
        omitted_reason=str(table.get("omitted_reason", "")).strip(),
    )


def _date(value: object, path: Path) -> date | None:
    """A TOML date (published = 2026-06-15) or the same written as a string; empty is None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise BikvaError("config.invalid", file=str(path), detail=f"published = {value!r}") from None


def append_theme(folder: Path, theme: ThemeConfig) -> StudyConfig:
    """Add `theme` at the end of bikva.toml's [[themes]], everything else in the file left as the
    evaluator wrote it; the file as it now reads. The caller has checked the theme fits."""
    path = config_path(folder)
    try:
        document = tomlkit.parse(path.read_text(encoding="utf-8"))
    except (ParseError, UnicodeDecodeError) as exc:
        raise BikvaError("config.invalid", file=str(path), detail=str(exc)) from None
    entry = {"name": theme.name}
    if theme.parent:
        entry["parent"] = theme.parent
    if theme.description:
        entry["description"] = theme.description
    if theme.questions:
        entry["questions"] = list(theme.questions)
    themes = document.get("themes")
    if isinstance(themes, Array):  # themes = [{ name = "..." }, ...] written inline
        themes.append(_inline(entry))
    elif isinstance(themes, AoT):
        themes.append(_table(entry))
    else:
        aot = tomlkit.aot()
        aot.append(_table(entry))
        document.append("themes", aot)
    write_atomic(path, tomlkit.dumps(document))
    return load_config(folder)


def _table(entry: dict) -> tomlkit.items.Table:
    """A [[themes]] table laid out as the file bikva writes for a new evaluation: a blank line
    before it, one question a line indented by two spaces."""
    table = tomlkit.table()
    table.trivia.indent = "\n"
    for key, value in entry.items():
        if isinstance(value, list):
            array = tomlkit.array()
            for item in value:
                array.add_line(item, indent="  ")
            array.add_line(indent="")
            table.add(key, array)
        else:
            table.add(key, value)
    return table


def _inline(entry: dict) -> tomlkit.items.InlineTable:
    table = tomlkit.inline_table()
    table.update(entry)
    return table
