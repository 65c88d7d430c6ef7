"""Group statements: what the group agreed on at the read-back, in the group's own wording.

At the end of a group interview the interviewer reads back what the group has said and agrees
with them how it is worded and what goes on to the next level. What travels can therefore be a
condensed statement ("Borgerne oplever, at de selv må være tovholdere i deres sag"), not only a
verbatim quote. It is stored as a quote of kind `group_statement` with no turn (the evaluator
types it in from the guide's read-back lines), the interview group it was agreed in, and the
verbatim quotes of the same level that back it (`statement_support`). It travels like a quote:
carried to every level above by default, shown under its theme with questions, reacted to by
later levels (`quote add --responds-to`), and attributed to the group, never to a person.

A withdrawal: the statement is the group's wording and stays. A supporting quote of the
participant who withdrew leaves everything generated from then on, and the link with it
(bikva.store.queries.supporting_quotes); the statement is then shown without that quote.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, select

from bikva.errors import BikvaError
from bikva.intake.groups import find_group
from bikva.selection.prompts import own_prompts, tone_of
from bikva.selection.quotes import (address, carry_targets, record_carries, remove_quote, responds_to_quote,
                                    storable_id, theme_for)
from bikva.store import audit
from bikva.store.evaluation import OpenEvaluation
from bikva.store.files import printable
from bikva.store.queries import carries_of, groups_of, quotes_of, themes_of, withdrawn_quote_ids
from models.interview_group import InterviewGroup
from models.level import Level
from models.quote import STATEMENT_KINDS, Quote, QuoteKind
from models.statement_support import StatementSupport


@dataclass
class StatementRequest:
    level: str
    text: str
    theme: str | None = None
    group: str | None = None  # None: the level's only group
    supported_by: list[int] = field(default_factory=list)
    tone: str | None = None
    prompts: list[str] | None = None
    responds_to: int | None = None
    rationale: str = ""
    carry_to: list[str] | None = None


def add_statement(session: Session, ev: OpenEvaluation, request: StatementRequest) -> Quote:
    level = ev.level(request.level)
    text = request.text.strip()
    if not text:
        raise BikvaError("statement.empty")
    group = interview_group(session, level, request.group)
    theme = theme_for(session, ev, request.theme, required=True)
    tone = tone_of(request.tone)
    support = _support(session, ev, level, request.supported_by)
    responds_to = responds_to_quote(session, ev, level, request.responds_to)
    same = session.exec(select(Quote).where(
        Quote.level_id == level.id, Quote.kind == QuoteKind.GROUP_STATEMENT, Quote.text == text)).first()
    if same is not None:
        raise BikvaError("statement.duplicate", id=same.id)
    targets = carry_targets(ev, level, QuoteKind.GROUP_STATEMENT, request.carry_to)
    statement = Quote(
        evaluation_id=ev.id, level_id=level.id, group_id=group.id, text=text, theme_id=theme.id,
        kind=QuoteKind.GROUP_STATEMENT, prompt_tone=tone, own_prompts=own_prompts(request.prompts),
        rationale=request.rationale.strip(), responds_to_id=responds_to.id if responds_to else None,
    )
    session.add(statement)
    session.flush()
    for quote in support:
        session.add(StatementSupport(statement_id=statement.id, quote_id=quote.id))
    record_carries(session, statement, targets)
    session.flush()
    audit.record(session, ev.id, "statement", f"quote {statement.id}", level=level.key, group=group.id,
                 theme=theme.id, supported_by=[q.id for q in support], tone=tone,
                 carried_to=[t.key for t in targets])
    return statement


def interview_group(session: Session, level: Level, name: str | None) -> InterviewGroup:
    """The level's group of that name (exact, or the one that matches ignoring case); with no
    name, the level's only group. Refused rather than guessed when it is not clear."""
    groups = groups_of(session, level)
    names = ", ".join(printable(g.name) for g in groups) or "–"
    if name is None or not name.strip():
        if len(groups) == 1:
            return groups[0]
        raise BikvaError("statement.group_needed", address=address(level), groups=names)
    found = find_group(session, level, name.strip())
    if found is None:
        alike = [g for g in groups if g.name.casefold() == name.strip().casefold()]
        found = alike[0] if len(alike) == 1 else None
    if found is None:
        raise BikvaError("statement.group_unknown", group=name, address=address(level), groups=names)
    return found


def _support(session: Session, ev: OpenEvaluation, level: Level, ids: list[int]) -> list[Quote]:
    """The supporting quotes: verbatim quotes of the statement's own level that may travel."""
    withdrawn = withdrawn_quote_ids(session, ev.id) if ids else set()
    quotes = []
    for quote_id in dict.fromkeys(ids):
        quote = session.get(Quote, quote_id) if storable_id(quote_id) else None
        if quote is None or quote.evaluation_id != ev.id:
            raise BikvaError("statement.support_unknown", id=quote_id)
        if quote.kind != QuoteKind.STATEMENT:
            raise BikvaError("statement.support_not_verbatim", id=quote_id)
        if quote.level_id != level.id:
            said_at = next(l for l in ev.levels if l.id == quote.level_id)
            raise BikvaError("statement.support_other_level", id=quote_id, round=said_at.position,
                             address=address(level))
        if quote.id in withdrawn:
            raise BikvaError("statement.support_withdrawn", id=quote_id)
        quotes.append(quote)
    return quotes


def find_statement(session: Session, ev: OpenEvaluation, statement_id: int) -> Quote:
    statement = session.get(Quote, statement_id) if storable_id(statement_id) else None
    if statement is None or statement.evaluation_id != ev.id or statement.kind != QuoteKind.GROUP_STATEMENT:
        raise BikvaError("statement.unknown", id=statement_id)
    return statement


def remove_statement(session: Session, ev: OpenEvaluation, statement_id: int, *,
                     unlink_reactions: bool = False) -> Quote:
    """Remove a group statement, its support links and where it was carried (the supporting
    quotes stay selected). Later levels' reactions keep it, as with a quote."""
    find_statement(session, ev, statement_id)
    return remove_quote(session, ev, statement_id, unlink_reactions=unlink_reactions)


def statement_rows(session: Session, ev: OpenEvaluation, level: str | None = None) -> list[dict]:
    """Group statements as plain rows for `statement list`, with the quotes backing each (those
    that may still travel: a withdrawn participant's quote is no longer listed)."""
    only = ev.level(level) if level else None
    levels = {l.id: l for l in ev.levels}
    themes = {t.id: t.name for t in themes_of(session, ev.id)}
    carries = carries_of(session, ev.id)
    statements = [q for q in quotes_of(session, ev.id, include_excluded=True)
                  if q.kind == QuoteKind.GROUP_STATEMENT and (only is None or q.level_id == only.id)]
    travelling = {q.id for q in quotes_of(session, ev.id, include_excluded=True)}
    links: dict[int, list[int]] = {}
    if statements:
        for row in session.exec(select(StatementSupport).where(
                StatementSupport.statement_id.in_([s.id for s in statements])).order_by(StatementSupport.quote_id)):
            if row.quote_id in travelling:
                links.setdefault(row.statement_id, []).append(row.quote_id)
    groups = {g.id: g.name for l in ev.levels for g in groups_of(session, l)}
    return [
        {
            "id": s.id,
            "level": levels[s.level_id].key,
            "round": levels[s.level_id].position,
            "group": groups.get(s.group_id, ""),
            "theme": themes.get(s.theme_id, ""),
            "text": s.text,
            "supported_by": links.get(s.id, []),
            "tone": s.prompt_tone,
            "prompts": list(s.own_prompts),
            "responds_to": s.responds_to_id,
            "carried_to": [l.key for l in ev.levels if l.id in carries.get(s.id, ())],
            "rationale": s.rationale,
            "selected_at": s.selected_at.isoformat(),
        }
        for s in statements
    ]


def standalone_statements(session: Session, quotes: list[Quote]) -> list[Quote]:
    """The statements among `quotes` to show under their themes (verbatim quotes and group
    statements), less the verbatim quotes that back a group statement among them: those are
    printed under the statement, not a second time on their own."""
    statements = [q for q in quotes if q.kind in STATEMENT_KINDS]
    groups = [q.id for q in statements if q.kind == QuoteKind.GROUP_STATEMENT]
    backing = set(session.exec(select(StatementSupport.quote_id).where(
        StatementSupport.statement_id.in_(groups)))) if groups else set()
    return [q for q in statements if q.id not in backing]
