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
from bikva.intake.normalise import normalise
from models.redaction import Redaction


class Redactor:
    """Replaces each redacted text, longest first, regardless of case, line breaks and how the
    text was typed.

    Both the redaction and the text are compared in their normal form
    (`bikva.intake.normalise`: soft hyphens and zero-width characters gone, dashes, spaces and
    quotes made plain, full-width forms and look-alike letters of other scripts made Latin), so
    "Mette" written with a Cyrillic "е" or a soft hyphen is redacted; the placeholder replaces
    every original character the match covers. An underscore joins words like a space
    ("Hanne_Jensen" is "Hanne Jensen").

    A match must start at a word boundary and end at one, allowing a Danish genitive -s
    ("Skive Kommunes" -> "[kommunen]s"), so "Ib" does not hit "Ibrahim". All redactions are
    found in one pass over the text, so a placeholder is never redacted in its turn.
    """

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        ordered = sorted(
            ((normalise(text).text, placeholder) for text, placeholder in pairs if text.strip()),
            key=lambda p: -len(p[0]),
        )
        self._placeholders = [placeholder for _text, placeholder in ordered]
        self._pattern = (
            re.compile(
                "|".join(f"(?P<r{i}>{_BEFORE}{_words(text)}{_AFTER})" for i, (text, _p) in enumerate(ordered)),
                re.IGNORECASE,
            )
            if ordered
            else None
        )

    def __call__(self, text: str) -> str:
        if self._pattern is None or not text:
            return text
        normal = normalise(text)
        pieces, last = [], 0
        for match in self._pattern.finditer(normal.text):
            start, end = normal.span(match.start(), match.end())
            pieces += [text[last:start], self._placeholders[int(match.lastgroup[1:])]]
            last = end
        return "".join(pieces) + text[last:] if pieces else text

    def all(self, texts: Iterable[str]) -> list[str]:
        return [self(text) for text in texts]


# Word boundaries where an underscore counts as a space, not as a letter.
_BEFORE = r"(?<![^\W_])"
_AFTER = r"(?=s?(?![^\W_]))"


def _words(text: str) -> str:
    """A regex for `text` in which each run of whitespace matches any run of whitespace or underscores."""
    return r"[\s_]+".join(re.escape(token) for token in text.replace("_", " ").split())


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
