"""What the templates see: plain, already-redacted values, no database objects.

Guides and the report are rendered from these dataclasses only, so a template cannot reach a
speaker label, a participant or transcript text that was not selected. Every string in here has
passed through the evaluation's redactions (see bikva.redaction).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class LevelInfo:
    key: str  # citizens | frontline | leaders | politicians
    round: int  # 1-based position in this study's chain (R1, R2, ...)
    name: str  # "Borgere" / "Citizens" (plural, capitalised)
    role: str  # "Borger" / "Citizen" (singular, used in attributions)


@dataclass
class StudyInfo:
    title: str
    organisation: str  # who runs the evaluation ("VIA University College")
    interviewers: list[str]  # names of the interviewers, as they introduce themselves
    commissioner: str
    purpose: str  # one or two sentences: why the study is made
    contact: str  # whom participants may contact afterwards
    first_round: str  # "themes" (prepared themes and questions) or "open" (classic BIKVA)


@dataclass
class QuoteView:
    id: int
    text: str
    attribution: str  # anonymous: "Borger, R1"
    theme: str
    level: LevelInfo  # the level the quote was said at
    rationale: str = ""  # why the evaluator selected it (report only, never in guides)
    reactions: list[QuoteView] = field(default_factory=list)  # later levels' quotes reacting to it


@dataclass
class ThemeBlock:
    name: str
    description: str = ""
    questions: list[str] = field(default_factory=list)  # level 1 guide only
    quotes: list[QuoteView] = field(default_factory=list)  # chain roots; reactions hang below
    subthemes: list[ThemeBlock] = field(default_factory=list)


@dataclass
class AdviceView:
    id: int
    text: str
    attribution: str
    level: LevelInfo  # who gave it
    addressed_to: LevelInfo | None  # the next level up; None at the top of the chain


@dataclass
class GuideView:
    lang: str
    study: StudyInfo
    level: LevelInfo
    previous_level: LevelInfo | None
    next_level: LevelInfo | None
    levels: list[LevelInfo]  # the whole chain, bottom-up
    themes: list[ThemeBlock]  # level 1: from the configuration; later levels: carried quotes
    advice_received: list[AdviceView]  # the previous level's good advice, presented here
    generated_on: date


@dataclass
class GroupInfo:
    name: str
    held_on: date | None
    place: str
    participants: int
    excluded: bool = False
    exclusion_reason: str = ""


@dataclass
class ReportLevel:
    level: LevelInfo
    groups: list[GroupInfo]
    themes: list[ThemeBlock]  # quotes said at this level, by theme (no reactions nested)
    advice: list[AdviceView]  # this level's good advice to the next


@dataclass
class ReportView:
    lang: str
    study: StudyInfo
    levels: list[ReportLevel]
    omitted_levels: list[LevelInfo]  # standard BIKVA levels this study does not use
    guides: list[GuideView]  # appendices, as used
    generated_on: date
