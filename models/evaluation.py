"""An evaluation: one study, tied to its folder by the uid in bikva.toml."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from models._types import timestamp_field


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
