"""What a commissioner and the people who took part receive: consent as the registry has it,
method parts the evaluator owns, literature cited and listed, draft or final visibly, chain
figures that say what they show, and the participants' short edition with its LIX."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from helpers import add_quote, flat, ok, pdf_text, refused, run_cli
from study_files import (
    CITIZEN_ADVICE,
    CITIZEN_NAMED_QUOTE,
    CITIZEN_QUOTE,
    FRONTLINE_ADVICE,
    FRONTLINE_REACTION,
    LEADER_ADVICE,
    LEADER_REACTION,
    POLITICIAN_ADVICE,
    POLITICIAN_QUOTE,
    write_study_files,
)

THEME_CHAIN = "Sammenhæng i indsatsen"
THEME_TIME = "Samarbejdet med sagsbehandleren"
GROUPS = {"citizens": "Borgergruppe A", "frontline": "Sagsbehandlerne", "leaders": "Ledelsen", "politicians": "Udvalget"}
BIB = """@book{krogstrup1997,
  author = {Krogstrup, Hanne Kathrine},
  title = {Brugerinddragelse og organisatorisk l{\\ae}ring i den sociale sektor},
  publisher = {Systime}, address = {{\\AA}rhus}, year = {1997}
}
@book{krogstrup2019,
  author = {Krogstrup, Hanne Kathrine and Brix, Jacob},
  title = {Co-produktion i den offentlige sektor},
  publisher = {Hans Reitzels Forlag}, address = {København}, year = {2019}
}
@book{halkier2016,
  author = {Halkier, Bente}, title = {Fokusgrupper}, edition = {3},
  publisher = {Samfundslitteratur}, address = {Frederiksberg}, year = {2016}
}
"""
TEXTS = {
    "summary.md": "Borgerne holder selv sammen på sagen.\n",
    "introduction.md": "Vi har valgt BIKVA-modellen [@krogstrup1997].\n",
    "synthesis.md": "Niveauerne forklarer det samme problem på hver sin måde [@krogstrup2019, s. 12].\n",
    "recommendations.md": "1. Lav ét fælles sagstal.\n",
    "literature.bib": BIB,
    "method/recruitment.md": "Borgerne blev inviteret gennem deres sagsbehandlere. To sagde nej.\n",
    "method/limitations.md": "Fire interview kan ikke vise, hvor udbredt oplevelserne er.\n",
    "participants.md": "# Det fandt vi ud af\n\nI er glade for jeres faste sagsbehandler. Men I må selv holde styr på papirerne.\n\n"
                       "## Hvad sker der nu?\n\nRapporten går til udvalget. Vi holder et møde, hvor I er inviteret.\n",
}


def make_study(root: Path) -> Path:
    files = write_study_files(root / "files")
    folder = root / "evaluering"
    ok("new", folder, "--title", "Koordinerende sagsbehandlere i Holmstrup Kommune")
    for level, group in GROUPS.items():
        ok("import", folder, "--level", level, files[level], "--group", group)
    citizen = add_quote(folder, "citizens", CITIZEN_QUOTE, "--theme", THEME_CHAIN)
    add_quote(folder, "citizens", CITIZEN_ADVICE, "--advice")
    named = add_quote(folder, "citizens", CITIZEN_NAMED_QUOTE, "--theme", THEME_TIME)
    add_quote(folder, "frontline", FRONTLINE_REACTION, "--theme", THEME_CHAIN, "--responds-to", citizen)
    add_quote(folder, "frontline", FRONTLINE_ADVICE, "--advice")
    add_quote(folder, "leaders", LEADER_REACTION, "--theme", THEME_TIME, "--responds-to", named)
    add_quote(folder, "leaders", LEADER_ADVICE, "--advice")
    add_quote(folder, "politicians", POLITICIAN_QUOTE, "--theme", THEME_TIME)
    add_quote(folder, "politicians", POLITICIAN_ADVICE, "--advice")
    ok("redact", folder, "Holmstrup Kommune", "[kommunen]")
    ok("redact", folder, "Mette", "[navn på sagsbehandler]")
    return folder


def participants_of(folder: Path) -> dict[str, list[str]]:
    """The participants each level's import registered, by label, as `bikva participant list`
    shows them (ask the registry, not guess the labels)."""
    levels = list(GROUPS)
    found: dict[str, list[str]] = {level: [] for level in levels}
    for line in ok("participant", "list", folder).splitlines():
        cells = re.split(r"\s{2,}", line.strip())
        if re.fullmatch(r"R\d", cells[0]):
            found[levels[int(cells[0][1]) - 1]].append(cells[2])
    return found


def give_consent(folder: Path, level: str, label: str, version: str = "2026-1") -> None:
    ok("participant", "add", folder, label, "--level", level, "--group", GROUPS[level],
       "--consent-date", "2026-02-10", "--consent-version", version)


def write_texts(folder: Path, texts: dict[str, str]) -> None:
    for name, text in texts.items():
        path = folder / "report" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


# Which levels said something under which theme in make_study: the results texts and the
# synthesis readings need a section and a reading for each.
SAID = {THEME_CHAIN: ["citizens", "frontline"], THEME_TIME: ["citizens", "leaders", "politicians"]}


def complete(folder: Path) -> None:
    """Everything `bikva status` asks for: texts, results, readings, colophon, consent."""
    write_texts(folder, TEXTS)
    synthesis = "".join(
        f'["{theme}"]\nagreement = "diverge"\nlevels = {levels}\n'.replace("'", '"')
        + "".join(f'reading.{level} = "Læsning."\n' for level in levels)
        for theme, levels in SAID.items())
    write_texts(folder, {"synthesis.toml": synthesis})
    write_texts(folder, {f"results/{level}.md": "Niveauets udsagn læst samlet.\n\n" + "".join(
        f"## {theme}\n\nLæst samlet.\n\n" for theme, levels in SAID.items() if level in levels) for level in GROUPS})
    config = folder / "bikva.toml"
    text = config.read_text(encoding="utf-8")
    for name, value in (("organisation", "Professionshøjskolen Midt"), ("commissioner", "Beskæftigelsesforvaltningen"),
                        ("purpose", "At forbedre ordningen."), ("contact", "Anne Kjærgaard, 87 00 12 34"),
                        ("controller", "Professionshøjskolen Midt"), ("dpo", "Databeskyttelsesrådgiveren"),
                        ("legal_basis", "consent"), ("delete_by", "2027-06-30")):
        text = re.sub(rf'^{name} = ""', f'{name} = "{value}"', text, count=1, flags=re.M)
    text = text.replace("evaluators = []", 'evaluators = ["Anne Kjærgaard"]').replace('published = ""', "published = 2026-06-15")
    config.write_text(text, encoding="utf-8")
    for level, labels in participants_of(folder).items():
        for label in labels:
            give_consent(folder, level, label)


def html_report(folder: Path, *extra: object) -> str:
    path = Path(ok("report", folder, "--format", "html", *extra).strip().splitlines()[-1])
    return path.read_text(encoding="utf-8")


def ethics_text(html: str) -> str:
    part = html[html.index('<h2 id="ethics">'):]
    return flat(re.sub(r"<[^>]+>", " ", part[: part.index("</section>")]))


@pytest.fixture(scope="module")
def study(tmp_path_factory) -> Path:
    return make_study(tmp_path_factory.mktemp("editions"))


# ---------------------------------------------------------------- consent


def test_the_consent_sentence_follows_the_registry(tmp_path):
    folder = make_study(tmp_path)
    registered = participants_of(folder)
    total = sum(len(labels) for labels in registered.values())
    assert total >= 6  # the sample transcripts' informants

    none = ethics_text(html_report(folder))
    assert f"Der er ikke registreret skriftligt samtykke fra de {total} deltagere." in none
    assert "Hver deltager skrev under" not in none
    status = ok("status", folder)
    assert f"Samtykke er ikke registreret for {total} af {total} deltagere" in status

    give_consent(folder, "citizens", registered["citizens"][0], version="2026-1")
    some = ethics_text(html_report(folder))
    assert f"1 af de {total} deltagere har skrevet under på en samtykkeerklæring" in some
    assert f"1 af {len(registered['citizens'])} borgere" in some
    assert "version 2026-1" in some
    result = run_cli("report", folder, "--format", "html")
    assert f"samtykke er ikke registreret for {total - 1} af {total} deltagere" in result.err

    for level, labels in registered.items():
        for label in labels:
            give_consent(folder, level, label, version="2026-2" if level == "politicians" else "2026-1")
    every = ethics_text(html_report(folder))
    assert f"Alle {total} deltagere har skrevet under på en samtykkeerklæring" in every
    assert "versionerne 2026-1 og 2026-2" in every
    assert "Samtykke er ikke registreret" not in ok("status", folder)


# ---------------------------------------------------------------- method parts


def test_a_method_part_file_replaces_the_default_and_a_plus_line_extends_it(study):
    default = "Alle fire niveauer i BIKVA-modellen indgår i evalueringen."
    assert default in html_report(study)
    write_texts(study, {"method/design.md": "Vi valgte alle fire niveauer, fordi ordningen er politisk besluttet.\n"})
    replaced = html_report(study)
    assert "Vi valgte alle fire niveauer, fordi ordningen er politisk besluttet." in replaced
    assert default not in replaced
    write_texts(study, {"method/design.md": "+\nDerudover holdt vi et opfølgende møde.\n"})
    extended = html_report(study)
    assert default in extended and "Derudover holdt vi et opfølgende møde." in extended
    assert extended.index(default) < extended.index("Derudover holdt vi")
    (study / "report" / "method" / "design.md").unlink()


def test_recruitment_and_limitations_are_named_until_written(study):
    status = ok("status", study)
    if not (study / "report" / "method" / "recruitment.md").exists():
        assert "report/method/recruitment.md" in status and "report/method/limitations.md" in status
    write_texts(study, {"method/rekruttering.md": "Forkert navn.\n"})
    assert "report/method/rekruttering.md: ikke et afsnit i metodekapitlet" in ok("status", study)
    (study / "report" / "method" / "rekruttering.md").unlink()


# ---------------------------------------------------------------- literature


def test_cited_works_are_listed_uncited_and_unknown_keys_named_by_status(tmp_path):
    folder = make_study(tmp_path)
    write_texts(folder, {"literature.bib": BIB,
                         "introduction.md": "Modellen [@krogstrup1997] og senere [@krogstrup2019, s. 12].\n",
                         "summary.md": "Ifølge en ukendt kilde [@nobody2020].\n",
                         "method/analysis.md": "+\nSom det blev skrevet for over tyve år siden [-@krogstrup1997].\n"})
    html = html_report(folder, "--edition", "evaluator")
    assert "Modellen (Krogstrup 1997) og senere (Krogstrup &amp; Brix 2019, s. 12)." in html
    assert "Som det blev skrevet for over tyve år siden (1997)." in html
    literature = html[html.index('id="literature"'):]
    literature = literature[: literature.index("</section>")]
    assert "Krogstrup, H.K. (1997). <em>Brugerinddragelse og organisatorisk læring i den sociale sektor</em>. Århus: Systime." in literature
    assert "Krogstrup, H.K. &amp; Brix, J. (2019)." in literature
    assert "Halkier" not in literature  # in the .bib, never cited
    assert "[@nobody2020]" in html  # left as written, for the evaluator to see
    status = ok("status", folder)
    assert re.search(r"literature\.bib: står i listen, men er ikke nævnt i teksten.*halkier2016", status)
    assert re.search(r"Henvisninger til kilder, der ikke står i report/literature\.bib: nobody2020", status)
    assert "krogstrup1997" not in status


# ---------------------------------------------------------------- draft and final


def test_a_draft_says_udkast_on_its_title_page_and_running_header_and_final_is_refused(tmp_path):
    folder = make_study(tmp_path)
    draft = Path(ok("report", folder).strip().splitlines()[-1])
    pages = [flat(page.extract_text() or "") for page in PdfReader(str(draft)).pages]
    assert "UDKAST" in pages[0]  # the title page
    later = [text for text in pages[2:] if text]
    assert later and all("UDKAST" in text for text in later)  # the running header of every page
    target = folder / "output" / "endelig.pdf"
    line = refused(folder, "report", folder, "--final", "-o", target, key="report.final.refused")
    count = int(re.search(r"(\d+) ting mangler", line).group(1))
    assert count >= 3 and "bikva status" in line
    assert not target.exists()

    complete(folder)
    assert "Rapportens afsnit: alle er skrevet." in ok("status", folder)
    final = Path(ok("report", folder, "--final", "-o", target).strip().splitlines()[-1])
    text = pdf_text(final)
    assert "udkast" not in text.lower()
    assert "1. udgave" in text and "Opdragsgiverens udgave" not in text
    html = html_report(folder, "--final")
    assert "udkast" not in html.lower()


# ---------------------------------------------------------------- figures


def test_figure_captions_name_the_theme_and_the_statement_and_differ(study):
    html = html_report(study)
    captions = [flat(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<figcaption>(.*?)</figcaption>", html, re.S)]
    assert len(captions) >= 2
    assert len(set(c.split(". ", 1)[1] for c in captions)) == len(captions)
    assert any(THEME_CHAIN in c and "»Jeg er selv tovholder på min egen sag" in c for c in captions)
    assert any(THEME_TIME in c for c in captions)


def test_a_long_quote_in_a_figure_is_shortened_after_a_whole_sentence():
    from bikva.documents.views import LevelInfo, QuoteView
    from bikva.output.figures import chain_figure

    citizens = LevelInfo("citizens", 1, "Borgere", "Borger")
    frontline = LevelInfo("frontline", 2, "Medarbejdere", "Medarbejder")
    first = "Jeg skal selv sørge for, at papirerne kommer fra psykiatrien over til jobcentret."
    long_text = " ".join([first] + ["Og så ringer jeg igen og igen, fordi ingen svarer mig på noget som helst."] * 6)
    reply = QuoteView(2, "Det kender vi godt.", "Medarbejder, R2", "Tema", frontline)
    root = QuoteView(1, long_text, "Borger, R1", "Tema", citizens, reactions=[reply])
    figure = chain_figure("da", "Tema", root)
    assert f"»{first} […]«" in figure.alt.replace("  ", " ") or ". […]" in figure.alt
    shown = figure.alt.split("siger: »", 1)[1].split("«", 1)[0]
    assert shown.endswith(". […]")  # cut after a full stop, never mid-phrase
    assert "»Det kender vi godt.«" in figure.alt  # a short quote stays whole
    assert figure.caption(3).startswith("Figur 3. Tema: »Jeg skal selv sørge for, at papirerne kommer …« (Borger, R1)")


# ---------------------------------------------------------------- participants' edition


def test_the_participants_edition_is_short_plain_and_its_lix_is_in_status(tmp_path):
    folder = make_study(tmp_path)
    missing = ok("status", folder)
    assert "report/participants.md er ikke skrevet" in missing
    fallback = Path(ok("report", folder, "--edition", "participants").strip().splitlines()[-1])
    assert fallback.name == "report-participants.pdf"
    text = pdf_text(fallback)
    assert "UDKAST" in text and "lavet automatisk ud fra rapportens overskrifter" in text
    assert THEME_CHAIN in text

    complete(folder)
    status = ok("status", folder)
    lix = re.search(r"report/participants\.md: LIX (\d+) \((\w+( \w+)?)\)", status)
    assert lix and 10 <= int(lix.group(1)) <= 40
    path = Path(ok("report", folder, "--edition", "participants", "--final").strip().splitlines()[-1])
    reader = PdfReader(str(path))
    assert 2 <= len(reader.pages) <= 4
    text = pdf_text(path)
    assert "I er glade for jeres faste sagsbehandler." in text and "Hvad sker der nu?" in text
    for advice in (CITIZEN_ADVICE, FRONTLINE_ADVICE, LEADER_ADVICE, POLITICIAN_ADVICE):
        assert advice in text
    assert "Citatregister" not in text and "UDKAST" not in text
    assert not re.search(r"\b(Borger|Medarbejder|Leder|Politiker), R\d", text)  # no attribution beyond the level
    assert not re.search(r"nr\. \d", text)
    for quote in (CITIZEN_QUOTE, FRONTLINE_REACTION, LEADER_REACTION):
        assert quote not in text  # statements stay in the commissioner's report
