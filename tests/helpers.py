"""What tests share: run the CLI in-process, expect a refusal, read PDFs back, snapshot a file.

Test modules import these (`from helpers import run_cli, ok`); conftest.py holds only fixtures.
Parser-level helpers for the importer tests are in importer_samples.py, sample transcripts in
study_files.py.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

from bikva.cli.main import main
from bikva.i18n import lookup


@dataclass
class Result:
    """What one in-process run of `bikva` gave: exit code, standard output, standard error."""

    code: int
    out: str
    err: str

    @property
    def last_line(self) -> str:
        """The last non-blank line of standard output (a new id, a written file)."""
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
    assert result.code == 0, (args, result.err)
    return result.out


def refused(folder: Path, *args: object, key: str | None = None, file: str | None = None, lang: str = "da") -> str:
    """Run a command that must be refused; the one line it wrote on stderr (without the newline).

    Refused means: exit code 2, nothing on stdout, exactly one line on stderr starting `bikva: `,
    and `folder`'s bikva.db byte-identical to before (or still absent) with no journal left.
    With `key` the line must be that catalogue message in `lang` (placeholders match any text);
    with `file` it must name that file first (`bikva: <file>: ...`).
    """
    database = folder / "bikva.db"
    before = file_digest(database) if database.exists() else None
    result = run_cli(*args)
    assert result.code == 2, (args, result)
    assert result.out == "", (args, result)
    lines = result.err.splitlines()
    assert len(lines) == 1, (args, result.err)
    line = lines[0]
    assert line.startswith("bikva: "), line
    if file is not None:
        assert line.startswith(f"bikva: {file}: "), line
    if key is not None:
        assert message_pattern(lang, key).fullmatch(line.removeprefix("bikva: ")), (key, line)
    assert (file_digest(database) if database.exists() else None) == before, "bikva.db changed"
    assert not (folder / "bikva.db-journal").exists()
    return line


def message_pattern(lang: str, key: str) -> re.Pattern[str]:
    """The catalogue message for `key` with every {placeholder} matching any text."""
    parts = re.split(r"\{\w+\}", str(lookup(lang, key)))
    return re.compile(".+?".join(re.escape(part) for part in parts), re.S)


def add_quote(folder: Path, level: str, text: str, *extra: object) -> int:
    """Select a quote through the CLI; its id (the last line printed)."""
    return int(ok("quote", "add", folder, "--level", level, "--text", text, *extra).strip().splitlines()[-1])


def pdf_text(path: Path) -> str:
    """The PDF's text as a reader gets it, with all whitespace runs folded to one space."""
    reader = PdfReader(str(path))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def flat(text: str) -> str:
    """`text` with every whitespace run folded to one space and no space at either end."""
    return " ".join(text.split())


def file_digest(path: Path) -> str:
    """The SHA-256 of the file's bytes, to show it is byte-identical later."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def section(text: str, start: str, end: str | None) -> str:
    """The part of `text` from the first `start` up to the next `end` (or the end)."""
    begin = text.index(start)
    stop = text.find(end, begin + len(start)) if end else -1
    return text[begin: stop if stop != -1 else len(text)]
