"""Column helpers shared by the table modules."""

from __future__ import annotations

from datetime import datetime, timezone
from enum import StrEnum

from sqlalchemy import Column, DateTime, Enum
from sqlmodel import Field


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def timestamp_field() -> datetime:
    # Timezone-aware so PostgreSQL stores timestamptz; SQLite keeps the ISO text.
    return Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))


# Room for a closed vocabulary's longest value now and a few more later (VARCHAR on PostgreSQL).
ENUM_LENGTH = 32


def enum_column(enum: type[StrEnum], name: str) -> Column:
    """A closed vocabulary stored as its values ('statement', not 'STATEMENT') in a string
    column, with a CHECK constraint called `name` so the database itself refuses any other value
    (no native PostgreSQL ENUM type: adding a value then is one CHECK, the same on SQLite)."""
    return Column(
        Enum(enum, native_enum=False, create_constraint=True, values_callable=lambda e: [m.value for m in e],
             name=name, length=ENUM_LENGTH),
        nullable=False,
    )
