"""Who may use the web app of an evaluation (`bikva user add`), and as what."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from models._types import enum_column, timestamp_field


class Role(StrEnum):
    EVALUATOR = "evaluator"  # everything
    INTERVIEWER = "interviewer"  # the guides and materials of the rounds they run; no transcripts
    COMMISSIONER = "commissioner"  # the report only


class WebAccount(SQLModel, table=True):
    """An account of one evaluation: accounts are per evaluation, also on a team server."""

    __tablename__ = "web_account"
    __table_args__ = (UniqueConstraint("evaluation_id", "name"),)
    id: int | None = Field(default=None, primary_key=True)
    evaluation_id: int = Field(foreign_key="evaluation.id", index=True)
    name: str
    role: Role = Field(sa_column=enum_column(Role, "ck_web_account_role"))
    password_hash: str  # argon2id, never the password
    # An interviewer's rounds (level keys); empty: every round.
    levels: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime = timestamp_field()
