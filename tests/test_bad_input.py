"""The bad-input corpus: every case is refused with one line on stderr, exit code 2, nothing on
stdout, and a database byte-identical to before.

Three kinds of case (tests/bad_inputs/README.md lists them all with the message each must give):
files in tests/bad_inputs/ (small, committed), files made at test time (too large to commit, or
with names and types a checkout cannot hold), and bad command-line input. Each runs in-process
against a copy of one evaluation that already holds a citizens transcript, a frontline transcript,
citizen quote no. 1 and frontline quote no. 2 (a reaction to no. 1). The check is helpers.refused.
"""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bikva.store.files import printable
from helpers import refused, run_cli
from study_files import (
    CITIZEN_QUOTE,
    CITIZENS_TXT,
    FRONTLINE_REACTION,
    INTERVIEWER_LINE,
    write_study_files,
)

CORPUS = Path(__file__).parent / "bad_inputs"
README = CORPUS / "README.md"
THEME = "Sammenhæng i indsatsen"


# --- the evaluation every case runs against ---------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("bad-input")
    files = write_study_files(root / "files")
    folder = root / "evaluering"
    steps = [
        ("new", folder, "--title", "Dårlige input"),
        ("import", folder, "--level", "citizens", files["citizens"]),
        ("import", folder, "--level", "frontline", files["frontline"]),
        ("quote", "add", folder, "--level", "citizens", "--theme", THEME, "--text", CITIZEN_QUOTE),
        ("quote", "add", folder, "--level", "frontline", "--theme", THEME, "--responds-to", "1",
         "--text", FRONTLINE_REACTION),
    ]
    for step in steps:
        result = run_cli(*step)
        assert result.code == 0, (step, result)
    return folder


@pytest.fixture
def evaluation(template, tmp_path) -> Path:
    folder = tmp_path / "evaluering"
    shutil.copytree(template, folder)
    return folder


# --- 1. committed files -----------------------------------------------------------------------


def readme_table(title: str) -> list[list[str]]:
    """Rows of the Markdown table under the `## title` heading of README.md, cells unquoted."""
    text = README.read_text(encoding="utf-8")
    section = text.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")][2:]
    return [[cell.strip().strip("`") for cell in row.strip("|").split("|")] for row in rows]


FILE_CASES = [(row[0], row[2]) for row in readme_table("Files in this folder")]


def test_readme_lists_exactly_the_files_in_the_corpus():
    on_disk = {p.name for p in CORPUS.iterdir() if p.is_file()} - {"README.md", "make_corpus.py"}
    assert {name for name, _ in FILE_CASES} == on_disk


@pytest.mark.parametrize("name, key", FILE_CASES, ids=[name for name, _ in FILE_CASES])
def test_bad_file_is_refused(evaluation, name, key):
    refused(evaluation, "import", evaluation, "--level", "leaders", CORPUS / name, key=key, file=name)


# --- 2. files made at test time ----------------------------------------------------------------


def sparse(path: Path, size: int) -> Path:
    with path.open("wb") as handle:
        handle.truncate(size)  # no blocks on disk: the size limit must act before reading
    return path


def zip_bomb(path: Path, megabytes: int = 210) -> Path:
    """A Word document whose document.xml unpacks to `megabytes` MB of spaces (about 1 MB packed)."""
    from docx import Document

    Document().save(path.with_suffix(".tmp"))
    with zipfile.ZipFile(path.with_suffix(".tmp")) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as bomb:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                bomb.writestr(info.filename, source.read(info.filename))
        with bomb.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b" " * 2**20
            for _ in range(megabytes):
                member.write(chunk)
    path.with_suffix(".tmp").unlink()
    return path


def lying_sizes(path: Path) -> Path:
    """A Word document whose document.xml says it is 100 bytes but unpacks to a megabyte."""
    from docx import Document

    Document().save(path.with_suffix(".tmp"))
    with zipfile.ZipFile(path.with_suffix(".tmp")) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info.filename)
            out.writestr(info.filename, data + b" " * 2**20 if info.filename == "word/document.xml" else data)
    path.with_suffix(".tmp").unlink()
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as package:
        info = package.getinfo("word/document.xml")
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature)
        while at >= 0:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at: name_at + len(info.filename)] == info.filename.encode():
                data[at + offset: at + offset + 4] = (100).to_bytes(4, "little")
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))
    return path


def named(path: Path, data: bytes = b"") -> Path:
    path.write_bytes(data)
    return path


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def device_link(path: Path) -> Path:
    path.symlink_to("/dev/zero")
    return path


def folder_named(path: Path) -> Path:
    path.mkdir()
    return path


@dataclass
class Made:
    id: str
    make: Callable[[Path], Path]  # given the scratch folder
    key: str
    names_file: bool = True  # False: refused by Click, whose message names the argument instead


MADE = [
    Made("60 MB text file (sparse)", lambda d: sparse(d / "huge.txt", 60 * 2**20), "import.too_large"),
    Made("60 MB Word file (sparse)", lambda d: sparse(d / "huge.docx", 60 * 2**20), "import.too_large"),
    Made("zip bomb: 210 MB document.xml", lambda d: zip_bomb(d / "bomb.docx"), "import.zip_bomb"),
    Made("zip entry lying about its size", lambda d: lying_sizes(d / "lying.docx"), "import.corrupt_docx"),
    Made("2 MB line without a speaker", lambda d: named(d / "long-line.txt", b"ord " * 2**19), "import.no_turns"),
    Made("5 MB broken timing line", lambda d: named(
        d / "long-timing.srt", b"1\n00:00:01,000 --> " + b"9" * 5 * 2**20 + b"\nAnne: Hej\n"), "import.bad_timing"),
    Made("line break in the file name", lambda d: named(d / "linje\nskift.txt"), "import.empty"),
    Made("terminal escape in the file name", lambda d: named(d / "farve\x1b[31m.txt"), "import.empty"),
    Made("right-to-left override in the file name", lambda d: named(d / "udskrift\u202etxt.exe"),
         "import.unsupported_extension"),
    Made("file name that is not UTF-8", lambda d: named(d / os.fsdecode(b"b\xf8rgere.txt")), "import.empty"),
    Made("250-character file name", lambda d: named(d / ("a" * 246 + ".txt")), "import.empty"),
    Made("symlink to /dev/zero", lambda d: device_link(d / "nul.txt"), "import.not_a_file"),
    Made("named pipe", lambda d: fifo(d / "pipe.txt"), "import.not_a_file"),
    Made("file that does not exist", lambda d: d / "findes-ikke.txt", "transcript.missing_file"),
    Made("folder named like a transcript", lambda d: folder_named(d / "mappe.txt"), "usage.bad_value",
         names_file=False),
]


@pytest.mark.parametrize("case", MADE, ids=[case.id for case in MADE])
def test_bad_file_made_at_test_time_is_refused(evaluation, tmp_path, case):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    path = case.make(scratch)
    shown = printable(path.name) if case.names_file else None
    line = refused(evaluation, "import", evaluation, "--level", "leaders", path, key=case.key, file=shown)
    assert len(line) < 500  # a 5 MB timing line is not repeated in full


# --- 3. bad command-line input -----------------------------------------------------------------


@dataclass
class Cli:
    id: str
    key: str
    args: Callable[[Path, Path], list]  # (evaluation folder, scratch folder) -> arguments; may prepare
    env: dict[str, str] = field(default_factory=dict)


def add(ev: Path, text: str, *extra: object) -> list:
    return ["quote", "add", ev, "--level", "citizens", "--text", text, *extra]


def with_theme(ev: Path, text: str, *extra: object) -> list:
    return add(ev, text, "--theme", THEME, *extra)


def toml(ev: Path, change: Callable[[str], str | bytes]) -> Path:
    path = ev / "bikva.toml"
    new = change(path.read_text(encoding="utf-8"))
    path.write_bytes(new if isinstance(new, bytes) else new.encode("utf-8"))
    return ev


def database(ev: Path, change: Callable[[bytes], bytes]) -> Path:
    path = ev / "bikva.db"
    path.write_bytes(change(path.read_bytes()))
    return ev


def citizens_file(scratch: Path, text: str = CITIZENS_TXT, name: str = "borgere.txt") -> Path:
    path = scratch / name
    path.write_text(text, encoding="utf-8")
    return path


CLI = [
    # levels
    Cli("import to an unknown level", "levels.unknown",
        lambda ev, d: ["import", ev, "--level", "borgmestre", citizens_file(d, name="andet.txt")]),
    Cli("level with a line break", "levels.unknown",
        lambda ev, d: ["quote", "add", ev, "--level", "citizens\nfrontline", "--text", CITIZEN_QUOTE]),
    Cli("import to round 9", "levels.unknown",
        lambda ev, d: ["import", ev, "--level", "9", citizens_file(d, name="andet.txt")]),
    Cli("quote at an unknown level", "levels.unknown", lambda ev, d: ["quote", "add", ev, "--level", "x",
                                                                       "--text", CITIZEN_QUOTE]),
    Cli("quote list of an unknown level", "levels.unknown", lambda ev, d: ["quote", "list", ev, "--level", "x"]),
    Cli("carry to an unknown level", "levels.unknown",
        lambda ev, d: with_theme(ev, "Jeg er enig", "--carry-to", "udvalget-x")),
    Cli("group at an unknown level", "levels.unknown", lambda ev, d: ["group", ev, "G", "--level", "x"]),
    # transcripts
    Cli("same file twice", "transcript.already_imported",
        lambda ev, d: ["import", ev, "--level", "citizens", citizens_file(d)]),
    Cli("every speaker named as interviewer", "import.no_informant_turns",
        lambda ev, d: ["import", ev, "--level", "leaders", citizens_file(d, name="andet.txt"),
                       *[x for label in ("I", "B1", "B2", "B3") for x in ("--interviewer", label)]]),
    Cli("corrected version that loses a quote", "transcript.replace_loses_quotes",
        lambda ev, d: ["import", ev, "--level", "citizens", "--replace",
                       citizens_file(d, CITIZENS_TXT.replace(CITIZEN_QUOTE, "Det ved jeg ikke"))]),
    # passages
    Cli("passage that matches nothing", "quote.not_found", lambda ev, d: with_theme(ev, "Det her har ingen sagt")),
    Cli("empty passage", "quote.empty", lambda ev, d: with_theme(ev, "")),
    Cli("passage of blanks", "quote.empty", lambda ev, d: with_theme(ev, " \n\t ")),
    Cli("passage found twice", "quote.ambiguous", lambda ev, d: with_theme(ev, "Det er ventetiden")),
    Cli("passage only the interviewer said", "quote.interviewer_only",
        lambda ev, d: with_theme(ev, INTERVIEWER_LINE)),
    Cli("passage across two speakers", "quote.not_found", lambda ev, d: with_theme(ev, "det betød alt. Jeg er enig")),
    Cli("part of a word", "quote.not_found", lambda ev, d: with_theme(ev, "ovholder på min egen sag")),
    Cli("passage with HTML", "quote.not_found", lambda ev, d: with_theme(ev, "<script>alert(1)</script>")),
    Cli("passage already selected", "quote.duplicate", lambda ev, d: with_theme(ev, CITIZEN_QUOTE)),
    # themes
    Cli("unknown theme", "quote.theme_unknown", lambda ev, d: add(ev, "Jeg er enig", "--theme", "Ukendt")),
    Cli("theme with a line break", "quote.theme_unknown", lambda ev, d: add(ev, "Jeg er enig", "--theme", "A\nB")),
    Cli("statement without a theme", "quote.theme_missing", lambda ev, d: add(ev, "Jeg er enig")),
    # reactions and carrying
    Cli("responds to a quote that does not exist", "quote.responds_to_unknown",
        lambda ev, d: with_theme(ev, "Jeg er enig", "--responds-to", "999")),
    Cli("responds to quote 0", "quote.responds_to_unknown",
        lambda ev, d: with_theme(ev, "Jeg er enig", "--responds-to", "0")),
    Cli("responds to a 30-digit quote number", "quote.responds_to_unknown",
        lambda ev, d: with_theme(ev, "Jeg er enig", "--responds-to", "9" * 30)),
    Cli("responds to a later level", "quote.responds_to_not_earlier",
        lambda ev, d: with_theme(ev, "Jeg er enig", "--responds-to", "2")),
    Cli("responds to the same level", "quote.responds_to_not_earlier",
        lambda ev, d: with_theme(ev, "Jeg er enig", "--responds-to", "1")),
    Cli("carried to a lower level", "quote.carry_not_above",
        lambda ev, d: ["quote", "add", ev, "--level", "frontline", "--theme", THEME, "--text",
                       "Jeg genkender det også", "--carry-to", "citizens"]),
    Cli("remove a quote that does not exist", "quote.unknown", lambda ev, d: ["quote", "remove", ev, "999"]),
    Cli("remove a 30-digit quote number", "quote.unknown", lambda ev, d: ["quote", "remove", ev, "9" * 30]),
    Cli("remove a quote others react to", "quote.has_reactions", lambda ev, d: ["quote", "remove", ev, "1"]),
    # redactions and groups
    Cli("redact nothing", "redact.empty_text", lambda ev, d: ["redact", ev, "  ", "[navn]"]),
    Cli("redact with an empty placeholder", "redact.empty_placeholder", lambda ev, d: ["redact", ev, "Mette", " "]),
    Cli("placeholder that reveals the name", "redact.placeholder_reveals",
        lambda ev, d: ["redact", ev, "Mette", "[Mette]"]),
    Cli("remove an unknown redaction", "redact.unknown", lambda ev, d: ["redact", ev, "Ingen", "--remove"]),
    Cli("exclude a group without a reason", "group.reason_missing",
        lambda ev, d: ["group", ev, "Gruppe 1", "--level", "citizens", "--exclude", " "]),
    Cli("exclude and include at once", "group.exclude_and_include",
        lambda ev, d: ["group", ev, "Gruppe 1", "--level", "citizens", "--exclude", "x", "--include"]),
    Cli("impossible date", "usage.bad_value",
        lambda ev, d: ["group", ev, "Gruppe 1", "--level", "citizens", "--date", "2026-02-30"]),
    # output
    Cli("guide in an unknown format", "usage.bad_value",
        lambda ev, d: ["guide", ev, "--level", "frontline", "--format", "docx"]),
    Cli("guide to a .txt file", "output.format", lambda ev, d: ["guide", ev, "--level", "frontline", "-o",
                                                                 d / "guide.txt"]),
    Cli("guide for a round that is not ready", "output.guide_not_ready",
        lambda ev, d: ["guide", ev, "--level", "politicians", "--format", "html"]),
    Cli("guide into a file's subfolder", "file.unwritable",
        lambda ev, d: ["guide", ev, "--level", "frontline", "-o", ev / "bikva.toml" / "guide.html"]),
    Cli("report in an unknown format", "usage.bad_value", lambda ev, d: ["report", ev, "--format", "docx"]),
    Cli("report to a .docx file", "output.format", lambda ev, d: ["report", ev, "-o", d / "rapport.docx"]),
    Cli("missing --level", "usage.missing", lambda ev, d: ["quote", "add", ev, "--text", "x"]),
    Cli("redact without a placeholder", "usage.other", lambda ev, d: ["redact", ev, "Mette"]),
    Cli("option that does not exist", "usage.no_such_option", lambda ev, d: ["status", ev, "--verbose"]),
    Cli("quote number that is not a number", "usage.bad_value", lambda ev, d: ["quote", "remove", ev, "en"]),
    # the evaluation folder
    Cli("folder that is not an evaluation", "evaluation.not_found", lambda ev, d: ["status", d]),
    Cli("bikva.toml that is not TOML", "config.invalid",
        lambda ev, d: ["status", toml(ev, lambda t: t + "\n[study\nname = \n")]),
    Cli("bikva.toml that is not UTF-8", "config.invalid",
        lambda ev, d: ["status", toml(ev, lambda t: t.encode() + b"\n# \xff\xfe\n")]),
    Cli("bikva.toml without evaluation_id", "config.invalid",
        lambda ev, d: ["status", toml(ev, lambda t: re.sub(r"(?m)^evaluation_id.*$", "", t))]),
    Cli("bikva.toml with an unknown first round", "config.invalid",
        lambda ev, d: ["status", toml(ev, lambda t: t.replace('first_round = "themes"', 'first_round = "lukket"'))]),
    Cli("bikva.toml with themes that are not tables", "config.invalid",
        lambda ev, d: ["status", toml(ev, lambda t: t.split("[[themes]]")[0].replace(
            "[study]", 'themes = ["a"]\n\n[study]'))]),
    Cli("bikva.toml of another evaluation", "evaluation.database_missing",
        lambda ev, d: ["status", toml(ev, lambda t: re.sub(r'(?m)^evaluation_id = ".*"$',
                                                           'evaluation_id = "00000000-0000"', t))]),
    Cli("bikva.db that is not a database", "database.unreadable",
        lambda ev, d: ["status", database(ev, lambda b: b"Dette er ikke en database. " * 100)]),
    Cli("bikva.db cut in half", "database.unreadable",
        lambda ev, d: ["quote", "list", database(ev, lambda b: b[: len(b) // 2])]),
    Cli("BIKVA_DATABASE_URL naming no database system", "database.unreadable", lambda ev, d: ["status", ev],
        env={"BIKVA_DATABASE_URL": "ingen://database"}),
    Cli("new where an evaluation exists", "evaluation.exists", lambda ev, d: ["new", ev, "--title", "Igen"]),
    Cli("new with levels out of order", "levels.order",
        lambda ev, d: ["new", d / "ny", "--title", "Ny", "--levels", "leaders,citizens"]),
    Cli("new with an unknown level", "levels.unknown",
        lambda ev, d: ["new", d / "ny", "--title", "Ny", "--levels", "citizens,borgmestre"]),
    Cli("new with a blank title", "evaluation.title_missing", lambda ev, d: ["new", d / "ny", "--title", "  "]),
    Cli("new inside a file", "file.unwritable", lambda ev, d: ["new", ev / "bikva.toml" / "ny", "--title", "Ny"]),
]


@pytest.mark.parametrize("case", CLI, ids=[case.id for case in CLI])
def test_bad_command_line_input_is_refused(evaluation, tmp_path, monkeypatch, case):
    for name, value in case.env.items():
        monkeypatch.setenv(name, value)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    refused(evaluation, *case.args(evaluation, scratch), key=case.key)
    assert not (scratch / "ny" / "bikva.db").exists() and not (scratch / "ny" / "bikva.toml").exists()


@pytest.mark.parametrize("case", [c for c in CLI if c.id in {
    "passage that matches nothing", "unknown theme", "responds to a later level", "report to a .docx file"}],
    ids=lambda c: c.id)
def test_refusals_are_in_english_too(evaluation, tmp_path, monkeypatch, case):
    monkeypatch.setenv("BIKVA_LANG", "en")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    refused(evaluation, *case.args(evaluation, scratch), key=case.key, lang="en")


@pytest.mark.parametrize("name", ["empty.txt", "password-protected.docx", "no-speakers.vtt"])
def test_file_refusals_are_in_english_too(evaluation, monkeypatch, name):
    monkeypatch.setenv("BIKVA_LANG", "en")
    key = dict(FILE_CASES)[name]
    refused(evaluation, "import", evaluation, "--level", "leaders", CORPUS / name, key=key, file=name, lang="en")


def test_readme_lists_every_case_made_at_test_time_and_every_command_line_case_with_its_message():
    made = {row[0]: row[2] for row in readme_table("Files made at test time")}
    cli = {row[0]: row[2] for row in readme_table("Command-line input")}
    assert made == {case.id: case.key for case in MADE}
    assert cli == {case.id: case.key for case in CLI}


def test_the_corpus_holds_at_least_forty_cases():
    assert len(FILE_CASES) + len(MADE) + len(CLI) >= 40


def test_every_expected_message_is_in_both_catalogues():
    from bikva.i18n import catalogue

    keys = {key for _, key in FILE_CASES} | {case.key for case in MADE} | {case.key for case in CLI}
    for lang in ("da", "en"):
        assert keys <= set(catalogue(lang)), (lang, keys - set(catalogue(lang)))
