"""An interview group: one of the (possibly several) interviews held at a level."""

from __future__ import annotations

from datetime import date

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


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
