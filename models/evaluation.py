"""An evaluation, its levels (one round each), the interview groups and their participants."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
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


class Participant(SQLModel, table=True):
    """An informant as the transcript names them: a pseudonym or label, never a real name."""

    __table_args__ = (UniqueConstraint("group_id", "label"),)
    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="interview_group.id", index=True)
    label: str
    role: str = ""
    unit: str = ""
