"""Building a round's interview guide: which themes, questions, quotes and advice it shows.

Level 1 (R1) is built from the study's themes and questions in bikva.toml. Every later level
shows the quotes carried to it, grouped by theme, each followed by the quotes from later
levels that react to it (leaders see a citizen quote with the frontline reactions below it;
politicians see the whole chain), and the good advice addressed to it by the level below.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from bikva.store.evaluation import OpenEvaluation
from bikva.documents.presentation import advice_view, level_info, quote_view, study_info, theme_tree
from bikva.selection.chains import link_chains
from bikva.store.queries import shown_to, themes_of
from bikva.selection.redaction import Redactor, redactor_for
from bikva.documents.views import GuideView, QuoteView, ThemeBlock
from models.level import Level
from models.quote import Quote, QuoteKind
from models.theme import Theme


def build_guide_view(session: Session, ev: OpenEvaluation, level: Level, redact: Redactor | None = None) -> GuideView:
    redact = redact or redactor_for(session, ev.id)
    previous, following = ev.previous_level(level), ev.next_level(level)
    carried_here = shown_to(session, ev.id, level)
    if level.position == 1:
        themes = _first_round_themes(session, ev, redact)
    else:
        themes = _carried_quote_themes(session, ev, redact, [q for q in carried_here if q.kind == QuoteKind.STATEMENT])
    themes_by_id = {theme.id: theme for theme in themes_of(session, ev.id)}
    advice = [
        advice_view(ev, session, quote, themes_by_id, redact)
        for quote in carried_here
        if quote.kind == QuoteKind.ADVICE
    ]
    return GuideView(
        lang=ev.lang,
        study=study_info(ev, redact),
        level=level_info(ev, level),
        previous_level=level_info(ev, previous) if previous else None,
        next_level=level_info(ev, following) if following else None,
        levels=[level_info(ev, l) for l in ev.levels],
        themes=themes,
        advice_received=advice,
        generated_on=date.today(),
    )


def _first_round_themes(session: Session, ev: OpenEvaluation, redact: Redactor) -> list[ThemeBlock]:
    questions = {item.name: item.questions for item in ev.config.themes}

    def fill(theme: Theme, block: ThemeBlock) -> bool:
        block.questions = redact.all(questions.get(theme.name, []))
        # Only themes still in bikva.toml: one removed there is no longer asked about.
        return theme.name in questions

    return theme_tree(session, ev, redact, fill)


def _carried_quote_themes(
    session: Session, ev: OpenEvaluation, redact: Redactor, carried: list[Quote]
) -> list[ThemeBlock]:
    """The carried statements as chains, under the theme of the statement each chain starts from."""
    themes_by_id = {theme.id: theme for theme in themes_of(session, ev.id)}
    roots_by_theme: dict[int | None, list[QuoteView]] = {}
    for root, view in link_chains(carried, lambda quote: quote_view(ev, session, quote, themes_by_id, redact)):
        roots_by_theme.setdefault(root.theme_id, []).append(view)

    def fill(theme: Theme, block: ThemeBlock) -> bool:
        block.quotes = roots_by_theme.get(theme.id, [])
        return bool(block.quotes)

    return theme_tree(session, ev, redact, fill)
