"""What leaves a task for Prefect when a step fails: a key and a ticket, never words.

A BikvaError's message may quote what the guard found (a CPR number, a name), and any other
exception may carry quote or transcript text in its message. Prefect keeps what a task raises:
in its database (state messages, logs, events) and, pickled, in its result storage under the
user's home, outside the evaluation folder, where a purge never reaches. So a task turns the
exception into `Withheld(ticket, key)` (the BikvaError's message key, or the exception's type
name) and keeps the exception itself in this process, where `bikva run` takes it back
(`reclaim`) and reports it as the plain command would: one line for a refusal.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from bikva.errors import BikvaError

P = ParamSpec("P")
R = TypeVar("R")

_held: dict[str, Exception] = {}


class Withheld(Exception):
    """What Prefect sees of a failed step: a key and a ticket, nothing else."""

    def __init__(self, ticket: str, key: str) -> None:
        super().__init__(ticket, key)
        self.ticket, self.key = ticket, key

    def __str__(self) -> str:
        return f"{self.key} ({self.ticket})"


def keys_only(step: Callable[P, R]) -> Callable[P, R]:
    """Run a pipeline step; an exception leaves it as a Withheld carrying no words."""

    @functools.wraps(step)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return step(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 (kept whole in this process, see reclaim)
            held = error
        ticket = uuid.uuid4().hex
        _held[ticket] = held
        key = held.key if isinstance(held, BikvaError) else type(held).__name__
        # Raised outside the except block, so the original is not chained to it as __context__.
        raise Withheld(ticket, key)

    return run


def reclaim(withheld: Withheld) -> Exception:
    """The exception a Withheld stands for, if it was raised in this process; otherwise a
    general refusal naming its key (a flow run on a worker elsewhere)."""
    return _held.pop(withheld.ticket, None) or BikvaError("run.refused_elsewhere", key=withheld.key)
