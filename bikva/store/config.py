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
    # Questions the later levels are asked about every statement under this theme, after the
    # level's own (bikva.selection.prompts).
    prompts: list[str] = field(default_factory=list)


@dataclass
class ReportConfig:
    """The report's colophon and the facts the method chapter needs from the evaluator."""

    evaluators: list[str] = field(default_factory=list)  # who wrote the report
    commissioner: str = ""  # empty: the study's commissioner
    published: date | None = None  # publication date; empty: the date the report is made
    place: str = ""  # place of publication
    isbn: str = ""
    omitted_reason: str = ""  # why levels of the BIKVA chain were left out, if any were
    title: str = ""  # the report's title in anonymous form ("... i en jysk kommune"); empty: the study's


# The guide's sections, in the order of an interview, with their default minutes: 90 minutes for
# the first round, 120 for a later one (more time for the quotes and the advice received).
GUIDE_SECTIONS = ("opening", "exercise", "themes", "advice_received", "advice", "readback", "thanks")
DEFAULT_MINUTES = {"opening": 10, "exercise": 15, "themes": 45, "advice_received": 15, "advice": 10,
                   "readback": 5, "thanks": 5}
LATER_ROUND_THEMES_MINUTES = 60
SMALL_GROUP = 4  # fewer participants than this: no promise that nobody can tell who said what
LEGAL_BASES = ("consent", "research")  # or the data protection officer's own wording


@dataclass
class LevelConfig:
    """[levels.<key>]: the study's own names for a level and how its interview is held."""

    singular: str = ""  # "Koordinerende sagsbehandler": attributions
    plural: str = ""  # "Koordinerende sagsbehandlere": headings
    address: str = ""  # "de koordinerende sagsbehandlere": "Gode råd til …"
    genitive: str = ""  # "de koordinerende sagsbehandleres"
    small: bool = False  # a group where people can tell who said what (a leader group of three)
    online: bool | None = None  # None: as [study] online
    statements_first: bool | None = None  # None: the frontline level hears the quotes first
    minutes: dict[str, int] = field(default_factory=dict)
    unique_titles: list[str] = field(default_factory=list)  # titles only one person here has


@dataclass
class GroupConfig:
    """[[groups]]: one interview group, named as at import (`--group`)."""

    level: str
    name: str
    unit: str = ""  # "forsøgsafdelingen": in the attribution of the group's quotes
    participants: int | None = None  # expected, before a transcript says


@dataclass
class ConsentConfig:
    """[consent]: what the consent form must say by law, as the data protection officer agreed."""

    controller: str = ""  # data controller: name, address, CVR
    dpo: str = ""  # the data protection officer's contact
    legal_basis: str = ""  # consent | research | the officer's own wording
    delete_by: date | None = None  # recordings, transcripts and codes deleted by this date
    recipients: str = ""  # others who receive data (a data processor, e.g. a transcription firm)

    def missing(self) -> list[str]:
        return [name for name in ("controller", "dpo", "legal_basis", "delete_by") if not getattr(self, name)]


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
    online: bool = False  # interviews held online (Teams, Zoom); a level may say otherwise
    minutes: dict[str, int] = field(default_factory=dict)  # [minutes]: the study's own times
    small_group: int = SMALL_GROUP  # [anonymity] small_group
    unique_titles: list[str] = field(default_factory=list)  # [anonymity] unique_titles
    levels: dict[str, LevelConfig] = field(default_factory=dict)
    groups: list[GroupConfig] = field(default_factory=list)
    consent: ConsentConfig = field(default_factory=ConsentConfig)

    def level(self, key: str) -> LevelConfig:
        return self.levels.get(key) or LevelConfig()

    def group(self, level: str, name: str) -> GroupConfig | None:
        return next((g for g in self.groups if g.level == level and g.name == name), None)

    def all_unique_titles(self) -> list[str]:
        return [*self.unique_titles, *(title for lc in self.levels.values() for title in lc.unique_titles)]


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
                prompts=[str(p) for p in t.get("prompts", [])],
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
        online=_flag(study.get("online", False), path, "[study] online"),
        minutes=_minutes(data.get("minutes", {}), path, "[minutes]"),
        small_group=_count(_section(data, "anonymity", path).get("small_group", SMALL_GROUP), path,
                           "[anonymity] small_group"),
        unique_titles=_strings(_section(data, "anonymity", path).get("unique_titles", []), path, "[anonymity] unique_titles"),
        levels={key: _level_config(key, value, path) for key, value in _section(data, "levels", path).items()},
        groups=[_group_config(item, path) for item in _list(data.get("groups", []), path, "[[groups]]")],
        consent=_consent_config(_section(data, "consent", path), path),
    )


def _section(data: dict, name: str, path: Path) -> dict:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise BikvaError("config.invalid", file=str(path), detail=f"[{name}]")
    return table


def _list(value: object, path: Path, where: str) -> list:
    if not isinstance(value, list):
        raise BikvaError("config.invalid", file=str(path), detail=where)
    return value


def _flag(value: object, path: Path, where: str) -> bool:
    if not isinstance(value, bool):
        raise BikvaError("config.invalid", file=str(path), detail=f"{where} = {value!r}")
    return value


def _count(value: object, path: Path, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1000:
        raise BikvaError("config.invalid", file=str(path), detail=f"{where} = {value!r}")
    return value


def _strings(value: object, path: Path, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    return [str(item).strip() for item in _list(value, path, where) if str(item).strip()]


def _minutes(table: object, path: Path, where: str) -> dict[str, int]:
    if not isinstance(table, dict):
        raise BikvaError("config.invalid", file=str(path), detail=where)
    for name in table:
        if name not in GUIDE_SECTIONS:
            raise BikvaError("config.invalid", file=str(path), detail=f"{where} {name}")
    return {name: _count(value, path, f"{where} {name}") for name, value in table.items()}


def _level_config(key: str, table: object, path: Path) -> LevelConfig:
    from models.level import STANDARD_LEVELS  # the chain's keys: a typo must not pass silently

    where = f"[levels.{key}]"
    if key not in STANDARD_LEVELS or not isinstance(table, dict):
        raise BikvaError("config.invalid", file=str(path), detail=where)
    text = {name: str(table.get(name, "")).strip() for name in ("singular", "plural", "address", "genitive")}
    optional = {name: _flag(table[name], path, f"{where} {name}") if name in table else None
                for name in ("online", "statements_first")}
    return LevelConfig(
        **text, **optional,
        small=_flag(table.get("small", False), path, f"{where} small"),
        minutes=_minutes(table.get("minutes", {}), path, f"{where} minutes"),
        unique_titles=_strings(table.get("unique_titles", []), path, f"{where} unique_titles"),
    )


def _group_config(item: object, path: Path) -> GroupConfig:
    if not isinstance(item, dict) or not str(item.get("level", "")).strip() or not str(item.get("name", "")).strip():
        raise BikvaError("config.invalid", file=str(path), detail="[[groups]] level, name")
    participants = item.get("participants")
    return GroupConfig(
        level=str(item["level"]).strip(),
        name=str(item["name"]).strip(),
        unit=str(item.get("unit", "")).strip(),
        participants=None if participants is None else _count(participants, path, "[[groups]] participants"),
    )


def _consent_config(table: dict, path: Path) -> ConsentConfig:
    return ConsentConfig(
        controller=str(table.get("controller", "")).strip(),
        dpo=str(table.get("dpo", "")).strip(),
        legal_basis=str(table.get("legal_basis", "")).strip(),
        delete_by=_date(table.get("delete_by"), path, "delete_by"),
        recipients=str(table.get("recipients", "")).strip(),
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
        title=" ".join(str(table.get("title", "")).split()),
    )


def _date(value: object, path: Path, name: str = "published") -> date | None:
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
        raise BikvaError("config.invalid", file=str(path), detail=f"{name} = {value!r}") from None


def append_theme(folder: Path, theme: ThemeConfig) -> StudyConfig:
    """Add `theme` at the end of bikva.toml's [[themes]], everything else in the file left as the
    evaluator wrote it; the file as it now reads. The caller has checked the theme fits."""
    # tomlkit (which keeps the evaluator's comments and layout) is loaded only to write.
    import tomlkit
    from tomlkit.exceptions import ParseError
    from tomlkit.items import AoT, Array

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
    import tomlkit

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
    import tomlkit

    table = tomlkit.inline_table()
    table.update(entry)
    return table
