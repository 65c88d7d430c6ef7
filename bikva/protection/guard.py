"""The de-identification guard: nothing travels to another level or into the report while it
holds something that could identify a person or a place, unless the evaluator has looked.

Quotes. `open_hits` checks the quotes that would travel, each as it would be printed (after the
evaluation's redactions), against the registered real names, the evaluation's local names and
the patterns in `bikva.protection.deidentify`. A quote stops hitting when the word is redacted
(`bikva redact`) or when the evaluator marks the quote reviewed (`bikva quote review`).
Quotes of participants who withdrew their consent are left out: they travel nowhere.

The other texts that travel. `travelling_texts` lists, as `TravellingText`s (where, text),
everything else the evaluator or the study wrote that a generated document prints, each as
printed (after redaction): the evaluation's title, the theme names and descriptions (these two
in every guide too), the group names, places and reasons for leaving a group out, `report/*.md`
(HTML entities decoded, as the report reads them; every Markdown file there is read, since this
layer does not know the report's list of sections, so a draft left there is checked too), the
readings in `report/synthesis.toml`,
`[report] omitted_reason`, and, for the evaluator's edition, each quote's rationale and the
transcripts' file names (the quote register). The report's authors (`[report] evaluators`, the
PDF's author field) and `report/literature.md` are names by nature: only a registered name
(a real name, `bikva names add`) written in full hits there. `open_text_hits` checks them.
Such a text cannot be reviewed like a quote: the way out is to redact the word or write the
text again.

Not checked: the study's `organisation`, `commissioner`, `contact`, `interviewers` and `purpose`
in bikva.toml, and `[report] commissioner` and `place`. They name the evaluator, the
commissioner and how to reach them on purpose (a contact line holds a name and a phone number);
they are the evaluator's deliberate choices, not something a participant said, and every guide
and the report print them anyway. For the same reason a finding in the other texts that repeats
one of them ("Professionshøjskolen Midt" in report/introduction.md when that is the
organisation) is no leak, unless it is a registered name (`bikva names add`, a real name): what
the evaluator registered to hide always hits.

Guide and report generation call `ensure_no_open_hits` before they write anything.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, select

from bikva.store import audit
from bikva.protection.deidentify import find_identifying
from bikva.errors import BikvaError
from bikva.store.evaluation import OpenEvaluation
from bikva.selection.redaction import redactor_for
from bikva.i18n import cli_language, t
from bikva.intake.normalise import decode_entities, normalise
from bikva.store.queries import quotes_of, redactions_of, shown_to, themes_of
from models._types import utcnow
from models.interview_group import InterviewGroup
from models.level import Level
from models.local_name import LocalName, LocalNameKind
from models.participant import Participant
from models.participant_identity import ParticipantIdentity
from models.quote import Quote
from models.transcript import Transcript

EXCERPT_WIDTH = 30  # characters of context on each side of the word in `bikva check`


@dataclass(frozen=True)
class QuoteHit:
    quote_id: int
    level: str  # key of the level the quote was said at
    round: int
    kind: str  # one of bikva.protection.deidentify.KINDS
    text: str  # the word or words found, as written in the (redacted) quote
    excerpt: str  # the redacted quote around the word, on one line

    def as_dict(self) -> dict:
        return {"quote": self.quote_id, "level": self.level, "round": self.round, "kind": self.kind,
                "text": self.text, "excerpt": self.excerpt}


def open_hits(session: Session, ev: OpenEvaluation, *, level: Level | str | None = None) -> list[QuoteHit]:
    """Hits in the quotes that travel: those carried to `level` (what its guide would show), or
    every selected quote when `level` is None (the report). Ordered by quote, then position."""
    target = ev.level(level) if isinstance(level, str) else level
    check = _checker(session, ev)
    return [hit for quote in travelling_quotes(session, ev, target) for hit in check(quote)]


def quote_hits(session: Session, ev: OpenEvaluation, quote: Quote) -> list[QuoteHit]:
    """The hits in one quote as it would be printed, whether or not it is reviewed or travels."""
    return _checker(session, ev)(quote)


def _checker(session: Session, ev: OpenEvaluation) -> Callable[[Quote], list[QuoteHit]]:
    redact = redactor_for(session, ev.id)
    names, local_names = _guard_names(session, ev)
    levels = {l.id: l for l in ev.levels}

    roles = ev.config.all_unique_titles()  # the study's own titles held by one person

    def check(quote: Quote) -> list[QuoteHit]:
        text = redact(quote.text)  # as the guide and the report would print it
        said_at = levels[quote.level_id]
        return [
            QuoteHit(quote.id, said_at.key, said_at.position, hit.kind, hit.text, _excerpt(text, hit.start, hit.end))
            for hit in find_identifying(text, names=names, local_names=local_names, lang=ev.lang, unique_roles=roles)
        ]

    return check


def ensure_no_open_hits(
    session: Session, ev: OpenEvaluation, *, level: Level | str | None = None, register: bool = False
) -> None:
    """Refuse while anything that travels has an open hit: a quote (BikvaError "guard.blocked"),
    or another text (BikvaError "guard.text_blocked", naming where). `level`: the guide for that
    level; None: the report, with `register` for the evaluator's edition."""
    hits = open_hits(session, ev, level=level)
    if hits:
        first = hits[0]
        raise BikvaError("guard.blocked", id=first.quote_id, word=first.text, kind=first.kind,
                         total=len(hits), more=len(hits) - 1, folder=str(ev.folder))
    others = open_text_hits(session, ev, level=level, register=register)
    if others:
        first = others[0]
        raise BikvaError("guard.text_blocked", where=first.describe(cli_language(ev.lang)), word=first.text,
                         kind=first.kind, total=len(others), folder=str(ev.folder))


def travelling_quotes(session: Session, ev: OpenEvaluation, level: Level | None = None) -> list[Quote]:
    """The quotes the guard checks: what `level` is shown (bikva.store.queries.shown_to, the
    same answer its guide uses), or every quote that may travel when `level` is None (the
    report), less those the evaluator has reviewed."""
    quotes = shown_to(session, ev.id, level) if level is not None else quotes_of(session, ev.id)
    return [quote for quote in quotes if quote.reviewed_at is None]


# ---------------------------------------------------------------- the other texts that travel


@dataclass(frozen=True)
class TravellingText:
    where: str  # a short stable key: "title", "theme 3", "group 2 place", "report/summary.md"
    text: str  # as printed: after the redactions
    label: str = ""  # the catalogue key (under guard.where) naming it to a person
    params: dict = field(default_factory=dict)
    names_only: bool = False  # only registered names hit (the report's authors)

    def describe(self, lang: str) -> str:
        return t(lang, f"guard.where.{self.label}", **self.params)


@dataclass(frozen=True)
class TextHit:
    where: str
    kind: str
    text: str
    excerpt: str
    source: TravellingText

    def describe(self, lang: str) -> str:
        return self.source.describe(lang)

    def as_dict(self) -> dict:
        return {"where": self.where, "kind": self.kind, "text": self.text, "excerpt": self.excerpt}


def travelling_texts(
    session: Session, ev: OpenEvaluation, *, level: Level | str | None = None, register: bool = False
) -> list[TravellingText]:
    """The texts other than quotes that a guide (`level`) or the report (None; `register` for the
    evaluator's edition) prints, each as printed. A guide prints the title and the themes."""
    redact = redactor_for(session, ev.id)
    out: list[TravellingText] = []

    def add(where: str, text: str, label: str, names_only: bool = False, **params: object) -> None:
        if text and text.strip():
            out.append(TravellingText(where, redact(text), label, params, names_only))

    add("title", ev.evaluation.title, "title")
    for theme in themes_of(session, ev.id):
        add(f"theme {theme.id}", theme.name, "theme", id=theme.id)
        add(f"theme {theme.id} description", theme.description, "theme_description", id=theme.id)
    if level is not None:
        return out
    for group in session.exec(
        select(InterviewGroup).join(Level, InterviewGroup.level_id == Level.id)
        .where(Level.evaluation_id == ev.id).order_by(InterviewGroup.id)
    ):
        add(f"group {group.id}", group.name, "group", id=group.id)
        add(f"group {group.id} place", group.place, "group_place", id=group.id)
        if group.excluded:
            add(f"group {group.id} exclusion", group.exclusion_reason, "group_exclusion", id=group.id)
    report = ev.config.report
    for number, author in enumerate(report.evaluators, start=1):
        add(f"author {number}", author, "author", names_only=True, name=author)
    add("omitted_reason", report.omitted_reason, "omitted_reason")
    add("report_title", report.title, "report_title")
    for name, text in narrative_texts(ev.folder):
        # A list of references names published authors and places of publication by nature.
        add(name, text, "file", names_only=name == f"{REPORT_FOLDER}/literature.md", file=name)
    for theme, level_key, text in _synthesis_readings(ev.folder):
        add(f'synthesis "{theme}" {level_key}', text, "synthesis", theme=theme, level=level_key)
    if register:
        quotes = quotes_of(session, ev.id)
        for quote in quotes:
            add(f"quote {quote.id} rationale", quote.rationale, "rationale", id=quote.id)
        transcript_ids = sorted({q.transcript_id for q in quotes if q.transcript_id is not None})
        for transcript in (session.exec(select(Transcript).where(Transcript.id.in_(transcript_ids)))
                           if transcript_ids else ()):
            add(f"transcript {transcript.id} file", transcript.original_filename, "transcript_file", id=transcript.id)
    return out


def open_text_hits(
    session: Session, ev: OpenEvaluation, *, level: Level | str | None = None, register: bool = False
) -> list[TextHit]:
    """Hits in the texts other than quotes that travel (`travelling_texts`), in its order."""
    names, places = _guard_names(session, ev)
    declared = _declared(ev)
    in_full = {_folded(name) for name in [*names, *places]}
    hits = []
    for item in travelling_texts(session, ev, level=level, register=register):
        for hit in find_identifying(item.text, names=names, local_names=places, lang=ev.lang,
                                    unique_roles=ev.config.all_unique_titles()):
            registered = hit.kind in ("name", "local")
            # Where names are expected (authors, references), only a registered name in full:
            # the author Anne Kjærgaard is not the participant Anne Lund.
            if item.names_only and not (registered and _folded(hit.text) in in_full):
                continue
            if not registered and _within(hit.text, declared):
                continue
            hits.append(TextHit(item.where, hit.kind, hit.text, _excerpt(item.text, hit.start, hit.end), item))
    return hits


def _declared(ev: OpenEvaluation) -> list[str]:
    """What bikva.toml names on purpose (see the module docstring), in its normal form."""
    config = ev.config
    texts = [config.organisation, config.commissioner, config.contact, config.report.commissioner,
             config.report.place, *config.interviewers, *config.report.evaluators]
    return [_folded(text) for text in texts if text and text.strip()]


def _folded(text: str) -> str:
    return " ".join(normalise(text).text.casefold().replace("_", " ").split())


def _within(found: str, declared: list[str]) -> bool:
    """A word the study names on purpose is no leak where the evaluator repeats it ("Vi kommer fra
    Professionshøjskolen Midt" when that is the organisation): the same words, as whole words."""
    words = _folded(found)
    pattern = re.compile(r"(?<!\w)" + re.escape(words) + r"(?!\w)")
    return any(pattern.search(text) for text in declared)


REPORT_FOLDER = "report"
SYNTHESIS_FILE = "report/synthesis.toml"
def narrative_texts(folder: Path) -> list[tuple[str, str]]:
    """(file, text) for every Markdown file in report/, entities decoded and the Markdown that
    could hide a word from the guard undone: a link's text sits in square brackets, which the
    guard reads as a placeholder ("[Mette](mailto:...)"), emphasis may split a word
    ("Me**tte**") or set off a title, and a heading or list mark stands where a sentence starts."""
    out = []
    # report/method/*.md: the evaluator's method parts (bikva.documents.narrative) travel too,
    # and so does report/results/*.md, the analysis level by level (bikva.documents.results).
    for path in [*sorted((folder / REPORT_FOLDER).glob("*.md")), *sorted((folder / REPORT_FOLDER).glob("method/*.md")),
                 *sorted((folder / REPORT_FOLDER).glob("results/*.md"))]:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # the report itself refuses an unreadable section
        text = _LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", decode_entities(text))
        text = _EMPHASIS.sub("", _ITALIC.sub(_title_or_word, _LINE_MARKS.sub("", text)))
        out.append((path.relative_to(folder).as_posix(), text))
    return out


_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\(([^()\s]*)[^()]*\)")
# Headings, quotes and list marks open a line, so the word after them starts a sentence.
_LINE_MARKS = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]*|[-*+][ \t]+|\d{1,3}[.)][ \t]+)+", re.MULTILINE)
# A few words in italics are a title, read like one in quotation marks ("I *Sammenfatning på
# tværs af niveauerne* ..."); one or two words in italics are just emphasis, and bold or code
# marks are dropped, so neither "*Kildeskolen*" nor "Me**tte**" escapes.
_ITALIC = re.compile(r"(?<![^\W_])(?<![*_])([*_])(?![*_\s])([^*_\n]+?)(?<!\s)\1(?![^\W_])(?![*_])")
_TITLE_WORDS = 3


def _title_or_word(match: re.Match[str]) -> str:
    inner = match.group(2)
    return f'"{inner}"' if len(inner.split()) >= _TITLE_WORDS else inner


_EMPHASIS = re.compile(r"\*+|_{2,}|`+")


def _synthesis_readings(folder: Path) -> list[tuple[str, str, str]]:
    """(theme, level key, reading) from report/synthesis.toml, in the file's order; nothing
    when it is missing or unreadable (the report refuses such a file itself)."""
    path = folder / SYNTHESIS_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig")) if path.is_file() else {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return []
    out = []
    for theme, table in data.items():
        readings = table.get("reading", {}) if isinstance(table, dict) else {}
        if isinstance(readings, dict):
            out += [(theme.strip(), key, " ".join(str(value).split())) for key, value in readings.items()]
    return out


def identifying_names(session: Session, ev: OpenEvaluation) -> tuple[list[str], list[str]]:
    """(names of people, local names of places and organisations) registered for the evaluation:
    the participants' real names and the local names of kind person count as people."""
    real_names = session.exec(
        select(ParticipantIdentity.real_name)
        .join(Participant, ParticipantIdentity.participant_id == Participant.id)
        .join(InterviewGroup, Participant.group_id == InterviewGroup.id)
        .join(Level, InterviewGroup.level_id == Level.id)
        .where(Level.evaluation_id == ev.id)
    ).all()
    people, places = list(real_names), []
    for row in session.exec(select(LocalName).where(LocalName.evaluation_id == ev.id).order_by(LocalName.id)):
        (people if row.kind == LocalNameKind.PERSON else places).append(row.text)
    return people, places


def _guard_names(session: Session, ev: OpenEvaluation) -> tuple[list[str], list[str]]:
    """The names the guard looks for. The redacted texts count as local names: the Redactor
    replaces whole words, so what is left of them after redaction ("Holmstrupborgerne" when
    "Holmstrup" is redacted) still gives the place away."""
    people, places = identifying_names(session, ev)
    return people, places + [row.text for row in redactions_of(session, ev.id)]


def review_quote(session: Session, ev: OpenEvaluation, quote_id: int, actor: str, note: str = "") -> Quote:
    """Mark a quote as looked at: the guard lets it travel as it stands (until unmarked by
    removing and selecting it again). Reviewing again updates the time and the reviewer."""
    quote = session.get(Quote, quote_id)
    if quote is None or quote.evaluation_id != ev.id:
        raise BikvaError("quote.unknown", id=quote_id)
    passed = quote_hits(session, ev, quote)
    quote.reviewed_at = utcnow()
    quote.reviewed_by = actor
    session.add(quote)
    session.flush()
    # The kinds of what was let through, never the words: they may be names. Likewise the note.
    audit.record(session, ev.id, "review", f"quote {quote_id}", passed=sorted({h.kind for h in passed}),
                 note_given=bool(note.strip()))
    return quote


def _excerpt(text: str, start: int, end: int, width: int = EXCERPT_WIDTH) -> str:
    left, right = max(0, start - width), min(len(text), end + width)
    body = " ".join(text[left:right].split())
    return ("…" if left > 0 else "") + body + ("…" if right < len(text) else "")
