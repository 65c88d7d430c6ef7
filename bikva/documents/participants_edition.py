"""The participants' edition: a short, plain report for the citizens and staff who took part.

What was found, in the evaluator's own words for them (`report/participants.md`), then each
level's good advice, and whom to contact. No quote register, no attributions beyond the level,
no transcript references: the advice is printed as the groups wrote it, under the level that
wrote it. Without report/participants.md a stand-in is made from the results' headings (the
themes each level spoke about); it is marked as a draft, and the edition cannot be final then.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from bikva.documents.narrative import markdown_redactor, read_participants_text
from bikva.documents.presentation import level_info, quote_view, study_info
from bikva.documents.views import ParticipantsLevel, ParticipantsView
from bikva.selection.redaction import Redactor
from bikva.store.evaluation import OpenEvaluation
from bikva.store.queries import quotes_of, redactions_of, themes_of
from models.quote import STATEMENT_KINDS, QuoteKind

PARTICIPANTS = "participants"


def build_participants_view(session: Session, ev: OpenEvaluation) -> ParticipantsView:
    redactions = redactions_of(session, ev.id)
    redact = Redactor((row.text, row.placeholder) for row in redactions)
    themes = {theme.id: theme for theme in themes_of(session, ev.id)}
    quotes = quotes_of(session, ev.id)  # consent withdrawn, excluded groups: already left out
    study = study_info(ev, redact)
    levels, advice_ids = [], set()
    for level in ev.levels:
        own = [q for q in quotes if q.level_id == level.id]
        names = [redact(themes[q.theme_id].name) for q in own
                 if q.kind in STATEMENT_KINDS and q.theme_id in themes]
        advice = [q for q in own if q.kind == QuoteKind.ADVICE]
        advice_ids |= {q.id for q in advice}
        following = ev.next_level(level)
        levels.append(ParticipantsLevel(
            level=level_info(ev, level),
            themes=list(dict.fromkeys(names)),
            advice=[quote_view(ev, session, q, themes, redact).text for q in advice],
            addressed_to=level_info(ev, following) if following else None,
        ))
    report = ev.config.report
    return ParticipantsView(
        lang=ev.lang,
        title=redact(report.title) or study.title,
        organisation=redact(ev.config.organisation),
        commissioner=redact(report.commissioner or ev.config.commissioner),
        contact=redact(ev.config.contact),
        levels=levels,
        text=read_participants_text(ev.folder, ev.lang, markdown_redactor((r.text, r.placeholder) for r in redactions)),
        generated_on=date.today(),
        published=report.published,
        advice_ids=frozenset(advice_ids),
    )
