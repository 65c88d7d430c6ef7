"""A quote selected from a transcript turn: a statement, or a good advice to the next level."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, DateTime, Text
from sqlmodel import Field, SQLModel

from models._types import enum_column, timestamp_field


class QuoteKind(StrEnum):
    STATEMENT = "statement"
    ADVICE = "advice"


class Quote(SQLModel, table=True):
    # AUTOINCREMENT on SQLite: a deleted quote's id is never given to a new quote, because
    # artifact_quote keeps naming it (see models/artifact_quote.py). PostgreSQL's sequences
    # never reuse ids anyway.
    __table_args__ = {"sqlite_autoincrement": True}
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
    kind: QuoteKind = Field(default=QuoteKind.STATEMENT, sa_column=enum_column(QuoteKind, "ck_quote_kind"))
    rationale: str = ""
    selected_at: datetime = timestamp_field()
    responds_to_id: int | None = Field(default=None, foreign_key="quote.id")
    # Set when the evaluator has looked at the de-identification guard's hits and let it pass.
    reviewed_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))
    reviewed_by: str = ""
