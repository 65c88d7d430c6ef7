"""The words a person reads on the command line come from the catalogues.

Help pages are Danish (or English with BIKVA_LANG=en) with none of click's own English around our
texts; `bikva` alone shows the help; levels may be typed in either language, singular or plural;
`bikva log` and the lists show the catalogue's words, while --json stays as it was.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest

from bikva.cli.main import cli
from helpers import add_quote, flat, ok, run_cli
from study_files import (
    CITIZEN_ADVICE,
    CITIZEN_QUOTE,
    FRONTLINE_REACTION,
    POLITICIAN_QUOTE,
    write_study_files,
)

THEME = "Sammenhæng i indsatsen"

# What click writes itself when no one translates it.
CLICK_ENGLISH = ["Usage", "Options", "Commands", "Show this message", "default:", "required", "Positional arguments"]
CLICK_METAVARS = re.compile(
    r"\b(TEXT|INTEGER|FOLDER|FILE|DIRECTORY|PATH|NAME|LABEL|QUOTE_ID|TARGET|SOURCE|COMMAND|OPTIONS|ARGS|RANGE)\b|%Y")


def command_paths() -> list[tuple[str, ...]]:
    """Every command and subcommand of `bikva` as typed, including run and demo from flows/."""
    paths: list[tuple[str, ...]] = []

    def walk(group: click.Group, prefix: tuple[str, ...]) -> None:
        ctx = click.Context(group, info_name=prefix[-1] if prefix else "bikva")
        for name in group.list_commands(ctx):
            paths.append((*prefix, name))
            command = group.get_command(ctx, name)
            if isinstance(command, click.Group):
                walk(command, (*prefix, name))

    walk(cli, ())
    return paths


PATHS = command_paths()
PAGES = [(), *PATHS]


def page_id(path: tuple[str, ...]) -> str:
    return " ".join(path) or "bikva"


def help_page(*path: str) -> str:
    result = run_cli(*path, "--help")
    assert result.code == 0 and result.err == "", result
    return result.out


# --- help pages ------------------------------------------------------------------------------


def test_the_walk_reaches_every_family_and_the_flow_commands():
    assert {("run",), ("demo",), ("quote", "add"), ("quote", "review"), ("names", "list"),
            ("participant", "withdraw"), ("log",), ("materials",)} <= set(PATHS)


@pytest.mark.parametrize("path", [(), ("quote",), ("quote", "add"), ("report",)], ids=page_id)
def test_danish_help_has_no_english_from_click(path):
    page = help_page(*path)
    assert page.startswith(f"Brug: bikva {' '.join(path)}".rstrip() + " [VALGMULIGHEDER]"), page
    assert "Valgmuligheder:" in page and "-h, --help" in page and "Vis denne hjælp." in page
    for english in CLICK_ENGLISH:
        assert english not in page, (english, page)


def test_danish_pages_mark_required_options_and_defaults_in_danish():
    quote_add = help_page("quote", "add")
    assert "Brug: bikva quote add [VALGMULIGHEDER] MAPPE\n" in quote_add
    assert re.search(r"--level NIVEAU\s+Niveau: borgere, medarbejdere, ledere eller politikere", quote_add)
    assert quote_add.count("[skal angives]") == 2  # --level and --text
    assert "--responds-to TAL" in quote_add
    report = flat(help_page("report"))
    assert "[standard: commissioner]" in report and "[standard: pdf/ua-1]" in report
    assert "-o, --output FIL" in report
    new = flat(help_page("new"))
    assert "[standard: borgere,medarbejdere,ledere,politikere]" in new and "citizens" not in new
    assert "[fra 1 til 500]" in flat(help_page("materials"))
    assert "--date ÅÅÅÅ-MM-DD" in help_page("group")
    root = help_page()
    assert "Kommandoer:" in root and re.search(r"^  run\s+Kør evalueringens forløb med Prefect", root, re.M)
    assert re.search(r"^  demo\s+Byg og kør demoundersøgelsen", root, re.M)


@pytest.mark.parametrize("path", PAGES, ids=page_id)
def test_every_help_page_is_danish(path):
    page = help_page(*path)
    assert page.startswith(f"Brug: bikva {' '.join(path)}".rstrip() + " "), page
    assert "Valgmuligheder:" in page and "Vis denne hjælp." in page
    for english in CLICK_ENGLISH:
        assert english not in page, (english, page)
    assert not CLICK_METAVARS.search(page), page
    assert not re.search(r"\b(citizens|frontline|leaders|politicians)\b", page), page


@pytest.mark.parametrize("path", PAGES, ids=page_id)
def test_every_help_page_is_english_with_bikva_lang_en(path, monkeypatch):
    monkeypatch.setenv("BIKVA_LANG", "en")
    page = help_page(*path)
    assert page.startswith(f"Usage: bikva {' '.join(path)}".rstrip() + " [OPTIONS]"), page
    assert "Options:" in page and "-h, --help  " in page and "Show this message and exit." in page
    for danish in ["Brug:", "Valgmuligheder", "Kommandoer", "Vis denne", "standard:", "skal angives", "MAPPE",
                   "TEKST", "æ", "ø", "å"]:
        assert danish not in page, (danish, page)


def test_english_pages_carry_the_english_help_texts(monkeypatch):
    monkeypatch.setenv("BIKVA_LANG", "en")
    quote_add = help_page("quote", "add")
    assert "Select an exact passage from an informant's turn as a quote." in quote_add
    assert re.search(r"--level LEVEL\s+Level: citizens, frontline, leaders or politicians", quote_add)
    assert "[required]" in quote_add
    assert "[default: citizens,frontline,leaders,politicians]" in flat(help_page("new"))
    assert "Commands:" in help_page("quote")


@pytest.mark.parametrize("group", [(), ("quote",), ("names",), ("participant",)], ids=page_id)
def test_a_group_without_its_command_shows_its_help_and_exits_0(group):
    result = run_cli(*group)
    assert (result.code, result.err) == (0, ""), result
    assert result.out.startswith(f"Brug: bikva {' '.join(group)}".rstrip() + " [VALGMULIGHEDER] KOMMANDO")
    assert "Kommandoer:" in result.out
    assert result.out == help_page(*group)


# --- usage errors ------------------------------------------------------------------------------


@pytest.mark.parametrize("args, line", [
    (["findesikke"], "bikva: Kommandoen findesikke findes ikke. Se bikva --help."),
    (["status"], "bikva: Der mangler MAPPE. Se bikva --help."),
    (["status", "{folder}", "ekstra"], "bikva: Kommandoen bruger ikke ekstra. Se bikva --help."),
    (["quote", "remove", "{folder}", "en"], "bikva: Værdien for NR kan ikke bruges (skal være et helt tal)."),
    (["quote", "add", "{folder}", "--text", "x", "--level"],
     "bikva: Valgmuligheden --level skal have en værdi. Se bikva --help."),
    (["group", "{folder}", "Gruppe 1", "--level", "borgere", "--date", "30-02-2026"],
     "bikva: Værdien for --date kan ikke bruges (skal være en gyldig dato på formen ÅÅÅÅ-MM-DD)."),
    (["guide", "{folder}", "--level", "borgere", "--format", "docx"],
     "bikva: Værdien for --format kan ikke bruges (vælg mellem: pdf, html, md)."),
], ids=lambda v: " ".join(v) if isinstance(v, list) else None)
def test_click_usage_errors_are_one_danish_line(tmp_path, args, line):
    folder = tmp_path / "evaluering"
    ok("new", folder, "--title", "Fejl")
    result = run_cli(*[str(folder) if a == "{folder}" else a for a in args])
    assert (result.code, result.out, result.err) == (2, "", line + "\n")


# --- levels typed in either language ---------------------------------------------------------


@pytest.fixture(scope="module")
def study(tmp_path_factory) -> Path:
    """Four levels named and imported with words from both languages; one quote on three levels."""
    root = tmp_path_factory.mktemp("words")
    files = write_study_files(root / "files")
    folder = root / "evaluering"
    ok("new", folder, "--title", "Ord", "--levels", "Borgere, MEDARBEJDER,ledelse,udvalg")
    ok("import", folder, "--level", "borger", files["citizens"])
    ok("import", folder, "--level", "Staff", files["frontline"])
    ok("import", folder, "--level", "managers", files["leaders"])
    ok("import", folder, "--level", "politiker", files["politicians"])
    add_quote(folder, "Citizens", CITIZEN_QUOTE, "--theme", THEME)
    add_quote(folder, "brugere", CITIZEN_ADVICE, "--advice")
    add_quote(folder, "sagsbehandler", FRONTLINE_REACTION, "--theme", THEME, "--responds-to", 1)
    add_quote(folder, "Committee", POLITICIAN_QUOTE, "--theme", THEME)
    return folder


def test_levels_and_imports_accept_words_from_both_languages(study):
    rounds = json.loads(ok("status", study, "--json"))["rounds"]
    assert [(r["level"], r["transcripts"]) for r in rounds] == [
        ("citizens", 1), ("frontline", 1), ("leaders", 1), ("politicians", 1)]
    quotes = json.loads(ok("quote", "list", study, "--json"))
    assert [(q["id"], q["level"], q["kind"]) for q in quotes] == [
        (1, "citizens", "statement"), (2, "citizens", "advice"), (3, "frontline", "statement"),
        (4, "politicians", "statement")]


ALIASES = [
    # Danish, singular and plural, in any case
    ("borger", "citizens"), ("Borgere", "citizens"), ("bruger", "citizens"), ("BRUGERE", "citizens"),
    ("medarbejder", "frontline"), ("medarbejdere", "frontline"), ("sagsbehandler", "frontline"),
    ("Sagsbehandlere", "frontline"), ("leder", "leaders"), ("ledere", "leaders"), ("ledelse", "leaders"),
    ("politiker", "politicians"), ("politikere", "politicians"), ("udvalg", "politicians"),
    # English
    ("citizen", "citizens"), ("Citizens", "citizens"), ("user", "citizens"), ("users", "citizens"),
    ("staff", "frontline"), ("frontline", "frontline"), ("leader", "leaders"), ("leaders", "leaders"),
    ("manager", "leaders"), ("managers", "leaders"), ("management", "leaders"), ("politician", "politicians"),
    ("Politicians", "politicians"), ("committee", "politicians"),
    # the round
    ("2", "frontline"), ("R4", "politicians"),
]


@pytest.mark.parametrize("alias, key", ALIASES, ids=[a for a, _ in ALIASES])
def test_quote_list_level_accepts_every_alias(study, alias, key):
    rows = json.loads(ok("quote", "list", study, "--level", alias, "--json"))
    expected = {"citizens": [1, 2], "frontline": [3], "leaders": [], "politicians": [4]}[key]
    assert [row["id"] for row in rows] == expected
    assert {row["level"] for row in rows} <= {key}


@pytest.mark.parametrize("alias", ["medarbejdere", "Sagsbehandler", "staff", "frontline"])
def test_guide_level_accepts_danish_and_english_words(study, tmp_path, alias):
    out = tmp_path / "guide.html"
    result = run_cli("guide", study, "--level", alias, "--format", "html", "-o", out)
    assert result.code == 0, result
    assert out.is_file() and "R2" in out.read_text(encoding="utf-8")


def test_an_unknown_level_is_refused_with_the_levels_named_in_danish(study):
    result = run_cli("quote", "list", study, "--level", "chefer")
    assert result.code == 2
    assert result.err == ("bikva: Niveauet chefer findes ikke i denne evaluering. "
                          "Mulige niveauer: borgere, medarbejdere, ledere, politikere.\n")
    refused = run_cli("new", study.parent / "ny", "--title", "Ny", "--levels", "borgere,borgmestre")
    assert refused.code == 2 and "borgmestre" in refused.err and "borgere, medarbejdere" in refused.err
    assert "citizens" not in refused.err


def test_messages_name_a_level_as_the_person_would_type_it(study, monkeypatch):
    result = run_cli("quote", "add", study, "--level", "citizens", "--text", "Det har ingen sagt")
    assert result.code == 2 and "fra borgerne." in result.err and "citizens" not in result.err
    monkeypatch.setenv("BIKVA_LANG", "en")
    result = run_cli("quote", "add", study, "--level", "borgere", "--text", "Det har ingen sagt")
    assert result.code == 2 and "of the citizens." in result.err


# --- the audit log and the lists -------------------------------------------------------------


@pytest.fixture
def logged(tmp_path) -> Path:
    files = write_study_files(tmp_path / "files")
    folder = tmp_path / "evaluering"
    ok("new", folder, "--title", "Logbog", "--levels", "borgere,medarbejdere")
    ok("import", folder, "--level", "borgere", files["citizens"])
    add_quote(folder, "borgere", CITIZEN_QUOTE, "--theme", THEME)
    ok("redact", folder, "Mette", "[sagsbehandleren]")
    ok("names", "add", folder, "Holmstrup")
    return folder


def test_log_shows_subjects_and_actions_in_danish(logged):
    log = ok("log", logged)
    lines = log.splitlines()
    assert lines[0].split() == ["Tidspunkt", "Hvem", "Handling", "Emne", "Detaljer"]
    assert "citat 1" in log and "quote 1" not in log
    assert re.search(r"citat udvalgt\s+citat 1\s", log)
    assert re.search(r"anonymisering gemt\s+anonymisering 1\s", log)
    assert re.search(r"lokale navne ændret\s+lokalt navn 1\s", log)
    assert re.search(r"udskrift indlæst\s+borgere\.txt\s", log)


def test_log_in_english_and_as_json_keeps_the_stored_words(logged, monkeypatch):
    events = json.loads(ok("log", logged, "--json"))
    assert [(e["action"], e["subject"]) for e in events] == [
        ("import", "borgere.txt"), ("quote", "quote 1"), ("redact", "redaction 1"), ("names", "local name 1")]
    monkeypatch.setenv("BIKVA_LANG", "en")
    log = ok("log", logged)
    assert log.splitlines()[0].split() == ["Time", "Who", "Action", "Subject", "Details"]
    assert re.search(r"quote selected\s+quote 1\s", log) and "citat" not in log


def test_lists_have_danish_headings_over_their_columns(logged):
    quotes = ok("quote", "list", logged).splitlines()
    assert quotes[0].split() == ["Nr.", "Runde", "Type", "Tema", "Citat"]
    assert quotes[1].split()[:3] == ["1", "R1", "udsagn"] and THEME in quotes[1]
    participants = ok("participant", "list", logged).splitlines()
    assert participants[0].split() == ["Runde", "Gruppe", "Deltager", "Samtykke", "Dato"]
    assert participants[1].split()[:4] == ["R1", "Gruppe", "1", "B1"]
    assert ok("redact", logged, "--list").strip() == "Mette → [sagsbehandleren]"
    ok("redact", logged, "Mette", "--remove")
    assert ok("redact", logged, "--list").strip() == "Der er ingen anonymiseringer endnu."
