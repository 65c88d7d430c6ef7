"""The log of generated files (guides, reports, materials)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from models._types import timestamp_field


class Artifact(SQLModel, table=True):
    """A generated file. The quotes it contained are in artifact_quote: a withdrawal can then
    name the documents already handed out that held the withdrawn participant's statements."""

    id: int | None = Field(default=None, primary_key=True)
    evaluation_id: int = Field(foreign_key="evaluation.id", index=True)
    kind: str  # guide, report, materials
    level_key: str = ""
    path: str
    checksum: str  # sha256 of the file as written
    created_at: datetime = timestamp_field()
