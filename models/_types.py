"""Column helpers shared by the table modules."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Column, DateTime
from sqlmodel import Field


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def timestamp_field() -> datetime:
    # Timezone-aware so PostgreSQL stores timestamptz; SQLite keeps the ISO text.
    return Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))
