"""A document's fingerprint: everything it is made from, as one hash that holds none of it.

A guide or report is a function of its view (bikva.documents.views), of the templates and
message catalogues, and of the code and libraries that render it. The fingerprint hashes all of
these, so two runs that would render the same document get the same fingerprint, and a changed
quote, redaction, template, catalogue or version of bikva gives a new one. Only the hash leaves
this module: the flows use it as the cache key of a rendered document (flows/round.py), so a
re-run renders only what changed, and no view (quote text) is ever stored for it.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import hashlib
import json
from datetime import date, datetime
from importlib import metadata
from importlib.abc import Traversable
from importlib.resources import files
from pathlib import Path
from typing import Any

# Fields a view carries that the document does not show: the withdrawals it was built after are
# there for the write step's check, and a withdrawal that touches no quote of this document
# changes nothing in it. (One that does changes the quotes, and so the fingerprint.)
NOT_SHOWN = frozenset({"withdrawn_quotes"})

# What turns a view into a file besides bikva's own code: an upgrade may change the output.
RENDERERS = ("bikva", "jinja2", "markupsafe", "weasyprint", "pydyf", "tinycss2", "cssselect2", "fonttools",
             "matplotlib")


def fingerprint(view: object) -> str:
    """The hex SHA-256 of the view's shown content and of everything that renders it."""
    shown = json.dumps(_plain(view), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(renderer_digest().encode("ascii"))
    digest.update(shown.encode("utf-8"))
    return digest.hexdigest()


def sha256_of_file(path: Path) -> str | None:
    """The file's SHA-256, or None when it cannot be read (gone, or a folder)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@functools.cache
def renderer_digest() -> str:
    """The templates and catalogues, bikva's rendering code, and the renderers' versions, hashed
    once per process (none of them change while it runs)."""
    digest = hashlib.sha256()
    for name in RENDERERS:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = ""
        digest.update(f"{name}={version}\n".encode())
    for label, root in (("templates", files("templates")), ("bikva/output", files("bikva.output"))):
        for relative, data in sorted(_files_under(root)):
            if label == "bikva/output" and not relative.endswith(".py"):
                continue
            if label == "templates" and _web_only(relative):
                continue
            digest.update(f"{label}/{relative}\n{len(data)}\n".encode())
            digest.update(data)
    return digest.hexdigest()


def _web_only(relative: str) -> bool:
    """The web app's pages and words (templates/web/, i18n/<lang>/web.toml) make no document."""
    return relative.startswith("web/") or (relative.startswith("i18n/") and relative.endswith("/web.toml"))


def _files_under(root: Traversable, prefix: str = "") -> list[tuple[str, bytes]]:
    found = []
    for entry in root.iterdir():
        if entry.name == "__pycache__" or entry.name.startswith("."):
            continue
        if entry.is_dir():
            found += _files_under(entry, f"{prefix}{entry.name}/")
        elif entry.is_file():
            found.append((prefix + entry.name, entry.read_bytes()))
    return found


def _plain(value: Any) -> Any:
    """The value as JSON: dataclasses as their fields (less NOT_SHOWN), sets sorted."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {field.name: _plain(getattr(value, field.name))
                  for field in dataclasses.fields(value) if field.name not in NOT_SHOWN}
        return {"__type__": type(value).__name__, **fields}
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_plain(item) for item in value), key=repr)
    if isinstance(value, enum.Enum):
        return _plain(value.value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    # Something a later view may hold that this module does not know: its repr. One without a
    # repr of its own includes its address, so the document is made again rather than reused.
    return repr(value)
