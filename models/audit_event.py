"""The audit trail: what was done to the evaluation, when and by whom."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from models._types import timestamp_field


class AuditEvent(SQLModel, table=True):
    """Append-only: rows are added, never changed or deleted (a purge is itself an event)."""

    __tablename__ = "audit_event"
    id: int | None = Field(default=None, primary_key=True)
    evaluation_id: int = Field(foreign_key="evaluation.id", index=True)
    at: datetime = timestamp_field()
    actor: str  # the evaluator: BIKVA_EVALUATOR, else the operating system's user name
    action: str  # import, quote, unquote, redact, review, participant, withdraw, artifact, purge, ...
    subject: str = ""  # what it concerns, e.g. a file name or "quote 12"
    details: str = Field(default="{}", sa_column=Column(Text, nullable=False))  # JSON
