"""The evaluation folder's `bikva.toml`: what the evaluator edits by hand.

It holds the guide texts that belong to the study (who runs it, its purpose, the first round's
themes and questions) and the uid that ties the folder to its rows in the database. Everything
entered through commands (transcripts, quotes, redactions) lives in the database.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from bikva.errors import BikvaError

CONFIG_FILE = "bikva.toml"
FIRST_ROUND_FORMS = ("themes", "open")


@dataclass
class ThemeConfig:
    name: str
    description: str = ""
    questions: list[str] = field(default_factory=list)
    parent: str = ""


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
    return StudyConfig(
        evaluation_id=uid,
        organisation=str(study.get("organisation", "")),
        interviewers=[str(n) for n in study.get("interviewers", [])],
        commissioner=str(study.get("commissioner", "")),
        purpose=str(study.get("purpose", "")),
        contact=str(study.get("contact", "")),
        first_round=first_round,
        themes=themes,
    )
