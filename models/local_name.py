"""The study's local names (places, organisations, people) that the de-identification guard looks for."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from models._types import enum_column, timestamp_field


class LocalNameKind(StrEnum):
    PLACE = "place"
    ORGANISATION = "organisation"
    PERSON = "person"


class LocalName(SQLModel, table=True):
    """A name that identifies people or places in this study (municipality, departments,
    places, staff): the de-identification guard looks for these in quotes."""

    __tablename__ = "local_name"
    __table_args__ = (UniqueConstraint("evaluation_id", "text"),)
    id: int | None = Field(default=None, primary_key=True)
    evaluation_id: int = Field(foreign_key="evaluation.id", index=True)
    text: str
    kind: LocalNameKind = Field(default=LocalNameKind.PLACE, sa_column=enum_column(LocalNameKind, "ck_local_name_kind"))
    created_at: datetime = timestamp_field()
