"""The codebook (themes) and the quotes selected from transcripts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from models._types import timestamp_field

STATEMENT = "statement"
ADVICE = "advice"


class Theme(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("evaluation_id", "name"),)
    id: int | None = Field(default=None, primary_key=True)
    evaluation_id: int = Field(foreign_key="evaluation.id", index=True)
    name: str
    parent_id: int | None = Field(default=None, foreign_key="theme.id")
    description: str = ""
    position: int = 0


class Quote(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    evaluation_id: int = Field(foreign_key="evaluation.id", index=True)
    # The level it was said at. Derivable through transcript -> group -> level, but kept so
    # quotes survive when transcripts are purged at the end of a study.
    level_id: int = Field(foreign_key="level.id", index=True)
    transcript_id: int | None = Field(default=None, foreign_key="transcript.id")
    turn_id: int | None = Field(default=None, foreign_key="turn.id")
    start: int  # code-point offsets into Turn.text, end exclusive
    end: int
    # Turn.text[start:end], kept for the same reason as level_id.
    text: str = Field(sa_column=Column(Text, nullable=False))
    theme_id: int | None = Field(default=None, foreign_key="theme.id")
    kind: str = STATEMENT  # STATEMENT or ADVICE
    rationale: str = ""
    selected_at: datetime = timestamp_field()
    responds_to_id: int | None = Field(default=None, foreign_key="quote.id")
    # Set when the evaluator has looked at the de-identification guard's hits and let it pass.
    reviewed_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))
    reviewed_by: str = ""


class QuoteCarry(SQLModel, table=True):
    """A level a quote is carried to: shown in that level's guide."""

    __tablename__ = "quote_carry"
    quote_id: int = Field(foreign_key="quote.id", primary_key=True)
    level_id: int = Field(foreign_key="level.id", primary_key=True)
