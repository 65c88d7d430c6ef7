"""Fixtures shared by every test module. Shared functions are in helpers.py."""

from __future__ import annotations

import os

import pytest

from helpers import run_cli


@pytest.fixture(autouse=True, scope="session")
def danish_and_local():
    """Tests expect Danish messages and the evaluation folder's own SQLite database."""
    saved = {k: os.environ.pop(k) for k in ("BIKVA_LANG", "BIKVA_DATABASE_URL") if k in os.environ}
    yield
    os.environ.update(saved)


@pytest.fixture
def bikva():
    """helpers.run_cli as a fixture, for a test that would rather ask for it than import it."""
    return run_cli
