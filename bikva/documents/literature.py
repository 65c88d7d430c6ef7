"""Literature: the evaluator's `report/literature.bib`, citations in the text, and the list.

Why BibTeX (parsed with pybtex) rather than a TOML file of our own: the reference managers
evaluators already use (Zotero, EndNote, Mendeley) export BibTeX, so a study's literature is
exported, not typed again; pybtex splits names ("Krogstrup, Hanne Kathrine and Brix, Jacob")
and decodes LaTeX (`{\\AA}rhus`) the way BibTeX itself does.

Citations are written as in Pandoc, in every narrative file (summary, introduction, the method
parts, the results texts, synthesis, recommendations): `[@krogstrup1997]` → "(Krogstrup 1997)",
`[@krogstrup1997, s. 45]` → "(Krogstrup 1997, s. 45)", `[@a; @b]` → "(A 1997; B 2019)", and
`Krogstrup [-@krogstrup1997]` → "Krogstrup (1997)". The report's literature list holds exactly
the works cited, in a Danish author-year style (`Krogstrup, H.K. & Brix, J. (2019). *Titel*.
Sted: Forlag.`), sorted by author and year; two works by the same authors in one year get
2019a, 2019b. An unknown key is left in the text as written and named by `bikva status` (the
report cannot be made final); an entry never cited is named by `bikva status` and left out of
the list. Without a .bib file a hand-written `report/literature.md` is used as it stands.

Outside an entry BibTeX reads everything as a comment, except an "@": a comment in the file must
not hold one (pybtex would take it for the start of an entry and the file is refused).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from bikva.errors import BikvaError
from bikva.i18n import t

BIB_FILE = "report/literature.bib"
# "[@key]", "[-@key]", "[@a; @b, s. 4]": a bracket holding one or more @keys.
CITATION = re.compile(r"\[(-?@[\w:.\-]+[^\[\]]*)\]")
_ONE = re.compile(r"^(-?)@([\w:.\-]+?)[.,:]?(?:,\s*(.*))?$")


@dataclass
class Work:
    key: str
    kind: str  # book, article, incollection, report, misc, ...
    authors: list[tuple[str, str]]  # (last name with prefix, initials)
    editors: list[tuple[str, str]]
    fields: dict[str, str]
    suffix: str = ""  # "a", "b" when the same authors published twice in a year

    @property
    def year(self) -> str:
        return self.fields.get("year", "").strip() or "u.å."

    def names(self, lang: str) -> str:
        """The in-text author part: "Krogstrup", "Krogstrup & Brix", "Hansen m.fl."."""
        people = self.authors or self.editors
        lasts = [last for last, _ in people] or [self.fields.get("title", self.key)]
        if len(lasts) == 1:
            return lasts[0]
        if len(lasts) == 2:
            return f"{lasts[0]} & {lasts[1]}"
        return f"{lasts[0]} {t(lang, 'report.literature.et_al')}"

    def label(self, lang: str) -> str:
        return f"{self.names(lang)} {self.year}{self.suffix}"


@dataclass
class Bibliography:
    works: dict[str, Work] = field(default_factory=dict)
    present: bool = False  # a literature.bib exists


@dataclass
class Citations:
    """What the narrative files cite, gathered while they are read."""

    cited: list[str] = field(default_factory=list)  # known keys, first citation first
    unknown: list[str] = field(default_factory=list)

    def note(self, key: str, known: bool) -> None:
        target = self.cited if known else self.unknown
        if key not in target:
            target.append(key)


def load_bibliography(folder: Path) -> Bibliography:
    path = folder / BIB_FILE
    if not path.is_file():
        return Bibliography()
    from pybtex.database import parse_string
    from pybtex.exceptions import PybtexError
    from pybtex.scanner import PybtexSyntaxError

    try:
        data = parse_string(path.read_text(encoding="utf-8-sig"), "bibtex")
    except UnicodeDecodeError as exc:
        raise BikvaError("config.invalid", file=str(path), detail=f"UTF-8: {exc.reason}") from None
    except (PybtexError, PybtexSyntaxError) as exc:
        raise BikvaError("config.invalid", file=str(path), detail=" ".join(str(exc).split())) from None
    works = {}
    for key, entry in data.entries.items():
        works[key] = Work(
            key=key,
            kind=entry.type.lower(),
            authors=[_person(p) for p in entry.persons.get("author", [])],
            editors=[_person(p) for p in entry.persons.get("editor", [])],
            fields={name.lower(): _plain(value) for name, value in entry.fields.items()},
        )
    _disambiguate(works)
    return Bibliography(works, True)


def _plain(value: str) -> str:
    from pybtex.backends.plaintext import Backend
    from pybtex.richtext import Text

    try:
        # render(Backend()), not render_as("text"): the latter looks the backend up among every
        # installed package's entry points on each call (seconds per report).
        return " ".join(Text.from_latex(value).render(Backend()).split())
    except Exception:  # noqa: BLE001 (odd LaTeX: show the field as written rather than fail)
        return " ".join(value.replace("{", "").replace("}", "").split())


def _person(person) -> tuple[str, str]:
    last = " ".join(_plain(part) for part in (*person.prelast_names, *person.last_names, *person.lineage_names))
    given = [_plain(part) for part in (*person.first_names, *person.middle_names)]
    return last, "".join(_initials(name) for name in given if name)


def _initials(name: str) -> str:
    """"Hanne" → "H.", "Jens-Erik" → "J.-E.", "H.K." stays "H.K."."""
    if re.fullmatch(r"(\w\.)+", name):
        return name
    return "-".join(f"{part[0]}." for part in name.split("-") if part)


def _disambiguate(works: dict[str, Work]) -> None:
    by_label: dict[tuple[str, str], list[Work]] = {}
    for work in works.values():
        by_label.setdefault((str(work.authors or work.editors), work.year), []).append(work)
    for same in by_label.values():
        if len(same) > 1:
            for letter, work in zip("abcdefghijklmnopqrstuvwxyz", sorted(same, key=lambda w: w.fields.get("title", ""))):
                work.suffix = letter


def resolve_citations(text: str, lang: str, bibliography: Bibliography, found: Citations) -> str:
    """`text` with every known citation written out author-year; unknown keys stay as written."""

    def one(match: re.Match[str]) -> str:
        parts = [part.strip() for part in match.group(1).split(";")]
        rendered = []
        for part in parts:
            m = _ONE.match(part)
            if not m or m.group(2) not in bibliography.works:
                if m:
                    found.note(m.group(2), False)
                return match.group(0)
            work = bibliography.works[m.group(2)]
            found.note(work.key, True)
            label = f"{work.year}{work.suffix}" if m.group(1) else work.label(lang)
            rendered.append(f"{label}, {m.group(3)}" if m.group(3) else label)
        return f"({'; '.join(rendered)})"

    return CITATION.sub(one, text)


def cited_keys(text: str) -> list[str]:
    """Every key cited in `text`, known or not."""
    keys = []
    for match in CITATION.finditer(text):
        for part in match.group(1).split(";"):
            m = _ONE.match(part.strip())
            if m and m.group(2) not in keys:
                keys.append(m.group(2))
    return keys


def literature_markdown(lang: str, bibliography: Bibliography, cited: list[str]) -> str:
    """The list of the cited works, one paragraph each, as Markdown (the narrative renderer
    turns it into the Literature chapter)."""
    works = sorted((bibliography.works[key] for key in cited if key in bibliography.works),
                   key=lambda w: ([last.casefold() for last, _ in (w.authors or w.editors)], w.year, w.suffix))
    return "\n\n".join(reference(lang, work) for work in works) + "\n"


def _people(lang: str, people: list[tuple[str, str]]) -> str:
    written = [f"{last}, {initials}" if initials else last for last, initials in people]
    if len(written) <= 1:
        return "".join(written)
    return f"{', '.join(written[:-1])} & {written[-1]}"


def _md(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", text)


def reference(lang: str, work: Work) -> str:
    """One work in the Danish author-year style, as Markdown (titles of books in italics)."""
    f = {name: _md(value) for name, value in work.fields.items()}
    author = _people(lang, work.authors) if work.authors else (
        f"{_people(lang, work.editors)} ({t(lang, 'report.literature.editors')})" if work.editors else f.get("title", work.key))
    parts = [f"{_md(author)} ({work.year}{work.suffix})."]
    title = f.get("title", "")
    edition = f" ({t(lang, 'report.literature.edition', edition=f['edition'])})" if f.get("edition") else ""
    where = ": ".join(x for x in (f.get("address") or f.get("location", ""), f.get("publisher", "")) if x)
    if work.kind == "article":
        parts.append(f"{title}.")
        journal = f"*{f['journal']}*" if f.get("journal") else ""
        volume = f.get("volume", "") + (f"({f['number']})" if f.get("number") else "")
        parts.append(", ".join(x for x in (journal, volume, f.get("pages", "").replace("--", "–")) if x) + ".")
    elif work.kind in ("incollection", "inbook", "inproceedings"):
        parts.append(f"{title}.")
        book = f"*{f.get('booktitle', '')}*"
        editors = f"{_md(_people(lang, work.editors))} ({t(lang, 'report.literature.editors')}), " if work.editors else ""
        pages = f" ({t(lang, 'report.literature.pages', pages=f['pages'].replace('--', '–'))})" if f.get("pages") else ""
        parts.append(f"{t(lang, 'report.literature.in')} {editors}{book}{pages}.")
        if where:
            parts.append(f"{where}.")
    else:  # book, report, thesis, misc, online: the title is the work
        parts.append(f"*{title}*{edition}.")
        publisher = where or ": ".join(x for x in (f.get("institution", ""), f.get("organization", "")) if x)
        if publisher:
            parts.append(f"{publisher}.")
    if f.get("url"):
        parts.append(f.get("url", ""))
    return " ".join(p for p in parts if p.strip(" .")) or work.key
