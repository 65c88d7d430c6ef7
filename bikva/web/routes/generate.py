"""Making the documents and downloading them.

The evaluator starts the round flow for one level (its guide and materials) or the study flow
(every ready round, then the report) through the app's runner (bikva/web/jobs.py; the real one is
flows/serve.py's FlowRunner, the same flows as `bikva run`), and follows the job on its own page:
a small script asks /jobs/<id>/status and reloads the page when the state changes; without it the
page has a link to reload itself. A refusal (the guard's, for one) is shown as its one line.

Downloads are the files bikva's artifact log names, and only those that lie in the evaluation's
output/ folder (resolved, so no link leads outside it): the evaluator gets all of them and the
quotes as a spreadsheet (`bikva quote list --format csv|xlsx`), an interviewer the guides and
materials of the rounds they run (`may_see_level`), a commissioner only the report, in the
commissioner's edition.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from bikva.documents.quote_table import as_csv, as_xlsx, table_rows
from bikva.documents.status import describe_waiting, study_status
from bikva.errors import BikvaError
from bikva.i18n import t
from bikva.output.pipeline import OUTPUT_FOLDER, report_path
from bikva.store.audit import artifact_location, artifacts_of
from bikva.web.accounts import Visitor
from bikva.web.auth import may_see_level, require
from bikva.web.evaluation import folder_of, opened
from bikva.web.jobs import Job
from bikva.web.nav import NavItem
from bikva.web.pages import error_text, language, redirect, render
from models.web_account import Role

router = APIRouter()
NAV = [NavItem("/documents", "web.nav.generate", tuple(Role), order=50)]
KINDS = ("round", "study")
SHEETS = {"csv": ("text/csv; charset=utf-8", as_csv), "xlsx": (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", as_xlsx)}


def _allowed(visitor: Visitor, kind: str, level_key: str, path: Path) -> bool:
    if visitor.role == Role.EVALUATOR:
        return True
    if visitor.role == Role.INTERVIEWER:
        return kind in ("guide", "materials") and bool(level_key) and may_see_level(visitor, level_key)
    # The commissioner's edition: output/report.<format>, not report-evaluator.* or the others.
    return kind == "report" and path.stem == report_path(Path("."), "pdf").stem


def _downloads(request: Request, visitor: Visitor) -> list[dict]:
    """The latest logged file per path that the visitor may have and that is still there."""
    folder = folder_of(request)
    output = (folder / OUTPUT_FOLDER).resolve()
    with opened(request) as (session, ev):
        logged = [(a.id, a.kind, a.level_key, a.path, a.created_at) for a in artifacts_of(session, ev.id)]
    latest: dict[Path, tuple] = {}
    for number, kind, level_key, stored, made in logged:
        path = artifact_location(folder, stored).resolve()
        if path.is_file() and path.is_relative_to(output) and _allowed(visitor, kind, level_key, path):
            latest[path] = (number, kind, level_key, path, made)
    lang = language(request)
    return [{"id": number, "kind": kind, "level": level_key, "name": path.relative_to(output).as_posix(),
             "level_name": t(lang, f"level.{level_key}.name") if level_key else "",
             "made": _local(made)} for number, kind, level_key, path, made in latest.values()]


@router.get("/documents")
def documents(request: Request, visitor: Visitor = require()) -> Response:
    lang = language(request)
    rounds = []
    if visitor.role == Role.EVALUATOR:
        with opened(request) as (session, ev):
            status = study_status(session, ev)
        for r in status.rounds:
            rounds.append({"level": r.level, "round": r.round, "ready": r.guide_ready,
                           "waiting": describe_waiting(lang, r.guide_waiting_for)})
    return render(request, "documents.html.j2", rounds=rounds, files=_downloads(request, visitor),
                  runner=request.app.state.runner is not None)


@router.post("/documents/make")
async def make(request: Request, visitor: Visitor = require(Role.EVALUATOR)) -> Response:
    form = await request.form()
    kind, level = str(form.get("kind", "")), str(form.get("level", "")) or None
    runner = request.app.state.runner
    if runner is None or kind not in KINDS:
        raise HTTPException(status_code=404)

    def start() -> Job:
        if kind == "round":
            with opened(request) as (_session, ev):
                key = ev.level(level or "").key  # an unknown level refused in one line
            return runner.start(folder_of(request), "round", key)
        return runner.start(folder_of(request), "study")

    job = await run_in_threadpool(start)
    return redirect(request, f"/jobs/{job.id}")


def _job(request: Request, job_id: int) -> Job:
    runner = request.app.state.runner
    job = runner.job(job_id) if runner is not None else None
    if job is None:
        raise HTTPException(status_code=404)
    return job


@router.get("/jobs/{job_id}")
def job_page(request: Request, job_id: int, visitor: Visitor = require(Role.EVALUATOR)) -> Response:
    lang = language(request)
    job = _job(request, job_id)
    error = ""
    if job.error is not None:
        error = error_text(lang, job.error) if isinstance(job.error, BikvaError) else t(lang, "web.job.went_wrong")
    documents = [{"name": Path(str(p.get("path", ""))).name, "how": p.get("how", "made")}
                 for event, p in list(job.events) if event == "document"]
    guard_refused = isinstance(job.error, BikvaError) and job.error.key.startswith("guard.")
    return render(request, "job.html.j2", job=job, error=error, documents=documents, guard_refused=guard_refused,
                  waiting=describe_waiting(lang, job.waiting_for) if job.waiting_for else "",
                  files=_downloads(request, visitor) if job.state == "done" else [])


@router.get("/jobs/{job_id}/status")
def job_status(request: Request, job_id: int, visitor: Visitor = require(Role.EVALUATOR)) -> JSONResponse:
    job = _job(request, job_id)
    return JSONResponse({"state": job.state, "documents": sum(event == "document" for event, _p in list(job.events))})


@router.get("/download/{artifact_id}")
def download(request: Request, artifact_id: int, visitor: Visitor = require()) -> Response:
    found = next((item for item in _downloads(request, visitor) if item["id"] == artifact_id), None)
    if found is None:
        raise HTTPException(status_code=404)
    path = (folder_of(request) / OUTPUT_FOLDER / found["name"]).resolve()
    return FileResponse(path, filename=path.name)


@router.get("/quote-table.{shape}")
def quote_table(request: Request, shape: str, visitor: Visitor = require(Role.EVALUATOR)) -> Response:
    if shape not in SHEETS:
        raise HTTPException(status_code=404)
    media, make_sheet = SHEETS[shape]
    lang = language(request)
    with opened(request) as (session, ev):
        data = make_sheet(lang, table_rows(session, ev, lang))
    name = t(lang, "web.generate.quotes_file") + f".{shape}"
    return Response(data, media_type=media, headers={"content-disposition": f'attachment; filename="{name}"'})


def _local(moment) -> str:
    """When a file was made, in the reader's local time (the database keeps UTC, naive)."""
    from datetime import timezone

    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")
