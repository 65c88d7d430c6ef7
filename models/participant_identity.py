"""The real name behind a participant label, kept apart so that it can be purged."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class ParticipantIdentity(SQLModel, table=True):
    """The real name behind a participant label, kept in its own table so that it can be
    purged at the end of a study and is never joined into anything that is generated."""

    __tablename__ = "participant_identity"
    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", unique=True)
    real_name: str
