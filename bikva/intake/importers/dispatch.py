"""`parse_transcript`: pick the importer, by content where the content says, else by extension.

Checks run cheapest first: extension, existence, size (from the file system, before reading), the
first bytes (PDF, old Word .doc, RTF, zip), then the importer itself. A file whose content is
another supported format than its extension says is read as what it is: a Word document (a zip
holding ``word/document.xml``) saved as ``.txt``, WebVTT saved as ``.txt`` or ``.srt``, SRT or
WhisperX JSON saved as ``.txt``. Plain text in a ``.vtt``, ``.srt`` or ``.json`` file is refused
(the extension promised a format the file does not have). Every refusal is a BikvaError whose
`file` parameter is the file's name.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bikva.errors import BikvaError
from bikva.intake.importers import docx, encoding, srt, text, vtt, whisperx_json
from bikva.intake.importers.model import ParsedTranscript
from bikva.intake.importers.turns import Context, finish
from bikva.store.files import shown_name

FORMATS = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".docx": "docx",
    ".vtt": "vtt",
    ".srt": "srt",
    ".json": "json",
}
MAX_FILE_MB = 50
# First bytes of files that arrive under a transcript's name but cannot be read as one.
_SIGNATURES = (
    (b"%PDF-", "pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "doc"),
    (b"{\\rtf", "rtf"),
    (b"PK\x03\x04", "zip"),
)


def _sniff(path: Path, extension: str, file: str) -> str | None:
    """"docx" for a Word document under another name; refuses what no importer reads."""
    with path.open("rb") as handle:
        head = handle.read(16)
    for signature, kind in _SIGNATURES:
        if head.startswith(signature) and not (kind == "zip" and extension == ".docx"):
            if kind == "zip" and docx.is_word_package(path):
                return "docx"
            raise BikvaError(f"import.mismatch.{kind}", file=file, ext=extension)
    return None


def _by_content(kind: str, content: str) -> str:
    if vtt.is_webvtt(content):
        return "vtt"
    if kind in ("text", "markdown"):
        if srt.looks_like_srt(content):
            return "srt"
        if whisperx_json.looks_like_whisperx(content):
            return "json"
    return kind


def parse_transcript(
    path: Path,
    interviewer_labels: Sequence[str] | None = None,
    speakers: Sequence[str] | None = None,
) -> ParsedTranscript:
    """Read one transcript file into speaker turns, or raise a BikvaError naming the file.

    `interviewer_labels` replaces the default interviewer labels when given; `speakers` names
    labels that are speakers even where the file uses them once. Labels compare
    case-insensitively, ignoring surrounding ``**``, brackets and a trailing colon or spaces.
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
    kind = _sniff(path, extension, file) or kind
    context = Context.of(interviewer_labels, speakers, file)
    if kind == "docx":
        return finish(kind, docx.parse(path, context), context)

    content = encoding.decode(path.read_bytes(), file)
    if not content:
        raise BikvaError("import.empty", file=file)
    if not content.strip():
        raise BikvaError("import.blank", file=file)
    kind = _by_content(kind, content)
    if kind == "vtt":
        raw = vtt.parse(content, context)
    elif kind == "srt":
        raw = srt.parse(content, context)
    elif kind == "json":
        raw = whisperx_json.parse(content, context)
    else:
        raw = text.parse(content, context, markdown=kind == "markdown")
    return finish(kind, raw, context)
