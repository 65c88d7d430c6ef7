"""`bikva run` and `bikva demo`: the commands that start Prefect flow runs.

They belong to the orchestration, so they live here and join the `bikva` command through the
`bikva.commands` entry points in pyproject.toml (bikva.cli.main); the plain package never
imports `flows/`.
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

import click

from bikva.cli.common import FOLDER, command, h, say
from bikva.documents.status import describe_waiting
from bikva.i18n import cli_language, t


# Prefect talks to nothing outside this machine: no analytics from the server, no telemetry.
PREFECT_QUIET = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    # The first local run starts Prefect's temporary server; a busy machine needs longer than
    # Prefect's default to bring it up.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
}
LOG_FILE = Path("logs") / "prefect.log"


def run_study(folder: Path, *, verbose: bool = False) -> None:
    """Run the study flow on `folder` and print what it made and what it waits for.

    Prefect's own log lines go to `logs/prefect.log` in the evaluation folder (`--verbose`
    shows them as well); the steps are shown on stderr as they happen (flows/progress.py); a
    refusal inside the flow is printed as the one line the plain command would print."""
    for name, value in PREFECT_QUIET.items():
        os.environ.setdefault(name, value)
    from flows.server import server_url

    if (url := server_url()) is not None:  # before Prefect is imported; else its temporary server
        os.environ["PREFECT_API_URL"] = url
    from bikva.store.evaluation import open_evaluation

    with open_evaluation(folder) as (_session, ev):  # a clear error for a wrong folder, before Prefect starts
        lang = cli_language(ev.lang)
    click.echo(t(lang, "cli.run.starting"), err=True)  # before Prefect's imports: seconds
    from flows.progress import showing

    with showing(lang, folder, verbose=verbose) as display:
        from flows.logs import send_prefect_logs_to

        send_prefect_logs_to(folder / LOG_FILE, console=verbose)
        booting = _start_temporary_server()
        from flows.refusals import Withheld, reclaim
        from flows.round import in_folder
        from flows.study import study_flow

        if booting is not None:
            booting.join()
        try:
            run = study_flow.with_options(result_storage=in_folder(folder))(str(folder.resolve()))
        except Withheld as withheld:
            display.stopped()
            raise reclaim(withheld) from None
    for path in run.guides:
        click.echo(t(lang, "cli.run.guide", path=path))
    for path in run.report:
        click.echo(t(lang, "cli.run.report", path=path))
    if run.waiting_for:
        click.echo(t(lang, "cli.run.waiting", waiting=describe_waiting(lang, run.waiting_for)))


def _start_temporary_server() -> threading.Thread | None:
    """Without a server to use (flows/server.py), Prefect starts a temporary one when the flow
    first calls its API, and waits for it to boot: seconds. Started here instead, it boots in its
    own process while this one imports the flows. Should it fail, Prefect tries again (and says
    why) when the flow starts."""
    from prefect.settings import PREFECT_API_URL

    if PREFECT_API_URL.value():
        return None

    def start() -> None:
        from prefect.server.api.server import SubprocessASGIServer

        with contextlib.suppress(Exception):
            SubprocessASGIServer().start()

    thread = threading.Thread(target=start, name="bikva-prefect-server", daemon=True)
    thread.start()
    return thread


VERBOSE = click.option("--verbose", is_flag=True, help=h("verbose"))


@command("run", help=h("run"))
@FOLDER
@VERBOSE
def run_command(folder: Path, verbose: bool) -> None:
    run_study(folder, verbose=verbose)


@command("demo", help=h("demo"))
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@VERBOSE
def demo_command(folder: Path | None, verbose: bool) -> None:
    from evaluations.demo import build_demo, demo_language

    folder = folder or Path("bikva-demo")
    say("cli.demo.building", demo_language(), folder=folder)
    run_study(build_demo(folder), verbose=verbose)
