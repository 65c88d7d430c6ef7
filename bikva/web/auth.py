"""Who is asking, and may they: the session cookie, role checks, and the CSRF check of every POST.

A page requires a role with a parameter: `visitor: Visitor = require(Role.EVALUATOR)` (several
roles may be named; none: any logged-in account). No session: the browser is sent to the login
page; the wrong role: 403. `check_csrf` is a dependency of the whole app, so no POST reaches a
route without the session's token in its `csrf` field (the login form, before any session,
sends back the random value of its own cookie).
"""

from __future__ import annotations

from fastapi import Depends, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from bikva.web.accounts import Visitor, same_token, visitor_of
from bikva.web.evaluation import opened
from models.web_account import Role

SESSION_COOKIE = "bikva_session"
LOGIN_COOKIE = "bikva_login"  # the login form's own CSRF value, before there is a session
LOGIN_PATH = "/login"


class LoginNeeded(Exception):
    """No valid session: the app answers with the login page (bikva.web.app)."""


async def current_visitor(request: Request) -> Visitor | None:
    """The logged-in account, looked up once per request."""
    if "visitor" not in request.state._state:
        token = request.cookies.get(SESSION_COOKIE)

        def lookup() -> Visitor | None:
            with opened(request) as (session, ev):
                return visitor_of(session, ev, token)

        request.state.visitor = await run_in_threadpool(lookup) if token else None
    return request.state.visitor


def require(*roles: Role):
    """A route parameter's default: the visitor, if logged in with one of `roles`."""

    async def dependency(request: Request) -> Visitor:
        visitor = await current_visitor(request)
        if visitor is None:
            raise LoginNeeded()
        if roles and visitor.role not in roles:
            raise HTTPException(status_code=403)
        return visitor

    return Depends(dependency)


def may_see_level(visitor: Visitor, level_key: str) -> bool:
    """An interviewer sees only the rounds they run (all, when none are named)."""
    return visitor.role != Role.INTERVIEWER or not visitor.levels or level_key in visitor.levels


async def check_csrf(request: Request) -> None:
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    form = await request.form()
    given = form.get("csrf")
    if getattr(request.scope.get("route"), "path", None) == LOGIN_PATH:
        expected = request.cookies.get(LOGIN_COOKIE)
    else:
        visitor = await current_visitor(request)
        expected = visitor.csrf_token if visitor else None
    if not same_token(given if isinstance(given, str) else None, expected):
        raise HTTPException(status_code=403, detail="csrf")
