"""The de-identification guard: no quote travels to another level or into the report while it
holds something that could identify a person or a place, unless the evaluator has looked.

`open_hits` checks the quotes that would travel, each as it would be printed (after the
evaluation's redactions), against the registered real names, the evaluation's local names and
the patterns in `bikva.protection.deidentify`. A quote stops hitting when the word is redacted
(`bikva redact`) or when the evaluator marks the quote reviewed (`bikva quote review`).
Quotes of participants who withdrew their consent are left out: they travel nowhere.
Guide and report generation call `ensure_no_open_hits` before they write anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session, select

from bikva.store import audit
from bikva.protection.deidentify import find_identifying
from bikva.errors import BikvaError
from bikva.store.evaluation import OpenEvaluation
from bikva.selection.redaction import redactor_for
from bikva.store.queries import quotes_of, shown_to
from models._types import utcnow
from models.interview_group import InterviewGroup
from models.level import Level
from models.local_name import LocalName, LocalNameKind
from models.participant import Participant
from models.participant_identity import ParticipantIdentity
from models.quote import Quote

EXCERPT_WIDTH = 30  # characters of context on each side of the word in `bikva check`


@dataclass(frozen=True)
class QuoteHit:
    quote_id: int
    level: str  # key of the level the quote was said at
    round: int
    kind: str  # one of bikva.protection.deidentify.KINDS
    text: str  # the word or words found, as written in the (redacted) quote
    excerpt: str  # the redacted quote around the word, on one line

    def as_dict(self) -> dict:
        return {"quote": self.quote_id, "level": self.level, "round": self.round, "kind": self.kind,
                "text": self.text, "excerpt": self.excerpt}


def open_hits(session: Session, ev: OpenEvaluation, *, level: Level | str | None = None) -> list[QuoteHit]:
    """Hits in the quotes that travel: those carried to `level` (what its guide would show), or
    every selected quote when `level` is None (the report). Ordered by quote, then position."""
    target = ev.level(level) if isinstance(level, str) else level
    check = _checker(session, ev)
    return [hit for quote in travelling_quotes(session, ev, target) for hit in check(quote)]


def quote_hits(session: Session, ev: OpenEvaluation, quote: Quote) -> list[QuoteHit]:
    """The hits in one quote as it would be printed, whether or not it is reviewed or travels."""
    return _checker(session, ev)(quote)


def _checker(session: Session, ev: OpenEvaluation) -> Callable[[Quote], list[QuoteHit]]:
    redact = redactor_for(session, ev.id)
    names, local_names = identifying_names(session, ev)
    levels = {l.id: l for l in ev.levels}

    def check(quote: Quote) -> list[QuoteHit]:
        text = redact(quote.text)  # as the guide and the report would print it
        said_at = levels[quote.level_id]
        return [
            QuoteHit(quote.id, said_at.key, said_at.position, hit.kind, hit.text, _excerpt(text, hit.start, hit.end))
            for hit in find_identifying(text, names=names, local_names=local_names, lang=ev.lang)
        ]

    return check


def ensure_no_open_hits(session: Session, ev: OpenEvaluation, *, level: Level | str | None = None) -> None:
    """Refuse (BikvaError "guard.blocked") while any travelling quote has an open hit."""
    hits = open_hits(session, ev, level=level)
    if hits:
        first = hits[0]
        raise BikvaError("guard.blocked", id=first.quote_id, word=first.text, kind=first.kind,
                         total=len(hits), more=len(hits) - 1, folder=str(ev.folder))


def travelling_quotes(session: Session, ev: OpenEvaluation, level: Level | None = None) -> list[Quote]:
    """The quotes the guard checks: what `level` is shown (bikva.store.queries.shown_to, the
    same answer its guide uses), or every quote that may travel when `level` is None (the
    report), less those the evaluator has reviewed."""
    quotes = shown_to(session, ev.id, level) if level is not None else quotes_of(session, ev.id)
    return [quote for quote in quotes if quote.reviewed_at is None]


def identifying_names(session: Session, ev: OpenEvaluation) -> tuple[list[str], list[str]]:
    """(names of people, local names of places and organisations) registered for the evaluation:
    the participants' real names and the local names of kind person count as people."""
    real_names = session.exec(
        select(ParticipantIdentity.real_name)
        .join(Participant, ParticipantIdentity.participant_id == Participant.id)
        .join(InterviewGroup, Participant.group_id == InterviewGroup.id)
        .join(Level, InterviewGroup.level_id == Level.id)
        .where(Level.evaluation_id == ev.id)
    ).all()
    people, places = list(real_names), []
    for row in session.exec(select(LocalName).where(LocalName.evaluation_id == ev.id).order_by(LocalName.id)):
        (people if row.kind == LocalNameKind.PERSON else places).append(row.text)
    return people, places


def review_quote(session: Session, ev: OpenEvaluation, quote_id: int, actor: str, note: str = "") -> Quote:
    """Mark a quote as looked at: the guard lets it travel as it stands (until unmarked by
    removing and selecting it again). Reviewing again updates the time and the reviewer."""
    quote = session.get(Quote, quote_id)
    if quote is None or quote.evaluation_id != ev.id:
        raise BikvaError("quote.unknown", id=quote_id)
    passed = quote_hits(session, ev, quote)
    quote.reviewed_at = utcnow()
    quote.reviewed_by = actor
    session.add(quote)
    session.flush()
    # The kinds of what was let through, never the words: they may be names. Likewise the note.
    audit.record(session, ev.id, "review", f"quote {quote_id}", passed=sorted({h.kind for h in passed}),
                 note_given=bool(note.strip()))
    return quote


def _excerpt(text: str, start: int, end: int, width: int = EXCERPT_WIDTH) -> str:
    left, right = max(0, start - width), min(len(text), end + width)
    body = " ".join(text[left:right].split())
    return ("…" if left > 0 else "") + body + ("…" if right < len(text) else "")
