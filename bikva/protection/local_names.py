"""The evaluation's list of local names: the municipality, departments, places and staff that
would tell a reader where a quote comes from or whom it is about. The de-identification guard
(`bikva.protection.guard`) looks for them in every quote that travels; the list is deleted at the purge.
"""

from __future__ import annotations

from sqlmodel import Session, select

from bikva.store import audit
from bikva.errors import BikvaError
from bikva.store.evaluation import OpenEvaluation
from models.local_name import LocalName, LocalNameKind


def add_local_name(session: Session, ev: OpenEvaluation, text: str, kind: str = LocalNameKind.PLACE) -> tuple[LocalName, bool]:
    """Add a local name, or change the kind of one already listed (in any case). Returns (row, created)."""
    text = " ".join(text.split())
    if not text:
        raise BikvaError("names.empty")
    try:
        kind = LocalNameKind(kind)
    except ValueError:
        raise BikvaError("names.kind_unknown", kind=kind, kinds=", ".join(LocalNameKind)) from None
    row = _find(session, ev, text)
    created = row is None
    if created:
        row = LocalName(evaluation_id=ev.id, text=text, kind=kind)
        session.add(row)
    elif row.kind != kind:
        row.kind = kind
    session.flush()
    # Logged by number and kind: the name itself is what must not spread.
    audit.record(session, ev.id, "names", f"local name {row.id}", kind=kind, created=created)
    return row, created


def local_names_of(session: Session, ev: OpenEvaluation) -> list[LocalName]:
    return list(session.exec(select(LocalName).where(LocalName.evaluation_id == ev.id).order_by(LocalName.id)))


def remove_local_name(session: Session, ev: OpenEvaluation, text: str) -> LocalName:
    row = _find(session, ev, " ".join(text.split()))
    if row is None:
        raise BikvaError("names.unknown", text=text)
    session.delete(row)
    session.flush()
    audit.record(session, ev.id, "names", f"local name {row.id}", removed=True)
    return row


def _find(session: Session, ev: OpenEvaluation, text: str) -> LocalName | None:
    wanted = text.casefold()
    return next((row for row in local_names_of(session, ev) if row.text.casefold() == wanted), None)
