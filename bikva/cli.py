"""The `bikva` command: thin wrappers that open the evaluation, call one function, and print.

Plain database commands (new, import, quote, redact, group, status, guide, report) never start
a Prefect flow run; `run` and `demo` do. Every message comes from the catalogues; a user error
is one line on stderr and exit code 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from bikva.errors import BikvaError
from bikva.files import printable
from bikva.i18n import cli_language, t


def _lang() -> str:
    return cli_language()


def h(key: str) -> str:
    """Help text from the catalogue (read at import time, in BIKVA_LANG or Danish)."""
    return t(_lang(), f"help.{key}")


def say(key: str, lang: str | None = None, **params: object) -> None:
    click.echo(t(cli_language(lang), key, **_printable(params)))


def _printable(params: dict[str, object]) -> dict[str, str]:
    """User values (file names, folders, labels) shown in a message: one line, no escape codes."""
    return {name: printable(value) for name, value in params.items()}


FOLDER = click.argument("folder", type=click.Path(file_okay=False, path_type=Path))


@click.group(help=h("bikva"), context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    pass


@cli.command("new", help=h("new"))
@FOLDER
@click.option("--title", required=True, help=h("title"))
@click.option("--levels", default="citizens,frontline,leaders,politicians", show_default=True, help=h("levels"))
@click.option("--lang", type=click.Choice(["da", "en"]), default="da", show_default=True, help=h("lang"))
def new_command(folder: Path, title: str, levels: str, lang: str) -> None:
    from bikva.evaluation import create_evaluation, parse_levels

    path = create_evaluation(folder, title=title, levels=parse_levels(levels), lang=lang)
    say("cli.new.done", lang, folder=folder, config=path)


@cli.command("import", help=h("import"))
@FOLDER
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--level", required=True, help=h("level"))
@click.option("--group", default=None, help=h("group"))
@click.option("--interviewer", "interviewers", multiple=True, help=h("interviewer"))
@click.option("--replace", is_flag=True, help=h("replace"))
def import_command(folder: Path, file: Path, level: str, group: str | None, interviewers: tuple[str, ...], replace: bool) -> None:
    from bikva.evaluation import open_evaluation
    from bikva.transcripts import import_transcript

    with open_evaluation(folder) as (session, ev):
        result = import_transcript(
            session, ev, level=level, path=file, group=group, interviewer_labels=list(interviewers), replace=replace
        )
        lang = ev.lang
    say(
        "cli.import.replaced" if result.replaced else "cli.import.done",
        lang,
        file=file.name,
        turns=result.turns,
        informants=result.informants,
        group=result.group.name,
        id=result.transcript.id,
    )


@cli.group("quote", help=h("quote"))
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
    from bikva.evaluation import open_evaluation
    from bikva.quotes import QuoteRequest, add_quote

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
    from bikva.evaluation import open_evaluation
    from bikva.quotes import quote_rows

    with open_evaluation(folder) as (session, ev):
        rows = quote_rows(session, ev, level)
        lang = ev.lang
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        say("cli.quote.none", lang)
    for row in rows:
        kind = t(cli_language(lang), f"cli.quote.kind.{row['kind']}")
        reacts = t(cli_language(lang), "cli.quote.reacts", id=row["responds_to"]) if row["responds_to"] else ""
        click.echo(f"{row['id']:>4}  R{row['round']} {kind:<10} {row['theme'][:28]:<28} {_short(row['text'])}{reacts}")


def _short(text: str, width: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


@quote_group.command("remove", help=h("quote_remove"))
@FOLDER
@click.argument("quote_id", type=int)
def quote_remove_command(folder: Path, quote_id: int) -> None:
    from bikva.evaluation import open_evaluation
    from bikva.quotes import remove_quote

    with open_evaluation(folder) as (session, ev):
        remove_quote(session, ev, quote_id)
        lang = ev.lang
    say("cli.quote.removed", lang, id=quote_id)


@cli.command("redact", help=h("redact"))
@FOLDER
@click.argument("text", required=False)
@click.argument("placeholder", required=False)
@click.option("--remove", is_flag=True, help=h("redact_remove"))
@click.option("--list", "show", is_flag=True, help=h("redact_list"))
def redact_command(folder: Path, text: str | None, placeholder: str | None, remove: bool, show: bool) -> None:
    from bikva.evaluation import open_evaluation
    from bikva.queries import redactions_of
    from bikva.redaction import remove_redaction, set_redaction

    if not show and (text is None or (placeholder is None and not remove)):
        raise click.UsageError(t(_lang(), "cli.redact.usage"))
    with open_evaluation(folder) as (session, ev):
        lang = ev.lang
        if show:
            for row in redactions_of(session, ev.id):
                click.echo(f"{row.text} → {row.placeholder}")
            return
        if remove:
            remove_redaction(session, ev.id, text)
            key = "cli.redact.removed"
        else:
            _, created = set_redaction(session, ev.id, text, placeholder)
            key = "cli.redact.added" if created else "cli.redact.changed"
    say(key, lang, text=text, placeholder=placeholder or "")


@cli.command("group", help=h("group_command"))
@FOLDER
@click.argument("name")
@click.option("--level", required=True, help=h("level"))
@click.option("--date", "held_on", type=click.DateTime(["%Y-%m-%d"]), default=None, help=h("date"))
@click.option("--place", default=None, help=h("place"))
@click.option("--exclude", "exclude_reason", default=None, help=h("exclude"))
@click.option("--include", is_flag=True, help=h("include"))
def group_command(folder: Path, name: str, level: str, held_on, place: str | None,
                  exclude_reason: str | None, include: bool) -> None:
    from bikva.evaluation import open_evaluation
    from bikva.groups import update_group

    with open_evaluation(folder) as (session, ev):
        group = update_group(
            session, ev, level=level, name=name,
            held_on=held_on.date() if held_on else None, place=place,
            exclude_reason=exclude_reason, include=include,
        )
        lang = ev.lang
    say("cli.group.excluded" if group.excluded else "cli.group.saved", lang, group=group.name,
        reason=group.exclusion_reason)


@cli.command("guide", help=h("guide"))
@FOLDER
@click.option("--level", required=True, help=h("level"))
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path), default=None, help=h("output"))
@click.option("--format", "fmt", type=click.Choice(["pdf", "html", "md"]), default=None, help=h("format"))
def guide_command(folder: Path, level: str, out: Path | None, fmt: str | None) -> None:
    from bikva.artifacts import write_guide

    click.echo(write_guide(folder, level, fmt=fmt, out=out))


@cli.command("report", help=h("report"))
@FOLDER
@click.option("--edition", type=click.Choice(["commissioner", "evaluator"]), default="commissioner",
              show_default=True, help=t(_lang(), "report.cli.help_edition"))
@click.option("--pdf-variant", "variant", default="pdf/ua-1", show_default=True, help=t(_lang(), "report.cli.help_variant"))
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path), default=None, help=h("output"))
@click.option("--format", "fmt", type=click.Choice(["pdf", "html"]), default=None, help=h("format"))
def report_command(folder: Path, edition: str, variant: str, out: Path | None, fmt: str | None) -> None:
    from bikva.artifacts import write_report
    from bikva.evaluation import open_evaluation
    from bikva.render import check_pdf_variant
    from bikva.status import describe_waiting, report_gaps, study_status

    check_pdf_variant(variant)  # before any work, so a typo costs nothing
    with open_evaluation(folder) as (session, ev):
        status = study_status(session, ev)
        gaps = report_gaps(session, ev)
        lang = cli_language(ev.lang)
    path = write_report(folder, fmt=fmt, out=out, edition=edition, variant=variant)
    if not status.report_ready:
        click.echo(t(lang, "cli.report.draft", waiting=describe_waiting(lang, status.first_waiting())), err=True)
    if gaps:
        click.echo(t(lang, "report.cli.missing", folder=folder), err=True)
    click.echo(path)


@cli.command("status", help=h("status"))
@FOLDER
@click.option("--json", "as_json", is_flag=True, help=h("json"))
def status_command(folder: Path, as_json: bool) -> None:
    from bikva.evaluation import open_evaluation
    from bikva.status import describe_gap, describe_waiting, report_gaps, study_status

    with open_evaluation(folder) as (session, ev):
        status = study_status(session, ev)
        gaps = report_gaps(session, ev)
        title, lang = ev.evaluation.title, cli_language(ev.lang)
    missing = [describe_gap(lang, gap) for gap in gaps]
    if as_json:
        click.echo(json.dumps({"title": title} | status.as_dict() | {"report_missing": missing},
                              ensure_ascii=False, indent=2, default=str))
        return
    click.echo(title)
    for r in status.rounds:
        name = t(lang, f"level.{r.level}.name")
        state = t(lang, "cli.status.done") if r.done else (
            t(lang, "cli.status.waiting", waiting=describe_waiting(lang, r.guide_waiting_for or r.round_waiting_for)))
        click.echo(t(lang, "cli.status.round", round=r.round, level=name, groups=r.groups, transcripts=r.transcripts,
                     statements=r.statements, advice=r.advice, carried_in=r.carried_in, state=state))
    click.echo(t(lang, "cli.status.report_ready") if status.report_ready else t(lang, "cli.status.report_waiting"))
    click.echo(t(lang, "report.cli.status_missing") if missing else t(lang, "report.cli.status_complete"))
    for item in missing:
        click.echo(t(lang, "report.cli.status_item", item=item))


@cli.command("run", help=h("run"))
@FOLDER
def run_command(folder: Path) -> None:
    from bikva.runner import run_study

    run_study(folder)


@cli.command("demo", help=h("demo"))
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
def demo_command(folder: Path | None) -> None:
    from bikva.demo import build_demo
    from bikva.runner import run_study

    folder = build_demo(folder or Path("bikva-demo"))
    run_study(folder)


def _register_command_modules() -> None:
    """Commands that live in their own modules, each importing this one for FOLDER, h and say."""
    from bikva import cli_guard, cli_materials, cli_protection

    for command in [cli_materials.materials_command, *cli_guard.COMMANDS, *cli_protection.COMMANDS]:
        cli.add_command(command)
    for command in cli_guard.QUOTE_COMMANDS:
        quote_group.add_command(command)


_register_command_modules()


def main(argv: list[str] | None = None) -> int:
    try:
        # A command may return an exit code of its own (`check` returns 1 when it finds something).
        returned = cli.main(args=argv, prog_name="bikva", standalone_mode=False)
    except BikvaError as error:
        click.echo(f"bikva: {t(_lang(), error.key, **_printable(error.params))}", err=True)
        return 2
    except click.exceptions.Abort:
        click.echo(f"bikva: {t(_lang(), 'usage.aborted')}", err=True)
        return 130
    except click.ClickException as error:
        click.echo(f"bikva: {_usage_line(error)}", err=True)
        return 2
    return returned if isinstance(returned, int) else 0


def _usage_line(error: click.ClickException) -> str:
    """Click's usage errors as one line from our catalogue, naming the option concerned.
    (Click's own text is English and several lines long; its detail is kept for bad values.)"""
    lang = _lang()
    param = getattr(error, "param", None)
    name = (param.opts[0] if param is not None and getattr(param, "opts", None) else getattr(error, "param_hint", None)) or ""
    if isinstance(error, click.MissingParameter):
        return t(lang, "usage.missing", param=name or "?")
    if isinstance(error, click.NoSuchOption):
        return t(lang, "usage.no_such_option", option=error.option_name)
    if isinstance(error, click.BadParameter):
        return t(lang, "usage.bad_value", param=name, detail=error.message)
    return t(lang, "usage.other", detail=error.format_message())


if __name__ == "__main__":
    # Run the imported module's main: command modules register on `bikva.cli`, not on __main__.
    from bikva.cli import main as imported_main

    sys.exit(imported_main())
