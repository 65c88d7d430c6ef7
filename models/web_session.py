"""Server-side sessions of the web app: the browser holds only a random token."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime
from sqlmodel import Field, SQLModel

from models._types import timestamp_field


class WebSession(SQLModel, table=True):
    """One login. Only the token's SHA-256 is stored, so reading the database gives no one a
    session; the CSRF token every form must send back belongs to the session."""

    __tablename__ = "web_session"
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(index=True, unique=True, max_length=64)
    account_id: int = Field(foreign_key="web_account.id", index=True)
    csrf_token: str
    created_at: datetime = timestamp_field()
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
