"""The audit trail: what was done to the evaluation, when and by whom, and what was generated."""

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


class Artifact(SQLModel, table=True):
    """A generated file, with the quotes it contained: a withdrawal can then name the
    documents already handed out that held the withdrawn participant's statements."""

    id: int | None = Field(default=None, primary_key=True)
    evaluation_id: int = Field(foreign_key="evaluation.id", index=True)
    kind: str  # guide, report, materials
    level_key: str = ""
    path: str
    checksum: str  # sha256 of the file as written
    created_at: datetime = timestamp_field()
    quote_ids: str = Field(default="[]", sa_column=Column(Text, nullable=False))  # JSON list
