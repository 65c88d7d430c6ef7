"""The transcript corpus: every layout and label form evaluators meet, and the traps, each read
exactly as tests/transcript_samples/expected.py says (speakers, interviewer flags, text, times,
the parser's warnings), or refused with the error it names. The samples are our own, made in the
shapes the real tools export (Teams, Zoom, Otter, Word, WhisperX, noScribe, student tables); the
Word ones are written by tests/transcript_samples/make_samples.py."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from bikva.errors import BikvaError
from bikva.intake.importers.dispatch import parse_transcript
from bikva.intake.importers.model import UNKNOWN_SPEAKER

SAMPLES = Path(__file__).parent / "transcript_samples"


def _expected() -> dict[str, dict]:
    spec = importlib.util.spec_from_file_location("transcript_expected", SAMPLES / "expected.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.EXPECTED


EXPECTED = _expected()
FILES = sorted(p.name for p in SAMPLES.iterdir() if p.is_file() and p.suffix != ".py")


def test_every_sample_has_its_expected_reading_and_the_corpus_covers_the_layouts():
    assert set(FILES) == set(EXPECTED)
    assert len(FILES) >= 30
    formats = {entry.get("format") for entry in EXPECTED.values()}
    assert formats >= {"text", "markdown", "docx", "vtt", "srt", "json"}


@pytest.mark.parametrize("name", FILES)
def test_sample_is_read_exactly(name):
    expected = EXPECTED[name]
    path = SAMPLES / name
    if "error" in expected:
        with pytest.raises(BikvaError) as caught:
            parse_transcript(path)
        assert caught.value.key == expected["error"]
        assert caught.value.params == {"file": name, **expected["params"]}
        return
    transcript = parse_transcript(path)
    assert transcript.format == expected["format"]
    assert [(t.speaker, t.is_interviewer, t.text, t.start_ms, t.end_ms)
            for t in transcript.turns] == expected["turns"]
    assert [(w.key, w.params) for w in transcript.warnings] == [
        (key, {"file": name, **params}) for key, params in expected.get("warnings", [])]
    for turn in transcript.turns:
        assert turn.unknown == (turn.speaker == UNKNOWN_SPEAKER)
        assert not (turn.unknown and turn.is_interviewer)


def test_the_traps_are_not_speakers():
    speakers = {name: {turn[0] for turn in entry.get("turns", [])} for name, entry in EXPECTED.items()}
    assert {"Borger A", "Borger B", "Borger C"} <= speakers["borger-abc.txt"]
    assert "Jens Peter Ole Kristian Møller Andersen Holm" in speakers["long-display-names.txt"]
    assert "Maria Louise Skov Hansen Bech" in speakers["teams-current.docx"]
    for name, never in [("bold-topic-labels.md", {"Timing", "Baggrund"}),
                        ("front-matter-notes.txt", {"Meeting Title", "Dato", "Deltagere"}),
                        ("ampm-time.txt", {"Meeting Title", "Date", "Attendees"}),
                        ("sentences-with-colon.txt", {"Hun sagde", "Sagsbehandleren", "Johan"}),
                        ("teams-current.docx", {"Karen Holm started transcription"}),
                        ("student-table.docx", {"Observationer"})]:
        assert not speakers[name] & never, name
    assert EXPECTED["table-row-numbers.docx"]["error"] == "import.table_without_speakers"


def test_a_one_off_label_named_by_the_evaluator_is_a_speaker():
    turns = parse_transcript(SAMPLES / "sentences-with-colon.txt", speakers=["johan"]).turns
    assert [(t.speaker, t.text) for t in turns[1:3]] == [
        ("Mette", "Hun ringede. Og så sagde hun: du må vente. Hun sagde: nej. "
                  "Sagsbehandleren: hun var væk. Min sagsbehandler på jobcentret: væk."),
        ("Johan", "Det er nyt for mig."),
    ]


def test_interviewer_labels_given_on_import_match_found_labels_in_any_case():
    turns = parse_transcript(SAMPLES / "zoom.vtt", interviewer_labels=["LONE BERG"]).turns
    assert [t.speaker for t in turns if t.is_interviewer] == ["Lone Berg", "Lone Berg"]
    turns = parse_transcript(SAMPLES / "whisperx.json", interviewer_labels=["speaker_00"]).turns
    assert [(t.speaker, t.is_interviewer) for t in turns][:2] == [("SPEAKER_00", True), ("SPEAKER_01", False)]
