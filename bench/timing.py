"""Timing on a shared, noisy machine: medians of repetitions, real processes, peak memory."""

from __future__ import annotations

import gc
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

PYTHON = sys.executable
BIKVA = str(Path(sys.executable).with_name("bikva"))


class CommandFailed(RuntimeError):
    """A measured command did not succeed: the measurement says so instead of a number."""


def run(args: Sequence[str], *, env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
    """Run a command to completion; its standard output. A failure raises CommandFailed."""
    done = subprocess.run(list(args), capture_output=True, text=True, env=env, cwd=cwd)
    if done.returncode != 0:
        last = (done.stderr.strip() or done.stdout.strip() or "no output").splitlines()[-1]
        raise CommandFailed(f"`{' '.join(Path(a).name if a in (PYTHON, BIKVA) else a for a in args[:4])} …` "
                            f"exited {done.returncode}: {last[:200]}")
    return done.stdout


def seconds(action: Callable[[], object]) -> float:
    gc.collect()  # every repetition starts from the same heap
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def cpu_seconds(action: Callable[[], object]) -> float:
    """The processor time this process spent on `action`: for two sides timed in one process, so
    what other processes on a shared machine do moves neither (wall time varied twofold here)."""
    gc.collect()
    started = time.process_time()
    action()
    return time.process_time() - started


def timed_command(args: Sequence[str], **kwargs) -> float:
    return seconds(lambda: run(args, **kwargs))


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def alternating(first: Callable[[], float], second: Callable[[], float], repeat: int) -> tuple[list[float], list[float]]:
    """Time two things `repeat` times each, alternating which goes first, so that neither gains
    from the order (a warm page cache, a neighbour's burst)."""
    a, b = [], []
    for n in range(repeat):
        if n % 2:
            b.append(second())
        a.append(first())
        if not n % 2:
            b.append(second())
    return a, b


# A child that runs one command and reports the command's own peak memory: getrusage of its
# children, in a process of its own so no earlier child of ours is counted.
_PEAK = (
    "import json, resource, subprocess, sys;"
    "done = subprocess.run(sys.argv[1:], capture_output=True, text=True);"
    "print(json.dumps({'code': done.returncode, 'out': done.stdout, 'err': done.stderr,"
    " 'maxrss_kb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))"
)


def with_peak_memory(args: Sequence[str], *, env: dict[str, str] | None = None, cwd: Path | None = None) -> tuple[str, float]:
    """Run a command; (its standard output, its peak resident memory in MB)."""
    done = subprocess.run([PYTHON, "-c", _PEAK, *args], capture_output=True, text=True, env=env, cwd=cwd)
    report = json.loads(done.stdout)
    if report["code"] != 0:
        last = (report["err"].strip() or "no output").splitlines()[-1]
        raise CommandFailed(f"exited {report['code']}: {last[:200]}")
    return report["out"], report["maxrss_kb"] / 1024  # Linux reports kilobytes


def quiet_environment(**extra: str) -> dict[str, str]:
    """The environment for measured commands: Danish messages, no colour, plus `extra`."""
    env = dict(os.environ)
    env.update({"BIKVA_LANG": "da", "NO_COLOR": "1"}, **extra)
    return env
