"""An import is never silent: it names the speakers it found and warns where the structure is
usually a misread; `--dry-run` shows exactly that and stores nothing; `--speaker` and
`--interviewer` let the evaluator correct the labels at import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bikva.i18n import t
from bikva.intake import transcripts
from bikva.intake.importers.model import UNKNOWN_SPEAKER, ImportWarning, ParsedTranscript, ParsedTurn
from helpers import add_quote, file_digest, message_pattern, ok, refused, run_cli
from study_files import CITIZEN_QUOTE, CITIZENS_TXT, write_study_files

THEME = "Sammenhæng i indsatsen"
SUMMARY_KEYS = {"speakers", "turns", "warnings", "pseudonyms"}
SPEAKER_KEYS = {"label", "turns", "words", "interviewer"}


@pytest.fixture
def evaluation(tmp_path) -> Path:
    folder = tmp_path / "evaluering"
    ok("new", folder, "--title", "Indlæsning", "--levels", "borgere,medarbejdere")
    return folder


@pytest.fixture
def files(tmp_path) -> dict[str, Path]:
    return write_study_files(tmp_path / "files")


def write(folder: Path, name: str, text: str) -> Path:
    path = folder.parent / "files" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def summary(*args: object) -> tuple[dict, str]:
    """The --json object of an import (or dry run), and what it wrote on stderr."""
    result = run_cli(*args, "--json")
    assert result.code == 0, result.err
    return json.loads(result.out), result.err


def warning_keys(found: dict) -> list[str]:
    return [w["key"].rpartition(".")[2] for w in found["warnings"]]


# --- never silent ------------------------------------------------------------------------------


def test_an_import_names_every_speaker_with_turns_words_and_the_interviewer(evaluation, files):
    out = ok("import", evaluation, "--level", "borgere", files["citizens"])
    lines = out.splitlines()
    assert lines[0].startswith("borgere.txt: 6 replikker indlæst fra 3 informanter")
    assert lines[1] == "Talere:"
    assert lines[2].split() == ["Taler", "Replikker", "Ord", "Rolle"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[3:]}
    assert rows["I"] == ["2", "18", "interviewer"]
    assert rows["B1"][0] == "2" and rows["B1"][2] == "informant"
    assert set(rows) == {"I", "B1", "B2", "B3"}


def test_a_dry_run_shows_the_same_and_stores_nothing(evaluation, files):
    before = file_digest(evaluation / "bikva.db")
    result = run_cli("import", evaluation, "--level", "borgere", files["citizens"], "--dry-run")
    assert result.code == 0, result.err
    assert "intet er gemt" in result.out and "hos borgerne" in result.out and "citizens" not in result.out
    assert "B1" in result.out and "interviewer" in result.out
    assert file_digest(evaluation / "bikva.db") == before
    assert not (evaluation / "transcripts").exists()
    dry, _ = summary("import", evaluation, "--level", "borgere", files["citizens"], "--dry-run")
    assert file_digest(evaluation / "bikva.db") == before and not (evaluation / "transcripts").exists()
    assert ok("transcript", "list", evaluation).strip() == "Der er ikke indlæst nogen udskrifter endnu."
    # the real import reports exactly what the dry run said it would
    real, _ = summary("import", evaluation, "--level", "borgere", files["citizens"])
    assert real == dry
    assert len(list((evaluation / "transcripts").iterdir())) == 1


def test_a_dry_run_is_still_refused_where_the_import_would_be(evaluation, files):
    ok("import", evaluation, "--level", "borgere", files["citizens"])
    refused(evaluation, "import", evaluation, "--level", "borgere", files["citizens"], "--dry-run",
            key="transcript.already_imported")


def test_json_has_exactly_the_documented_keys(evaluation, files):
    found, _ = summary("import", evaluation, "--level", "borgere", files["citizens"], "--dry-run")
    assert set(found) == SUMMARY_KEYS
    assert found["pseudonyms"] == {}  # B1, B2, B3 and I are codes
    assert found["turns"] == 6 == sum(s["turns"] for s in found["speakers"])
    assert all(set(s) == SPEAKER_KEYS for s in found["speakers"])
    assert [s["label"] for s in found["speakers"] if s["interviewer"]] == ["I"]
    one = write(evaluation, "monolog.txt", "B1: Jeg har ventet længe på svar fra kommunen.\n")
    found, _ = summary("import", evaluation, "--level", "borgere", one, "--dry-run")
    assert found["warnings"] and all(set(w) == {"key", "message"} for w in found["warnings"])


# --- the warnings ------------------------------------------------------------------------------

MANY_TURNS = "".join(f"I: Spørgsmål nummer {n}?\nB1: Svar nummer {n} fra den første.\nB2: Og svar {n} her.\n"
                     for n in range(1, 5))
LONG = " ".join(["Jeg har ventet og ventet på et svar, og ingen har ringet tilbage."] * 12)


@pytest.mark.parametrize("name, text, extra, key", [
    ("monolog.txt", f"B1: {LONG}\n", [], "one_speaker"),
    ("lang.txt", f"I: Fortæl.\nB1: {LONG}\n", [], "dominant"),
    ("engang.txt", MANY_TURNS + "B7: Kun her.\n", [], "single_use"),
    ("uden.txt", "Anna: Hvordan gik det?\nBo: Det gik fint.\nAnna: Godt.\nBo: Ja.\n", [], "no_interviewer"),
    ("mette.txt", CITIZENS_TXT, ["--interviewer", "Mette"], "interviewer_not_found"),
], ids=lambda v: v if isinstance(v, str) and v.endswith(".txt") else None)
def test_each_misread_structure_is_warned_on_stderr_and_the_import_still_succeeds(evaluation, name, text, extra, key):
    path = write(evaluation, name, text)
    found, err = summary("import", evaluation, "--level", "borgere", path, *extra)
    assert key in warning_keys(found), found["warnings"]
    message = next(w["message"] for w in found["warnings"] if w["key"].endswith(key))
    assert f"bikva: Bemærk: {message}" in err.splitlines()
    assert message_pattern("da", f"transcripts.warning.{key}").fullmatch(message)
    assert json.loads(ok("transcript", "list", evaluation, "--json"))[0]["file"] == name


def test_a_label_that_reads_like_a_heading_is_warned(evaluation):
    vtt = ("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Interviewer>Hvordan var det?</v>\n\n"
           "00:00:03.000 --> 00:00:06.000\n<v B1>Det var svært i starten.</v>\n\n"
           "00:00:06.000 --> 00:00:09.000\n<v Tema 2 kl. 10.30>Nu taler vi om ventetid.</v>\n")
    found, err = summary("import", evaluation, "--level", "borgere", write(evaluation, "overskrift.vtt", vtt))
    assert "header_like" in warning_keys(found) and "Tema 2 kl. 10.30" in err


def test_a_well_formed_transcript_gets_no_warning(evaluation, files):
    found, err = summary("import", evaluation, "--level", "borgere", files["citizens"])
    assert found["warnings"] == [] and err == ""


def test_a_label_the_evaluator_names_is_accepted_even_if_used_once(evaluation):
    path = write(evaluation, "engang.txt", MANY_TURNS + "B7: Kun her.\n")
    found, _ = summary("import", evaluation, "--level", "borgere", path, "--speaker", "B7", "--dry-run")
    assert "single_use" not in warning_keys(found)
    assert "B7" in [s["label"] for s in found["speakers"]]


def test_importing_a_file_of_a_quoted_name_into_another_group_warns(evaluation, files):
    ok("import", evaluation, "--level", "borgere", files["citizens"], "--group", "A")
    add_quote(evaluation, "borgere", CITIZEN_QUOTE, "--theme", THEME)
    files["citizens"].write_text(CITIZENS_TXT.replace("det er lidt forskelligt", "det er forskelligt"), "utf-8")
    found, err = summary("import", evaluation, "--level", "borgere", files["citizens"], "--group", "B")
    assert warning_keys(found) == ["same_name_quoted"]
    assert "hos borgerne i gruppen A (udskrift nr. 1, 1 citater)" in err and "citizens" not in err


def test_the_parsers_own_warnings_and_unnamed_turns_are_shown(evaluation, monkeypatch):
    def parse(path, interviewer_labels=None, speakers=None):
        return ParsedTranscript("vtt", [
            ParsedTurn("Interviewer", "Hvordan har I oplevet ventetiden?", True),
            ParsedTurn(UNKNOWN_SPEAKER, "Den var lang.", False),
            ParsedTurn("B1", "Jeg ventede i tre uger på svar.", False),
        ], [ImportWarning("transcripts.warning.header_like", {"labels": "NOTE"})])

    monkeypatch.setattr(transcripts, "parse_transcript", parse)
    path = write(evaluation, "zoom.vtt", "WEBVTT\n")
    found, err = summary("import", evaluation, "--level", "borgere", path)
    assert warning_keys(found) == ["header_like", "unknown_speaker"]
    assert "NOTE" in found["warnings"][0]["message"] and len(err.splitlines()) == 2
    assert {"label": "?", "turns": 1, "words": 3, "interviewer": False} in found["speakers"]


# --- corrections at import ---------------------------------------------------------------------

LABELLED = """Interviewer (I): Hvordan har det været?
B 1: Det har været svært at komme igennem.
B1: Og ventetiden var lang.
Interviewer (I): Tak.
"""


def test_speaker_renames_merge_labels_and_the_interviewer_is_matched_again(evaluation):
    path = write(evaluation, "rettes.txt", LABELLED)
    found, _ = summary("import", evaluation, "--level", "borgere", path,
                       "--speaker", "Interviewer (I)=I", "--speaker", "B 1=B1")
    assert found["speakers"] == [
        {"label": "I", "turns": 2, "words": 5, "interviewer": True},
        {"label": "B1", "turns": 2, "words": 11, "interviewer": False},
    ]
    participants = json.loads(ok("participant", "list", evaluation, "--json"))
    assert [p["label"] for p in participants] == ["B1"]


def test_interviewer_labels_match_case_insensitively(evaluation):
    path = write(evaluation, "mette.txt", "Mette: Velkommen.\nB1: Tak.\nMette: Hvordan gik det?\nB1: Fint.\n")
    found, _ = summary("import", evaluation, "--level", "borgere", path, "--interviewer", "mette", "--dry-run")
    assert [(s["label"], s["interviewer"]) for s in found["speakers"]] == [("I", True), ("B1", False)]
    assert found["pseudonyms"] == {"Mette": "I"}  # the interviewer's name, replaced too


@pytest.mark.parametrize("option, key", [
    ("Bx=B2", "transcripts.speaker_option.not_found"),
    ("=B2", "transcripts.speaker_option.malformed"),
    ("B1=", "transcripts.speaker_option.malformed"),
    ("B1=?", "transcripts.rename.to_unknown"),
])
def test_a_speaker_option_that_cannot_be_applied_is_refused(evaluation, files, option, key):
    refused(evaluation, "import", evaluation, "--level", "borgere", files["citizens"], "--speaker", option, key=key)
    assert not (evaluation / "transcripts").exists()


def test_messages_follow_the_evaluations_language(tmp_path, files):
    folder = tmp_path / "english"
    ok("new", folder, "--title", "English", "--lang", "en", "--levels", "citizens,frontline")
    out = ok("import", folder, "--level", "citizens", files["citizens"], "--dry-run")
    assert "nothing has been saved" in out and "of the citizens" in out
    assert t("en", "transcripts.speakers_heading") in out
