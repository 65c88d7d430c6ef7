"""One round of the chain: check its inputs, build its guide, render it in every format."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NONE

from bikva.output.pipeline import GUIDE_FORMATS, check_guide_ready, guide_content, guide_path, quote_ids, record_written
from bikva.store.evaluation import open_evaluation
from bikva.store.files import write_atomic
from bikva.protection.guard import ensure_no_open_hits
from bikva.documents.guide import build_guide_view
from bikva.documents.views import GuideView

# The state lives in the evaluation's database, not in Prefect: nothing to cache between runs.


@task(cache_policy=NONE)
def check_round_inputs(folder: str, level: str) -> None:
    with open_evaluation(Path(folder)) as (session, ev):
        check_guide_ready(session, ev, level)
        ensure_no_open_hits(session, ev, level=ev.level(level))


@task(cache_policy=NONE)
def build_guide(folder: str, level: str) -> GuideView:
    with open_evaluation(Path(folder)) as (session, ev):
        return build_guide_view(session, ev, ev.level(level))


@task(cache_policy=NONE)
def render_guide(folder: str, view: GuideView, fmt: str) -> str:
    content = guide_content(view, fmt)
    path = write_atomic(guide_path(Path(folder), view, fmt), content)
    record_written(Path(folder), "guide", view.level.key, {path: content}, quote_ids(view))
    return str(path)


@flow(name="bikva-round")
def round_flow(folder: str, level: str, formats: tuple[str, ...] = GUIDE_FORMATS) -> list[str]:
    check_round_inputs(folder, level)
    view = build_guide(folder, level)
    return [render_guide(folder, view, fmt) for fmt in formats]
