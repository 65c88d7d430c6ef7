"""An imported transcript file (its turns are in models/turn.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
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
