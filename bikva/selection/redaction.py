"""Redactions: names and places replaced by placeholders in everything bikva generates.

The stored transcripts and quotes are never changed, so a redaction added late in a study (a
commissioner asking for its own name to go) only needs the guides and report generated again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlmodel import Session, select

from bikva.store import audit
from bikva.errors import BikvaError
from bikva.intake.passages import any_whitespace
from models.redaction import Redaction


class Redactor:
    """Replaces each redacted text, longest first, regardless of case and line breaks.

    A match must start at a word boundary and end at one, allowing a Danish genitive -s
    ("Skive Kommunes" -> "[kommunen]s"), so "Ib" does not hit "Ibrahim".
    """

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        ordered = sorted(((text, placeholder) for text, placeholder in pairs if text.strip()), key=lambda p: -len(p[0]))
        self._rules = [
            (
                re.compile(
                    r"(?<!\w)" + any_whitespace(text) + r"(?=s?(?!\w))",
                    re.IGNORECASE,
                ),
                placeholder,
            )
            for text, placeholder in ordered
        ]

    def __call__(self, text: str) -> str:
        for pattern, placeholder in self._rules:
            text = pattern.sub(lambda _m, p=placeholder: p, text)
        return text

    def all(self, texts: Iterable[str]) -> list[str]:
        return [self(text) for text in texts]


def redactor_for(session: Session, evaluation_id: int) -> Redactor:
    rows = session.exec(select(Redaction).where(Redaction.evaluation_id == evaluation_id))
    return Redactor((row.text, row.placeholder) for row in rows)


def set_redaction(session: Session, evaluation_id: int, text: str, placeholder: str) -> tuple[Redaction, bool]:
    """Add a redaction, or change the placeholder of an existing one. Returns (row, created)."""
    text, placeholder = text.strip(), placeholder.strip()
    if not text:
        raise BikvaError("redact.empty_text")
    if not placeholder:
        raise BikvaError("redact.empty_placeholder")
    if re.search(re.escape(text), placeholder, re.IGNORECASE):
        raise BikvaError("redact.placeholder_reveals", text=text)
    row = session.exec(
        select(Redaction).where(Redaction.evaluation_id == evaluation_id, Redaction.text == text)
    ).first()
    created = row is None
    if created:
        row = Redaction(evaluation_id=evaluation_id, text=text, placeholder=placeholder)
        session.add(row)
    else:
        row.placeholder = placeholder
    session.flush()
    # Logged by placeholder only: the hidden text is exactly what must not spread.
    audit.record(session, evaluation_id, "redact", f"redaction {row.id}", placeholder=placeholder, created=created)
    return row, created


def remove_redaction(session: Session, evaluation_id: int, text: str) -> Redaction:
    row = session.exec(
        select(Redaction).where(Redaction.evaluation_id == evaluation_id, Redaction.text == text.strip())
    ).first()
    if row is None:
        raise BikvaError("redact.unknown", text=text)
    session.delete(row)
    audit.record(session, evaluation_id, "unredact", f"redaction {row.id}")
    return row
