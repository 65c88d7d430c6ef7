"""Logging in and out: the only page served without a session is the login page."""

from __future__ import annotations

import secrets

from fastapi import Form, Request
from fastapi import APIRouter
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bikva.web.accounts import Visitor, log_in, log_out
from bikva.web.auth import LOGIN_COOKIE, LOGIN_PATH, SESSION_COOKIE, require
from bikva.web.evaluation import opened
from bikva.web.pages import error_text, language, redirect, render

router = APIRouter()


def _cookie_path(request: Request) -> str:
    return request.scope.get("root_path", "") or "/"


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _login_page(request: Request, status: int = 200, error: str | None = None, name: str = "") -> HTMLResponse:
    token = secrets.token_urlsafe(32)
    response = render(request, "login.html.j2", status=status, csrf=token, error=error, name=name)
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", secure=_secure(request),
                        path=_cookie_path(request))
    return response


@router.get(LOGIN_PATH)
def login_page(request: Request) -> HTMLResponse:
    return _login_page(request)


@router.post(LOGIN_PATH)
def login(request: Request, name: str = Form(""), password: str = Form("")) -> Response:
    address = request.client.host if request.client else "?"
    with opened(request) as (session, ev):
        outcome = log_in(session, ev, name, password, address)
    if not hasattr(outcome, "token"):
        return _login_page(request, status=401, error=error_text(language(request), outcome), name=name)
    response = redirect(request, "/")
    response.set_cookie(SESSION_COOKIE, outcome.token, httponly=True, samesite="strict", secure=_secure(request),
                        path=_cookie_path(request))
    response.delete_cookie(LOGIN_COOKIE, path=_cookie_path(request))
    return response


@router.post("/logout")
def logout(request: Request, visitor: Visitor = require()) -> RedirectResponse:
    with opened(request) as (session, _ev):
        log_out(session, request.cookies.get(SESSION_COOKIE))
    response = redirect(request, LOGIN_PATH)
    response.delete_cookie(SESSION_COOKIE, path=_cookie_path(request))
    return response
