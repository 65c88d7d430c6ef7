"""The whole study, bottom-up: run every round whose inputs are ready, then the report.

A study waits weeks for people between rounds. That wait is not a paused process: the state is
in the evaluation's database, so the flow stops with what it is waiting for and the next run
picks up from there. The report goes through the same pipeline as `bikva report`, one task per
step (bikva.output.pipeline).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from prefect import flow, task

from bikva.documents.report import COMMISSIONER, EVALUATOR
from bikva.documents.status import StudyStatus, Waiting, status_of
from bikva.documents.views import ReportView
from bikva.output import pipeline
from flows.refusals import keys_only
from flows.round import STEP, record_documents, round_flow, write_document


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
def prepare_report(folder: str, edition: str) -> ReportView:
    return pipeline.prepare_report(Path(folder), edition)


@task(**STEP)
@keys_only
def render_report(view: ReportView, fmt: str) -> str | bytes:
    return pipeline.render_report(view, fmt)


def _report(folder: str, edition: str, formats: tuple[str, ...]) -> list[str]:
    view = prepare_report(folder, edition)
    written: dict[str, str | bytes] = {}
    for fmt in formats:
        content = render_report(view, fmt)
        written[write_document(str(pipeline.report_path(Path(folder), fmt, edition)), content, view)] = content
    record_documents(folder, "report", "", written, pipeline.quote_ids(view), view)
    return list(written)


@flow(name="bikva-study", persist_result=False)
def study_flow(folder: str) -> StudyRun:
    status = read_status(folder)
    run = StudyRun(language=status.language)
    for round_status in status.rounds:
        if not round_status.guide_ready:
            run.waiting_for = round_status.guide_waiting_for
            return run
        run.guides += round_flow(folder, round_status.level)
        if not round_status.done:
            run.waiting_for = round_status.round_waiting_for
            return run
    # The commissioner's edition in every format, and the evaluator's (with the quote register) as PDF.
    run.report = _report(folder, COMMISSIONER, pipeline.REPORT_FORMATS)
    run.report += _report(folder, EVALUATOR, ("pdf",))
    return run
