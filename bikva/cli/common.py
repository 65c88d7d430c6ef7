"""What every command module shares: the FOLDER argument, help texts and messages from the
catalogues, values made safe for a one-line message, tables with headings, and the `command` and
`group` decorators, whose help pages are in the catalogue's words (bikva.cli.pages)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path

import click

from bikva.cli.pages import BikvaCommand, BikvaGroup
from bikva.i18n import cli_language, t
from bikva.store.files import printable


# Use these instead of click.command and click.group: click's own words on the help page
# ("Usage:", "Options:", "[required]" ...) would otherwise be English.
command = partial(click.command, cls=BikvaCommand)
group = partial(click.group, cls=BikvaGroup)


def h(key: str) -> str:
    """Help text from the catalogue (read at import time, in BIKVA_LANG or Danish; a help page
    shows it in the language of the moment, see bikva.cli.pages.in_language)."""
    return t(cli_language(), f"help.{key}")


def say(key: str, lang: str | None = None, **params: object) -> None:
    click.echo(t(cli_language(lang), key, **printable_params(params)))


def printable_params(params: dict[str, object]) -> dict[str, str]:
    """User values (file names, folders, labels) shown in a message: one line, no escape codes."""
    return {name: printable(value) for name, value in params.items()}


def short(text: str, width: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def table(lang: str, headings: Sequence[str], rows: Sequence[Sequence[object]], right: Sequence[int] = ()) -> list[str]:
    """Rows under a line of headings (catalogue keys), in columns two spaces apart; the columns
    numbered in `right` are aligned right, the last one is not padded. Cells are shown printable
    (a file or group name with a line break or an escape code cannot break the columns)."""
    lines = [[t(lang, key) for key in headings]] + [[printable(cell) for cell in row] for row in rows]
    widths = [max(len(line[n]) for line in lines) for n in range(len(headings))]
    last = len(headings) - 1
    return ["  ".join(cell.rjust(width) if n in right else cell if n == last else cell.ljust(width)
                      for n, (cell, width) in enumerate(zip(line, widths))).rstrip()
            for line in lines]


FOLDER = click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
