"""The interview guide as an editable Word document, made from the guide's own HTML.

Interviewers adjust the wording before a session, so the .docx must say exactly what the PDF
says. It is therefore not a second template: `guide_docx` walks the HTML that
`render.render_guide_html` produced (the same HTML WeasyPrint prints) with the standard
library's html.parser and maps it to Word: h1-h4 to Heading 1-4, paragraphs to paragraphs,
block quotes to an indented quote style, list items to bulleted paragraphs, the interviewer's
instructions to a shaded style, writing lines to empty ruled paragraphs and the title block's
fill-in table to a Word table. Every text node of the body ends up in the document once, in
order, so the text cannot drift from the PDF. The only differences are what CSS adds: the
running footer (in Word: a footer with page fields) and list markers (Word numbering); the
checklist's "☐" comes from CSS too and is written into the text here.

The document is A4 with the PDF's margins, real heading styles (Word's navigation pane and
table of contents work), page breaks where the PDF breaks, the evaluation's language for
spelling, and Calibri, which every Office installation has, Danish letters included.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from bikva import i18n

FONT = "Calibri"
INK = RGBColor(0x1A, 0x1A, 0x1A)
HEADING_INK = RGBColor(0x1D, 0x35, 0x57)
MUTED = RGBColor(0x4A, 0x5A, 0x6A)
FAINT = RGBColor(0x88, 0x88, 0x88)
CHECKBOX = "☐ "  # print.css: .checklist li::before
LANGUAGE_TAGS = {"da": "da-DK", "en": "en-GB"}

# print.css: these sections of a guide start on a new page, except a theme right after the
# themes' introduction and the open form's last part.
_PAGE_SECTIONS = {"themes-intro", "theme", "advice-received", "closing"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
_SKIP = {"head", "style", "script", "title"}
_INLINE = {"a", "abbr", "b", "br", "cite", "code", "em", "i", "q", "small", "span", "strong", "sub", "sup", "time", "u"}
_SPACES = re.compile(r"\s+")


# ---------------------------------------------------------------- HTML to a small tree


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str]
    children: list[_Node | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def elements(self) -> list[_Node]:
        return [c for c in self.children if isinstance(c, _Node)]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", {})
        self._stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = _Node(tag, {k: v or "" for k, v in attrs})
        self._stack[-1].children.append(node)
        if tag not in _VOID:
            self._stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._stack[-1].children.append(_Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self._stack) - 1, 0, -1):
            if self._stack[depth].tag == tag:
                del self._stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self._stack[-1].children.append(data)


def _parse(html: str) -> _Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def _find(node: _Node, tag: str) -> _Node | None:
    for child in node.elements():
        if child.tag == tag:
            return child
        found = _find(child, tag)
        if found is not None:
            return found
    return None


def _text(node: _Node | str) -> str:
    if isinstance(node, str):
        return node
    return "".join(_text(child) for child in node.children)


# ---------------------------------------------------------------- Word XML helpers


def _set_font(rpr_parent, name: str) -> None:
    """Set all four font slots and drop theme fonts, which would otherwise win."""
    rpr = rpr_parent.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), name)


# Word rejects a document whose property elements are out of schema order, so new ones are
# inserted before the elements that must follow them.
_PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
    "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
    "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
    "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
    "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
    "w:sectPr", "w:pPrChange",
)
_TCPR_ORDER = (
    "w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd",
    "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
)


def _child(parent, tag: str):
    """`parent`'s child `tag`, added in schema order if it is missing."""
    found = parent.find(qn(tag))
    if found is not None:
        return found
    order = _PPR_ORDER if parent.tag == qn("w:pPr") else _TCPR_ORDER
    return parent.insert_element_before(OxmlElement(tag), *order[order.index(tag) + 1:])


def _border(element_pr, tag: str, sides: dict[str, tuple[str, int, str]]) -> None:
    """Borders (`w:pBdr` or `w:tcBorders`): side -> (kind, width in eighths of a point, colour)."""
    borders = _child(element_pr, tag)
    for side in ("top", "left", "start", "bottom", "right", "end", "insideH", "insideV", "between", "bar"):
        if side not in sides:
            continue
        kind, size, colour = sides[side]
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), kind)
        edge.set(qn("w:sz"), str(size))
        edge.set(qn("w:space"), "4" if tag == "w:pBdr" else "0")
        edge.set(qn("w:color"), colour)
        borders.append(edge)


def _shade(element_pr, fill: str) -> None:
    shading = _child(element_pr, "w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)


def _field(paragraph, instruction: str) -> None:
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


# ---------------------------------------------------------------- the document's styles


def _style(doc, name: str, base: str = "Normal"):
    styles = doc.styles
    try:
        return styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.quick_style = True
        return style


def _setup(doc, lang: str) -> dict[str, object]:
    names = {key: i18n.t(lang, f"materials.docx.styles.{key}") for key in (
        "study_title", "instruction", "attribution", "label", "line", "small", "checklist")}

    normal = doc.styles["Normal"]
    _set_font(normal.element, FONT)
    normal.font.size = Pt(11)
    normal.font.color.rgb = INK
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15

    # The evaluation's language for every run: Word checks Danish spelling in a Danish guide.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = rpr.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        rpr.append(language)
    language.set(qn("w:val"), LANGUAGE_TAGS.get(lang, lang))

    for level, size, before in ((1, 17, 0), (2, 14, 18), (3, 12, 12), (4, 11, 10)):
        heading = doc.styles[f"Heading {level}"]
        _set_font(heading.element, FONT)
        heading.font.size = Pt(size)
        heading.font.bold = True
        heading.font.italic = False
        heading.font.color.rgb = HEADING_INK
        heading.paragraph_format.space_before = Pt(before)
        heading.paragraph_format.space_after = Pt(6 if level < 3 else 3)
        heading.paragraph_format.keep_with_next = True

    for bullet in ("List Bullet", "List Bullet 2"):
        doc.styles[bullet].paragraph_format.space_after = Pt(3)

    quote = doc.styles["Quote"]
    _set_font(quote.element, FONT)
    quote.font.italic = True
    quote.font.size = Pt(11.5)
    quote.font.color.rgb = INK
    quote.paragraph_format.left_indent = Mm(10)
    quote.paragraph_format.right_indent = Mm(0)
    quote.paragraph_format.space_before = Pt(6)
    quote.paragraph_format.space_after = Pt(2)
    quote.paragraph_format.keep_with_next = True
    quote.paragraph_format.alignment = None
    _border(quote.element.get_or_add_pPr(), "w:pBdr", {"left": ("single", 20, "9FB3C8")})

    study_title = _style(doc, names["study_title"])
    study_title.font.size = Pt(10.5)
    study_title.font.color.rgb = MUTED
    study_title.paragraph_format.space_after = Pt(2)

    instruction = _style(doc, names["instruction"])
    instruction.font.italic = True
    instruction.font.size = Pt(9.5)
    instruction.font.color.rgb = RGBColor(0x2B, 0x3A, 0x4A)
    instruction.paragraph_format.left_indent = Mm(2)
    instruction.paragraph_format.space_after = Pt(8)
    ppr = instruction.element.get_or_add_pPr()
    _border(ppr, "w:pBdr", {"left": ("single", 20, "7890A8")})
    _shade(ppr, "EEF2F6")

    attribution = _style(doc, names["attribution"])
    attribution.font.size = Pt(9)
    attribution.font.color.rgb = MUTED
    attribution.paragraph_format.left_indent = Mm(10)
    attribution.paragraph_format.space_after = Pt(8)

    label = _style(doc, names["label"])
    label.font.size = Pt(9)
    label.font.bold = True
    label.font.color.rgb = MUTED
    label.paragraph_format.space_before = Pt(6)
    label.paragraph_format.space_after = Pt(2)
    label.paragraph_format.keep_with_next = True

    small = _style(doc, names["small"])
    small.font.size = Pt(8.5)
    small.font.color.rgb = FAINT

    checklist = _style(doc, names["checklist"])
    checklist.font.size = Pt(10)
    checklist.paragraph_format.space_after = Pt(1)
    checklist.paragraph_format.left_indent = Mm(2)

    # A writing line: an empty paragraph, exactly 8.5 mm high, ruled below. Word draws one
    # border round a run of paragraphs with the same borders, so "between" rules the inner ones.
    line = _style(doc, names["line"])
    line.font.size = Pt(10)
    line.paragraph_format.space_before = Pt(0)
    line.paragraph_format.space_after = Pt(0)
    line.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    line.paragraph_format.line_spacing = Mm(8.5)
    rule = ("single", 4, "A8A8A8")
    _border(line.element.get_or_add_pPr(), "w:pBdr", {"bottom": rule, "between": rule})
    return names


def _page(doc, lang: str, title: str) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.right_margin = Mm(22), Mm(22)
    section.bottom_margin, section.left_margin = Mm(24), Mm(24)
    section.footer_distance = Mm(10)
    style = doc.styles["Footer"]
    _set_font(style.element, FONT)
    style.font.size = Pt(8)
    style.font.color.rgb = FAINT
    footer = section.footer.paragraphs[0]
    footer.style = style
    footer.paragraph_format.tab_stops.clear_all()
    footer.paragraph_format.tab_stops.add_tab_stop(Mm(164), WD_TAB_ALIGNMENT.RIGHT)
    parts = [title, "\t", i18n.t(lang, "guide.page_label") + " "]
    for text in parts:
        footer.add_run(text)
    _field(footer, "PAGE")
    footer.add_run(" " + i18n.t(lang, "guide.page_of") + " ")
    _field(footer, "NUMPAGES")


# ---------------------------------------------------------------- walking the guide


@dataclass(frozen=True)
class _Context:
    instruction: bool = False
    checklist: bool = False
    quote: bool = False
    indent: int = 0  # reactions nest: each level indents the quote further


class _Writer:
    def __init__(self, doc, styles: dict[str, object]) -> None:
        self.doc = doc
        self.styles = styles
        self.page_break = False

    # paragraphs

    def paragraph(self, style: str, runs: list[tuple[str, bool, bool]], *, indent_mm: float | None = None):
        paragraph = self.doc.add_paragraph(style=style)
        for text, bold, italic in runs:
            run = paragraph.add_run(text)
            if bold:
                run.bold = True
            if italic:
                run.italic = True
        if indent_mm is not None:
            paragraph.paragraph_format.left_indent = Mm(indent_mm)
        if self.page_break:
            paragraph.paragraph_format.page_break_before = True
            self.page_break = False
        return paragraph

    def runs(self, node: _Node, bold: bool = False, italic: bool = False) -> list[tuple[str, bool, bool]]:
        """The node's inline text as runs, whitespace folded as a browser folds it."""
        raw: list[tuple[str, bool, bool]] = []

        def collect(item: _Node | str, b: bool, i: bool) -> None:
            if isinstance(item, str):
                raw.append((item, b, i))
                return
            if item.tag == "br":
                raw.append(("\n", b, i))
                return
            b = b or item.tag in ("strong", "b")
            i = i or item.tag in ("em", "i")
            for child in item.children:
                collect(child, b, i)

        for child in node.children:
            collect(child, bold, italic)
        out: list[tuple[str, bool, bool]] = []
        space_before = True
        for text, b, i in raw:
            folded = _SPACES.sub(" ", text)
            if space_before:
                folded = folded.lstrip(" ")
            if folded:
                out.append((folded, b, i))
                space_before = folded.endswith(" ")
        if out:
            text, b, i = out[-1]
            out[-1] = (text.rstrip(" "), b, i)
        return [run for run in out if run[0]]

    # blocks

    def block(self, node: _Node, ctx: _Context) -> None:
        tag, classes = node.tag, node.classes
        if tag in _SKIP:
            return
        if re.fullmatch(r"h[1-6]", tag):
            self.paragraph(f"Heading {min(int(tag[1]), 4)}", self.runs(node))
        elif tag == "p":
            self.p(node, ctx)
        elif tag in ("ul", "ol"):
            for item in node.elements():
                if item.tag == "li":
                    self.li(item, ctx)
        elif tag == "table":
            self.table(node)
        elif tag == "figure":
            self.children(node, replace(ctx, quote=True))
        elif tag == "blockquote":
            self.children(node, replace(ctx, quote=True))
        elif tag == "figcaption":
            self.paragraph(self.styles["attribution"], self.runs(node), indent_mm=10 + 12 * ctx.indent)
        elif "line" in classes:
            self.paragraph(self.styles["line"], [])
        elif "instruction" in classes:
            self.children(node, replace(ctx, instruction=True))
        elif "checklist" in classes:
            self.children(node, replace(ctx, checklist=True))
        elif "reactions" in classes:
            self.children(node, replace(ctx, indent=ctx.indent + 1))
        else:
            self.children(node, ctx)

    def children(self, node: _Node, ctx: _Context) -> None:
        """Block children in order; text or inline elements directly inside a block (none in
        today's templates) become a paragraph of their own, so no text is ever dropped."""
        previous: _Node | None = None
        inline: list[_Node | str] = []
        for child in node.children:
            if isinstance(child, str) or child.tag in _INLINE:
                inline.append(child)
                continue
            self.loose(inline, ctx)
            if child.tag == "section" and _breaks_page(child, previous):
                self.page_break = True
            self.block(child, ctx)
            previous = child
        self.loose(inline, ctx)

    def loose(self, inline: list[_Node | str], ctx: _Context) -> None:
        if inline and "".join(_text(item) for item in inline).strip():
            self.p(_Node("p", {}, list(inline)), ctx)
        inline.clear()

    def p(self, node: _Node, ctx: _Context) -> None:
        classes = node.classes
        runs = self.runs(node)
        if not runs:
            return
        indent = None
        if ctx.instruction:
            style = self.styles["instruction"]
        elif ctx.quote:
            style, indent = "Quote", 10 + 12 * ctx.indent
        elif "study-title" in classes:
            style = self.styles["study_title"]
        elif classes & {"prompts-label", "reaction-label", "lines-label", "label"}:
            style = self.styles["label"]
            if "reaction-label" in classes:
                indent = 12 * ctx.indent
        elif "printed" in classes:
            style = self.styles["small"]
        else:
            style = "Normal"
            if classes & {"spoken-question", "exercise-prompt"}:
                runs = [(text, True, italic) for text, _, italic in runs]
            if "theme-description" in classes:
                runs = [(text, bold, True) for text, bold, _ in runs]
        self.paragraph(style, runs, indent_mm=indent)

    def li(self, node: _Node, ctx: _Context) -> None:
        runs = self.runs(node)
        if ctx.checklist:
            self.paragraph(self.styles["checklist"], [(CHECKBOX, False, False), *runs])
        else:
            self.paragraph("List Bullet", runs)

    def table(self, node: _Node) -> None:
        """The title block's fill-in table: labels (th) narrow, blanks (td) ruled below."""
        rows = _rows(node)
        width = max(sum(_span(cell) for cell in row) for row in rows)
        # A grid column is a label column when a label cell starts there in any row.
        label_columns = {column for row in rows for column, cell in _columns(row) if cell.tag == "th"}
        labels = len(label_columns)
        longest = max((len(_text(cell).strip()) for row in rows for cell in row if cell.tag == "th"), default=0)
        label_width = Mm(min(45, max(22, 4 + 1.9 * longest)))
        value_width = (Mm(164) - label_width * labels) // max(1, width - labels)
        widths = [label_width if column in label_columns else value_width for column in range(width)]
        table = self.doc.add_table(rows=len(rows), cols=width)
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        for column, column_width in zip(table.columns, widths):
            column.width = column_width
        for r, row in enumerate(rows):
            for column, cell_node in _columns(row):
                span = _span(cell_node)
                cell = table.cell(r, column)
                if span > 1:
                    cell = cell.merge(table.cell(r, column + span - 1))
                cell.width = sum(widths[column:column + span])
                paragraph = cell.paragraphs[0]
                paragraph.paragraph_format.space_before = Pt(8)
                paragraph.paragraph_format.space_after = Pt(1)
                for text, bold, italic in self.runs(cell_node):
                    run = paragraph.add_run(text)
                    if bold:
                        run.bold = True
                    if italic:
                        run.italic = True
                    if cell_node.tag == "th":
                        run.font.color.rgb = MUTED
                        run.font.size = Pt(10)
                if cell_node.tag == "td":
                    _border(cell._tc.get_or_add_tcPr(), "w:tcBorders", {"bottom": ("single", 4, "888888")})
        spacer = self.doc.add_paragraph()
        spacer.paragraph_format.space_after = Pt(2)


def _span(cell: _Node) -> int:
    try:
        return max(1, int(cell.attrs.get("colspan") or 1))
    except ValueError:
        return 1


def _columns(row: list[_Node]) -> list[tuple[int, _Node]]:
    """(first grid column, cell) for each cell of `row`."""
    out, column = [], 0
    for cell in row:
        out.append((column, cell))
        column += _span(cell)
    return out


def _rows(table: _Node) -> list[list[_Node]]:
    rows: list[list[_Node]] = []
    for child in table.elements():
        if child.tag == "tr":
            rows.append([cell for cell in child.elements() if cell.tag in ("th", "td")])
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(_rows(child))
    return rows


def _breaks_page(section: _Node, previous: _Node | None) -> bool:
    classes = section.classes
    if not classes & _PAGE_SECTIONS or "open-part-focus" in classes:
        return False
    return not ("theme" in classes and previous is not None and "themes-intro" in previous.classes)


# ---------------------------------------------------------------- entry points


def guide_docx(html: str, lang: str) -> bytes:
    """The guide's rendered HTML (render.render_guide_html) as a .docx file's bytes."""
    tree = _parse(html)
    body = _find(tree, "body")
    if body is None:
        raise ValueError("guide HTML without a <body>")
    title_node = _find(tree, "title")
    running = next((n for n in _iter(body) if "running-title" in n.classes), None)
    doc = Document()
    styles = _setup(doc, lang)
    _page(doc, lang, _SPACES.sub(" ", _text(running)).strip() if running else "")
    if title_node is not None:
        doc.core_properties.title = _SPACES.sub(" ", _text(title_node)).strip()
    doc.core_properties.language = LANGUAGE_TAGS.get(lang, lang)
    _Writer(doc, styles).children(body, _Context())
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _iter(node: _Node):
    for child in node.elements():
        yield child
        yield from _iter(child)


def docx_text(data: bytes) -> str:
    """The body text of a .docx, paragraph by paragraph (tables included), whitespace folded."""
    doc = Document(io.BytesIO(data))
    texts = []
    for paragraph in doc.element.body.iter(qn("w:p")):
        texts.append("".join(node.text or "" for node in paragraph.iter(qn("w:t"))))
    return _SPACES.sub(" ", " ".join(texts)).strip()
