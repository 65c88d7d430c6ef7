"""Selecting quotes: finding the exact passage, checking it, and recording where it travels.

A passage is refused rather than guessed at: not found (the message shows the closest passage,
so a missing comma or a typo is seen at once), found in several places, only in the
interviewer's words, or only in a turn whose speaker is not known yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein
from sqlmodel import Session, delete, select

from bikva.errors import BikvaError
from bikva.i18n import cli_language, t as message
from bikva.intake.importers.model import UNKNOWN_SPEAKER
from bikva.intake.normalise import normalise
from bikva.intake.passages import PassageMatch, find_passage
from bikva.selection.prompts import own_prompts, tone_of
from bikva.selection.themes import find_theme, theme_names
from bikva.store import audit
from bikva.store.evaluation import OpenEvaluation
from bikva.store.files import printable
from bikva.store.queries import carries_of, quotes_of, themes_of, turn_of_level, turns_of_level
from models.level import Level
from models.quote import Quote, QuoteKind
from models.quote_carry import QuoteCarry
from models.statement_support import StatementSupport
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
    tone: str | None = None  # the questions the next group is asked (bikva.selection.prompts)
    prompts: list[str] | None = None  # the evaluator's own questions about it
    # (turn id, start, end) in code points: a passage chosen in the transcript itself (the web
    # app's selection), used instead of searching for `text`; see `_at`.
    place: tuple[int, int, int] | None = None


def add_quote(session: Session, ev: OpenEvaluation, request: QuoteRequest) -> Quote:
    level = ev.level(request.level)
    match = _at(session, level, request.place) if request.place else _locate(session, level, request.text)
    theme = theme_for(session, ev, request.theme, required=not request.advice)
    tone = tone_of(request.tone)
    responds_to = responds_to_quote(session, ev, level, request.responds_to)
    duplicate = session.exec(
        select(Quote).where(Quote.turn_id == match.turn.id, Quote.start == match.start, Quote.end == match.end)
    ).first()
    if duplicate is not None:
        raise BikvaError("quote.duplicate", id=duplicate.id)
    kind = QuoteKind.ADVICE if request.advice else QuoteKind.STATEMENT
    targets = carry_targets(ev, level, kind, request.carry_to)
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
        prompt_tone=tone,
        own_prompts=own_prompts(request.prompts),
        rationale=request.rationale.strip(),
        responds_to_id=responds_to.id if responds_to else None,
    )
    session.add(quote)
    session.flush()
    record_carries(session, quote, targets)
    audit.record(
        session, ev.id, "quote", f"quote {quote.id}", level=level.key, kind=kind,
        theme=theme.name if theme else None, responds_to=quote.responds_to_id,
        carried_to=[t.key for t in targets], transcript=quote.transcript_id, start=quote.start, end=quote.end,
    )
    return quote


def _locate(session: Session, level: Level, passage: str):
    if not normalise(passage).text.split():
        raise BikvaError("quote.empty")
    turns = turns_of_level(session, level)
    matches = find_passage(passage, turns)
    # A turn whose speaker is not known yet counts as a place the passage may be from: a match
    # there and one in a named turn is two places, not one.
    informant = [m for m in matches if not m.turn.is_interviewer]
    if len(informant) == 1:
        if informant[0].turn.speaker == UNKNOWN_SPEAKER:
            turn = informant[0].turn
            raise BikvaError("quote.unknown_speaker", place=_place(session, turn), transcript=turn.transcript_id,
                             turn=turn.position)
        return informant[0]
    if informant:
        places = ", ".join(_place(session, m.turn) for m in informant[:5])
        raise BikvaError("quote.ambiguous", count=len(informant), places=places)
    if matches:
        raise BikvaError("quote.interviewer_only", place=_place(session, matches[0].turn))
    near = _closest(passage, [turn for turn in turns if not turn.is_interviewer])
    lang = cli_language()
    if near is None:
        hint = message(lang, "quote.check_wording")
    else:
        hint = message(lang, "quote.closest", closest=printable(near[0]), place=_place(session, near[1]))
    raise BikvaError("quote.not_found", address=address(level), hint=hint)


def _at(session: Session, level: Level, place: tuple[int, int, int]) -> PassageMatch:
    """The passage at `place` in one of the level's turns, widened to whole words as word
    processors select (a drag that stops inside a word means the word), without the spaces a
    selection often takes at either end; refused like a typed passage in the interviewer's
    words or an unknown speaker's turn."""
    turn_id, start, end = place
    turn = turn_of_level(session, level, turn_id)
    if turn is None or not 0 <= start < end <= len(turn.text):
        raise BikvaError("quote.place_unknown", address=address(level))
    text = turn.text
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise BikvaError("quote.empty")
    if turn.is_interviewer:
        raise BikvaError("quote.interviewer_only", place=_place(session, turn))
    if turn.speaker == UNKNOWN_SPEAKER:
        raise BikvaError("quote.unknown_speaker", place=_place(session, turn), transcript=turn.transcript_id,
                         turn=turn.position)
    return PassageMatch(turn, start, end)


def address(level: Level) -> str:
    """The level as messages speak of it: "borgerne" (catalogue `level.<key>.address`)."""
    return message(cli_language(), f"level.{level.key}.address")


# Below this rapidfuzz score (0-100) no passage is offered as the one meant.
_NEAR_ENOUGH = 75
# A closest passage longer than this is shown as a window around its first difference.
_SHOWN = 90


def _closest(passage: str, turns: list[Turn]) -> tuple[str, Turn] | None:
    """The passage of `turns` most like `passage`, whole words, shortened around where it
    differs; and its turn. Compared in normal form with whitespace folded, as matching is."""
    wanted = " ".join(normalise(passage).text.split())
    best = None
    for turn in turns:
        said = " ".join(normalise(turn.text).text.split())
        found = fuzz.partial_ratio_alignment(wanted, said, score_cutoff=_NEAR_ENOUGH)
        if found is not None and (best is None or found.score > best[0]):
            best = (found.score, said, found.dest_start, found.dest_end, turn)
    if best is None:
        return None
    _, said, start, end, turn = best
    # Whole words (the alignment may start or end inside one), without the sentence's closing
    # punctuation unless the evaluator's passage has it too.
    while start > 0 and not said[start - 1].isspace():
        start -= 1
    while end < len(said) and not said[end].isspace():
        end += 1
    found = said[start:end].strip()
    if wanted[-1:].isalnum():
        found = found.rstrip(".,;:!?")
    return _around_difference(wanted, found), turn


def _around_difference(wanted: str, found: str) -> str:
    if len(found) <= _SHOWN:
        return found
    differing = [op for op in Levenshtein.opcodes(wanted, found) if op.tag != "equal"]
    at = differing[0].dest_start if differing else 0
    start = max(0, min(at - _SHOWN // 2, len(found) - _SHOWN))
    end = start + _SHOWN
    while start > 0 and not found[start - 1].isspace():
        start -= 1
    while end < len(found) and not found[end].isspace():
        end += 1
    return ("… " if start > 0 else "") + found[start:end].strip() + (" …" if end < len(found) else "")


def _place(session: Session, turn: Turn) -> str:
    transcript = session.get(Transcript, turn.transcript_id)
    return f"{printable(transcript.original_filename)} #{turn.position}"


def theme_for(session: Session, ev: OpenEvaluation, name: str | None, *, required: bool) -> Theme | None:
    if not name or not name.strip():
        if required:
            raise BikvaError("quote.theme_missing", themes=theme_names([t.name for t in themes_of(session, ev.id)]))
        return None
    return find_theme(session, ev, name)


def responds_to_quote(session: Session, ev: OpenEvaluation, level: Level, quote_id: int | None) -> Quote | None:
    if quote_id is None:
        return None
    earlier = session.get(Quote, quote_id) if storable_id(quote_id) else None
    if earlier is None or earlier.evaluation_id != ev.id:
        raise BikvaError("quote.responds_to_unknown", id=quote_id)
    earlier_level = next(l for l in ev.levels if l.id == earlier.level_id)
    if earlier_level.position >= level.position:
        raise BikvaError("quote.responds_to_not_earlier", id=quote_id, address=address(level))
    return earlier


def record_carries(session: Session, quote: Quote, targets: list[Level]) -> None:
    """The levels `quote` is shown to, as rows (the quote has its id: flushed)."""
    for target in targets:
        session.add(QuoteCarry(quote_id=quote.id, level_id=target.id))


def carry_targets(ev: OpenEvaluation, level: Level, kind: str, names: list[str] | None) -> list[Level]:
    """Statements travel to every level above by default (leaders see citizen quotes too);
    good advice goes to the next level, to whom it is addressed."""
    if names:
        targets = [ev.level(n) for n in names]
        for target in targets:
            if target.position <= level.position:
                raise BikvaError("quote.carry_not_above", address=address(target))
        return targets
    above = [l for l in ev.levels if l.position > level.position]
    return above[:1] if kind == QuoteKind.ADVICE else above


def storable_id(number: int) -> bool:
    """Whether `number` can be a row id at all (a 30-digit number would overflow SQLite)."""
    return 0 < number < 2**63


def remove_quote(session: Session, ev: OpenEvaluation, quote_id: int, *, unlink_reactions: bool = False) -> Quote:
    """Remove a quote and where it was carried. Later levels' reactions to it keep it from being
    removed, unless `unlink_reactions`: then they stay as quotes that react to nothing."""
    quote = session.get(Quote, quote_id) if storable_id(quote_id) else None
    if quote is None or quote.evaluation_id != ev.id:
        raise BikvaError("quote.unknown", id=quote_id)
    reactions = session.exec(select(Quote).where(Quote.responds_to_id == quote_id).order_by(Quote.id)).all()
    if reactions and not unlink_reactions:
        raise BikvaError("quote.has_reactions", id=quote_id, reactions=", ".join(str(r.id) for r in reactions))
    for reaction in reactions:
        reaction.responds_to_id = None
    # Explicit statements, flushed in this order: the ORM knows no relationship between the
    # tables and would otherwise delete the quote before the rows that point at it. A removed
    # quote no longer backs a group statement, and a removed statement has no support.
    session.flush()
    session.execute(delete(StatementSupport).where(
        (StatementSupport.statement_id == quote_id) | (StatementSupport.quote_id == quote_id)))
    session.execute(delete(QuoteCarry).where(QuoteCarry.quote_id == quote_id))
    session.execute(delete(Quote).where(Quote.id == quote_id))
    audit.record(session, ev.id, "unquote", f"quote {quote_id}", unlinked=[r.id for r in reactions])
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
                "written": quote.written,
                "tone": quote.prompt_tone,
                "prompts": list(quote.own_prompts),
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
