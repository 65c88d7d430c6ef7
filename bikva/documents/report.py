"""Building the report: colophon, the evaluator's narrative sections, the method, each level's
quotes and advice, the synthesis, and the guides as appendices.

Two editions share one view: the commissioner's (the default) and the evaluator's, which adds
the quote register (bikva.documents.register). Only the evaluator's edition carries provenance: the
commissioner's view is built without any transcript or turn reference in it.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from bikva.errors import BikvaError
from bikva.store.evaluation import OpenEvaluation
from bikva.documents.guide import build_guide_view
from bikva.documents.narrative import markdown_redactor, read_sections
from bikva.documents.presentation import level_info, prefetch_units, quote_view, study_info, theme_tree
from bikva.store.queries import groups_of, participants_of, quotes_of, redactions_of, themes_of
from bikva.selection.redaction import Redactor
from bikva.documents.register import build_register
from bikva.documents.synthesis import build_synthesis, load_settings
from bikva.documents.views import AdviceView, Colophon, GroupInfo, QuoteView, ReportLevel, ReportView, ThemeBlock
from models.interview_group import InterviewGroup
from models.level import STANDARD_LEVELS, Level
from models.quote import Quote, QuoteKind
from models.theme import Theme

COMMISSIONER, EVALUATOR = "commissioner", "evaluator"
EDITIONS = (COMMISSIONER, EVALUATOR)


def build_report_view(session: Session, ev: OpenEvaluation, edition: str = COMMISSIONER) -> ReportView:
    if edition not in EDITIONS:
        raise BikvaError("report.cli.edition_unknown", edition=edition, editions=", ".join(EDITIONS))
    redactions = redactions_of(session, ev.id)
    redact = Redactor((row.text, row.placeholder) for row in redactions)
    theme_rows = themes_of(session, ev.id)
    themes = {theme.id: theme for theme in theme_rows}
    quotes = quotes_of(session, ev.id)
    prefetch_units(ev, session, quotes)
    views = {quote.id: quote_view(ev, session, quote, themes, redact) for quote in quotes}
    today = date.today()
    levels = [_level(session, ev, level, quotes, views, theme_rows, redact) for level in ev.levels]
    _describe_once(levels)
    return ReportView(
        lang=ev.lang,
        study=study_info(ev, redact),
        levels=levels,
        omitted_levels=[
            level_info(ev, Level(evaluation_id=ev.id, key=key, position=0))
            for key in STANDARD_LEVELS
            if key not in {level.key for level in ev.levels}
        ],
        guides=[build_guide_view(session, ev, level, redact) for level in ev.levels],
        generated_on=today,
        edition=edition,
        colophon=_colophon(ev, redact, today),
        omitted_reason=redact(ev.config.report.omitted_reason),
        sections=read_sections(ev.folder, ev.lang, markdown_redactor((r.text, r.placeholder) for r in redactions)),
        synthesis=build_synthesis(
            ev, theme_rows, quotes, views, load_settings(ev.folder, [l.key for l in ev.levels]), redact
        ),
        placeholders=list(dict.fromkeys(row.placeholder for row in redactions)),
        register=build_register(session, ev, quotes, themes, redact) if edition == EVALUATOR else None,
    )


def _level(
    session: Session,
    ev: OpenEvaluation,
    level: Level,
    quotes: list[Quote],
    views: dict[int, QuoteView],
    themes: list[Theme],
    redact: Redactor,
) -> ReportLevel:
    said_here = [q for q in quotes if q.level_id == level.id]
    by_theme: dict[int | None, list[QuoteView]] = {}
    for quote in said_here:
        if quote.kind == QuoteKind.STATEMENT:
            by_theme.setdefault(quote.theme_id, []).append(views[quote.id])

    def fill(theme: Theme, block: ThemeBlock) -> bool:
        block.quotes = by_theme.get(theme.id, [])
        return bool(block.quotes)

    following = ev.next_level(level)
    addressed_to = level_info(ev, following) if following else None
    return ReportLevel(
        level=level_info(ev, level),
        groups=[_group_info(session, group, redact) for group in groups_of(session, level)],
        themes=theme_tree(session, ev, redact, fill, themes),
        advice=[
            AdviceView(id=q.id, text=views[q.id].text, attribution=views[q.id].attribution,
                       level=views[q.id].level, addressed_to=addressed_to)
            for q in said_here if q.kind == QuoteKind.ADVICE
        ],
    )


def _describe_once(levels: list[ReportLevel]) -> None:
    """A theme's description is printed where the theme first appears, not under every level."""
    seen: set[str] = set()

    def walk(blocks: list[ThemeBlock]) -> None:
        for block in blocks:
            if block.name in seen:
                block.description = ""
            seen.add(block.name)
            walk(block.subthemes)

    for level in levels:
        walk(level.themes)


def _colophon(ev: OpenEvaluation, redact: Redactor, today: date) -> Colophon:
    settings = ev.config.report
    return Colophon(
        evaluators=redact.all(settings.evaluators),
        commissioner=redact(settings.commissioner or ev.config.commissioner),
        organisation=redact(ev.config.organisation),
        published=settings.published or today,
        dated=settings.published is not None,
        place=redact(settings.place),
        isbn=settings.isbn,
    )


def _group_info(session: Session, group: InterviewGroup, redact: Redactor) -> GroupInfo:
    return GroupInfo(
        name=redact(group.name),
        held_on=group.held_on,
        place=redact(group.place),
        participants=len(participants_of(session, group)),
        excluded=group.excluded,
        exclusion_reason=redact(group.exclusion_reason),
    )
