"""One round of the chain: the guide pipeline (bikva.output.pipeline), one task per step.

check and build → render and write, one file per task → record: the same functions `bikva
guide` runs. Checking and building are one task and one transaction, so what the guard passed
is exactly what the guide shows.

**Only what changed is made again.** The prepare task fingerprints the view it built
(bikva.output.fingerprint: the view's content, the templates and catalogues, bikva's version)
and keeps the view itself in this process (`_views`, as flows/refusals.py keeps exceptions):
Prefect sees the fingerprint, never the view. Rendering and writing one file is one task,
`make_document`, cached by Prefect on (fingerprint, format, path); its persisted result is the
file's path and SHA-256, nothing else, kept in the evaluation folder (`.bikva-cache/`, see
`cache_folder`). A cached result is trusted only while the file on disk still has that hash:
a file deleted or changed since is made again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NONE, CachePolicy
from prefect.context import TaskRunContext
from prefect.states import State

from bikva.output import pipeline
from bikva.output.fingerprint import fingerprint, sha256_of_file
from bikva.output.render import DEFAULT_PDF_VARIANT
from bikva.protection.targets import destination, written_by_bikva
from bikva.store.evaluation import open_evaluation
from flows import progress
from flows.refusals import keys_only

# Steps whose results are views or statuses (quote text): never persisted, never cached.
# Refusals leave a task as keys only (flows/refusals.py).
STEP = {"cache_policy": NONE, "persist_result": False}

# In the evaluation folder, not in Prefect's home: the cache says which file each view made, so
# it belongs with those files. Deleting the folder or its outputs takes it along, nothing about
# the evaluation is left in the user's home, and it holds nothing the folder does not (hashes
# and paths only; see `make_document`). Its keys hold each file's absolute path, so a copy of
# the folder elsewhere makes its own files rather than trusting the original's.
CACHE_FOLDER = ".bikva-cache"
UNCHANGED, MADE, REMADE = "unchanged", "made", "remade"


def cache_folder(folder: str | Path) -> Path:
    return Path(folder) / CACHE_FOLDER


def in_folder(folder: str | Path) -> Path:
    """The result storage of a run on `folder`: its cache folder (a Path: Prefect reads a str as
    the name of a saved block). Prefect also keeps a failed flow's exception there (a Withheld:
    a message key and a ticket), so nothing of the run is left in Prefect's home."""
    return cache_folder(folder).resolve()


@dataclass(frozen=True)
class Prepared:
    """What Prefect sees of a checked and built view: its fingerprint and where it belongs."""

    fingerprint: str
    kind: str  # guide | report
    level_key: str = ""  # the guide's level; "" for the report


# The views built in this process, by fingerprint, until their files are recorded. A flow runs
# its tasks in its own process, so the render task finds the view its prepare task built.
_views: dict[str, Any] = {}


def hold(view: Any, kind: str, level_key: str = "") -> Prepared:
    prepared = Prepared(fingerprint(view), kind, level_key)
    _views[prepared.fingerprint] = view
    return prepared


@task(**STEP)
@keys_only
def prepare_guide(folder: str, level: str) -> Prepared:
    view = pipeline.prepare_guide(Path(folder), level)
    return hold(view, "guide", view.level.key)


@dataclass
class SameDocument(CachePolicy):
    """One file is the same as before when it is made from the same fingerprint (view, templates,
    version), in the same format and PDF variant, for the same path."""

    def compute_key(self, task_ctx: TaskRunContext, inputs: dict[str, Any], flow_parameters: dict[str, Any],
                    **kwargs: Any) -> str | None:
        parts = (inputs["fingerprint"], inputs["fmt"], inputs.get("variant") or "", inputs["path"])
        return hashlib.sha256("\n".join(map(str, parts)).encode("utf-8")).hexdigest()


@task(cache_policy=SameDocument(), persist_result=True, result_serializer="json")
@keys_only
def make_document(fingerprint: str, fmt: str, path: str, variant: str = "") -> dict[str, str]:
    """Render one file from the held view and write it (the write step refuses a withdrawal
    since the view was built). Prefect persists what this returns: the path and the hash."""
    progress.emit("making", path=path)
    written, content = pipeline.make_file(_views[fingerprint], fmt, Path(path), variant=variant or DEFAULT_PDF_VARIANT)
    data = content.encode("utf-8") if isinstance(content, str) else content
    return {"path": str(written), "sha256": hashlib.sha256(data).hexdigest()}


def make_documents(folder: str, prepared: Prepared, targets: dict[str, str], variant: str = "") -> dict[str, str]:
    """Each format's file, {path: how it was made}: made now, or unchanged since a run that made
    it from the same fingerprint (and still on disk as it was written)."""
    cached = make_document.with_options(result_storage=in_folder(folder))
    made: dict[str, str] = {}
    for fmt, path in targets.items():
        state: State = cached(prepared.fingerprint, fmt, path, variant, return_state=True)
        result = state.result()  # a refusal is raised here, as a Withheld
        how = MADE
        if state.name == "Cached":
            if sha256_of_file(Path(result["path"])) == result["sha256"]:
                how = UNCHANGED
            else:  # deleted or changed since: the cache no longer describes the file
                state = cached.with_options(refresh_cache=True)(prepared.fingerprint, fmt, path, variant,
                                                                return_state=True)
                result, how = state.result(), REMADE
        made[result["path"]] = how
        progress.emit("document", path=result["path"], how=how)
    return made


@task(**STEP)
@keys_only
def record_documents(folder: str, prepared: Prepared, made: dict[str, str]) -> None:
    """The artifact log, for the files made now and for any unchanged file the log does not
    name as it is on disk (a restored database, say): a withdrawal must name every file that
    was handed out. Then the view is let go."""
    view = _views[prepared.fingerprint]
    home = Path(folder)
    with open_evaluation(home) as (session, ev):
        known = {path for path, how in made.items()
                 if how == UNCHANGED and written_by_bikva(session, ev.id, home, destination(Path(path)))}
    written = {Path(path): Path(path).read_bytes() for path in made if path not in known}
    if written:
        pipeline.record_documents(home, prepared.kind, prepared.level_key, written, pipeline.quote_ids(view),
                                  view=view)
    _views.pop(prepared.fingerprint, None)


@flow(name="bikva-round", persist_result=False, result_serializer="json")
def round_flow(folder: str, level: str, formats: tuple[str, ...] = pipeline.GUIDE_FORMATS) -> list[str]:
    """One round's guide as a flow run of its own (the web app's button for one guide)."""
    return round_steps(folder, level, formats)


def round_steps(folder: str, level: str, formats: tuple[str, ...] = pipeline.GUIDE_FORMATS) -> list[str]:
    """The round's tasks, in whatever flow runs them. The study flow runs them in its own run
    rather than as a subflow: a flow run of its own costs most of a second in Prefect's
    bookkeeping (creating it, its states, stopping its heartbeat), which a run with nothing to
    make would spend on nothing else."""
    prepared = prepare_guide(folder, level)
    view = _views[prepared.fingerprint]
    targets = {fmt: str(pipeline.guide_path(Path(folder), view, fmt)) for fmt in formats}
    made = make_documents(folder, prepared, targets)
    record_documents(folder, prepared, made)
    return list(made)
