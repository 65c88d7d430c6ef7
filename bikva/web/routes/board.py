"""The carry-forward board, for the evaluator: every selected quote, group statement and good
advice under its theme, as a card with the rounds above the one it was said in; ticking them and
saving is `bikva quote carry` (bikva.selection.carry). The guard's open hits for a quote are on its
card with the two ways out the command line has: redact the word (`bikva redact`) or mark the
quote reviewed (`bikva quote review`). Interviewers and commissioners get 403.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from bikva.errors import BikvaError
from bikva.i18n import t
from bikva.protection.guard import open_hits, review_quote
from bikva.selection.carry import set_carry
from bikva.selection.quotes import quote_rows
from bikva.selection.redaction import set_redaction
from bikva.store.queries import quotes_of, themes_of
from bikva.web.accounts import Visitor
from bikva.web.auth import require
from bikva.web.evaluation import opened
from bikva.web.nav import NavItem
from bikva.web.pages import error_text, language, redirect, render
from models.web_account import Role

router = APIRouter()
NAV = [NavItem("/board", "web.nav.board", (Role.EVALUATOR,), order=25)]


def _board(request: Request, level: str = "", *, error: str | None = None, status: int = 200) -> Response:
    lang = language(request)
    with opened(request) as (session, ev):
        only = ev.level(level).key if level else None
        rows = quote_rows(session, ev, only)
        travelling = {quote.id for quote in quotes_of(session, ev.id)}  # not withdrawn, not excluded
        reviewed = {quote.id: quote.reviewed_by for quote in quotes_of(session, ev.id) if quote.reviewed_at}
        hits: dict[int, list] = {}
        for hit in open_hits(session, ev):
            hits.setdefault(hit.quote_id, []).append(hit)
        themes = [theme.name for theme in themes_of(session, ev.id)]
        levels = [(l.key, l.position, t(lang, f"level.{l.key}.name")) for l in ev.levels]
    position = {key: round_ for key, round_, _name in levels}
    sections: dict[str, list[dict]] = {name: [] for name in themes}
    for row in rows:
        if row["id"] not in travelling:
            continue
        row["above"] = [(key, name) for key, round_, name in levels if round_ > position[row["level"]]]
        row["level_name"] = dict((k, n) for k, _r, n in levels)[row["level"]]
        row["hits"] = [{"kind": t(lang, f"guard.kind.{h.kind}"), "text": h.text, "excerpt": h.excerpt}
                       for h in hits.get(row["id"], [])]
        row["reviewed_by"] = reviewed.get(row["id"])
        sections.setdefault(row["theme"], []).append(row)
    shown = [(name, cards) for name, cards in sections.items() if cards]
    return render(request, "board.html.j2", status=status, sections=shown, levels=levels, level=only or "",
                  error=error)


@router.get("/board")
def board(request: Request, level: str = "", visitor: Visitor = require(Role.EVALUATOR)) -> Response:
    return _board(request, level)


async def _do(request: Request, action, done: str, number: int | None = None) -> Response:
    """Run `action(session, ev, form)` in one transaction; back to the board (at the card)."""
    form = await request.form()
    back = str(form.get("back_level", ""))

    def run() -> int | None:
        with opened(request) as (session, ev):
            return action(session, ev, form)

    try:
        result = await run_in_threadpool(run)
    except BikvaError as error:
        return await run_in_threadpool(lambda: _board(request, back, status=400,
                                                      error=error_text(language(request), error)))
    shown = number if number is not None else result
    response = redirect(request, "/board", level=back or None, done=done, id=shown)
    if number is not None:
        response.headers["location"] += f"#card-{number}"
    return response


@router.post("/board/{quote_id}/carry")
async def carry(request: Request, quote_id: int, visitor: Visitor = require(Role.EVALUATOR)) -> Response:
    return await _do(request, lambda session, ev, form: set_carry(session, ev, quote_id, form.getlist("carry_to")),
                     "carried", quote_id)


@router.post("/board/{quote_id}/review")
async def review(request: Request, quote_id: int, visitor: Visitor = require(Role.EVALUATOR)) -> Response:
    return await _do(request, lambda session, ev, form: review_quote(session, ev, quote_id, visitor.name,
                                                                     str(form.get("note", ""))),
                     "reviewed", quote_id)


@router.post("/board/{quote_id}/redact")
async def redact(request: Request, quote_id: int, visitor: Visitor = require(Role.EVALUATOR)) -> Response:
    return await _do(request, lambda session, ev, form: set_redaction(session, ev.id, str(form.get("text", "")),
                                                                      str(form.get("placeholder", ""))),
                     "redacted", quote_id)
