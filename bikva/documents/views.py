"""What the templates see: plain, already-redacted values, no database objects.

Guides and the report are rendered from these dataclasses only, so a template cannot reach a
speaker label, a participant or transcript text that was not selected. Every string in here has
passed through the evaluation's redactions (see bikva.selection.redaction).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
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


def quotes_in(themes: Iterable[ThemeBlock]) -> Iterator[QuoteView]:
    """Every chain's first quote under `themes`: theme by theme, subthemes after a theme's own
    quotes. (A chain's reactions: bikva.selection.chains.walk.)"""
    for theme in themes:
        yield from theme.quotes
        yield from quotes_in(theme.subthemes)


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
    # Quotes of withdrawn participants when the view was built (bikva.output.pipeline): one
    # withdrawn while the document renders is caught before it is written.
    withdrawn_quotes: frozenset[int] | None = None


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
class Colophon:
    """Title page and colophon facts, from bikva.toml's [report] table."""

    evaluators: list[str]
    commissioner: str
    organisation: str
    published: date  # the publication date, or the day the report was made
    dated: bool  # False: no publication date set yet, `published` is the day it was made
    place: str = ""
    isbn: str = ""


@dataclass
class NarrativeSection:
    """A section the evaluator writes in Markdown (report/<key>.md), rendered and redacted."""

    key: str  # summary | introduction | ethics | synthesis | recommendations | literature
    file: str  # "report/summary.md", named in the evaluator's "not yet written" marker
    title: str  # the file's own first "# heading", or the catalogue's chapter title
    html: str = ""  # safe HTML (escaped, redacted); empty when the file is missing or empty

    @property
    def written(self) -> bool:
        return bool(self.html)


@dataclass
class SynthesisCell:
    level: LevelInfo
    statements: int  # statements selected at this level under this theme
    reading: str = ""  # the evaluator's one-line reading (report/synthesis.toml); "" if not written


@dataclass
class SynthesisTheme:
    name: str
    depth: int  # 0 for a theme, 1 for a subtheme, ...
    agreement: str  # agree | diverge | mixed; "" when the evaluator has not set it
    cells: list[SynthesisCell]  # one per level of the study, bottom-up
    chains: list[QuoteView] = field(default_factory=list)  # roots with their reactions nested

    @property
    def statements(self) -> int:
        return sum(cell.statements for cell in self.cells)


@dataclass
class RegisterEntry:
    """One selected quote's provenance: for the evaluator's edition only, never the commissioner's.

    The transcript is named by the file name it was imported from and the turn by its position;
    speaker labels and participants never enter a view."""

    id: int
    level: LevelInfo
    kind: str  # statement | advice
    group: str
    theme: str
    transcript: str  # "" once transcripts are purged
    turn: int | None
    responds_to: int | None
    excerpt: str
    rationale: str


@dataclass
class ReportView:
    lang: str
    study: StudyInfo
    levels: list[ReportLevel]
    omitted_levels: list[LevelInfo]  # standard BIKVA levels this study does not use
    guides: list[GuideView]  # appendices, as used
    generated_on: date
    edition: str = "commissioner"  # commissioner | evaluator
    colophon: Colophon | None = None
    omitted_reason: str = ""  # the evaluator's reason for leaving levels out
    sections: dict[str, NarrativeSection] = field(default_factory=dict)
    synthesis: list[SynthesisTheme] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)  # the redactions' placeholders, each once
    register: list[RegisterEntry] | None = None  # evaluator's edition only
    withdrawn_quotes: frozenset[int] | None = None  # as on GuideView

    @property
    def evaluator(self) -> bool:
        return self.edition == "evaluator"

    def shows(self, key: str) -> bool:
        """Whether the narrative section `key` has a chapter: when it is written, and in the
        evaluator's edition always (with a "not yet written" marker). The commissioner's edition
        leaves a missing section out; `bikva status` and `bikva report` name it."""
        section = self.sections.get(key)
        return section is not None and (section.written or self.evaluator)
