"""Run by the recurrence measurement in a process of its own: suggestions for every level of the
evaluation in FOLDER, timed without the start-up, printed as JSON (the parent reads the peak
memory of this process). The time is this process's processor time, as for the report: on a
shared machine the wall time of the same run varies by half (the wall time is printed too)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from bikva.selection.recurrence import level_suggestions
from bikva.store.evaluation import open_evaluation


def main(folder: Path) -> None:
    with open_evaluation(folder) as (session, ev):
        started, processor = time.perf_counter(), time.process_time()
        results = [level_suggestions(session, ev, level.key) for level in ev.levels]
        elapsed, wall = time.process_time() - processor, time.perf_counter() - started
    print(json.dumps({
        "seconds": elapsed,
        "wall": wall,
        "passages": sum(r.passages for r in results),
        "suggestions": sum(len(r.suggestions) + r.more for r in results),
    }))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
