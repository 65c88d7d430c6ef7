"""Selecting quotes: finding the exact passage, checking it, and recording where it travels."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from bikva.store import audit
from bikva.errors import BikvaError
from bikva.store.files import printable
from bikva.store.evaluation import OpenEvaluation
from bikva.intake.passages import find_passage
from bikva.store.queries import carries_of, quotes_of, themes_of, turns_of_level
from models.level import Level
from models.quote import Quote, QuoteKind
from models.quote_carry import QuoteCarry
from models.theme import Theme
from models.transcript import Transcript
from models.turn import Turn


@dataclass
class QuoteRequest:
    level: str
    text: str
    theme: str | None = None
    advice: bool = False
    responds_to: int | None = None
    rationale: str = ""
    carry_to: list[str] | None = None  # level names; None = the default for its kind


def add_quote(session: Session, ev: OpenEvaluation, request: QuoteRequest) -> Quote:
    level = ev.level(request.level)
    match = _locate(session, level, request.text)
    theme = _theme(session, ev, request.theme, required=not request.advice)
    responds_to = _responds_to(session, ev, level, request.responds_to)
    duplicate = session.exec(
        select(Quote).where(Quote.turn_id == match.turn.id, Quote.start == match.start, Quote.end == match.end)
    ).first()
    if duplicate is not None:
        raise BikvaError("quote.duplicate", id=duplicate.id)
    kind = QuoteKind.ADVICE if request.advice else QuoteKind.STATEMENT
    targets = _carry_targets(ev, level, kind, request.carry_to)
    quote = Quote(
        evaluation_id=ev.id,
        level_id=level.id,
        transcript_id=match.turn.transcript_id,
        turn_id=match.turn.id,
        start=match.start,
        end=match.end,
        text=match.turn.text[match.start : match.end],
        theme_id=theme.id if theme else None,
        kind=kind,
        rationale=request.rationale.strip(),
        responds_to_id=responds_to.id if responds_to else None,
    )
    session.add(quote)
    session.flush()
    for target in targets:
        session.add(QuoteCarry(quote_id=quote.id, level_id=target.id))
    audit.record(
        session, ev.id, "quote", f"quote {quote.id}", level=level.key, kind=kind,
        theme=theme.name if theme else None, responds_to=quote.responds_to_id,
        carried_to=[t.key for t in targets], transcript=quote.transcript_id, start=quote.start, end=quote.end,
    )
    return quote


def _locate(session: Session, level: Level, passage: str):
    if not passage.split():
        raise BikvaError("quote.empty")
    matches = find_passage(passage, turns_of_level(session, level))
    informant = [m for m in matches if not m.turn.is_interviewer]
    if len(informant) == 1:
        return informant[0]
    if informant:
        places = ", ".join(_place(session, m.turn) for m in informant[:5])
        raise BikvaError("quote.ambiguous", count=len(informant), places=places)
    if matches:
        raise BikvaError("quote.interviewer_only", place=_place(session, matches[0].turn))
    raise BikvaError("quote.not_found", level=level.key)


def _place(session: Session, turn: Turn) -> str:
    transcript = session.get(Transcript, turn.transcript_id)
    return f"{printable(transcript.original_filename)} #{turn.position}"


def _theme(session: Session, ev: OpenEvaluation, name: str | None, *, required: bool) -> Theme | None:
    if not name:
        if required:
            raise BikvaError("quote.theme_missing", themes=_theme_names(session, ev))
        return None
    theme = session.exec(select(Theme).where(Theme.evaluation_id == ev.id, Theme.name == name.strip())).first()
    if theme is None:
        raise BikvaError("quote.theme_unknown", theme=printable(name, 100), themes=_theme_names(session, ev))
    return theme


def _theme_names(session: Session, ev: OpenEvaluation) -> str:
    return printable("; ".join(t.name for t in themes_of(session, ev.id)))


def _responds_to(session: Session, ev: OpenEvaluation, level: Level, quote_id: int | None) -> Quote | None:
    if quote_id is None:
        return None
    earlier = session.get(Quote, quote_id) if _storable_id(quote_id) else None
    if earlier is None or earlier.evaluation_id != ev.id:
        raise BikvaError("quote.responds_to_unknown", id=quote_id)
    earlier_level = next(l for l in ev.levels if l.id == earlier.level_id)
    if earlier_level.position >= level.position:
        raise BikvaError("quote.responds_to_not_earlier", id=quote_id, level=level.key)
    return earlier


def _carry_targets(ev: OpenEvaluation, level: Level, kind: str, names: list[str] | None) -> list[Level]:
    """Statements travel to every level above by default (leaders see citizen quotes too);
    good advice goes to the next level, to whom it is addressed."""
    if names:
        targets = [ev.level(n) for n in names]
        for target in targets:
            if target.position <= level.position:
                raise BikvaError("quote.carry_not_above", level=target.key)
        return targets
    above = [l for l in ev.levels if l.position > level.position]
    return above[:1] if kind == QuoteKind.ADVICE else above


def _storable_id(number: int) -> bool:
    """Whether `number` can be a row id at all (a 30-digit number would overflow SQLite)."""
    return 0 < number < 2**63


def remove_quote(session: Session, ev: OpenEvaluation, quote_id: int) -> Quote:
    quote = session.get(Quote, quote_id) if _storable_id(quote_id) else None
    if quote is None or quote.evaluation_id != ev.id:
        raise BikvaError("quote.unknown", id=quote_id)
    reactions = session.exec(select(Quote).where(Quote.responds_to_id == quote_id)).all()
    if reactions:
        raise BikvaError("quote.has_reactions", id=quote_id, reactions=", ".join(str(r.id) for r in reactions))
    for carry in session.exec(select(QuoteCarry).where(QuoteCarry.quote_id == quote_id)):
        session.delete(carry)
    session.delete(quote)
    audit.record(session, ev.id, "unquote", f"quote {quote_id}")
    return quote


def quote_rows(session: Session, ev: OpenEvaluation, level: str | None = None) -> list[dict]:
    """Quotes as plain rows for `quote list` (evaluator's view; still no speaker labels)."""
    only = ev.level(level) if level else None
    levels = {l.id: l for l in ev.levels}
    themes = {t.id: t.name for t in themes_of(session, ev.id)}
    carries = carries_of(session, ev.id)
    rows = []
    for quote in quotes_of(session, ev.id, include_excluded=True):
        if only is not None and quote.level_id != only.id:
            continue
        turn = session.get(Turn, quote.turn_id) if quote.turn_id is not None else None
        rows.append(
            {
                "id": quote.id,
                "level": levels[quote.level_id].key,
                "round": levels[quote.level_id].position,
                "kind": quote.kind,
                "theme": themes.get(quote.theme_id, ""),
                "text": quote.text,
                "rationale": quote.rationale,
                "responds_to": quote.responds_to_id,
                "carried_to": [l.key for l in ev.levels if l.id in carries.get(quote.id, ())],
                "transcript_id": quote.transcript_id,
                "turn": turn.position if turn else None,
                "start": quote.start,
                "end": quote.end,
                "selected_at": quote.selected_at.isoformat(),
            }
        )
    return rows
