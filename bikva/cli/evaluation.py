"""Creating an evaluation and asking where it stands: `bikva new` and `bikva status`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from bikva.cli.common import FOLDER, command, h, printable_params, say
from bikva.i18n import cli_language, t
from bikva.store.files import printable


@command("new", help=h("new"))
@FOLDER
@click.option("--title", required=True, help=h("title"))
@click.option("--levels", default="citizens,frontline,leaders,politicians", show_default=h("levels_default"),
              help=h("levels"))
@click.option("--lang", type=click.Choice(["da", "en"]), default="da", show_default=True, help=h("lang"))
def new_command(folder: Path, title: str, levels: str, lang: str) -> None:
    from bikva.store.evaluation import create_evaluation, parse_levels

    path = create_evaluation(folder, title=title, levels=parse_levels(levels, cli_language(lang)), lang=lang)
    say("cli.new.done", lang, folder=folder, config=path)


@command("status", help=h("status"))
@FOLDER
@click.option("--json", "as_json", is_flag=True, help=h("json"))
def status_command(folder: Path, as_json: bool) -> None:
    from bikva.store.evaluation import open_evaluation
    from bikva.documents.status import describe_gap, describe_waiting, report_gaps, study_status
    from bikva.documents.method import describe_note, method_notes

    with open_evaluation(folder) as (session, ev):
        status = study_status(session, ev)
        gaps = report_gaps(session, ev)
        title, lang = ev.evaluation.title, cli_language(ev.lang)
        notes = [describe_note(lang, key, params) for key, params in method_notes(ev)]  # literature, LIX
    missing = [describe_gap(lang, gap) for gap in gaps]
    if as_json:
        click.echo(json.dumps({"title": title} | status.as_dict() | {"report_missing": missing, "report_notes": notes},
                              ensure_ascii=False, indent=2, default=str))
        return
    click.echo(title)
    for r in status.rounds:
        name = t(lang, f"level.{r.level}.name")
        state = t(lang, "cli.status.done") if r.done else (
            t(lang, "cli.status.waiting", waiting=describe_waiting(lang, r.guide_waiting_for or r.round_waiting_for)))
        click.echo(t(lang, "cli.status.round", round=r.round, level=name, groups=r.groups, transcripts=r.transcripts,
                     statements=r.statements, advice=r.advice, carried_in=r.carried_in, state=state))
        for g in r.interview_groups:
            click.echo(_group_line(lang, g))
    click.echo(t(lang, "cli.status.report_ready") if status.report_ready else t(lang, "cli.status.report_waiting"))
    click.echo(t(lang, "report.cli.status_missing") if missing else t(lang, "report.cli.status_complete"))
    for item in missing:
        click.echo(t(lang, "report.cli.status_item", item=item))
    if notes:
        click.echo(t(lang, "report.note.title"))
    for item in notes:
        click.echo(t(lang, "report.cli.status_item", item=item))


def _group_line(lang: str, g) -> str:
    """One interview group of a round: its transcripts and the quotes selected from each."""
    transcripts = "; ".join(t(lang, "transcripts.status.transcript", **printable_params({
        "file": tr.file, "id": tr.id, "quotes": tr.quotes})) for tr in g.transcripts)
    name = printable(g.name)
    return t(lang, "transcripts.status.group", group=t(lang, "transcripts.status.excluded", group=name) if g.excluded else name,
             transcripts=transcripts or t(lang, "transcripts.status.no_transcripts"))


COMMANDS = [new_command, status_command]
