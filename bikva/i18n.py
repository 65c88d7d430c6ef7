"""Message catalogues: every sentence a person reads comes from templates/i18n/<lang>/*.toml.

Each language is a folder of TOML files (one per area: cli, import, guide, report), merged into
one catalogue. Keys are dotted paths into the TOML tables (`quote.not_found`). Danish is the default
and the fallback, so a key missing in English still reads as Danish rather than as a key.
"""

from __future__ import annotations

import os
import tomllib
from functools import cache
from importlib.resources import files

LANGUAGES = ("da", "en")
DEFAULT_LANGUAGE = "da"


def _flatten(table: dict, prefix: str = "") -> dict[str, object]:
    flat: dict[str, object] = {}
    for key, value in table.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, path + "."))
        else:
            flat[path] = value
    return flat


@cache
def catalogue(lang: str) -> dict[str, object]:
    merged: dict[str, object] = {}
    folder = files("templates").joinpath("i18n", lang)
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            merged.update(_flatten(tomllib.loads(entry.read_text(encoding="utf-8"))))
    return merged


def lookup(lang: str, key: str) -> object:
    for candidate in (lang, DEFAULT_LANGUAGE):
        value = catalogue(candidate).get(key)
        if value is not None:
            return value
    raise KeyError(f"no message {key!r} in catalogue {lang!r}")


def t(lang: str, key: str, **params: object) -> str:
    text = lookup(lang, key)
    return str(text).format(**params) if params else str(text)


def cli_language(evaluation_language: str | None = None) -> str:
    """BIKVA_LANG wins, then the evaluation's own language, then Danish."""
    for lang in (os.environ.get("BIKVA_LANG"), evaluation_language):
        if lang in LANGUAGES:
            return lang
    return DEFAULT_LANGUAGE
