"""The `bikva` program as a real process: it leaves without Python's slow teardown
(bikva.cli.main.program), and that must never cost output, an exit code or an exit handler."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers import ok


def bikva(*args: object, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bikva", *map(str, args)], capture_output=True, text=True, **kwargs)


def test_a_real_process_prints_everything_and_exits_0(tmp_path: Path):
    folder = tmp_path / "studie"
    ok("new", folder, "--title", "Koordinerende sagsbehandlere")
    done = bikva("status", folder)
    assert done.returncode == 0, done.stderr
    # All of what the command printed arrives, to the last line, through a pipe.
    assert done.stdout == ok("status", folder)
    assert done.stdout.rstrip().splitlines()[-1]


def test_a_refusal_in_a_real_process_is_one_line_and_exit_2(tmp_path: Path):
    done = bikva("status", tmp_path / "ingen")
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1 and done.stderr.startswith("bikva: ")


def test_exit_handlers_still_run(tmp_path: Path):
    # What a normal exit runs (temporary folders, log handlers) runs before the process leaves.
    marker = tmp_path / "ran"
    code = ("import atexit, pathlib, sys; "
            f"atexit.register(lambda: pathlib.Path({str(marker)!r}).write_text('ja')); "
            "sys.argv = ['bikva', '--help']; "
            "from bikva.cli.main import program; program()")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert marker.read_text() == "ja"
    assert "bikva" in done.stdout
