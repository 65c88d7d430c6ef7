"""`bikva run` and `bikva demo`: the commands that start Prefect flow runs.

They belong to the orchestration, so they live here and join the `bikva` command through the
`bikva.commands` entry points in pyproject.toml (bikva.cli.main); the plain package never
imports `flows/`.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from bikva.cli.common import FOLDER, command, h, say
from bikva.documents.status import describe_waiting
from bikva.i18n import cli_language, t


def run_study(folder: Path) -> None:
    """Run the study flow on `folder` and print what it made and what it waits for."""
    # The first local run starts Prefect's temporary server; a busy machine needs longer
    # than Prefect's default to bring it up.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    from bikva.store.evaluation import open_evaluation
    from flows.study import study_flow

    with open_evaluation(folder):  # a clear error for a wrong folder, before Prefect starts
        pass
    run = study_flow(str(folder.resolve()))
    lang = cli_language(run.language)
    for path in run.guides:
        click.echo(t(lang, "cli.run.guide", path=path))
    for path in run.report:
        click.echo(t(lang, "cli.run.report", path=path))
    if run.waiting_for:
        click.echo(t(lang, "cli.run.waiting", waiting=describe_waiting(lang, run.waiting_for)))


@command("run", help=h("run"))
@FOLDER
def run_command(folder: Path) -> None:
    run_study(folder)


@command("demo", help=h("demo"))
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
def demo_command(folder: Path | None) -> None:
    from evaluations.demo import build_demo, demo_language

    folder = folder or Path("bikva-demo")
    say("cli.demo.building", demo_language(), folder=folder)
    run_study(build_demo(folder))
