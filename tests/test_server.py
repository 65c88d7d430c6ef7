"""`bikva server start|status|stop`: a real Prefect server process on loopback, its home in
bikva's state folder, and `bikva run` using it instead of Prefect's temporary server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from helpers import message_pattern, ok, run_cli
from study_files import CITIZEN_QUOTE, write_study_files

BIN = Path(sys.executable).parent


@pytest.fixture
def state(tmp_path, monkeypatch):
    """bikva's state folder for this test; no server named from outside."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    yield tmp_path / "state" / "bikva"
    run_cli("server", "stop")  # whatever happened, no server is left running


def _says(output: str, key: str) -> bool:
    return message_pattern("da", key).fullmatch(output.strip()) is not None


def _flow_runs(url: str) -> list[str]:
    request = urllib.request.Request(f"{url}/flow_runs/filter", data=b"{}", method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return [run["name"] for run in json.load(response)]


def test_server_starts_in_the_background_is_used_by_bikva_run_and_stops(tmp_path, state, monkeypatch):
    from flows.server import running_server, server_url

    assert _says(ok("server", "status"), "server.not_running")
    assert server_url() is None

    started = ok("server", "start")
    assert _says(started, "server.started"), started
    server = running_server()
    assert server is not None and server.url.startswith("http://127.0.0.1:")
    assert json.loads((state / "server.json").read_text())["pid"] == server.pid
    assert (state / "prefect" / "prefect.db").is_file()  # its database in bikva's state folder
    assert _says(ok("server", "start"), "server.already_running")
    assert _says(ok("server", "status"), "server.running")
    assert server_url() == server.url

    # `bikva run` (its own process, as an evaluator starts it) makes its flow run on this server.
    files = write_study_files(tmp_path / "files")
    folder = tmp_path / "evaluering"
    ok("new", folder, "--title", "Med server", "--levels", "citizens,frontline")
    ok("import", folder, "--level", "citizens", files["citizens"])
    ok("quote", "add", folder, "--level", "citizens", "--text", CITIZEN_QUOTE, "--theme", "Sammenhæng i indsatsen")
    env = {key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-client")
    run = subprocess.run([BIN / "bikva", "run", folder], env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert (folder / "output" / "guide-R2-frontline.pdf").is_file()
    assert len(_flow_runs(server.url)) == 1  # the study flow, on this server (its rounds are its tasks)

    # PREFECT_API_URL names another server: that one wins, and status says so.
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")
    assert server_url() == "http://127.0.0.1:9/api"
    assert "PREFECT_API_URL" in ok("server", "status")
    monkeypatch.delenv("PREFECT_API_URL")

    stopped = ok("server", "stop")
    assert _says(stopped, "server.stopped"), stopped
    assert not (state / "server.json").exists()
    with pytest.raises(ProcessLookupError):
        os.kill(server.pid, 0)
    assert server_url() is None
    assert _says(ok("server", "stop"), "server.not_running")
