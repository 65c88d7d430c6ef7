"""Bringing a transcript in: `bikva import`."""

from __future__ import annotations

from pathlib import Path

import click

from bikva.cli.common import FOLDER, command, h, say


@command("import", help=h("import"))
@FOLDER
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--level", required=True, help=h("level"))
@click.option("--group", default=None, help=h("group"))
@click.option("--interviewer", "interviewers", multiple=True, help=h("interviewer"))
@click.option("--replace", is_flag=True, help=h("replace"))
def import_command(folder: Path, file: Path, level: str, group: str | None, interviewers: tuple[str, ...], replace: bool) -> None:
    from bikva.store.evaluation import open_evaluation
    from bikva.intake.transcripts import import_transcript

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


COMMANDS = [import_command]
