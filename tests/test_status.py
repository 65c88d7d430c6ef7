"""`bikva status` names each round's interview groups, with their transcripts and quote counts,
in the text and in --json, and keeps the JSON keys it had."""

from __future__ import annotations

import json

from helpers import add_quote, ok
from study_files import CITIZEN_QUOTE, CITIZENS_TXT, write_study_files

THEME = "Sammenhæng i indsatsen"


def test_status_names_the_groups_with_their_transcripts_and_quotes(tmp_path):
    files = write_study_files(tmp_path / "files")
    pilot = tmp_path / "files" / "pilot.txt"
    pilot.write_text(CITIZENS_TXT.replace(CITIZEN_QUOTE, "Jeg ved aldrig, hvem jeg skal ringe til"), encoding="utf-8")
    folder = tmp_path / "evaluering"
    ok("new", folder, "--title", "Status", "--levels", "borgere,medarbejdere")
    ok("import", folder, "--level", "borgere", files["citizens"], "--group", "Borgergruppe A")
    ok("import", folder, "--level", "borgere", pilot, "--group", "Pilotgruppe")
    add_quote(folder, "borgere", CITIZEN_QUOTE, "--theme", THEME)
    ok("group", folder, "Pilotgruppe", "--level", "borgere", "--exclude", "Guiden blev ændret bagefter")

    text = ok("status", folder).splitlines()
    r1 = text.index(next(line for line in text if line.startswith("R1 ")))
    assert text[r1 + 1] == "  Borgergruppe A: borgere.txt (nr. 1, 1 citater)"
    assert text[r1 + 2] == "  Pilotgruppe (udeladt): pilot.txt (nr. 2, 0 citater)"
    assert text[r1 + 3].startswith("R2 ")  # the staff round has no group yet

    status = json.loads(ok("status", folder, "--json"))
    first = status["rounds"][0]
    assert {"level", "round", "groups", "transcripts", "statements", "advice", "carried_in", "advice_in",
            "guide_waiting_for", "round_waiting_for", "guide_ready", "done"} <= set(first)
    assert first["groups"] == 2 and first["transcripts"] == 1  # the excluded group's transcript does not count
    assert first["interview_groups"] == [
        {"name": "Borgergruppe A", "excluded": False, "transcripts": [{"id": 1, "file": "borgere.txt", "quotes": 1}]},
        {"name": "Pilotgruppe", "excluded": True, "transcripts": [{"id": 2, "file": "pilot.txt", "quotes": 0}]},
    ]
    assert status["rounds"][1]["interview_groups"] == []
