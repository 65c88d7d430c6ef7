"""An imported transcript and its speaker turns."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from models._types import timestamp_field


class Transcript(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("group_id", "checksum"),)
    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="interview_group.id", index=True)
    original_filename: str
    format: str  # text, markdown, docx, vtt, srt
    checksum: str = Field(index=True)  # sha256 of the file's bytes
    imported_at: datetime = timestamp_field()
    # Copy of the original file, relative to the evaluation folder.
    stored_path: str = ""


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
