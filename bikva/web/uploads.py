"""An uploaded transcript waiting for the evaluator's speaker review.

It is personal data, so it is kept inside the evaluation folder (`.uploads/<random>/`, readable
by the owner only), never in the system's temporary folder, until it is imported or cancelled;
`options.json` beside it holds the review's choices so far (level, group, interviewer labels,
renames, pseudonyms or not). An upload left for more than a day is deleted at the next upload.
"""

from __future__ import annotations

import json
import secrets
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bikva.errors import BikvaError
from bikva.store.files import storable_name, write_atomic

UPLOADS = ".uploads"
OPTIONS = "options.json"
STALE_SECONDS = 24 * 3600


@dataclass
class ImportOptions:
    level: str
    group: str = ""
    interviewers: list[str] = field(default_factory=list)  # labels after renaming
    speakers: list[str] = field(default_factory=list)  # "OLD=NEW", as --speaker takes them
    keep_labels: bool = False


def _folder(evaluation: Path, token: str) -> Path:
    if not token.isalnum() or len(token) > 64:
        raise BikvaError("web.import.expired")
    return evaluation / UPLOADS / token


def keep_upload(evaluation: Path, filename: str, data: bytes, options: ImportOptions) -> str:
    """Keep the file until the review is done; its token."""
    _clear_stale(evaluation / UPLOADS)
    name = storable_name(Path(filename.replace("\\", "/")).name) if filename else ""
    if not name or name in (".", ".."):
        raise BikvaError("web.import.no_file")
    token = secrets.token_hex(16)
    folder = _folder(evaluation, token)
    folder.mkdir(parents=True, mode=0o700)
    (evaluation / UPLOADS).chmod(0o700)
    write_atomic(folder / name, data)
    save_options(evaluation, token, options)
    return token


def upload_path(evaluation: Path, token: str) -> Path:
    folder = _folder(evaluation, token)
    files = [p for p in folder.iterdir() if p.name != OPTIONS] if folder.is_dir() else []
    if len(files) != 1:
        raise BikvaError("web.import.expired")
    return files[0]


def load_options(evaluation: Path, token: str) -> ImportOptions:
    try:
        return ImportOptions(**json.loads((_folder(evaluation, token) / OPTIONS).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        raise BikvaError("web.import.expired") from None


def save_options(evaluation: Path, token: str, options: ImportOptions) -> None:
    write_atomic(_folder(evaluation, token) / OPTIONS, json.dumps(asdict(options), ensure_ascii=False))


def drop_upload(evaluation: Path, token: str) -> None:
    shutil.rmtree(_folder(evaluation, token), ignore_errors=True)


def _clear_stale(uploads: Path) -> None:
    if not uploads.is_dir():
        return
    for folder in uploads.iterdir():
        if folder.is_dir() and time.time() - folder.stat().st_mtime > STALE_SECONDS:
            shutil.rmtree(folder, ignore_errors=True)
