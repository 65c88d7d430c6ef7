"""The commissioner's report and the evaluator's edition, end to end through the CLI, read back
from the PDFs: outline and contents, every quote under its level and theme, each level's good
advice, the narrative sections (rendered, redacted, escaped), the synthesis, tagging, the PDF/A
variant, and that only the evaluator's edition shows where a quote comes from."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from helpers import add_quote, flat, ok, pdf_text, refused, run_cli
from study_files import (
    CITIZEN_ADVICE,
    CITIZEN_QUOTE,
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
THEME_CASEWORKER = "Samarbejdet med sagsbehandleren"
NAMED_QUOTE_REDACTED = "[navn på sagsbehandler] fra [kommunen] ringede altid tilbage samme dag"
LEVELS = [("R1", "Borgere"), ("R2", "Medarbejdere"), ("R3", "Ledere"), ("R4", "Politikere")]
SAID = {  # level -> [(theme, quote)] selected from that level's transcript
    "R1": [(THEME_CASEWORKER, NAMED_QUOTE_REDACTED), (THEME_CHAIN, CITIZEN_QUOTE)],
    "R2": [(THEME_CHAIN, FRONTLINE_REACTION)],
    "R3": [(THEME_CHAIN, LEADER_REACTION)],
    "R4": [(THEME_CHAIN, POLITICIAN_QUOTE)],
}
ADVICE = {"R1": CITIZEN_ADVICE, "R2": FRONTLINE_ADVICE, "R3": LEADER_ADVICE, "R4": POLITICIAN_ADVICE}
TRANSCRIPTS = ("borgere.txt", "sagsbehandlere.docx", "ledere.vtt", "politikere.srt")
SPEAKERS = ("SB1", "SB2", "Karen Holm", "Peter Dahl", "Anne Lund", "Bo Krag")
READING = "Borgerne holder selv trådene, og det kan de ikke overskue"

SUMMARY_MD = """# Resumé og hovedfund

Evalueringen viser, at **borgerne selv holder sammen på sagen**. Mette fra kommunen nævnes her.

## Hovedfund

* Relationen er ordningens styrke
* Travlheden mærkes som aflysninger

Her er et forsøg på at snyde: <script>alert('x')</script> og <b onclick="x">fed</b>.
"""
INTRODUCTION_MD = """Kommunen indførte ordningen for to år siden.

## Problemformulering

Hvordan oplever borgerne ordningen med koordinerende sagsbehandlere?
"""
SYNTHESIS_MD = "Niveauerne forklarer det samme problem på hver sin måde.\n"
LITERATURE_MD = "Krogstrup, H.K. (1997). *Brugerinddragelse og organisatorisk læring i den sociale sektor*. Århus: Systime.\n"
SYNTHESIS_TOML = f"""["{THEME_CHAIN}"]
agreement = "diverge"
reading.citizens = "{READING}."
reading.frontline = "Forklarer det med sagstallet."
"""


def outline_titles(reader: PdfReader) -> list[str]:
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    return titles


def page_texts(path: Path) -> list[str]:
    return [flat(page.extract_text() or "") for page in PdfReader(str(path)).pages]


def results_part(text: str) -> str:
    """The chapter Results: after the contents, up to the synthesis chapter."""
    start = text.index("Resultater", text.index("Bilag 1"))  # the contents end with the appendices
    return text[start: text.index("Sammenfatning på tværs af niveauerne", start)]


def level_part(results: str, n: int) -> str:
    round_, name = LEVELS[n]
    start = results.index(f"{round_}: {name}")
    if n + 1 < len(LEVELS):
        return results[start: results.index(f"{LEVELS[n + 1][0]}: {LEVELS[n + 1][1]}", start)]
    return results[start:]


@pytest.fixture(scope="module")
def study(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("report")
    files = write_study_files(root / "files")
    folder = root / "evaluering"
    ok("new", folder, "--title", TITLE)
    for level, group in (("citizens", "Borgergruppe A"), ("frontline", "Sagsbehandlerne"),
                         ("leaders", "Ledelsen"), ("politicians", "Udvalget")):
        ok("import", folder, "--level", level, files[level], "--group", group)
    ok("group", folder, "Borgergruppe A", "--level", "citizens", "--date", "2026-03-03", "--place", "Biblioteket")
    ids = {"citizen": add_quote(folder, "citizens", CITIZEN_QUOTE, "--theme", THEME_CHAIN, "--rationale", "Går igen")}
    ids["named"] = add_quote(folder, "citizens", "Mette fra Holmstrup Kommune ringede altid tilbage samme dag",
                             "--theme", THEME_CASEWORKER)
    add_quote(folder, "citizens", CITIZEN_ADVICE, "--advice")
    ids["frontline"] = add_quote(folder, "frontline", FRONTLINE_REACTION, "--theme", THEME_CHAIN,
                                 "--responds-to", ids["citizen"])
    add_quote(folder, "frontline", FRONTLINE_ADVICE, "--advice")
    ids["leader"] = add_quote(folder, "leaders", LEADER_REACTION, "--theme", THEME_CHAIN,
                              "--responds-to", ids["frontline"])
    add_quote(folder, "leaders", LEADER_ADVICE, "--advice")
    add_quote(folder, "politicians", POLITICIAN_QUOTE, "--theme", THEME_CHAIN)
    add_quote(folder, "politicians", POLITICIAN_ADVICE, "--advice")
    ok("redact", folder, "Holmstrup Kommune", "[kommunen]")
    ok("redact", folder, "Mette", "[navn på sagsbehandler]")

    status_before = ok("status", folder)
    (folder / "report").mkdir()
    for name, text in (("summary.md", SUMMARY_MD), ("introduction.md", INTRODUCTION_MD),
                       ("synthesis.md", SYNTHESIS_MD), ("literature.md", LITERATURE_MD),
                       ("synthesis.toml", SYNTHESIS_TOML)):
        (folder / "report" / name).write_text(text, encoding="utf-8")
    config = folder / "bikva.toml"
    settings = config.read_text(encoding="utf-8")
    settings = settings.replace("evaluators = []", 'evaluators = ["Anne Kjærgaard"]').replace('published = ""', "published = 2026-06-15")
    config.write_text(settings, encoding="utf-8")

    commissioner = run_cli("report", folder)  # output/report.pdf, the default edition
    assert commissioner.code == 0, commissioner.err
    ok("report", folder, "--edition", "evaluator")
    ok("report", folder, "--format", "html")
    ok("report", folder, "--edition", "evaluator", "--format", "html")
    archive = folder / "out" / "report-a3b.pdf"
    ok("report", folder, "--pdf-variant", "pdf/a-3b", "-o", archive)
    output = folder / "output"
    return {
        "folder": folder,
        "ids": ids,
        "status_before": status_before,
        "status_after": ok("status", folder),
        "stderr": commissioner.err,
        "pdf": output / "report.pdf",
        "evaluator_pdf": output / "report-evaluator.pdf",
        "html": (output / "report.html").read_text(encoding="utf-8"),
        "evaluator_html": (output / "report-evaluator.html").read_text(encoding="utf-8"),
        "archive": archive,
        "text": pdf_text(output / "report.pdf"),
        "evaluator_text": pdf_text(output / "report-evaluator.pdf"),
        "quotes": json.loads(ok("quote", "list", folder, "--json")),
    }


# ---------------------------------------------------------------- structure


@pytest.mark.parametrize("edition", ["pdf", "evaluator_pdf"])
def test_outline_lists_every_level_under_results(study, edition):
    titles = outline_titles(PdfReader(str(study[edition])))
    for round_, name in LEVELS:
        assert f"{round_}: {name}" in titles
    for chapter in ("Indhold", "Resumé og hovedfund", "Metode", "Resultater", "Sammenfatning på tværs af niveauerne",
                    "Litteratur", "Bilag 1: Interviewguide, R1 – Borgere"):
        assert chapter in titles
    assert titles.index("Resultater") < titles.index("R1: Borgere") < titles.index("R4: Politikere")
    assert not any(THEME_CHAIN in title for title in titles)  # themes are not in the outline


def test_contents_list_every_level_with_the_page_it_starts_on(study):
    pages = page_texts(study["pdf"])
    contents = next(i for i, text in enumerate(pages) if text.startswith("Indhold") or " Indhold " in text[:40])
    for round_, name in LEVELS:
        match = re.search(rf"{round_}: {name}\s*\.+\s*(\d+)", pages[contents])
        assert match, (round_, pages[contents])
        first = next(i for i in range(contents + 1, len(pages)) if f"{round_}: {name}" in pages[i])
        assert int(match.group(1)) == first + 1


def test_every_selected_quote_is_under_its_level_and_theme(study):
    results = results_part(study["text"])
    for n, (round_, _name) in enumerate(LEVELS):
        part = level_part(results, n)
        for theme, quote in SAID[round_]:
            assert theme in part and quote in part, (round_, quote)
            assert part.index(theme) < part.index(quote), (round_, theme)
    r1 = level_part(results, 0)
    assert r1.index(THEME_CASEWORKER) < r1.index(NAMED_QUOTE_REDACTED) < r1.index(THEME_CHAIN) < r1.index(CITIZEN_QUOTE)
    assert "– Borger, R1" in r1


def test_each_level_ends_with_its_good_advice(study):
    results = results_part(study["text"])
    headings = ["Gode råd fra borgerne til medarbejderne", "Gode råd fra medarbejderne til lederne",
                "Gode råd fra lederne til politikerne", "Konklusioner og gode råd fra politikerne"]
    for n, (round_, _name) in enumerate(LEVELS):
        part = level_part(results, n)
        assert part.index(headings[n]) < part.index(ADVICE[round_])
        assert all(part.index(quote) < part.index(headings[n]) for _theme, quote in SAID[round_])


# ---------------------------------------------------------------- editions


def test_commissioner_edition_shows_no_provenance(study):
    body = re.sub(r"<style>.*?</style>", "", study["html"], flags=re.S)  # the print styles are shared
    for text in (study["text"], body):
        assert "Citatregister" not in text
        for name in TRANSCRIPTS:
            assert name not in text
        assert not re.search(r"\b(replik\w*|turn)\b", text, re.IGNORECASE)
        assert "Evaluatorens udgave" not in text
        for name in SPEAKERS + ("Mette", "Holmstrup"):
            assert name not in text
    # The commissioner's edition is the report itself: no edition label (a final one says
    # "1. udgave", see test_report_editions.py); this one, not made with --final, is a draft.
    assert "Opdragsgiverens udgave" not in study["text"]
    assert "UDKAST" in study["text"] and "Udkast – ikke til offentliggørelse" in study["text"]


def test_evaluator_edition_has_the_quote_register_with_ids_and_transcripts(study):
    text = study["evaluator_text"]
    contents_entry = text.index("Bilag 5: Citatregister")
    register = text[text.index("Bilag 5: Citatregister", contents_entry + 1):]
    assert "Citatregister" in outline_titles(PdfReader(str(study["evaluator_pdf"])))[-1]
    for row in study["quotes"]:
        transcript = TRANSCRIPTS[row["round"] - 1]
        assert re.search(rf"\b{row['id']} R{row['round']} .*?{re.escape(transcript)} {row['turn']}\b", register), row
    for name in TRANSCRIPTS:
        assert name in register
    # Every quote carries its register number in the results, for the audit.
    assert f"(nr. {study['ids']['citizen']})" in results_part(text)
    for name in SPEAKERS + ("Mette", "Holmstrup"):
        assert name not in text


def test_missing_sections_are_left_out_for_the_commissioner_and_marked_for_the_evaluator(study):
    assert "Anbefalinger" not in outline_titles(PdfReader(str(study["pdf"])))
    assert "Anbefalinger" in outline_titles(PdfReader(str(study["evaluator_pdf"])))
    assert "Ikke skrevet endnu. Afsnittet skrives i report/recommendations.md" in study["evaluator_text"]
    assert "Ikke skrevet endnu" not in study["text"]
    assert "bikva status" in study["stderr"]


# ---------------------------------------------------------------- narrative sections


def test_narrative_markdown_is_rendered_redacted_and_escaped(study):
    html = study["html"]
    assert '<h1>Resumé og hovedfund</h1>' in html  # the file's own title becomes the chapter's
    assert "<h2>Hovedfund</h2>" in html
    assert "<strong>borgerne selv holder sammen på sagen</strong>" in html
    assert "<li>Relationen er ordningens styrke</li>" in html
    assert "<script>" not in html and "onclick" not in html.replace("&quot;", '"').split("&lt;b ")[0]
    assert "&lt;script&gt;alert(" in html
    assert "<b " not in html
    text = study["text"]
    assert "Hovedfund" in text and "Relationen er ordningens styrke" in text
    assert "Mette" not in html and "Mette" not in text
    assert "[navn på sagsbehandler] fra kommunen" in html
    assert text.index("Resumé og hovedfund") < text.index("Problemformulering") < text.index("Metode", text.index("Bilag 1"))


def test_status_lists_the_report_sections_still_missing(study, tmp_path):
    before = study["status_before"]
    for name in ("summary", "introduction", "synthesis", "recommendations", "literature"):
        assert f"report/{name}.md" in before
    assert "report/ethics.md" not in before  # optional: a standard text stands in for it
    assert f"report/synthesis.toml, temaet »{THEME_CHAIN}«: agreement, reading.citizens" in before
    assert "bikva.toml, [report]: evaluators, published" in before
    after = study["status_after"]
    assert "report/recommendations.md" in after
    assert "report/summary.md" not in after and "bikva.toml, [report]" not in after
    assert f"temaet »{THEME_CHAIN}«: reading.leaders, reading.politicians" in after
    assert f"temaet »{THEME_CASEWORKER}«: reading.citizens" in after
    as_json = json.loads(ok("status", study["folder"], "--json"))
    assert any("report/recommendations.md" in item for item in as_json["report_missing"])


# ---------------------------------------------------------------- synthesis


def test_synthesis_sets_the_levels_side_by_side_with_chain_figures(study):
    text = study["text"]
    synthesis = text[text.index("Sammenfatning på tværs af niveauerne", text.index("Bilag 1")):text.index("Litteratur", text.index("Bilag 1"))]
    assert "Niveauerne forklarer det samme problem på hver sin måde." in synthesis
    assert "Uenige" in synthesis and READING in synthesis
    assert "Kun ét niveau" in synthesis  # the caseworker theme: only the citizens spoke of it
    assert "Figur 1." in synthesis
    # The chain figure is vector graphics with real text: the citizen quote's start and the
    # reactions' attributions can be read from the page, and no page holds a raster image.
    assert "»Jeg er selv tovholder på" in synthesis
    assert "Medarbejder, R2" in synthesis and "Leder, R3" in synthesis
    reader = PdfReader(str(study["pdf"]))
    assert all(not page.images for page in reader.pages)
    html = study["html"]
    assert html.count('<img src="data:image/svg+xml;charset=utf-8,') == 1
    assert 'alt="Kæde af udsagn om temaet Sammenhæng i indsatsen. Borger, R1 siger: »Jeg er selv' in html


# ---------------------------------------------------------------- PDF


def test_pdf_is_tagged_with_language_and_title(study):
    for path in (study["pdf"], study["evaluator_pdf"], study["archive"]):
        reader = PdfReader(str(path))
        root = reader.trailer["/Root"]
        assert "/StructTreeRoot" in root, path.name
        assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a PDF boolean object)
        assert root["/Lang"] == "da"
        assert reader.metadata.title.startswith("Koordinerende sagsbehandlere i [kommunen]")
    metadata = PdfReader(str(study["pdf"])).trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"pdfuaid" in metadata


def test_pdf_a_variant_for_archiving(study):
    metadata = PdfReader(str(study["archive"])).trailer["/Root"]["/Metadata"].get_object().get_data()
    assert re.search(rb"pdfaid:part(>|=\")3", metadata)
    assert CITIZEN_QUOTE in pdf_text(study["archive"])


def test_an_unknown_pdf_variant_is_refused_in_one_line(study, tmp_path):
    target = tmp_path / "r.pdf"
    line = refused(study["folder"], "report", study["folder"], "--pdf-variant", "pdf/z-9", "-o", target)
    assert "pdf/z-9" in line and "pdf/ua-1" in line and "pdf/a-3b" in line
    assert not target.exists()


def test_english_report_and_a_new_evaluation_have_the_report_settings(tmp_path):
    folder = tmp_path / "en"
    ok("new", folder, "--title", "Coordinating caseworkers", "--lang", "en", "--levels", "citizens,frontline,leaders")
    assert "[report]" in (folder / "bikva.toml").read_text(encoding="utf-8")
    status = ok("status", folder)
    assert "omitted_reason (why the politicians are left out)" in status
    html = (Path(ok("report", folder, "--format", "html").strip().splitlines()[-1])).read_text(encoding="utf-8")
    for heading in ("Colophon", "Contents", "Method", "Results", "Synthesis across the levels",
                    "Ethics and anonymisation", "Data collection"):
        assert heading in html
    assert '<html lang="en">' in html
    assert "Resumé" not in html and "Metode" not in html
