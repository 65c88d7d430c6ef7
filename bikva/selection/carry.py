"""Changing where a selected quote travels after it was selected: `bikva quote carry` and the
web app's carry-forward board.

When a quote, group statement or good advice is selected, `carry_targets` (bikva.selection.quotes)
records the levels it is shown to. Before the next round's guide is made the evaluator often
changes that: a citizen quote shown to the frontline staff only, or to the leaders as well. This
replaces the recorded levels; the same rule holds (only levels above the one it was said at), and
an empty list keeps the quote selected but carries it nowhere. The guard then checks it for the
levels it now travels to, as every guide does (bikva.store.queries.shown_to).
"""

from __future__ import annotations

from sqlmodel import Session, delete

from bikva.errors import BikvaError
from bikva.selection.quotes import carry_targets, record_carries, storable_id
from bikva.store import audit
from bikva.store.evaluation import OpenEvaluation
from models.level import Level
from models.quote import Quote
from models.quote_carry import QuoteCarry


def set_carry(session: Session, ev: OpenEvaluation, quote_id: int, level_names: list[str]) -> list[Level]:
    """Carry quote `quote_id` to exactly the levels named (none: to no level); the levels."""
    quote = session.get(Quote, quote_id) if storable_id(quote_id) else None
    if quote is None or quote.evaluation_id != ev.id:
        raise BikvaError("quote.unknown", id=quote_id)
    said_at = next(level for level in ev.levels if level.id == quote.level_id)
    targets = carry_targets(ev, said_at, quote.kind, level_names) if level_names else []
    targets = list({target.id: target for target in targets}.values())
    session.execute(delete(QuoteCarry).where(QuoteCarry.quote_id == quote.id))
    record_carries(session, quote, targets)
    session.flush()
    audit.record(session, ev.id, "carry", f"quote {quote.id}", carried_to=[target.key for target in targets])
    return targets
