"""Many evaluations on a real engine, set up as docs/many-evaluations.md tells an IT colleague to:
bikva's data and Prefect's both on PostgreSQL, `bikva server start` on loopback, a process
work pool with two workers, the study flow deployed from prefect.yaml, and the study flows of
twenty evaluations run through the workers at once. Every report must come out, with its own
evaluation's title and a quote in it.

Everything runs as separate processes with the commands the document gives (only the twenty
evaluations are made in this process, with bikva's own functions). PostgreSQL comes from
tests/postgres.py. It takes about two minutes on two cores.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import postgres
from helpers import pdf_text
from study_files import CITIZEN_QUOTE, FRONTLINE_REACTION, write_study_files

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
EVALUATIONS = 20
THEME = "Sammenhæng i indsatsen"
WAIT_SECONDS = 600  # for all the runs: about a minute and a half on two idle cores, far more on a busy machine


def small_evaluation(folder: Path, number: int, transcripts: dict[str, Path]) -> Path:
    """Two rounds, both transcripts in, a statement and its reaction selected: ready for the report."""
    from bikva.selection.quotes import QuoteRequest, add_quote
    from bikva.intake.transcripts import import_transcript
    from bikva.store.evaluation import create_evaluation, open_evaluation

    create_evaluation(folder, title=f"Borgernes vej i jobcentret, hold {number}", levels=["citizens", "frontline"],
                      lang="da")
    with open_evaluation(folder) as (session, ev):
        import_transcript(session, ev, level="citizens", path=transcripts["citizens"])
        import_transcript(session, ev, level="frontline", path=transcripts["frontline"])
        statement = add_quote(session, ev, QuoteRequest(level="citizens", text=CITIZEN_QUOTE, theme=THEME))
        add_quote(session, ev, QuoteRequest(level="frontline", text=FRONTLINE_REACTION, theme=THEME,
                                            responds_to=statement.id))
    return folder


def test_twenty_evaluations_run_their_study_flows_through_two_workers_on_postgresql(tmp_path, monkeypatch):
    bikva_url = postgres.database("bikva_many")
    prefect_url = postgres.with_driver(postgres.database("prefect_many"), "asyncpg")
    monkeypatch.setenv("BIKVA_DATABASE_URL", bikva_url)
    transcripts = write_study_files(tmp_path / "files")
    folders = [small_evaluation(tmp_path / f"evaluering-{n:02}", n, transcripts) for n in range(1, EVALUATIONS + 1)]
    assert not any((folder / "bikva.db").exists() for folder in folders)  # the rows are in PostgreSQL

    env = {**os.environ, "BIKVA_DATABASE_URL": bikva_url, "XDG_STATE_HOME": str(tmp_path / "state"),
           "PREFECT_HOME": str(tmp_path / "prefect-client"), "PREFECT_API_DATABASE_CONNECTION_URL": prefect_url,
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1",
           # Workers look for new runs every second instead of every ten.
           "PREFECT_WORKER_QUERY_SECONDS": "1", "PREFECT_WORKER_PREFETCH_SECONDS": "1"}
    env.pop("PREFECT_API_URL", None)
    workers: list[subprocess.Popen] = []
    try:
        started = _run(env, BIN / "bikva", "server", "start")
        url = re.search(r"http://127\.0\.0\.1:\d+/api", started).group(0)
        env["PREFECT_API_URL"] = url
        assert "127.0.0.1" in _run(env, BIN / "bikva", "server", "status")
        # The server keeps its own database in PostgreSQL, not in a file of its home.
        assert not list((tmp_path / "state").rglob("*.db"))

        _run(env, BIN / "prefect", "work-pool", "create", "bikva", "--type", "process")
        _run(env, BIN / "prefect", "--no-prompt", "deploy", "--all", cwd=ROOT)
        for name in ("worker-1", "worker-2"):
            log = (tmp_path / f"{name}.log").open("w")
            workers.append(subprocess.Popen(
                [BIN / "prefect", "worker", "start", "--pool", "bikva", "--name", name, "--limit", "2"],
                env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT, start_new_session=True))

        states = json.loads(_run(env, sys.executable, "-c", _SUBMIT_AND_WAIT, json.dumps([str(f) for f in folders]),
                                 str(WAIT_SECONDS), timeout=WAIT_SECONDS + 60))
        assert states == {str(folder): "COMPLETED" for folder in folders}
    finally:
        for worker in workers:
            _stop(worker)
        _run(env, BIN / "bikva", "server", "stop", check=False)
        assert not (tmp_path / "state" / "bikva" / "server.json").exists()

    # Both workers ran flows (a worker's "submitting" may be turned down when the other took the run first).
    taken = {name: (tmp_path / f"{name}.log").read_text().count("submitted to infrastructure")
             for name in ("worker-1", "worker-2")}
    assert sum(taken.values()) == EVALUATIONS and all(taken.values()), taken
    for number, folder in enumerate(folders, start=1):
        report = pdf_text(folder / "output" / "report.pdf")
        assert f"hold {number}" in report and CITIZEN_QUOTE in report, folder
        assert CITIZEN_QUOTE in pdf_text(folder / "output" / "guide-R2-frontline.pdf")


# Creates a flow run of the deployment for each folder, then waits until every run has ended;
# prints {folder: final state}. Run in its own process, so Prefect's settings are its own.
_SUBMIT_AND_WAIT = """
import json, sys, time
from prefect.client.orchestration import get_client
from prefect.deployments import run_deployment

folders, wait = json.loads(sys.argv[1]), float(sys.argv[2])
runs = {folder: run_deployment("bikva-study/study", parameters={"folder": folder}, timeout=0).id
        for folder in folders}
deadline = time.monotonic() + wait
with get_client(sync_client=True) as client:
    while True:
        states = {folder: client.read_flow_run(run_id).state for folder, run_id in runs.items()}
        if all(state.is_final() for state in states.values()) or time.monotonic() > deadline:
            break
        time.sleep(2)
print(json.dumps({folder: state.type.value for folder, state in states.items()}))
"""


def _run(env: dict[str, str], *args: object, cwd: Path | None = None, check: bool = True, timeout: float = 240) -> str:
    result = subprocess.run([str(a) for a in args], env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    if check:
        assert result.returncode == 0, (args, result.stdout[-3000:], result.stderr[-3000:])
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


def _stop(process: subprocess.Popen) -> None:
    """A worker and the flow-run processes it started (its process group)."""
    import signal

    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass
