"""`bikva serve`: the web app (bikva/web/) on this machine, with the flows run through Prefect.

The plain package never imports flows/, so the command lives here and joins `bikva` through the
`bikva.commands` entry points (pyproject.toml). It builds the app with `FlowRunner`, which runs the
round and study flows one at a time in a thread of the server, collecting their progress events
for the pages; the Prefect server is bikva's own (`bikva server`, flows/server.py), started in the
background with the app, so the pages answer at once while it boots. uvicorn listens on loopback
unless --host says otherwise. `--all` serves every evaluation in a folder (a team server).
"""

from __future__ import annotations

import itertools
import os
import threading
from datetime import datetime, timezone
from pathlib import Path

import click

from bikva.cli.common import command, h, say
from bikva.web.jobs import Job


class FlowRunner:
    """Runs flows for the web app, one at a time (Prefect's progress listener is one per process)."""

    def __init__(self, *, start_prefect: bool = True) -> None:
        self._jobs: dict[int, Job] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._prefect_ready = threading.Event()
        self.started_server = False  # a Prefect server this runner started, stopped with the app
        if start_prefect:
            threading.Thread(target=self._boot_prefect, name="bikva-prefect", daemon=True).start()
        else:
            self._prefect_ready.set()

    def _boot_prefect(self) -> None:
        from flows.commands import PREFECT_QUIET
        from flows.server import server_url, start_server

        for name, value in PREFECT_QUIET.items():
            os.environ.setdefault(name, value)
        try:
            url = server_url()
            if url is None:
                server, self.started_server = start_server()
                url = server.url
            os.environ["PREFECT_API_URL"] = url
        except Exception:  # noqa: BLE001  without it, Prefect starts its temporary server per run
            pass
        finally:
            self._prefect_ready.set()

    def start(self, folder: Path, kind: str, level: str | None = None) -> Job:
        job = Job(id=next(self._ids), kind=kind, level=level)
        self._jobs[job.id] = job
        threading.Thread(target=self._run, args=(Path(folder), job), name=f"bikva-job-{job.id}", daemon=True).start()
        return job

    def job(self, job_id: int) -> Job | None:
        return self._jobs.get(job_id)

    def _run(self, folder: Path, job: Job) -> None:
        self._prefect_ready.wait()
        with self._lock:
            from flows import progress
            from flows.logs import send_prefect_logs_to
            from flows.commands import LOG_FILE
            from flows.refusals import Withheld, reclaim

            job.state, job.started = "running", datetime.now(timezone.utc)
            progress._listener = lambda event, **params: job.events.append((event, params))
            try:
                send_prefect_logs_to(folder / LOG_FILE, console=False)
                job.made, job.waiting_for = self._flow(folder, job)
                job.state = "done"
            except Withheld as withheld:
                job.error, job.state = reclaim(withheld), "failed"
            except Exception as error:  # noqa: BLE001  shown on the page as a refusal or "went wrong"
                job.error, job.state = error, "failed"
            finally:
                progress._listener = None
                job.finished = datetime.now(timezone.utc)

    @staticmethod
    def _flow(folder: Path, job: Job) -> tuple[list[str], list]:
        from flows.round import in_folder, round_flow
        from flows.study import study_flow

        where = str(folder.resolve())
        if job.kind == "round":
            made = round_flow.with_options(result_storage=in_folder(folder))(where, job.level)
            return list(made), []
        run = study_flow.with_options(result_storage=in_folder(folder))(where)
        return run.guides + run.report, run.waiting_for


@command("serve", help=h("serve"))
@click.argument("folder", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help=h("serve_host"))
@click.option("--port", default=8000, show_default=True, type=int, help=h("serve_port"))
@click.option("--all", "team", is_flag=True, help=h("serve_all"))
def serve_command(folder: Path, host: str, port: int, team: bool) -> None:
    import uvicorn

    from bikva.web.app import create_app, create_team_app

    runner = FlowRunner()
    app = create_team_app(folder, runner=runner) if team else create_app(folder, runner=runner)
    say("web.serve.listening", url=f"http://{host}:{port}/")
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
    finally:
        # The Prefect server came with the app, and goes with it; one the evaluator started
        # (`bikva server start`) or named (PREFECT_API_URL) is left running.
        if runner.started_server:
            from flows.server import stop_server

            stop_server()
