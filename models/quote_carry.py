"""Which levels a quote is carried to."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class QuoteCarry(SQLModel, table=True):
    """A level a quote is carried to: shown in that level's guide."""

    __tablename__ = "quote_carry"
    quote_id: int = Field(foreign_key="quote.id", primary_key=True)
    level_id: int = Field(foreign_key="level.id", primary_key=True)
