"""The demo study: a complete fictional BIKVA evaluation built from evaluations/jobcenter/.

The folder holds what an evaluator would have: the study's bikva.toml (texts and themes),
the transcripts of every round in the formats they arrive in, the report's narrative sections
(`report/*.md` and `report/synthesis.toml`), and `study.toml`, the script of what the evaluator
did (imports, redactions, selected quotes with rationale and reactions).
The demo replays that script through the same functions the CLI uses.
"""

from __future__ import annotations

import shutil
import tomllib
from datetime import date
from importlib.resources import as_file, files
from pathlib import Path

from sqlalchemy import select

from bikva.store.config import config_path, load_config
from bikva.errors import BikvaError
from bikva.store.evaluation import create_evaluation, open_evaluation
from bikva.store.engine import database_url, engine_for, migrate, uses_sqlite_file
from bikva.store.evaluation import database_errors
from bikva.store.rows import delete_evaluation
from models.evaluation import Evaluation
from bikva.store.files import write_atomic
from bikva.intake.groups import update_group
from bikva.documents.narrative import METHOD_FOLDER, NARRATIVE_FOLDER
from bikva.protection.participants import register_participant
from bikva.documents.references import RESULTS_FOLDER
from bikva.selection.quotes import QuoteRequest, add_quote
from bikva.selection.redaction import set_redaction
from bikva.intake.transcripts import import_transcript

DEMO = "jobcenter"
MARKER = ".bikva-demo"  # only a folder the demo made itself is ever replaced by it


def demo_language() -> str:
    return _script()["language"]


def _script() -> dict:
    return tomllib.loads(files("evaluations").joinpath(DEMO, "study.toml").read_text(encoding="utf-8"))


def build_demo(folder: Path) -> Path:
    _clear(folder)
    with as_file(files("evaluations").joinpath(DEMO)) as source:
        script = tomllib.loads((source / "study.toml").read_text(encoding="utf-8"))
        create_evaluation(folder, title=script["title"], levels=script["levels"], lang=script["language"])
        (folder / MARKER).touch()
        uid = load_config(folder).evaluation_id
        study_texts = (source / "bikva.toml").read_text(encoding="utf-8")
        write_atomic(config_path(folder), f'evaluation_id = "{uid}"\n\n{study_texts}')
        # The evaluator's own texts for the report: summary, introduction, synthesis, ...
        for text in sorted((source / NARRATIVE_FOLDER).glob("*.*")):
            if text.suffix in (".md", ".toml", ".bib"):
                write_atomic(folder / NARRATIVE_FOLDER / text.name, text.read_bytes())
        # ... the method parts in the evaluator's own words, report/method/<part>.md (bikva.documents.narrative).
        for text in sorted((source / METHOD_FOLDER).glob("*.md")):
            (folder / METHOD_FOLDER).mkdir(parents=True, exist_ok=True)
            write_atomic(folder / METHOD_FOLDER / text.name, text.read_bytes())
        # ... and the analysis level by level, report/results/<level>.md (bikva.documents.results).
        for text in sorted((source / RESULTS_FOLDER).glob("*.md")):
            (folder / RESULTS_FOLDER).mkdir(parents=True, exist_ok=True)
            write_atomic(folder / RESULTS_FOLDER / text.name, text.read_bytes())
        with open_evaluation(folder) as (session, ev):
            ev.evaluation.attribution_format = script.get("attribution", ev.evaluation.attribution_format)
            for redaction in script.get("redactions", []):
                set_redaction(session, ev.id, redaction["text"], redaction["placeholder"])
            for round_ in script["rounds"]:
                import_transcript(
                    session, ev, level=round_["level"], path=source / round_["file"],
                    group=round_["group"], interviewer_labels=round_.get("interviewer"),
                )
                update_group(
                    session, ev, level=round_["level"], name=round_["group"],
                    held_on=date.fromisoformat(round_["held_on"]) if "held_on" in round_ else None,
                    place=round_.get("place"),
                )
            # The signed consent forms, as the evaluator registered them after each interview.
            for consent in script.get("consent", []):
                for label in consent["labels"]:
                    register_participant(
                        session, ev, level=consent["level"], group=consent["group"], label=label,
                        consent_date=date.fromisoformat(consent["date"]), consent_version=consent["version"],
                    )
            ids: dict[str, int] = {}
            for item in script["quotes"]:
                quote = add_quote(session, ev, QuoteRequest(
                    level=item["level"], text=item["text"], theme=item.get("theme"),
                    advice=item.get("advice", False), rationale=item.get("rationale", ""),
                    responds_to=ids[item["responds_to"]] if "responds_to" in item else None,
                ))
                ids[item["key"]] = quote.id
    return folder


def _clear(folder: Path) -> None:
    if (folder / MARKER).exists():
        _delete_rows(folder)
        shutil.rmtree(folder)
    elif folder.exists() and any(folder.iterdir()):
        raise BikvaError("demo.folder_not_empty", folder=str(folder))


def _delete_rows(folder: Path) -> None:
    """The previous demo's rows in a shared database (BIKVA_DATABASE_URL): rebuilding only the
    folder would leave them there, a second demo evaluation beside the new one. In SQLite they
    go with the folder's bikva.db."""
    if uses_sqlite_file(folder):
        return
    try:
        uid = load_config(folder).evaluation_id
    except BikvaError:  # no readable bikva.toml: nothing tells which rows were the demo's
        return
    url = database_url(folder)
    with database_errors(url):
        migrate(engine_for(url))
        with engine_for(url).begin() as connection:
            evaluation_id = connection.execute(select(Evaluation.id).where(Evaluation.uid == uid)).scalar_one_or_none()
            if evaluation_id is not None:
                delete_evaluation(connection, evaluation_id)
