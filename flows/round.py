"""One round of the chain: the guide pipeline (bikva.output.pipeline), one task per step.

check and build → render → write → record, the same functions `bikva guide` runs. Checking and
building are one task and one transaction, so what the guard passed is exactly what the guide
shows.
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NONE

from bikva.documents.views import GuideView, ReportView
from bikva.output import pipeline
from flows.refusals import keys_only

# The state lives in the evaluation's database, not in Prefect: nothing to cache between runs.
# Nothing a task returns is persisted: views and documents hold quote text, and Prefect's
# result storage lies outside the evaluation folder. Refusals leave a task as keys only.
STEP = {"cache_policy": NONE, "persist_result": False}


@task(**STEP)
@keys_only
def prepare_guide(folder: str, level: str) -> GuideView:
    return pipeline.prepare_guide(Path(folder), level)


@task(**STEP)
@keys_only
def render_guide(view: GuideView, fmt: str) -> str | bytes:
    return pipeline.render_guide(view, fmt)


@task(**STEP)
@keys_only
def write_document(path: str, content: str | bytes, view: GuideView | ReportView | None = None) -> str:
    return str(pipeline.write_document(Path(path), content, view=view))


@task(**STEP)
@keys_only
def record_documents(folder: str, kind: str, level_key: str, written: dict[str, str | bytes], ids: set[int],
                     view: GuideView | ReportView | None = None) -> None:
    pipeline.record_documents(Path(folder), kind, level_key, {Path(p): c for p, c in written.items()}, ids, view=view)


@flow(name="bikva-round", persist_result=False)
def round_flow(folder: str, level: str, formats: tuple[str, ...] = pipeline.GUIDE_FORMATS) -> list[str]:
    view = prepare_guide(folder, level)
    written: dict[str, str | bytes] = {}
    for fmt in formats:
        content = render_guide(view, fmt)
        written[write_document(str(pipeline.guide_path(Path(folder), view, fmt)), content, view)] = content
    record_documents(folder, "guide", view.level.key, written, pipeline.quote_ids(view), view)
    return list(written)
