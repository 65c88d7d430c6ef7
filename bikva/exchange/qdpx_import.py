"""`bikva import-qdpx`: a study coded in another QDA tool, brought in.

Every text source becomes a transcript through the ordinary import (`plan_import` and
`import_transcript`: speaker detection, pseudonyms for names, the same warnings and `--speaker`,
`--interviewer` corrections), in the level and group its Case names (variables `level` and
`group`, as bikva's own export writes them), else in `--level` and `--group`. Codes become
themes, nested as in the tool's codebook; a code named as bikva names good advice makes its
selections good advice. Each coded selection is placed in the text (bikva.exchange.anchoring)
and becomes a quote in the turn it lies in, with the rationale from its note and, where the
project's Sets say so (bikva's export), the levels it is carried to; otherwise it is a candidate
no level is shown until the evaluator carries it.

Nothing is guessed: a selection that cannot be placed, lies in the interviewer's or an unknown
speaker's words, reaches over two turns, has no theme or several, or is already a quote, is
listed with its reason and left out. Group statements and written advice (codes with no text
in any source) are counted and left to `bikva statement add` / `bikva advice add`.

Everything is worked out before anything is written; `--dry-run` stops there. The writing
happens in the command's one transaction, so a refusal leaves the database as it was.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, select

from bikva.errors import BikvaError
from bikva.exchange import anchoring
from bikva.exchange.qdpx_read import Code, Project, Selection, Source, read_project
from bikva.i18n import catalogue
from bikva.intake.importers.model import UNKNOWN_SPEAKER
from bikva.intake.speakers import turns_of
from bikva.intake.transcripts import ImportPlan, import_transcript, plan_import
from bikva.selection.themes import add_theme, folded
from bikva.store import audit
from bikva.store.evaluation import OpenEvaluation
from bikva.store.files import printable
from bikva.store.levels import level_key
from bikva.store.queries import themes_of
from models.level import Level
from models.quote import Quote, QuoteKind
from models.quote_carry import QuoteCarry
from models.theme import Theme

NAME_LIMIT = 100  # characters of a source's name used for the transcript's file name


@dataclass
class Unplaced:
    source: str
    selection: str  # the selection's text, shortened, or its GUID
    reason: str  # catalogue key under exchange.unplaced.*
    detail: str = ""


@dataclass
class PlannedQuote:
    turn: int  # index into the source's turns
    start: int
    end: int
    text: str
    theme: str | None  # the code's name
    advice: bool
    rationale: str
    carried_to: list[str]  # level keys
    moved: bool
    selection: str  # GUID, for reactions


@dataclass
class PlannedSource:
    source: Source
    level: Level
    group: str
    file: Path  # the canonical text, written for the ordinary importer
    interviewers: list[str] | None
    plan: ImportPlan
    quotes: list[PlannedQuote] = field(default_factory=list)


@dataclass
class QdpxImport:
    project: Project
    sources: list[PlannedSource]
    themes: list[tuple[str, str | None, str]]  # new themes: name, parent, description
    unplaced: list[Unplaced]
    skipped_sources: list[str]
    statements: int  # group statements and written advice left out
    quote_ids: list[int] = field(default_factory=list)

    @property
    def quotes(self) -> int:
        return sum(len(s.quotes) for s in self.sources)

    @property
    def moved(self) -> int:
        return sum(q.moved for s in self.sources for q in s.quotes)


def _special_names(key: str) -> set[str]:
    """What bikva calls a code in every language it speaks (`exchange.code.advice`...)."""
    names = set()
    for lang in ("da", "en"):
        value = catalogue(lang).get(f"exchange.code.{key}")
        if isinstance(value, str):
            names.add(folded(value))
    return names


def plan_qdpx_import(
    session: Session,
    ev: OpenEvaluation,
    path: Path,
    workdir: Path,
    *,
    level: str | None = None,
    group: str | None = None,
    interviewer_labels: Sequence[str] = (),
    speakers: Sequence[str] = (),
    keep_labels: bool = False,
) -> QdpxImport:
    project = read_project(path)
    advice_names, statement_names = _special_names("advice"), _special_names("statements")
    codes = {code.guid: code for code in project.all_codes()}
    advice_codes, left_out = set(), set()
    for code in project.codes:
        if folded(code.name) in advice_names:
            advice_codes.add(code.guid)
            left_out |= {c.guid for c in _descendants(code)}  # written advice: no text to place
        elif folded(code.name) in statement_names:
            left_out |= {code.guid} | {c.guid for c in _descendants(code)}
    statements = len([g for g in left_out if not codes[g].children])
    theme_codes = {g: c for g, c in codes.items() if g not in advice_codes and g not in left_out}
    themes = _new_themes(session, ev, project.codes, advice_codes | left_out)
    cases = _source_cases(project)
    carried = _carried(project)
    planned, unplaced = [], []
    for number, source in enumerate(project.sources, start=1):
        if source.text is None:
            unplaced.append(Unplaced(printable(source.name, 80), "", "source_missing"))
            continue
        case = cases.get(source.guid, {})
        target = ev.level(case["level"]) if case.get("level") and level_key(case["level"]) else (
            ev.level(level) if level else None)
        if target is None:
            raise BikvaError("exchange.level_needed", file=printable(path.name), source=printable(source.name, 80))
        text = anchoring.SourceText.of(source.text)
        filename = _filename(source.name, number)
        file = workdir / f"{number}" / filename
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text.canonical, encoding="utf-8")
        own = [label for label in case.get("interviewer", "").split("; ") if label]
        interviewers = list(interviewer_labels) or own or None
        plan = plan_import(session, ev, level=target.key, path=file, group=case.get("group") or group,
                           interviewer_labels=interviewers, speakers=speakers, keep_labels=keep_labels)
        item = PlannedSource(source, target, plan.group_name, file, interviewers, plan)
        turn_texts = [turn.text for turn in plan.turns]
        spans = anchoring.turn_spans(text.canonical, turn_texts)
        seen: set[tuple[int, int, int]] = set()
        for selection in source.selections:
            outcome = _plan_quote(project, selection, text, spans, plan, theme_codes, advice_codes, left_out,
                                  carried, target, ev)
            if isinstance(outcome, PlannedQuote):
                key = (outcome.turn, outcome.start, outcome.end)
                if key in seen:
                    outcome = Unplaced("", "", "duplicate")
                else:
                    seen.add(key)
                    item.quotes.append(outcome)
                    continue
            outcome.source = printable(source.name, 80)
            outcome.selection = _shown(selection)
            unplaced.append(outcome)
        planned.append(item)
    return QdpxImport(project, planned, themes, unplaced, project.skipped_sources, statements)


def _descendants(code: Code) -> list[Code]:
    found = []
    for child in code.children:
        found += [child, *_descendants(child)]
    return found


def _shown(selection: Selection) -> str:
    text = " ".join((selection.name or "").split())
    return printable(text if len(text) <= 60 else text[:59] + "…") if text else selection.guid


def _filename(name: str, number: int) -> str:
    """The transcript's file name: the source's name as a `.txt` (the text importer reads it)."""
    stem = "".join(ch if ch.isalnum() or ch in " ._-()" else "_" for ch in name).strip(" .")[:NAME_LIMIT]
    stem = stem or f"source-{number}"
    return stem if stem.lower().endswith(".txt") else f"{stem}.txt"


def _new_themes(session: Session, ev: OpenEvaluation, codes: list[Code], special: set[str]) -> list[tuple[str, str | None, str]]:
    """The codes to add as themes (those the codebook has no theme of), parents first."""
    known = {folded(t.name) for t in themes_of(session, ev.id)} | {folded(t.name) for t in ev.config.themes}
    new: list[tuple[str, str | None, str]] = []

    def walk(items: list[Code], parent: str | None) -> None:
        for code in items:
            if code.guid in special:
                continue
            name = " ".join(code.name.split())
            if not name:
                continue
            if folded(name) not in known:
                known.add(folded(name))
                new.append((name, parent, code.description))
            walk(code.children, name)

    walk(codes, None)
    return new


def _source_cases(project: Project) -> dict[str, dict[str, str]]:
    """Each source's variables from the Cases that name it (a group's Case over a level's), and
    from its own TextSource variables (bikva writes the interviewer labels there)."""
    found: dict[str, dict[str, str]] = {s.guid: {k: v for k, v in s.variables.items() if v} for s in project.sources}
    for case in sorted(project.cases, key=lambda c: "group" in c.variables):
        for source in case.sources:
            found.setdefault(source, {}).update({k: v for k, v in case.variables.items() if v})
    return found


def _carried(project: Project) -> dict[str, list[str]]:
    """Note GUID -> the level keys a Set carries it to (bikva's export: the Set's description is
    the level's key)."""
    found: dict[str, list[str]] = {}
    for item in project.sets:
        key = level_key(item.description.strip()) if item.description.strip() else None
        if key:
            for note in item.notes:
                found.setdefault(note, []).append(key)
    return found


def _plan_quote(project, selection, text, spans, plan, theme_codes, advice_codes, left_out, carried, level, ev):
    placed = anchoring.place(text, selection.start, selection.end, selection.name)
    if isinstance(placed, anchoring.Unplaced):
        return Unplaced("", "", placed.reason)
    turn_texts = [turn.text for turn in plan.turns]
    found = anchoring.in_turn(spans, turn_texts, placed.start, placed.end)
    if isinstance(found, anchoring.Unplaced):
        return Unplaced("", "", found.reason)
    turn = plan.turns[found.turn]
    if turn.is_interviewer:
        return Unplaced("", "", "interviewer")
    if turn.speaker == UNKNOWN_SPEAKER:
        return Unplaced("", "", "unknown_speaker")
    themes = [theme_codes[g].name for g in dict.fromkeys(selection.codes) if g in theme_codes]
    advice = any(g in advice_codes for g in selection.codes)
    if len(themes) > 1:
        return Unplaced("", "", "several_themes", "; ".join(printable(t, 40) for t in themes))
    if not themes and not advice:
        if selection.codes and all(g in left_out for g in selection.codes):
            return Unplaced("", "", "statement_only")
        return Unplaced("", "", "no_theme")
    rationale = next((project.notes[n] for n in selection.notes if project.notes.get(n)), "")
    carry = []
    for note in selection.notes:
        for key in carried.get(note, []):
            target = next((l for l in ev.levels if l.key == key), None)
            if target is not None and target.position > level.position and key not in carry:
                carry.append(key)
    return PlannedQuote(found.turn, found.start, found.end, turn.text[found.start:found.end],
                        " ".join(themes[0].split()) if themes else None, advice, rationale.strip(), carry,
                        placed.moved, selection.guid)


def work_folder(ev: OpenEvaluation) -> tempfile.TemporaryDirectory:
    """Where the sources' texts wait for the ordinary importer: inside the evaluation folder,
    never the system's temporary folder (they are transcripts: personal data stays in the folder)."""
    return tempfile.TemporaryDirectory(prefix=".bikva-qdpx-", dir=ev.folder)


def import_qdpx(session: Session, ev: OpenEvaluation, path: Path, **options) -> QdpxImport:
    with work_folder(ev) as workdir:
        planned = plan_qdpx_import(session, ev, path, Path(workdir), **options)
        stored = []
        for item in planned.sources:
            # the same options again: import_transcript plans once more from the same file
            result = import_transcript(session, ev, level=item.level.key, path=item.file, group=item.group,
                                       interviewer_labels=item.interviewers, speakers=options.get("speakers", ()),
                                       keep_labels=options.get("keep_labels", False))
            stored.append(turns_of(session, result.transcript))
    for name, parent, description in planned.themes:
        add_theme(session, ev, name, parent=parent, description=description)
    themes: dict[str, Theme] = {folded(t.name): t for t in themes_of(session, ev.id)}
    by_selection: dict[str, Quote] = {}
    for item, turns in zip(planned.sources, stored):
        for wanted in item.quotes:
            turn = turns[wanted.turn]
            quote = Quote(
                evaluation_id=ev.id, level_id=item.level.id, transcript_id=turn.transcript_id, turn_id=turn.id,
                start=wanted.start, end=wanted.end, text=turn.text[wanted.start:wanted.end],
                theme_id=themes[folded(wanted.theme)].id if wanted.theme else None,
                kind=QuoteKind.ADVICE if wanted.advice else QuoteKind.STATEMENT, rationale=wanted.rationale,
            )
            session.add(quote)
            session.flush()
            for key in wanted.carried_to:
                session.add(QuoteCarry(quote_id=quote.id, level_id=next(l.id for l in ev.levels if l.key == key)))
            by_selection[wanted.selection] = quote
            planned.quote_ids.append(quote.id)
    _link_reactions(planned.project, by_selection, ev)
    session.flush()
    audit.record(session, ev.id, "import_qdpx", printable(path.name), sources=len(planned.sources),
                 quotes=len(planned.quote_ids), unplaced=len(planned.unplaced), themes=len(planned.themes))
    return planned


def _link_reactions(project: Project, quotes: dict[str, Quote], ev: OpenEvaluation) -> None:
    """A Link between two imported quotes, the later level's answering the earlier's: a reaction."""
    positions = {l.id: l.position for l in ev.levels}
    for link in project.links:
        origin, target = quotes.get(link.origin), quotes.get(link.target)
        if origin is not None and target is not None and positions[target.level_id] < positions[origin.level_id]:
            origin.responds_to_id = target.id
