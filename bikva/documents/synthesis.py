"""The synthesis: the levels side by side, theme by theme.

For each theme with selected statements the report shows how many statements each level gave,
the evaluator's one-line reading of what each level said, and whether the levels agree, partly
agree or diverge. Readings and agreement are the evaluator's, in `report/synthesis.toml`:

    ["Tid og sagsmængde"]
    agreement = "diverge"            # agree | mixed | diverge
    reading.citizens = "Møder aflyses samme morgen; travlheden mærkes."
    reading.frontline = "Forklarer det med sagstallet: 58 borgere, ikke de lovede 35."

Each theme also gets its chains: a statement with the later levels' reactions to it, drawn as
a figure in the report (bikva.output.figures).
"""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from bikva.errors import BikvaError
from bikva.store.evaluation import OpenEvaluation
from bikva.documents.presentation import level_info
from bikva.selection.chains import link_chains
from bikva.selection.redaction import Redactor
from bikva.documents.views import QuoteView, SynthesisCell, SynthesisTheme
from models.quote import Quote, QuoteKind
from models.theme import Theme

SYNTHESIS_FILE = "report/synthesis.toml"
AGREEMENTS = ("agree", "mixed", "diverge")


@dataclass
class ThemeSettings:
    agreement: str = ""
    readings: dict[str, str] = field(default_factory=dict)  # level key -> one-line reading


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
        if unknown:
            raise BikvaError("config.invalid", file=str(path),
                             detail=f'["{name}"] reading.{unknown[0]} ({", ".join(level_keys)})')
        settings[name.strip()] = ThemeSettings(
            agreement=agreement,
            readings={key: " ".join(str(value).split()) for key, value in readings.items() if str(value).strip()},
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
    return Counter((q.theme_id, q.level_id) for q in quotes if q.kind == QuoteKind.STATEMENT)


def build_synthesis(
    ev: OpenEvaluation,
    themes: list[Theme],
    quotes: list[Quote],
    views: dict[int, QuoteView],
    settings: dict[str, ThemeSettings],
    redact: Redactor,
) -> list[SynthesisTheme]:
    """One entry per theme with statements, in codebook order, each with its chains."""
    counts = statement_counts(quotes)
    chains = _chains(quotes, views)
    out = []
    for theme, depth in themes_in_order(themes):
        cells = [
            SynthesisCell(level=level_info(ev, level), statements=counts[(theme.id, level.id)])
            for level in ev.levels
        ]
        if not any(cell.statements for cell in cells):
            continue
        own = settings.get(theme.name, ThemeSettings())
        for cell in cells:
            cell.reading = redact(own.readings.get(cell.level.key, ""))
        out.append(SynthesisTheme(
            name=redact(theme.name), depth=depth, agreement=own.agreement, cells=cells,
            chains=chains.get(theme.id, []),
        ))
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
