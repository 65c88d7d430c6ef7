"""The synthesis: the levels side by side, theme by theme.

For each theme with selected statements the report shows which statements each level gave (by
number: they are selected, not counted, so no count is shown as if it measured how many think
so), the evaluator's one-line reading of what each level said, and whether the levels agree,
partly agree or diverge. Readings and agreement are the evaluator's, in `report/synthesis.toml`:

    ["Tid og sagsmængde"]
    agreement = "diverge"            # agree | mixed | diverge
    levels = ["frontline", "leaders"]  # optional: the levels the mark is about; all by default
    reading.citizens = "Møder aflyses samme morgen; travlheden mærkes [[7]]."
    reading.frontline = "Forklarer det med sagstallet: 58 borgere, ikke de lovede 35 [[19]]."

A reading may cite the quotes it rests on (`[[7]]`, bikva.documents.references). A mark covers
every level of the study unless `levels` lists them; a covered level that gave no statement on
the theme is named by `bikva status` (agreement_warnings): "all four agree" about a theme the
leaders never spoke of is a claim nothing supports.

Each theme also gets its chains: a statement with the later levels' reactions to it, drawn as
a figure in the report (bikva.output.figures).
"""

from __future__ import annotations

import tomllib
import xml.etree.ElementTree as etree
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from bikva.errors import BikvaError
from bikva.store.evaluation import OpenEvaluation
from markupsafe import escape

from bikva.documents.presentation import level_info
from bikva.documents.references import Citation, replace_references
from bikva.selection.chains import link_chains
from bikva.selection.redaction import Redactor
from bikva.documents.views import QuoteView, SynthesisCell, SynthesisTheme
from models.quote import STATEMENT_KINDS, Quote, QuoteKind
from models.theme import Theme

SYNTHESIS_FILE = "report/synthesis.toml"
AGREEMENTS = ("agree", "mixed", "diverge")


@dataclass
class ThemeSettings:
    agreement: str = ""
    readings: dict[str, str] = field(default_factory=dict)  # level key -> one-line reading
    levels: list[str] | None = None  # the levels the agreement mark covers; None: all of them


@dataclass
class ThemeGap:
    theme: str
    fields: list[str]  # what is missing, as written in the file: "agreement", "reading.citizens"


def load_settings(folder: Path, level_keys: list[str]) -> dict[str, ThemeSettings]:
    """The evaluator's readings per theme name; an empty dict when the file is not there."""
    path = folder / SYNTHESIS_FILE
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BikvaError("config.invalid", file=str(path), detail=str(exc)) from None
    settings = {}
    for name, table in data.items():
        if not isinstance(table, dict):
            raise BikvaError("config.invalid", file=str(path), detail=f"{name} = {table!r}")
        agreement = str(table.get("agreement", "")).strip()
        if agreement and agreement not in AGREEMENTS:
            raise BikvaError("config.invalid", file=str(path),
                             detail=f'["{name}"] agreement = "{agreement}" ({" | ".join(AGREEMENTS)})')
        readings = table.get("reading", {})
        if not isinstance(readings, dict):
            raise BikvaError("config.invalid", file=str(path), detail=f'["{name}"] reading')
        unknown = [key for key in readings if key not in level_keys]
        covers = table.get("levels")
        if covers is not None:
            if not isinstance(covers, list) or not all(isinstance(key, str) for key in covers):
                raise BikvaError("config.invalid", file=str(path), detail=f'["{name}"] levels = {covers!r}')
            unknown += [key for key in covers if key not in level_keys]
        if unknown:
            raise BikvaError("config.invalid", file=str(path),
                             detail=f'["{name}"] {unknown[0]} ({", ".join(level_keys)})')
        settings[name.strip()] = ThemeSettings(
            agreement=agreement,
            readings={key: " ".join(str(value).split()) for key, value in readings.items() if str(value).strip()},
            levels=list(dict.fromkeys(covers)) if covers is not None else None,
        )
    return settings


def themes_in_order(themes: list[Theme]) -> list[tuple[Theme, int]]:
    """The codebook as a flat list in reading order: each theme followed by its subthemes."""
    children: dict[int | None, list[Theme]] = {}
    for theme in themes:
        children.setdefault(theme.parent_id, []).append(theme)
    ordered: list[tuple[Theme, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for theme in children.get(parent, []):
            ordered.append((theme, depth))
            walk(theme.id, depth + 1)

    walk(None, 0)
    return ordered


def statement_counts(quotes: list[Quote]) -> Counter:
    """(theme id, level id) -> number of statements selected there."""
    return Counter((q.theme_id, q.level_id) for q in quotes if q.kind in STATEMENT_KINDS)


def build_synthesis(
    ev: OpenEvaluation,
    themes: list[Theme],
    quotes: list[Quote],
    views: dict[int, QuoteView],
    settings: dict[str, ThemeSettings],
    redact: Redactor,
    citation: Citation | None = None,
) -> list[SynthesisTheme]:
    """One entry per theme with statements, in codebook order, each with its chains."""
    counts = statement_counts(quotes)
    chains = _chains(quotes, views)
    out = []
    for theme, depth in themes_in_order(themes):
        cells = [
            SynthesisCell(level=level_info(ev, level), statements=counts[(theme.id, level.id)],
                          quote_ids=[q.id for q in quotes if q.kind in STATEMENT_KINDS
                                     and q.theme_id == theme.id and q.level_id == level.id])
            for level in ev.levels
        ]
        if not any(cell.statements for cell in cells):
            continue
        own = settings.get(theme.name, ThemeSettings())
        for cell in cells:
            cell.reading = redact(own.readings.get(cell.level.key, ""))
            cell.reading_html = _with_links(cell.reading, citation)
        covers = [cell.level for cell in cells if own.levels is not None and cell.level.key in own.levels]
        out.append(SynthesisTheme(
            name=redact(theme.name), depth=depth, agreement=own.agreement, cells=cells,
            chains=chains.get(theme.id, []),
            covers=covers if len(covers) < len(cells) else [],
        ))
    return out


def _with_links(text: str, citation: Citation | None) -> str:
    """A reading as safe HTML, its references as links to the quotes."""
    if citation is None or "[[" not in text:
        return str(escape(text))
    holder = etree.Element("span")
    holder.text = text
    replace_references(holder, citation.inline)
    html = etree.tostring(holder, encoding="unicode", method="html")
    return html[len("<span>"):-len("</span>")]


def agreement_warnings(
    ev: OpenEvaluation, themes: list[Theme], quotes: list[Quote], settings: dict[str, ThemeSettings]
) -> list[tuple[str, str, list[str]]]:
    """(theme, agreement, level keys) for each agreement mark that covers a level with no
    statement on the theme."""
    counts = statement_counts(quotes)
    out = []
    for theme, _depth in themes_in_order(themes):
        own = settings.get(theme.name)
        if own is None or not own.agreement:
            continue
        covered = [level for level in ev.levels if own.levels is None or level.key in own.levels]
        silent = [level.key for level in covered if not counts[(theme.id, level.id)]]
        if silent:
            out.append((theme.name, own.agreement, silent))
    return out


def synthesis_gaps(
    ev: OpenEvaluation, themes: list[Theme], quotes: list[Quote], settings: dict[str, ThemeSettings]
) -> tuple[list[ThemeGap], list[str]]:
    """What the evaluator has yet to write, and the theme names in the file that do not exist.

    A reading is expected for every level that gave statements under a theme, and an agreement
    mark for every theme that two or more levels spoke about."""
    counts = statement_counts(quotes)
    gaps = []
    for theme, _depth in themes_in_order(themes):
        speaking = [level for level in ev.levels if counts[(theme.id, level.id)]]
        if not speaking:
            continue
        own = settings.get(theme.name, ThemeSettings())
        fields = ["agreement"] if len(speaking) > 1 and not own.agreement else []
        fields += [f"reading.{level.key}" for level in speaking if level.key not in own.readings]
        if fields:
            gaps.append(ThemeGap(theme.name, fields))
    names = {theme.name for theme in themes}
    return gaps, [name for name in settings if name not in names]


def _chains(quotes: list[Quote], views: dict[int, QuoteView]) -> dict[int | None, list[QuoteView]]:
    """Statements that later levels reacted to, with the reactions nested, by the root's theme.
    The views are copied: the level sections show the same quotes without their reactions."""
    by_theme: dict[int | None, list[QuoteView]] = {}
    for root, view in link_chains(quotes, lambda quote: replace(views[quote.id], reactions=[])):
        if view.reactions:
            by_theme.setdefault(root.theme_id, []).append(view)
    return by_theme
