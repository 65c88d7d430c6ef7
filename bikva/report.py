"""Building the report: the study's method, each level's quotes and advice, the guides."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from bikva.evaluation import OpenEvaluation
from bikva.guides import build_guide_view
from bikva.presentation import advice_view, level_info, quote_view, study_info, theme_tree
from bikva.queries import groups_of, participants_of, quotes_of, themes_of
from bikva.redaction import redactor_for
from bikva.views import GroupInfo, ReportLevel, ReportView, ThemeBlock
from models.evaluation import STANDARD_LEVELS, InterviewGroup, Level
from models.quote import ADVICE, STATEMENT, Theme


def build_report_view(session: Session, ev: OpenEvaluation) -> ReportView:
    redact = redactor_for(session, ev.id)
    themes = {theme.id: theme for theme in themes_of(session, ev.id)}
    quotes = quotes_of(session, ev.id)
    used = {level.key for level in ev.levels}
    sections = []
    for level in ev.levels:
        said_here = [q for q in quotes if q.level_id == level.id]
        by_theme: dict[int | None, list] = {}
        for quote in said_here:
            if quote.kind == STATEMENT:
                by_theme.setdefault(quote.theme_id, []).append(quote_view(ev, session, quote, themes, redact))

        def fill(theme: Theme, block: ThemeBlock, by_theme=by_theme) -> bool:
            block.quotes = by_theme.get(theme.id, [])
            return bool(block.quotes)

        advice = [advice_view(ev, session, q, themes, redact) for q in said_here if q.kind == ADVICE]
        sections.append(
            ReportLevel(
                level=level_info(ev, level),
                groups=[_group_info(session, group, redact) for group in groups_of(session, level)],
                themes=theme_tree(session, ev, redact, fill),
                advice=advice,
            )
        )
    return ReportView(
        lang=ev.lang,
        study=study_info(ev, redact),
        levels=sections,
        omitted_levels=[
            level_info(ev, Level(evaluation_id=ev.id, key=key, position=0))
            for key in STANDARD_LEVELS
            if key not in used
        ],
        guides=[build_guide_view(session, ev, level, redact) for level in ev.levels],
        generated_on=date.today(),
    )


def _group_info(session: Session, group: InterviewGroup, redact) -> GroupInfo:
    return GroupInfo(
        name=redact(group.name),
        held_on=group.held_on,
        place=redact(group.place),
        participants=len(participants_of(session, group)),
        excluded=group.excluded,
        exclusion_reason=redact(group.exclusion_reason),
    )
