"""A participant of an interview group, under the label the transcript gives them, and their consent."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel

from models._types import enum_column


class ConsentStatus(StrEnum):
    UNKNOWN = "unknown"
    GIVEN = "given"
    WITHDRAWN = "withdrawn"


class Participant(SQLModel, table=True):
    """An informant as the transcript names them: a pseudonym or label, never a real name
    (a real name, if kept at all, is in ParticipantIdentity, apart from everything else)."""

    __table_args__ = (UniqueConstraint("group_id", "label"),)
    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="interview_group.id", index=True)
    label: str
    role: str = ""
    unit: str = ""
    consent_status: ConsentStatus = Field(
        default=ConsentStatus.UNKNOWN, sa_column=enum_column(ConsentStatus, "ck_participant_consent_status")
    )
    consent_date: date | None = None
    consent_version: str = ""  # which text of the consent form was signed
    withdrawn_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))
