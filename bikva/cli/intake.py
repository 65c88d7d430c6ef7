"""Bringing transcripts in and keeping them right: `bikva import` and `bikva transcript ...`.

Every import names the speakers it found, with turns and words each, and warns on stderr (exit
code still 0) where the structure is usually a misread. With `--json` the same comes as one
object: `{"speakers": [{"label", "turns", "words", "interviewer"}], "turns": N, "warnings":
[{"key", "message"}]}`; a warning is an object so a script can act on its catalogue key while a
person reads its message (one line, in the evaluation's language). The import's object also has
`"pseudonyms": {"Karen Holm": "L1"}`, each label that was a real name and the code it became: the
real name is printed here, on the evaluator's own terminal, and stored nowhere but the identity
table (never in the audit trail or anything generated).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import click

from bikva.cli.common import FOLDER, command, group, h, printable_params, say, short, table
from bikva.i18n import cli_language, t


@command("import", help=h("import"))
@FOLDER
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--level", required=True, help=h("level"))
@click.option("--group", default=None, help=h("group"))
@click.option("--interviewer", "interviewers", multiple=True, help=h("interviewer"))
@click.option("--speaker", "speakers", multiple=True, help=h("speaker"))
@click.option("--replace", is_flag=True, help=h("replace"))
@click.option("--keep-labels", is_flag=True, help=h("keep_labels"))
@click.option("--dry-run", is_flag=True, help=h("dry_run"))
@click.option("--json", "as_json", is_flag=True, help=h("json"))
def import_command(folder: Path, file: Path, level: str, group: str | None, interviewers: tuple[str, ...],
                   speakers: tuple[str, ...], replace: bool, keep_labels: bool, dry_run: bool,
                   as_json: bool) -> None:
    from bikva.store.evaluation import open_evaluation
    from bikva.intake.transcripts import import_transcript, plan_import

    options = dict(level=level, path=file, group=group, interviewer_labels=list(interviewers),
                   speakers=list(speakers), replace=replace, keep_labels=keep_labels)
    with open_evaluation(folder) as (session, ev):
        if dry_run:
            found = plan_import(session, ev, **options)
        else:
            found = import_transcript(session, ev, **options)
        lang = cli_language(ev.lang)
        group_name = found.group_name if dry_run else found.group.name
        level_key = found.level.key if dry_run else None
    if as_json:
        shown = summary_object(lang, found.speakers, found.warnings) | {"pseudonyms": found.pseudonyms.shown}
        click.echo(json.dumps(shown, ensure_ascii=False, indent=2))
    else:
        if dry_run:
            say("transcripts.dry_run", lang, file=file.name, turns=len(found.turns), informants=found.informants,
                group=group_name, level=t(lang, f"level.{level_key}.address"))
        else:
            say("cli.import.replaced" if found.replaced else "cli.import.done", lang, file=file.name,
                turns=found.turns, informants=found.informants, group=group_name, id=found.transcript.id)
        show_speakers(lang, found.speakers)
        show_pseudonyms(lang, found.pseudonyms, dry_run)
    warn(lang, found.warnings)


@group("transcript", help=h("transcript"))
def transcript_group() -> None:
    pass


@transcript_group.command("list", help=h("transcript_list"))
@FOLDER
@click.option("--level", default=None, help=h("level"))
@click.option("--json", "as_json", is_flag=True, help=h("json"))
def transcript_list_command(folder: Path, level: str | None, as_json: bool) -> None:
    from bikva.store.evaluation import open_evaluation
    from bikva.intake.transcripts import transcript_rows

    with open_evaluation(folder) as (session, ev):
        rows = transcript_rows(session, ev, level)
        lang = cli_language(ev.lang)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo(t(lang, "transcripts.none"))
        return
    headings = [f"transcripts.heading.{key}" for key in
                ("id", "round", "group", "file", "format", "turns", "quotes", "imported_at", "speakers")]
    shown = [[row["id"], f"R{row['round']}", short(row["group"], 24), short(row["file"], 32), row["format"],
              row["turns"], row["quotes"], row["imported_at"][:16].replace("T", " "),
              short(", ".join(row["speakers"]), 40)] for row in rows]
    for line in table(lang, headings, shown, right=(0, 5, 6)):
        click.echo(line)


@transcript_group.command("speakers", help=h("transcript_speakers"))
@FOLDER
@click.argument("transcript_id", type=int)
@click.option("--json", "as_json", is_flag=True, help=h("json"))
def transcript_speakers_command(folder: Path, transcript_id: int, as_json: bool) -> None:
    from bikva.store.evaluation import open_evaluation
    from bikva.intake.groups import find_transcript
    from bikva.intake.speakers import structure_warnings, transcript_speakers

    with open_evaluation(folder) as (session, ev):
        transcript, interview_group, level = find_transcript(session, ev, transcript_id)
        speakers = transcript_speakers(session, transcript)
        lang = cli_language(ev.lang)
        file, group_name, level_key, round_ = transcript.original_filename, interview_group.name, level.key, level.position
    warnings = structure_warnings(speakers)
    if as_json:
        click.echo(json.dumps(summary_object(lang, speakers, warnings), ensure_ascii=False, indent=2))
    else:
        say("transcripts.speakers_of", lang, id=transcript_id, file=file, group=group_name, round=round_,
            level=t(lang, f"level.{level_key}.address"))
        show_speakers(lang, speakers)
    warn(lang, warnings)


@transcript_group.command("rename-speaker", help=h("rename_speaker"))
@FOLDER
@click.argument("transcript_id", type=int)
@click.argument("old")
@click.argument("new")
@click.option("--turn", "position", type=int, default=None, help=h("rename_turn"))
def rename_speaker_command(folder: Path, transcript_id: int, old: str, new: str, position: int | None) -> None:
    from bikva.store.evaluation import open_evaluation
    from bikva.intake.groups import find_transcript
    from bikva.intake.speakers import rename_speaker, transcript_speakers

    with open_evaluation(folder) as (session, ev):
        transcript, _group, _level = find_transcript(session, ev, transcript_id)
        result = rename_speaker(session, ev, transcript, old, new, position=position)
        speakers = transcript_speakers(session, transcript)
        lang = cli_language(ev.lang)
    key = "transcripts.merged" if result.merged else "transcripts.renamed"
    say(key, lang, old=result.old, new=result.new, turns=result.turns, id=transcript_id)
    if result.interviewer:
        say("transcripts.now_interviewer", lang, new=result.new)
    show_speakers(lang, speakers)


@transcript_group.command("move", help=h("transcript_move"))
@FOLDER
@click.argument("transcript_id", type=int)
@click.option("--level", required=True, help=h("level"))
@click.option("--group", default=None, help=h("move_group"))
def transcript_move_command(folder: Path, transcript_id: int, level: str, group: str | None) -> None:
    from bikva.store.evaluation import open_evaluation
    from bikva.intake.transcripts import move_transcript

    with open_evaluation(folder) as (session, ev):
        result = move_transcript(session, ev, transcript_id, level=level, group=group)
        lang = cli_language(ev.lang)
        shown = dict(id=transcript_id, group=result.group.name, round=result.level.position,
                     level=t(lang, f"level.{result.level.key}.address"))
    say("transcripts.moved", lang, **shown)


@transcript_group.command("remove", help=h("transcript_remove"))
@FOLDER
@click.argument("transcript_id", type=int)
@click.option("--with-quotes", is_flag=True, help=h("with_quotes"))
def transcript_remove_command(folder: Path, transcript_id: int, with_quotes: bool) -> None:
    from bikva.store.evaluation import open_evaluation
    from bikva.intake.transcripts import remove_transcript

    with open_evaluation(folder) as (session, ev):
        result = remove_transcript(session, ev, transcript_id, with_quotes=with_quotes)
        lang = cli_language(ev.lang)
    say("transcripts.removed", lang, id=transcript_id, turns=result.turns, quotes=len(result.quote_ids))
    if result.quote_ids:
        say("transcripts.removed_quotes", lang, quotes=", ".join(map(str, result.quote_ids)))


# --- what import, speakers and rename-speaker share --------------------------------------------


def summary_object(lang: str, speakers: Sequence, warnings: Sequence) -> dict[str, object]:
    return {
        "speakers": [s.as_dict() for s in speakers],
        "turns": sum(s.turns for s in speakers),
        "warnings": [{"key": w.key, "message": warning_message(lang, w)} for w in warnings],
    }


def show_speakers(lang: str, speakers: Sequence) -> None:
    click.echo(t(lang, "transcripts.speakers_heading"))
    rows = [[s.label, s.turns, s.words, t(lang, "transcripts.role." + (
        "interviewer" if s.interviewer else "unknown" if s.unknown else "informant"))] for s in speakers]
    for line in table(lang, [f"transcripts.heading.{key}" for key in ("speaker", "turns", "words", "role")],
                      rows, right=(1, 2)):
        click.echo("  " + line)


def show_pseudonyms(lang: str, pseudonyms, dry_run: bool) -> None:
    """Which labels were real names and what they became (the evaluator's terminal only)."""
    shown = pseudonyms.shown
    if not shown:
        return
    click.echo(t(lang, "transcripts.pseudonyms_dry" if dry_run else "transcripts.pseudonyms_done"))
    for name, label in shown.items():
        key = "transcripts.pseudonym_interviewer" if name in pseudonyms.interviewers else "transcripts.pseudonym"
        click.echo(t(lang, key, **printable_params({"name": name, "label": label})))
    if pseudonyms.replaced:
        click.echo(t(lang, "transcripts.pseudonyms_keep_dry" if dry_run else "transcripts.pseudonyms_keep_done"))


def warning_message(lang: str, warning) -> str:
    """A warning as one line. A level is named as the evaluation's language addresses it
    (`borgerne`); a key missing from the catalogue shows as the key rather than failing."""
    params = warning.shown_params(lang)
    return warning.key if params is None else t(lang, warning.key, **printable_params(params))


def warn(lang: str, warnings: Sequence) -> None:
    for warning in warnings:
        click.echo(t(lang, "transcripts.warning_line", message=warning_message(lang, warning)), err=True)


COMMANDS = [import_command, transcript_group]
