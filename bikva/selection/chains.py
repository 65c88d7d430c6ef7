"""A chain: a statement followed by the later levels' reactions to it (and their reactions).

A reaction is a quote whose `responds_to_id` names an earlier level's quote. Chains are built
in one place, `link_chains`, and walked by one iterator, `walk`: the guides, the synthesis and
its figures, the quote cards, the artifact log and the templates all use these two, so what
counts as part of a chain cannot differ between them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Protocol, TypeVar

from models.quote import Quote


class Linked(Protocol):
    """What a chain is made of: anything with its reactions below it (a QuoteView)."""

    reactions: list


N = TypeVar("N", bound=Linked)


def link_chains(quotes: Sequence[Quote], make: Callable[[Quote], N]) -> list[tuple[Quote, N]]:
    """The chains among `quotes`: each root (a quote whose own predecessor is not among them)
    with its reactions nested below it, in the order of `quotes`. `make` turns a quote into the
    node to hang the reactions on; it is called once per quote and must return a fresh node.
    Returns (root quote, root node) pairs, so callers can group the chains by the root's theme.
    """
    present = {quote.id for quote in quotes}
    answers: dict[int, list[Quote]] = {}
    for quote in quotes:
        if quote.responds_to_id in present:
            answers.setdefault(quote.responds_to_id, []).append(quote)

    def build(quote: Quote) -> N:
        node = make(quote)
        node.reactions = [build(reaction) for reaction in answers.get(quote.id, [])]
        return node

    return [(quote, build(quote)) for quote in quotes if quote.responds_to_id not in present]


def walk(root: N) -> Iterator[tuple[N, N | None]]:
    """Every node of the chain from `root`, depth first in reading order (a reaction right
    after what it answers), each with the node it answers (None for the root)."""
    stack: list[tuple[N, N | None]] = [(root, None)]
    while stack:
        node, parent = stack.pop()
        yield node, parent
        stack.extend((reaction, node) for reaction in reversed(node.reactions))


def reactions_of(root: N) -> Iterator[tuple[N, N]]:
    """The chain below `root`: every reaction with the node it answers."""
    for node, parent in walk(root):
        if parent is not None:
            yield node, parent
