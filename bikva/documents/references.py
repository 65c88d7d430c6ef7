"""References from the evaluator's texts to the quotes they rest on: `[[12]]`.

The results (report/results/<level>.md), the synthesis (report/synthesis.md and the readings in
report/synthesis.toml), the recommendations and any other report/*.md may cite a selected quote
or good advice by its number. This module is the one place that finds such references, tells
whether the quote may be printed (and if not, why), and turns them into links in rendered
Markdown; the report (bikva.documents.report, .results) and `bikva status` both use it.

A quote that may travel is printed in its level's section with the anchor `q<id>`, so a
reference links there. A reference to anything else is never printed as a quote: in the
evaluator's edition it is a visible marker naming the problem, in the commissioner's edition it
is left out (a withdrawn participant's words must not appear, and a bare number helps no reader);
`bikva status` names it either way.
"""

from __future__ import annotations

import re
import tomllib
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from sqlmodel import Session, select

from bikva.i18n import t
from bikva.store.evaluation import OpenEvaluation
from bikva.store.queries import quotes_of, withdrawn_quote_ids
from models.audit_event import AuditEvent
from models.quote import Quote

REFERENCE = re.compile(r"\[\[\s*(\d{1,9})\s*\]\]")
# Adjacent references ("[[3]] [[7]]", "[[3]], [[7]]") are one citation: "(nr. 3, 7)".
_RUN = re.compile(r"\[\[\s*\d{1,9}\s*\]\](?:[ \t,;]*\[\[\s*\d{1,9}\s*\]\])*")
REPORT_FOLDER = "report"
RESULTS_FOLDER = "report/results"
SYNTHESIS_FILE = "report/synthesis.toml"

# Why a reference cannot be printed. "" means it can.
WITHDRAWN, REMOVED, EXCLUDED, UNKNOWN = "withdrawn", "removed", "excluded", "unknown"


def anchor(quote_id: int) -> str:
    """The id of a printed quote in the report, the target of every reference to it."""
    return f"q{quote_id}"


def referenced_ids(text: str) -> list[int]:
    """The quote numbers `text` refers to, in order, each once."""
    return list(dict.fromkeys(int(match.group(1)) for match in REFERENCE.finditer(text)))


@dataclass(frozen=True)
class Resolver:
    """What the evaluation's quote numbers stand for, read once."""

    printable: frozenset[int]  # selected quotes that may travel: printed in the report
    withdrawn: frozenset[int]  # a participant withdrew their consent
    excluded: frozenset[int]  # from an interview group left out of the analysis
    removed: frozenset[int]  # once selected, since taken out of the selection (`bikva unquote`)

    def problem(self, quote_id: int) -> str:
        if quote_id in self.printable:
            return ""
        if quote_id in self.withdrawn:
            return WITHDRAWN
        if quote_id in self.excluded:
            return EXCLUDED
        return REMOVED if quote_id in self.removed else UNKNOWN


def resolver(session: Session, ev: OpenEvaluation) -> Resolver:
    printable = {q.id for q in quotes_of(session, ev.id)}
    withdrawn = withdrawn_quote_ids(session, ev.id)
    everything = set(session.exec(select(Quote.id).where(Quote.evaluation_id == ev.id)))
    # The audit trail keeps "quote 12" of a quote taken out again (record ids only, no text).
    subjects = session.exec(
        select(AuditEvent.subject).where(AuditEvent.evaluation_id == ev.id, AuditEvent.action == "unquote")
    )
    removed = {int(s.split()[-1]) for s in subjects if s and s.split()[-1].isdigit()}
    return Resolver(
        printable=frozenset(printable),
        withdrawn=frozenset(withdrawn),
        excluded=frozenset(everything - printable - withdrawn),
        removed=frozenset(removed - everything),
    )


# ---------------------------------------------------------------- what status reports


@dataclass
class ReferenceProblem:
    file: str  # as the evaluator sees it: "report/recommendations.md"
    id: int
    problem: str  # withdrawn | removed | excluded | unknown


def referencing_texts(folder: Path) -> Iterator[tuple[str, str]]:
    """(file, text) of every text the report reads references from: report/*.md,
    report/results/*.md and the readings in report/synthesis.toml (not its comments)."""
    for pattern_folder in (REPORT_FOLDER, RESULTS_FOLDER):
        for path in sorted((folder / pattern_folder).glob("*.md")):
            text = _read(path)
            if text:
                yield f"{pattern_folder}/{path.name}", text
    readings = _synthesis_readings(folder / SYNTHESIS_FILE)
    if readings:
        yield SYNTHESIS_FILE, "\n".join(readings)


def reference_problems(folder: Path, resolve: Resolver) -> list[ReferenceProblem]:
    problems = []
    for file, text in referencing_texts(folder):
        for quote_id in referenced_ids(text):
            problem = resolve.problem(quote_id)
            if problem:
                problems.append(ReferenceProblem(file, quote_id, problem))
    return problems


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return ""  # the report refuses an unreadable file itself, with the reason


def _synthesis_readings(path: Path) -> list[str]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig")) if path.is_file() else {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return []
    out = []
    for table in data.values():
        readings = table.get("reading", {}) if isinstance(table, dict) else {}
        if isinstance(readings, dict):
            out += [str(value) for value in readings.values()]
    return out


# ---------------------------------------------------------------- rendering


@dataclass(frozen=True)
class Citation:
    """How references are rendered in one edition of the report."""

    lang: str
    resolve: Resolver
    evaluator: bool  # the evaluator's edition marks an unprintable reference; the commissioner's drops it

    def inline(self, text: str) -> list[etree.Element | str]:
        """`text` as a run of strings and elements: each run of references becomes
        "(nr. 3, 7)" with every number a link to its quote."""
        out: list[etree.Element | str] = []
        last = 0
        for match in _RUN.finditer(text):
            out.append(text[last:match.start()])
            out += self._citation([int(n) for n in REFERENCE.findall(match.group())])
            last = match.end()
        out.append(text[last:])
        return [part for part in out if not isinstance(part, str) or part]

    def _citation(self, ids: list[int]) -> list[etree.Element | str]:
        good = [i for i in ids if not self.resolve.problem(i)]
        parts: list[etree.Element | str] = []
        if good:
            cite = etree.Element("span", {"class": "quote-ref"})
            cite.text = f"({t(self.lang, 'report.reference.prefix')} "
            for n, quote_id in enumerate(good):
                link = etree.SubElement(cite, "a", {"href": f"#{anchor(quote_id)}"})
                link.text = str(quote_id)
                link.tail = ", " if n < len(good) - 1 else ")"
            parts.append(cite)
        if self.evaluator:
            for quote_id in ids:
                if problem := self.resolve.problem(quote_id):
                    parts.append(self.marker(quote_id, problem))
        return parts

    def marker(self, quote_id: int, problem: str) -> etree.Element:
        mark = etree.Element("span", {"class": "missing quote-ref-problem"})
        mark.text = t(self.lang, "report.reference.problem", id=quote_id,
                      problem=t(self.lang, f"report.reference.why.{problem}"))
        return mark


def replace_references(element: etree.Element, cite: Callable[[str], list[etree.Element | str]]) -> None:
    """Replace the references in the text and tails under `element` by what `cite` makes of them."""
    if element.tag in ("code", "pre"):
        return  # an example of the syntax, not a reference
    for child in list(element):
        replace_references(child, cite)
    _splice(element, "text", cite)
    for child in list(element):
        _splice(child, "tail", cite, parent=element)


def _splice(node: etree.Element, slot: str, cite, parent: etree.Element | None = None) -> None:
    text = getattr(node, slot)
    if not text or "[[" not in text or not REFERENCE.search(text):
        return
    parts = cite(text)
    setattr(node, slot, "")
    # Where new elements go: at the start of node (its text) or after node in its parent (its tail).
    host, index = (node, 0) if slot == "text" else (parent, list(parent).index(node) + 1)
    previous: etree.Element | None = None if slot == "text" else node
    for part in parts:
        if isinstance(part, str):
            if previous is None:
                host.text = (host.text or "") + part
            else:
                previous.tail = (previous.tail or "") + part
        else:
            part.tail = ""
            host.insert(index, part)
            index += 1
            previous = part


class ReferenceLinks(Extension):
    """Markdown extension: references become links to the quotes (narrative sections)."""

    def __init__(self, citation: Citation) -> None:
        super().__init__()
        self.citation = citation

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        # After the inline patterns (20) and the report's own chapter rules (5).
        md.treeprocessors.register(_Links(md, self.citation), "bikva-references", 4)


class _Links(Treeprocessor):
    def __init__(self, md: markdown.Markdown, citation: Citation) -> None:
        super().__init__(md)
        self.citation = citation

    def run(self, root: etree.Element) -> None:
        replace_references(root, self.citation.inline)
