"""The evaluator's analysis in the results: one Markdown file per level.

`report/results/<level>.md` (the level's key: `citizens.md`, `frontline.md`, ...) holds the
evaluator's text on what the level said. The text before the first `## heading` introduces the
level; each `## <theme name>` section (the name as in bikva.toml, in any case) is that theme's
analysis. A quote or good advice is embedded by its number, `[[12]]`: a reference that stands
alone in its paragraph, or follows a colon ("En af borgerne fortæller: [[3]]"), prints the quote
there as a block quote with its attribution; any other reference ("som i de gode råd [[9]]", or
one in a list or table) becomes a link to the quote where it is printed. The theme's
selected quotes the text does not cite follow the text under a small heading, so nothing
selected is lost. The themes are printed in the codebook's order, whatever the file's order, so
the levels read in parallel; a heading that names no theme is printed after them, and
`bikva status` names it.

The text goes through the narrative sections' pipeline (bikva.documents.narrative:
redactions after decoding entities, raw HTML shown as text). Without the file a level's section
is printed as before: its quotes theme by theme.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from pathlib import Path

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from bikva.documents.narrative import render_markdown
from bikva.documents.references import RESULTS_FOLDER, REFERENCE, Citation, replace_references
from bikva.documents.views import AdviceView, QuoteView, ResultSection, TextBlock
from bikva.errors import BikvaError
from bikva.selection.redaction import Redactor
from models.theme import Theme

_HEADING = re.compile(r"^ {0,3}##(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_MARKER = re.compile(r'<bikva-quote data-id="(\d+)"></bikva-quote>')


def results_file(level_key: str) -> str:
    """The file's path inside the evaluation folder, as the evaluator sees it."""
    return f"{RESULTS_FOLDER}/{level_key}.md"


@dataclass
class ResultsText:
    intro: str
    sections: list[tuple[str, str]] = field(default_factory=list)  # (heading as written, its text)


def read_results(folder: Path, level_key: str) -> ResultsText | None:
    """The level's analysis split at its `## ` headings; None when the file is missing or empty."""
    path = folder / results_file(level_key)
    if not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BikvaError("config.invalid", file=str(path), detail=f"UTF-8: {exc.reason}") from None
    return parse_results(text) if text.strip() else None


def parse_results(text: str) -> ResultsText:
    parts: list[list[str]] = [[]]
    headings: list[str] = []
    fence = ""
    for line in text.splitlines():
        opening = _FENCE.match(line)
        if fence:
            fence = "" if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence) else fence
        elif opening:
            fence = opening.group(1)
        elif match := _HEADING.match(line):
            headings.append((match.group(1) or "").strip())
            parts.append([])
            continue
        parts[-1].append(line)
    bodies = ["\n".join(lines).strip("\n") for lines in parts]
    return ResultsText(intro=bodies[0], sections=list(zip(headings, bodies[1:])))


def theme_named(heading: str, themes: list[Theme]) -> Theme | None:
    """The theme a heading names: the same words, case and spacing aside."""
    wanted = " ".join(heading.split()).casefold()
    return next((theme for theme in themes if " ".join(theme.name.split()).casefold() == wanted), None)


@dataclass
class LevelResults:
    intro: list[TextBlock]
    by_theme: dict[int, list[TextBlock]]  # theme id -> its analysis
    other_sections: list[ResultSection]
    cited: set[int]  # the quotes the text prints (a quote it only links to is listed after it)


class ResultsWriter:
    """Renders the levels' results texts for one report, keeping each quote's anchor unique."""

    def __init__(self, folder: Path, citation: Citation, md_redact: Redactor, redact: Redactor,
                 views: dict[int, QuoteView | AdviceView]) -> None:
        self.folder, self.citation, self.md_redact, self.redact = folder, citation, md_redact, redact
        self.views = views
        self.anchored: set[int] = set()

    def level(self, level_key: str, themes: list[Theme]) -> LevelResults | None:
        text = read_results(self.folder, level_key)
        if text is None:
            return None
        cited: set[int] = set()
        results = LevelResults(self._blocks(text.intro, level_key, 3, cited), {}, [], cited)
        for heading, body in text.sections:
            theme = theme_named(heading, themes)
            blocks = self._blocks(body, level_key, 4, cited)
            if theme is not None:
                results.by_theme.setdefault(theme.id, []).extend(blocks)
            else:
                results.other_sections.append(ResultSection(title=self.redact(heading), blocks=blocks))
        return results

    def _blocks(self, text: str, level_key: str, top: int, cited: set[int]) -> list[TextBlock]:
        html = render_markdown(text, self.md_redact, [_QuoteBlocks(self.citation, set(self.views), top)],
                               folder=self.folder)  # [@key] citations (bikva.documents.literature)
        blocks: list[TextBlock] = []
        pieces = _MARKER.split(html)
        for n, piece in enumerate(pieces):
            if n % 2 == 0:
                if piece.strip():
                    blocks.append(TextBlock(html=piece.strip()))
                continue
            view = self.views[int(piece)]
            cited.add(view.id)
            # The anchor goes with the first printing in the quote's own level section; advice
            # keeps its anchor in the level's list of good advice.
            own = view.level.key == level_key and not isinstance(view, AdviceView)
            anchor = own and view.id not in self.anchored
            if anchor:
                self.anchored.add(view.id)
            blocks.append(TextBlock(quote=view, anchor=anchor))
        return blocks


class _QuoteBlocks(Extension):
    def __init__(self, citation: Citation, printable: set[int], top: int) -> None:
        super().__init__()
        self.citation, self.printable, self.top = citation, printable, top

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.treeprocessors.register(_Embed(md, self), "bikva-quote-blocks", 4)


class _Embed(Treeprocessor):
    """A reference in a top-level paragraph splits it and leaves a marker where the quote goes;
    every other reference becomes a link. Headings are set under the theme's."""

    def __init__(self, md: markdown.Markdown, config: _QuoteBlocks) -> None:
        super().__init__(md)
        self.config = config

    def run(self, root: etree.Element) -> None:
        for index, element in reversed(list(enumerate(root))):
            if element.tag == "p":
                pieces = self._split(element)
                root[index:index + 1] = pieces
        replace_references(root, self.config.citation.inline)
        levels = [int(e.tag[1]) for e in root.iter() if re.fullmatch(r"h[1-6]", e.tag)]
        shift = max(0, self.config.top - min(levels, default=self.config.top))
        for element in root.iter():
            if re.fullmatch(r"h[1-6]", element.tag):
                element.tag = f"h{min(int(element.tag[1]) + shift, 6)}"

    def _split(self, paragraph: etree.Element) -> list[etree.Element]:
        pieces: list[etree.Element] = []
        current = etree.Element("p")

        def add(text: str) -> None:
            if len(current):
                current[-1].tail = (current[-1].tail or "") + text
            else:
                current.text = (current.text or "") + text

        def flush() -> None:
            nonlocal current
            if (current.text or "").strip() or len(current):
                pieces.append(current)
            current = etree.Element("p")

        alone = not REFERENCE.sub("", "".join(paragraph.itertext())).strip()
        after_block = False

        def read(text: str) -> None:
            nonlocal after_block
            last = 0
            for match in REFERENCE.finditer(text):
                quote_id = int(match.group(1))
                before = text[last:match.start()]
                shown = quote_id in self.config.printable and not self.config.citation.resolve.problem(quote_id)
                embed = alone or before.rstrip().endswith(":") or (after_block and not before.strip(" \t\n,;"))
                after_block = shown and embed
                if not after_block:
                    continue  # left in the text: a link, or the evaluator's marker
                add(before.rstrip())
                flush()
                pieces.append(etree.Element("bikva-quote", {"data-id": str(quote_id)}))
                last = match.end()
            add(text[last:] if last == 0 else text[last:].lstrip())

        read(paragraph.text or "")
        for child in list(paragraph):
            tail, child.tail = child.tail, None
            current.append(child)
            after_block = False
            read(tail or "")
        flush()
        return pieces
