"""Help pages and usage lines in the catalogue's words, not click's.

Click writes its own English around our help texts: "Usage:", "Options:", "Commands:", "Show this
message and exit.", "[default: …]", "[required]" and metavars such as TEXT or FOLDER. Every
command and group of `bikva` is a BikvaCommand or BikvaGroup (bikva.cli.common.command and .group),
whose pages take those words from the `help_page` section of templates/i18n/<lang>/cli.toml, in
BIKVA_LANG or else Danish. The language is read when a page is written, not when the command is
defined, and so are the help texts themselves: a help text given in one language (h() runs at
import time) is looked up in the catalogues and written in the page's language.

Usage errors that click would word itself (an unknown command, too many arguments, a value of the
wrong kind) are worded here too; bikva.cli.main turns them into one line.
"""

from __future__ import annotations

import inspect
from functools import cache

import click
from click.formatting import join_options

from bikva.i18n import LANGUAGES, catalogue, cli_language, t
from bikva.store.files import printable

# Click's own defaults, replaced by the catalogue's words when a page is written.
_CLICK_OPTIONS_METAVAR = "[OPTIONS]"
_CLICK_COMMAND_METAVAR = "COMMAND [ARGS]..."


def _lang() -> str:
    return cli_language()


def word(key: str, lang: str | None = None, **params: object) -> str:
    return t(lang or _lang(), f"help_page.{key}", **params)


@cache
def _help_keys() -> dict[str, str]:
    """Every help text of every catalogue, mapped to its key."""
    keys: dict[str, str] = {}
    for lang in LANGUAGES:
        for key, value in catalogue(lang).items():
            if key.startswith("help_page."):  # click's words, not help texts
                continue
            if isinstance(value, str) and any(part == "help" or part.startswith("help_") for part in key.split(".")):
                keys.setdefault(inspect.cleandoc(value), key)
    return keys


def in_language(text: str | None, lang: str | None = None) -> str:
    """A help text from the catalogues, in the page's language (other text as it is)."""
    if not text:
        return ""
    text = inspect.cleandoc(text)
    key = _help_keys().get(text)
    return t(lang or _lang(), key) if key else text


def metavar(ctx: click.Context, param: click.Parameter) -> str:
    """How a page names a parameter's value: MAPPE, TEKST, ÅÅÅÅ-MM-DD (a choice keeps its values)."""
    if param.metavar is not None:
        return in_language(param.metavar)
    words = catalogue(_lang())
    found = None
    for key in _metavar_keys(param):
        found = words.get(f"help_page.metavar.{key}")
        if found is not None:
            break
    if found is None:
        return param.make_metavar(ctx)
    shown = str(found)
    if isinstance(param, click.Argument) and not param.required:
        shown = f"[{shown}]"
    if param.nargs != 1:
        shown += "..."
    return shown


def _metavar_keys(param: click.Parameter) -> list[str]:
    """Where the catalogue may name the value: an argument by its name, an option by its name
    (`level`) or else by the kind of value it takes (`date`, `number`, `text`)."""
    kind = param.type
    if isinstance(kind, click.Choice):
        return []
    if isinstance(param, click.Argument):
        return [param.name] if param.name else []
    keys = [f"option_{param.name}"] if param.name else []
    if isinstance(kind, click.DateTime):
        keys.append("date")
    elif isinstance(kind, click.Path):
        keys.append("folder" if not kind.file_okay else "file" if not kind.dir_okay else "path")
    elif isinstance(kind, (click.types.IntParamType, click.types.FloatParamType)):
        keys.append("number")
    elif isinstance(kind, click.types.StringParamType):
        keys.append("text")
    return keys


def short_help(text: str, limit: int) -> str:
    """The first sentence of a help text, or its start up to a colon, or as many words as fit
    followed by "…"."""
    flat = " ".join(text.split("\n\n")[0].split())
    if len(flat) <= limit:
        return flat
    for stop in (". ", ": "):  # the first sentence, or what comes before its colon
        sentence = flat.split(stop)[0].rstrip(".") + "."
        if len(sentence) <= limit:
            return sentence
    cut = flat[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:–")
    return cut + "…"


class BikvaFormatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix=f"{word('usage')} " if prefix is None else prefix)


class BikvaContext(click.Context):
    formatter_class = BikvaFormatter


class CatalogueUsageError(click.UsageError):
    """A usage error worded by a catalogue key (bikva.cli.main prints it as one line)."""

    def __init__(self, key: str, ctx: click.Context | None = None, **params: object) -> None:
        self.key, self.params = key, params
        super().__init__(t(_lang(), key, **params), ctx)


class _Pages:
    """What BikvaCommand and BikvaGroup share: every word of the help page from the catalogue."""

    context_class = BikvaContext

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc]
        except click.UsageError as error:
            if error.ctx is None:  # the parser's errors come without one; usage_message needs it
                error.ctx, error.cmd = ctx, ctx.command
            raise

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = word("help_option")
        return option

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = []
        if self.options_metavar:
            pieces.append(word("options_metavar") if self.options_metavar == _CLICK_OPTIONS_METAVAR
                          else self.options_metavar)
        for param in self.get_params(ctx):
            if isinstance(param, click.Argument):
                pieces.append(metavar(ctx, param))
        return pieces

    def get_short_help_str(self, limit: int = 45) -> str:
        return short_help(in_language(self.short_help or self.help), limit)

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        text = in_language(self.help).partition("\f")[0]
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text)

    def format_arguments(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        arguments = [p for p in self.get_params(ctx) if isinstance(p, click.Argument)]
        if any(getattr(p, "help", None) for p in arguments):
            with formatter.section(word("arguments")):
                formatter.write_dl([(metavar(ctx, p), in_language(getattr(p, "help", None))) for p in arguments])

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [_option_row(ctx, p) for p in self.get_params(ctx) if isinstance(p, click.Option) and not p.hidden]
        if rows:
            with formatter.section(word("options")):
                formatter.write_dl(rows)


def _option_row(ctx: click.Context, option: click.Option) -> tuple[str, str]:
    def spelled(opts: list[str]) -> str:
        text = join_options(opts)[0]
        return text if option.is_flag or option.count else f"{text} {metavar(ctx, option)}"

    spec = " / ".join(spelled(opts) for opts in (option.opts, option.secondary_opts) if opts)
    extra = option.get_help_extra(ctx)
    marks = []
    if "default" in extra:
        shown = in_language(option.show_default) if isinstance(option.show_default, str) else extra["default"]
        marks.append(word("default", default=shown))
    if "range" in extra:
        bounds = option.type
        plain = (isinstance(bounds, click.IntRange) and bounds.min is not None and bounds.max is not None
                 and not bounds.min_open and not bounds.max_open)
        marks.append(word("range", min=bounds.min, max=bounds.max) if plain else extra["range"])
    if "required" in extra:
        marks.append(word("required"))
    help_text = in_language(option.help)
    if marks:
        help_text = f"{help_text}  [{'; '.join(marks)}]" if help_text else f"[{'; '.join(marks)}]"
    return spec, help_text


class BikvaCommand(_Pages, click.Command):
    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # Click words "Got unexpected extra argument" itself; we take the extra arguments and say so.
        strict = not ctx.allow_extra_args
        ctx.allow_extra_args = True
        try:
            rest = super().parse_args(ctx, args)
        finally:
            ctx.allow_extra_args = not strict
        if rest and strict and not ctx.resilient_parsing:
            raise CatalogueUsageError("usage.extra", ctx, arguments=" ".join(rest))
        return rest


class BikvaGroup(_Pages, click.Group):
    command_class = BikvaCommand
    group_class = type  # a group's subgroups are of its own class

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        pieces.append(word("command_metavar") if self.subcommand_metavar == _CLICK_COMMAND_METAVAR
                      else self.subcommand_metavar)
        return pieces

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        commands = [(name, command) for name in self.list_commands(ctx)
                    if (command := self.get_command(ctx, name)) is not None and not command.hidden]
        if commands:
            limit = formatter.width - 6 - max(len(name) for name, _ in commands)
            with formatter.section(word("commands")):
                formatter.write_dl([(name, command.get_short_help_str(limit)) for name, command in commands])


def usage_message(error: click.ClickException) -> str:
    """A usage error as one sentence from the catalogue, naming the option or value concerned
    (what the person typed is shown with printable: one line, no escape codes)."""
    lang = _lang()
    ctx = getattr(error, "ctx", None)
    param = getattr(error, "param", None)
    if isinstance(error, CatalogueUsageError):
        return t(lang, error.key, **{name: printable(value, 80) for name, value in error.params.items()})
    if isinstance(error, click.MissingParameter):
        return t(lang, "usage.missing", param=_param_name(ctx, param) or getattr(error, "param_hint", None) or "?")
    if isinstance(error, click.BadParameter):
        detail = _value_detail(lang, param) or printable(error.message, 200)
        return t(lang, "usage.bad_value", param=_param_name(ctx, param) or error.param_hint or "", detail=detail)
    if isinstance(error, click.NoSuchOption):
        return t(lang, "usage.no_such_option", option=printable(error.option_name, 80))
    if isinstance(error, click.exceptions.NoSuchCommand):
        return t(lang, "usage.no_such_command", command=printable(error.command_name, 80))
    if isinstance(error, click.BadOptionUsage):
        option = _option_named(ctx, error.option_name)
        key = "usage.takes_no_value" if option is not None and option.is_flag else "usage.needs_value"
        return t(lang, key, option=printable(error.option_name, 80))
    return t(lang, "usage.other", detail=printable(error.format_message(), 200))


def _param_name(ctx: click.Context | None, param: click.Parameter | None) -> str:
    if param is None:
        return ""
    if isinstance(param, click.Argument) and ctx is not None:
        return metavar(ctx, param).strip("[].")
    return param.opts[0] if param.opts else ""


def _option_named(ctx: click.Context | None, name: str) -> click.Option | None:
    if ctx is None:
        return None
    for param in ctx.command.params:
        if isinstance(param, click.Option) and name in (*param.opts, *param.secondary_opts):
            return param
    return None


def _value_detail(lang: str, param: click.Parameter | None) -> str | None:
    """What the value should have been, for the kinds of value bikva's commands take."""
    kind = param.type if param is not None else None
    if isinstance(kind, click.IntRange) and kind.min is not None and kind.max is not None:
        return t(lang, "help_page.value.range", min=kind.min, max=kind.max)
    if isinstance(kind, click.types.IntParamType) and not isinstance(kind, click.IntRange):
        return t(lang, "help_page.value.number")
    if isinstance(kind, click.DateTime):
        return t(lang, "help_page.value.date", format=t(lang, "help_page.metavar.date"))
    if isinstance(kind, click.Choice):
        return t(lang, "help_page.value.choice", choices=", ".join(str(c) for c in kind.choices))
    if isinstance(kind, click.Path) and not kind.dir_okay:
        return t(lang, "help_page.value.file")
    if isinstance(kind, click.Path) and not kind.file_okay:
        return t(lang, "help_page.value.folder")
    return None
