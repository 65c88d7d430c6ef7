"""Shared fixtures: run the CLI in-process, read PDFs back, snapshot a database file."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from bikva.cli.main import main


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def last_line(self) -> str:
        return self.out.strip().splitlines()[-1]


def run_cli(*args: object) -> Result:
    """Run `bikva ARGS...` in this process, as the console command would."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return Result(code, out.getvalue(), err.getvalue())


def ok(*args: object) -> str:
    """Run a command that must succeed; its standard output."""
    result = run_cli(*args)
    assert result.code == 0, result.err
    return result.out


def add_quote(folder: Path, level: str, text: str, *extra: object) -> int:
    """Select a quote through the CLI; its id (the last line printed)."""
    return int(ok("quote", "add", folder, "--level", level, "--text", text, *extra).strip().splitlines()[-1])


@pytest.fixture(autouse=True, scope="session")
def danish_and_local():
    """Tests expect Danish messages and the evaluation folder's own SQLite database."""
    saved = {k: os.environ.pop(k) for k in ("BIKVA_LANG", "BIKVA_DATABASE_URL") if k in os.environ}
    yield
    os.environ.update(saved)


@pytest.fixture
def bikva():
    return run_cli


def pdf_text(path: Path) -> str:
    """The PDF's text as a reader gets it, with all whitespace runs folded to one space."""
    reader = PdfReader(str(path))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def section(text: str, start: str, end: str | None) -> str:
    """The part of `text` from the first `start` up to the next `end` (or the end)."""
    begin = text.index(start)
    stop = text.find(end, begin + len(start)) if end else -1
    return text[begin: stop if stop != -1 else len(text)]


__all__ = ["Result", "add_quote", "file_digest", "flat", "ok", "pdf_text", "run_cli", "section", "re"]
