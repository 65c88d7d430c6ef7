"""`bikva materials DIR --level LEVEL [-o FOLDER] [--copies N]`: everything to print for a
level's interview (see bikva.materials). Registered on the `bikva` group in bikva.cli.

Prints the path of every file written, one per line; a note (no quote cards for a round that is
shown no quotes) goes to stderr, so stdout stays a list of files.
"""

from __future__ import annotations

from pathlib import Path

import click

from bikva.i18n import cli_language, t


def h(key: str) -> str:
    """Help text from the catalogue (read at import time, in BIKVA_LANG or Danish)."""
    return t(cli_language(), f"materials.help.{key}")


@click.command("materials", help=h("command"))
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--level", required=True, help=t(cli_language(), "help.level"))
@click.option("-o", "--output", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=h("output"))
@click.option("--copies", type=click.IntRange(1, 500), default=None, help=h("copies"))
def materials_command(folder: Path, level: str, out: Path | None, copies: int | None) -> None:
    from bikva.evaluation import open_evaluation
    from bikva.materials import write_materials

    result = write_materials(folder, level, out=out, copies=copies)
    with open_evaluation(folder) as (_session, ev):
        lang = cli_language(ev.lang)
        chosen = ev.level(level)
        round_, name = chosen.position, t(lang, f"level.{chosen.key}.name")
    if not result.cards:
        click.echo(t(lang, "materials.cli.no_cards", round=round_, level=name), err=True)
    for path in result.paths:
        click.echo(path)
