"""Commands for the de-identification guard: `bikva check`, `bikva names ...` and
`bikva quote review` (attached to the quote group by bikva.cli.main).

`bikva check` lists the open hits in the quotes and in the other texts that travel (title,
themes, groups, report/*.md, ...; those lines have no quote id, and in --json a "where" key
instead of "quote"). It exits 0 when nothing has an open hit and 1 when something has (like grep and the
linters, so a script can stop on it); errors stay 2. It ends through click's `ctx.exit(1)`, so
bikva.cli.main.main passes on the code that `cli.main(..., standalone_mode=False)` returns.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from bikva.cli.common import FOLDER, command, group, h, say
from bikva.i18n import cli_language, t


@command("check", help=h("guard.check"))
@FOLDER
@click.option("--level", default=None, help=h("guard.level"))
@click.option("--json", "as_json", is_flag=True, help=h("json"))
@click.pass_context
def check_command(ctx: click.Context, folder: Path, level: str | None, as_json: bool) -> None:
    from bikva.store.evaluation import open_evaluation
    from bikva.protection.guard import open_hits, open_text_hits

    with open_evaluation(folder) as (session, ev):
        target = ev.level(level) if level else None
        hits = open_hits(session, ev, level=target)
        # The other texts that travel; without --level both editions of the report.
        others = open_text_hits(session, ev, level=target, register=True)
        lang = cli_language(ev.lang)
    if as_json:
        click.echo(json.dumps([hit.as_dict() for hit in [*hits, *others]], ensure_ascii=False, indent=2))
    elif not hits and not others:
        click.echo(t(lang, "guard.check.none"))
    else:
        for hit in hits:
            level_name, kind = t(lang, f"level.{hit.level}.name"), t(lang, f"guard.kind.{hit.kind}")
            click.echo(f"{hit.quote_id:>4}  R{hit.round} {level_name:<12} {kind:<16} »{hit.text}«  {hit.excerpt}")
        for other in others:  # no quote id: where the text stands instead
            click.echo(f"   –  {other.describe(lang)}: {t(lang, f'guard.kind.{other.kind}')} »{other.text}«  {other.excerpt}")
        click.echo(t(lang, "guard.check.summary", total=len(hits) + len(others), quotes=len({h.quote_id for h in hits}),
                     texts=len({o.where for o in others}), folder=folder))
    if hits or others:
        ctx.exit(1)


@group("names", help=h("guard.names"))
def names_group() -> None:
    pass


@names_group.command("add", help=h("guard.names_add"))
@FOLDER
@click.argument("text")
@click.option("--kind", type=click.Choice(["place", "organisation", "person"]), default="place",
              show_default=True, help=h("guard.kind"))
def names_add_command(folder: Path, text: str, kind: str) -> None:
    from bikva.store.evaluation import open_evaluation
    from bikva.protection.local_names import add_local_name

    with open_evaluation(folder) as (session, ev):
        row, created = add_local_name(session, ev, text, kind)
        lang = ev.lang
    say("names.added" if created else "names.changed", lang, text=row.text,
        kind=t(cli_language(lang), f"names.kind.{row.kind}"))


@names_group.command("list", help=h("guard.names_list"))
@FOLDER
@click.option("--json", "as_json", is_flag=True, help=h("json"))
def names_list_command(folder: Path, as_json: bool) -> None:
    from bikva.store.evaluation import open_evaluation
    from bikva.protection.local_names import local_names_of

    with open_evaluation(folder) as (session, ev):
        rows = [{"text": row.text, "kind": row.kind} for row in local_names_of(session, ev)]
        lang = cli_language(ev.lang)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo(t(lang, "names.none"))
    for row in rows:
        click.echo(f"{row['text']}  ({t(lang, 'names.kind.' + row['kind'])})")


@names_group.command("remove", help=h("guard.names_remove"))
@FOLDER
@click.argument("text")
def names_remove_command(folder: Path, text: str) -> None:
    from bikva.store.evaluation import open_evaluation
    from bikva.protection.local_names import remove_local_name

    with open_evaluation(folder) as (session, ev):
        row = remove_local_name(session, ev, text)
        lang = ev.lang
    say("names.removed", lang, text=row.text)


@command("review", help=h("guard.review"))
@FOLDER
@click.argument("quote_id", type=int)
@click.option("--note", default="", help=h("guard.note"))
def review_command(folder: Path, quote_id: int, note: str) -> None:
    from bikva.store.audit import actor
    from bikva.store.evaluation import open_evaluation
    from bikva.protection.guard import quote_hits, review_quote

    with open_evaluation(folder) as (session, ev):
        quote = review_quote(session, ev, quote_id, actor(), note)
        passed = quote_hits(session, ev, quote)
        lang = cli_language(ev.lang)
    click.echo(t(lang, "guard.reviewed", id=quote_id))
    if passed:
        click.echo(t(lang, "guard.reviewed_passed", words=", ".join(f"»{hit.text}«" for hit in passed)))


COMMANDS = [check_command, names_group]
QUOTE_COMMANDS = [review_command]
