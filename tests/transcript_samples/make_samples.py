"""Write the Word samples of this folder (and the one sample that must hold mixed bytes) again.

Run from the repository root: ``.venv/bin/python tests/transcript_samples/make_samples.py``.
The files are committed; this script is how they were made, after the shapes real tools export
(Teams, Otter, Word's Transcribe, student transcripts in tables), with our own Danish text.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.document import Document
from docx.enum.text import WD_BREAK

HERE = Path(__file__).resolve().parent


def _packed(document: Document, lines: list[str]) -> None:
    """One paragraph whose lines are separated by <w:br/>, as Teams writes a whole turn."""
    paragraph = document.add_paragraph()
    run = paragraph.add_run(lines[0])
    for line in lines[1:]:
        run.add_break(WD_BREAK.LINE)
        run.add_text(line)


TEAMS_TURNS = [
    ["Karen Holm   0:03", "Velkommen til jer begge. Vi optager, så vi kan skrive", "det ud bagefter."],
    ["Maria Louise Skov Hansen Bech   0:12", "Tak. Jeg er fra jobcentret."],
    ["Bo Krag (Gæst)   0:12", "Hej."],
    ["Karen Holm   0:20", "Hvad er det sværeste lige nu?"],
    ["Maria Louise Skov Hansen Bech   1:02:03", "Ventetiden.", "Helt klart ventetiden."],
]


def teams_current(packed: bool) -> Document:
    document = docx.Document()
    for line in ["Opfølgning med borgere-20260415_100212-Meeting Recording", "15. april 2026, 10:02",
                 "27m 42s", "Karen Holm started transcription"]:
        document.add_paragraph(line)
    for turn in TEAMS_TURNS:
        if packed:
            _packed(document, turn)
        else:
            for line in turn:
                document.add_paragraph(line)
    document.add_paragraph("Karen Holm stopped transcription")
    return document


def teams_old() -> Document:
    document = docx.Document()
    for timing, name, text in [
        ("0:0:0.0 --> 0:0:1.510", "Karen Holm", "Er alle med?"),
        ("0:0:3.270 --> 0:0:4.250", "Bo Krag", "Ja."),
        ("0:0:6.90 --> 0:0:6.500", "Bo Krag", "Det er jeg."),
        ("0:1:3.400 --> 0:1:6.560", "Juan Farías", "Også mig."),
    ]:
        _packed(document, [timing, name, text])
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "saved-by", "Karen Holm"
    return document


def otter() -> Document:
    document = docx.Document()
    for header, text in [("Emma Friis  0:00", "Velkommen til. Vi taler om hjælp fra kommunen."),
                         ("Kim Lund  0:34", "Jeg hedder Kim."),
                         ("Emma Friis  0:37", "Lad os begynde."),
                         ("Unknown Speaker  0:50", "Må jeg sige noget?")]:
        document.add_paragraph(header)
        document.add_paragraph(text)
    document.add_paragraph("Transcribed by https://otter.ai")
    return document


def word_transcribe() -> Document:
    document = docx.Document()
    document.add_heading("Transskription", level=1)
    document.add_paragraph("samtale.m4a")
    for header, text in [("00:00:05 Speaker 1", "Hvordan har du oplevet samarbejdet?"),
                         ("00:00:11 Speaker 2", "Godt. Men det tog tid."),
                         ("00:01:20 Speaker 1", "Tak.")]:
        document.add_paragraph(header)
        document.add_paragraph(text)
    return document


def _table(document: Document, rows: list[tuple[str, ...]]) -> None:
    table = document.add_table(rows=0, cols=len(rows[0]))
    for values in rows:
        for cell, value in zip(table.add_row().cells, values):
            cell.text = value


def student_table() -> Document:
    document = docx.Document()
    document.add_paragraph("Interview 2, Informant: Borger, 3. marts 2026")
    _table(document, [
        ("Interviewer", "Informant", "Observationer"),
        ("[00:00:04] Hvordan kom du i kontakt med jobcentret?", "", ""),
        ("", "[00:00:09] Via min læge.", "Kigger ned"),
        ("", "Det var ikke mit eget valg.", ""),
        ("[00:01:30] Hvordan var det?", "", "Pause"),
        ("", "[00:01:35] Svært i starten.", ""),
    ])
    return document


def table_row_numbers() -> Document:
    document = docx.Document()
    document.add_paragraph("Udskrift, gruppeinterview")
    _table(document, [("1", "Hvordan har I oplevet forløbet?"),
                      ("2", "Det har været langt og svært for mig."),
                      ("3", "For mig var det bedre end ventet.")])
    return document


def table_timed_speakers() -> Document:
    document = docx.Document()
    _table(document, [("[00:00:05] I", "Velkommen."),
                      ("[00:00:09] Borger A", "Tak for det."),
                      ("", "Jeg har glædet mig."),
                      ("[00:00:20] I", "Godt."),
                      ("[00:00:25] Borger B", "Også mig.")])
    return document


def bold_borger() -> Document:
    document = docx.Document()
    document.add_heading("Fokusgruppe", level=1)
    for label, text in [("I:", "Velkommen."), ("Borger A:", "Tak."), ("Borger B:", "Hej."),
                        ("Borger A:", "Skal vi starte?"), ("I:", "Ja.")]:
        paragraph = document.add_paragraph()
        paragraph.add_run(label).bold = True
        paragraph.add_run(" " + text)
    return document


def main() -> None:
    samples = {
        "teams-current.docx": teams_current(packed=True),
        "teams-current-split.docx": teams_current(packed=False),
        "teams-old.docx": teams_old(),
        "otter.docx": otter(),
        "word-transcribe.docx": word_transcribe(),
        "student-table.docx": student_table(),
        "table-row-numbers.docx": table_row_numbers(),
        "table-timed-speakers.docx": table_timed_speakers(),
        "bold-borger.docx": bold_borger(),
        "word-saved-as.txt": bold_borger(),  # a Word document under a .txt name
    }
    for name, document in samples.items():
        document.save(str(HERE / name))
    (HERE / "mixed-encoding.txt").write_bytes(
        "I: Hvordan gik det?\nBorger: Æblet faldt.\n".encode() + "Borger: Så gik vi.\n".encode("cp1252"))


if __name__ == "__main__":
    main()
