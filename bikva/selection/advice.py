"""Written good advice: typed in from the writing sheets.

At the end of each interview the participants write their good advice to the next level on
sheets, and it is often never read aloud, so it is in no transcript. `bikva advice add` types it
in, one entry per piece of advice: a quote of kind `advice` marked `written`, with the interview
group it was written in and no turn. It travels to the next level like spoken advice (chosen
with `quote add --advice`), to whom it is addressed.

A withdrawal: written advice carries no name and is linked to no participant, so withdrawing a
participant cannot find it. When the evaluator knows which sheet was theirs, `bikva advice
remove` takes the advice out of everything generated from then on.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from bikva.errors import BikvaError
from bikva.selection.quotes import carry_targets, record_carries, remove_quote, storable_id, theme_for
from bikva.selection.statements import interview_group
from bikva.store import audit
from bikva.store.evaluation import OpenEvaluation
from bikva.store.queries import carries_of, groups_of, quotes_of, themes_of
from models.quote import Quote, QuoteKind


@dataclass
class AdviceRequest:
    level: str
    text: str
    group: str | None = None  # None: the level's only group
    theme: str | None = None
    rationale: str = ""
    carry_to: list[str] | None = None


def add_written_advice(session: Session, ev: OpenEvaluation, request: AdviceRequest) -> Quote:
    level = ev.level(request.level)
    text = request.text.strip()
    if not text:
        raise BikvaError("advice.empty")
    group = interview_group(session, level, request.group)
    theme = theme_for(session, ev, request.theme, required=False)
    same = session.exec(select(Quote).where(
        Quote.group_id == group.id, Quote.kind == QuoteKind.ADVICE, Quote.written == True,  # noqa: E712
        Quote.text == text)).first()
    if same is not None:
        raise BikvaError("advice.duplicate", id=same.id)
    targets = carry_targets(ev, level, QuoteKind.ADVICE, request.carry_to)
    advice = Quote(evaluation_id=ev.id, level_id=level.id, group_id=group.id, text=text,
                   theme_id=theme.id if theme else None, kind=QuoteKind.ADVICE, written=True,
                   rationale=request.rationale.strip())
    session.add(advice)
    session.flush()
    record_carries(session, advice, targets)
    session.flush()
    audit.record(session, ev.id, "advice", f"quote {advice.id}", level=level.key, group=group.id, written=True,
                 carried_to=[t.key for t in targets])
    return advice


def remove_advice(session: Session, ev: OpenEvaluation, advice_id: int) -> Quote:
    """Remove a good advice, written or said, and where it was carried."""
    advice = session.get(Quote, advice_id) if storable_id(advice_id) else None
    if advice is None or advice.evaluation_id != ev.id or advice.kind != QuoteKind.ADVICE:
        raise BikvaError("advice.unknown", id=advice_id)
    return remove_quote(session, ev, advice_id)


def advice_rows(session: Session, ev: OpenEvaluation, level: str | None = None) -> list[dict]:
    """Every good advice, written and said, as plain rows for `advice list`."""
    only = ev.level(level) if level else None
    levels = {l.id: l for l in ev.levels}
    themes = {t.id: t.name for t in themes_of(session, ev.id)}
    carries = carries_of(session, ev.id)
    groups = {g.id: g.name for l in ev.levels for g in groups_of(session, l)}
    return [
        {
            "id": q.id,
            "level": levels[q.level_id].key,
            "round": levels[q.level_id].position,
            "written": q.written,
            "group": groups.get(q.group_id, ""),
            "theme": themes.get(q.theme_id, ""),
            "text": q.text,
            "carried_to": [l.key for l in ev.levels if l.id in carries.get(q.id, ())],
            "selected_at": q.selected_at.isoformat(),
        }
        for q in quotes_of(session, ev.id, include_excluded=True)
        if q.kind == QuoteKind.ADVICE and (only is None or q.level_id == only.id)
    ]
