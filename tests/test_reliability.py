"""Reliability: a command killed at any moment leaves a consistent evaluation, concurrent
commands lose nothing, and generated files are replaced atomically.

Processes are real `bikva` processes (tests/reliability_worker.py: bikva.cli.main.main after a
"go" on stdin) killed with SIGKILL, either after a delay or at an exact point (an SQL
statement, the commit, the rename of a generated file). Only correctness is asserted, never
timing: the machines are shared.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from bikva.store import files
from bikva.errors import BikvaError
from helpers import file_digest, refused, run_cli
from study_files import CITIZEN_QUOTE, write_study_files


WORKER = Path(__file__).parent / "reliability_worker.py"
THEME = "Sammenhæng i indsatsen"
TURNS = 3000


# --- helpers ----------------------------------------------------------------------------------


class Worker:
    """A started worker, ready to work (modules imported) once `ready()` has returned."""

    def __init__(self, *args: object, options: tuple[str, ...] = (), database_url: str | None = None) -> None:
        env = {k: v for k, v in os.environ.items() if k not in ("BIKVA_DATABASE_URL", "BIKVA_LANG")}
        if database_url:
            env["BIKVA_DATABASE_URL"] = database_url
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER), *options, "--", *map(str, args)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
        )

    def ready(self) -> Worker:
        line = self.process.stdout.readline()
        assert line.strip() == "ready", (line, self.process.stderr.read())
        return self

    def go(self) -> Worker:
        self.process.stdin.write("go\n")
        self.process.stdin.flush()
        return self

    def kill_after(self, seconds: float) -> int:
        time.sleep(seconds)
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        return self.finish()[0]

    def finish(self) -> tuple[int, str, str]:
        out, err = self.process.communicate(timeout=120)
        return self.process.returncode, out, err


def big_transcript(path: Path, turns: int = TURNS) -> Path:
    lines = []
    for i in range(turns):
        if i % 2 == 0:
            lines.append(f"I: Spørgsmål nummer {i}, om ventetiden?")
        else:
            lines.append(f"B{i % 7 + 1}: Svar nummer {i}: sagsbehandleren ringede tilbage efter {i} dage.")
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def table_count(connection: sqlite3.Connection, table: str) -> int:
    return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def check_consistent(folder: Path, turns: int = TURNS) -> bool:
    """The database is sound and holds the transcript wholly or not at all; True if it is there."""
    connection = sqlite3.connect(folder / "bikva.db")  # rolls a hot journal back, as bikva would
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        transcripts = table_count(connection, "transcript")
        assert transcripts in (0, 1)
        if transcripts == 0:  # nothing of the import: no turns, speakers or group either
            assert [table_count(connection, t) for t in ("turn", "participant", "interview_group")] == [0, 0, 0]
        else:
            assert table_count(connection, "turn") == turns
            assert table_count(connection, "participant") == 7
        orphans = connection.execute(
            "SELECT count(*) FROM turn WHERE transcript_id NOT IN (SELECT id FROM transcript)").fetchone()[0]
        assert orphans == 0
        journal = folder / "bikva.db-journal"
        # A hot journal is rolled back (and deleted) by now. What may remain is the journal of a
        # transaction killed before its first sync: its header is still zero, which tells SQLite
        # (and us) that bikva.db was never touched; the next write reuses and removes it.
        assert not journal.exists() or journal.read_bytes()[:8] == bytes(8)
        return transcripts == 1
    finally:
        connection.close()


def rerun_import(folder: Path, transcript: Path, was_there: bool) -> None:
    result = run_cli("import", folder, "--level", "citizens", transcript)
    if was_there:
        assert result.code == 2 and "allerede indlæst" in result.err, result
    else:
        assert result.code == 0, result
    assert check_consistent(folder)
    assert not (folder / "bikva.db-journal").exists()  # the rerun's commit removed any leftover


@pytest.fixture(scope="module")
def empty_evaluation(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("reliability") / "tom"
    assert run_cli("new", folder, "--title", "Pålidelighed").code == 0
    return folder


@pytest.fixture(scope="module")
def transcript(tmp_path_factory) -> Path:
    return big_transcript(tmp_path_factory.mktemp("transcript") / "stor.txt")


def copies(template: Path, root: Path, count: int) -> list[Path]:
    folders = []
    for i in range(count):
        shutil.copytree(template, root / f"ev{i}")
        folders.append(root / f"ev{i}")
    return folders


# --- SIGKILL during import ---------------------------------------------------------------------


def test_import_killed_after_any_delay_leaves_all_or_nothing_and_a_rerun_succeeds(empty_evaluation, transcript,
                                                                                   tmp_path):
    # How long the import's own work takes here, now (start-up excluded).
    [timing, *folders] = copies(empty_evaluation, tmp_path, 9)
    worker = Worker("import", timing, "--level", "citizens", transcript).ready().go()
    started = time.monotonic()
    code, _, err = worker.finish()
    work = time.monotonic() - started
    assert code == 0, err
    # Kill points from the very start to just past the end of the work (before "go", too).
    workers = [Worker("import", folder, "--level", "citizens", transcript) for folder in folders]
    delays = [None] + [work * k / (len(folders) - 2) for k in range(len(folders) - 1)]
    outcomes = []
    for worker, delay in zip(workers, delays):
        if delay is None:  # killed while Python is still starting
            worker.kill_after(0)
            continue
        worker.ready().go().kill_after(delay)
    for folder in folders:
        present = check_consistent(folder)
        outcomes.append(present)
        rerun_import(folder, transcript, present)
    assert False in outcomes  # at least one kill came before the commit


@pytest.mark.parametrize("point", ["statement-25%", "statement-60%", "statement-last", "commit"])
def test_import_killed_mid_transaction_with_pages_spilled_to_disk_rolls_back(
        empty_evaluation, transcript, tmp_path, point, statement_count):
    folder = copies(empty_evaluation, tmp_path, 1)[0]
    options = ["--cache-pages", "8"]  # changed pages spill into bikva.db before the commit
    if point == "commit":
        options.append("--kill-at-commit")
    else:
        where = point.removeprefix("statement-")
        total = statement_count
        k = total if where == "last" else max(2, total * int(where.rstrip("%")) // 100)
        options += ["--kill-at-statement", str(k)]
    before = file_digest(folder / "bikva.db")
    code, _, _ = Worker("import", folder, "--level", "citizens", transcript, options=tuple(options)).ready().go().finish()
    assert code == -signal.SIGKILL
    if point == "commit":
        # the transaction had written into bikva.db itself before dying: only the (hot) journal
        # can undo that, and the next reader must roll it back before reading
        assert file_digest(folder / "bikva.db") != before
        assert (folder / "bikva.db-journal").read_bytes()[:8] != bytes(8)
    assert check_consistent(folder) is False
    assert file_digest(folder / "bikva.db") == before  # rolled back byte for byte
    rerun_import(folder, transcript, was_there=False)


@pytest.fixture(scope="module")
def statement_count(empty_evaluation, transcript, tmp_path_factory) -> int:
    """SQL statements an uninterrupted import runs (to place the kill points)."""
    folder = copies(empty_evaluation, tmp_path_factory.mktemp("count"), 1)[0]
    code, out, err = Worker("import", folder, "--level", "citizens", transcript,
                            options=("--count-statements",)).ready().go().finish()
    assert code == 0, err
    return int(out.strip().splitlines()[-1].removeprefix("statements="))


# --- SIGKILL during report ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def study(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("report")
    paths = write_study_files(root / "files")
    folder = root / "studie"
    for args in [
        ("new", folder, "--title", "Rapport under beskydning"),
        ("import", folder, "--level", "citizens", paths["citizens"]),
        ("quote", "add", folder, "--level", "citizens", "--theme", THEME, "--text", CITIZEN_QUOTE),
    ]:
        result = run_cli(*args)
        assert result.code == 0, result
    return folder


def complete_pdf(path: Path) -> bool:
    reader = PdfReader(str(path))
    return len(reader.pages) > 0 and "Rapport under beskydning" in (reader.pages[0].extract_text() or "")


def stray_temporaries(path: Path) -> list[Path]:
    return [p for p in path.parent.iterdir() if p.name.startswith(f".{path.name}.") and p.name.endswith(".tmp")]


def test_report_killed_at_any_point_never_replaces_a_good_pdf_with_a_partial_one(study, tmp_path):
    out = tmp_path / "out.pdf"
    assert run_cli("report", study, "-o", out).code == 0
    good = out.read_bytes()
    assert complete_pdf(out)
    fractions = [0.5, 0.95, 1.1]
    workers = [Worker("report", study, "-o", out) for _ in fractions]
    # The moment that matters most: the new PDF is wholly written to its temporary name, and not
    # yet renamed. (How long it takes to get there also places the other kill points.)
    worker = Worker("report", study, "-o", out, options=("--kill-before-rename",)).ready().go()
    started = time.monotonic()
    assert worker.finish()[0] == -signal.SIGKILL
    work = time.monotonic() - started
    assert out.read_bytes() == good
    assert stray_temporaries(out)  # left by the killed writer: hidden, and read by nothing
    for worker, fraction in zip(workers, fractions):
        worker.ready().go().kill_after(work * fraction)
        data = out.read_bytes()
        assert data == good or complete_pdf(out)  # the old file or a whole new one, never a part
        good = data
    # A rerun succeeds, writes a whole PDF, and clears what killed writers left behind.
    result = run_cli("report", study, "-o", out)
    assert result.code == 0, result
    assert complete_pdf(out)
    assert stray_temporaries(out) == []
    connection = sqlite3.connect(study / "bikva.db")
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()


# --- concurrency -------------------------------------------------------------------------------


QUOTE_WORKER = """
import sys
from bikva.cli.main import main
folder, first, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for i in range(first, first + 2 * count, 2):  # odd numbers are the informants' answers
    code = main(["quote", "add", folder, "--level", "citizens", "--theme", "Sammenhæng i indsatsen",
                 "--text", f"Svar nummer {i}:"])
    if code != 0:
        sys.exit(code)
"""


def test_concurrent_quote_adds_lose_nothing(empty_evaluation, transcript, tmp_path):
    folder = copies(empty_evaluation, tmp_path, 1)[0]
    assert run_cli("import", folder, "--level", "citizens", transcript).code == 0
    processes, per_process = 3, 10
    env = {k: v for k, v in os.environ.items() if k not in ("BIKVA_DATABASE_URL", "BIKVA_LANG")}
    # Each process adds its own ten answers.
    workers = [
        subprocess.Popen([sys.executable, "-c", QUOTE_WORKER, str(folder), str(1 + 2 * per_process * p),
                          str(per_process)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for p in range(processes)
    ]
    results = [worker.communicate(timeout=300) for worker in workers]
    for worker, (out, err) in zip(workers, results):
        assert worker.returncode == 0, err
        assert "locked" not in err and err == "", err
    quotes = json.loads(run_cli("quote", "list", folder, "--json").out)
    assert len(quotes) == processes * per_process
    assert len({q["id"] for q in quotes}) == len(quotes)
    assert len({q["text"] for q in quotes}) == len(quotes)


def test_the_same_file_imported_twice_at_once_is_stored_once(empty_evaluation, transcript, tmp_path):
    folder = copies(empty_evaluation, tmp_path, 1)[0]
    workers = [Worker("import", folder, "--level", "citizens", transcript) for _ in range(2)]
    for worker in workers:
        worker.ready()
    for worker in workers:
        worker.go()
    results = sorted(worker.finish() for worker in workers)
    assert [code for code, _, _ in results] == [0, 2], results
    assert "allerede indlæst" in results[1][2]
    assert len(results[1][2].splitlines()) == 1
    assert check_consistent(folder)


# --- atomic writes -----------------------------------------------------------------------------


def test_a_write_that_fails_midway_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"the good old report")

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", broken_fsync)
    with pytest.raises(BikvaError) as refused:
        files.write_atomic(target, b"half a new rep")
    assert refused.value.key == "file.unwritable"
    assert target.read_bytes() == b"the good old report"
    assert stray_temporaries(target) == []


def test_a_write_interrupted_before_the_rename_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "guide.html"
    target.write_text("old", encoding="utf-8")

    def interrupted(source, destination):
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        files.write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert stray_temporaries(target) == []


def test_leftovers_of_dead_writers_are_removed_and_those_of_live_ones_kept(tmp_path):
    target = tmp_path / "report.pdf"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)
    left = tmp_path / f".report.pdf.{dead_pid}.abcd1234.tmp"
    live = tmp_path / f".report.pdf.{os.getppid()}.abcd1234.tmp"
    other = tmp_path / f".other.pdf.{dead_pid}.abcd1234.tmp"
    longer = tmp_path / f".report.pdf.2.{dead_pid}.abcd1234.tmp"  # report.pdf.2's, not ours
    for path in (left, live, other, longer):
        path.write_bytes(b"partial")
    files.write_atomic(target, b"whole")
    assert target.read_bytes() == b"whole"
    assert not left.exists() and live.exists() and other.exists() and longer.exists()


def test_a_replaced_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "guide.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    files.write_atomic(target, "new")
    assert (target.stat().st_mode & 0o777) == 0o640
    fresh = files.write_atomic(tmp_path / "new.md", "x")
    umask = os.umask(0)
    os.umask(umask)
    assert (fresh.stat().st_mode & 0o777) == 0o666 & ~umask


def test_an_unwritable_destination_is_one_line_naming_it(tmp_path):
    (tmp_path / "fil").write_text("x", encoding="utf-8")
    with pytest.raises(BikvaError) as refused:
        files.write_atomic(tmp_path / "fil" / "under.pdf", b"x")
    assert refused.value.key == "file.unwritable" and "under.pdf" in refused.value.params["file"]


def test_a_command_that_cannot_get_the_lock_in_time_says_so_in_one_line(study, tmp_path, monkeypatch):
    import bikva.store.engine

    folder = tmp_path / "kopi"  # a new path: a new engine, whose connections get the short timeout
    shutil.copytree(study, folder)
    monkeypatch.setattr(bikva.store.engine, "BUSY_TIMEOUT_MS", 200)
    other = sqlite3.connect(folder / "bikva.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process in the middle of a change
    try:
        line = refused(folder, "quote", "add", folder, "--level", "citizens", "--theme", THEME, "--text", "Jeg er enig")
        assert "en anden bikva-kommando" in line
    finally:
        other.execute("ROLLBACK")
        other.close()
    result = run_cli("quote", "add", folder, "--level", "citizens", "--theme", THEME, "--text", "Jeg er enig")
    assert result.code == 0, result
