"""Parser-level helpers for the importer tests: write a sample file, parse it, state the expected
turns briefly, expect a parse error. (CLI-level refusals are helpers.refused.)"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from bikva.errors import BikvaError
from bikva.intake.importers.dispatch import parse_transcript
from bikva.intake.importers.model import ParsedTurn


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    """Write `data` (text as UTF-8) to `tmp_path / name`; the path."""
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def turns(tmp_path: Path, name: str, data: bytes | str, **options) -> list[ParsedTurn]:
    """Write `data` as `name` and parse it; the turns the importer found."""
    return parse_transcript(write(tmp_path, name, data), **options).turns


def informant(speaker: str, text: str, start: int | None = None, end: int | None = None) -> ParsedTurn:
    """An expected turn by an informant (not the interviewer), with optional times in ms."""
    return ParsedTurn(speaker, text, False, start, end)


def interviewer(speaker: str, text: str, start: int | None = None, end: int | None = None) -> ParsedTurn:
    """An expected turn by the interviewer, with optional times in ms."""
    return ParsedTurn(speaker, text, True, start, end)


def parse_refused(path: Path, key: str, **options) -> BikvaError:
    """Parse `path` and expect the parser's error `key`, naming the file; the error, for further checks."""
    with pytest.raises(BikvaError) as caught:
        parse_transcript(path, **options)
    assert caught.value.key == key
    assert caught.value.params["file"] == path.name
    return caught.value


def word_document(tmp_path: Path, name: str, build) -> Path:
    """A real .docx saved by python-docx; `build(document)` fills it."""
    document = docx.Document()
    build(document)
    path = tmp_path / name
    document.save(str(path))
    return path


def labelled_paragraph(document, label: str, text: str, colon_in_bold: bool = True) -> None:
    """``Label: text`` with the label bold, the colon inside or outside the bold run."""
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label}:" if colon_in_bold else label).bold = True
    paragraph.add_run(f" {text}" if colon_in_bold else f": {text}")
