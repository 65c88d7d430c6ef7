"""Failed logins, for throttling: by account name and by the address the attempt came from."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from models._types import timestamp_field


class WebLoginFailure(SQLModel, table=True):
    __tablename__ = "web_login_failure"
    id: int | None = Field(default=None, primary_key=True)
    evaluation_id: int = Field(foreign_key="evaluation.id", index=True)
    name: str = Field(index=True)  # as typed (case-folded); it may name no account
    address: str = Field(index=True)
    at: datetime = timestamp_field()
