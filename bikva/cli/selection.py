"""Selecting what travels: `bikva quote add|list|remove|prompts`, `bikva statement add|list|remove`
(the group's agreed wording), `bikva advice add|list|remove` (written good advice), `bikva theme
add|list`, `bikva redact` and `bikva group`."""

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
@click.option("--prompts", "tone", default=None, help=h("prompts_tone"))
@click.option("--prompt", "prompts", multiple=True, help=h("prompt"))
def quote_add_command(folder: Path, level: str, text: str, theme: str | None, advice: bool,
                      responds_to: int | None, rationale: str, carry_to: tuple[str, ...], tone: str | None,
                      prompts: tuple[str, ...]) -> None:
    from bikva.store.evaluation import open_evaluation
    from bikva.selection.quotes import QuoteRequest, add_quote

    request = QuoteRequest(level=level, text=text, theme=theme, advice=advice, responds_to=responds_to,
                           rationale=rationale, carry_to=list(carry_to) or None, tone=tone, prompts=list(prompts))
    with open_evaluation(folder) as (session, ev):
        quote = add_quote(session, ev, request)
        lang = ev.lang
    say("cli.quote.added", lang, id=quote.id)
    click.echo(quote.id)  # the last line is the id, for scripts


@quote_group.command("list", help=h("quote_list"))
@FOLDER
@click.option("--level", default=None, help=h("level"))
@click.option("--json", "as_json", is_flag=True, help=h("json"))
@click.option("--format", "shape", type=click.Choice(["table", "json", "csv", "xlsx"]), default="table",
              help=h("quote_format"))
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help=h("quote_output"))
@click.option("--force", is_flag=True, help=h("force"))
def quote_list_command(folder: Path, level: str | None, as_json: bool, shape: str, output: Path | None,
                       force: bool) -> None:
    from bikva.store.evaluation import open_evaluation
    from bikva.selection.quotes import quote_rows

    if shape in ("csv", "xlsx"):
        _quote_sheet(folder, level, shape, output, force)
        return
    with open_evaluation(folder) as (session, ev):
        rows = quote_rows(session, ev, level)
        lang = ev.lang
    if as_json or shape == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        say("cli.quote.none", lang)
        return
    lang = cli_language(lang)
    shown = [[row["id"], f"R{row['round']}", _kind(lang, row), short(row["theme"], 28),
              short(row["text"]) + (t(lang, "cli.quote.reacts", id=row["responds_to"]) if row["responds_to"] else "")]
             for row in rows]
    for line in table(lang, [f"cli.quote.heading.{key}" for key in ("id", "round", "kind", "theme", "text")], shown,
                      right=[0]):
        click.echo(line)


def _quote_sheet(folder: Path, level: str | None, shape: str, output: Path | None, force: bool) -> None:
    """`quote list --format csv|xlsx`: CSV to the screen or a file, a workbook only to a file."""
    from bikva.documents.quote_table import as_csv, as_xlsx, table_rows, write_table
    from bikva.errors import BikvaError
    from bikva.store.evaluation import open_evaluation

    if shape == "xlsx" and output is None:
        raise BikvaError("quote_table.needs_output")
    with open_evaluation(folder) as (session, ev):
        lang = cli_language(ev.lang)
        rows = table_rows(session, ev, lang, level)
        data = as_csv(lang, rows) if shape == "csv" else as_xlsx(lang, rows)
        if output is not None:
            write_table(session, ev, output, data, force=force)
    if output is None:
        click.echo(data.decode("utf-8").lstrip("\ufeff"), nl=False)
    else:
        say("quote_table.written", lang, file=output, count=len(rows))


def _kind(lang: str, row: dict) -> str:
    """The kind as `quote list` shows it; a statement's tone after it when it is not critical."""
    kind = t(lang, "cli.quote.kind.written_advice" if row["written"] else f"cli.quote.kind.{row['kind']}")
    if row["kind"] != "advice" and row["tone"] != "critical":
        kind += " (" + t(lang, f"cli.quote.tone.{row['tone']}") + ")"
    return kind


@quote_group.command("prompts", help=h("quote_prompts"))
@FOLDER
@click.argument("quote_id", type=int)
@click.argument("tone", required=False)
@click.option("--prompt", "prompts", multiple=True, help=h("prompt_replace"))
@click.option("--no-prompts", "clear", is_flag=True, help=h("prompts_clear"))
def quote_prompts_command(folder: Path, quote_id: int, tone: str | None, prompts: tuple[str, ...], clear: bool) -> None:
    from bikva.store.evaluation import open_evaluation
    from bikva.selection.prompts import set_prompts

    own = [] if clear else (list(prompts) or None)
    with open_evaluation(folder) as (session, ev):
        quote = set_prompts(session, ev, quote_id, tone, own)
        lang = ev.lang
    say("cli.quote.prompts_set", lang, id=quote_id, tone=t(cli_language(lang), f"cli.quote.tones.{quote.prompt_tone}"),
        own=len(quote.own_prompts))


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


@quote_group.command("carry", help=h("quote_carry"))
@FOLDER
@click.argument("quote_id", type=int)
@click.argument("levels", nargs=-1)
def quote_carry_command(folder: Path, quote_id: int, levels: tuple[str, ...]) -> None:
    from bikva.store.evaluation import open_evaluation
    from bikva.selection.carry import set_carry

    with open_evaluation(folder) as (session, ev):
        targets = set_carry(session, ev, quote_id, list(levels))
        lang = cli_language(ev.lang)
    names = ", ".join(t(lang, f"level.{target.key}.name") for target in targets)
    say("cli.quote.carried" if targets else "cli.quote.carried_nowhere", lang, id=quote_id, levels=names)


@quote_group.command("suggest", help=h("quote_suggest"))
@FOLDER
@click.option("--level", required=True, help=h("level"))
@click.option("--min-informants", "min_informants", type=click.IntRange(min=2), default=2, show_default=True,
              help=h("suggest_min_informants"))
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True, help=h("suggest_top"))
@click.option("--json", "as_json", is_flag=True, help=h("json"))
def quote_suggest_command(folder: Path, level: str, min_informants: int, top: int, as_json: bool) -> None:
    # Read-only: suggestions are shown, never stored; selecting stays `quote add`.
    from bikva.store.evaluation import open_evaluation
    from bikva.selection.recurrence import level_suggestions, suggestion_rows

    with open_evaluation(folder) as (session, ev):
        found = level_suggestions(session, ev, level, min_informants=min_informants, top=top)
        lang = ev.lang
    if as_json:  # no speaker labels here: JSON is made to be kept and passed on
        click.echo(json.dumps(suggestion_rows(found), ensure_ascii=False, indent=2))
        return
    say("suggest.read", lang, passages=found.passages, informants=found.informants)
    if not found.suggestions:
        say("suggest.none", lang, minimum=min_informants)
        return
    lang = cli_language(lang)
    for rank, suggestion in enumerate(found.suggestions, start=1):
        click.echo("")
        say("suggest.heading_one_group" if suggestion.groups == 1 else "suggest.heading", lang, rank=rank,
            informants=suggestion.informants, groups=suggestion.groups, words=", ".join(suggestion.words) or "-")
        for passage in suggestion.passages:
            marks = (t(lang, "suggest.selected", id=passage.selected) if passage.selected else "") + (
                t(lang, "suggest.places", places=passage.places) if passage.places > 1 else "")
            # The speaker label (a pseudonym or code) is for the evaluator's own screen only.
            say("suggest.place", lang, transcript=passage.transcript, turn=passage.turn,
                speaker=passage.speaker, group=passage.group, marks=marks)
            say("suggest.text", lang, text=" ".join(passage.text.split()))  # one line, ready to paste
    click.echo("")
    if found.more:
        say("suggest.more", lang, count=found.more)
    say("suggest.how", lang, level=level)


@group("statement", help=h("statement"))
def statement_group() -> None:
    pass


@statement_group.command("add", help=h("statement_add"))
@FOLDER
@click.option("--level", required=True, help=h("level"))
@click.option("--group", "group_name", default=None, help=h("statement_group"))
@click.option("--theme", required=True, help=h("theme"))
@click.option("--text", required=True, help=h("statement_text"))
@click.option("--supported-by", "supported_by", default="", help=h("supported_by"))
@click.option("--prompts", "tone", default=None, help=h("prompts_tone"))
@click.option("--prompt", "prompts", multiple=True, help=h("prompt"))
@click.option("--responds-to", type=int, default=None, help=h("responds_to"))
@click.option("--rationale", default="", help=h("rationale"))
@click.option("--carry-to", "carry_to", multiple=True, help=h("carry_to"))
def statement_add_command(folder: Path, level: str, group_name: str | None, theme: str, text: str, supported_by: str,
                          tone: str | None, prompts: tuple[str, ...], responds_to: int | None, rationale: str,
                          carry_to: tuple[str, ...]) -> None:
    from bikva.store.evaluation import open_evaluation
    from bikva.selection.statements import StatementRequest, add_statement

    request = StatementRequest(level=level, text=text, theme=theme, group=group_name,
                               supported_by=_numbers(supported_by), tone=tone, prompts=list(prompts),
                               responds_to=responds_to, rationale=rationale, carry_to=list(carry_to) or None)
    with open_evaluation(folder) as (session, ev):
        statement = add_statement(session, ev, request)
        lang = ev.lang
    say("cli.statement.added", lang, id=statement.id)
    click.echo(statement.id)  # the last line is the id, for scripts


def _numbers(text: str) -> list[int]:
    """"3,7" or "3 7" as [3, 7]; anything else refused in one line."""
    parts = [part for part in text.replace(",", " ").split() if part]
    if not all(part.isdigit() for part in parts):
        from bikva.errors import BikvaError

        raise BikvaError("statement.support_numbers", given=text)
    return [int(part) for part in parts]


@statement_group.command("list", help=h("statement_list"))
@FOLDER
@click.option("--level", default=None, help=h("level"))
@click.option("--json", "as_json", is_flag=True, help=h("json"))
def statement_list_command(folder: Path, level: str | None, as_json: bool) -> None:
    from bikva.store.evaluation import open_evaluation
    from bikva.selection.statements import statement_rows

    with open_evaluation(folder) as (session, ev):
        rows = statement_rows(session, ev, level)
        lang = cli_language(ev.lang)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        say("cli.statement.none", lang)
        return
    shown = [[row["id"], f"R{row['round']}", short(row["group"], 16), short(row["theme"], 24),
              ", ".join(map(str, row["supported_by"])) or "–", short(row["text"])] for row in rows]
    for line in table(lang, [f"cli.statement.heading.{key}" for key in ("id", "round", "group", "theme", "support", "text")],
                      shown, right=[0]):
        click.echo(line)


@statement_group.command("remove", help=h("statement_remove"))
@FOLDER
@click.argument("quote_id", type=int)
@click.option("--unlink-reactions", is_flag=True, help=h("unlink_reactions"))
def statement_remove_command(folder: Path, quote_id: int, unlink_reactions: bool) -> None:
    from bikva.store.evaluation import open_evaluation
    from bikva.selection.statements import remove_statement

    with open_evaluation(folder) as (session, ev):
        remove_statement(session, ev, quote_id, unlink_reactions=unlink_reactions)
        lang = ev.lang
    say("cli.statement.removed", lang, id=quote_id)


@group("advice", help=h("advice_group"))
def advice_group() -> None:
    pass


@advice_group.command("add", help=h("advice_add"))
@FOLDER
@click.option("--level", required=True, help=h("level"))
@click.option("--group", "group_name", default=None, help=h("advice_group_name"))
@click.option("--text", required=True, help=h("advice_text"))
@click.option("--theme", default=None, help=h("advice_theme"))
@click.option("--carry-to", "carry_to", multiple=True, help=h("carry_to"))
def advice_add_command(folder: Path, level: str, group_name: str | None, text: str, theme: str | None,
                       carry_to: tuple[str, ...]) -> None:
    from bikva.store.evaluation import open_evaluation
    from bikva.selection.advice import AdviceRequest, add_written_advice

    request = AdviceRequest(level=level, text=text, group=group_name, theme=theme, carry_to=list(carry_to) or None)
    with open_evaluation(folder) as (session, ev):
        advice = add_written_advice(session, ev, request)
        lang = ev.lang
    say("cli.advice.added", lang, id=advice.id)
    click.echo(advice.id)  # the last line is the id, for scripts


@advice_group.command("list", help=h("advice_list"))
@FOLDER
@click.option("--level", default=None, help=h("level"))
@click.option("--json", "as_json", is_flag=True, help=h("json"))
def advice_list_command(folder: Path, level: str | None, as_json: bool) -> None:
    from bikva.store.evaluation import open_evaluation
    from bikva.selection.advice import advice_rows

    with open_evaluation(folder) as (session, ev):
        rows = advice_rows(session, ev, level)
        lang = cli_language(ev.lang)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        say("cli.advice.none", lang)
        return
    shown = [[row["id"], f"R{row['round']}", t(lang, "cli.advice.written" if row["written"] else "cli.advice.said"),
              short(row["group"], 16), short(row["text"])] for row in rows]
    for line in table(lang, [f"cli.advice.heading.{key}" for key in ("id", "round", "how", "group", "text")],
                      shown, right=[0]):
        click.echo(line)


@advice_group.command("remove", help=h("advice_remove"))
@FOLDER
@click.argument("quote_id", type=int)
def advice_remove_command(folder: Path, quote_id: int) -> None:
    from bikva.store.evaluation import open_evaluation
    from bikva.selection.advice import remove_advice

    with open_evaluation(folder) as (session, ev):
        remove_advice(session, ev, quote_id)
        lang = ev.lang
    say("cli.advice.removed", lang, id=quote_id)


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


COMMANDS = [quote_group, statement_group, advice_group, theme_group, redact_command, group_command]
