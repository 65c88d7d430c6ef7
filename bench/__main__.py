"""bikva's benchmarks: every speed target, measured and written to docs/performance.md.

    .venv/bin/python -m bench                     # everything, sizes S, M and L (about 15 minutes)
    .venv/bin/python -m bench --sizes S,M         # without L (its measurements say "not available")
    .venv/bin/python -m bench --only status,import

Run from the checkout's root. The synthetic evaluations are generated on first use and cached in
bench/.cache/. docs/performance.md is rewritten after a complete run (all sizes, every
measurement), or with --write.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from bench import generate, machine
from bench.measurements import (
    IMPORT_SIZE,
    MEASUREMENTS,
    RECURRENCE_SIZES,
    REPORT_SIZE,
    RUN_SIZE,
    STATUS_SIZE,
    Context,
    Result,
    measure,
)

DOC = generate.ROOT / "docs" / "performance.md"
COMMAND = ".venv/bin/python -m bench"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="S,M,L", help="sizes to use, of S, M, L (default: all)")
    parser.add_argument("--only", default="", help=f"measurements to run, comma-separated, of: {', '.join(MEASUREMENTS)}")
    parser.add_argument("--repeat", type=int, default=5, help="repetitions of a cheap measurement (the median counts)")
    parser.add_argument("--write", action="store_true", help="write docs/performance.md even after a partial run")
    args = parser.parse_args(argv)
    sizes = {s.strip().upper() for s in args.sizes.split(",") if s.strip()}
    only = [n.strip() for n in args.only.split(",") if n.strip()] or list(MEASUREMENTS)
    unknown = sorted(sizes - {"S", "M", "L"}) + [n for n in only if n not in MEASUREMENTS]
    if unknown:
        parser.error(f"unknown: {', '.join(unknown)}")

    started = time.perf_counter()
    about = machine.machine() | machine.versions()
    print("  ".join(f"{key}: {value}" for key, value in about.items()))
    for name in ("S", "M", "L"):
        if name in sizes:
            generate.cached_evaluation(generate.SIZES[name])
            print(f"size {generate.SIZES[name].describe()}")
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="bikva-bench-") as work:
        ctx = Context(Path(work), sizes, args.repeat)
        try:
            for name in only:
                print(f"\n{name} ...", flush=True)
                begun = time.perf_counter()
                for result in measure(ctx, name):
                    results.append(result)
                    print(f"  {result.title}\n    {result.verdict}" + (f"\n    {result.detail}" if result.detail else ""), flush=True)
                print(f"  ({time.perf_counter() - begun:.0f} s)")
        finally:
            ctx.close()
    total = time.perf_counter() - started
    print(f"\nall measurements: {total / 60:.1f} minutes")
    complete = only == list(MEASUREMENTS) and {"S", "M", "L"} <= sizes
    if complete or args.write:
        DOC.write_text(document(results, about, args, total), encoding="utf-8")
        print(f"written: {DOC.relative_to(generate.ROOT)}")
    return 0


def document(results: list[Result], about: dict[str, str], args: argparse.Namespace, total: float) -> str:
    sizes = "\n".join(f"- {generate.SIZES[name].describe()}" for name in ("S", "M", "L"))
    rows = "\n".join(
        f"| {r.title} | {r.shown_value} | {r.target} | {_met(r)} |" for r in results
    )
    details = "\n".join(f"- **{r.title}**: {r.detail or r.unavailable or r.failed}" for r in results)
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    machine_lines = "\n".join(f"- {key}: {value}" for key, value in about.items())
    return f"""# Performance

Run the benchmarks from the checkout's root with one command:

    {COMMAND}

It takes 10 to 15 minutes on two cores once the synthetic evaluations are cached (generating
them the first time adds a minute or two); `--sizes S,M` leaves out the largest size, `--only NAME`
runs one measurement ({", ".join(MEASUREMENTS)}), `--repeat N` sets the repetitions. The code is
in `bench/`; this file is written by it after a complete run. Speed targets live here only, never
in the unit tests (`tests/test_bench.py` only checks that the generator still makes what it
should).

Every target is a ratio against a baseline timed on the same machine in the same minutes, so a
slow or busy machine moves both sides: the medians of several runs where a run is cheap, the two
sides timed alternately. A measurement whose feature is not in the code yet says "not
available" instead of a number.

## Results

Measured {when}, {args.repeat} repetitions of the cheap measurements, {total / 60:.0f} minutes in all.

| Measurement | Value | Target | Met? |
|---|---|---|---|
{rows}

{details}

## Machine and versions

{machine_lines}

## What is measured

The evaluations are synthetic, generated by `bench/generate.py` through bikva's own functions
(`create_evaluation`, `import_transcript`, `add_quote`, `register_participant`) from Danish text
drawn from wordfreq's Danish word list by frequency, one sentence in five holding one of 16
stock phrases that informants across the study repeat (what the recurrence suggestions find),
with speakers coded `I`, `B1` … `P5`, so every
transcript imports without a warning and the guard finds nothing. Each is a whole four-level
study ready for its report (quotes at every level, reactions linked, good advice, every text the
report needs). They are cached in `bench/.cache/` (git-ignored), keyed by the generator's code
and bikva's migrations.

{sizes}

- **Plain command**: `bikva status` on {STATUS_SIZE} as a real process, against
  `python -c "import sqlmodel"` (the least any command that opens an evaluation must load).
- **Import**: `bikva import` of a new 10,000-word transcript into a copy of {IMPORT_SIZE}, a real
  process, against the same baseline.
- **Report**: in one process, opening {REPORT_SIZE}, building the report view, rendering the HTML
  with its figures and printing the PDF/UA-1, against WeasyPrint printing that same HTML with
  the same options (both warmed up first), in processor time: both sides run in the same
  process, so other work on a shared machine does not move the ratio.
- **`bikva run`**: a cold `bikva run` on a fresh copy of the ready study {RUN_SIZE}, against a
  Prefect server the benchmark starts with `bikva server start` (its own state folder, stopped
  at the end), against the same documents made by the 15 plain commands (`bikva guide` for four
  levels in PDF, HTML and Markdown, `bikva report` as PDF and HTML, and the evaluator's edition
  as PDF).
- **Re-runs**: on a copy of {RUN_SIZE} after a cold run: a run with nothing changed must write no
  file again; then one of the leaders' good advice is replaced by another passage (which changes
  the politicians' guide, where it is passed on, and the report) and the re-run is timed against
  the cold runs.
  Why that target is not met: every quote is in the report, and the report (both editions, each
  with the four guides as appendices) is most of a cold run's typesetting; WeasyPrint typesets a
  document whole, so one changed quote means the report again. Typesetting chapters apart and
  joining the files would break the report's PDF/UA structure tree and its page references, and
  a run's fixed part (starting Python and Prefect, one flow run) is already a fifth of a cold
  run of S.
- **Recurrence suggestions**: the suggestions for every level (`level_suggestions`) in a process
  of its own, timed without its start-up, on {RECURRENCE_SIZES[0]} (N informant turns) and
  {RECURRENCE_SIZES[1]} (2N); the peak memory is that whole process's
  (`getrusage(RUSAGE_CHILDREN).ru_maxrss` in a parent of its own).
- **Making a quote in the browser**: waits for the web app (issue 13); the place for it is
  `browser_quote` in `bench/measurements.py`.
"""


def _met(result: Result) -> str:
    if result.unavailable:
        return "not available"
    if result.failed:
        return "failed"
    return "yes" if result.met else "**no**"


if __name__ == "__main__":
    sys.exit(main())
