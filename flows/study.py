"""The whole study, bottom-up: run every round whose inputs are ready, then the report.

A study waits weeks for people between rounds. That wait is not a paused process: the state is
in the evaluation's database, so the flow stops with what it is waiting for and the next run
picks up from there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NONE

from bikva.output.pipeline import REPORT_FORMATS, write_report
from bikva.store.evaluation import open_evaluation
from bikva.documents.report import COMMISSIONER, EVALUATOR
from bikva.documents.status import StudyStatus, Waiting, study_status
from flows.round import round_flow


@dataclass
class StudyRun:
    guides: list[str] = field(default_factory=list)
    report: list[str] = field(default_factory=list)
    waiting_for: list[Waiting] = field(default_factory=list)
    language: str = "da"


@task(cache_policy=NONE)
def read_study_status(folder: str) -> tuple[StudyStatus, str]:
    with open_evaluation(Path(folder)) as (session, ev):
        return study_status(session, ev), ev.lang


@task(cache_policy=NONE)
def render_report(folder: str, fmt: str, edition: str = COMMISSIONER) -> str:
    return str(write_report(Path(folder), fmt=fmt, edition=edition))


@flow(name="bikva-study")
def study_flow(folder: str) -> StudyRun:
    status, language = read_study_status(folder)
    run = StudyRun(language=language)
    for round_status in status.rounds:
        if not round_status.guide_ready:
            run.waiting_for = round_status.guide_waiting_for
            return run
        run.guides += round_flow(folder, round_status.level)
        if not round_status.done:
            run.waiting_for = round_status.round_waiting_for
            return run
    # The commissioner's edition in every format, and the evaluator's (with the quote register) as PDF.
    run.report = [render_report(folder, fmt) for fmt in REPORT_FORMATS]
    run.report.append(render_report(folder, "pdf", EVALUATOR))
    return run
