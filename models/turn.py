"""A speaker turn of a transcript: the text quotes point into."""

from __future__ import annotations

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class Turn(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("transcript_id", "position"),)
    id: int | None = Field(default=None, primary_key=True)
    transcript_id: int = Field(foreign_key="transcript.id", index=True)
    position: int  # 1-based order in the transcript
    speaker: str
    participant_id: int | None = Field(default=None, foreign_key="participant.id")
    # Quote offsets are code points into this exact text: never rewrite it after import.
    text: str = Field(sa_column=Column(Text, nullable=False))
    is_interviewer: bool = False
    start_ms: int | None = None
    end_ms: int | None = None
