"""Importing a transcript with the speaker review, as `bikva import --dry-run` then `bikva import`.

The upload is kept inside the evaluation folder (bikva/web/uploads.py) while the evaluator looks
at the speakers found (turns, words, first words), the warnings and the pseudonyms, picks the
interviewer, renames or merges labels, and confirms; only then is anything stored, by the same
`import_transcript` as the command line, with the same checks and one-line refusals.
"""

from __future__ import annotations

from fastapi import APIRouter, File, Form, Request, UploadFile
from starlette.responses import Response

from bikva.errors import BikvaError
from bikva.i18n import t
from bikva.intake.transcripts import import_transcript, plan_import
from bikva.web.accounts import Visitor
from bikva.web.auth import require
from bikva.web.evaluation import folder_of, opened
from bikva.web.nav import NavItem
from bikva.web.pages import error_text, language, redirect, render, web_text
from bikva.web.uploads import ImportOptions, drop_upload, keep_upload, load_options, save_options, upload_path
from models.web_account import Role

router = APIRouter()
NAV = [NavItem("/import", "web.nav.import", (Role.EVALUATOR,), order=20)]
FIRST_WORDS = 12


def _levels(request: Request) -> list[tuple[str, str]]:
    lang = language(request)
    with opened(request) as (_session, ev):
        return [(level.key, t(lang, f"level.{level.key}.name")) for level in ev.levels]


@router.get("/import")
def import_form(request: Request, level: str = "", visitor: Visitor = require(Role.EVALUATOR)) -> Response:
    return render(request, "import.html.j2", levels=_levels(request), level=level, group="", error=None)


@router.post("/import")
def upload(request: Request, level: str = Form(...), group: str = Form(""), transcript: UploadFile = File(None),
           visitor: Visitor = require(Role.EVALUATOR)) -> Response:
    try:
        if transcript is None or not transcript.filename:
            raise BikvaError("web.import.no_file")
        with opened(request) as (_session, ev):
            level_key = ev.level(level).key
        token = keep_upload(folder_of(request), transcript.filename, transcript.file.read(),
                            ImportOptions(level=level_key, group=group.strip()))
    except BikvaError as error:
        return render(request, "import.html.j2", status=400, levels=_levels(request), level=level, group=group,
                      error=error_text(language(request), error))
    return redirect(request, f"/import/{token}")


def _warning(lang: str, warning) -> str:
    params = warning.shown_params(lang)
    return warning.key if params is None else web_text(lang, warning.key, **params)


def _review(request: Request, token: str, error: str | None = None, status: int = 200) -> Response:
    lang = language(request)
    folder = folder_of(request)
    options = load_options(folder, token)
    path = upload_path(folder, token)
    renames = dict(option.split("=", 1) for option in options.speakers)
    try:
        with opened(request) as (session, ev):
            plan = plan_import(session, ev, level=options.level, path=path, group=options.group or None,
                               interviewer_labels=options.interviewers or None, speakers=options.speakers,
                               keep_labels=options.keep_labels)
            level_name = t(lang, f"level.{plan.level.key}.name")
    except BikvaError as refused:
        return render(request, "import_review.html.j2", status=400, token=token, file=path.name, rows=[], warnings=[],
                      pseudonyms={}, options=options, level_name="", group_name="", turns=0,
                      error=error or error_text(lang, refused))
    real_of = {code: real for real, code in plan.pseudonyms.shown.items()}
    first: dict[str, str] = {}
    for turn in plan.turns:
        words = turn.text.split()
        first.setdefault(turn.speaker, " ".join(words[:FIRST_WORDS]) + (" …" if len(words) > FIRST_WORDS else ""))
    rows = []
    for speaker in plan.speakers:
        base = real_of.get(speaker.label, speaker.label)
        sources = [old for old, new in renames.items() if new == base] or [base]
        rows.append({"label": speaker.label, "base": base, "sources": sources, "turns": speaker.turns,
                     "words": speaker.words, "interviewer": speaker.interviewer, "unknown": speaker.unknown,
                     "first": first.get(speaker.label, "")})
    return render(request, "import_review.html.j2", status=status, token=token, file=path.name, rows=rows,
                  warnings=[_warning(lang, w) for w in plan.warnings], pseudonyms=plan.pseudonyms.shown,
                  options=options, level_name=level_name, group_name=plan.group_name, turns=len(plan.turns),
                  error=error)


@router.get("/import/{token}")
def review(request: Request, token: str, visitor: Visitor = require(Role.EVALUATOR)) -> Response:
    return _review(request, token)


async def _choices(request: Request, options: ImportOptions) -> ImportOptions:
    """The review form's choices as the options `bikva import` takes (--speaker OLD=NEW,
    --interviewer LABEL, --keep-labels)."""
    form = await request.form()
    renames = dict(option.split("=", 1) for option in options.speakers)
    speakers, interviewers = [], []
    for index in range(int(form.get("rows", "0") or 0)):
        shown = str(form.get(f"shown_{index}", ""))
        wanted = " ".join(str(form.get(f"label_{index}", "")).split()) or shown
        sources = [str(s) for s in form.getlist(f"source_{index}")]
        new = wanted if wanted != shown else None
        for source in sources:
            target = new or renames.get(source)
            if target and target != source:
                speakers.append(f"{source}={target}")
        if form.get(f"interviewer_{index}"):
            interviewers.append(new or (renames.get(sources[0]) if sources else None) or shown)
    return ImportOptions(level=options.level, group=options.group, interviewers=list(dict.fromkeys(interviewers)),
                         speakers=list(dict.fromkeys(speakers)), keep_labels=bool(form.get("keep_labels")))


@router.post("/import/{token}")
async def decide(request: Request, token: str, visitor: Visitor = require(Role.EVALUATOR)) -> Response:
    from starlette.concurrency import run_in_threadpool

    folder = folder_of(request)
    form = await request.form()
    if form.get("action") == "cancel":
        drop_upload(folder, token)
        return redirect(request, "/import", done="import_cancelled")
    options = await _choices(request, load_options(folder, token))
    save_options(folder, token, options)
    if form.get("action") != "import":
        return redirect(request, f"/import/{token}")

    def store() -> int:
        with opened(request) as (session, ev):
            result = import_transcript(session, ev, level=options.level, path=upload_path(folder, token),
                                       group=options.group or None, interviewer_labels=options.interviewers or None,
                                       speakers=options.speakers, keep_labels=options.keep_labels)
            return result.transcript.id

    try:
        transcript_id = await run_in_threadpool(store)
    except BikvaError as error:
        return await run_in_threadpool(_review, request, token, error_text(language(request), error), 400)
    drop_upload(folder, token)
    return redirect(request, f"/transcripts/{transcript_id}", done="imported", id=transcript_id)
