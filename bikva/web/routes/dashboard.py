"""The study's overview: each round in order with where it stands, quotes per theme, open guard
hits, what the report still lacks, and the next step. The same functions as `bikva status` and
`bikva check`."""

from __future__ import annotations

from collections import Counter

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from bikva.documents.status import describe_gap, describe_waiting, report_gaps, study_status
from bikva.protection.guard import open_hits
from bikva.store.queries import quotes_of, themes_of
from bikva.web.accounts import Visitor
from bikva.web.auth import require
from bikva.web.evaluation import opened
from bikva.web.nav import NavItem
from bikva.web.pages import language, render
from models.web_account import Role

router = APIRouter()
NAV = [NavItem("/", "web.nav.dashboard", tuple(Role), order=0)]


@router.get("/")
def dashboard(request: Request, visitor: Visitor = require()) -> HTMLResponse:
    if visitor.role != Role.EVALUATOR:
        return render(request, "home.html.j2")
    lang = language(request)
    with opened(request) as (session, ev):
        status = study_status(session, ev)
        gaps = [describe_gap(lang, gap) for gap in report_gaps(session, ev)]
        hits = open_hits(session, ev)
        themes = {theme.id: theme.name for theme in themes_of(session, ev.id)}
        per_theme = Counter((q.level_id, q.theme_id) for q in quotes_of(session, ev.id))
        levels = {level.key: level.id for level in ev.levels}
    rounds = []
    for r in status.rounds:
        waiting = r.guide_waiting_for or r.round_waiting_for
        counts = [(themes[theme_id], n) for (level_id, theme_id), n in sorted(per_theme.items(), key=lambda i: str(i[0][1]))
                  if level_id == levels[r.level] and theme_id in themes]
        rounds.append({"status": r, "waiting": describe_waiting(lang, waiting) if waiting else "",
                       "themes": sorted(counts)})
    first = status.first_waiting()
    return render(request, "dashboard.html.j2", rounds=rounds, gaps=gaps, hits=hits,
                  next_step=describe_waiting(lang, first) if first else "", report_ready=status.report_ready)
