"""A study moves both ways through REFI-QDA (.qdpx): the export is valid against the published
schema and the same every time, a round trip gives back the same quotes at the same offsets,
and a project coded elsewhere comes in with its selections placed exactly or listed, never
guessed."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from helpers import add_quote, file_digest, ok, refused, run_cli
from study_files import CITIZEN_ADVICE, CITIZEN_QUOTE, write_study_files

ROOT = Path(__file__).resolve().parents[1]
XSD = ROOT / "bikva" / "exchange" / "data" / "Project-mrt2019.xsd"
SAMPLES = Path(__file__).parent / "samples" / "qdpx"
NS = "urn:QDA-XML:project:1.0"
Q = f"{{{NS}}}"
THEME = "Sammenhæng i indsatsen"
WAITING = "Det er ventetiden, der slider"


@pytest.fixture
def study(tmp_path) -> Path:
    files = write_study_files(tmp_path / "files")
    folder = tmp_path / "evaluering"
    ok("new", folder, "--title", "Udveksling", "--levels", "borgere,medarbejdere,ledere")
    ok("import", folder, "--level", "borgere", files["citizens"])
    ok("import", folder, "--level", "medarbejdere", files["frontline"])
    add_quote(folder, "borgere", CITIZEN_QUOTE, "--theme", THEME, "--rationale", "Går igen hos flere")
    add_quote(folder, "borgere", CITIZEN_ADVICE, "--advice")
    add_quote(folder, "borgere", WAITING, "--theme", "Vejen ind i jobcentret", "--carry-to", "ledere")
    return folder


def new_evaluation(tmp_path: Path, name: str = "ny") -> Path:
    folder = tmp_path / name
    ok("new", folder, "--title", "Modtager", "--levels", "borgere,medarbejdere,ledere")
    return folder


def project(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("project.qde"))


def quotes(folder: Path) -> list[dict]:
    return json.loads(ok("quote", "list", folder, "--json"))


def comparable(rows: list[dict]) -> set[tuple]:
    return {(r["level"], r["turn"], r["start"], r["end"], r["text"], r["theme"], r["kind"], r["rationale"],
             tuple(r["carried_to"])) for r in rows}


def make_qdpx(path: Path, qde: str, files: dict[str, bytes], qde_name: str = "project.qde") -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(qde_name, qde.encode("utf-8"))
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def foreign_project(source_guid: str, selections: str, codes: str = "") -> str:
    codes = codes or f'<Code guid="{CODE}" name="Ventetid" isCodable="true"/>'
    return f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Andet program" origin="MAXQDA 24">
  <CodeBook><Codes>{codes}</Codes></CodeBook>
  <Sources>
    <TextSource guid="{source_guid}" name="Borgergruppe" plainTextPath="internal://{source_guid}.txt">
      {selections}
    </TextSource>
  </Sources>
</Project>"""


CODE = "11111111-2222-3333-4444-555555555555"
SOURCE = "A1B2C3D4-0000-4000-8000-000000000001"
TURNS = ["I: Hvordan har I oplevet ventetiden?", "B1: Det er ventetiden, der slider på os alle.",
         "B2: Jeg venter stadig på svar.", "I: Tak for det."]


def selection(start: int, end: int, text: str, guid: str = "9A000000-0000-4000-8000-000000000001") -> str:
    return (f'<PlainTextSelection guid="{guid}" name="{text}" startPosition="{start}" endPosition="{end}">'
            f'<Coding guid="{guid[:-1]}2"><CodeRef targetGUID="{CODE}"/></Coding></PlainTextSelection>')


# --- export ------------------------------------------------------------------------------------


def test_the_export_validates_against_the_published_schema_and_holds_every_quote_at_its_offsets(study, tmp_path):
    target = tmp_path / "studie.qdpx"
    assert "3 citater" in ok("export-qdpx", study, target)
    root = project(target)
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    assert schema.validate(root), schema.error_log
    assert root.tag == f"{Q}Project"
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        texts = {}
        for source in root.iter(f"{Q}TextSource"):
            member = f"sources/{source.get('guid')}.txt"
            assert member in names
            texts[source.get("guid")] = archive.read(member).decode("utf-8")
    selected = {}
    for source in root.iter(f"{Q}TextSource"):
        for sel in source.iter(f"{Q}PlainTextSelection"):
            text = texts[source.get("guid")]
            selected[text[int(sel.get("startPosition")):int(sel.get("endPosition"))]] = sel
    assert set(selected) == {CITIZEN_QUOTE, CITIZEN_ADVICE, WAITING}
    # the turns as plain text with the speaker at each turn's start
    citizens = next(t for t in texts.values() if "B1: Altså" in t)
    assert citizens.startswith("I: Velkommen.")
    # themes nested as codes, good advice a code of its own, levels and groups as cases
    code_names = [c.get("name") for c in root.iter(f"{Q}Code")]
    assert THEME in code_names and "Gode råd" in code_names
    variables = {v.get("name") for v in root.iter(f"{Q}Variable")}
    assert {"level", "round", "group"} <= variables
    assert len(root.findall(f"{Q}Cases/{Q}Case")) == 3 + 2  # three levels, two groups
    notes = [n.findtext(f"{Q}PlainTextContent") for n in root.iter(f"{Q}Note")]
    assert "Går igen hos flere" in notes
    sets = {s.findtext(f"{Q}Description"): len(s.findall(f"{Q}MemberNote")) for s in root.iter(f"{Q}Set")}
    assert sets == {"frontline": 2, "leaders": 2}  # the advice goes to the next level only


def test_exporting_twice_gives_the_same_file(study, tmp_path):
    ok("export-qdpx", study, tmp_path / "a.qdpx")
    ok("export-qdpx", study, tmp_path / "b.qdpx")
    assert file_digest(tmp_path / "a.qdpx") == file_digest(tmp_path / "b.qdpx")


def test_the_export_never_overwrites_the_evaluations_own_files(study):
    refused(study, "export-qdpx", study, study / "bikva.toml", key="overwrite.own_file")


# --- round trip --------------------------------------------------------------------------------


def test_a_round_trip_gives_the_same_quotes_at_the_same_offsets_themes_and_levels(study, tmp_path):
    target = tmp_path / "studie.qdpx"
    ok("export-qdpx", study, target)
    other = new_evaluation(tmp_path)
    out = ok("import-qdpx", other, target)
    assert "2 udskrifter og 3 citater er indlæst" in out
    assert comparable(quotes(other)) == comparable(quotes(study))
    themes = [line.split("  ")[0] for line in ok("theme", "list", study).splitlines()[1:]]
    assert [line.split("  ")[0] for line in ok("theme", "list", other).splitlines()[1:]] == themes
    # each transcript comes back as the text the export wrote, under its name (a .txt now)
    levels = json.loads(ok("transcript", "list", other, "--json"))
    assert [(r["level"], r["group"], r["file"], r["turns"]) for r in levels] == [
        (r["level"], r["group"], r["file"].removesuffix(".txt") + ".txt", r["turns"])
        for r in json.loads(ok("transcript", "list", study, "--json"))]


def test_a_dry_run_shows_the_import_and_stores_nothing(study, tmp_path):
    target = tmp_path / "studie.qdpx"
    ok("export-qdpx", study, target)
    other = new_evaluation(tmp_path)
    before = file_digest(other / "bikva.db")
    found = json.loads(ok("import-qdpx", other, target, "--dry-run", "--json"))
    assert found["quotes"] == 3 and [s["name"] for s in found["sources"]] == ["borgere.txt", "sagsbehandlere.docx"]
    assert [s["label"] for s in found["sources"][0]["speakers"]] == ["I", "B1", "B2", "B3"]
    assert file_digest(other / "bikva.db") == before


# --- projects from other tools ------------------------------------------------------------------


def test_a_selection_whose_offsets_count_crlf_as_two_characters_is_reanchored(tmp_path):
    text = "\r\n\r\n".join(TURNS) + "\r\n"
    start = text.index(WAITING)  # counted with every CRLF as two characters
    path = make_qdpx(tmp_path / "crlf.qdpx", foreign_project(SOURCE, selection(start, start + len(WAITING), WAITING)),
                     {f"sources/{SOURCE}.txt": text.encode("utf-8")})
    folder = new_evaluation(tmp_path)
    found = json.loads(ok("import-qdpx", folder, path, "--level", "borgere", "--json"))
    assert found["reanchored"] == 1 and found["unplaced"] == []
    [quote] = quotes(folder)
    assert (quote["text"], quote["turn"], quote["start"], quote["theme"]) == (WAITING, 2, 0, "Ventetid")
    assert quote["carried_to"] == []  # a candidate: no level is shown it yet


def test_a_project_with_a_capitalised_sources_folder_a_bom_and_another_qde_name_imports(tmp_path):
    text = "\n\n".join(TURNS) + "\n"
    start = text.index("Jeg venter stadig på svar")
    qde = foreign_project(SOURCE, selection(start, start + 25, "Jeg venter stadig på svar"))
    path = make_qdpx(tmp_path / "bom.qdpx", qde, {f"Sources/{SOURCE}.txt": "\ufeff".encode() + text.encode("utf-8")},
                     qde_name="Mit projekt.qde")
    folder = new_evaluation(tmp_path)
    out = ok("import-qdpx", folder, path, "--level", "borgere")
    assert "1 udskrifter og 1 citater er indlæst, 1 nye temaer" in out
    assert [q["text"] for q in quotes(folder)] == ["Jeg venter stadig på svar"]


def test_what_cannot_be_placed_is_listed_not_guessed(tmp_path):
    text = "\n\n".join(TURNS) + "\n"
    across = text.index("slider")
    asked = text.index("Hvordan har I")
    selections = "".join([
        selection(across, text.index("stadig"), text[across:text.index("stadig")], "9A000000-0000-4000-8000-000000000011"),
        selection(asked, asked + 13, "Hvordan har I", "9A000000-0000-4000-8000-000000000021"),
        selection(3, 9, "findes ikke her", "9A000000-0000-4000-8000-000000000031"),
    ])
    path = make_qdpx(tmp_path / "uplaceret.qdpx", foreign_project(SOURCE, selections),
                     {f"sources/{SOURCE}.txt": text.encode("utf-8")})
    folder = new_evaluation(tmp_path)
    found = json.loads(ok("import-qdpx", folder, path, "--level", "borgere", "--json"))
    assert [u["reason"] for u in found["unplaced"]] == ["spans_turns", "interviewer", "not_found"]
    assert quotes(folder) == []
    out = ok("import-qdpx", new_evaluation(tmp_path, "igen"), path, "--level", "borgere")
    assert "3 markeringer er ikke indlæst:" in out and "går over flere replikker" in out


def test_a_project_exported_by_atlas_ti_imports_its_codes_as_nested_themes(tmp_path):
    # A real ATLAS.ti 23 export (tests/samples/qdpx/README.md): a codebook, no sources.
    folder = new_evaluation(tmp_path)
    out = ok("import-qdpx", folder, SAMPLES / "atlas-ti-23-codes.qdpx")
    assert "0 udskrifter og 0 citater er indlæst, 3 nye temaer" in out
    listed = ok("theme", "list", folder)
    assert "Commits" in listed and "  2022-05-10T02:05:59Z 19e4dce" in listed  # indented under its parent


# --- refusals ---------------------------------------------------------------------------------


def test_an_archive_with_a_path_outside_the_project_is_refused_and_nothing_changes(tmp_path):
    path = make_qdpx(tmp_path / "ond.qdpx", foreign_project(SOURCE, ""), {"../../udenfor.txt": b"x"})
    folder = new_evaluation(tmp_path)
    line = refused(folder, "import-qdpx", folder, path, "--level", "borgere", key="exchange.unsafe_member",
                   file="ond.qdpx")
    assert "../../udenfor.txt" in line


def test_a_file_that_is_no_project_is_refused(tmp_path):
    path = tmp_path / "ikke.qdpx"
    path.write_text("ikke en zip", encoding="utf-8")
    folder = new_evaluation(tmp_path)
    refused(folder, "import-qdpx", folder, path, key="exchange.not_qdpx", file="ikke.qdpx")


def test_a_source_the_import_refuses_leaves_the_database_byte_identical(study, tmp_path):
    target = tmp_path / "studie.qdpx"
    ok("export-qdpx", study, target)
    # into the same evaluation: the transcripts are already there
    refused(study, "import-qdpx", study, target, key="transcript.already_imported")


def test_a_source_without_a_level_needs_one(tmp_path):
    text = "\n\n".join(TURNS) + "\n"
    path = make_qdpx(tmp_path / "niveau.qdpx", foreign_project(SOURCE, ""), {f"sources/{SOURCE}.txt": text.encode()})
    folder = new_evaluation(tmp_path)
    refused(folder, "import-qdpx", folder, path, key="exchange.level_needed", file="niveau.qdpx")
