"""The audit trail: one row per thing done to an evaluation, and one per file generated.

Rows are only ever added. Details never hold identifying text (a redaction is logged by its
placeholder, not by the name it hides), so the trail can be kept after a purge.

A generated file inside the evaluation folder is logged by its path relative to the folder
(`output/guide-R1-citizens.pdf`), so a copied or restored folder names its own files; a file
written elsewhere (-o) by its absolute path. Logs from before this kept absolute paths
throughout: `artifact_location` reads both.
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


# Where generated files go inside an evaluation folder (bikva.output.pipeline.OUTPUT_FOLDER).
_OUTPUT_FOLDER = "output"


def stored_path(folder: Path, path: Path) -> str:
    """How the log holds `path`: relative to `folder` (POSIX form) when it lies inside it,
    else absolute."""
    place = path.resolve()
    try:
        return place.relative_to(folder.resolve()).as_posix()
    except ValueError:
        return str(place)


def artifact_location(folder: Path, stored: str) -> Path:
    """Where a logged file is now, for the evaluation in `folder`.

    A relative path lies in `folder`. An old absolute path that lies in the folder's output
    (`<old place>/output/guide-R1-citizens.pdf`, or a file of a materials folder there) names
    this folder's copy when that exists: the folder has moved, been copied or restored since.
    """
    path = Path(stored)
    if not path.is_absolute():
        return folder / path
    parts = path.parts
    if _OUTPUT_FOLDER in parts[:-1]:
        start = len(parts) - 1 - parts[::-1].index(_OUTPUT_FOLDER)
        rest = parts[start:]
        here = folder.joinpath(*rest)
        if len(rest) in (2, 3) and here.exists() and not _inside(path, folder):
            return here
    return path


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def record_artifact(
    session: Session,
    evaluation_id: int,
    *,
    folder: Path,
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
        path=stored_path(folder, path),
        checksum=sha256_of(data),
    )
    session.add(artifact)
    session.flush()  # its id, for the links
    session.add_all(ArtifactQuote(artifact_id=artifact.id, quote_id=quote_id) for quote_id in sorted(set(quote_ids)))
    record(session, evaluation_id, "artifact", artifact.path, kind=kind, level=level_key, sha256=artifact.checksum)
    return artifact


def artifacts_of(session: Session, evaluation_id: int) -> list[Artifact]:
    return list(session.exec(select(Artifact).where(Artifact.evaluation_id == evaluation_id).order_by(Artifact.id)))


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
