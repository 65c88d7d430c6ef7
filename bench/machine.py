"""What a benchmark ran on: the machine and the versions, for docs/performance.md."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def machine() -> dict[str, str]:
    return {"CPU": _cpu(), "cores": str(os.cpu_count()), "memory": _memory(), "system": platform.platform(terse=True)}


def versions() -> dict[str, str]:
    return {
        "Python": platform.python_version(),
        "bikva commit": _commit(),
        "Prefect": _version("prefect"),
        "WeasyPrint": _version("weasyprint"),
        "SQLite": sqlite3.sqlite_version,
    }


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 ** 2:.1f} GB"
    except OSError:
        pass
    return "unknown"


def _commit() -> str:
    """The checkout's commit, and whether the working tree differs from it (read-only git)."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True, check=True).stdout.strip()
        changed = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                                 capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{commit} (with uncommitted changes)" if changed else commit


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"
