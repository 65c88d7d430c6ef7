"""Word (.docx) transcripts → speaker turns.

The package is checked with zipfile before python-docx opens it: a file that is not a zip is not a
Word document, a zip that cannot be read or lacks ``word/document.xml`` is refused, and so is one
whose entries declare more than 200 MB uncompressed (a zip bomb), before anything is unpacked; an
entry that lies about its size fails its checksum once zipfile has read that many bytes. A
password-protected document, and entries packed in a way zipfile cannot unpack, are refused too.

Two layouts are read, and the one giving more turns wins (the rest is front matter):

- paragraphs ``Label: text`` (the label often bold, the colon inside or outside the bold run; bold
  is irrelevant once the text is taken); paragraphs without a label continue the current turn;
- tables with a speaker column and a text column, optionally a time column (``00:01:23``) and a
  header row (``Taler | Tekst``, ``Speaker | Text``). A row without a speaker continues the turn.
  Tables that are not laid out like that (one column, long "speaker" cells) are read as paragraphs.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from lxml.etree import XMLSyntaxError

from bikva.errors import BikvaError
from bikva.intake.importers.turns import (
    Interviewers,
    RawTurn,
    clean_label,
    clock_ms,
    is_metadata_field,
    join_paragraphs,
    turns_from_paragraphs,
)

MAX_UNPACKED_MB = 200
_ENCRYPTED = 0x1  # general purpose flag bit 0: the entry is encrypted (zipfile cannot read it)
# What zipfile can unpack; anything else (AES = 99, Deflate64 = 9, ...) it cannot.
_READABLE_COMPRESSION = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
_ZIP_MAGIC = b"PK\x03\x04"
_HEADERS = {
    "speaker": {"taler", "talere", "speaker", "navn", "name", "person", "deltager", "hvem", "who"},
    "text": {"tekst", "text", "udsagn", "tale", "replik", "transskription", "transcript",
             "indhold", "content", "utterance", "statement"},
    "time": {"tid", "time", "tidspunkt", "tidskode", "tidsstempel", "timestamp", "start"},
}
_MAX_SPEAKER_CHARS = 40

Cell = list[list[str]]  # paragraphs of lines


@dataclass
class _Row:
    speaker: str
    paragraphs: Cell
    start_ms: int | None


def _check_package(path: Path, file: str) -> None:
    with path.open("rb") as handle:
        if handle.read(4) != _ZIP_MAGIC:
            raise BikvaError("import.not_docx", file=file)
    try:
        with zipfile.ZipFile(path) as package:
            entries = package.infolist()
    except (zipfile.BadZipFile, OSError, EOFError):
        raise BikvaError("import.corrupt_docx", file=file) from None
    if any(entry.flag_bits & _ENCRYPTED for entry in entries):
        raise BikvaError("import.encrypted_docx", file=file)
    if any(entry.compress_type not in _READABLE_COMPRESSION for entry in entries):
        raise BikvaError("import.corrupt_docx", file=file)
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > MAX_UNPACKED_MB * 1024 * 1024:
        raise BikvaError(
            "import.zip_bomb", file=file, size_mb=unpacked // 2**20, limit_mb=MAX_UNPACKED_MB
        )
    if "word/document.xml" not in {entry.filename for entry in entries}:
        raise BikvaError("import.not_docx", file=file)


def _open(path: Path, file: str):
    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError,
            zlib.error, EOFError, OSError, RuntimeError, NotImplementedError):
        raise BikvaError("import.corrupt_docx", file=file) from None


def _lines(paragraph) -> list[str]:
    return [line for line in paragraph.text.split("\n") if line.strip()]


def _cell(cell) -> Cell:
    return [lines for lines in map(_lines, cell.paragraphs) if lines]


def _cell_text(cell: Cell) -> str:
    return " ".join(line.strip() for lines in cell for line in lines)


def _unique_cells(row) -> list:
    cells, seen = [], set()
    for cell in row.cells:  # a merged cell is repeated once per grid column it spans
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            cells.append(cell)
    return cells


def _columns(header: list[str], body: list[list[Cell]]) -> tuple[int, int, int | None] | None:
    """(speaker, text, time) column indexes of a transcript table, or None if it is not one."""
    roles = {}
    for index, title in enumerate(header):
        for role, words in _HEADERS.items():
            if title in words:
                roles.setdefault(role, index)
    width = len(body[0])
    texts = [[_cell_text(row[i]) for row in body] for i in range(width)]
    if "time" not in roles:
        for i, column in enumerate(texts):
            filled = [value for value in column if value]
            if filled and all(clock_ms(value) is not None for value in filled):
                roles["time"] = i
                break
    others = [i for i in range(width) if i != roles.get("time")]
    if "text" not in roles and others:
        roles["text"] = max(others, key=lambda i: sum(map(len, texts[i])))
    if "speaker" not in roles:
        rest = [i for i in others if i != roles.get("text")]
        if rest:
            roles["speaker"] = min(rest, key=lambda i: _mean_length(texts[i]))
    if "speaker" not in roles or "text" not in roles:
        return None
    if _mean_length(texts[roles["speaker"]]) > _MAX_SPEAKER_CHARS:
        return None
    return roles["speaker"], roles["text"], roles.get("time")


def _mean_length(values: list[str]) -> float:
    filled = [len(value) for value in values if value]
    return sum(filled) / len(filled) if filled else 0.0


def _transcript_rows(table: Table) -> list[_Row] | None:
    """The table's rows as speaker rows, or None if the table is not a transcript table."""
    rows = [[_cell(cell) for cell in _unique_cells(row)] for row in table.rows]
    width = max((len(row) for row in rows), default=0)
    rows = [row for row in rows if len(row) == width]  # drops rows merged across (headings)
    if width < 2 or not rows:
        return None
    header = [_cell_text(cell).rstrip(":").strip().casefold() for cell in rows[0]]
    is_header = any(header) and all(
        not title or any(title in words for words in _HEADERS.values()) for title in header
    )
    body = rows[1:] if is_header else rows
    if not body:
        return None
    columns = _columns(header if is_header else [], body)
    if columns is None:
        return None
    speaker, text, time = columns
    return [
        _Row(
            clean_label(_cell_text(row[speaker])),
            row[text],
            clock_ms(_cell_text(row[time])) if time is not None else None,
        )
        for row in body
    ]


def _turns_from_rows(rows: list[_Row]) -> list[RawTurn]:
    turns: list[tuple[_Row, Cell]] = []
    for row in rows:
        if row.speaker and not is_metadata_field(row.speaker):
            turns.append((row, list(row.paragraphs)))
        elif not row.speaker and turns:
            turns[-1][1].extend(row.paragraphs)
    return [RawTurn(row.speaker, join_paragraphs(paras), row.start_ms) for row, paras in turns]


def parse(path: Path, file: str, interviewers: Interviewers) -> list[RawTurn]:
    _check_package(path, file)
    document = _open(path, file)
    paragraphs: list[list[str]] = []
    rows: list[_Row] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            table_rows = _transcript_rows(block)
            if table_rows is None:
                paragraphs.extend(lines for row in block.rows for cell in _unique_cells(row)
                                  for lines in _cell(cell))
            else:
                rows.extend(table_rows)
        elif lines := _lines(block):
            paragraphs.append(lines)
    if not paragraphs and not any(row.speaker or row.paragraphs for row in rows):
        raise BikvaError("import.blank", file=file)
    by_label = turns_from_paragraphs(paragraphs, interviewers)
    by_table = _turns_from_rows(rows)
    return by_table if len(by_table) > len(by_label) else by_label
