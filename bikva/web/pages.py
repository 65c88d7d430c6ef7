"""Rendering pages: the Jinja2 templates in templates/web/, every sentence from the catalogues.

`render(request, "page.html.j2", **context)` gives each template `t(key, **params)` in the
visitor's language, `href(path, **query)` (the path under the app's mount: a team server serves
each evaluation under /e/<name>/), `static(name)`, the `visitor`, `csrf_field()` (goes in every
POST form), the `done` message a redirect asked for (`redirect(request, path, done="quote_added",
id=7)` shows catalogue key `web.done.quote_added`), and `nav`. Autoescape is on: transcript text
is always text.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, Template, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from bikva.errors import BikvaError
from bikva.i18n import DEFAULT_LANGUAGE, LANGUAGES, catalogue, t
from bikva.store.files import printable

LANG_COOKIE = "bikva_lang"
STATIC_FOLDER = files("templates").joinpath("web", "static")

ENVIRONMENT = Environment(
    loader=PackageLoader("templates", "web"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def language(request: Request) -> str:
    chosen = request.cookies.get(LANG_COOKIE)
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def href(request: Request, path: str, **query: object) -> str:
    """`path` ("/transcripts/3") under the app's mount, with a query string."""
    base = request.scope.get("root_path", "").rstrip("/")
    shown = {key: value for key, value in query.items() if value is not None}
    return f"{base}{path}" + (f"?{urlencode(shown)}" if shown else "")


WEB_WORDING = "web.refusal"


def web_text(lang: str, key: str, **params: object) -> str:
    """A message of the command line as a page shows it: the web's own wording when the
    catalogue has one (`web.refusal.<key>`: the command line's often names a flag such as
    --text, which a browser user has no use for), else the command line's."""
    wording = f"{WEB_WORDING}.{key}"
    if wording in catalogue(lang) or wording in catalogue(DEFAULT_LANGUAGE):
        key = wording
    return t(lang, key, **{name: printable(value) for name, value in params.items()})


def error_text(lang: str, error: BikvaError) -> str:
    """A refusal in one line, in the page's language, worded for the browser when it differs."""
    return web_text(lang, error.key, **error.params)


def done_text(request: Request, lang: str) -> str | None:
    """The message a redirect asked for (`?done=key`), if the catalogue has it; only a number
    may fill it in, so a crafted link cannot put words on the page."""
    key = f"web.done.{request.query_params.get('done', '')}"
    if key not in catalogue(lang) and key not in catalogue(DEFAULT_LANGUAGE):
        return None
    number = request.query_params.get("id", "")
    return t(lang, key, id=number if number.isdigit() else "")


def _values(request: Request, context: dict[str, Any]) -> dict[str, Any]:
    lang = language(request)
    visitor = getattr(request.state, "visitor", None)
    values = {
        "request": request,
        "lang": lang,
        "t": lambda key, **params: t(lang, key, **params),
        "href": lambda path, **query: href(request, path, **query),
        "static": lambda name: href(request, f"/static/{name}"),
        "visitor": visitor,
        "csrf": context.pop("csrf", None) or (visitor.csrf_token if visitor else ""),
        "done": done_text(request, lang),
        "title": request.app.state.title,
        "nav": [item for item in request.app.state.nav if visitor and item.allows(visitor.role)],
        "here": request.url.path,
    }
    values["csrf_field"] = lambda: Markup(f'<input type="hidden" name="csrf" value="{escape(values["csrf"])}">')
    values.update(context)
    return values


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(ENVIRONMENT.get_template(template).render(_values(request, context)), status_code=status)


def fragment(request: Request, source: str, **context: Any) -> str:
    """A piece of a page as HTML, for a script to put in place (`source` is template text,
    typically a call of a macro in one of the page templates), with the same globals."""
    return _compiled(source).render(_values(request, context))


@cache
def _compiled(source: str) -> Template:
    return ENVIRONMENT.from_string(source)


def redirect(request: Request, path: str, **query: object) -> RedirectResponse:
    """After a POST: see the page again with GET (303), and say what was done (`done=key`)."""
    return RedirectResponse(href(request, path, **query), status_code=303)
