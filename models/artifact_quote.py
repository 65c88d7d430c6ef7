"""Which quotes a generated file held."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class ArtifactQuote(SQLModel, table=True):
    """A quote that was printed in a generated file (one row per file and quote).

    `quote_id` is deliberately not a foreign key. Quotes are deleted (`bikva quote remove`, and
    the purge deletes the statements of everyone who withdrew), but the files already made and
    handed out still hold them: like the audit trail, this log records what happened and must
    outlive the quote. A foreign key would either block those deletions or, with ON DELETE
    CASCADE, erase the record of which files held the withdrawn statements. The id stays
    unambiguous because quote ids are never reused (AUTOINCREMENT on SQLite, a sequence on
    PostgreSQL). `artifact_id` is a foreign key: artifacts are never deleted.
    """

    __tablename__ = "artifact_quote"
    artifact_id: int = Field(foreign_key="artifact.id", primary_key=True)
    quote_id: int = Field(primary_key=True, index=True)
