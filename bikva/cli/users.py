"""Accounts of the web app: `bikva user add|list|remove`.

The password is read from standard input (`--password-stdin`, its first line), never from the
command line, where other users of the machine could read it in the process list.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from bikva.cli.common import FOLDER, group, h, say, table
from bikva.errors import BikvaError
from bikva.i18n import cli_language, t


@group("user", help=h("user"))
def user_group() -> None:
    pass


@user_group.command("add", help=h("user_add"))
@FOLDER
@click.argument("name")
@click.option("--role", required=True, help=h("user_role"))
@click.option("--level", "levels", multiple=True, help=h("user_levels"))
@click.option("--password-stdin", "from_stdin", is_flag=True, help=h("password_stdin"))
def user_add_command(folder: Path, name: str, role: str, levels: tuple[str, ...], from_stdin: bool) -> None:
    from bikva.store.evaluation import open_evaluation
    from bikva.web.accounts import add_account

    password = sys.stdin.readline().rstrip("\r\n") if from_stdin else ""
    if not password:
        raise BikvaError("web.user.password_missing")
    with open_evaluation(folder) as (session, ev):
        account = add_account(session, ev, name, role, password, list(levels))
        lang = cli_language(ev.lang)
    say("web.user.added", lang, name=account.name, role=t(lang, f"web.role.{account.role.value}"))


@user_group.command("list", help=h("user_list"))
@FOLDER
@click.option("--json", "as_json", is_flag=True, help=h("json"))
def user_list_command(folder: Path, as_json: bool) -> None:
    from bikva.store.evaluation import open_evaluation
    from bikva.web.accounts import accounts_of

    with open_evaluation(folder) as (session, ev):
        rows = [(a.name, a.role.value, ",".join(a.levels), a.created_at.date().isoformat()) for a in accounts_of(session, ev)]
        lang = cli_language(ev.lang)
    if as_json:
        click.echo(json.dumps([dict(zip(("name", "role", "levels", "created"), row)) for row in rows],
                              ensure_ascii=False, indent=2))
        return
    if not rows:
        say("web.user.none", lang)
        return
    headings = ["web.user.heading.name", "web.user.heading.role", "web.user.heading.levels", "web.user.heading.created"]
    shown = [(name, t(lang, f"web.role.{role}"),
              ", ".join(t(lang, f"level.{key}.name") for key in levels.split(",") if key), created)
             for name, role, levels, created in rows]
    for line in table(lang, headings, shown):
        click.echo(line)


@user_group.command("remove", help=h("user_remove"))
@FOLDER
@click.argument("name")
def user_remove_command(folder: Path, name: str) -> None:
    from bikva.store.evaluation import open_evaluation
    from bikva.web.accounts import remove_account

    with open_evaluation(folder) as (session, ev):
        account = remove_account(session, ev, name)
        lang = cli_language(ev.lang)
    say("web.user.removed", lang, name=account.name)


COMMANDS = [user_group]
