"""What `bikva run` shows while it works: each round, each document as it is made or found
unchanged, and where a refusal stops it.

The flows report their steps by calling `emit` with keys and paths, never text from a
transcript or a quote. Whoever listens is in this process (`showing`, which flows/commands.py
sets up), so none of it reaches Prefect, whose own log lines go to logs/prefect.log
(flows/logs.py). A flow run on a worker elsewhere has no one listening, and `emit` does nothing.

On a terminal a spinner (Rich, which Prefect brings along) shows the step under way, with the
finished steps as lines above it. Elsewhere (tests, pipes, and with --verbose, where Prefect's
own lines would cut through a spinner) the same lines are printed plain. Both go to stderr:
stdout keeps the list of files made and what the study waits for, printed at the end.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from bikva.i18n import lookup, t

_listener: Callable[..., None] | None = None


def emit(event: str, **params: Any) -> None:
    """A step of the run: `round` (round, level key), `report` (edition), `making` (path),
    `document` (path, how: made | unchanged | remade)."""
    if _listener is not None:
        _listener(event, **params)


class Display:
    """The lines of a run, on stderr; on a terminal with a spinner for the step under way."""

    def __init__(self, lang: str, folder: Path, *, live: bool) -> None:
        self.lang, self.folder = lang, folder.resolve()
        self.heading = ""
        self._live = None
        if live:
            from rich.console import Console
            from rich.live import Live

            console = Console(stderr=True, highlight=False)
            self._live = Live(self._spinner(t(lang, "cli.run.server")), console=console, transient=True,
                              redirect_stdout=False, redirect_stderr=False, refresh_per_second=8)
            self._live.start()

    def __call__(self, event: str, **params: Any) -> None:
        getattr(self, f"_on_{event}", lambda **_: None)(**params)

    def _on_round(self, round: int, level: str) -> None:
        self._heading(t(self.lang, "cli.run.round", round=round, level=t(self.lang, f"level.{level}.address")))

    def _on_report(self, edition: str) -> None:
        try:
            name = str(lookup(self.lang, f"report.edition.{edition}"))
        except KeyError:
            name = edition
        self._heading(t(self.lang, "cli.run.report_heading", edition=name))

    def _on_making(self, path: str) -> None:
        self._doing(t(self.lang, "cli.run.making", file=self._short(path)))

    def _on_document(self, path: str, how: str) -> None:
        self._line(t(self.lang, f"cli.run.{how}", file=self._short(path)))
        self._doing(self.heading)

    def stopped(self) -> None:
        """The run was refused: the refusal's own line follows (printed by bikva.cli.main)."""
        self._line(t(self.lang, "cli.run.stopped"))

    def close(self) -> None:
        if self._live is not None:
            self._live.stop()
            self._live = None

    def _heading(self, text: str) -> None:
        self.heading = text
        self._line(text)
        self._doing(text)

    def _line(self, text: str) -> None:
        if self._live is not None:
            from rich.text import Text

            self._live.console.print(Text(text))
        else:
            click.echo(text, err=True)

    def _doing(self, text: str) -> None:
        if self._live is not None:
            self._live.update(self._spinner(text))

    @staticmethod
    def _spinner(text: str) -> Any:
        from rich.spinner import Spinner

        return Spinner("dots", text)

    def _short(self, path: str) -> str:
        """A file in the evaluation folder by its place there (output/guide-R1-citizens.pdf)."""
        try:
            return Path(path).resolve().relative_to(self.folder).as_posix()
        except ValueError:
            return path


def on_terminal(verbose: bool = False) -> bool:
    """Whether to draw a spinner: both streams are a terminal that can redraw, and Prefect's
    own lines are not shown beside it."""
    return (not verbose and os.environ.get("TERM") != "dumb"
            and sys.stderr.isatty() and sys.stdout.isatty())


@contextlib.contextmanager
def showing(lang: str, folder: Path, *, verbose: bool = False) -> Iterator[Display]:
    """Show the run's steps while the block runs (flows/commands.py: run_study)."""
    global _listener
    display = Display(lang, folder, live=on_terminal(verbose))
    _listener = display
    try:
        yield display
    finally:
        _listener = None
        display.close()
