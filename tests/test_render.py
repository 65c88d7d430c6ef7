"""Guides and report: HTML, Markdown and PDF from hand-built views."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader

from bikva.output import render
from bikva.documents.views import (
    AdviceView,
    GroupInfo,
    GuideView,
    LevelInfo,
    QuoteView,
    ReportLevel,
    ReportView,
    StudyInfo,
    ThemeBlock,
)

# ---------------------------------------------------------------- sample study

CITIZENS = LevelInfo("citizens", 1, "Borgere", "Borger")
FRONTLINE = LevelInfo("frontline", 2, "Medarbejdere", "Medarbejder")
LEADERS = LevelInfo("leaders", 3, "Ledere", "Leder")
POLITICIANS = LevelInfo("politicians", 4, "Politikere", "Politiker")
LEVELS = [CITIZENS, FRONTLINE, LEADERS, POLITICIANS]

STUDY = StudyInfo(
    title="Koordinerende sagsbehandling i Jobcenter Østby",
    organisation="VIA University College",
    interviewers=["Anne Holm", "Peter Lund"],
    commissioner="Østby Kommune, Beskæftigelsesforvaltningen",
    purpose="Evalueringen skal vise, hvordan borgere, der er aktivitetsparate, oplever at have "
    "én koordinerende sagsbehandler, og hvad der kan gøres bedre.",
    contact="Anne Holm, anho@via.dk, tlf. 87 55 00 00",
    first_round="themes",
)

THEME_1 = "Kontakten med sagsbehandleren"
THEME_2 = "Sammenhæng i indsatsen"
QUESTION_1 = "Hvordan er det at have én fast sagsbehandler?"
QUESTION_2 = "Hvem ringer I til, når der er noget?"
CITIZEN_QUOTE = (
    "Jeg har haft fem sagsbehandlere på to år. Hver gang skal jeg fortælle det hele forfra.\n\n"
    "Nu har jeg [navn på sagsbehandler], og hun ringer faktisk tilbage."
)
CITIZEN_QUOTE_2 = "Det er mig, der skal holde styr på, hvem der gør hvad. Jeg er min egen tovholder."
FRONTLINE_QUOTE = (
    "Det kan jeg godt genkende. Vi har haft stor udskiftning, og sagerne bliver flyttet, når "
    "nogen stopper. Så står borgeren med en ny, der ikke kender dem."
)
LEADER_QUOTE = "Vi har prioriteret at fastholde medarbejderne, men budgettet giver ikke meget luft."
ADVICE_CITIZENS = "Læs sagen, før vi mødes, så jeg ikke skal fortælle det hele igen."
ADVICE_FRONTLINE = "Giv os færre sager pr. medarbejder, så vi har tid til at ringe tilbage."
ADVICE_LEADERS = "Prioritér stabile rammer frem for nye projekter hvert år."
ADVICE_POLITICIANS = "Udvalget vil følge sagsstammerne tæt det næste år."


def _quote(qid, text, level, theme=THEME_1, reactions=()):
    return QuoteView(
        id=qid,
        text=text,
        attribution=f"{level.role}, R{level.round}",
        theme=theme,
        level=level,
        rationale="SELECTION-RATIONALE-NEVER-PRINTED",
        reactions=list(reactions),
    )


def _advice(aid, text, level, to):
    return AdviceView(aid, text, f"{level.role}, R{level.round}", level, to)


def leader_reaction():
    return _quote(30, LEADER_QUOTE, LEADERS)


def frontline_reaction(with_leader=False):
    return _quote(20, FRONTLINE_QUOTE, FRONTLINE, reactions=[leader_reaction()] if with_leader else [])


def citizen_quote(reactions=()):
    return _quote(10, CITIZEN_QUOTE, CITIZENS, reactions=reactions)


def guide_for(level: LevelInfo, *, lang="da", study=STUDY) -> GuideView:
    """The guide for one round, as the selection would have built it."""
    index = LEVELS.index(level)
    if level is CITIZENS:
        themes = [
            ThemeBlock(THEME_1, "Hvordan kontakten fungerer i hverdagen.", [QUESTION_1, QUESTION_2]),
            ThemeBlock(THEME_2, questions=["Hvem hjælper jer med hvad?"]),
        ]
    else:
        root = citizen_quote(
            {
                "frontline": [],
                "leaders": [frontline_reaction()],
                "politicians": [frontline_reaction(with_leader=True)],
            }[level.key]
        )
        themes = [
            ThemeBlock(THEME_1, quotes=[root]),
            ThemeBlock(THEME_2, quotes=[_quote(11, CITIZEN_QUOTE_2, CITIZENS, THEME_2)]),
        ]
    advice_received = {
        "frontline": [_advice(1, ADVICE_CITIZENS, CITIZENS, FRONTLINE)],
        "leaders": [_advice(2, ADVICE_FRONTLINE, FRONTLINE, LEADERS)],
        "politicians": [_advice(3, ADVICE_LEADERS, LEADERS, POLITICIANS)],
    }
    return GuideView(
        lang=lang,
        study=study,
        level=level,
        previous_level=LEVELS[index - 1] if index else None,
        next_level=LEVELS[index + 1] if index + 1 < len(LEVELS) else None,
        levels=LEVELS,
        themes=themes,
        advice_received=advice_received.get(level.key, []),
        generated_on=date(2025, 3, 4),
    )


def report_view(lang="da") -> ReportView:
    def level(info, groups, quotes, advice):
        themes = [ThemeBlock(THEME_1, quotes=quotes)]
        return ReportLevel(info, groups, themes, advice)

    return ReportView(
        lang=lang,
        study=STUDY,
        levels=[
            level(
                CITIZENS,
                [
                    GroupInfo("Borgergruppe 1", date(2024, 9, 12), "Jobcenter Østby", 6),
                    GroupInfo("Borgergruppe 2", date(2024, 9, 19), "Jobcenter Østby", 2, True,
                              "Kun to deltagere mødte op"),
                ],
                [citizen_quote(), _quote(11, CITIZEN_QUOTE_2, CITIZENS)],
                [_advice(1, ADVICE_CITIZENS, CITIZENS, FRONTLINE)],
            ),
            level(FRONTLINE, [GroupInfo("Sagsbehandlere", date(2024, 10, 8), "Rådhuset", 7)],
                  [_quote(20, FRONTLINE_QUOTE, FRONTLINE)],
                  [_advice(2, ADVICE_FRONTLINE, FRONTLINE, LEADERS)]),
            level(LEADERS, [GroupInfo("Ledergruppen", date(2024, 11, 5), "Rådhuset", 4)],
                  [leader_reaction()],
                  [_advice(3, ADVICE_LEADERS, LEADERS, POLITICIANS)]),
            level(POLITICIANS, [GroupInfo("Beskæftigelsesudvalget", None, "", 5)], [],
                  [_advice(4, ADVICE_POLITICIANS, POLITICIANS, None)]),
        ],
        omitted_levels=[],
        guides=[guide_for(info, lang=lang) for info in LEVELS],
        generated_on=date(2025, 3, 4),
    )


# ---------------------------------------------------------------- helpers


def norm(text: str) -> str:
    """Whitespace folded to single spaces (PDF text breaks lines anywhere)."""
    return re.sub(r"\s+", " ", text).strip()


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return norm(" ".join(page.extract_text() or "" for page in reader.pages))


def pdf_pages(pdf: bytes) -> list[str]:
    return [norm(page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages]


def before(text: str, first: str, second: str) -> bool:
    return norm(first) in text and norm(second) in text and text.index(norm(first)) < text.index(norm(second))


@pytest.fixture(scope="module")
def guide_pdfs() -> dict[str, bytes]:
    return {level.key: render.html_to_pdf(render.render_guide_html(guide_for(level))) for level in LEVELS}


@pytest.fixture(scope="module")
def report_pdf() -> bytes:
    return render.html_to_pdf(render.render_report_html(report_view()))


# ---------------------------------------------------------------- guides


def test_level_1_guide_holds_themes_and_questions_and_no_quotes(guide_pdfs):
    text = pdf_text(guide_pdfs["citizens"])
    for expected in (STUDY.title, "Interviewguide – R1: Borgere", THEME_1, THEME_2, QUESTION_1, QUESTION_2):
        assert norm(expected) in text
    assert "Anne Holm og Peter Lund" in text
    assert norm(STUDY.purpose) in text
    assert "fagpersoner" in text  # the writing exercise of round 1
    assert "Gode råd til medarbejderne" in text
    assert STUDY.contact in text
    assert "fem sagsbehandlere" not in text
    assert "Spørgsmål til gruppen" not in text
    assert "SELECTION-RATIONALE" not in text


def test_level_2_guide_shows_citizen_quote_under_its_theme_with_prompts_and_advice(guide_pdfs):
    text = pdf_text(guide_pdfs["frontline"])
    assert "Interviewguide – R2: Medarbejdere" in text
    assert before(text, THEME_1, "Jeg har haft fem sagsbehandlere på to år")
    assert before(text, "faktisk tilbage.", "– Borger, R1")
    assert "Hvorfor tror I, at borgerne oplever det sådan?" in text
    assert "Hvad kunne gøres anderledes?" in text
    assert before(text, THEME_2, CITIZEN_QUOTE_2)
    assert before(text, "Gode råd fra borgerne til medarbejderne", ADVICE_CITIZENS)
    assert before(text, ADVICE_CITIZENS, "Gode råd til lederne")
    assert "SELECTION-RATIONALE" not in text


def test_level_3_guide_shows_citizen_quote_followed_by_frontline_reaction(guide_pdfs):
    text = pdf_text(guide_pdfs["leaders"])
    assert before(text, "faktisk tilbage.", "Reaktion fra medarbejderne")
    assert before(text, "Reaktion fra medarbejderne", FRONTLINE_QUOTE)
    assert before(text, FRONTLINE_QUOTE, "– Medarbejder, R2")
    assert "Hvad tænker I om medarbejdernes reaktioner?" in text
    assert "Hvad kan ledelsen gøre for at ændre det?" in text
    assert "Gode råd fra medarbejderne til lederne" in text
    assert "Gode råd til politikerne" in text


def test_level_4_guide_shows_the_whole_chain_and_asks_for_conclusions(guide_pdfs):
    text = pdf_text(guide_pdfs["politicians"])
    assert before(text, FRONTLINE_QUOTE, LEADER_QUOTE)
    assert "– Leder, R3" in text
    assert "medarbejdernes og ledernes reaktioner" in text
    assert "politiske prioriteringer" in text
    assert "Jeres konklusioner og gode råd" in text
    assert "I er den sidste gruppe" in text


def test_guide_pdf_has_title_language_and_page_numbers(guide_pdfs):
    reader = PdfReader(io.BytesIO(guide_pdfs["frontline"]))
    assert reader.metadata.title.startswith(STUDY.title)
    assert reader.trailer["/Root"]["/Lang"] == "da"
    pages = pdf_pages(guide_pdfs["frontline"])
    assert len(pages) > 2
    assert all(f"Side {n} af {len(pages)}" in page for n, page in enumerate(pages, 1))
    assert all(STUDY.title in page for page in pages)


def test_open_first_round_asks_what_is_good_and_less_good():
    view = guide_for(CITIZENS, study=replace(STUDY, first_round="open"))
    html = render.render_guide_html(view)
    assert "Hvad synes I er godt ved den hjælp, I får?" in html
    assert "Hvad synes I er mindre godt" in html
    assert "gruppens egne kriterier" in html
    assert QUESTION_1 not in html


def test_guide_markdown_keeps_content_and_order():
    md = render.render_guide_markdown(guide_for(LEADERS))
    assert md.startswith(f"*{STUDY.title}*")
    assert "# Interviewguide – R3: Ledere" in md
    assert "> Jeg har haft fem sagsbehandlere på to år." in md
    assert ">\n> Nu har jeg [navn på sagsbehandler]" in md
    assert "*– Borger, R1*" in md
    assert "> **Reaktion fra medarbejderne**" in md
    assert "> > Det kan jeg godt genkende." in md
    assert "> *– Medarbejder, R2*" in md
    assert "_" * 20 in md
    order = [STUDY.title, "Velkomst", "Skriveøvelse", THEME_1, "Reaktion fra", THEME_2,
             "Gode råd fra medarbejderne til lederne", "Gode råd til politikerne", "Tak, fordi I ville"]
    positions = [md.index(part) for part in order]
    assert positions == sorted(positions)
    assert "SELECTION-RATIONALE" not in md


def test_html_escapes_markup_in_quote_text():
    view = guide_for(FRONTLINE)
    view.themes[0].quotes[0].text = "Hun sagde <script>alert('x')</script> & gik.\n\nNyt afsnit."
    html = render.render_guide_html(view)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<p>Hun sagde &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; gik.</p><p>Nyt afsnit.</p>" in html
    md = render.render_guide_markdown(view)
    assert "<script>" not in md


def test_english_guide_and_report_have_english_headings():
    guide = render.render_guide_html(guide_for(FRONTLINE, lang="en"))
    assert '<html lang="en">' in guide
    for heading in ("Interview guide – R2: Medarbejdere", "Welcome and introduction",
                    "Good advice from the citizens to the staff", "Good advice to the leaders",
                    "Why do you think the citizens experience it this way?"):
        assert heading in guide
    assert "Velkomst" not in guide
    report = render.render_report_html(report_view("en"))
    for heading in ("Method", "Contents", "Appendix 1: Interview guide, R1 – Borgere"):
        assert heading in report
    assert "Metode" not in report


# ---------------------------------------------------------------- report


def test_report_holds_every_level_its_advice_and_the_guides_as_appendices(report_pdf):
    text = pdf_text(report_pdf)
    assert before(text, STUDY.title, "BIKVA-evaluering")
    assert STUDY.commissioner in text
    assert "Borgere → Medarbejdere → Ledere → Politikere" in text
    assert "Alle fire niveauer" in text
    assert "Kun to deltagere mødte op" in text
    assert "12. september 2024" in text
    sections = ["R1: Borgere", "R2: Medarbejdere", "R3: Ledere", "R4: Politikere"]
    advice = [ADVICE_CITIZENS, ADVICE_FRONTLINE, ADVICE_LEADERS, ADVICE_POLITICIANS]
    appendix_start = text.rindex("Bilag 1: Interviewguide, R1 – Borgere")  # the first is in the contents
    body = text[:appendix_start]
    for section, said in zip(sections, advice):
        assert norm(said) in body
    for heading in ("Gode råd fra borgerne til medarbejderne", "Gode råd fra lederne til politikerne",
                    "Konklusioner og gode råd fra politikerne"):
        assert heading in body
    for n, level in enumerate(["Borgere", "Medarbejdere", "Ledere", "Politikere"], 1):
        assert f"Bilag {n}: Interviewguide, R{n} – {level}" in text[appendix_start - 1:]
    assert "SELECTION-RATIONALE" not in text


def test_report_appendices_start_on_new_pages(report_pdf):
    pages = pdf_pages(report_pdf)
    starts = [p for p in pages if re.match(r"Bilag \d: Interviewguide", p)]
    assert len(starts) == 4


def test_report_method_names_omitted_levels():
    view = report_view()
    view.levels = view.levels[:3]
    view.omitted_levels = [POLITICIANS]
    view.guides = view.guides[:3]
    view.levels[2].advice = [_advice(3, ADVICE_LEADERS, LEADERS, None)]
    html = render.render_report_html(view)
    assert 'Borgere <span class="arrow">→</span> Medarbejdere <span class="arrow">→</span> Ledere</p>' in html
    assert "indgår ikke i denne evaluering: Politikere." in html
    assert "Konklusioner og gode råd fra lederne" in html
