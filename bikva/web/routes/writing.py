"""Writing the report in the browser, for the evaluator: the results text per level
(report/results/<level>.md), the chapters (report/<section>.md), the method parts
(report/method/<part>.md) and the synthesis readings (report/synthesis.toml), each edited as
the text file it is, with a preview and a list of quotes whose `[[N]]` reference can be inserted.

The files are the ones the command line, `bikva status`, the guard and the report read: only the
paths below can be written (a fixed list, never a name from the request), each atomically
(bikva.store.files.write_atomic) and only inside the evaluation folder. The preview is the
report's own Markdown rendering with the evaluation's redactions
(bikva.documents.narrative.render_markdown); readings are checked as `bikva report` reads them
(bikva.documents.synthesis.load_settings) and refused in one line, the file unchanged.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from bikva.documents.narrative import (METHOD_PARTS, REQUIRED_PARTS, SECTIONS, markdown_redactor, method_file,
                                       narrative_file, render_markdown)
from bikva.documents.results import results_file
from bikva.documents.synthesis import SYNTHESIS_FILE, load_settings
from bikva.errors import BikvaError
from bikva.i18n import t
from bikva.selection.quotes import quote_rows
from bikva.store.files import write_atomic
from bikva.store.queries import quotes_of, redactions_of
from bikva.web.accounts import Visitor
from bikva.web.auth import require
from bikva.web.evaluation import folder_of, opened
from bikva.web.nav import NavItem
from bikva.web.pages import error_text, language, redirect, render
from models.web_account import Role

router = APIRouter()
NAV = [NavItem("/writing", "web.nav.writing", (Role.EVALUATOR,), order=40)]
READINGS = "readings"


def texts(lang: str, level_keys: list[str]) -> dict[str, tuple[str, str, str]]:
    """Every text the page may write: slug -> (group, label, path in the folder)."""
    found = {f"results-{key}": ("results", t(lang, "web.writing.results_of", level=t(lang, f"level.{key}.name")),
                                results_file(key)) for key in level_keys}
    found |= {f"section-{key}": ("sections", t(lang, f"web.writing.section_{key}"), narrative_file(key))
              for key in SECTIONS}
    found |= {f"method-{part}": ("method", t(lang, f"web.writing.method_{part}"), method_file(part))
              for part in METHOD_PARTS}
    found[READINGS] = ("readings", t(lang, "web.writing.readings"), SYNTHESIS_FILE)
    return found


def _level_keys(request: Request) -> list[str]:
    with opened(request) as (_session, ev):
        return [level.key for level in ev.levels]


def _target(request: Request, slug: str) -> tuple[str, Path]:
    """The label and the file of `slug`, refused (404) unless it is one of `texts`; the file must
    lie inside the evaluation folder even with its symlinks resolved."""
    known = texts(language(request), _level_keys(request)).get(slug)
    if known is None:
        raise HTTPException(status_code=404)
    folder = folder_of(request).resolve()
    path = folder / known[2]
    if not path.resolve().is_relative_to(folder):
        raise BikvaError("web.writing.outside", file=known[2])
    return known[1], path


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig") if path.is_file() else ""


@router.get("/writing")
def overview(request: Request, visitor: Visitor = require(Role.EVALUATOR)) -> Response:
    lang = language(request)
    folder = folder_of(request)
    groups: dict[str, list[dict]] = {}
    for slug, (group, label, file) in texts(lang, _level_keys(request)).items():
        written = bool(_read(folder / file).strip())
        has_default = slug.startswith("method-") and slug.removeprefix("method-") not in REQUIRED_PARTS
        state = "written" if written else "default" if has_default else "empty"
        groups.setdefault(group, []).append({"slug": slug, "label": label, "file": file, "state": state})
    return render(request, "writing.html.j2", groups=groups)


def _editor(request: Request, slug: str, text: str | None = None, *, preview: bool = False,
            error: str | None = None, status: int = 200) -> Response:
    lang = language(request)
    label, path = _target(request, slug)
    folder = folder_of(request)
    if text is None:
        text = _read(path)
    with opened(request) as (session, ev):
        quotes = {quote.id for quote in quotes_of(session, ev.id)}
        choices = [{"id": row["id"], "round": row["round"], "level": t(lang, f"level.{row['level']}.name"),
                    "text": row["text"]} for row in quote_rows(session, ev) if row["id"] in quotes]
        pairs = [(row.text, row.placeholder) for row in redactions_of(session, ev.id)]
        level_keys = [level.key for level in ev.levels]
    shown, readings = None, None
    if preview and slug == READINGS:
        readings = _readings_preview(text, level_keys, lang)
    elif preview:
        body = text.split("\n", 1)[1] if slug.startswith("method-") and text.split("\n", 1)[0].strip() == "+" else text
        shown = render_markdown(body, markdown_redactor(pairs), folder=folder, lang=lang)
    return render(request, "writing_edit.html.j2", status=status, slug=slug, label=label,
                  file=path.relative_to(folder).as_posix(), text=text, preview=preview, shown=shown, readings=readings,
                  choices=choices, toml=slug == READINGS, error=error)


def _readings_preview(text: str, level_keys: list[str], lang: str) -> list[dict]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BikvaError("config.invalid", file=SYNTHESIS_FILE, detail=str(exc)) from None
    rows = []
    for theme, table in data.items():
        table = table if isinstance(table, dict) else {}
        readings = table.get("reading", {}) if isinstance(table.get("reading", {}), dict) else {}
        for key, value in readings.items():
            name = t(lang, f"level.{key}.name") if key in level_keys else key
            rows.append({"theme": theme, "agreement": str(table.get("agreement", "")), "level": name,
                         "reading": str(value)})
        if not readings:
            rows.append({"theme": theme, "agreement": str(table.get("agreement", "")), "level": "", "reading": ""})
    return rows


@router.get("/writing/{slug}")
def editor(request: Request, slug: str, visitor: Visitor = require(Role.EVALUATOR)) -> Response:
    return _editor(request, slug)


def _save(request: Request, slug: str, text: str) -> None:
    _label, path = _target(request, slug)
    before = path.read_bytes() if path.is_file() else None
    if slug == READINGS:
        try:
            tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise BikvaError("config.invalid", file=SYNTHESIS_FILE, detail=str(exc)) from None
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text)
    if slug == READINGS:
        try:  # read back as the report reads it; refused: the file as it was
            load_settings(folder_of(request), _level_keys(request))
        except BikvaError:
            if before is None:
                path.unlink()
            else:
                write_atomic(path, before)
            raise


@router.post("/writing/{slug}")
async def save(request: Request, slug: str, visitor: Visitor = require(Role.EVALUATOR)) -> Response:
    form = await request.form()
    # Browsers send a textarea's lines with CRLF; the files are written with LF, as an editor would.
    text = str(form.get("text", "")).replace("\r\n", "\n")
    if str(form.get("action", "")) == "preview":
        try:
            return await run_in_threadpool(lambda: _editor(request, slug, text, preview=True))
        except BikvaError as error:
            return await run_in_threadpool(lambda: _editor(request, slug, text, status=400,
                                                           error=error_text(language(request), error)))
    try:
        await run_in_threadpool(lambda: _save(request, slug, text))
    except BikvaError as error:
        return await run_in_threadpool(lambda: _editor(request, slug, text, status=400,
                                                       error=error_text(language(request), error)))
    return redirect(request, f"/writing/{slug}", done="text_saved")
