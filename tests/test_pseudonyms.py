"""Speaker labels that are real names (Teams and Zoom display names) are stored as pseudonyms:
the import says which became which, the name is kept only in the identity table, and the guard
finds it in quotes. Codes are never replaced; --keep-labels and --speaker let the evaluator decide."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from bikva.intake.pseudonyms import looks_like_name
from helpers import add_quote, file_digest, ok, refused, run_cli

THEME = "Sammenhæng i indsatsen"
MENTIONS_HANNE = "Hanne hjalp mig med at ringe til kommunen"
TEAMS_VTT = f"""WEBVTT

00:00:01.000 --> 00:00:04.000
<v Louise Mikkelsen>Velkommen. Hvordan har I oplevet hjælpen fra jobcentret?</v>

00:00:04.000 --> 00:00:08.000
<v Hanne Jensen>Det har været svært at komme igennem i telefonen.</v>

00:00:08.000 --> 00:00:12.000
<v Far&#237;as, Maria>{MENTIONS_HANNE}, da jeg ikke selv kunne.</v>

00:00:12.000 --> 00:00:15.000
<v Louise Mikkelsen>Hvad var det sværeste?</v>

00:00:15.000 --> 00:00:19.000
<v Hanne Jensen>Ventetiden, helt klart.</v>
"""
NAMES = ("Hanne Jensen", "Farías", "Louise Mikkelsen", "Mikkelsen")


@pytest.fixture
def evaluation(tmp_path) -> Path:
    folder = tmp_path / "evaluering"
    ok("new", folder, "--title", "Indlæsning", "--levels", "borgere,medarbejdere")
    return folder


@pytest.fixture
def teams(tmp_path) -> Path:
    path = tmp_path / "files" / "teams.vtt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(TEAMS_VTT, encoding="utf-8")
    return path


def write(folder: Path, name: str, text: str) -> Path:
    path = folder.parent / "files" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def import_json(*args: object) -> dict:
    result = run_cli("import", *args, "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def rows_holding(database: Path, text: str) -> set[str]:
    """Every table of the database with a row whose text holds `text`."""
    with sqlite3.connect(database) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        found = set()
        for table in tables:
            columns = [row[1] for row in db.execute(f'PRAGMA table_info("{table}")')]
            for column in columns:
                hit = db.execute(f'SELECT 1 FROM "{table}" WHERE CAST("{column}" AS TEXT) LIKE ?',
                                 (f"%{text}%",)).fetchone()
                if hit:
                    found.add(table)
    return found


def identities(database: Path) -> dict[str, str]:
    with sqlite3.connect(database) as db:
        return dict(db.execute(
            "SELECT p.label, i.real_name FROM participant_identity i JOIN participant p ON p.id = i.participant_id"))


# --- at import -----------------------------------------------------------------------------------


def test_display_names_are_stored_as_pseudonyms_and_the_import_says_which(evaluation, teams):
    out = ok("import", evaluation, "--level", "borgere", teams, "--interviewer", "Louise Mikkelsen")
    lines = out.splitlines()
    assert "  Hanne Jensen → B1" in lines and "  Farías, Maria → B2" in lines
    assert "  Louise Mikkelsen → I (interviewer; navnet gemmes ikke)" in lines
    assert "Er betegnelserne koder og ikke navne, så indlæs filen igen med --replace --keep-labels." in lines
    rows = json.loads(ok("transcript", "list", evaluation, "--json"))
    assert rows[0]["speakers"] == ["I", "B1", "B2"]
    participants = json.loads(ok("participant", "list", evaluation, "--json"))
    assert [p["label"] for p in participants] == ["B1", "B2"]


def test_the_real_name_is_in_the_identity_table_and_nowhere_else_in_the_database(evaluation, teams):
    ok("import", evaluation, "--level", "borgere", teams, "--interviewer", "Louise Mikkelsen")
    database = evaluation / "bikva.db"
    assert b"Hanne Jensen" in database.read_bytes()  # it is kept: in the identity table
    assert rows_holding(database, "Hanne Jensen") == {"participant_identity"}
    assert rows_holding(database, "Farías") == {"participant_identity"}
    # the interviewer is no participant: their name is kept nowhere
    assert rows_holding(database, "Mikkelsen") == set() and b"Mikkelsen" not in database.read_bytes()
    assert identities(database) == {"B1": "Hanne Jensen", "B2": "Farías, Maria"}
    log = ok("log", evaluation)
    assert not any(name in log for name in NAMES)


def test_a_quote_that_names_the_participant_is_caught_by_the_guard(evaluation, teams):
    ok("import", evaluation, "--level", "borgere", teams, "--interviewer", "Louise Mikkelsen")
    quote = add_quote(evaluation, "borgere", MENTIONS_HANNE, "--theme", THEME)
    hits = json.loads(run_cli("check", evaluation, "--json").out)
    assert (quote, "name", "Hanne") in {(h.get("quote"), h["kind"], h["text"]) for h in hits}
    line = refused(evaluation, "guide", evaluation, "--level", "medarbejdere", key="guard.blocked")
    assert "Hanne" in line


def test_a_dry_run_shows_the_planned_pseudonyms_and_stores_nothing(evaluation, teams):
    before = file_digest(evaluation / "bikva.db")
    found = import_json(evaluation, "--level", "borgere", teams, "--dry-run")
    assert found["pseudonyms"] == {"Louise Mikkelsen": "B1", "Hanne Jensen": "B2", "Farías, Maria": "B3"}
    assert [s["label"] for s in found["speakers"]] == ["B1", "B2", "B3"]
    out = ok("import", evaluation, "--level", "borgere", teams, "--dry-run")
    assert "ville blive skiftet ud med koder" in out and "  Hanne Jensen → B2" in out
    assert file_digest(evaluation / "bikva.db") == before


def test_keep_labels_keeps_the_labels_and_keeps_no_name(evaluation, tmp_path):
    path = write(evaluation, "koder.txt", "I: Hvordan gik det?\nNord: Det gik fint.\nI: Og så?\nNord: Ja.\n")
    assert import_json(evaluation, "--level", "borgere", path, "--dry-run")["pseudonyms"] == {"Nord": "B1"}
    found = import_json(evaluation, "--level", "borgere", path, "--keep-labels")
    assert found["pseudonyms"] == {} and [s["label"] for s in found["speakers"]] == ["I", "Nord"]
    assert identities(evaluation / "bikva.db") == {}


CODES = ["B1", "SB2", "Deltager 3", "Borger A", "SPEAKER_00", "S01", "Speaker 1", "Interviewer", "I",
         "Unknown Speaker", "?", "IP2", "INT", "Sagsbehandler Nord", "Borgeren", "Teamleder", "Kvinde 2",
         "Tema 2 kl. 10.30", "Interviewer (VIA)", "mette"]
NAMES_LIKE = ["Karen Holm", "Hanne", "Farías, Maria", "Karen Holm (Holmstrup Kommune)", "Holm, Karen", "KAREN HOLM",
              "Sagsbehandler Mette", "Borger Kjærgaard", "Mette (sagsbehandler)", "María del Carmen",
              "kaho@holmstrup.dk", "+45 12 34 56 78"]


@pytest.mark.parametrize("label", CODES)
def test_codes_and_roles_are_never_taken_for_names(label):
    assert not looks_like_name(label)


@pytest.mark.parametrize("label", NAMES_LIKE)
def test_display_names_are_taken_for_names(label):
    assert looks_like_name(label)


def test_a_transcript_labelled_with_codes_is_stored_as_it_is(evaluation):
    text = ("Interviewer: Velkommen.\nB1: Tak.\nSB2: Ja.\nDeltager 3: Hej.\nBorger A: Godt.\nSPEAKER_00: Nej.\n"
            "S01: Måske.\nSpeaker 1: Ja.\nInterviewer: Tak for i dag.\n")
    found = import_json(evaluation, "--level", "borgere", write(evaluation, "koder.txt", text))
    assert found["pseudonyms"] == {}
    assert [s["label"] for s in found["speakers"]] == [
        "Interviewer", "B1", "SB2", "Deltager 3", "Borger A", "SPEAKER_00", "S01", "Speaker 1"]


def test_the_evaluators_speaker_option_wins_and_the_name_is_still_kept(evaluation, teams):
    found = import_json(evaluation, "--level", "borgere", teams, "--interviewer", "Louise Mikkelsen",
                        "--speaker", "Hanne Jensen=B1")
    assert found["pseudonyms"] == {"Hanne Jensen": "B1", "Farías, Maria": "B2", "Louise Mikkelsen": "I"}
    found = import_json(evaluation, "--level", "borgere", teams, "--interviewer", "Louise Mikkelsen",
                        "--speaker", "Hanne Jensen=Hanne", "--replace")
    assert [s["label"] for s in found["speakers"]] == ["I", "Hanne", "B2"]  # the evaluator's choice stands
    assert identities(evaluation / "bikva.db") == {"B2": "Farías, Maria"}


def test_pseudonyms_are_unique_in_the_group_and_one_name_stays_one_participant(evaluation, teams):
    first = write(evaluation, "første.txt", "I: Velkommen.\nB1: Tak.\nB2: Hej.\nHanne Jensen: Godt.\nB1: Ja.\nHanne Jensen: Nej.\n")
    assert import_json(evaluation, "--level", "borgere", first)["pseudonyms"] == {"Hanne Jensen": "B3"}
    # the second meeting of the group: Hanne is B3 again, the new name gets the next free code
    found = import_json(evaluation, "--level", "borgere", teams, "--interviewer", "Louise Mikkelsen")
    assert found["pseudonyms"] == {"Louise Mikkelsen": "I", "Hanne Jensen": "B3", "Farías, Maria": "B4"}
    participants = json.loads(ok("participant", "list", evaluation, "--json"))
    assert [p["label"] for p in participants] == ["B1", "B2", "B3", "B4"]
    # another group is another interview: its codes start again at 1
    other = write(evaluation, "anden.txt", "I: Velkommen.\nHanne Jensen: Hej.\nI: Og så?\nHanne Jensen: Nej.\n")
    found = import_json(evaluation, "--level", "borgere", other, "--group", "Anden gruppe")
    assert found["pseudonyms"] == {"Hanne Jensen": "B1"}


def test_a_name_the_registry_already_knows_gets_its_label(evaluation, teams):
    ok("participant", "add", evaluation, "B7", "--level", "borgere", "--real-name", "Hanne Jensen")
    found = import_json(evaluation, "--level", "borgere", teams, "--interviewer", "Louise Mikkelsen")
    assert found["pseudonyms"]["Hanne Jensen"] == "B7"
    clash = write(evaluation, "begge.txt", "I: Velkommen.\nB7: Tak.\nHanne Jensen: Hej.\nB7: Ja.\nHanne Jensen: Nej.\n")
    refused(evaluation, "import", evaluation, "--level", "borgere", clash, key="transcripts.pseudonyms.clash")


def test_english_pseudonyms_follow_the_english_level_letters(tmp_path, teams):
    folder = tmp_path / "english"
    ok("new", folder, "--title", "English", "--lang", "en", "--levels", "citizens,frontline")
    found = import_json(folder, "--level", "citizens", teams, "--interviewer", "Louise Mikkelsen")
    assert found["pseudonyms"] == {"Louise Mikkelsen": "I", "Hanne Jensen": "C1", "Farías, Maria": "C2"}


def test_the_same_file_again_with_keep_labels_replaces_the_pseudonyms_and_drops_the_names(evaluation, teams):
    ok("import", evaluation, "--level", "borgere", teams, "--interviewer", "Louise Mikkelsen")
    found = import_json(evaluation, "--level", "borgere", teams, "--interviewer", "Louise Mikkelsen",
                        "--replace", "--keep-labels")
    assert [s["label"] for s in found["speakers"]] == ["Louise Mikkelsen", "Hanne Jensen", "Farías, Maria"]
    participants = json.loads(ok("participant", "list", evaluation, "--json"))
    assert [p["label"] for p in participants] == ["Hanne Jensen", "Farías, Maria"]
    assert identities(evaluation / "bikva.db") == {}  # B1 and B2 said nothing any more: gone with their names
