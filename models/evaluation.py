"""An evaluation, its levels (one round each), the interview groups and their participants."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel

from models._types import timestamp_field

# The BIKVA chain, bottom-up. A study may use fewer levels, always in this order.
STANDARD_LEVELS = ("citizens", "frontline", "leaders", "politicians")


class Evaluation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # The evaluation folder's bikva.toml names this uid, so several evaluations can share one
    # PostgreSQL database and a folder always finds its own.
    uid: str = Field(unique=True, index=True)
    title: str
    language: str = "da"
    # Anonymous attribution of quotes in guides and reports, e.g. "{role}, R{round}".
    attribution_format: str = "{role}, R{round}"
    created_at: datetime = timestamp_field()


class Level(SQLModel, table=True):
    """One level of the chain and the interview round held with it (round = position)."""

    __table_args__ = (UniqueConstraint("evaluation_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    evaluation_id: int = Field(foreign_key="evaluation.id", index=True)
    key: str  # one of STANDARD_LEVELS
    position: int  # 1-based round number in this study


class InterviewGroup(SQLModel, table=True):
    __tablename__ = "interview_group"
    __table_args__ = (UniqueConstraint("level_id", "name"),)
    id: int | None = Field(default=None, primary_key=True)
    level_id: int = Field(foreign_key="level.id", index=True)
    name: str
    held_on: date | None = None
    place: str = ""
    excluded: bool = False
    exclusion_reason: str = ""


CONSENT_UNKNOWN = "unknown"
CONSENT_GIVEN = "given"
CONSENT_WITHDRAWN = "withdrawn"


class Participant(SQLModel, table=True):
    """An informant as the transcript names them: a pseudonym or label, never a real name
    (a real name, if kept at all, is in ParticipantIdentity, apart from everything else)."""

    __table_args__ = (UniqueConstraint("group_id", "label"),)
    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="interview_group.id", index=True)
    label: str
    role: str = ""
    unit: str = ""
    consent_status: str = CONSENT_UNKNOWN  # CONSENT_UNKNOWN, CONSENT_GIVEN or CONSENT_WITHDRAWN
    consent_date: date | None = None
    consent_version: str = ""  # which text of the consent form was signed
    withdrawn_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))


class ParticipantIdentity(SQLModel, table=True):
    """The real name behind a participant label, kept in its own table so that it can be
    purged at the end of a study and is never joined into anything that is generated."""

    __tablename__ = "participant_identity"
    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", unique=True)
    real_name: str


class LocalName(SQLModel, table=True):
    """A name that identifies people or places in this study (municipality, departments,
    places, staff): the de-identification guard looks for these in quotes."""

    __tablename__ = "local_name"
    __table_args__ = (UniqueConstraint("evaluation_id", "text"),)
    id: int | None = Field(default=None, primary_key=True)
    evaluation_id: int = Field(foreign_key="evaluation.id", index=True)
    text: str
    kind: str = "place"  # place | organisation | person
    created_at: datetime = timestamp_field()
