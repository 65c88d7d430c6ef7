"""A level of the BIKVA chain and the interview round held with it."""

from __future__ import annotations

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

# The BIKVA chain, bottom-up. A study may use fewer levels, always in this order.
STANDARD_LEVELS = ("citizens", "frontline", "leaders", "politicians")


class Level(SQLModel, table=True):
    """One level of the chain and the interview round held with it (round = position)."""

    __table_args__ = (UniqueConstraint("evaluation_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    evaluation_id: int = Field(foreign_key="evaluation.id", index=True)
    key: str  # one of STANDARD_LEVELS
    position: int  # 1-based round number in this study
