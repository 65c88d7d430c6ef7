"""Word (.docx) transcripts → speaker turns.

The package is checked with zipfile before python-docx opens it: a file that is not a zip is not a
Word document, a zip that cannot be read or lacks ``word/document.xml`` is refused, and so is one
whose entries declare more than 200 MB uncompressed (a zip bomb), before anything is unpacked; an
entry that lies about its size fails its checksum once zipfile has read that many bytes. A
password-protected document, and entries packed in a way zipfile cannot unpack, are refused too.

Layouts read (the one giving more turns wins; the rest is front matter):

- paragraphs, each line read by the shared label rules (`bikva.intake.importers.turns`):
  ``Label: text`` (the label often bold), Teams' current layout (``Name   0:03`` and the speech
  under it, often one paragraph with line breaks, after a title, a date and "X started
  transcription"), Otter's (``Name  0:00``) and Word Transcribe's (``00:00:05 Speaker 1``);
- Teams' older layout: ``0:0:5.100 --> 0:0:8.250``, the name on the next line, the text after
  it (one paragraph per cue, or not); read as captions, the fraction being milliseconds;
- tables with a speaker column and a text column, optionally a time column (``00:01:23``) and a
  header row (``Taler | Tekst``, ``Speaker | Text``). A row without a speaker continues the turn;
  a leading ``[00:01:02]`` in the speaker or text cell is the turn's time;
- tables with one column per speaker, as students write them: a header row naming the
  interviewer and the informant (``Interviewer | Informant | Observationer``); each filled cell
  is a turn of its column's speaker, and notes columns (observations, comments) are not speech
  and are left out with a warning.

A table with no speaker column (only row numbers or times beside the text) never gives its row
numbers as speakers: its text is read as paragraphs, with a warning, and if no speaker is found
there either, the file is refused (`import.table_without_speakers`).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

# python-docx and lxml are loaded only to read a Word file (bikva.intake.importers.dispatch
# imports every importer; a text or WebVTT import should not pay for Word's).

from bikva.errors import BikvaError
from bikva.intake.importers.turns import (
    CLOCK,
    Context,
    CueText,
    RawTurn,
    clean_label,
    clock_ms,
    has_label_shape,
    is_metadata_field,
    join_paragraphs,
    speaker_name,
    turns_from_cue_texts,
    turns_from_paragraphs,
)
from bikva.intake.importers.vtt import old_stamp_ms
from bikva.store.files import printable

MAX_UNPACKED_MB = 200
_ENCRYPTED = 0x1  # general purpose flag bit 0: the entry is encrypted (zipfile cannot read it)
# What zipfile can unpack; anything else (AES = 99, Deflate64 = 9, ...) it cannot.
_READABLE_COMPRESSION = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
_ZIP_MAGIC = b"PK\x03\x04"
_HEADERS = {
    "speaker": {"taler", "talere", "speaker", "navn", "name", "person", "hvem", "who"},
    "text": {"tekst", "text", "udsagn", "tale", "replik", "transskription", "transcript",
             "indhold", "content", "utterance", "statement"},
    "time": {"tid", "time", "tidspunkt", "tidskode", "tidsstempel", "timestamp", "start"},
    "number": {"nr", "nr.", "no", "no.", "#", "linje", "line", "række", "row"},
    "notes": {"observation", "observationer", "observations", "note", "noter", "notes",
              "kommentar", "kommentarer", "comment", "comments", "bemærkning", "bemærkninger",
              "analyse", "refleksion", "refleksioner", "kodning", "koder", "codes"},
}
_MAX_SPEAKER_CHARS = 40
_OLD_TEAMS_TIMING = re.compile(r"\d{1,2}:\d{1,2}:\d{1,2}(?:\.\d{1,3})?[ \t]*-->[ \t]*"
                               r"\d{1,2}:\d{1,2}:\d{1,2}(?:\.\d{1,3})?")
_LEADING_CLOCK = re.compile(rf"\s*\[({CLOCK})\]\s*")
_ROW_NUMBER = re.compile(r"\d{1,5}[.)]?")

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


def is_word_package(path: Path) -> bool:
    """A zip holding ``word/document.xml``, whatever the file is called."""
    try:
        with zipfile.ZipFile(path) as package:
            return "word/document.xml" in package.namelist()
    except (zipfile.BadZipFile, OSError, EOFError):
        return False


def _open(path: Path, file: str):
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError,
            zlib.error, EOFError, OSError, RuntimeError, NotImplementedError):
        raise BikvaError("import.corrupt_docx", file=file) from None


def _lines(paragraph) -> list[str]:
    return [line.rstrip() for line in paragraph.text.split("\n") if line.strip()]


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


def _role(title: str) -> str | None:
    return next((role for role, words in _HEADERS.items() if title in words), None)


def _mean_length(values: list[str]) -> float:
    filled = [len(value) for value in values if value]
    return sum(filled) / len(filled) if filled else 0.0


def _leading_clock(cell: Cell) -> tuple[int | None, Cell]:
    """A ``[00:01:02]`` opening the cell: its time, and the cell without it."""
    if not cell:
        return None, cell
    match = _LEADING_CLOCK.match(cell[0][0])
    if not match:
        return None, cell
    first = [cell[0][0][match.end():], *cell[0][1:]]
    first = [line for line in first if line.strip()]
    return clock_ms(match.group(1)), ([first] if first else []) + cell[1:]


class _Tables:
    """What the document's tables gave: speaker rows, and what could not be read as turns."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.rows: list[_Row] = []
        self.column_turns: list[RawTurn] = []
        self.without_speakers = 0

    def read(self, table: Table) -> bool:
        """Take `table` as a transcript table if it is one; False to read it as paragraphs."""
        rows = [[_cell(cell) for cell in _unique_cells(row)] for row in table.rows]
        width = max((len(row) for row in rows), default=0)
        rows = [row for row in rows if len(row) == width]  # drops rows merged across (headings)
        if width < 2 or not rows:
            return False
        header = [_cell_text(cell).rstrip(":").strip().casefold() for cell in rows[0]]
        titles = [clean_label(_cell_text(cell)) for cell in rows[0]]
        is_header = any(header) and all(not title or _role(title) for title in header)
        if not is_header and self._speaker_columns(header, titles, rows[1:]):
            return True
        body = rows[1:] if is_header else rows
        if not body:
            return False
        columns = self._columns(header if is_header else [], body)
        if columns is None:
            return False
        speaker, text, time = columns
        for row in body:
            start, label_cell = _leading_clock(row[speaker])
            text_start, text_cell = _leading_clock(row[text])
            if time is not None:
                start = clock_ms(_cell_text(row[time]))
            self.rows.append(_Row(clean_label(_cell_text(label_cell)), text_cell,
                                  start if start is not None else text_start))
        return True

    def _speaker_columns(self, header: list[str], titles: list[str], body) -> bool:
        """One column per speaker: at least an interviewer column and one other speaker."""
        roles = [_role(title) for title in header]
        speakers = [i for i, title in enumerate(titles)
                    if roles[i] is None and has_label_shape(title) and len(title.split()) <= 3]
        if not body or len(speakers) < 2 or not any(self.context.known(titles[i]) for i in speakers):
            return False
        # each row is one speaker's turn: in most rows only one of the speaker columns is filled
        single = sum(sum(bool(_cell_text(row[i])) for i in speakers) == 1 for row in body)
        if 2 * single < len(body):
            return False
        time = roles.index("time") if "time" in roles else None
        for i, role in enumerate(roles):
            if role == "notes" and any(_cell_text(row[i]) for row in body):
                self.context.warn("column_skipped", column=printable(titles[i], 60))
        for row in body:
            row_start = clock_ms(_cell_text(row[time])) if time is not None else None
            for i in speakers:
                start, cell = _leading_clock(row[i])
                if cell:
                    self.column_turns.append(RawTurn(
                        speaker_name(titles[i]), join_paragraphs(cell),
                        start if start is not None else row_start))
        return True

    def _columns(self, header: list[str], body: list[list[Cell]]) -> tuple[int, int, int | None] | None:
        """(speaker, text, time) column indexes of a transcript table, or None if it is not one."""
        roles: dict[str, int] = {}
        for index, title in enumerate(header):
            role = _role(title)
            if role:
                roles.setdefault(role, index)
        width = len(body[0])
        texts = [[_LEADING_CLOCK.sub("", _cell_text(row[i]), count=1) for row in body]
                 for i in range(width)]
        numbered = {i for i, column in enumerate(texts)
                    if (filled := [v for v in column if v])
                    and all(_ROW_NUMBER.fullmatch(v) for v in filled)}
        if "time" not in roles:
            for i, column in enumerate(texts):
                filled = [value for value in column if value]
                if filled and all(clock_ms(value) is not None for value in filled):
                    roles["time"] = i
                    break
        skip = {roles.get("time"), roles.get("number"), roles.get("notes")} | numbered
        others = [i for i in range(width) if i not in skip]
        if "text" not in roles and others:
            roles["text"] = max(others, key=lambda i: sum(map(len, texts[i])))
        if "speaker" not in roles:
            rest = [i for i in others if i != roles.get("text")]
            if rest:
                roles["speaker"] = min(rest, key=lambda i: _mean_length(texts[i]))
        if "text" in roles and "speaker" not in roles and (numbered or "time" in roles):
            self.without_speakers += 1  # row numbers or times beside the text: no speakers
            return None
        if "speaker" not in roles or "text" not in roles:
            return None
        if _mean_length(texts[roles["speaker"]]) > _MAX_SPEAKER_CHARS:
            return None
        return roles["speaker"], roles["text"], roles.get("time")

    def turns(self) -> list[RawTurn]:
        turns: list[tuple[_Row, Cell]] = []
        for row in self.rows:
            if row.speaker and not is_metadata_field(row.speaker):
                turns.append((row, list(row.paragraphs)))
            elif not row.speaker and turns:
                turns[-1][1].extend(row.paragraphs)
        by_rows = [RawTurn(speaker_name(row.speaker), join_paragraphs(paras), row.start_ms)
                   for row, paras in turns]
        return self.column_turns + by_rows


def _old_teams(paragraphs: list[list[str]], context: Context) -> list[RawTurn] | None:
    """Teams' older layout (timing, name, text), or None if the document is not in it."""
    lines = [line.strip() for lines in paragraphs for line in lines]
    timings = [i for i, line in enumerate(lines) if _OLD_TEAMS_TIMING.fullmatch(line)]
    if not timings:
        return None
    pieces = []
    for at, following in zip(timings, [*timings[1:], len(lines)]):
        start, _, end = (part.strip() for part in lines[at].partition("-->"))
        start_ms, end_ms = old_stamp_ms(start), old_stamp_ms(end)
        if end_ms < start_ms:
            raise BikvaError("import.bad_timing", file=context.file, at=printable(lines[at], 80))
        block = lines[at + 1 : following]
        if len(block) >= 2:
            pieces.append(CueText(clean_label(block[0]) or None, " ".join(block[1:]), start_ms, end_ms))
        elif block:  # a cue of one line: its text, no name
            pieces.append(CueText(None, block[0], start_ms, end_ms))
    return turns_from_cue_texts(pieces, context, names_in_text=False)


def parse(path: Path, context: Context) -> list[RawTurn]:
    file = context.file
    _check_package(path, file)
    document = _open(path, file)
    from docx.table import Table

    paragraphs: list[list[str]] = []
    numbers: list[list[int]] = []
    tables = _Tables(context)
    plain: list[list[str]] = []  # paragraphs outside tables, for the old Teams layout
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            if not tables.read(block):
                for row in block.rows:
                    for cell in _unique_cells(row):
                        for lines in _cell(cell):
                            paragraphs.append(lines)
                            numbers.append([len(numbers) + 1] * len(lines))
        elif lines := _lines(block):
            paragraphs.append(lines)
            plain.append(lines)
            numbers.append([len(numbers) + 1] * len(lines))
    if not paragraphs and not tables.rows and not tables.column_turns:
        raise BikvaError("import.blank", file=file)
    old = _old_teams(plain, context)
    if old is not None:
        return old
    from_tables = len(context.warnings)
    by_label = turns_from_paragraphs(paragraphs, context, numbers)
    by_table = tables.turns()
    chosen = by_table if len(by_table) > len(by_label) else by_label
    # each reading's warnings count only if that reading is the one taken
    label_warnings = context.warnings[from_tables:]
    context.warnings[:] = label_warnings if chosen is by_label else context.warnings[:from_tables]
    if tables.without_speakers:
        if not any(turn.text.strip() for turn in chosen):
            raise BikvaError("import.table_without_speakers", file=file)
        context.warn("table_without_speakers")
    return chosen
