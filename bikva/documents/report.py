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
from bikva.selection.statements import standalone_statements
from bikva.documents.method import consent_summary
from bikva.documents.narrative import markdown_redactor, read_sections
from bikva.documents.references import Citation, ReferenceLinks, resolver
from bikva.documents.results import ResultsWriter, results_file
from bikva.documents.presentation import level_info, prefetch_units, quote_view, study_info, theme_tree
from bikva.store.queries import groups_of, participants_of, quotes_of, redactions_of, themes_of
from bikva.selection.redaction import Redactor
from bikva.documents.register import build_register
from bikva.documents.synthesis import build_synthesis, load_settings
from bikva.documents.views import (
    AdviceView, Colophon, GroupInfo, QuoteView, ReportLevel, ReportView, ResponseNote, ThemeBlock,
)
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
    _note_answers(quotes, views)
    advice = {q.id: _advice(ev, q, views[q.id]) for q in quotes if q.kind == QuoteKind.ADVICE}
    citation = Citation(ev.lang, resolver(session, ev), evaluator=edition == EVALUATOR)
    md_redact = markdown_redactor((r.text, r.placeholder) for r in redactions)
    writer = ResultsWriter(ev.folder, citation, md_redact, redact,
                           {i: advice.get(i, view) for i, view in views.items()})
    today = date.today()
    levels = [_level(session, ev, level, quotes, views, advice, theme_rows, redact, writer) for level in ev.levels]
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
        sections=read_sections(ev.folder, ev.lang, md_redact, [ReferenceLinks(citation)]),
        synthesis=build_synthesis(
            ev, theme_rows, quotes, views, load_settings(ev.folder, [l.key for l in ev.levels]), redact, citation
        ),
        placeholders=list(dict.fromkeys(row.placeholder for row in redactions)),
        register=build_register(session, ev, quotes, themes, redact) if edition == EVALUATOR else None,
        consent=consent_summary(session, ev),  # bikva.documents.method (R2)
        report_title=redact(ev.config.report.title),
    )


def _level(
    session: Session,
    ev: OpenEvaluation,
    level: Level,
    quotes: list[Quote],
    views: dict[int, QuoteView],
    advice: dict[int, AdviceView],
    themes: list[Theme],
    redact: Redactor,
    writer: ResultsWriter,
) -> ReportLevel:
    said_here = [q for q in quotes if q.level_id == level.id]
    by_theme: dict[int | None, list[QuoteView]] = {}
    for quote in standalone_statements(session, said_here):  # a group statement's quotes: under it
        by_theme.setdefault(quote.theme_id, []).append(views[quote.id])
    results = writer.level(level.key, themes)

    def fill(theme: Theme, block: ThemeBlock) -> bool:
        block.quotes = by_theme.get(theme.id, [])
        if results is None:
            return bool(block.quotes)
        # The text prints what it cites; the theme's other quotes follow it.
        block.analysis = results.by_theme.get(theme.id, [])
        block.other_quotes = [q for q in block.quotes if q.id not in results.cited]
        return bool(block.quotes) or theme.id in results.by_theme

    return ReportLevel(
        level=level_info(ev, level),
        groups=[_group_info(session, group, redact) for group in groups_of(session, level)],
        themes=theme_tree(session, ev, redact, fill, themes),
        advice=[advice[q.id] for q in said_here if q.kind == QuoteKind.ADVICE],
        analysis_file=results_file(level.key),
        analysed=results is not None,
        intro=results.intro if results else [],
        other_sections=results.other_sections if results else [],
    )


def _advice(ev: OpenEvaluation, quote: Quote, view: QuoteView) -> AdviceView:
    level = next(l for l in ev.levels if l.id == quote.level_id)
    following = ev.next_level(level)
    return AdviceView(id=quote.id, text=view.text, attribution=view.attribution, level=view.level,
                      addressed_to=level_info(ev, following) if following else None, written=view.written)


SHORT_WORDS = 7  # how much of a quote a reaction's note repeats


def short_form(text: str) -> str:
    """The first words of a quote, with "…": enough to recognise it, not to read it again."""
    words = text.split()
    if len(words) <= SHORT_WORDS + 2:
        return " ".join(words)
    return " ".join(words[:SHORT_WORDS]).rstrip(",.;:–-") + " …"


def _note_answers(quotes: list[Quote], views: dict[int, QuoteView]) -> None:
    """A reaction is printed beside what it answers: the first words of that quote and its number.
    Only a quote the report prints itself is repeated (never a withdrawn participant's)."""
    for quote in quotes:
        answered = views.get(quote.responds_to_id) if quote.responds_to_id else None
        if answered is not None:
            views[quote.id].answers = ResponseNote(id=answered.id, excerpt=short_form(answered.text))


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
