"""Turn views (bikva.documents.views) into printable text: guide HTML and Markdown, report HTML, PDF.

Templates live in the ``templates`` package and see only the view dataclasses plus a few
helpers bound to the view's language:

- ``t(key, **params)``: one message from the catalogues (templates/i18n/<lang>/*.toml);
- ``tl(key, **params)``: a list of messages (a TOML array), each formatted with ``params``;
- ``names(items)``: "A, B og C" / "A, B and C";
- ``fmt_date(d)``: "3. marts 2025" / "3 March 2025";
- ``address(level)`` / ``addresses(levels)`` / ``genitives(levels)``: "medarbejderne",
  "medarbejdernes" (levels.toml);
- ``reaction_levels(quote)``: the levels in a quote's chain (bikva.selection.chains);
- ``prompts(quote, viewer)``: the questions a level is asked about a statement, by its tone
  (bikva.selection.prompts);
- ``iter_quotes(themes)``: every chain's first quote (bikva.documents.views.quotes_in);
- ``chain_figure(theme, quote)`` (report only): the chain as an SVG figure (bikva.output.figures).

Filters: ``paragraphs`` (text with blank lines -> one <p> per block, escaped), ``md_text`` and
``md_quote`` (Markdown-safe text and "> " block quotes), ``css_string`` (a quoted CSS string).

Nothing here writes files: callers get a str or bytes and write them where they like.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable
from datetime import date
from importlib.resources import as_file, files

import jinja2
from markupsafe import Markup

from bikva import i18n
from bikva.errors import BikvaError
from bikva.documents.views import GuideView, LevelInfo, QuoteView, ReportView, quotes_in
from bikva.selection.chains import reactions_of
from bikva.selection.prompts import prompts_for

# Without the system's HarfBuzz-Subset, WeasyPrint subsets fonts with fontTools and logs so for
# every font; the PDF is the same, and evaluators should not have to read about it.
class _WithoutFontSubsetNotice(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "HarfBuzz-Subset" not in record.getMessage()


logging.getLogger("weasyprint").addFilter(_WithoutFontSubsetNotice())

_BLOCK_SPLIT = re.compile(r"\n[ \t]*\n+")
_SPACES = re.compile(r"\s+")
_BLANK_RUNS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def _blocks(text: str) -> list[str]:
    """Paragraphs of ``text``: split on blank lines, single line breaks folded into spaces."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return [b for b in (_SPACES.sub(" ", part).strip() for part in _BLOCK_SPLIT.split(text)) if b]


def paragraphs(text: str, css_class: str = "") -> Markup:
    """One escaped ``<p>`` per blank-line separated block of ``text``."""
    attr = Markup(' class="{}"').format(css_class) if css_class else Markup("")
    return Markup("").join(Markup("<p{}>{}</p>").format(attr, b) for b in _blocks(text))


_MD_SPECIAL = re.compile(r"([\\`*_])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+\-]|\d+[.)])(?=\s)")
_MD_LINK_CLOSE = re.compile(r"\](?=[(\[:])")  # the "](", "][" and "]:" that make links


def md_text(text: str) -> str:
    """Text safe to drop into Markdown: one line, no accidental emphasis, code, HTML, links or lists."""
    out = _SPACES.sub(" ", text or "").strip()
    out = _MD_SPECIAL.sub(r"\\\1", out)
    out = out.replace("<", "&lt;")  # never raw HTML when the Markdown is converted later
    out = _MD_LINK_CLOSE.sub(r"\\]", out)  # no live link: "[x](javascript:...)" stays text
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), out)


def md_quote(text: str, depth: int = 1) -> str:
    """``text`` as a Markdown block quote ("> " lines), one paragraph per blank-line block."""
    prefix = "> " * depth
    return ("\n" + prefix.rstrip() + "\n").join(prefix + md_text(b) for b in _blocks(text))


def css_string(text: str) -> Markup:
    """``text`` as a double-quoted CSS string (for ``content:`` in inline styles)."""
    body = "".join(
        ch if ch.isalnum() or ch in " .,:;!?-–—()/'" else f"\\{ord(ch):x} " for ch in str(text)
    )
    return Markup(f'"{body}"')


def _tl(lang: str, key: str, **params: object) -> list[str]:
    value = i18n.lookup(lang, key)
    items = value if isinstance(value, list) else [value]
    return [str(item).format(**params) if params else str(item) for item in items]


def _names(lang: str, items: Iterable[object]) -> str:
    parts = [str(item) for item in items if str(item)]
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {i18n.t(lang, 'guide.and')} {parts[-1]}"


def _fmt_date(lang: str, value: date | None) -> str:
    if value is None:
        return ""
    months = _tl(lang, "guide.date.months")
    return i18n.t(
        lang, "guide.date.format", day=value.day, month=months[value.month - 1], year=value.year
    )


@functools.cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("templates", ""),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html.j2", "html"), default_for_string=False, default=False
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        paragraphs=paragraphs, md_text=md_text, md_quote=md_quote, css_string=css_string
    )
    return env


@functools.cache
def stylesheet(*parts: str) -> Markup:
    """templates/base.css followed by the given stylesheets (paths inside templates/)."""
    root = files("templates")
    return Markup("\n".join(root.joinpath(*part.split("/")).read_text(encoding="utf-8") for part in ("base.css", *parts)))


def _print_css() -> Markup:
    return stylesheet("print.css")


def reaction_levels(quote: QuoteView) -> list[LevelInfo]:
    """The levels that reacted to ``quote`` (at any depth), bottom-up, each once."""
    seen = {reaction.level.key: reaction.level for reaction, _ in reactions_of(quote)}
    return sorted(seen.values(), key=lambda level: level.round)


def _level_form(lang: str, form: str, level: LevelInfo) -> str:
    # The study's own form (bikva.toml [levels.<key>] address, genitive) before the catalogue's.
    return getattr(level, form, "") or i18n.t(lang, f"level.{level.key}.{form}")


def _context(lang: str) -> dict[str, object]:
    form = functools.partial(_level_form, lang)
    return {
        "lang": lang,
        "t": functools.partial(i18n.t, lang),
        "tl": functools.partial(_tl, lang),
        "names": functools.partial(_names, lang),
        "fmt_date": functools.partial(_fmt_date, lang),
        "address": functools.partial(form, "address"),
        "addresses": lambda levels: [form("address", level) for level in levels],
        "genitives": lambda levels: [form("genitive", level) for level in levels],
        "reaction_levels": reaction_levels,
        "prompts": functools.partial(prompts_for, lang),  # a statement's questions, by its tone
        "iter_quotes": quotes_in,
        "print_css": _print_css(),
    }


def render_template(template: str, lang: str, **values: object) -> str:
    """A template under templates/ with the helpers above, in `lang`."""
    return _environment().get_template(template).render(**_context(lang), **values)


def render_guide_html(view: GuideView) -> str:
    """The interview guide for one round as a standalone, printable HTML page."""
    return render_template("guide.html.j2", view.lang, guide=view)


def render_guide_markdown(view: GuideView) -> str:
    """The same guide, same content and order, as Markdown."""
    text = render_template("guide.md.j2", view.lang, guide=view)
    return _BLANK_RUNS.sub("\n\n", text).strip() + "\n"


def render_report_html(view: ReportView) -> str:
    """The report, in the view's edition, with the guides as appendices."""
    from bikva.output.figures import chain_figure  # imports matplotlib: only when a report is made

    return render_template(
        "report.html.j2", view.lang, report=view,
        chain_figure=functools.partial(chain_figure, view.lang),
    )


# Tagged and accessible by default (public bodies must publish accessible documents).
DEFAULT_PDF_VARIANT = "pdf/ua-1"


def pdf_variants() -> tuple[str, ...]:
    """The variants a report can be printed in: PDF/UA-1 and the PDF/A variants this WeasyPrint
    supports (read from WeasyPrint itself, so an upgrade that adds one offers it here)."""
    from weasyprint.pdf import VARIANTS

    return (DEFAULT_PDF_VARIANT, *sorted(name for name in VARIANTS if name.startswith("pdf/a-")))


def check_pdf_variant(variant: str) -> str:
    variants = pdf_variants()
    if variant not in variants:
        raise BikvaError("report.cli.variant_unknown", variant=variant, variants=", ".join(variants))
    return variant


def html_to_pdf(html: str, variant: str = DEFAULT_PDF_VARIANT) -> bytes:
    """Print rendered HTML to PDF (A4, styles inline; title and language come from the HTML).

    Always tagged (a structure tree a screen reader can follow), also for the PDF/A variants
    that do not require it."""
    from weasyprint import HTML  # imported late: slow to import, and only needed here

    check_pdf_variant(variant)
    with as_file(files("templates")) as base:
        return HTML(string=html, base_url=str(base) + "/").write_pdf(pdf_variant=variant, pdf_tags=True)
