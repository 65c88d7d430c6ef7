"""A small four-level study with one transcript in each real format the chain must accept:
plain text (citizens), Word with bold labels (frontline), Teams WebVTT (leaders), SRT
(politicians). Quotes used by the tests are constants here so tests read as sentences."""

from __future__ import annotations

from pathlib import Path

from docx import Document

CITIZEN_QUOTE = "Jeg er selv tovholder på min egen sag, og det kan jeg ikke overskue"
CITIZEN_NAMED_QUOTE = "Mette fra Holmstrup Kommune ringede altid tilbage samme dag"
CITIZEN_ADVICE = "Tag telefonen, når vi ringer, og sig det, hvis I ikke ved det"
FRONTLINE_REACTION = "Vi har over halvtreds sager hver, så borgerne må nogle gange selv holde trådene"
FRONTLINE_ADVICE = "Giv os færre sager, så vi kan være der for borgerne"
LEADER_REACTION = "Det handler ikke om antallet af sager, men om hvordan vi prioriterer"
LEADER_ADVICE = "Afsæt penge til flere koordinerende sagsbehandlere"
POLITICIAN_QUOTE = "Vi skal have borgernes stemme med, når budgettet lægges"
POLITICIAN_ADVICE = "Lad jobcentret selv tilrettelægge indsatsen sammen med borgerne"
INTERVIEWER_LINE = "Hvordan har I oplevet at få hjælp fra jobcentret"

# The leader's reaction is split over two Teams cues, as meeting tools do.
_LEADER_WORDS = LEADER_REACTION.split()
LEADER_CUE_1, LEADER_CUE_2 = " ".join(_LEADER_WORDS[:6]), " ".join(_LEADER_WORDS[6:])

CITIZENS_TXT = f"""Gruppeinterview med borgere
Dato: 3. marts 2026

I: Velkommen. {INTERVIEWER_LINE}?

B1: Altså, det er lidt forskelligt. {CITIZEN_QUOTE}. (I: Mm)
Der er så mange, der ringer [utydeligt] og vil noget.

Og det værste er ventetiden. Det er ventetiden.
B2: {CITIZEN_NAMED_QUOTE}. Det betød alt. [flere nikker]
B3: Jeg er enig. Det er ventetiden, der slider.
I: Til sidst: skriv jeres gode råd til sagsbehandlerne.
B1: {CITIZEN_ADVICE}.
"""

TEAMS_VTT = f"""WEBVTT

2f0e7c1a-93d4-4b1e-8a51-6c0f2d7e9b11/1-0
00:00:01.000 --> 00:00:04.500
<v Interviewer>Jeg læser et citat fra borgerne og medarbejdernes svar op.</v>

2f0e7c1a-93d4-4b1e-8a51-6c0f2d7e9b11/2-0
00:00:05.000 --> 00:00:08.000
<v Karen Holm>Jeg kender godt den forklaring.</v>

2f0e7c1a-93d4-4b1e-8a51-6c0f2d7e9b11/2-1
00:00:08.000 --> 00:00:12.000
<v Karen Holm>{LEADER_CUE_1}</v>

2f0e7c1a-93d4-4b1e-8a51-6c0f2d7e9b11/3-0
00:00:12.000 --> 00:00:15.000
<v Karen Holm>{LEADER_CUE_2}.</v>

2f0e7c1a-93d4-4b1e-8a51-6c0f2d7e9b11/4-0
00:00:15.500 --> 00:00:18.000
<v Interviewer>Hvad er jeres gode råd til politikerne?</v>

2f0e7c1a-93d4-4b1e-8a51-6c0f2d7e9b11/5-0
00:00:18.500 --> 00:00:22.000
<v Peter Dahl>{LEADER_ADVICE}.</v>
"""

POLITICIANS_SRT = f"""1
00:00:01,000 --> 00:00:03,000
Interviewer: Hvad tænker I om kæden af udsagn?

2
00:00:03,500 --> 00:00:06,000
Anne Lund: {POLITICIAN_QUOTE}.

3
00:00:06,500 --> 00:00:09,000
Bo Krag: Jeg er enig med Anne.

4
00:00:09,500 --> 00:00:12,000
Bo Krag: {POLITICIAN_ADVICE}.
"""


def write_frontline_docx(path: Path) -> Path:
    """The frontline interview as a Word document with bold speaker labels, saved at `path`."""
    document = Document()
    document.add_heading("Fokusgruppe med koordinerende sagsbehandlere", level=1)
    for label, text in [
        ("Interviewer:", f"Jeg læser et citat op: ”{CITIZEN_QUOTE}”. Kan I genkende det?"),
        ("SB1:", f"Ja. {FRONTLINE_REACTION}."),
        (None, "Det er ikke sådan, vi gerne vil have det."),
        ("SB2:", "Jeg genkender det også, desværre."),
        ("Interviewer:", "Hvad er jeres gode råd til lederne?"),
        ("SB2:", f"{FRONTLINE_ADVICE}."),
    ]:
        paragraph = document.add_paragraph()
        if label:
            paragraph.add_run(label).bold = True
            paragraph.add_run(" " + text)
        else:
            paragraph.add_run(text)
    document.save(path)
    return path


def write_study_files(folder: Path) -> dict[str, Path]:
    """Write the four sample transcripts into `folder`; their paths by level."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "borgere.txt").write_text(CITIZENS_TXT, encoding="utf-8")
    (folder / "ledere.vtt").write_text(TEAMS_VTT, encoding="utf-8")
    (folder / "politikere.srt").write_text(POLITICIANS_SRT, encoding="utf-8")
    return {
        "citizens": folder / "borgere.txt",
        "frontline": write_frontline_docx(folder / "sagsbehandlere.docx"),
        "leaders": folder / "ledere.vtt",
        "politicians": folder / "politikere.srt",
    }
