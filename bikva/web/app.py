"""The web app: `create_app(folder)` serves one evaluation, `create_team_app(parent)` every
evaluation in a folder, each under /e/<name>/ with its own accounts and sessions.

Pages are the route modules in bikva/web/routes/: each has `router = APIRouter()` and may list
navigation entries (`NAV`); every module there is included, so adding a page touches no other
file. Routes are plain `def`s: FastAPI runs them in its thread pool, so a page stays responsive
while another request renders a report. `runner` starts the flows (flows/serve.py gives one that
runs them through Prefect); without one the pages that start flows say so.
"""

from __future__ import annotations

import importlib
import secrets
import pkgutil
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from bikva.errors import BikvaError
from bikva.i18n import LANGUAGES
from bikva.store.config import CONFIG_FILE
from bikva.store.evaluation import open_evaluation
from bikva.web import routes
from bikva.web.accounts import Login, log_in, no_such_evaluation, same_token
from bikva.web.auth import LOGIN_PATH, SESSION_COOKIE, LoginNeeded, check_csrf
from bikva.web.nav import NavItem
from bikva.web.pages import ENVIRONMENT, LANG_COOKIE, STATIC_FOLDER, error_text, href, language, render
from bikva.web.security import Guard

TEAM_PREFIX = "/e"
# The team front page's own CSRF cookie: an evaluation's login page has one by the name
# bikva.web.auth.LOGIN_COOKIE at /e/<name>; the same name at "/" would be sent there as well.
TEAM_LOGIN_COOKIE = "bikva_team_login"


def _route_modules() -> list[Any]:
    return [importlib.import_module(f"{routes.__name__}.{info.name}")
            for info in sorted(pkgutil.iter_modules(routes.__path__), key=lambda i: i.name)]


def create_app(folder: Path, *, runner: Any = None, guarded: bool = True) -> FastAPI:
    """The app for the evaluation in `folder` (opened once now, so a wrong folder is refused
    before the server starts)."""
    with open_evaluation(folder) as (_session, ev):
        title = ev.evaluation.title
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None, dependencies=[Depends(check_csrf)])
    app.state.folder = folder
    app.state.title = title
    app.state.runner = runner
    nav: list[NavItem] = []
    for module in _route_modules():
        app.include_router(module.router)
        nav += getattr(module, "NAV", [])
    app.state.nav = sorted(nav, key=lambda item: item.order)
    app.mount("/static", StaticFiles(directory=str(STATIC_FOLDER)), name="static")
    _handle_errors(app)
    if guarded:  # a team server guards every evaluation's app once, at its root
        app.add_middleware(Guard)
    _language_choice(app)
    return app


def _language_choice(app: FastAPI) -> None:
    @app.get("/language/{lang}")
    def choose_language(request: Request, lang: str, back: str = "/") -> RedirectResponse:
        # Only a path inside this app: `back` must not send the browser elsewhere.
        root = request.scope.get("root_path", "")
        target = back if back.startswith(f"{root}/") and not back.startswith("//") else href(request, "/")
        response = RedirectResponse(target, status_code=303)
        if lang in LANGUAGES:
            response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, httponly=True, samesite="strict",
                                path=root or "/")
        return response


def _handle_errors(app: FastAPI) -> None:
    @app.exception_handler(LoginNeeded)
    async def login_needed(request: Request, _error: LoginNeeded) -> RedirectResponse:
        return RedirectResponse(href(request, LOGIN_PATH), status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> HTMLResponse:
        key = {403: "forbidden", 404: "not_found", 405: "not_allowed"}.get(error.status_code, "other")
        if error.detail == "csrf":
            key = "csrf"
        return render(request, "error.html.j2", status=error.status_code, message_key=f"web.error.{key}")

    @app.exception_handler(BikvaError)
    async def refused(request: Request, error: BikvaError) -> HTMLResponse:
        # A refusal no page caught itself: the one line the command line would print.
        return render(request, "error.html.j2", status=400, message=error_text(language(request), error))


def evaluations_in(parent: Path) -> dict[str, Path]:
    """The evaluation folders directly in `parent`, by folder name."""
    return {child.name: child for child in sorted(parent.iterdir())
            if child.is_dir() and (child / CONFIG_FILE).is_file() and not child.name.startswith(".")}


def create_team_app(parent: Path, *, runner: Any = None) -> FastAPI:
    """Every evaluation in `parent` under /e/<folder name>/. The front page is a login page
    with a field for the evaluation: it lists nothing, since nothing but the login page is
    served without logging in, and the names of the evaluations can say whom they are about."""
    found = evaluations_in(parent)
    if not found:
        raise BikvaError("web.serve.no_evaluations", folder=str(parent))
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.state.title = ""
    app.state.nav = []
    for name, folder in found.items():
        app.mount(f"{TEAM_PREFIX}/{name}", create_app(folder, runner=runner, guarded=False))
    app.mount("/static", StaticFiles(directory=str(STATIC_FOLDER)), name="static")
    app.add_middleware(Guard)

    _language_choice(app)
    by_name = {name.casefold(): name for name in found}

    def front_page(request: Request, status: int = 200, error: str | None = None, evaluation: str = "",
                   name: str = "") -> HTMLResponse:
        token = secrets.token_urlsafe(32)
        response = render(request, "team.html.j2", status=status, csrf=token, error=error, evaluation=evaluation,
                          name=name)
        response.set_cookie(TEAM_LOGIN_COOKIE, token, httponly=True, samesite="strict",
                            secure=request.url.scheme == "https", path="/")
        return response

    @app.get("/")
    def front(request: Request) -> HTMLResponse:
        return front_page(request)

    @app.post("/")
    def team_login(request: Request, evaluation: str = Form(""), name: str = Form(""), password: str = Form(""),
                   csrf: str = Form("")) -> Response:
        if not same_token(csrf, request.cookies.get(TEAM_LOGIN_COOKIE)):
            raise HTTPException(status_code=403, detail="csrf")
        chosen = by_name.get(" ".join(evaluation.split()).casefold())
        if chosen is None:
            outcome = no_such_evaluation(password)
        else:
            address = request.client.host if request.client else "?"
            with open_evaluation(found[chosen]) as (session, ev):
                outcome = log_in(session, ev, name, password, address)
        if not isinstance(outcome, Login):
            return front_page(request, status=401, error=error_text(language(request), outcome),
                              evaluation=evaluation, name=name)
        mount = f"{TEAM_PREFIX}/{chosen}"
        response = RedirectResponse(f"{mount}/", status_code=303)
        response.set_cookie(SESSION_COOKIE, outcome.token, httponly=True, samesite="strict",
                            secure=request.url.scheme == "https", path=mount)
        response.delete_cookie(TEAM_LOGIN_COOKIE, path="/")
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> HTMLResponse:
        key = "csrf" if error.detail == "csrf" else {404: "not_found", 405: "not_allowed"}.get(error.status_code, "other")
        return render(request, "error.html.j2", status=error.status_code, message_key=f"web.error.{key}")

    return app


__all__ = ["create_app", "create_team_app", "ENVIRONMENT"]
