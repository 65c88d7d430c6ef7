"""Selecting what travels: `bikva quote add|list|remove`, `bikva theme add|list`, `bikva redact`
and `bikva group`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from bikva.cli.common import FOLDER, command, group, h, say, short, table
from bikva.i18n import cli_language, t


@group("quote", help=h("quote"))
def quote_group() -> None:
    pass


@quote_group.command("add", help=h("quote_add"))
@FOLDER
@click.option("--level", required=True, help=h("level"))
@click.option("--text", required=True, help=h("text"))
@click.option("--theme", default=None, help=h("theme"))
@click.option("--advice", is_flag=True, help=h("advice"))
@click.option("--responds-to", type=int, default=None, help=h("responds_to"))
@click.option("--rationale", default="", help=h("rationale"))
@click.option("--carry-to", "carry_to", multiple=True, help=h("carry_to"))
def quote_add_command(folder: Path, level: str, text: str, theme: str | None, advice: bool,
                      responds_to: int | None, rationale: str, carry_to: tuple[str, ...]) -> None:
    from bikva.store.evaluation import open_evaluation
    from bikva.selection.quotes import QuoteRequest, add_quote

    request = QuoteRequest(level=level, text=text, theme=theme, advice=advice, responds_to=responds_to,
                           rationale=rationale, carry_to=list(carry_to) or None)
    with open_evaluation(folder) as (session, ev):
        quote = add_quote(session, ev, request)
        lang = ev.lang
    say("cli.quote.added", lang, id=quote.id)
    click.echo(quote.id)  # the last line is the id, for scripts


@quote_group.command("list", help=h("quote_list"))
@FOLDER
@click.option("--level", default=None, help=h("level"))
@click.option("--json", "as_json", is_flag=True, help=h("json"))
def quote_list_command(folder: Path, level: str | None, as_json: bool) -> None:
    from bikva.store.evaluation import open_evaluation
    from bikva.selection.quotes import quote_rows

    with open_evaluation(folder) as (session, ev):
        rows = quote_rows(session, ev, level)
        lang = ev.lang
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        say("cli.quote.none", lang)
        return
    lang = cli_language(lang)
    shown = [[row["id"], f"R{row['round']}", t(lang, f"cli.quote.kind.{row['kind']}"), short(row["theme"], 28),
              short(row["text"]) + (t(lang, "cli.quote.reacts", id=row["responds_to"]) if row["responds_to"] else "")]
             for row in rows]
    for line in table(lang, [f"cli.quote.heading.{key}" for key in ("id", "round", "kind", "theme", "text")], shown,
                      right=[0]):
        click.echo(line)


@quote_group.command("remove", help=h("quote_remove"))
@FOLDER
@click.argument("quote_id", type=int)
@click.option("--unlink-reactions", is_flag=True, help=h("unlink_reactions"))
def quote_remove_command(folder: Path, quote_id: int, unlink_reactions: bool) -> None:
    from bikva.store.evaluation import open_evaluation
    from bikva.selection.quotes import remove_quote

    with open_evaluation(folder) as (session, ev):
        remove_quote(session, ev, quote_id, unlink_reactions=unlink_reactions)
        lang = ev.lang
    say("cli.quote.removed", lang, id=quote_id)


@group("theme", help=h("theme_group"))
def theme_group() -> None:
    pass


@theme_group.command("add", help=h("theme_add"))
@FOLDER
@click.argument("name")
@click.option("--parent", default=None, help=h("theme_parent"))
@click.option("--description", default="", help=h("theme_description"))
@click.option("--question", "questions", multiple=True, help=h("theme_question"))
def theme_add_command(folder: Path, name: str, parent: str | None, description: str,
                      questions: tuple[str, ...]) -> None:
    from bikva.store.evaluation import open_evaluation
    from bikva.selection.themes import add_theme

    with open_evaluation(folder) as (session, ev):
        theme = add_theme(session, ev, name, parent=parent, description=description, questions=list(questions))
        lang = ev.lang
    say("cli.theme.added", lang, theme=theme.name)


@theme_group.command("list", help=h("theme_list"))
@FOLDER
def theme_list_command(folder: Path) -> None:
    from bikva.store.evaluation import open_evaluation
    from bikva.selection.themes import theme_rows

    with open_evaluation(folder) as (session, ev):
        rows = theme_rows(session, ev)
        lang = cli_language(ev.lang)
    if not rows:
        say("cli.theme.none", lang)
        return
    shown = [["  " * row.depth + row.name + ("" if row.in_file else t(lang, "cli.theme.not_in_file")), row.quotes,
              short(row.description, 60)] for row in rows]
    for line in table(lang, [f"cli.theme.heading.{key}" for key in ("name", "quotes", "description")], shown,
                      right=[1]):
        click.echo(line)


@command("redact", help=h("redact"))
@FOLDER
@click.argument("text", required=False)
@click.argument("placeholder", required=False)
@click.option("--remove", is_flag=True, help=h("redact_remove"))
@click.option("--list", "show", is_flag=True, help=h("redact_list"))
def redact_command(folder: Path, text: str | None, placeholder: str | None, remove: bool, show: bool) -> None:
    from bikva.store.evaluation import open_evaluation
    from bikva.store.queries import redactions_of
    from bikva.selection.redaction import remove_redaction, set_redaction

    if not show and (text is None or (placeholder is None and not remove)):
        raise click.UsageError(t(cli_language(), "cli.redact.usage"))
    with open_evaluation(folder) as (session, ev):
        lang = ev.lang
        if show:
            rows = redactions_of(session, ev.id)
            if not rows:
                say("cli.redact.none", lang)
            for row in rows:
                click.echo(f"{row.text} → {row.placeholder}")
            return
        if remove:
            remove_redaction(session, ev.id, text)
            key = "cli.redact.removed"
        else:
            _, created = set_redaction(session, ev.id, text, placeholder)
            key = "cli.redact.added" if created else "cli.redact.changed"
    say(key, lang, text=text, placeholder=placeholder or "")


@command("group", help=h("group_command"))
@FOLDER
@click.argument("name")
@click.option("--level", required=True, help=h("level"))
@click.option("--date", "held_on", type=click.DateTime(["%Y-%m-%d"]), default=None, help=h("date"))
@click.option("--place", default=None, help=h("place"))
@click.option("--exclude", "exclude_reason", default=None, help=h("exclude"))
@click.option("--include", is_flag=True, help=h("include"))
def group_command(folder: Path, name: str, level: str, held_on, place: str | None,
                  exclude_reason: str | None, include: bool) -> None:
    from bikva.store.evaluation import open_evaluation
    from bikva.intake.groups import update_group

    with open_evaluation(folder) as (session, ev):
        group = update_group(
            session, ev, level=level, name=name,
            held_on=held_on.date() if held_on else None, place=place,
            exclude_reason=exclude_reason, include=include,
        )
        lang = ev.lang
    say("cli.group.excluded" if group.excluded else "cli.group.saved", lang, group=group.name,
        reason=group.exclusion_reason)


COMMANDS = [quote_group, theme_group, redact_command, group_command]
