"""Read-back and written advice, for the evaluator: what each interview group approved at the
read-back (a group statement with the verbatim quotes that support it, as `bikva statement add
--supported-by` stores it) and the good advice typed in from the writing sheets (`bikva advice
add`). One round at a time, each group's statements and advice listed, the two forms below.
The same functions as the command line; interviewers and commissioners get 403.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from bikva.errors import BikvaError
from bikva.i18n import t
from bikva.selection.advice import AdviceRequest, add_written_advice, advice_rows
from bikva.selection.prompts import TONES
from bikva.selection.quotes import quote_rows
from bikva.selection.statements import StatementRequest, add_statement, statement_rows
from bikva.store.queries import groups_of, themes_of
from bikva.web.accounts import Visitor
from bikva.web.auth import require
from bikva.web.evaluation import opened
from bikva.web.nav import NavItem
from bikva.web.pages import error_text, language, redirect, render
from models.quote import QuoteKind
from models.web_account import Role

router = APIRouter()
NAV = [NavItem("/readback", "web.nav.readback", (Role.EVALUATOR,), order=20)]
STATEMENT_FIELDS = ("group", "theme", "text", "tone")
ADVICE_FIELDS = ("group", "theme", "text")


def _page(request: Request, level_name: str, *, statement: dict | None = None, advice: dict | None = None,
          error: str | None = None, status: int = 200) -> Response:
    lang = language(request)
    with opened(request) as (session, ev):
        level = ev.level(level_name) if level_name else ev.levels[0]
        levels = [(l.key, t(lang, "web.readback.round", round=l.position, level=t(lang, f"level.{l.key}.name")))
                  for l in ev.levels]
        groups = [g.name for g in groups_of(session, level)]
        themes = [theme.name for theme in themes_of(session, ev.id)]
        statements = statement_rows(session, ev, level.key)
        advice_list = advice_rows(session, ev, level.key)
        verbatim = [row for row in quote_rows(session, ev, level.key) if row["kind"] == QuoteKind.STATEMENT]
        above = [(l.key, t(lang, f"level.{l.key}.name")) for l in ev.levels if l.position > level.position]
        key, round_name = level.key, levels[level.position - 1][1]
    names = dict(above)
    by_group = {name: {"statements": [], "advice": []} for name in groups}
    for row in statements:
        row["carried_names"] = [names.get(k, k) for k in row["carried_to"]]
        by_group.setdefault(row["group"], {"statements": [], "advice": []})["statements"].append(row)
    for row in advice_list:
        row["carried_names"] = [names.get(k, k) for k in row["carried_to"]]
        by_group.setdefault(row["group"], {"statements": [], "advice": []})["advice"].append(row)
    empty = {"carry_to": None, "support": []}
    return render(request, "readback.html.j2", status=status, level_key=key, round_name=round_name, levels=levels,
                  groups=groups, by_group=by_group, themes=themes, verbatim=verbatim, above=above, tones=TONES,
                  statement=dict.fromkeys(STATEMENT_FIELDS, "") | empty | (statement or {}),
                  advice=dict.fromkeys(ADVICE_FIELDS, "") | empty | (advice or {}), error=error)


@router.get("/readback")
def readback(request: Request, level: str = "", visitor: Visitor = require(Role.EVALUATOR)) -> Response:
    return _page(request, level)


async def _form(request: Request, fields: tuple[str, ...]) -> tuple[str, dict]:
    form = await request.form()
    value = {key: str(form.get(key, "")) for key in fields}
    value["carry_to"] = [str(v) for v in form.getlist("carry_to")]
    value["support"] = [str(v) for v in form.getlist("support")]
    return str(form.get("level", "")), value


async def _refused(request: Request, level: str, error: BikvaError, **form: dict) -> Response:
    return await run_in_threadpool(lambda: _page(request, level, status=400, error=error_text(language(request), error),
                                                 **form))


@router.post("/readback/statements")
async def new_statement(request: Request, visitor: Visitor = require(Role.EVALUATOR)) -> Response:
    level, value = await _form(request, STATEMENT_FIELDS)

    def store() -> tuple[str, int]:
        with opened(request) as (session, ev):
            statement = add_statement(session, ev, StatementRequest(
                level=level, text=value["text"], theme=value["theme"] or None, group=value["group"] or None,
                supported_by=[int(v) for v in value["support"] if v.isdigit()], tone=value["tone"] or None,
                carry_to=value["carry_to"] or None))
            return ev.level(level).key, statement.id

    try:
        key, number = await run_in_threadpool(store)
    except BikvaError as error:
        return await _refused(request, level, error, statement=value)
    return redirect(request, "/readback", level=key, done="statement_added", id=number)


@router.post("/readback/advice")
async def new_advice(request: Request, visitor: Visitor = require(Role.EVALUATOR)) -> Response:
    level, value = await _form(request, ADVICE_FIELDS)

    def store() -> tuple[str, int]:
        with opened(request) as (session, ev):
            advice = add_written_advice(session, ev, AdviceRequest(
                level=level, text=value["text"], group=value["group"] or None, theme=value["theme"] or None,
                carry_to=value["carry_to"] or None))
            return ev.level(level).key, advice.id

    try:
        key, number = await run_in_threadpool(store)
    except BikvaError as error:
        return await _refused(request, level, error, advice=value)
    return redirect(request, "/readback", level=key, done="advice_added", id=number)
