"""The codebook: the themes quotes are filed under, as a tree (bikva.toml's [[themes]])."""

from __future__ import annotations

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class Theme(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("evaluation_id", "name"),)
    id: int | None = Field(default=None, primary_key=True)
    evaluation_id: int = Field(foreign_key="evaluation.id", index=True)
    name: str
    parent_id: int | None = Field(default=None, foreign_key="theme.id")
    description: str = ""
    position: int = 0
