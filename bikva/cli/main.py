"""The `bikva` command: the root group, its command families, and turning errors into one line.

Plain database commands never start a Prefect flow run. The commands that do (`run`, `demo`)
belong to the orchestration and live in `flows/`; they join this group through the
`bikva.commands` entry point group (pyproject.toml), so the plain package never imports
`flows/`. Every message comes from the catalogues; a user error is one line on stderr and exit
code 2. Help pages, usage lines and click's own usage errors are in the catalogue's words too
(bikva.cli.pages); `bikva` alone, or a group without its command, shows that help and exits 0.
"""

from __future__ import annotations

import sys

import click

from bikva.cli import documents, evaluation, exchange, guard, intake, protection, selection, users
from bikva.cli.common import h, printable_params
from bikva.cli.pages import BikvaGroup, usage_message
from bikva.errors import BikvaError
from bikva.i18n import cli_language, t

PLUGIN_GROUP = "bikva.commands"


class RootGroup(BikvaGroup):
    """The root group: its own commands, and those other packages register under PLUGIN_GROUP,
    looked up only when a command is not one of ours (reading the installed packages' metadata
    costs time every plain command would otherwise pay)."""

    def _plugins(self) -> dict[str, object]:
        from importlib.metadata import entry_points

        return {point.name: point for point in entry_points(group=PLUGIN_GROUP)}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self._plugins()))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        command = super().get_command(ctx, name)
        if command is None and (point := self._plugins().get(name)) is not None:
            command = point.load()
        return command


@click.group(cls=RootGroup, help=h("bikva"), context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    pass


for family in (evaluation, intake, selection, documents, guard, protection, users, exchange):
    for command in family.COMMANDS:
        cli.add_command(command)
for command in guard.QUOTE_COMMANDS:
    selection.quote_group.add_command(command)


def main(argv: list[str] | None = None) -> int:
    try:
        # A command may return an exit code of its own (`check` returns 1 when it finds something).
        returned = cli.main(args=argv, prog_name="bikva", standalone_mode=False)
    except BikvaError as error:
        click.echo(f"bikva: {t(cli_language(), error.key, **_shown_params(error))}", err=True)
        return 2
    except click.exceptions.NoArgsIsHelpError as error:  # `bikva`, `bikva quote`: the help, as git does
        click.echo(error.ctx.get_help())
        return 0
    except click.exceptions.Abort:
        click.echo(f"bikva: {t(cli_language(), 'usage.aborted')}", err=True)
        return 130
    except click.ClickException as error:
        click.echo(f"bikva: {usage_message(error)}", err=True)
        return 2
    return returned if isinstance(returned, int) else 0


def program() -> None:
    """The `bikva` program (and `python -m bikva`): `main`, then out of the process at once.

    Python's own shutdown frees every object one by one (SQLAlchemy's and pydantic's classes,
    the models), which costs a plain command a tenth of a second, a fifth of its time, for nothing
    the operating system would not do itself. So once the command is done and no other thread runs
    (Prefect's commands keep theirs, and leave the normal way), the exit handlers run, the output
    is flushed, and the process ends.
    """
    import atexit
    import gc
    import os
    import threading

    # The commands import SQLAlchemy, pydantic and the models when they start, tens of thousands
    # of objects that live as long as the process: the cycle collector's default (a pass every
    # 700 new objects) walks them again and again for nothing. Garbage is still collected.
    gc.set_threshold(50_000, 10, 10)
    code = main()
    if threading.active_count() > 1:
        sys.exit(code)
    atexit._run_exitfuncs()  # temporary folders, log handlers: everything a normal exit runs
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        sys.exit(code)  # a closed pipe: Python's own exit reports it as usual
    os._exit(code)


def _shown_params(error: BikvaError) -> dict[str, str]:
    """The error's values for the message: one line each, and a level passed by its key
    (`citizens`) named as the message's language names it (`borgere`)."""
    from bikva.store.levels import level_key, level_word

    params = dict(error.params)
    level = params.get("level")
    if error.key != "levels.unknown" and isinstance(level, str) and level_key(level) == level:
        params["level"] = level_word(cli_language(), level)
    return printable_params(params)


if __name__ == "__main__":
    sys.exit(main())
