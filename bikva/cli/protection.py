"""Commands for the consent registry, the audit trail, purging, export and restore."""

from __future__ import annotations

import json
from pathlib import Path

import click

from bikva.cli.common import FOLDER, command, group, h, say, table
from bikva.store.files import printable
from bikva.errors import BikvaError
from bikva.i18n import catalogue, cli_language, t


@group("participant", help=h("participant"))
def participant_group() -> None:
    pass


@participant_group.command("add", help=h("participant_add"))
@FOLDER
@click.argument("label")
@click.option("--level", required=True, help=h("level"))
@click.option("--group", default=None, help=h("group"))
@click.option("--role", default=None, help=h("role"))
@click.option("--unit", default=None, help=h("unit"))
@click.option("--real-name", default=None, help=h("real_name"))
@click.option("--consent-date", type=click.DateTime(["%Y-%m-%d"]), default=None, help=h("consent_date"))
@click.option("--consent-version", default=None, help=h("consent_version"))
def participant_add_command(folder: Path, label: str, level: str, group: str | None, role: str | None,
                            unit: str | None, real_name: str | None, consent_date, consent_version: str | None) -> None:
    from bikva.store.evaluation import open_evaluation
    from bikva.protection.participants import register_participant

    with open_evaluation(folder) as (session, ev):
        participant = register_participant(
            session, ev, level=level, label=label, group=group, role=role, unit=unit, real_name=real_name,
            consent_date=consent_date.date() if consent_date else None, consent_version=consent_version,
        )
        lang = ev.lang
    say("participant.saved", lang, label=participant.label, consent=t(cli_language(lang), f"participant.status.{participant.consent_status}"))


@participant_group.command("list", help=h("participant_list"))
@FOLDER
@click.option("--level", default=None, help=h("level"))
@click.option("--show-names", is_flag=True, help=h("show_names"))
@click.option("--json", "as_json", is_flag=True, help=h("json"))
def participant_list_command(folder: Path, level: str | None, show_names: bool, as_json: bool) -> None:
    from bikva.store.evaluation import open_evaluation
    from bikva.protection.participants import participant_rows

    with open_evaluation(folder) as (session, ev):
        rows = participant_rows(session, ev, level=level, show_names=show_names)
        lang = cli_language(ev.lang)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo(t(lang, "participant.none"))
        return
    headings = ["participant.heading." + key for key in ("round", "group", "label", "consent", "date")]
    shown = [[f"R{row['round']}", row["group"], row["label"], t(lang, f"participant.status.{row['consent']}"),
              row["consent_date"] or ""] for row in rows]
    if show_names:
        headings.append("participant.heading.name")
        for line, row in zip(shown, rows):
            line.append(row.get("real_name") or "")
    for line in table(lang, headings, shown):
        click.echo(line)


@participant_group.command("withdraw", help=h("participant_withdraw"))
@FOLDER
@click.argument("label")
@click.option("--level", required=True, help=h("level"))
@click.option("--group", default=None, help=h("group"))
def participant_withdraw_command(folder: Path, label: str, level: str, group: str | None) -> None:
    from bikva.store.evaluation import open_evaluation
    from bikva.protection.participants import withdraw

    with open_evaluation(folder) as (session, ev):
        result = withdraw(session, ev, level=level, label=label, group=group)
        lang = ev.lang
    say("participant.withdrawn_done", lang, label=label, quotes=len(result.quote_ids))
    if result.artifacts:
        say("participant.already_handed_out", lang)
        for artifact, place in zip(result.artifacts, result.places):
            click.echo(f"  {printable(place)}  ({artifact.created_at:%Y-%m-%d %H:%M})")
    else:
        say("participant.nothing_handed_out", lang)


@command("log", help=h("log"))
@FOLDER
@click.option("--json", "as_json", is_flag=True, help=h("json"))
def log_command(folder: Path, as_json: bool) -> None:
    from bikva.store.audit import events_of
    from bikva.store.evaluation import open_evaluation

    with open_evaluation(folder) as (session, ev):
        events = events_of(session, ev.id)
        lang = cli_language(ev.lang)
    if as_json:
        click.echo(json.dumps([
            {"at": e.at.isoformat(), "actor": e.actor, "action": e.action, "subject": e.subject,
             "details": json.loads(e.details)} for e in events
        ], ensure_ascii=False, indent=2))
        return
    if not events:
        click.echo(t(lang, "log.none"))
        return
    rows = [[f"{e.at:%Y-%m-%d %H:%M:%S}", e.actor, _shown_action(lang, e.action), _shown_subject(lang, e.subject),
             e.details] for e in events]
    for line in table(lang, [f"log.heading.{key}" for key in ("at", "actor", "action", "subject", "details")], rows):
        click.echo(line)


# The log stores subjects in a fixed form: "quote 12", "redaction 3", "local name 4", a level key
# first in "citizens/Gruppe 1/B2"; anything else (file names, paths, titles) is shown as it is.
_NUMBERED_SUBJECTS = {"quote": "quote", "redaction": "redaction", "local name": "local_name"}


def _shown_action(lang: str, action: str) -> str:
    words = catalogue(lang)
    return str(words.get(f"log.action.{action}", action))


def _shown_subject(lang: str, subject: str) -> str:
    from bikva.store.levels import level_key, level_word

    kind, _, number = subject.rpartition(" ")
    if kind in _NUMBERED_SUBJECTS and number.isdigit():
        return t(lang, f"log.subject.{_NUMBERED_SUBJECTS[kind]}", id=number)
    first, slash, rest = subject.partition("/")
    if slash and (key := level_key(first)) is not None:
        return f"{level_word(lang, key)}/{rest}"
    return subject


@command("purge", help=h("purge"))
@FOLDER
@click.option("--yes", is_flag=True, help=h("yes"))
def purge_command(folder: Path, yes: bool) -> None:
    from bikva.documents.narrative import NARRATIVE_FOLDER, markdown_redactor
    from bikva.documents.synthesis import SYNTHESIS_FILE
    from bikva.store.evaluation import open_evaluation
    from bikva.protection.retention import EvaluatorTexts, compact, delete_files, plan_purge, purge

    # Every Markdown file under report/: the narrative sections, results/<level>.md, method/<part>.md.
    texts = EvaluatorTexts(markdown=sorted((folder / NARRATIVE_FOLDER).rglob("*.md")),
                           synthesis=folder / SYNTHESIS_FILE, markdown_redactor=markdown_redactor)
    with open_evaluation(folder) as (session, ev):
        lang = cli_language(ev.lang)
        plan = plan_purge(session, ev, texts)
        if plan.empty:
            click.echo(t(lang, "purge.nothing"))
            return
        _show_plan(lang, folder, plan)
        if not yes and not _confirmed(lang):
            raise BikvaError("purge.cancelled")
        files = purge(session, ev, plan)
    delete_files(files, folder)  # only after the database change is committed
    click.echo(t(lang, "purge.done"))
    if plan.outputs:
        click.echo(t(lang, "purge.outputs_removed", count=len(plan.outputs)))
    click.echo(t(lang, f"purge.compacted.{compact(folder)}"))


def _show_plan(lang: str, folder: Path, plan) -> None:
    from bikva.store.files import printable
    from bikva.store.levels import level_word

    def shown(path: Path) -> str:
        return str(path.relative_to(folder.resolve())) if path.is_relative_to(folder.resolve()) else str(path)

    click.echo(t(lang, "purge.plan", files=len(plan.files), turns=plan.turns, transcripts=plan.transcripts,
                 identities=plan.identities, local_names=plan.local_names, redactions=plan.redactions,
                 withdrawn=plan.withdrawn_quotes, kept=plan.quotes_kept))
    for path in plan.files:
        click.echo(f"  {path}")
    if plan.texts:
        click.echo(t(lang, "purge.texts"))
        for path in plan.texts:
            click.echo(f"  {shown(path.resolve())}")
    if plan.transcript_names:
        click.echo(t(lang, "purge.transcripts_renamed", count=len(plan.transcript_names)))
    if plan.labels:
        # The evaluator's own screen, before the question: the way to find a participant after the purge.
        click.echo(t(lang, "purge.labels"))
        for change in plan.labels:
            click.echo(f"  {level_word(lang, change.level_key)}/{printable(change.group)}: "
                       f"{printable(change.old)} → {change.new}")
    if plan.outputs:
        click.echo(t(lang, "purge.outputs"))
        for path in plan.outputs:
            click.echo(f"  {shown(path)}")
    if plan.outside:
        click.echo(t(lang, "purge.outside"))
        for item in plan.outside:
            click.echo(f"  {printable(item.path)}" + (t(lang, "purge.outside_withdrawn") if item.withdrawn else ""))
    click.echo(t(lang, "purge.exports"))
    for export in plan.exports:
        click.echo(f"  {printable(export)}")


def _confirmed(lang: str) -> bool:
    """Ask in the evaluation's language (click's own confirm only understands y/n)."""
    try:
        answer = click.prompt(t(lang, "purge.confirm"), default="", show_default=False)
    except click.exceptions.Abort:  # no one at the keyboard: that is not a yes
        click.echo()
        return False
    return answer.strip().lower() in str(t(lang, "purge.yes_words")).split()


@command("export", help=h("export"))
@FOLDER
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help=h("force_export"))
def export_command(folder: Path, target: Path, force: bool) -> None:
    from bikva.protection.archive import export_evaluation
    from bikva.store.evaluation import open_evaluation

    with open_evaluation(folder) as (_session, ev):  # a clear error for a folder that is not one
        lang = ev.lang
    checksums = export_evaluation(folder, target, force=force)
    say("archive.exported", lang, file=target, files=len(checksums))


@command("restore", help=h("restore"))
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def restore_command(source: Path, folder: Path) -> None:
    from bikva.protection.archive import restore_evaluation

    if not source.is_file():
        raise BikvaError("transcript.missing_file", file=source.name)
    checksums = restore_evaluation(source, folder)
    say("archive.restored", None, folder=folder, files=len(checksums))


COMMANDS = [participant_group, log_command, purge_command, export_command, restore_command]
