"""Chain figures for the synthesis: a statement and the later levels' reactions to it.

Drawn with matplotlib as SVG in memory and embedded in the report as an image with a text
alternative, so WeasyPrint prints it as vector graphics. Text in the figure stays text in the
PDF (`svg.fonttype = "none"`, set in DejaVu Sans like the report's headings): sharp at any
zoom, searchable, and small. Each level has its own column, bottom-up from left to right; a
statement with several reactions branches.

A quote is shown whole when it fits MAX_LINES lines; a longer one is shortened at the end of a
sentence (or, when its first sentence alone is too long, of a clause) and marked with a visible
"[…]", never cut in the middle of a phrase. The full quotes are in the report's results. Each
figure's caption says what its chain is about: the theme, the statement's opening words, who
said it and which levels reacted (`ChainFigure.caption`), so no two captions read the same.
"""

from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass, field
from urllib.parse import quote

from bikva.i18n import t
from bikva.documents.views import QuoteView
from bikva.selection.chains import walk

WIDTH_IN = 6.4  # the report's text width (A4 less margins), so the figure prints at 1:1
FONT_PT = 7.2
LINE_PT = FONT_PT * 1.3
ASCENT = 0.93  # DejaVu Sans: the baseline lies this many em below the top of a line
MAX_LINES = 8  # lines of quote text per box before a quote is shortened
OPENING_WORDS = 8  # the statement's opening words in the caption
_SENTENCE = re.compile(r"(?<=[.!?…])\s+")
_CLAUSE = re.compile(r"(?<=[,;:])\s+|\s+(?=[–—]\s)")
GAP_PT = 16.0  # between columns, for the arrow
PAD_PT = 4.5
TOP_PT = 2.0
INK = "#1a1a1a"
ARROW = "#7890a8"
COLOURS = {  # fill, edge per level (light, print-safe tints; the level is also written out)
    "citizens": ("#e6eef7", "#7890a8"),
    "frontline": ("#eaf2e6", "#7f9a72"),
    "leaders": ("#f6efe3", "#a88f64"),
    "politicians": ("#f0eaf5", "#8f7aa3"),
}


@dataclass
class ChainFigure:
    src: str  # data: URI of the SVG
    alt: str  # the chain in words, for screen readers (the PDF's /Alt)
    width_mm: float
    height_mm: float
    lang: str = "da"
    theme: str = ""
    opening: str = ""  # the statement's first words, "…" where they stop short of its end
    source: str = ""  # the statement's attribution
    levels: list[str] = field(default_factory=list)  # the levels that reacted ("medarbejderne")

    def caption(self, number: int) -> str:
        """"Figur 3. Tid og sagsmængde: »Jeg har gjort mig klar, og så får jeg …« (Borger, R1)
        og reaktionerne fra medarbejderne og lederne"."""
        if not self.levels:
            return t(self.lang, "report.figure.caption_alone", number=number, theme=self.theme,
                     opening=self.opening, source=self.source)
        joined = self.levels[0] if len(self.levels) == 1 else (
            f"{', '.join(self.levels[:-1])} {t(self.lang, 'guide.and')} {self.levels[-1]}")
        return t(self.lang, "report.figure.caption", number=number, theme=self.theme, opening=self.opening,
                 source=self.source, levels=joined)


@dataclass
class _Node:
    quote: QuoteView
    column: int
    lines: list[str]
    head: list[str] = field(default_factory=list)  # the attribution, wrapped like the quote
    children: list[_Node] = field(default_factory=list)
    y: float = 0.0  # centre, in points from the top


def chain_figure(lang: str, theme: str, root: QuoteView) -> ChainFigure:
    """The figure for one chain: `root` with its reactions (QuoteView.reactions, nested)."""
    rounds = sorted({q.level.round for q, _ in walk(root)})
    columns = len(rounds)
    column_pt = (WIDTH_IN * 72 - GAP_PT * (columns - 1)) / columns
    text_pt = column_pt - 2 * PAD_PT - 2
    nodes: list[_Node] = []
    edges: list[tuple[_Node, _Node]] = []
    placed: dict[int, _Node] = {}  # id() of a view -> its box
    for view, answers in walk(root):
        node = _Node(view, rounds.index(view.level.round), _excerpt_lines(lang, view.text, text_pt),
                     _wrap(_measure(bold=True), view.attribution, text_pt))
        placed[id(view)] = node
        nodes.append(node)
        if answers is not None:
            placed[id(answers)].children.append(node)
            edges.append((placed[id(answers)], node))
    top = placed[id(root)]
    leaves = [node for node in nodes if not node.children]
    box_pt = max(len(n.head) + len(n.lines) for n in nodes) * LINE_PT + 2 * PAD_PT
    row_pt = box_pt + 8
    for index, leaf in enumerate(leaves):
        leaf.y = TOP_PT + row_pt * index + box_pt / 2 + 2
    _centre(top)
    height_pt = TOP_PT + row_pt * len(leaves) - 4
    svg = _draw(nodes, edges, column_pt, box_pt, height_pt)
    return ChainFigure(
        # Percent-encoded rather than base64: smaller, and the HTML stays readable and searchable.
        src="data:image/svg+xml;charset=utf-8," + quote(svg, safe=":/=.,;()'-_"),
        alt=_alt(lang, theme, nodes),
        width_mm=round(WIDTH_IN * 25.4, 2),
        height_mm=round(height_pt / 72 * 25.4, 2),
        lang=lang,
        theme=theme,
        opening=_opening(root.text),
        source=root.attribution,
        levels=[level.address or t(lang, f"level.{level.key}.address")
                for level in sorted({q.level.key: q.level for q, _ in walk(root) if q is not root}.values(),
                                    key=lambda level: level.round)],
    )


def _opening(text: str) -> str:
    """The first words, up to the end of the first sentence if it ends among them."""
    words = text.split()
    if len(words) <= OPENING_WORDS:
        return " ".join(words)
    opening = words[:OPENING_WORDS]
    ends = [n for n, word in enumerate(opening[:-1], start=1) if word[-1] in ".!?" and n >= 3]
    if ends:
        opening = opening[:ends[0]]
    return " ".join(opening).rstrip(",;:–-.!?") + " …"


def _centre(node: _Node) -> float:
    if node.children:
        ys = [_centre(child) for child in node.children]
        node.y = (min(ys) + max(ys)) / 2
    return node.y


def _excerpt_lines(lang: str, text: str, width_pt: float) -> list[str]:
    """The quote in lines that fit `width_pt` (measured in the figure's own font): whole when it
    fits MAX_LINES lines, else as many whole sentences as fit, then "[…]". A first sentence too
    long by itself is shortened the same way at the end of a clause; a first clause too long is
    shown whole, however many lines it takes."""
    measure = _measure()
    text = " ".join(text.split())
    whole = _wrap(measure, f"»{text}«", width_pt)
    if len(whole) <= MAX_LINES:
        return whole
    omitted = t(lang, "report.figure.omitted")
    for units in (_SENTENCE.split(text), _CLAUSE.split(_SENTENCE.split(text)[0])):
        best: list[str] | None = None
        for count in range(1, len(units)):
            lines = _wrap(measure, f"»{' '.join(units[:count])} {omitted}«", width_pt)
            if len(lines) > MAX_LINES:
                break
            best = lines
        if best is not None:
            return best
    first = _CLAUSE.split(_SENTENCE.split(text)[0])[0]
    return _wrap(measure, f"»{first} {omitted}«", width_pt)


def _wrap(measure, text: str, width_pt: float) -> list[str]:
    """`text` in lines of whole words no wider than `width_pt` (a word wider than that alone)."""
    words = text.split(" ")
    lines: list[str] = []
    while words:
        line = words.pop(0)
        while words and measure(f"{line} {words[0]}") <= width_pt:
            line = f"{line} {words.pop(0)}"
        lines.append(line)
    return lines


@functools.cache
def _measure(bold: bool = False):
    """Width in points of a line in the figure's italic text font. The same font file matplotlib
    draws with, measured with Pillow (a dependency of matplotlib): the same advance widths, at a
    fraction of the cost of matplotlib's own text layout."""
    from matplotlib.font_manager import FontProperties, findfont
    from PIL import ImageFont

    scale = 100  # measure at 100 pt, so rounding to whole pixels costs nothing
    if bold:  # the attribution above the quote
        font = ImageFont.truetype(findfont(FontProperties(family="DejaVu Sans", weight="bold")), size=scale)
        return lambda line: font.getlength(line) * (FONT_PT - 0.4) / scale
    font = ImageFont.truetype(findfont(FontProperties(family="DejaVu Sans", style="italic")), size=scale)
    return lambda line: font.getlength(line) * FONT_PT / scale


def _draw(nodes: list[_Node], edges: list[tuple[_Node, _Node]], column_pt: float, box_pt: float,
          height_pt: float) -> str:
    """The figure as SVG text. Drawn straight onto the figure in points from the top left (no
    axes: a chart's axes cost more to set up than the few boxes and arrows drawn here)."""
    import matplotlib

    matplotlib.use("svg", force=False)
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
    from matplotlib.path import Path
    from matplotlib.transforms import Affine2D

    style = {
        "svg.fonttype": "none",  # text stays text in the SVG and so in the PDF
        "svg.hashsalt": "bikva",  # the same chain gives the same SVG
        "font.family": "DejaVu Sans",
        "font.size": FONT_PT,
        "text.color": INK,
    }
    TextLine = _text_line_class()
    bold = FontProperties(family="DejaVu Sans", weight="bold", size=FONT_PT - 0.4)
    italic = FontProperties(family="DejaVu Sans", style="italic", size=FONT_PT)
    with matplotlib.rc_context(style):
        figure = Figure(figsize=(WIDTH_IN, height_pt / 72))
        points = Affine2D().scale(1 / 72, -1 / 72).translate(0, height_pt / 72) + figure.dpi_scale_trans
        for node in nodes:
            x, top = node.column * (column_pt + GAP_PT), node.y - box_pt / 2
            fill, edge = COLOURS.get(node.quote.level.key, ("#eef2f6", ARROW))
            figure.add_artist(FancyBboxPatch(
                (x + 1, top), column_pt - 2, box_pt, transform=points,
                boxstyle="round,pad=0,rounding_size=3", facecolor=fill, edgecolor=edge, linewidth=0.7,
            ))
            baseline = top + PAD_PT + FONT_PT * ASCENT
            for number, line in enumerate(node.head):
                figure.add_artist(TextLine(x + PAD_PT, baseline + number * LINE_PT, line, bold, "#33475b", points))
            for number, line in enumerate(node.lines, start=len(node.head)):
                figure.add_artist(TextLine(x + PAD_PT, baseline + number * LINE_PT, line, italic, INK, points))
        for parent, child in edges:
            # An elbow: out of the parent's right side, across the gap, into the child's left side.
            x0 = parent.column * (column_pt + GAP_PT) + column_pt - 1
            x1 = child.column * (column_pt + GAP_PT) + 1
            xm = x1 - GAP_PT / 2
            path = Path([(x0, parent.y), (xm, parent.y), (xm, child.y), (x1, child.y)],
                        [Path.MOVETO, Path.LINETO, Path.LINETO, Path.LINETO])
            figure.add_artist(FancyArrowPatch(path=path, transform=points, arrowstyle="-|>", mutation_scale=7,
                                              color=ARROW, linewidth=0.8, joinstyle="miter"))
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return out.getvalue()


@functools.cache
def _text_line_class():
    """A matplotlib artist for one line of text at a given baseline, drawn by the renderer as
    text. The lines are already wrapped and placed (measured with Pillow), so matplotlib's Text
    layout, which would measure every line again at many times the cost, is not needed."""
    from matplotlib.artist import Artist

    class TextLine(Artist):
        zorder = 3  # above the boxes, like matplotlib's own text

        def __init__(self, x: float, y: float, text: str, font, color: str, transform) -> None:
            super().__init__()
            self._xy, self._text, self._font, self._color = (x, y), text, font, color
            self.set_transform(transform)

        def draw(self, renderer) -> None:
            x, y = self.get_transform().transform(self._xy)
            if renderer.flipy():
                y = renderer.get_canvas_width_height()[1] - y
            gc = renderer.new_gc()
            gc.set_foreground(self._color)
            renderer.draw_text(gc, x, y, self._text, self._font, 0)
            gc.restore()

    return TextLine


def _alt(lang: str, theme: str, nodes: list[_Node]) -> str:
    """The chain in words: who said what (shortened, as in the figure), and who reacted."""
    steps = []
    for index, node in enumerate(nodes):
        key = "report.synthesis.figure_step" if index == 0 else "report.synthesis.figure_reply"
        text = " ".join(node.lines).removeprefix("»").removesuffix("«")
        steps.append(t(lang, key, who=node.quote.attribution, text=text) + ".")
    return t(lang, "report.synthesis.figure_alt", theme=theme, steps=" ".join(steps))
