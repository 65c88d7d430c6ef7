"""Bad input is refused with one clear line, exit code 2, and no change to the database."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import refused, run_cli
from study_files import CITIZEN_QUOTE, INTERVIEWER_LINE, write_study_files


@pytest.fixture
def evaluation(tmp_path) -> Path:
    files = write_study_files(tmp_path / "files")
    folder = tmp_path / "evaluering"
    assert run_cli("new", folder, "--title", "Afvisninger").code == 0
    assert run_cli("import", folder, "--level", "citizens", files["citizens"]).code == 0
    return folder


def add(folder: Path, text: str) -> tuple:
    return ("quote", "add", folder, "--level", "citizens", "--text", text, "--theme", "Sammenhæng i indsatsen")


def test_passage_that_is_not_there_is_refused(evaluation):
    err = refused(evaluation, *add(evaluation, "Det her har ingen sagt"))
    assert "findes ikke" in err


def test_passage_found_in_two_places_is_refused(evaluation):
    err = refused(evaluation, *add(evaluation, "Det er ventetiden"))
    assert "2 steder" in err


def test_passage_only_in_an_interviewer_turn_is_refused(evaluation):
    err = refused(evaluation, *add(evaluation, INTERVIEWER_LINE))
    assert "intervieweren" in err


def test_passage_across_two_speakers_is_refused(evaluation):
    refused(evaluation, *add(evaluation, "det betød alt. Jeg er enig"))


def test_part_of_a_word_is_not_a_passage(evaluation):
    refused(evaluation, *add(evaluation, "ovholder på min egen sag"))


def test_unknown_theme_is_refused_and_names_the_themes(evaluation):
    err = refused(evaluation, "quote", "add", evaluation, "--level", "citizens", "--text", CITIZEN_QUOTE, "--theme", "Ukendt")
    assert "Samarbejdet med sagsbehandleren" in err


def test_passage_with_other_line_breaks_is_accepted(evaluation):
    wrapped = CITIZEN_QUOTE.replace(" ", "\n   ", 3)
    result = run_cli(*add(evaluation, wrapped))
    assert result.code == 0, result.err
    assert result.last_line.isdigit()


def test_same_passage_twice_is_refused(evaluation):
    assert run_cli(*add(evaluation, CITIZEN_QUOTE)).code == 0
    assert "allerede udvalgt" in refused(evaluation, *add(evaluation, CITIZEN_QUOTE))


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("tom.txt", b"", "tom"),
        ("mellemrum.txt", b"  \n\n \t\n", "tom"),
        ("binaer.txt", bytes(range(256)) * 4, "tekstfil"),
        ("ingen-talere.txt", "Bare en lang tekst uden talere.\nOg en linje mere.\n".encode(), "hvem der taler"),
        ("kun-interviewer.txt", "I: Hej.\nI: Er der nogen?\n".encode(), "intervieweren"),
        ("ikke-word.docx", b"PK\x03\x04 this is not a zip at all", "word-dokument"),
        ("tekst.docx", "I: Hej\nB1: Hej".encode(), "word-dokument"),
        ("uden-talere.vtt", b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHej med dig\n", "hvem der taler"),
        ("daarlig-tid.srt", "1\n00:00:01,000 --> banan\nAnne: Hej\n".encode(), "tidskode"),
        ("noget.pdf", b"%PDF-1.7\n", "pdf"),
    ],
)
def test_unreadable_or_empty_transcript_is_refused_and_names_the_file(evaluation, tmp_path, name, content, expected):
    bad = tmp_path / name
    bad.write_bytes(content)
    err = refused(evaluation, "import", evaluation, "--level", "frontline", bad)
    assert err.startswith(f"bikva: {name}:"), err
    assert expected.lower() in err.lower(), err


def test_same_file_twice_is_refused_unless_replaced(evaluation, tmp_path):
    files = write_study_files(tmp_path / "again")
    assert "allerede indlæst" in refused(evaluation, "import", evaluation, "--level", "citizens", files["citizens"])


def test_unknown_level_is_refused(evaluation, tmp_path):
    files = write_study_files(tmp_path / "more")
    assert "niveauet" in refused(evaluation, "import", evaluation, "--level", "borgmestre", files["frontline"]).lower()


def test_folder_without_evaluation_is_refused(tmp_path):
    assert "bikva.toml" in refused(tmp_path / "ingenting", "status", tmp_path / "ingenting")
