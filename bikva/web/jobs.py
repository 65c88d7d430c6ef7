"""What the web app asks of whoever runs the flows (`request.app.state.runner`).

flows/serve.py gives the real one (the round and study flows through Prefect, one job at a time,
in a thread of the server); tests may give their own. Pages start a job and poll its state: the
flow's steps arrive as events of keys and paths (flows/progress.py), never transcript text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol


@dataclass
class Job:
    id: int
    kind: str  # "round" (one guide and its files) or "study" (every ready round, then the report)
    level: str | None  # the round's level key, for "round"
    state: str = "waiting"  # waiting | running | done | failed
    # (event, params) as flows/progress.py emits them: ("document", {"path": ..., "how": "made"})
    events: list[tuple[str, dict]] = field(default_factory=list)
    made: list[str] = field(default_factory=list)  # paths of the files made, relative to the folder
    waiting_for: list = field(default_factory=list)  # bikva.documents.status.Waiting
    error: Exception | None = None  # a BikvaError to show as its one line
    started: datetime | None = None
    finished: datetime | None = None


class Runner(Protocol):
    def start(self, folder, kind: str, level: str | None = None) -> Job: ...

    def job(self, job_id: int) -> Job | None: ...
