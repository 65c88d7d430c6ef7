"""Transcripts after import: their speakers renamed, merged and named (consent follows the words,
quotes keep their text and offsets), and the transcripts listed, moved and removed without
leaving a selected quote invalid."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bikva.intake import transcripts
from bikva.intake.importers.model import UNKNOWN_SPEAKER, ParsedTranscript, ParsedTurn
from helpers import add_quote, ok, refused, run_cli
from study_files import CITIZEN_ADVICE, CITIZEN_QUOTE, FRONTLINE_REACTION, write_study_files

THEME = "Sammenhæng i indsatsen"


@pytest.fixture
def files(tmp_path) -> dict[str, Path]:
    return write_study_files(tmp_path / "files")


@pytest.fixture
def study(tmp_path, files) -> Path:
    """Citizens imported (transcript 1: I, B1, B2, B3), and staff (transcript 2)."""
    folder = tmp_path / "evaluering"
    ok("new", folder, "--title", "Udskrifter", "--levels", "borgere,medarbejdere")
    ok("import", folder, "--level", "borgere", files["citizens"])
    ok("import", folder, "--level", "medarbejdere", files["frontline"])
    return folder


def speakers(folder: Path, transcript: int = 1) -> dict[str, dict]:
    found = json.loads(ok("transcript", "speakers", folder, transcript, "--json"))
    return {s["label"]: s for s in found["speakers"]}


def participants(folder: Path) -> dict[str, dict]:
    return {p["label"]: p for p in json.loads(ok("participant", "list", folder, "--json"))}


def quotes(folder: Path) -> list[dict]:
    return json.loads(ok("quote", "list", folder, "--json"))


# --- renaming and merging speakers -------------------------------------------------------------


def test_renaming_moves_the_participant_and_a_quote_keeps_its_text_and_offsets(study):
    quote = add_quote(study, "borgere", CITIZEN_QUOTE, "--theme", THEME)
    ok("participant", "add", study, "B1", "--level", "borgere", "--consent-date", "2026-03-03")
    before = quotes(study)
    out = ok("transcript", "rename-speaker", study, 1, "B1", "Borger 1")
    assert "B1 hedder nu Borger 1 i udskrift nr. 1 (2 replikker)." in out
    assert quotes(study) == before  # same text, same turn, same offsets
    assert set(speakers(study)) == {"I", "Borger 1", "B2", "B3"}
    moved = participants(study)
    assert "B1" not in moved and moved["Borger 1"]["consent"] == "given"
    # the quote is now attributed to Borger 1: withdrawing their consent takes it out
    refused(study, "participant", "withdraw", study, "B1", "--level", "borgere", key="participant.unknown")
    ok("participant", "withdraw", study, "Borger 1", "--level", "borgere")
    assert quote not in [q["id"] for q in quotes(study)]


def test_merging_moves_the_turns_and_consent_into_the_other_speaker(study):
    ok("participant", "add", study, "B3", "--level", "borgere", "--consent-date", "2026-03-03")
    out = ok("transcript", "rename-speaker", study, 1, "B3", "b2")  # any case finds B2
    assert "B3 er lagt sammen med B2" in out
    assert speakers(study)["B2"]["turns"] == 2 and "B3" not in speakers(study)
    registry = participants(study)
    assert "B3" not in registry and registry["B2"]["consent"] == "given"


def test_two_peoples_consent_records_are_never_merged(study):
    ok("participant", "add", study, "B2", "--level", "borgere", "--consent-date", "2026-03-03")
    ok("participant", "add", study, "B3", "--level", "borgere", "--consent-date", "2026-03-04")
    refused(study, "transcript", "rename-speaker", study, 1, "B3", "B2", key="transcripts.rename.two_records")
    ok("participant", "add", study, "B4", "--level", "borgere", "--real-name", "Else Andersen")
    refused(study, "transcript", "rename-speaker", study, 1, "B2", "B4", key="transcripts.rename.two_records")


def test_one_turn_can_be_given_to_another_speaker_while_the_first_keeps_their_consent(study):
    ok("participant", "add", study, "B1", "--level", "borgere", "--consent-date", "2026-03-03")
    ok("transcript", "rename-speaker", study, 1, "B1", "B2", "--turn", 6)
    assert speakers(study)["B1"]["turns"] == 1 and speakers(study)["B2"]["turns"] == 2
    assert participants(study)["B1"]["consent"] == "given" and participants(study)["B2"]["consent"] == "unknown"


def test_a_speaker_who_also_speaks_in_another_transcript_of_the_group_keeps_one_record(study, files):
    second = files["citizens"].with_name("del2.txt")
    second.write_text("I: Og så?\nB1: Så kom der endelig svar.\nB2: Ja.\n", encoding="utf-8")
    ok("import", study, "--level", "borgere", second)
    ok("participant", "add", study, "B1", "--level", "borgere", "--consent-date", "2026-03-03")
    # B1 is one person in Gruppe 1: renaming them in transcript 1 alone would leave their consent
    # (and a later withdrawal) behind with transcript 3's words
    refused(study, "transcript", "rename-speaker", study, 1, "B1", "Borger 1", key="transcripts.rename.split_record")
    ok("transcript", "rename-speaker", study, 1, "B2", "Borger 2")  # no record: a new participant
    assert {"B2", "Borger 2"} <= set(participants(study))


def test_renaming_to_the_interviewer_is_refused_while_quotes_point_into_the_turns(study):
    add_quote(study, "borgere", CITIZEN_ADVICE, "--advice")
    refused(study, "transcript", "rename-speaker", study, 1, "B1", "Interviewer",
            key="transcripts.rename.quoted_interviewer")
    out = ok("transcript", "rename-speaker", study, 1, "B3", "I")
    assert "regnes nu som interviewer" in out
    assert speakers(study)["I"] == {"label": "I", "turns": 3, "words": 26, "interviewer": True}
    assert "B3" not in participants(study)
    # and back: an interviewer turn renamed to an informant becomes a participant
    ok("transcript", "rename-speaker", study, 1, "I", "B3", "--turn", 4)
    assert speakers(study)["B3"]["interviewer"] is False and "B3" in participants(study)


@pytest.mark.parametrize("args, key", [
    ([1, "B9", "B2"], "transcripts.rename.unknown_label"),
    ([1, "B1", "  "], "transcripts.rename.empty"),
    ([1, "B1", "?"], "transcripts.rename.to_unknown"),
    ([1, "B1", "B1"], "transcripts.rename.same"),
    ([1, "B1", "B2", "--turn", 4], "transcripts.rename.not_their_turn"),
    ([1, "B1", "B1", "--turn", 2], "transcripts.rename.same"),
    ([9, "B1", "B2"], "transcripts.unknown"),
])
def test_a_rename_that_cannot_be_done_is_refused(study, args, key):
    refused(study, "transcript", "rename-speaker", study, *args, key=key)


def test_unnamed_turns_are_listed_and_become_participants_once_named(tmp_path, monkeypatch):
    def parse(path, interviewer_labels=None, speakers=None):
        return ParsedTranscript("vtt", [
            ParsedTurn("Interviewer", "Hvordan har I oplevet ventetiden?", True),
            ParsedTurn(UNKNOWN_SPEAKER, "Den var alt for lang.", False),
            ParsedTurn("B1", "Jeg ventede i tre uger på svar.", False),
            ParsedTurn(UNKNOWN_SPEAKER, "Jeg fik aldrig noget svar.", False),
        ])

    monkeypatch.setattr(transcripts, "parse_transcript", parse)
    folder = tmp_path / "evaluering"
    ok("new", folder, "--title", "Ukendte", "--levels", "borgere,medarbejdere")
    (tmp_path / "zoom.vtt").write_text("WEBVTT\n", encoding="utf-8")
    ok("import", folder, "--level", "borgere", tmp_path / "zoom.vtt")
    assert speakers(folder)["?"] == {"label": "?", "turns": 2, "words": 10, "interviewer": False}
    assert set(participants(folder)) == {"B1"}  # an unnamed speaker is nobody yet
    assert "ikke navngivet" in ok("transcript", "speakers", folder, 1)

    ok("transcript", "rename-speaker", folder, 1, "?", "B4", "--turn", 4)  # one cue, one person
    assert speakers(folder)["?"]["turns"] == 1 and speakers(folder)["B4"]["turns"] == 1
    ok("transcript", "rename-speaker", folder, 1, "?", "B1")
    assert "?" not in speakers(folder) and speakers(folder)["B1"]["turns"] == 2
    assert set(participants(folder)) == {"B1", "B4"}


def test_renames_are_in_the_audit_trail_by_id_only(study):
    ok("transcript", "rename-speaker", study, 1, "B1", "Borger 1")
    events = json.loads(ok("log", study, "--json"))
    rename = next(e for e in events if e["action"] == "speaker_rename")
    assert rename["subject"] == "transcript 1"
    assert "B1" not in json.dumps(rename) and "Borger" not in json.dumps(rename)


# --- transcripts as things to manage -----------------------------------------------------------


def test_transcript_list_shows_each_transcript(study):
    add_quote(study, "borgere", CITIZEN_QUOTE, "--theme", THEME)
    rows = json.loads(ok("transcript", "list", study, "--json"))
    assert [(r["id"], r["level"], r["group"], r["file"], r["format"], r["turns"], r["quotes"]) for r in rows] == [
        (1, "citizens", "Gruppe 1", "borgere.txt", "text", 6, 1),
        (2, "frontline", "Gruppe 1", "sagsbehandlere.docx", "docx", 5, 0),
    ]
    assert rows[0]["speakers"] == ["I", "B1", "B2", "B3"] and rows[0]["imported_at"]
    assert [r["id"] for r in json.loads(ok("transcript", "list", study, "--level", "medarbejdere", "--json"))] == [2]
    text = ok("transcript", "list", study).splitlines()
    assert text[0].split()[:4] == ["Nr.", "Runde", "Gruppe", "Fil"]
    assert text[1].split()[:3] == ["1", "R1", "Gruppe"] and "borgere.txt" in text[1]


def test_moving_to_another_group_of_the_level_keeps_the_quotes(study):
    quote = add_quote(study, "borgere", CITIZEN_QUOTE, "--theme", THEME)
    ok("participant", "add", study, "B1", "--level", "borgere", "--consent-date", "2026-03-03")
    before = quotes(study)
    out = ok("transcript", "move", study, 1, "--level", "borgere", "--group", "Pilotgruppe")
    assert "Udskrift nr. 1 er flyttet til gruppen Pilotgruppe i R1 (borgerne)." in out
    assert quotes(study) == before and before[0]["id"] == quote
    assert json.loads(ok("transcript", "list", study, "--json"))[0]["group"] == "Pilotgruppe"
    registry = participants(study)
    assert registry["B1"]["group"] == "Pilotgruppe" and registry["B1"]["consent"] == "given"
    groups = json.loads(ok("status", study, "--json"))["rounds"][0]["interview_groups"]
    assert [g["name"] for g in groups] == ["Pilotgruppe"]  # the emptied default group is gone


def test_moving_a_quoted_transcript_to_another_level_is_refused(study):
    add_quote(study, "borgere", CITIZEN_QUOTE, "--theme", THEME)
    line = refused(study, "transcript", "move", study, 1, "--level", "medarbejdere",
                   key="transcripts.move.has_quotes")
    assert "medarbejdere" in line and "frontline" not in line
    refused(study, "transcript", "move", study, 1, "--level", "borgere", key="transcripts.move.nowhere")


def test_a_transcript_without_quotes_moves_to_another_level(study):
    ok("transcript", "move", study, 2, "--level", "borgere", "--group", "Sagsbehandlere")
    rows = json.loads(ok("transcript", "list", study, "--json"))
    assert [(r["id"], r["level"], r["group"]) for r in rows] == [(1, "citizens", "Gruppe 1"), (2, "citizens", "Sagsbehandlere")]
    assert participants(study)["SB1"]["round"] == 1


def test_removing_is_refused_while_quotes_point_into_it_then_done_with_them(study):
    add_quote(study, "borgere", CITIZEN_QUOTE, "--theme", THEME)
    refused(study, "transcript", "remove", study, 1, key="transcripts.remove.has_quotes")
    out = ok("transcript", "remove", study, 1, "--with-quotes")
    assert "Udskrift nr. 1 er fjernet med 6 replikker og 1 citater." in out
    assert quotes(study) == []
    assert [r["id"] for r in json.loads(ok("transcript", "list", study, "--json"))] == [2]
    assert "B1" not in participants(study)
    events = [e["action"] for e in json.loads(ok("log", study, "--json"))]
    assert events[-1] == "transcript_remove"


def test_removing_with_quotes_is_refused_while_a_later_level_reacts_to_them(study):
    citizen = add_quote(study, "borgere", CITIZEN_QUOTE, "--theme", THEME)
    add_quote(study, "medarbejdere", FRONTLINE_REACTION, "--theme", THEME, "--responds-to", citizen)
    refused(study, "transcript", "remove", study, 1, "--with-quotes", key="transcripts.remove.has_reactions")
    # the reacting level's own transcript can go with its quotes
    ok("transcript", "remove", study, 2, "--with-quotes")
    assert [q["id"] for q in quotes(study)] == [citizen]


def test_a_removed_transcript_can_be_imported_again(study, files):
    ok("transcript", "remove", study, 1)
    assert run_cli("import", study, "--level", "borgere", files["citizens"]).code == 0
