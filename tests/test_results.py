"""The evaluator's analysis in the results (report/results/<level>.md) and claims traceable to
the quotes they rest on ([[N]]): read back from the PDFs and from `bikva status`."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject

from helpers import add_quote, flat, ok, pdf_text
from study_files import CITIZEN_ADVICE, CITIZEN_QUOTE, FRONTLINE_REACTION, LEADER_REACTION, POLITICIAN_QUOTE, write_study_files

TITLE = "Koordinerende sagsbehandlere"
THEME_CHAIN = "Sammenhæng i indsatsen"
THEME_CASEWORKER = "Samarbejdet med sagsbehandleren"
UNCITED = "Det er ventetiden, der slider"  # selected under THEME_CHAIN, cited nowhere
NAMED = "Mette fra Holmstrup Kommune ringede altid tilbage samme dag"  # its speaker withdraws
CASEWORKER_QUOTE = "Der er så mange, der ringer"
INTRO = "Fem borgere deltog i interviewet, og de talte mest om at holde sammen på deres sag."
ANALYSIS = "Borgerne giver udtryk for, at de selv må holde trådene. En af borgerne fortæller:"
AFTER = "Flere i gruppen nikkede til det."
OTHER = "Andre udvalgte udsagn om temaet"


@pytest.fixture(scope="module")
def study(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("results")
    files = write_study_files(root / "files")
    folder = root / "evaluering"
    ok("new", folder, "--title", TITLE)
    for level in ("citizens", "frontline", "leaders", "politicians"):
        ok("import", folder, "--level", level, files[level])
    ids = {"citizen": add_quote(folder, "citizens", CITIZEN_QUOTE, "--theme", THEME_CHAIN)}
    ids["uncited"] = add_quote(folder, "citizens", UNCITED, "--theme", THEME_CHAIN)
    ids["named"] = add_quote(folder, "citizens", NAMED, "--theme", THEME_CASEWORKER)
    ids["caseworker"] = add_quote(folder, "citizens", CASEWORKER_QUOTE, "--theme", THEME_CASEWORKER)
    ids["advice"] = add_quote(folder, "citizens", CITIZEN_ADVICE, "--advice")
    ids["frontline"] = add_quote(folder, "frontline", FRONTLINE_REACTION, "--theme", THEME_CHAIN,
                                 "--responds-to", ids["citizen"])
    ids["leader"] = add_quote(folder, "leaders", LEADER_REACTION, "--theme", THEME_CHAIN,
                              "--responds-to", ids["frontline"])
    ids["politician"] = add_quote(folder, "politicians", POLITICIAN_QUOTE, "--theme", THEME_CHAIN)
    ids["removed"] = add_quote(folder, "citizens", "Og det værste er ventetiden", "--theme", THEME_CHAIN)
    ok("quote", "remove", folder, ids["removed"])
    ok("redact", folder, "Holmstrup Kommune", "[kommunen]")
    ok("redact", folder, "Mette", "[navn på sagsbehandler]")
    ok("participant", "withdraw", folder, "B2", "--level", "citizens")  # said NAMED

    results = folder / "report" / "results"
    results.mkdir(parents=True)
    (results / "citizens.md").write_text(
        f"{INTRO}\n\n## {THEME_CHAIN}\n\n{ANALYSIS} [[{ids['citizen']}]]\n\n{AFTER}\n\n"
        f"## Noget helt andet\n\nEn tekst uden tema.\n", encoding="utf-8")
    (results / "frontline.md").write_text(
        f"## {THEME_CHAIN.upper()}\n\nMedarbejderne forklarer det med sagstallet:\n\n[[{ids['frontline']}]]\n",
        encoding="utf-8")
    (folder / "report" / "recommendations.md").write_text(
        f"1. **Færre sager.** Giv sagsbehandlerne tid til at samle trådene [[{ids['citizen']}]] [[{ids['frontline']}]].\n"
        f"2. **Ring tilbage.** Som borgerne beder om [[{ids['advice']}]] og [[{ids['named']}]] "
        f"og [[{ids['removed']}]] og [[999]].\n", encoding="utf-8")
    (folder / "report" / "synthesis.toml").write_text(
        f'["{THEME_CHAIN}"]\nagreement = "diverge"\n'
        f'reading.citizens = "Holder selv trådene [[{ids["citizen"]}]]."\n\n'
        f'["{THEME_CASEWORKER}"]\nagreement = "agree"\n'
        f'reading.citizens = "Bliver ringet op [[{ids["named"]}]]."\n', encoding="utf-8")

    ok("report", folder)
    ok("report", folder, "--edition", "evaluator")
    ok("report", folder, "--format", "html")
    output = folder / "output"
    return {
        "folder": folder,
        "ids": ids,
        "pdf": output / "report.pdf",
        "text": pdf_text(output / "report.pdf"),
        "evaluator_text": pdf_text(output / "report-evaluator.pdf"),
        "html": (output / "report.html").read_text(encoding="utf-8"),
        "status": flat(ok("status", folder)),
        "status_json": json.loads(ok("status", folder, "--json")),
    }


def results_part(text: str) -> str:
    start = text.index("Resultater", text.index("Bilag 1"))  # past the contents
    return text[start: text.index("Sammenfatning på tværs af niveauerne", start)]


def level_part(text: str, title: str, following: str) -> str:
    results = results_part(text)
    start = results.index(title)
    return results[start: results.index(following, start)]


# ---------------------------------------------------------------- the analysis


def test_a_cited_quote_is_printed_in_the_analysis_with_its_attribution_not_again_in_the_list(study):
    r1 = level_part(study["text"], "R1: Borgere", "R2: Medarbejdere")
    assert INTRO in r1  # the text before the first theme introduces the level
    quote_at = r1.index(CITIZEN_QUOTE)
    assert r1.index(ANALYSIS) < quote_at < r1.index(AFTER)
    assert r1[quote_at:].startswith(f"{CITIZEN_QUOTE} – Borger, R1 (nr. {study['ids']['citizen']})")
    assert r1.count(CITIZEN_QUOTE) == 1
    assert r1.index(AFTER) < r1.index(OTHER) < r1.index(UNCITED)


def test_a_selected_quote_the_text_does_not_cite_is_listed_after_it(study):
    r1 = level_part(study["text"], "R1: Borgere", "R2: Medarbejdere")
    uncited = r1[r1.index(OTHER):]
    assert f"{UNCITED} – Borger, R1 (nr. {study['ids']['uncited']})" in uncited
    assert CITIZEN_QUOTE not in uncited


def test_a_level_without_its_analysis_is_printed_as_before_and_status_names_the_file(study):
    r3 = level_part(study["text"], "R3: Ledere", "R4: Politikere")
    assert "Her gengives de udvalgte udsagn fra runde 3" in r3 and LEADER_REACTION in r3
    assert "report/results/leaders.md (analysen af runde 3, samtalen med lederne)" in study["status"]
    assert "report/results/citizens.md (" not in study["status"]
    assert "Analysen af dette niveau er ikke skrevet endnu" in study["evaluator_text"]
    assert "Analysen af dette niveau er ikke skrevet endnu" not in study["text"]


def test_a_frontline_reaction_is_preceded_by_the_start_of_the_statement_it_answers(study):
    r2 = level_part(study["text"], "R2: Medarbejdere", "R3: Ledere")
    note = f"Reaktion på nr. {study['ids']['citizen']}: »Jeg er selv tovholder på min egen …«"
    assert note in r2
    assert r2.index("Medarbejderne forklarer det med sagstallet:") < r2.index(note) < r2.index(FRONTLINE_REACTION)
    assert CITIZEN_QUOTE not in r2  # the short form, not the whole statement again


def test_a_heading_that_names_no_theme_is_printed_and_named_by_status(study):
    r1 = level_part(study["text"], "R1: Borgere", "R2: Medarbejdere")
    assert "Noget helt andet En tekst uden tema." in r1
    assert "report/results/citizens.md: overskriften »Noget helt andet« er ikke navnet på et tema" in study["status"]
    # THEME_CHAIN written in capitals in frontline.md still names the theme.
    assert "report/results/frontline.md: overskriften" not in study["status"]


# ---------------------------------------------------------------- traceable claims


def _link_targets(reader: PdfReader, page_index: int) -> list[tuple[str, int]]:
    """(destination, page index) of each internal link on the page."""
    targets = []
    for ref in reader.pages[page_index].get("/Annots", []):
        annotation = ref.get_object()
        if annotation.get("/Subtype") != "/Link":
            continue
        dest = annotation.get("/Dest")
        if dest is None and "/A" in annotation:
            dest = annotation["/A"].get_object().get("/D")
        if dest is None:
            continue
        if isinstance(dest, ArrayObject):  # an explicit destination: [page /XYZ ...]
            targets.append(("", reader.get_page_number(dest[0].get_object())))
        else:
            named = reader.named_destinations[str(dest)]
            targets.append((str(dest), reader.get_destination_page_number(named)))
    return targets


def test_a_recommendations_reference_is_an_internal_link_to_the_page_of_the_quote(study):
    reader = PdfReader(str(study["pdf"]))
    pages = [flat(page.extract_text() or "") for page in reader.pages]
    contents_end = next(i for i, text in enumerate(pages) if text.startswith("Resumé") or "Metode" in text[:20])
    quote_page = next(i for i in range(contents_end, len(pages)) if CITIZEN_QUOTE in pages[i])
    recommendations = next(i for i in range(contents_end, len(pages)) if pages[i].startswith("Anbefalinger"))
    assert f"(nr. {study['ids']['citizen']}, {study['ids']['frontline']})" in pages[recommendations]
    targets = _link_targets(reader, recommendations)
    assert (f"q{study['ids']['citizen']}", quote_page) in targets or ("", quote_page) in targets
    # Every printed quote has its anchor once: in its level's section.
    html = study["html"]
    for key in ("citizen", "uncited", "caseworker", "frontline", "leader", "politician", "advice"):
        assert html.count(f'id="q{study["ids"][key]}"') == 1, key


def test_synthesis_readings_link_their_quotes_and_show_numbers_not_counts(study):
    html = study["html"]
    synthesis = html[html.index('id="synthesis"'):]
    assert f'Holder selv trådene <span class="quote-ref">(nr. <a href="#q{study["ids"]["citizen"]}">' in synthesis
    assert "Enighed mellem niveauerne" in synthesis and "Evaluatorernes tolkning" in synthesis
    assert "Niveauerne</th>" not in synthesis and "Evaluatorernes læsning" not in synthesis


def test_a_withdrawn_quote_is_never_printed_and_its_reference_is_marked_for_the_evaluator(study):
    for text in (study["text"], study["evaluator_text"]):
        assert "ringede altid tilbage samme dag" not in text
    named = study["ids"]["named"]
    assert f"[[{named}]]: citatet er fra en deltager, der har trukket sit samtykke tilbage" in study["evaluator_text"]
    assert f"[[{named}]]" not in study["text"]


def test_status_flags_an_agreement_mark_without_statements_and_references_that_cannot_be_used(study):
    ids = study["ids"]
    expected = [
        f"report/synthesis.toml, temaet »{THEME_CASEWORKER}«: vurderingen »enige« omfatter medarbejderne, "
        "lederne og politikerne, men der er ingen udsagn fra dem om temaet",
        f"report/recommendations.md: [[{ids['named']}]] kan ikke bruges: citatet er fra en deltager, "
        "der har trukket sit samtykke tilbage",
        f"report/synthesis.toml: [[{ids['named']}]] kan ikke bruges: citatet er fra en deltager",
        f"report/recommendations.md: [[{ids['removed']}]] kan ikke bruges: citatet er fjernet fra udvalget",
        "report/recommendations.md: [[999]] kan ikke bruges: der findes intet citat med det nummer",
    ]
    for line in expected:
        assert line in study["status"], line
        assert any(line in item for item in study["status_json"]["report_missing"]), line
    assert (f"report/results/citizens.md: temaet »{THEME_CASEWORKER}« har udvalgte udsagn, men intet afsnit"
            in study["status"])
    # All four levels spoke about THEME_CHAIN: its mark covers them all, nothing to flag.
    assert f"temaet »{THEME_CHAIN}«: vurderingen" not in study["status"]
    # A citation that can be used is not named.
    assert f"[[{ids['citizen']}]]" not in study["status"]


def test_an_agreement_mark_limited_to_the_levels_that_spoke_is_not_flagged(study, tmp_path):
    folder = study["folder"]
    path = folder / "report" / "synthesis.toml"
    before = path.read_text(encoding="utf-8")
    try:
        path.write_text(before.replace('agreement = "agree"', 'agreement = "agree"\nlevels = ["citizens"]'),
                        encoding="utf-8")
        status = flat(ok("status", folder))
    finally:
        path.write_text(before, encoding="utf-8")
    assert f"temaet »{THEME_CASEWORKER}«: vurderingen" not in status
