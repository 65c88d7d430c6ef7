"""Redactions: text replaced by a placeholder in every generated artifact, never in storage."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from models._types import timestamp_field


class Redaction(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("evaluation_id", "text"),)
    id: int | None = Field(default=None, primary_key=True)
    evaluation_id: int = Field(foreign_key="evaluation.id", index=True)
    text: str
    placeholder: str
    created_at: datetime = timestamp_field()
