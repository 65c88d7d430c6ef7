"""`bikva serve`: the Prefect server the app starts for its buttons goes when the app goes; a
server the evaluator runs (or names) is left running."""

from __future__ import annotations

import os
import types

import pytest

import flows.server as server
from browser import make_study
from helpers import ok


@pytest.fixture
def served(tmp_path, monkeypatch):
    """`bikva serve` with uvicorn returning (as after Ctrl-C) once the app's runner has booted
    Prefect in its thread, and Prefect's server faked."""
    calls = types.SimpleNamespace(started=0, stopped=0)

    def start_server():
        calls.started += 1
        return server.Server(url="http://127.0.0.1:1/api", pid=1, home=str(tmp_path)), True

    def stop_server():
        calls.stopped += 1

    monkeypatch.setattr(server, "start_server", start_server)
    monkeypatch.setattr(server, "stop_server", stop_server)
    monkeypatch.setattr("uvicorn.run", lambda app, **options: app.state.runner._prefect_ready.wait(10))
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    folder = make_study(tmp_path / "studie")
    before = dict(os.environ)
    yield folder, calls
    # The runner points this process at the server it found or started: not the next test.
    os.environ.clear()
    os.environ.update(before)


def test_a_prefect_server_the_app_started_is_stopped_with_it(served, monkeypatch):
    folder, calls = served
    monkeypatch.setattr(server, "server_url", lambda: None)
    ok("serve", folder, "--port", "8999")
    assert (calls.started, calls.stopped) == (1, 1)


def test_a_prefect_server_already_running_is_left_running(served, monkeypatch):
    folder, calls = served
    monkeypatch.setattr(server, "server_url", lambda: "http://127.0.0.1:2/api")
    ok("serve", folder, "--port", "8999")
    assert (calls.started, calls.stopped) == (0, 0)
