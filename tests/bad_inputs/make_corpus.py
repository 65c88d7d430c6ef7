"""Write the committed bad-input corpus (the small files in this folder).

Run from the checkout when a case is added: `.venv/bin/python tests/bad_inputs/make_corpus.py`.
Large and machine-specific inputs (a 60 MB file, a zip bomb, odd file names, a device) are made
at test time in tests/test_bad_input.py instead. README.md says what each file is and what bikva
must answer.
"""

from __future__ import annotations

import codecs
import io
import random
import struct
import zipfile
from pathlib import Path

from docx import Document

HERE = Path(__file__).parent
TURNS = "I: Hvordan har I oplevet hjælpen?\n\nB1: Det har været svært.\n\nB2: Jeg er enig.\n"
INTERVIEWER_ONLY = "I: Velkommen.\n\nI: Er der nogen?\n\nModerator: Så slutter vi.\n"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_bytes(paragraphs: list[str] | None = None, table: list[tuple[str, str]] | None = None) -> bytes:
    document = Document()
    for text in paragraphs or []:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=0, cols=2)
        for speaker, text in table:
            cells = grid.add_row().cells
            cells[0].text, cells[1].text = speaker, text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


GOOD_DOCX = None


def good_docx() -> bytes:
    global GOOD_DOCX
    if GOOD_DOCX is None:
        GOOD_DOCX = docx_bytes(["I: Hvordan har I oplevet hjælpen?", "B1: Det har været svært."])
    return GOOD_DOCX


def rezip(source: bytes, change) -> bytes:
    """`source` with each member passed through change(name, data) -> data, or None to drop it."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info.filename))
            if data is not None:
                zout.writestr(info.filename, data)
    return out.getvalue()


def document_xml(body: str, doctype: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}'
            f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>').encode()


def paragraph_xml(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def patch_headers(data: bytes, change) -> bytes:
    """Apply change(buffer, offset, is_central) to every local and central zip header."""
    buffer = bytearray(data)
    for signature, central in ((b"PK\x03\x04", False), (b"PK\x01\x02", True)):
        at = buffer.find(signature)
        while at >= 0:
            change(buffer, at, central)
            at = buffer.find(signature, at + 4)
    return bytes(buffer)


def encrypted(buffer: bytearray, at: int, central: bool) -> None:
    buffer[at + (8 if central else 6)] |= 0x01  # general purpose flag: encrypted


def method_99(buffer: bytearray, at: int, central: bool) -> None:
    buffer[at + (10 if central else 8): at + (12 if central else 10)] = struct.pack("<H", 99)  # AES


def bad_crc(source: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(source)) as package:
        info = package.getinfo("word/document.xml")
    buffer = bytearray(source)
    name_length, extra_length = struct.unpack("<HH", buffer[info.header_offset + 26: info.header_offset + 30])
    start = info.header_offset + 30 + name_length + extra_length
    for i in range(start + 8, start + 40):
        buffer[i] ^= 0x5A
    return bytes(buffer)


def laughs() -> str:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{("&lol%d;" % (n - 1)) * 10}">' for n in range(1, 10)
    ]
    return f"<!DOCTYPE w:document [{''.join(entities)}]>"


def files() -> dict[str, bytes]:
    rng = random.Random(2026)
    zip_in_txt = io.BytesIO()
    with zipfile.ZipFile(zip_in_txt, "w") as package:
        package.writestr("a.txt", "B1: hej")
    only_zip = io.BytesIO()
    with zipfile.ZipFile(only_zip, "w") as package:
        package.writestr("notes.txt", "I: hej\nB1: hej")
    png = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
           b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
           b"\x00\x00\x00IEND\xaeB`\x82")
    vtt_cue = "00:00:01.000 --> 00:00:03.000\n"
    return {
        # --- empty, binary, encodings ---
        "empty.txt": b"",
        "only-whitespace.txt": b"   \n\n\t\n  \r\n",
        "only-whitespace-bom.md": codecs.BOM_UTF8 + b"\r\n   \r\n\r\n",
        "random-bytes.txt": bytes(rng.randrange(256) for _ in range(2048)),
        "png-image.txt": png,
        "nul-in-middle.txt": TURNS.replace("svært", "sv\x00ært").encode(),
        "terminal-escapes.txt": TURNS.replace("svært", "svært\x1b[2J\x1b]0;pwned\x07").encode(),
        "cp1252-undefined-bytes.txt": b"I: Hvordan gik det?\n\nB1: Det gik \x81\x8d\x8f\x90\x9d godt.\n",
        "utf8-bom-invalid.txt": codecs.BOM_UTF8 + b"I: Hej\n\nB1: Det gik \xc3\x28 godt.\n",
        "utf16-lone-surrogate.txt": codecs.BOM_UTF16_LE + "I: Hej\n\nB1: Det gik ".encode("utf-16-le")
        + b"\x00\xd8" + "godt.\n".encode("utf-16-le"),
        "utf16-truncated.txt": codecs.BOM_UTF16_LE + TURNS.encode("utf-16-le") + b"B",
        "utf32.txt": codecs.BOM_UTF32_LE + TURNS.encode("utf-32-le"),
        # --- text that holds no usable turns ---
        "no-speaker-labels.txt": ("Vi talte om hjælpen fra jobcentret. Borgerne syntes, det var svært.\n"
                                  "Der var enighed om ventetiden.\n").encode(),
        "only-metadata.txt": "Dato: 3. marts 2026\nSted: Biblioteket\nDeltagere: 4\nNote: lydfil mangler\n".encode(),
        "labels-without-text.txt": b"I:\n\nB1:\n\nB2:   \n",
        "only-interviewer.txt": INTERVIEWER_ONLY.encode(),
        "only-headings.md": "# Interview\n\n## Runde 1\n\n---\n\n### Slut\n".encode(),
        "only-interviewer.md": "# Interview\n\n**I:** Velkommen.\n\n**Moderator:** Tak.\n".encode(),
        # --- one format under another's name ---
        "pdf-named.txt": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
        "rtf-named.txt": b"{\\rtf1\\ansi I: Hej\\par B1: Hej\\par}",
        "zip-named.txt": zip_in_txt.getvalue(),
        "old-word.docx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
        "transcript.pdf": b"%PDF-1.7\n",
        "transcript.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(56),
        "transcript": TURNS.encode(),
        # --- broken Word documents ---
        "plain-text.docx": TURNS.encode(),
        "zip-without-document.docx": only_zip.getvalue(),
        "truncated.docx": good_docx()[: len(good_docx()) // 2],
        "bad-checksum.docx": bad_crc(good_docx()),
        "broken-xml.docx": rezip(good_docx(), lambda n, d: b"<w:document><w:body><w:p>" if n == "word/document.xml" else d),
        "no-content-types.docx": rezip(good_docx(), lambda n, d: None if n == "[Content_Types].xml" else d),
        "password-protected.docx": patch_headers(good_docx(), encrypted),
        "unknown-compression.docx": patch_headers(good_docx(), method_99),
        "entity-expansion.docx": rezip(good_docx(), lambda n, d: document_xml(
            paragraph_xml("I: &lol9;") + paragraph_xml("B1: hej"), laughs()) if n == "word/document.xml" else d),
        "external-entity.docx": rezip(good_docx(), lambda n, d: document_xml(
            paragraph_xml("I: Hvad står der?") + paragraph_xml("B1: &xxe;"),
            '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')
            if n == "word/document.xml" else d),
        "empty-body.docx": docx_bytes([]),
        "no-speakers.docx": docx_bytes(["Referat af mødet", "Vi talte om ventetiden og om hjælpen."]),
        "only-interviewer.docx": docx_bytes(["Interviewer: Velkommen.", "I: Er der nogen?"]),
        "only-interviewer-table.docx": docx_bytes(table=[("Taler", "Tekst"), ("Interviewer", "Velkommen."),
                                                         ("Moderator", "Er der nogen?")]),
        # --- captions ---
        "no-header.vtt": ("\n" + vtt_cue + "<v Anne>Hej</v>\n").encode(),
        "header-only.vtt": b"WEBVTT\n\n",
        "no-speakers.vtt": ("WEBVTT\n\n" + vtt_cue + "Hej med dig.\n\n"
                            "00:00:03.500 --> 00:00:05.000\nDet var godt.\n").encode(),
        "broken-timing.vtt": "WEBVTT\n\n00:00:01.000 --> 00:00:0x.000\n<v Anne>Hej</v>\n".encode(),
        "end-before-start.vtt": "WEBVTT\n\n00:00:09.000 --> 00:00:01.000\n<v Anne>Hej</v>\n".encode(),
        "cues-not-separated.vtt": ("WEBVTT\n\n" + vtt_cue + "<v Anne>Hej</v>\n"
                                   "00:00:04.000 --> 00:00:05.000\n<v Bo>Hej</v>\n").encode(),
        "only-interviewer.vtt": ("WEBVTT\n\n" + vtt_cue + "<v Interviewer>Velkommen.</v>\n").encode(),
        "unparsable-timing.srt": "1\n00:00:01,000 --> banan\nAnne: Hej\n".encode(),
        "no-timings.srt": "1\nAnne: Hej\n\n2\nBo: Hej\n".encode(),
        "end-before-start.srt": "1\n00:00:09,000 --> 00:00:01,000\nAnne: Hej\n".encode(),
        "no-speakers.srt": "1\n00:00:01,000 --> 00:00:02,000\nHej med dig.\n\n2\n00:00:02,500 --> 00:00:04,000\nDet var godt.\n".encode(),
        "only-interviewer.srt": "1\n00:00:01,000 --> 00:00:02,000\nInterviewer: Velkommen.\n".encode(),
    }


def main() -> None:
    for name, data in files().items():
        (HERE / name).write_bytes(data)
    print(f"{len(files())} files written to {HERE}")


if __name__ == "__main__":
    main()
