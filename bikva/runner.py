"""Running the Prefect study flow from the command line and printing what it made."""

from __future__ import annotations

import os
from pathlib import Path

import click

from bikva.i18n import cli_language, t
from bikva.status import describe_waiting


def run_study(folder: Path) -> None:
    # The first local run starts Prefect's temporary server; a busy machine needs longer
    # than Prefect's default to bring it up.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    from bikva.evaluation import open_evaluation
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
