"""The evaluation a request is about: `with opened(request) as (session, ev):` opens it as every
command does (bikva.store.evaluation.open_evaluation: one transaction, committed when the block
succeeds, rolled back on any error), for the folder this app serves."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi import Request
from sqlmodel import Session

from bikva.store.evaluation import OpenEvaluation, open_evaluation


def folder_of(request: Request) -> Path:
    return request.app.state.folder


@contextmanager
def opened(request: Request) -> Iterator[tuple[Session, OpenEvaluation]]:
    with open_evaluation(folder_of(request)) as (session, ev):
        yield session, ev
