"""What travels from one level to the next: a verbatim quote selected from a transcript turn,
a good advice, or a statement the group agreed on at the read-back."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, DateTime, Text
from sqlmodel import Field, SQLModel

from models._types import enum_column, timestamp_field


class QuoteKind(StrEnum):
    STATEMENT = "statement"  # verbatim, from a turn
    ADVICE = "advice"  # good advice to the next level: said (a turn) or written on the sheets
    # The group's own wording, agreed at the read-back at the end of the interview ("Borgerne
    # oplever, at de selv må være tovholdere i deres sag"): no turn, backed by zero or more
    # verbatim quotes (models/statement_support.py), attributed to the group, not a person.
    GROUP_STATEMENT = "group_statement"


# The kinds shown under a theme and put to the next groups with prompts (advice is presented
# on its own): wherever code asks "is this a statement", it asks `kind in STATEMENT_KINDS`.
STATEMENT_KINDS = frozenset({QuoteKind.STATEMENT, QuoteKind.GROUP_STATEMENT})


class PromptTone(StrEnum):
    """Which questions the next group is asked about a statement (templates/i18n/*/levels.toml,
    `prompts_<tone>`): criticism asks for causes and what could be done differently, praise for
    what works and how to hold on to it, an ambivalent statement or a question asks openly."""

    CRITICAL = "critical"
    POSITIVE = "positive"
    OPEN = "open"


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
    # Code-point offsets into Turn.text, end exclusive. None for what no turn holds: a group
    # statement and written advice.
    start: int | None = None
    end: int | None = None
    # Turn.text[start:end], kept for the same reason as level_id; the typed-in text when no
    # turn holds it.
    text: str = Field(sa_column=Column(Text, nullable=False))
    theme_id: int | None = Field(default=None, foreign_key="theme.id")
    kind: QuoteKind = Field(default=QuoteKind.STATEMENT, sa_column=enum_column(QuoteKind, "ck_quote_kind"))
    # The interview group it comes from, for what has no transcript to tell (a group statement,
    # written advice); None for a quote from a turn (its transcript's group).
    group_id: int | None = Field(default=None, foreign_key="interview_group.id", index=True)
    # Good advice typed in from the writing sheets: never said aloud, so in no transcript.
    written: bool = False
    prompt_tone: PromptTone = Field(default=PromptTone.CRITICAL,
                                    sa_column=enum_column(PromptTone, "ck_quote_prompt_tone"))
    # The evaluator's own questions about this statement, asked after the level's (a JSON list).
    own_prompts: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    rationale: str = ""
    selected_at: datetime = timestamp_field()
    responds_to_id: int | None = Field(default=None, foreign_key="quote.id")
    # Set when the evaluator has looked at the de-identification guard's hits and let it pass.
    reviewed_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))
    reviewed_by: str = ""
