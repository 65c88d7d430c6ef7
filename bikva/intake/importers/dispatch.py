"""`parse_transcript`: pick the importer by extension, check the content matches, return turns.

Checks run cheapest first: extension, existence, size (from the file system, before reading), the
first bytes (PDF, old Word .doc, RTF, zip where no zip belongs), then the importer itself. Every
refusal is a BikvaError whose `file` parameter is the file's name.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bikva.errors import BikvaError
from bikva.store.files import shown_name
from bikva.intake.importers import docx, encoding, srt, text, vtt
from bikva.intake.importers.model import ParsedTranscript
from bikva.intake.importers.turns import Interviewers, finish

FORMATS = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".docx": "docx",
    ".vtt": "vtt",
    ".srt": "srt",
}
MAX_FILE_MB = 50
# First bytes of files that arrive under a transcript's name but cannot be read as one.
_SIGNATURES = (
    (b"%PDF-", "pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "doc"),
    (b"{\\rtf", "rtf"),
    (b"PK\x03\x04", "zip"),
)


def _sniff(path: Path, extension: str, file: str) -> None:
    with path.open("rb") as handle:
        head = handle.read(16)
    for signature, kind in _SIGNATURES:
        if head.startswith(signature) and not (kind == "zip" and extension == ".docx"):
            raise BikvaError(f"import.mismatch.{kind}", file=file, ext=extension)


def parse_transcript(
    path: Path, interviewer_labels: Sequence[str] | None = None
) -> ParsedTranscript:
    """Read one transcript file into speaker turns, or raise a BikvaError naming the file.

    `interviewer_labels` replaces the default interviewer labels when given; labels compare
    case-insensitively, ignoring surrounding ``**`` and a trailing colon or spaces.
    """
    path = Path(path)
    file = shown_name(path)  # a name with a line break or an escape sequence must not break the line
    extension = path.suffix.lower()
    kind = FORMATS.get(extension)
    if kind is None:
        supported = ", ".join(FORMATS)
        if not extension:
            raise BikvaError("import.no_extension", file=file, supported=supported)
        raise BikvaError("import.unsupported_extension", file=file, ext=extension,
                         supported=supported)
    if not path.exists():
        raise BikvaError("import.not_found", file=file)
    if not path.is_file():  # a folder, a device (/dev/zero), a pipe: nothing to read a size from
        raise BikvaError("import.not_a_file", file=file)
    size = path.stat().st_size
    if size > MAX_FILE_MB * 1024 * 1024:
        raise BikvaError("import.too_large", file=file, size_mb=size // 2**20,
                         limit_mb=MAX_FILE_MB)
    if size == 0:
        raise BikvaError("import.empty", file=file)
    _sniff(path, extension, file)
    interviewers = Interviewers(interviewer_labels)
    if kind == "docx":
        return finish(kind, docx.parse(path, file, interviewers), interviewers, file)

    content = encoding.decode(path.read_bytes(), file)
    if not content:
        raise BikvaError("import.empty", file=file)
    if not content.strip():
        raise BikvaError("import.blank", file=file)
    if kind == "vtt":
        raw = vtt.parse(content, file, interviewers)
    elif vtt.is_webvtt(content):
        raise BikvaError("import.mismatch.vtt", file=file, ext=extension)
    elif kind == "srt":
        raw = srt.parse(content, file, interviewers)
    else:
        raw = text.parse(content, interviewers, markdown=kind == "markdown")
    return finish(kind, raw, interviewers, file)
