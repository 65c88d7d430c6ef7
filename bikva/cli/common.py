"""What every command module shares: the FOLDER argument, help texts and messages from the
catalogues, and values made safe for a one-line message."""

from __future__ import annotations

from pathlib import Path

import click

from bikva.i18n import cli_language, t
from bikva.store.files import printable


def h(key: str) -> str:
    """Help text from the catalogue (read at import time, in BIKVA_LANG or Danish)."""
    return t(cli_language(), f"help.{key}")


def say(key: str, lang: str | None = None, **params: object) -> None:
    click.echo(t(cli_language(lang), key, **printable_params(params)))


def printable_params(params: dict[str, object]) -> dict[str, str]:
    """User values (file names, folders, labels) shown in a message: one line, no escape codes."""
    return {name: printable(value) for name, value in params.items()}


def short(text: str, width: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


FOLDER = click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
