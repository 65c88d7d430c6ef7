"""Fixtures shared by every test module. Shared functions are in helpers.py."""

from __future__ import annotations

import os

import pytest

from helpers import run_cli


@pytest.fixture(autouse=True, scope="session")
def danish_and_local(tmp_path_factory):
    """Tests expect Danish messages, the evaluation folder's own SQLite database, and no Prefect
    server but the ones they start themselves (a developer's own `bikva server` keeps its state
    under XDG_STATE_HOME, so tests get a state folder of their own)."""
    saved = {k: os.environ.pop(k) for k in ("BIKVA_LANG", "BIKVA_DATABASE_URL", "PREFECT_API_URL", "XDG_STATE_HOME")
             if k in os.environ}
    os.environ["XDG_STATE_HOME"] = str(tmp_path_factory.mktemp("state"))
    yield
    os.environ.pop("XDG_STATE_HOME", None)
    os.environ.update(saved)


@pytest.fixture
def bikva():
    """helpers.run_cli as a fixture, for a test that would rather ask for it than import it."""
    return run_cli
