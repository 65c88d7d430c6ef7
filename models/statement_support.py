"""Which verbatim quotes back a group statement."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class StatementSupport(SQLModel, table=True):
    """A verbatim quote of the same level that backs a group statement (one row per pair).

    The statement is the group's own wording and stands without its support. When the
    participant behind a supporting quote withdraws consent, the quote leaves everything
    generated from then on (bikva.store.queries), and with it the link: the statement is still
    shown, only no longer with that quote under it. The purge deletes the withdrawn quote's
    links together with the quote.
    """

    __tablename__ = "statement_support"
    statement_id: int = Field(foreign_key="quote.id", primary_key=True)
    quote_id: int = Field(foreign_key="quote.id", primary_key=True, index=True)
