"""Deterministic GUIDs for an export: uuid5 of the evaluation's uid and the object, so exporting
the same study twice gives the same file, and a QDA tool that re-imports it sees the same
objects rather than copies."""

from __future__ import annotations

import uuid

# bikva's own namespace for REFI-QDA objects (a fixed uuid4, never to change).
NAMESPACE = uuid.UUID("6f1c2b1e-5d0a-4c53-9a2e-3b8f4f0d7a61")


def guid(evaluation_uid: str, kind: str, *parts: object) -> str:
    """The GUID of one object of an evaluation: `kind` says what it is (`theme`, `quote`,
    `transcript`...), `parts` which one. Upper case, as NVivo and MAXQDA write them."""
    name = "/".join([evaluation_uid, kind, *(str(part) for part in parts)])
    return str(uuid.uuid5(NAMESPACE, name)).upper()
