"""The report's narrative sections: Markdown files the evaluator writes in the evaluation folder.

`report/summary.md`, `report/introduction.md` (with the research question), `report/synthesis.md`
and `report/recommendations.md` are expected, and the literature: `report/literature.bib`
(bikva.documents.literature: the list is made of the works cited) or a hand-written
`report/literature.md`.

The method chapter is the evaluator's too. bikva writes a default for each of its parts from the
study's facts; `report/method/<part>.md` (design, recruitment, data, analysis, ethics,
limitations) changes it:

- a file **replaces** the default part;
- a file whose first line is a lone `+` **extends** it: the default stays and the file's text
  follows it.

Recruitment and limitations have no default (no database knows who was asked, who said no and
who was never reached), so `bikva status` names them until they are written. The old
`report/ethics.md` still replaces the ethics part when `report/method/ethics.md` is absent.

Citations (`[@krogstrup1997]`) work in every one of these files and in the levels' results texts
(`report/results/*.md`, rendered through `render_markdown`): bikva.documents.literature.

Evaluator-written text may still hold a name, so it passes through the evaluation's redactions
before it is rendered (HTML character references decoded first, so "M&#101;tte" is redacted as
Mette; the de-identification guard reads the files the same way), and raw HTML in it is shown
as text, never passed on: the report is also delivered as HTML. Links keep only web and mail
addresses; images are left out (the report's figures come from bikva). A first `# heading` in a
file becomes the chapter's (or the method part's) title; the other headings are set under it.
"""

from __future__ import annotations

import re
from html import unescape
import xml.etree.ElementTree as etree
from collections.abc import Iterable
from pathlib import Path

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from bikva.errors import BikvaError
from bikva.i18n import t
from bikva.intake.normalise import decode_entities
from bikva.selection.redaction import Redactor
from bikva.documents.literature import (
    BIB_FILE,
    Bibliography,
    Citations,
    cited_keys,
    literature_markdown,
    load_bibliography,
    resolve_citations,
)
from bikva.documents.views import NarrativeSection

NARRATIVE_FOLDER = "report"
# In the order they appear in the report. Ethics is optional: see OPTIONAL.
SECTIONS = ("summary", "introduction", "ethics", "synthesis", "recommendations", "literature")
OPTIONAL = frozenset({"ethics"})
METHOD_FOLDER = f"{NARRATIVE_FOLDER}/method"
METHOD_PARTS = ("design", "recruitment", "data", "analysis", "ethics", "limitations")
REQUIRED_PARTS = ("recruitment", "limitations")  # no default can say these truthfully
EXTEND_MARK = "+"  # a file's first line: add to the default part instead of replacing it
PARTICIPANTS_FILE = f"{NARRATIVE_FOLDER}/participants.md"
_SAFE_HREF = re.compile(r"^(https?:|mailto:|#)", re.IGNORECASE)
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!<>|])")


def narrative_file(key: str) -> str:
    """The file's path inside the evaluation folder, as the evaluator sees it."""
    return f"{NARRATIVE_FOLDER}/{key}.md"


def method_file(part: str) -> str:
    return f"{METHOD_FOLDER}/{part}.md"


def missing_sections(folder: Path) -> list[str]:
    """The required sections whose file is missing or empty, in report order (the literature
    counts as written when report/literature.bib exists)."""
    return [
        key for key in SECTIONS
        if key not in OPTIONAL and not _read(folder / narrative_file(key)).strip()
        and not (key == "literature" and (folder / BIB_FILE).is_file())
    ]


def missing_method_parts(folder: Path) -> list[str]:
    """The method parts that have no default and no file yet."""
    return [part for part in REQUIRED_PARTS if not _method_text(folder, part).strip()]


def unknown_method_files(folder: Path) -> list[str]:
    """Files in report/method/ that are no method part ("rekruttering.md"): they would be left
    out without a word, so `bikva status` names them."""
    where = folder / METHOD_FOLDER
    if not where.is_dir():
        return []
    return [f"{METHOD_FOLDER}/{path.name}" for path in sorted(where.iterdir())
            if path.is_file() and not (path.suffix == ".md" and path.stem in METHOD_PARTS)]


def _method_text(folder: Path, part: str) -> str:
    text = _read(folder / method_file(part))
    if not text.strip() and part == "ethics":  # before report/method/: report/ethics.md
        text = _read(folder / narrative_file("ethics"))
    return text


def _method_source(folder: Path, part: str) -> str:
    if part == "ethics" and not _read(folder / method_file(part)).strip() and _read(folder / narrative_file("ethics")).strip():
        return narrative_file("ethics")
    return method_file(part)


def all_citations(folder: Path) -> tuple[Bibliography, list[str]]:
    """The bibliography and every key the narrative files cite (known or not), for status."""
    texts = [_read(folder / narrative_file(key)) for key in SECTIONS if key != "literature"]
    texts += [_method_text(folder, part) for part in METHOD_PARTS]
    texts += _results_texts(folder)
    keys: list[str] = []
    for text in texts:
        keys += [key for key in cited_keys(text) if key not in keys]
    return load_bibliography(folder), keys


def markdown_redactor(pairs: Iterable[tuple[str, str]]) -> Redactor:
    """The evaluation's redactions with each placeholder escaped for Markdown, so that
    "[navn på sagsbehandler]" stays text and is never read as a link."""
    return Redactor((text, _MD_SPECIAL.sub(r"\\\1", placeholder)) for text, placeholder in pairs)


def read_sections(
    folder: Path, lang: str, redact: Redactor, extensions: Iterable[Extension] = ()
) -> dict[str, NarrativeSection]:
    """Every narrative section and method part (key "method.<part>"), rendered; a missing file
    gives a section with no text. Citations are written out, and the literature section is the
    list of the works cited when report/literature.bib exists."""
    converter = _converter()
    converter.registerExtensions(list(extensions), {})  # e.g. quote references (bikva.documents.references)
    bibliography = load_bibliography(folder)
    found = Citations()
    sections = {}

    def render(text: str) -> tuple[str, str]:
        # Entities first: "M&#101;tte" is Mette, to the redactions and to the guard alike.
        if not text.strip():
            return "", ""
        return _render(converter, resolve_citations(redact(decode_entities(text)), lang, bibliography, found))

    for key in SECTIONS:
        if key == "literature":
            continue
        html, title = render(_read(folder / narrative_file(key)))
        sections[key] = NarrativeSection(key=key, file=narrative_file(key),
                                         title=title or t(lang, f"report.{key}.title"), html=html)
    for part in METHOD_PARTS:
        text = _method_text(folder, part)
        lines = text.lstrip("\ufeff").split("\n", 1)
        extends = lines[0].strip() == EXTEND_MARK
        html, title = render(lines[1] if extends and len(lines) > 1 else "" if extends else text)
        sections[f"method.{part}"] = NarrativeSection(
            key=f"method.{part}", file=_method_source(folder, part),
            title=title or t(lang, f"report.method.part.{part}"), html=html, extends=extends,
        )
    for text in _results_texts(folder):  # rendered with the results (render_markdown), listed here
        for key in cited_keys(text):
            found.note(key, key in bibliography.works)
    if bibliography.present:
        listed = literature_markdown(lang, bibliography, found.cited) if found.cited else ""
        html, _title = _render(converter, listed) if listed else ("", "")
        sections["literature"] = NarrativeSection(key="literature", file=BIB_FILE,
                                                  title=t(lang, "report.literature.title"), html=html)
    else:
        html, title = render(_read(folder / narrative_file("literature")))
        sections["literature"] = NarrativeSection(key="literature", file=narrative_file("literature"),
                                                  title=title or t(lang, "report.literature.title"), html=html)
    # The chapters in report order (the method parts are printed inside the method chapter).
    return {key: sections[key] for key in (*SECTIONS, *(f"method.{p}" for p in METHOD_PARTS))}


def render_markdown(text: str, redact: Redactor, extensions: Iterable[Extension] = (), *,
                    folder: Path | None = None, lang: str = "da") -> str:
    """One text of the evaluator's through the sections' pipeline (entities decoded, redacted,
    raw HTML as text, safe links), with `extensions` added (bikva.documents.results: the quotes
    a results text embeds), and with `folder` its citations written out from the evaluation's
    literature.bib. Its HTML; "" when there is no text."""
    if not text.strip():
        return ""
    converter = _converter()
    converter.registerExtensions(list(extensions), {})
    text = redact(decode_entities(text))
    if folder is not None:
        text = resolve_citations(text, lang, load_bibliography(folder), Citations())
    return _render(converter, text)[0]


def _results_texts(folder: Path) -> list[str]:
    """The levels' results texts (bikva.documents.results): they cite literature too."""
    where = folder / NARRATIVE_FOLDER / "results"
    return [_read(path) for path in sorted(where.glob("*.md"))] if where.is_dir() else []


def read_participants_text(folder: Path, lang: str, redact: Redactor) -> NarrativeSection:
    """report/participants.md, rendered and redacted (no citations: it is written for the
    participants); an empty section when it is not written."""
    text = _read(folder / PARTICIPANTS_FILE)
    html, title = _render(_converter(), redact(decode_entities(text))) if text.strip() else ("", "")
    return NarrativeSection(key="participants", file=PARTICIPANTS_FILE,
                            title=title or t(lang, "report.participants.title"), html=html)


def participants_plain_text(folder: Path) -> str:
    """report/participants.md as words and sentences, Markdown marks gone, for its LIX."""
    text = _read(folder / PARTICIPANTS_FILE)
    if not text.strip():
        return ""
    html = _converter().convert(decode_entities(text))
    # Each block ends a sentence, as a reader takes a heading or a list item.
    blocks = re.split(r"</(?:p|li|h[1-6]|blockquote|td|th)>", html)
    words = (" ".join(unescape(re.sub(r"<[^>]+>", " ", block)).split()) for block in blocks)
    return "\n".join(block if block[-1] in ".!?:" else block + "." for block in words if block)


def _read(path: Path) -> str:
    if not path.is_file():
        return ""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BikvaError("config.invalid", file=str(path), detail=f"UTF-8: {exc.reason}") from None


def _render(converter: markdown.Markdown, text: str) -> tuple[str, str]:
    converter.reset()
    html = converter.convert(text)
    return html, converter.chapter_title  # type: ignore[attr-defined]


def _converter() -> markdown.Markdown:
    converter = markdown.Markdown(
        extensions=["tables", "sane_lists", "footnotes", "def_list", "abbr", _ReportSafety()],
        extension_configs={"footnotes": {"UNIQUE_IDS": True, "BACKLINK_TEXT": ""}},
        output_format="html",
    )
    # Raw HTML is text here: no script, style or attributes can come in through a section.
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return converter


class _ReportSafety(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.chapter_title = ""  # type: ignore[attr-defined]
        md.treeprocessors.register(_Chapter(md), "bikva-chapter", 5)


class _Chapter(Treeprocessor):
    """Title from a leading h1, headings one level down, safe links, no images or backlinks."""

    def run(self, root: etree.Element) -> None:
        self.md.chapter_title = ""  # type: ignore[attr-defined]
        first = root[0] if len(root) else None
        if first is not None and first.tag == "h1":
            self.md.chapter_title = "".join(first.itertext()).strip()  # type: ignore[attr-defined]
            root.remove(first)
        elements = list(root.iter())
        levels = [int(e.tag[1]) for e in elements if re.fullmatch(r"h[1-6]", e.tag)]
        shift = max(0, 2 - min(levels, default=2))  # the section's top headings sit under the chapter's h1
        for element in elements:
            if re.fullmatch(r"h[1-6]", element.tag):
                element.tag = f"h{min(int(element.tag[1]) + shift, 6)}"
            elif element.tag == "a":
                if "footnote-backref" in element.get("class", ""):
                    element.tag, element.attrib, element.text = "span", {}, ""
                elif not _SAFE_HREF.match(element.get("href", "")):
                    element.tag, element.attrib = "span", {}
            elif element.tag == "img":
                alt = element.get("alt", "")
                element.tag, element.attrib, element.text = "span", {}, alt
