"""Plain text and Markdown transcripts, dispatch errors, and the import message catalogues."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from importer_samples import informant, interviewer, parse_refused, turns, write

import docx

from bikva.i18n import t
from bikva.intake.importers.dispatch import parse_transcript
from bikva.intake.importers.model import ImportWarning

PLAIN = """\
Gruppeinterview, borgere, runde 1
Transskriberet 14. marts

Interviewer: Velkommen. Vil I fortælle,
hvordan det har været?
Borger: Ja. Jeg kom ind (I: Mm) og ventede [utydeligt].

Så gik der tre uger (Pause) før nogen ringede.
Borger: Og så (…) ja.
IP2: [flere nikker] Det var også sådan for mig.
SB1: Vi har travlt.
L: Det ved jeg.
Johan: Hej.
Faglig koordinator: Godt spørgsmål.
I: Tak.
"""


def test_plain_text_turns_exactly(tmp_path):
    # IP2, SB1 and L are codes and count once; "Johan:" and "Faglig koordinator:" occur once and
    # are not codes, so they stay speech, and the name-like one is reported with its line
    transcript = parse_transcript(write(tmp_path, "r1.txt", PLAIN))
    assert transcript.turns == [
        interviewer("Interviewer", "Velkommen. Vil I fortælle, hvordan det har været?"),
        informant("Borger", "Ja. Jeg kom ind (I: Mm) og ventede [utydeligt].\n\n"
                  "Så gik der tre uger (Pause) før nogen ringede."),
        informant("Borger", "Og så (…) ja."),
        informant("IP2", "[flere nikker] Det var også sådan for mig."),
        informant("SB1", "Vi har travlt."),
        informant("L", "Det ved jeg. Johan: Hej. Faglig koordinator: Godt spørgsmål."),
        interviewer("I", "Tak."),
    ]
    assert transcript.format == "text"
    assert transcript.warnings == [ImportWarning(
        "import.warning.kept_as_speech", {"file": "r1.txt", "label": "Johan", "line": 13})]


def test_speakers_the_evaluator_names_count_even_once(tmp_path):
    parsed = turns(tmp_path, "r1.txt", PLAIN, speakers=["johan", "Faglig Koordinator"])
    assert parsed[5:] == [
        informant("L", "Det ved jeg."),
        informant("Johan", "Hej."),
        informant("Faglig koordinator", "Godt spørgsmål."),
        interviewer("I", "Tak."),
    ]


def test_only_one_off_labels_besides_the_interviewer_is_refused_naming_them(tmp_path):
    error = parse_refused(write(tmp_path, "t.txt", "I: Hvordan var det?\nJohan: Fint.\n"),
                          "import.labels_used_once")
    assert error.params["labels"] == "Johan"


def test_sentences_with_a_colon_do_not_start_turns(tmp_path):
    data = """\
Dato: 3. april
Sted: Jobcentret

I: Hvad skete der?
Borger 2: Hun ringede.
Og så sagde hun: du må vente.
Det var sådan: ingen svar.
Hun sagde: nej.
Min sagsbehandler på jobcentret: væk.
Der skete det, at: intet.
Leder af Team Nord: Det er nyt for mig.
Borger 2: Ja.
"""
    assert turns(tmp_path, "t.txt", data) == [
        interviewer("I", "Hvad skete der?"),
        informant("Borger 2", "Hun ringede. Og så sagde hun: du må vente. Det var sådan: "
                  "ingen svar. Hun sagde: nej. Min sagsbehandler på jobcentret: væk. "
                  "Der skete det, at: intet. Leder af Team Nord: Det er nyt for mig."),
        informant("Borger 2", "Ja."),
    ]


def test_a_long_label_counts_when_it_recurs(tmp_path):
    data = "I: Velkommen.\nLeder af Team Nord: Tak.\nI: Og?\nLeder af Team Nord: Ja.\n"
    assert turns(tmp_path, "t.txt", data) == [
        interviewer("I", "Velkommen."),
        informant("Leder af Team Nord", "Tak."),
        interviewer("I", "Og?"),
        informant("Leder af Team Nord", "Ja."),
    ]


def test_label_alone_on_its_line_and_urls_and_clock_times(tmp_path):
    data = "Mette:\nSe https://borger.dk kl 10:30 i dag.\n\nMere.\nI:\nMette:\nJa.\n"
    assert turns(tmp_path, "t.txt", data) == [
        informant("Mette", "Se https://borger.dk kl 10:30 i dag.\n\nMere."),
        informant("Mette", "Ja."),
    ]


def test_timestamps_before_labels_set_start(tmp_path):
    data = "[00:01:23] I: Hej.\n(01:02:03.5) Borger: Dav.\n00:00:07 Borger: Igen.\n"
    assert turns(tmp_path, "t.txt", data) == [
        interviewer("I", "Hej.", 83_000),
        informant("Borger", "Dav.", 3_723_500),
        informant("Borger", "Igen.", 7_000),
    ]


MARKDOWN = """\
# Fokusgruppe, sagsbehandlere

## Tema 1: Samarbejde

**I:** Hvordan samarbejder I?

**Borger 1**: Det går *fint*.
Det meste af tiden.

---

## Tema 2

**SB1:** Nogle gange.
> Citat fra en borger.
__Moderator:__ Tak.

**Sagsbehandler Nord:** Ja.

**Sagsbehandler Nord:** Også her.
"""


def test_markdown_bold_labels_and_headings(tmp_path):
    transcript = parse_transcript(write(tmp_path, "fg.md", MARKDOWN))
    assert transcript.format == "markdown"
    assert transcript.turns == [
        interviewer("I", "Hvordan samarbejder I?"),
        informant("Borger 1", "Det går *fint*. Det meste af tiden."),
        informant("SB1", "Nogle gange. Citat fra en borger."),
        interviewer("Moderator", "Tak."),
        informant("Sagsbehandler Nord", "Ja."),
        informant("Sagsbehandler Nord", "Også her."),
    ]


def test_interviewer_labels_ignore_case_bold_and_spaces(tmp_path):
    data = "INTERVIEWER : Hej.\n**int:** Ja?\nBorger: Dav.\n"
    assert turns(tmp_path, "t.md", data) == [
        interviewer("INTERVIEWER", "Hej."),
        interviewer("int", "Ja?"),
        informant("Borger", "Dav."),
    ]


def test_custom_interviewer_labels_replace_the_defaults(tmp_path):
    data = "Anne: Velkommen.\nI: Tak.\nBorger: Hej.\n"
    assert turns(tmp_path, "t.txt", data, interviewer_labels=[" **anne** "]) == [
        interviewer("Anne", "Velkommen."),
        informant("I", "Tak."),
        informant("Borger", "Hej."),
    ]


def test_refuses_a_transcript_without_speaker_labels(tmp_path):
    parse_refused(write(tmp_path, "noter.txt", "Noter fra mødet.\nOg så sagde hun: nej.\n"),
                  "import.no_turns")


def test_refuses_a_transcript_with_only_interviewer_turns(tmp_path):
    error = parse_refused(write(tmp_path, "t.txt", "I: Hej?\nInterviewer: Nogen?\n"),
                          "import.no_informant_turns")
    assert error.params["speakers"] == "I, Interviewer"


def test_refuses_unknown_and_missing_extensions(tmp_path):
    error = parse_refused(write(tmp_path, "interview.pages", "I: Hej.\n"),
                          "import.unsupported_extension")
    assert error.params["ext"] == ".pages"
    assert error.params["supported"] == ".txt, .md, .markdown, .docx, .vtt, .srt, .json"
    parse_refused(write(tmp_path, "interview", "I: Hej.\n"), "import.no_extension")


def test_refuses_missing_empty_blank_and_huge_files(tmp_path):
    parse_refused(tmp_path / "findes-ikke.txt", "import.not_found")
    parse_refused(write(tmp_path, "tom.txt", b""), "import.empty")
    parse_refused(write(tmp_path, "bom.txt", b"\xef\xbb\xbf"), "import.empty")
    parse_refused(write(tmp_path, "blank.md", " \n\t\r\n  \n"), "import.blank")
    huge = tmp_path / "stor.txt"
    with huge.open("wb") as handle:  # sparse: nothing is written or read
        handle.truncate(51 * 1024 * 1024)
    error = parse_refused(huge, "import.too_large")
    assert (error.params["size_mb"], error.params["limit_mb"]) == (51, 50)


def test_refuses_content_that_does_not_match_the_extension(tmp_path):
    parse_refused(write(tmp_path, "a.txt", b"%PDF-1.7\n..."), "import.mismatch.pdf")
    parse_refused(write(tmp_path, "a.txt", b"PK\x03\x04\x14\x00\x00\x00"), "import.mismatch.zip")
    parse_refused(write(tmp_path, "a.md", b"{\\rtf1\\ansi I: Hej}"), "import.mismatch.rtf")



def test_content_of_another_supported_format_is_read_as_what_it_is(tmp_path):
    vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Anne>Hej.</v>\n"
    for name in ("vtt-som.txt", "vtt-som.srt", "vtt-som.md"):
        transcript = parse_transcript(write(tmp_path, name, vtt))
        assert (transcript.format, transcript.turns) == ("vtt", [informant("Anne", "Hej.", 1_000, 2_000)])
    srt = "1\n00:00:01,000 --> 00:00:02,000\nAnne: Hej.\n"
    assert parse_transcript(write(tmp_path, "srt-som.txt", srt)).format == "srt"
    whisperx = '{"segments": [{"start": 1.0, "end": 2.0, "text": " Hej.", "speaker": "SPEAKER_01"}]}'
    assert parse_transcript(write(tmp_path, "json-som.txt", whisperx)).turns == [
        informant("SPEAKER_01", "Hej.", 1_000, 2_000)]
    document = docx.Document()
    document.add_paragraph("I: Velkommen.")
    document.add_paragraph("B1: Tak.")
    document.save(str(tmp_path / "word-som.txt"))
    transcript = parse_transcript(tmp_path / "word-som.txt")
    assert (transcript.format, transcript.turns) == ("docx", [interviewer("I", "Velkommen."),
                                                              informant("B1", "Tak.")])


def test_a_text_file_mixing_utf8_and_windows_1252_is_refused_naming_the_line(tmp_path):
    data = "I: Hvordan gik det?\nBorger: Æblet faldt.\n".encode() + "Borger: Så gik vi.\n".encode("cp1252")
    error = parse_refused(write(tmp_path, "blandet.txt", data), "import.mixed_encoding")
    assert error.params["line"] == 3


# --- message catalogues ------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]


def _import_messages(lang: str) -> dict[str, str]:
    table = tomllib.loads((ROOT / f"templates/i18n/{lang}/import.toml").read_text("utf-8"))
    flat = {}
    for key, value in table["import"].items():
        for sub, text in value.items() if isinstance(value, dict) else [("", value)]:
            flat[f"import.{key}.{sub}" if sub else f"import.{key}"] = text
    return flat


def test_every_import_error_and_warning_has_a_one_line_message_naming_the_file_in_both_languages():
    da, en = _import_messages("da"), _import_messages("en")
    assert da.keys() == en.keys()
    source = "\n".join(p.read_text("utf-8") for p in (ROOT / "bikva/intake/importers").glob("*.py"))
    raised = set(re.findall(r'BikvaError\(\s*"(import\.[a-z_.]+)"', source))
    raised |= {f"import.mismatch.{kind}" for kind in ("pdf", "doc", "rtf", "zip")}
    raised |= {f"import.warning.{name}" for name in re.findall(r'\.warn\(\s*"([a-z_]+)"', source)}
    assert raised == set(da)
    for key in da:
        for lang, messages in (("da", da), ("en", en)):
            placeholders = set(re.findall(r"{(\w+)}", messages[key]))
            assert "file" in placeholders, (lang, key)
            line = t(lang, key, **{name: "X" for name in placeholders})
            assert line.startswith("X: ") and "\n" not in line, (lang, key)


def test_danish_message_reads_as_written():
    assert t("da", "import.empty", file="interview.docx") == (
        "interview.docx: filen er tom, så der er ingen udsagn at indlæse."
    )
