"""The whole study, bottom-up: run every round whose inputs are ready, then the report.

A study waits weeks for people between rounds. That wait is not a paused process: the state is
in the evaluation's database, so the flow stops with what it is waiting for and the next run
picks up from there. The report goes through the same pipeline as `bikva report`, one task per
step (bikva.output.pipeline), and like a guide is made again only when it changed (flows/round.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from prefect import flow, task

from bikva.documents.report import COMMISSIONER, EVALUATOR
from bikva.documents.status import StudyStatus, Waiting, status_of
from bikva.output import pipeline
from flows import progress
from flows.refusals import keys_only
from flows.round import STEP, Prepared, hold, make_documents, record_documents, round_steps


@dataclass
class StudyRun:
    guides: list[str] = field(default_factory=list)
    report: list[str] = field(default_factory=list)
    waiting_for: list[Waiting] = field(default_factory=list)
    language: str = "da"


@task(**STEP)
@keys_only
def read_status(folder: str) -> StudyStatus:
    return status_of(Path(folder))


@task(**STEP)
@keys_only
def prepare_report(folder: str, edition: str) -> Prepared:
    return hold(pipeline.prepare_report(Path(folder), edition), "report")


def _report(folder: str, edition: str, formats: tuple[str, ...]) -> list[str]:
    progress.emit("report", edition=edition)
    prepared = prepare_report(folder, edition)
    targets = {fmt: str(pipeline.report_path(Path(folder), fmt, edition)) for fmt in formats}
    made = make_documents(folder, prepared, targets)
    record_documents(folder, prepared, made)
    return list(made)


@flow(name="bikva-study", persist_result=False, result_serializer="json")
def study_flow(folder: str) -> StudyRun:
    status = read_status(folder)
    run = StudyRun(language=status.language)
    for round_status in status.rounds:
        if not round_status.guide_ready:
            run.waiting_for = round_status.guide_waiting_for
            return run
        progress.emit("round", round=round_status.round, level=round_status.level)
        run.guides += round_steps(folder, round_status.level)
        if not round_status.done:
            run.waiting_for = round_status.round_waiting_for
            return run
    # The commissioner's edition in every format, and the evaluator's (with the quote register) as PDF.
    run.report = _report(folder, COMMISSIONER, pipeline.REPORT_FORMATS)
    run.report += _report(folder, EVALUATOR, ("pdf",))
    return run
