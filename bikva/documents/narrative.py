"""The report's narrative sections: Markdown files the evaluator writes in the evaluation folder.

`report/summary.md`, `report/introduction.md` (with the research question), `report/synthesis.md`,
`report/recommendations.md` and `report/literature.md` are expected; `report/ethics.md` is
optional (without it the report has a standard text filled with the study's facts).

Evaluator-written text may still hold a name, so it passes through the evaluation's redactions
before it is rendered (HTML character references decoded first, so "M&#101;tte" is redacted as
Mette; the de-identification guard reads the files the same way), and raw HTML in it is shown
as text, never passed on: the report is also delivered as HTML. Links keep only web and mail addresses; images are left out (the report's
figures come from bikva). A first `# heading` in a file becomes the chapter's title; the
other headings are set under the chapter's (its top headings become the chapter's sections).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable
from pathlib import Path

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from bikva.errors import BikvaError
from bikva.i18n import t
from bikva.protection.guard import decode_entities
from bikva.selection.redaction import Redactor
from bikva.documents.views import NarrativeSection

NARRATIVE_FOLDER = "report"
# In the order they appear in the report. Ethics is optional: see OPTIONAL.
SECTIONS = ("summary", "introduction", "ethics", "synthesis", "recommendations", "literature")
OPTIONAL = frozenset({"ethics"})
_SAFE_HREF = re.compile(r"^(https?:|mailto:|#)", re.IGNORECASE)
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!<>|])")


def narrative_file(key: str) -> str:
    """The file's path inside the evaluation folder, as the evaluator sees it."""
    return f"{NARRATIVE_FOLDER}/{key}.md"


def missing_sections(folder: Path) -> list[str]:
    """The required sections whose file is missing or empty, in report order."""
    return [
        key for key in SECTIONS
        if key not in OPTIONAL and not _read(folder / narrative_file(key)).strip()
    ]


def markdown_redactor(pairs: Iterable[tuple[str, str]]) -> Redactor:
    """The evaluation's redactions with each placeholder escaped for Markdown, so that
    "[navn på sagsbehandler]" stays text and is never read as a link."""
    return Redactor((text, _MD_SPECIAL.sub(r"\\\1", placeholder)) for text, placeholder in pairs)


def read_sections(folder: Path, lang: str, redact: Redactor) -> dict[str, NarrativeSection]:
    """Every narrative section, rendered; a missing file gives a section with no text."""
    converter = _converter()
    sections = {}
    for key in SECTIONS:
        text = _read(folder / narrative_file(key))
        # Entities first: "M&#101;tte" is Mette, to the redactions and to the guard alike.
        html, title = (_render(converter, redact(decode_entities(text))) if text.strip() else ("", ""))
        sections[key] = NarrativeSection(
            key=key,
            file=narrative_file(key),
            title=title or t(lang, f"report.{key}.title"),
            html=html,
        )
    return sections


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
