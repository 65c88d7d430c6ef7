"""Run by the recurrence measurement in a process of its own: suggestions for every level of the
evaluation in FOLDER, timed without the start-up, printed as JSON (the parent reads the peak
memory of this process)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from bikva.selection.recurrence import level_suggestions
from bikva.store.evaluation import open_evaluation


def main(folder: Path) -> None:
    with open_evaluation(folder) as (session, ev):
        started = time.perf_counter()
        results = [level_suggestions(session, ev, level.key) for level in ev.levels]
        elapsed = time.perf_counter() - started
    print(json.dumps({
        "seconds": elapsed,
        "passages": sum(r.passages for r in results),
        "suggestions": sum(len(r.suggestions) + r.more for r in results),
    }))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
