"""Selecting as someone copying from Word: typographic variants still find the passage, a near
miss shows the closest passage, themes are added as they emerge, a quote others build on is
removed only when asked, and nothing is quoted from a speaker not yet named."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from bikva.intake.importers.model import UNKNOWN_SPEAKER
from helpers import add_quote, ok, refused, run_cli
from study_files import CITIZEN_QUOTE, FRONTLINE_REACTION, LEADER_REACTION, write_study_files

THEME = "Sammenhæng i indsatsen"
# Stored with straight quotes, hyphen-minus, three dots and plain spaces, as many transcripts are.
TYPED_TURN = "Hun sagde \"det ordner vi\" - og så skete der ikke mere... Jobcentret var 'lukket' i 100 dage."
STRAIGHT = TYPED_TURN[: TYPED_TURN.index(" dage") + 5]
# The same passage as Word gives it back: curly quotes, an en dash, an ellipsis, a soft hyphen
# and a non-breaking space.
FROM_WORD = "Hun sagde “det ordner vi” – og så skete der ikke mere… Job\u00adcentret var ‘lukket’ i 100\u00a0dage"


@pytest.fixture
def evaluation(tmp_path) -> Path:
    files = write_study_files(tmp_path / "files")
    typed = tmp_path / "files" / "borgere-2.txt"
    typed.write_text(f"I: Hvordan gik det så?\n\nB4: {TYPED_TURN}\n", encoding="utf-8")
    folder = tmp_path / "evaluering"
    ok("new", folder, "--title", "Udvælgelse")
    ok("import", folder, "--level", "citizens", files["citizens"])
    ok("import", folder, "--level", "citizens", typed, "--group", "Borgergruppe B")
    ok("import", folder, "--level", "frontline", files["frontline"])
    ok("import", folder, "--level", "leaders", files["leaders"])
    return folder


def db(folder: Path) -> sqlite3.Connection:
    return sqlite3.connect(folder / "bikva.db")


def stored(folder: Path, quote_id: int) -> tuple[str, int, int, str]:
    """The quote's turn text, offsets and kept text, as the database holds them."""
    with db(folder) as con:
        return con.execute(
            "SELECT turn.text, quote.start, quote.\"end\", quote.text FROM quote JOIN turn ON turn.id = quote.turn_id"
            " WHERE quote.id = ?", (quote_id,)).fetchone()


def add(folder: Path, level: str, text: str, *extra: object) -> tuple:
    return ("quote", "add", folder, "--level", level, "--text", text, *extra)


# --- typographic variants ---------------------------------------------------------------------


def test_a_passage_copied_from_word_finds_the_straight_quoted_turn_at_its_exact_offsets(evaluation):
    quote_id = add_quote(evaluation, "citizens", FROM_WORD, "--theme", THEME)
    turn_text, start, end, text = stored(evaluation, quote_id)
    assert turn_text == TYPED_TURN
    assert (start, end) == (0, len(STRAIGHT))
    assert text == STRAIGHT == turn_text[start:end]


@pytest.mark.parametrize("typed, kept", [
    ("sagde „det ordner vi“", 'sagde "det ordner vi"'),
    ("sagde «det ordner vi»", 'sagde "det ordner vi"'),
    ("sagde »det ordner vi«", 'sagde "det ordner vi"'),
    ("vi” — og så", 'vi" - og så'),
    ("ikke mere…", "ikke mere..."),
    ("var ’lukket’", "var 'lukket'"),
    ("var ´lukket´", "var 'lukket'"),
    ("100\u202fdage", "100 dage"),
])
def test_each_variant_on_its_own(evaluation, typed, kept):
    quote_id = add_quote(evaluation, "citizens", typed, "--theme", THEME)
    turn_text, start, end, text = stored(evaluation, quote_id)
    assert text == kept == turn_text[start:end]
    assert start == TYPED_TURN.index(kept)


def test_a_stored_turn_with_curly_quotes_is_found_by_a_straight_passage(evaluation, tmp_path):
    curly = tmp_path / "curly.txt"
    curly.write_text("I: Og så?\n\nB5: Vi fik at vide, at “det tager tid” – hver gang…\n", encoding="utf-8")
    ok("import", evaluation, "--level", "citizens", curly, "--group", "Borgergruppe C")
    quote_id = add_quote(evaluation, "citizens", 'at "det tager tid" - hver gang...', "--theme", THEME)
    turn_text, start, end, text = stored(evaluation, quote_id)
    assert text == "at “det tager tid” – hver gang…" == turn_text[start:end]


def test_variants_still_match_only_whole_words(evaluation):
    refused(evaluation, *add(evaluation, "citizens", "un sagde “det ordner vi”", "--theme", THEME),
            key="quote.not_found")


# --- a near miss ------------------------------------------------------------------------------


def test_a_missing_comma_shows_the_closest_passage_and_where_it_is(evaluation):
    without_comma = CITIZEN_QUOTE.replace(",", "")
    line = refused(evaluation, *add(evaluation, "citizens", without_comma, "--theme", THEME), key="quote.not_found")
    assert f"»{CITIZEN_QUOTE}«" in line
    assert "(borgere.txt #2)" in line
    assert "fra borgerne." in line and "citizens" not in line


def test_a_typo_shows_the_closest_passage(evaluation):
    typo = CITIZEN_QUOTE.replace("tovholder", "tovholdr")
    line = refused(evaluation, *add(evaluation, "citizens", typo, "--theme", THEME), key="quote.not_found")
    assert "tovholder på min egen sag" in line and "borgere.txt #2" in line


def test_a_long_closest_passage_is_shortened_around_the_difference(evaluation, tmp_path):
    long_turn = ("Vi har talt om det mange gange i gruppen og med lederne, og vi er nået frem til, at det ikke "
                 "nytter at skrive flere planer, når ingen har tid til at følge dem op bagefter, "
                 "og det ved alle godt inderst inde.")
    path = tmp_path / "lang.txt"
    path.write_text(f"I: Fortæl.\n\nSB9: {long_turn}\n", encoding="utf-8")
    ok("import", evaluation, "--level", "frontline", path, "--group", "Gruppe lang")
    typo = long_turn.replace("følge dem op", "følge den op").rstrip(".")
    line = refused(evaluation, *add(evaluation, "frontline", typo, "--theme", THEME), key="quote.not_found")
    assert "følge dem op" in line and "lang.txt #2" in line
    assert "…" in line and "Vi har talt om det" not in line  # shortened, around the difference
    assert "fra medarbejderne." in line


def test_a_passage_nothing_like_anything_asks_to_check_the_wording(evaluation):
    line = refused(evaluation, *add(evaluation, "citizens", "Kaffen var kold hele vinteren", "--theme", THEME),
                   key="quote.not_found")
    assert "»" not in line and "Kontrollér ordlyden" in line


# --- themes -----------------------------------------------------------------------------------


def test_theme_add_writes_bikva_toml_keeping_its_comments_and_a_quote_can_use_it(evaluation):
    config = evaluation / "bikva.toml"
    before = config.read_text(encoding="utf-8")
    out = ok("theme", "add", evaluation, "Ventetid", "--parent", "sammenhæng i indsatsen",
             "--description", "At vente på svar.", "--question", "Hvor længe venter I?", "--question", "På hvad?")
    assert "Ventetid" in out
    after = config.read_text(encoding="utf-8")
    assert after.startswith(before)  # every comment and line of the evaluator's file kept
    added = after[len(before):]
    assert 'name = "Ventetid"' in added and f'parent = "{THEME}"' in added
    assert "Hvor længe venter I?" in added and "På hvad?" in added
    import tomllib
    themes = tomllib.loads(after)["themes"]
    assert themes[-1] == {"name": "Ventetid", "parent": THEME, "description": "At vente på svar.",
                          "questions": ["Hvor længe venter I?", "På hvad?"]}
    quote_id = add_quote(evaluation, "citizens", "Det er ventetiden, der slider", "--theme", "ventetid")
    row = next(r for r in json.loads(ok("quote", "list", evaluation, "--json")) if r["id"] == quote_id)
    assert row["theme"] == "Ventetid"
    lines = ok("theme", "list", evaluation).splitlines()
    parent = next(i for i, line in enumerate(lines) if line.startswith(THEME))
    assert re.fullmatch(r"  Ventetid +1  At vente på svar\.", lines[parent + 1])  # under its parent, one quote


def test_a_theme_edited_by_hand_and_one_added_by_command_agree(evaluation):
    config = evaluation / "bikva.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\n# tilføjet i hånden\n[[themes]]\nname = "Tillid"\n',
                      encoding="utf-8")
    ok("theme", "add", evaluation, "Tillid til systemet", "--parent", "tillid")
    assert "# tilføjet i hånden" in config.read_text(encoding="utf-8")
    lines = ok("theme", "list", evaluation).splitlines()
    assert re.match(r"Tillid +0$", lines[-2]) and re.fullmatch(r"  Tillid til systemet +0", lines[-1])
    add_quote(evaluation, "citizens", "Det er ventetiden, der slider", "--theme", "TILLID TIL SYSTEMET")
    # a hand edit after the command is read back by the next command
    config.write_text(config.read_text(encoding="utf-8").replace('name = "Tillid"', 'name = "Tillid"\n'
                      'description = "Rettet i hånden."'), encoding="utf-8")
    assert "Rettet i hånden." in ok("theme", "list", evaluation)


def test_theme_add_to_a_codebook_without_themes(evaluation):
    config = evaluation / "bikva.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text[: text.index("[[themes]]")], encoding="utf-8")  # an open first round
    ok("theme", "add", evaluation, "Det gode")
    import tomllib
    assert [t["name"] for t in tomllib.loads(config.read_text(encoding="utf-8"))["themes"]] == ["Det gode"]
    add_quote(evaluation, "citizens", CITIZEN_QUOTE, "--theme", "det gode")


def test_theme_add_refuses_a_duplicate_in_any_case_and_an_unknown_parent(evaluation):
    config = evaluation / "bikva.toml"
    before = config.read_bytes()
    refused(evaluation, "theme", "add", evaluation, "sammenhæng  i INDSATSEN", key="theme.duplicate")
    line = refused(evaluation, "theme", "add", evaluation, "Ny", "--parent", "Samarbejdet med sagsbehandlern",
                   key="theme.parent_closest")
    assert "»Samarbejdet med sagsbehandleren«" in line
    refused(evaluation, "theme", "add", evaluation, "Ny", "--parent", "Intet som helst", key="theme.parent_unknown")
    refused(evaluation, "theme", "add", evaluation, "   ", key="theme.empty")
    assert config.read_bytes() == before


def test_an_unknown_theme_names_the_closest(evaluation):
    line = refused(evaluation, *add(evaluation, "citizens", CITIZEN_QUOTE, "--theme", "Samenhæng i indsatsen"),
                   key="quote.theme_closest")
    assert f"»{THEME}«" in line
    refused(evaluation, *add(evaluation, "citizens", CITIZEN_QUOTE, "--theme", "Ukendt"), key="quote.theme_unknown")


def test_theme_matches_regardless_of_case_and_spacing(evaluation):
    add_quote(evaluation, "citizens", CITIZEN_QUOTE, "--theme", "  SAMMENHÆNG   i indsatsen ")


# --- removing quotes --------------------------------------------------------------------------


def consistent(folder: Path) -> None:
    with db(folder) as con:
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_removing_a_carried_quote_removes_its_carries(evaluation):
    quote_id = add_quote(evaluation, "citizens", CITIZEN_QUOTE, "--theme", THEME)
    with db(evaluation) as con:
        assert con.execute("SELECT count(*) FROM quote_carry WHERE quote_id = ?", (quote_id,)).fetchone()[0] == 3
    result = run_cli("quote", "remove", evaluation, quote_id)
    assert result.code == 0 and result.err == "", result.err
    with db(evaluation) as con:
        assert con.execute("SELECT count(*) FROM quote_carry WHERE quote_id = ?", (quote_id,)).fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM quote WHERE id = ?", (quote_id,)).fetchone()[0] == 0
    consistent(evaluation)
    assert add_quote(evaluation, "citizens", CITIZEN_QUOTE, "--theme", THEME) > quote_id  # can be selected again


def test_a_quote_with_reactions_is_removed_only_with_unlink_reactions(evaluation):
    citizen = add_quote(evaluation, "citizens", CITIZEN_QUOTE, "--theme", THEME)
    frontline = add_quote(evaluation, "frontline", FRONTLINE_REACTION, "--theme", THEME, "--responds-to", citizen)
    leader = add_quote(evaluation, "leaders", LEADER_REACTION, "--theme", THEME, "--responds-to", citizen)
    line = refused(evaluation, "quote", "remove", evaluation, citizen, key="quote.has_reactions")
    assert f"{frontline}, {leader}" in line and "--unlink-reactions" in line
    ok("quote", "remove", evaluation, citizen, "--unlink-reactions")
    rows = {r["id"]: r for r in json.loads(ok("quote", "list", evaluation, "--json"))}
    assert citizen not in rows
    assert rows[frontline]["responds_to"] is None and rows[leader]["responds_to"] is None
    assert rows[frontline]["carried_to"] == ["leaders", "politicians"]  # the reactions keep travelling
    consistent(evaluation)


@pytest.mark.parametrize("args", [
    ("quote", "remove", "{folder}", "99999999999999999999999"),
    ("quote", "remove", "{folder}", "0"),
    ("quote", "remove", "{folder}", "99999999999999999999999", "--unlink-reactions"),
])
def test_a_huge_quote_number_is_refused_in_one_line(evaluation, args):
    refused(evaluation, *[str(evaluation) if a == "{folder}" else a for a in args], key="quote.unknown")


def test_a_huge_responds_to_is_refused_in_one_line(evaluation):
    refused(evaluation, *add(evaluation, "frontline", FRONTLINE_REACTION, "--theme", THEME,
                             "--responds-to", "99999999999999999999999"), key="quote.responds_to_unknown")
    refused(evaluation, *add(evaluation, "frontline", FRONTLINE_REACTION, "--theme", THEME,
                             "--responds-to", "-99999999999999999999999"), key="quote.responds_to_unknown")


# --- unknown speakers ------------------------------------------------------------------------

MEETING = ("I: Hvad synes I om ventetiden?\n\nB1: Den er alt for lang, synes jeg.\n\n"
           "B2: Vi venter altid på et svar fra kommunen.\n\nI: Og ellers?\n\nB1: Vi venter altid.\n")


def import_with_unnamed_turn(folder: Path, tmp_path: Path) -> None:
    """The meeting at the leaders' level, its B2 turn (#3) stored as the importers store a turn
    whose speaker the file does not name (a caption without a name)."""
    path = tmp_path / "moede.txt"
    path.write_text(MEETING, encoding="utf-8")
    ok("import", folder, "--level", "leaders", path, "--group", "Ledermøde")
    with db(folder) as con:
        changed = con.execute("UPDATE turn SET speaker = ? WHERE position = 3 AND text LIKE 'Vi venter altid på%'",
                              (UNKNOWN_SPEAKER,))
        assert changed.rowcount == 1


def test_a_passage_from_a_speaker_not_yet_named_is_refused(evaluation, tmp_path):
    import_with_unnamed_turn(evaluation, tmp_path)
    line = refused(evaluation, *add(evaluation, "leaders", "Vi venter altid på et svar", "--theme", THEME),
                   key="quote.unknown_speaker")
    assert "moede.txt #3" in line and line.endswith('rename-speaker MAPPE 5 "?" BETEGNELSE --turn 3')
    add_quote(evaluation, "leaders", "Den er alt for lang", "--theme", THEME)  # a named speaker: fine


def test_a_passage_in_a_named_and_an_unnamed_turn_is_two_places(evaluation, tmp_path):
    import_with_unnamed_turn(evaluation, tmp_path)
    refused(evaluation, *add(evaluation, "leaders", "Vi venter altid", "--theme", THEME), key="quote.ambiguous")


# --- levels named in the evaluation's words ---------------------------------------------------


def test_messages_name_levels_as_the_evaluation_speaks_of_them(evaluation):
    citizen = add_quote(evaluation, "citizens", CITIZEN_QUOTE, "--theme", THEME)
    line = refused(evaluation, *add(evaluation, "frontline", "Jeg genkender det også", "--theme", THEME,
                                    "--carry-to", "citizens"), key="quote.carry_not_above")
    assert "til borgerne" in line
    frontline = add_quote(evaluation, "frontline", FRONTLINE_REACTION, "--theme", THEME, "--responds-to", citizen)
    line = refused(evaluation, *add(evaluation, "citizens", "Det er ventetiden, der slider", "--theme", THEME,
                                    "--responds-to", frontline), key="quote.responds_to_not_earlier")
    assert "før borgerne, så borgerne" in line and "citizens" not in line
