"""Word transcripts: bold labels, table layouts, and refused packages (corrupt, zip bomb)."""

from __future__ import annotations

import io
import struct
import zipfile

from importer_samples import (
    informant,
    interviewer,
    labelled_paragraph,
    parse_refused,
    word_document,
    write,
)

from bikva.intake.importers.dispatch import parse_transcript


def _bold_label_document(document):
    document.add_heading("Gruppeinterview med borgere", level=1)
    document.add_paragraph("Dato: 4. april 2024")
    labelled_paragraph(document, "Interviewer", "Velkommen til.")
    labelled_paragraph(document, "Borger 1", "Jeg kom ind (I: Mm)", colon_in_bold=False)
    document.add_paragraph("og så ventede jeg.\nI lang tid [utydeligt].")
    document.add_paragraph("")
    document.add_paragraph("Det var sådan: ingen ringede.")
    labelled_paragraph(document, "Borger 1", "Og igen.")
    labelled_paragraph(document, "SB1", "Det genkender jeg.", colon_in_bold=False)


def test_bold_labels_with_colon_inside_or_outside_the_bold_run(tmp_path):
    path = word_document(tmp_path, "r1.docx", _bold_label_document)
    transcript = parse_transcript(path)
    assert transcript.format == "docx"
    assert transcript.turns == [
        interviewer("Interviewer", "Velkommen til."),
        informant("Borger 1", "Jeg kom ind (I: Mm)\n\nog så ventede jeg. I lang tid [utydeligt]."
                  "\n\nDet var sådan: ingen ringede."),
        informant("Borger 1", "Og igen."),
        informant("SB1", "Det genkender jeg."),
    ]


def _table(document, rows):
    table = document.add_table(rows=0, cols=len(rows[0]))
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values):
            paragraphs = value.split("\n\n")
            cell.text = paragraphs[0]
            for extra in paragraphs[1:]:
                cell.add_paragraph(extra)
    return table


def test_table_with_header_time_column_and_several_paragraphs(tmp_path):
    def build(document):
        document.add_paragraph("Fokusgruppe med ledere")
        _table(document, [
            ("Tid", "Taler", "Tekst"),
            ("00:00:05", "Moderator", "Velkommen."),
            ("00:01:23", "Leder:", "Første afsnit.\n\nAndet afsnit (Pause)."),
            ("", "", "Fortsat i næste række."),
            ("01:02:03", "Borger 2", "Ja."),
        ])

    assert parse_transcript(word_document(tmp_path, "r3.docx", build)).turns == [
        interviewer("Moderator", "Velkommen.", 5_000),
        informant("Leder", "Første afsnit.\n\nAndet afsnit (Pause).\n\nFortsat i næste række.",
                  83_000),
        informant("Borger 2", "Ja.", 3_723_000),
    ]


def test_table_without_header_and_a_metadata_table_before_it(tmp_path):
    def build(document):
        _table(document, [("Dato", "4. april"), ("Sted", "Jobcentret")])
        document.add_paragraph("")
        _table(document, [
            ("I", "Hvordan var det?"),
            ("Borger", "Det var sådan: svært, men det gik til sidst."),
            ("I", "Tak."),
        ])

    assert parse_transcript(word_document(tmp_path, "t.docx", build)).turns == [
        interviewer("I", "Hvordan var det?"),
        informant("Borger", "Det var sådan: svært, men det gik til sidst."),
        interviewer("I", "Tak."),
    ]


def test_paragraph_transcript_wins_over_a_small_participant_table(tmp_path):
    def build(document):
        _table(document, [("Navn", "Rolle"), ("Borger 1", "Ledig i 2 år")])
        labelled_paragraph(document, "I", "Velkommen.")
        labelled_paragraph(document, "Borger 1", "Tak.")
        labelled_paragraph(document, "Borger 2", "Ja.")

    assert parse_transcript(word_document(tmp_path, "t.docx", build)).turns == [
        interviewer("I", "Velkommen."),
        informant("Borger 1", "Tak."),
        informant("Borger 2", "Ja."),
    ]


def test_blank_word_document_is_refused(tmp_path):
    path = word_document(tmp_path, "tom.docx", lambda d: d.add_paragraph("   "))
    parse_refused(path, "import.blank")


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, data in entries.items():
            package.writestr(name, data)
    return buffer.getvalue()


def test_refuses_a_docx_that_is_not_a_word_file(tmp_path):
    parse_refused(write(tmp_path, "a.docx", "I: Hej.\nBorger: Dav.\n"), "import.not_docx")
    parse_refused(write(tmp_path, "a.docx", _zip({"xl/workbook.xml": b"<x/>"})), "import.not_docx")
    parse_refused(write(tmp_path, "a.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100)),
                  "import.mismatch.doc")


def test_refuses_a_truncated_or_damaged_docx(tmp_path):
    good = word_document(tmp_path, "god.docx", _bold_label_document).read_bytes()
    parse_refused(write(tmp_path, "halv.docx", good[: len(good) // 2]), "import.corrupt_docx")
    damaged = _zip({"[Content_Types].xml": b"<Types", "word/document.xml": b"<w:document"})
    parse_refused(write(tmp_path, "skadet.docx", damaged), "import.corrupt_docx")


def test_refuses_a_zip_bomb_before_unpacking(tmp_path):
    data = bytearray(_zip({"word/document.xml": b"<w:document/>"}))
    central = data.index(b"PK\x01\x02")  # central directory: uncompressed size at offset 24
    struct.pack_into("<I", data, central + 24, 300 * 1024 * 1024)
    error = parse_refused(write(tmp_path, "bombe.docx", bytes(data)), "import.zip_bomb")
    assert (error.params["size_mb"], error.params["limit_mb"]) == (300, 200)
