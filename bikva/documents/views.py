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
    # The study's own forms from bikva.toml [levels.<key>] ("de koordinerende sagsbehandlere");
    # empty: the catalogue's ("medarbejderne"). The render helpers address()/genitives() use them.
    address: str = ""
    genitive: str = ""
    one: str = ""  # "en medarbejders": one member's, for "En medarbejders reaktion"


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
class TimeSlot:
    """One section of the interview in the guide's time plan."""

    section: str  # opening | exercise | themes | advice_received | advice | readback | thanks
    minutes: int
    start: int  # minutes from the start of the interview
    lead: str  # moderator | co_interviewer: who leads the section


@dataclass
class ConsentInfo:
    """What the consent form must say by law (bikva.toml [consent]); "" where not yet written."""

    controller: str = ""
    dpo: str = ""
    legal_basis: str = ""  # consent | research | the data protection officer's own wording
    delete_by: date | None = None
    recipients: str = ""
    code_prefix: str = ""  # the level's pseudonym letter: the participant code "B2"


@dataclass
class QuoteView:
    id: int
    text: str
    attribution: str  # anonymous: "Borger, R1"
    theme: str
    level: LevelInfo  # the level the quote was said at
    rationale: str = ""  # why the evaluator selected it (report only, never in guides)
    reactions: list[QuoteView] = field(default_factory=list)  # later levels' quotes reacting to it
    answers: ResponseNote | None = None  # report: the earlier quote this one reacts to
    # What it is and how the next group is asked about it (bikva.documents.statements):
    kind: str = "statement"  # statement (verbatim) | group_statement (the group's wording) | advice
    tone: str = "critical"  # critical | positive | open: which questions (bikva.selection.prompts)
    prompts: list[str] = field(default_factory=list)  # the theme's and the statement's own questions
    support: list[QuoteView] = field(default_factory=list)  # a group statement: the quotes backing it
    written: bool = False  # good advice typed in from the sheets, never said aloud

    @property
    def group_statement(self) -> bool:
        return self.kind == "group_statement"

    @property
    def shown_ids(self) -> list[int]:
        """The quotes printed with this one: itself and, for a group statement, its support (the
        artifact log must name them all, so a withdrawal finds the files that held them)."""
        return [self.id, *(quote.id for quote in self.support)]


@dataclass
class ResponseNote:
    """What a reaction answers, printed just before it in the results: "Reaktion på nr. 1: »Og
    når psykiatrien skriver …«" (report only)."""

    id: int
    excerpt: str  # the first words of the quote answered, with "…"


@dataclass
class TextBlock:
    """A piece of the evaluator's analysis (report/results/<level>.md): safe HTML, or a quote
    printed where the text cites it ([[12]])."""

    html: str = ""
    quote: QuoteView | AdviceView | None = None
    anchor: bool = False  # this is where the quote gets its one id anchor (q12) in the report


@dataclass
class ResultSection:
    """A `## heading` of a results text that names no theme: printed after the themes."""

    title: str
    blocks: list[TextBlock] = field(default_factory=list)


@dataclass
class ThemeBlock:
    name: str
    description: str = ""
    questions: list[str] = field(default_factory=list)  # level 1 guide only
    quotes: list[QuoteView] = field(default_factory=list)  # chain roots; reactions hang below
    subthemes: list[ThemeBlock] = field(default_factory=list)
    # The report's results, when the level's analysis is written: the evaluator's text on the
    # theme ([] if it has no section), and the theme's selected quotes the text does not cite.
    analysis: list[TextBlock] | None = None
    other_quotes: list[QuoteView] = field(default_factory=list)


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
    written: bool = False  # typed in from the writing sheets, never said aloud


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
    # The room (bikva.documents.guide): "room" prints the study's own texts as written, for the
    # interviewers; "appendix" (the report's) is redacted throughout.
    use: str = "room"
    timing: list[TimeSlot] = field(default_factory=list)  # empty: no time plan (hand-built views)
    moderator: str = ""  # the interviewers' names, when bikva.toml gives them
    co_interviewer: str = ""
    online: bool = False  # held on Teams, Zoom: the guide says how the exercises work on a screen
    small: bool = False  # a small group: the opening and the consent form promise no full anonymity
    statements_first: bool = False  # the quotes before the group's own writing exercise
    protect_below: bool = False  # leaders, politicians: never say or confirm who said what
    consent: ConsentInfo = field(default_factory=ConsentInfo)

    @property
    def total_minutes(self) -> int:
        return sum(slot.minutes for slot in self.timing)


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
    analysis_file: str = ""  # "report/results/citizens.md"
    analysed: bool = False  # that file is written: the themes carry the evaluator's analysis
    intro: list[TextBlock] = field(default_factory=list)  # the text before its first "## theme"
    other_sections: list[ResultSection] = field(default_factory=list)  # headings naming no theme


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
    extends: bool = False  # a method part whose file adds to the default instead of replacing it

    @property
    def written(self) -> bool:
        return bool(self.html)


@dataclass
class SynthesisCell:
    level: LevelInfo
    statements: int  # statements selected at this level under this theme
    reading: str = ""  # the evaluator's one-line reading (report/synthesis.toml); "" if not written
    reading_html: str = ""  # the same, escaped, with its quote references as links
    quote_ids: list[int] = field(default_factory=list)  # the statements selected here, by number


@dataclass
class SynthesisTheme:
    name: str
    depth: int  # 0 for a theme, 1 for a subtheme, ...
    agreement: str  # agree | diverge | mixed; "" when the evaluator has not set it
    cells: list[SynthesisCell]  # one per level of the study, bottom-up
    chains: list[QuoteView] = field(default_factory=list)  # roots with their reactions nested
    covers: list[LevelInfo] = field(default_factory=list)  # levels = [...] of the agreement mark; [] all

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
    written: bool = False  # advice typed in from the sheets: no transcript or turn by nature
    supported_by: list[int] = field(default_factory=list)  # a group statement: its quotes' numbers


@dataclass
class ConsentLevel:
    level: LevelInfo
    participants: int  # in the groups the report counts, those who withdrew not included
    given: int  # with consent registered
    withdrawn: int


@dataclass
class ConsentSummary:
    """The consent registry as the method chapter reports it (bikva.documents.method)."""

    levels: list[ConsentLevel]
    versions: list[str]  # the consent forms' versions signed, each once
    sentences: list[str] = field(default_factory=list)  # what the ethics part says about it

    @property
    def participants(self) -> int:
        return sum(c.participants for c in self.levels)

    @property
    def given(self) -> int:
        return sum(c.given for c in self.levels)

    @property
    def missing(self) -> int:
        return self.participants - self.given

    @property
    def withdrawn(self) -> int:
        return sum(c.withdrawn for c in self.levels)


@dataclass
class ParticipantsLevel:
    level: LevelInfo
    themes: list[str]  # the themes this level's statements were selected under
    advice: list[str]  # its good advice, text only: no attribution beyond the level
    addressed_to: LevelInfo | None


@dataclass
class ParticipantsView:
    """The short edition for the citizens and staff who took part (bikva.documents.participants)."""

    lang: str
    title: str
    organisation: str
    commissioner: str
    contact: str
    levels: list[ParticipantsLevel]
    text: NarrativeSection  # report/participants.md; not written: a draft from the results' headings
    generated_on: date
    published: date | None = None
    final: bool = False
    withdrawn_quotes: frozenset[int] | None = None
    advice_ids: frozenset[int] = frozenset()  # the quotes it holds, for the artifact log

    @property
    def draft(self) -> bool:
        return not self.final


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
    consent: ConsentSummary | None = None  # from the consent registry (bikva.documents.method)
    report_title: str = ""  # bikva.toml [report] title: the anonymous title for the title page
    final: bool = False  # made with `bikva report --final`: no UDKAST anywhere

    @property
    def evaluator(self) -> bool:
        return self.edition == "evaluator"

    @property
    def title(self) -> str:
        """The title on the title page and in the metadata: the evaluator's anonymous report
        title when set, else the study's (redacted) title."""
        return self.report_title or self.study.title

    def shows(self, key: str) -> bool:
        """Whether the narrative section `key` has a chapter: when it is written, and in the
        evaluator's edition always (with a "not yet written" marker). The commissioner's edition
        leaves a missing section out; `bikva status` and `bikva report` name it."""
        section = self.sections.get(key)
        return section is not None and (section.written or self.evaluator)
