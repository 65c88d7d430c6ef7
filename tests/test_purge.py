"""After `bikva purge` the evaluation holds nothing identifying and nothing that can bring the
deleted text back: every document made again, the audit log, the participant and quote lists
and the raw bytes of bikva.db are free of the redacted names, the real names that meeting tools
made into speaker labels, the original file names and the deleted transcript text. Documents
made before the purge are removed; a withdrawal after the purge still finds the statements."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from helpers import add_quote, flat, ok, pdf_text, run_cli
from study_files import (
    CITIZEN_ADVICE,
    CITIZEN_QUOTE,
    CITIZENS_TXT,
    FRONTLINE_ADVICE,
    FRONTLINE_REACTION,
    LEADER_ADVICE,
    LEADER_REACTION,
    POLITICIAN_ADVICE,
    POLITICIAN_QUOTE,
    write_study_files,
)

TITLE = "Koordinerende sagsbehandlere i Holmstrup Kommune"
THEME_CHAIN = "Sammenhæng i indsatsen"
THEME_PLACE = "Ventetiden i Holmstrup Kommune"
THEME_PLACE_REDACTED = "Ventetiden i [kommunen]"
NAMED_QUOTE = "Mette fra Holmstrup Kommune ringede altid tilbage samme dag"
NAMED_QUOTE_REDACTED = "[navn på sagsbehandler] fra [kommunen] ringede altid tilbage samme dag"
FILE_NAME = "Hanne_Jensen_010190-1234.txt"
# Said by B3 and never selected: transcript text only, gone with the transcripts.
UNSELECTED = "Det er ventetiden, der slider"
# What must not be found anywhere after the purge (the report's method names Hanne Krogstrup).
IDENTIFYING = (
    "Holmstrup", "Mette", "Hanne Jensen", "Hanne_", "Jensen", "010190", "Karen Holm", "Peter Dahl", "Anne Lund", "Bo Krag",
    "Biblioteket", "borgere.txt", "ledere.vtt", "politikere.srt", "sagsbehandlere.docx",
)
LEVELS = ("citizens", "frontline", "leaders", "politicians")


def found_in(text: str) -> list[str]:
    return [word for word in IDENTIFYING if word.lower() in text.lower()]


def document_text(path: Path) -> str:
    """What a reader of the file gets: PDF text and metadata, Word text and properties, or the text."""
    if path.suffix == ".pdf":
        reader = PdfReader(str(path))
        return pdf_text(path) + " " + json.dumps({k: str(v) for k, v in (reader.metadata or {}).items()})
    if path.suffix == ".docx":
        document = Document(str(path))
        texts = [p.text for p in document.paragraphs]
        texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        texts += [p.text for section in document.sections for p in section.header.paragraphs + section.footer.paragraphs]
        props = document.core_properties
        return " ".join(texts + [props.title or "", props.subject or "", props.author or "", props.keywords or ""])
    return path.read_text(encoding="utf-8", errors="replace")


def make_every_document(folder: Path) -> None:
    for level in LEVELS:
        ok("guide", folder, "--level", level)
        ok("guide", folder, "--level", level, "--format", "md")
    for level in LEVELS[1:]:
        ok("materials", folder, "--level", level)
    for edition in ("commissioner", "evaluator"):
        ok("report", folder, "--edition", edition)
        ok("report", folder, "--edition", edition, "--format", "html")


@pytest.fixture(scope="module")
def study(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("purge")
    files = write_study_files(root / "files")
    named_file = root / "files" / FILE_NAME
    named_file.write_text(CITIZENS_TXT, encoding="utf-8")
    folder = root / "evaluering"
    ok("new", folder, "--title", TITLE)
    ok("import", folder, "--level", "citizens", named_file, "--group", "Borgerne i Holmstrup Kommune")
    for level in LEVELS[1:]:  # labels kept as display names (Karen Holm), for the purge to replace
        ok("import", folder, "--level", level, files[level], "--keep-labels")
    ok("group", folder, "Borgerne i Holmstrup Kommune", "--level", "citizens", "--date", "2026-03-03",
       "--place", "Biblioteket i Holmstrup Kommune")

    config = folder / "bikva.toml"
    settings = config.read_text(encoding="utf-8")
    settings = settings.replace('organisation = ""', 'organisation = "Jobcentret i Holmstrup Kommune"')
    settings = settings.replace('place = ""', 'place = "Holmstrup Kommune"  # trykkes i Holmstrup Kommune')
    settings = settings.replace('evaluators = []', 'evaluators = ["Evaluatoren"]')
    settings += (f'\n[[themes]]\nname = "{THEME_PLACE}"\ndescription = "Hvor længe borgerne i Holmstrup Kommune venter."\n'
                 'questions = ["Hvordan er ventetiden hos Mette?"]\n')
    config.write_text(settings, encoding="utf-8")

    ids = {"citizen": add_quote(folder, "citizens", CITIZEN_QUOTE, "--theme", THEME_CHAIN,
                                "--rationale", "Går igen i Holmstrup Kommune")}  # B1
    ids["named"] = add_quote(folder, "citizens", NAMED_QUOTE, "--theme", THEME_PLACE)  # B2
    add_quote(folder, "citizens", CITIZEN_ADVICE, "--advice")  # B1
    ids["frontline"] = add_quote(folder, "frontline", FRONTLINE_REACTION, "--theme", THEME_CHAIN,
                                 "--responds-to", ids["citizen"])
    add_quote(folder, "frontline", FRONTLINE_ADVICE, "--advice")
    ids["leader"] = add_quote(folder, "leaders", LEADER_REACTION, "--theme", THEME_CHAIN, "--responds-to", ids["frontline"])
    add_quote(folder, "leaders", LEADER_ADVICE, "--advice")
    add_quote(folder, "politicians", POLITICIAN_QUOTE, "--theme", THEME_CHAIN)
    add_quote(folder, "politicians", POLITICIAN_ADVICE, "--advice")
    ok("participant", "add", folder, "B2", "--level", "citizens", "--real-name", "Hanne Jensen",
       "--unit", "Holmstrup Kommune")
    ok("redact", folder, "Holmstrup Kommune", "[kommunen]")
    ok("redact", folder, "Mette", "[navn på sagsbehandler]")
    ok("redact", folder, "Hanne Jensen", "[borger]")
    ok("redact", folder, "Biblioteket", "[mødested]")
    ok("redact", folder, "010190-1234", "[cpr-nummer]")  # the guard reads file names too

    (folder / "report").mkdir()
    (folder / "report" / "summary.md").write_text(
        "# Resumé\n\nI Holmstrup Kommune holder borgerne selv sammen på sagen, siger Mette.\n", encoding="utf-8")
    (folder / "report" / "results").mkdir()
    (folder / "report" / "results" / "citizens.md").write_text(
        "Borgerne i Holmstrup Kommune giver udtryk for, at Mette ringer tilbage.\n", encoding="utf-8")
    (folder / "report" / "synthesis.toml").write_text(
        f'# Læsninger fra Holmstrup Kommune\n["{THEME_PLACE}"]\nagreement = "mixed"\n'
        'reading.citizens = "Ventetiden i Holmstrup Kommune slider."\n', encoding="utf-8")

    make_every_document(folder)
    handed_out = root / "udleveret-guide.pdf"
    ok("guide", folder, "--level", "frontline", "-o", handed_out)
    made_before = sorted(p for p in (folder / "output").rglob("*") if p.is_file())
    shutil.copy(folder / "bikva.db", folder / "bikva.db.before-0099")  # as an upgrade leaves it

    withdrawn = ok("participant", "withdraw", folder, "B1", "--level", "citizens")
    purged = ok("purge", folder, "--yes")
    return {"folder": folder, "root": root, "ids": ids, "purged": purged, "withdrawn": withdrawn,
            "made_before": made_before, "handed_out": handed_out}


def test_purge_says_what_it_removes_and_what_it_cannot_reach(study):
    out = study["purged"]
    assert "Karen Holm → L1" in out and "Peter Dahl → L2" in out and "Anne Lund → P1" in out
    assert "output/report.pdf" in out and "fjernet" in out
    assert str(study["handed_out"]) in out and "trukket samtykket tilbage" in out  # not removed, but named
    assert "eksport" in out.lower()
    assert "pakket sammen" in out
    assert study["handed_out"].exists()


def test_documents_made_before_the_purge_are_gone(study):
    folder = study["folder"]
    assert study["made_before"]
    assert not [p for p in study["made_before"] if p.exists()]
    assert not list((folder / "transcripts").iterdir())
    assert not list(folder.glob("bikva.db.before-*")) and not (folder / "bikva.db-journal").exists()


def test_every_document_made_again_is_free_of_names_file_names_and_withdrawn_statements(study):
    folder = study["folder"]
    make_every_document(folder)
    documents = sorted(p for p in (folder / "output").rglob("*") if p.is_file())
    assert {p.suffix for p in documents} >= {".pdf", ".html", ".md", ".docx"}
    for path in documents:
        text = document_text(path)
        assert not found_in(text), (path.name, found_in(text))
        assert flat(CITIZEN_QUOTE) not in flat(text) and flat(CITIZEN_ADVICE) not in flat(text), path.name
    report = pdf_text(folder / "output" / "report-evaluator.pdf")
    assert NAMED_QUOTE_REDACTED in report and flat(LEADER_REACTION) in report
    assert "[kommunen]" in report and THEME_PLACE_REDACTED in report
    assert "Ventetiden i [kommunen] slider" in report  # the synthesis reading, under the renamed theme
    assert "R1-udskrift-1.txt" in report  # the evaluator's register names the neutral file


def test_the_evaluators_texts_keep_their_shape_with_the_names_written_out(study):
    folder = study["folder"]
    settings = (folder / "bikva.toml").read_text(encoding="utf-8")
    assert not found_in(settings)
    assert 'organisation = "Jobcentret i [kommunen]"' in settings and "# trykkes i [kommunen]" in settings
    assert "evaluation_id" in settings and f'name = "{THEME_PLACE_REDACTED}"' in settings
    summary = (folder / "report" / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith("# Resumé") and "\\[kommunen\\]" in summary and not found_in(summary)
    synthesis = (folder / "report" / "synthesis.toml").read_text(encoding="utf-8")
    assert f'["{THEME_PLACE_REDACTED}"]' in synthesis and not found_in(synthesis)
    results = (folder / "report" / "results" / "citizens.md").read_text(encoding="utf-8")
    assert results.startswith("Borgerne i ") and not found_in(results)


def test_lists_and_the_audit_log_hold_no_names(study):
    folder = study["folder"]
    for command in (["log", folder], ["log", folder, "--json"], ["participant", "list", folder],
                    ["participant", "list", folder, "--json"], ["participant", "list", folder, "--show-names"],
                    ["quote", "list", folder, "--json"], ["transcript", "list", folder], ["status", folder]):
        out = ok(*command)
        assert not found_in(out), (command, found_in(out))
    events = json.loads(ok("log", folder, "--json"))
    assert "purge" in [event["action"] for event in events]
    imports = [event for event in events if event["action"] == "import"]
    assert imports[0]["subject"] == "R1-udskrift-1.txt"
    labels = {(row["level"], row["label"]) for row in json.loads(ok("participant", "list", folder, "--json"))}
    assert {("leaders", "L1"), ("leaders", "L2"), ("politicians", "P1"), ("politicians", "P2"),
            ("citizens", "B2"), ("frontline", "SB1")} <= labels


def test_the_database_file_holds_no_deleted_text(study):
    raw = (study["folder"] / "bikva.db").read_bytes()
    for text in IDENTIFYING + (UNSELECTED, flat(CITIZEN_QUOTE)[:40], "Gruppeinterview med borgere",
                               "Jeg kender godt den forklaring"):
        assert text.encode("utf-8") not in raw, text
        assert text.lower().encode("utf-8") not in raw.lower(), text


def test_a_withdrawal_after_the_purge_finds_the_statements(study, tmp_path):
    folder = study["folder"]
    out = ok("participant", "withdraw", folder, "B2", "--level", "citizens")
    assert "1 udvalgte udsagn" in out
    ok("report", folder, "-o", tmp_path / "after.pdf")
    assert NAMED_QUOTE_REDACTED not in pdf_text(tmp_path / "after.pdf")
    # A label that was a name is gone: asking by it is refused, not silently done.
    assert run_cli("participant", "withdraw", folder, "Karen Holm", "--level", "leaders").code == 2
    again = ok("purge", folder, "--yes")
    assert "1 udsagn fra deltagere" in again
    assert all(q["id"] != study["ids"]["named"] for q in json.loads(ok("quote", "list", folder, "--json")))
    assert "intet at slette" in ok("purge", folder, "--yes")
