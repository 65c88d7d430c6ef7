"""The audit trail: one row per thing done to an evaluation, and one per file generated.

Rows are only ever added. Details never hold identifying text (a redaction is logged by its
placeholder, not by the name it hides), so the trail can be kept after a purge.
"""

from __future__ import annotations

import getpass
import json
import os
from collections.abc import Iterable
from pathlib import Path

from sqlmodel import Session, select

from bikva.store.files import sha256_of
from models.artifact import Artifact
from models.artifact_quote import ArtifactQuote
from models.audit_event import AuditEvent


def actor() -> str:
    """Who is working: BIKVA_EVALUATOR if set (shared machines), else the system user."""
    try:
        return os.environ.get("BIKVA_EVALUATOR") or getpass.getuser()
    except Exception:  # no user name in some containers
        return "?"


def record(session: Session, evaluation_id: int, action: str, subject: str = "", **details: object) -> AuditEvent:
    event = AuditEvent(
        evaluation_id=evaluation_id,
        actor=actor(),
        action=action,
        subject=subject,
        details=json.dumps(details, ensure_ascii=False, default=str, sort_keys=True),
    )
    session.add(event)
    return event


def record_artifact(
    session: Session,
    evaluation_id: int,
    *,
    kind: str,
    path: Path,
    content: bytes | str,
    quote_ids: Iterable[int],
    level_key: str = "",
) -> Artifact:
    data = content.encode("utf-8") if isinstance(content, str) else content
    artifact = Artifact(
        evaluation_id=evaluation_id,
        kind=kind,
        level_key=level_key,
        path=str(path),
        checksum=sha256_of(data),
    )
    session.add(artifact)
    session.flush()  # its id, for the links
    session.add_all(ArtifactQuote(artifact_id=artifact.id, quote_id=quote_id) for quote_id in sorted(set(quote_ids)))
    record(session, evaluation_id, "artifact", str(path), kind=kind, level=level_key, sha256=artifact.checksum)
    return artifact


def events_of(session: Session, evaluation_id: int) -> list[AuditEvent]:
    return list(session.exec(select(AuditEvent).where(AuditEvent.evaluation_id == evaluation_id).order_by(AuditEvent.id)))


def artifacts_with_quotes(session: Session, evaluation_id: int, quote_ids: set[int]) -> list[Artifact]:
    """Generated files that contained any of these quotes, oldest first (also quotes deleted
    since: artifact_quote keeps their ids, see models/artifact_quote.py)."""
    if not quote_ids:
        return []
    held = select(ArtifactQuote.artifact_id).where(ArtifactQuote.quote_id.in_(sorted(quote_ids)))
    return list(session.exec(
        select(Artifact).where(Artifact.evaluation_id == evaluation_id, Artifact.id.in_(held)).order_by(Artifact.id)
    ))
