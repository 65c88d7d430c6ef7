"""Purging an evaluation at the end of a study: afterwards the folder holds nothing identifying
and nothing from which the deleted text could be brought back.

Deleted: the copies of the original transcript files, the transcript text, the real names in
the consent registry, the list of local names, the redaction list (it names people and places),
the statements of anyone who withdrew, the copies of the database made before schema upgrades,
and every document bikva generated in the folder before the purge (it may hold names that were
redacted only later, or withdrawn statements); the purge names them, and the generated files
and exports outside the folder that it cannot reach.

Written through the redactions first, so no redacted name comes back in a document made after
the purge: every kept text the documents print (quotes and rationales, the evaluation's title,
groups, themes, participants' role and unit, the study texts in bikva.toml, report/*.md and
report/synthesis.toml) and the audit trail's subjects and details.

Replaced by neutral ones: participant labels that are not plain codes (a meeting tool's display
name becomes a label: `Karen Holm` -> `L1`) and the transcripts' file names
(`Hanne_Jensen_010190-1234.txt` -> `R1-udskrift-1.txt`), also where the audit trail names them.

Kept: the anonymised quotes, levels, groups, participants with their consent record, the audit
trail. A quote keeps its turn row, emptied of text and times, as the link to the participant
who said it: a withdrawal after the purge still finds their statements.

The deleted rows are overwritten in place (SQLite's secure_delete) and the database file is
compacted after the commit (VACUUM), so the deleted text cannot be read out of `bikva.db`.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import tomlkit
from tomlkit import items as toml_items
from sqlmodel import Session, select

from bikva.errors import BikvaError
from bikva.i18n import t
from bikva.intake.transcripts import TRANSCRIPT_FOLDER
from bikva.selection.redaction import Redactor
from bikva.store import audit
from bikva.store.config import config_path
from bikva.store.engine import (
    BUSY_TIMEOUT_MS,
    DATABASE_FILE,
    backups_of,
    database_url,
    sqlite_database_file,
    uses_sqlite_file,
)
from bikva.store.evaluation import OpenEvaluation
from bikva.store.files import sha256_of, write_atomic
from bikva.store.queries import groups_of, participants_of, quotes_of, redactions_of, themes_of, withdrawn_quote_ids
from models.artifact import Artifact
from models.interview_group import InterviewGroup
from models.local_name import LocalName
from models.participant import Participant
from models.participant_identity import ParticipantIdentity
from models.quote import Quote
from models.quote_carry import QuoteCarry
from models.statement_support import StatementSupport
from models.transcript import Transcript
from models.turn import Turn

# A label a transcriber gives (B1, SB2, M12) is a pseudonym and stays: the evaluator's consent
# list uses it. Anything else may be a name (Teams and Zoom use display names as labels).
_CODE_LABEL = re.compile(r"[A-ZÆØÅ]{1,4}\d{1,3}")
# Suffixes a neutral transcript name keeps (the format is in transcript.format anyway).
_PLAIN_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,5}")
# Generated files are small; anything larger in the folder is not hashed to look for them.
_MAX_OUTPUT_BYTES = 512 * 1024**2


@dataclass
class EvaluatorTexts:
    """The evaluator's own files that the report prints. Their homes are in bikva.documents,
    which this layer may not import, so the command hands them in."""

    markdown: list[Path]  # every report/**/*.md
    synthesis: Path  # report/synthesis.toml
    markdown_redactor: Callable[[Iterable[tuple[str, str]]], Redactor]  # placeholders escaped for Markdown


@dataclass
class LabelChange:
    participant_id: int
    level_key: str
    group: str  # the group's name after the purge
    old: str
    new: str


@dataclass
class OutsideFile:
    path: Path
    withdrawn: bool  # holds statements of a participant who withdrew


@dataclass
class PurgePlan:
    files: list[Path] = field(default_factory=list)  # transcript copies and database copies
    transcripts: int = 0
    turns: int = 0
    identities: int = 0
    local_names: int = 0
    redactions: int = 0
    withdrawn_quotes: int = 0
    quotes_kept: int = 0
    labels: list[LabelChange] = field(default_factory=list)
    transcript_names: dict[int, str] = field(default_factory=dict)  # transcript id -> neutral name
    themes: dict[str, str] = field(default_factory=dict)  # old name -> redacted name (changed ones)
    groups: dict[int, str] = field(default_factory=dict)  # group id -> redacted name (changed ones)
    texts: dict[Path, str] = field(default_factory=dict)  # evaluator file -> its redacted content
    outputs: list[Path] = field(default_factory=list)  # generated files in the folder: removed
    outside: list[OutsideFile] = field(default_factory=list)  # generated files elsewhere: left
    exports: list[str] = field(default_factory=list)  # exports the audit trail records

    @property
    def empty(self) -> bool:
        return not (self.files or self.turns or self.identities or self.local_names or self.redactions
                    or self.withdrawn_quotes or self.labels or self.transcript_names or self.texts)


# Planning ------------------------------------------------------------------------------------


def _transcripts(session: Session, ev: OpenEvaluation) -> list[Transcript]:
    level_ids = [level.id for level in ev.levels]
    return list(
        session.exec(
            select(Transcript)
            .join(InterviewGroup, Transcript.group_id == InterviewGroup.id)
            .where(InterviewGroup.level_id.in_(level_ids))
            .order_by(Transcript.id)
        )
    )


def _identities(session: Session, ev: OpenEvaluation) -> list[ParticipantIdentity]:
    level_ids = [level.id for level in ev.levels]
    return list(
        session.exec(
            select(ParticipantIdentity)
            .join(Participant, ParticipantIdentity.participant_id == Participant.id)
            .join(InterviewGroup, Participant.group_id == InterviewGroup.id)
            .where(InterviewGroup.level_id.in_(level_ids))
        )
    )


def _database_backups(ev: OpenEvaluation) -> list[Path]:
    """The copies bikva.store.engine.migrate made of the SQLite database before upgrades."""
    database = sqlite_database_file(database_url(ev.folder)) if uses_sqlite_file(ev.folder) else None
    return backups_of(database) if database is not None else []


def _turns_to_clear(session: Session, ev: OpenEvaluation, kept_quote_turns: set[int]) -> int:
    """Turns that still hold text, or that no kept quote needs as its link to a participant."""
    count = 0
    for transcript in _transcripts(session, ev):
        for turn in session.exec(select(Turn).where(Turn.transcript_id == transcript.id)):
            count += bool(turn.text) or turn.start_ms is not None or turn.id not in kept_quote_turns
    return count


def _unique(new: str, taken: set[str]) -> str:
    """`new`, or `new (2)`, `new (3)`… if a redaction made two names the same."""
    candidate, number = new, 2
    while candidate in taken:
        candidate, number = f"{new} ({number})", number + 1
    return candidate


def _renames(names: Iterable[str], redact: Redactor) -> dict[str, str]:
    """Each name whose redaction changes it -> its redacted form, kept unique among the names
    (the database holds them unique). New names never equal an old one, so renaming in any order
    breaks no unique constraint on the way."""
    names = list(dict.fromkeys(names))
    taken = set(names)
    renamed = {}
    for name in names:
        new = redact(name)
        if new != name:
            renamed[name] = _unique(new, taken)
            taken.add(renamed[name])
    return renamed


def _neutral_labels(session: Session, ev: OpenEvaluation, groups: dict[int, str]) -> list[LabelChange]:
    changes = []
    for level in ev.levels:
        prefix = t(ev.lang, f"purge.label_prefix.{level.key}")
        for group in groups_of(session, level):
            participants = participants_of(session, group)
            taken = {p.label for p in participants}
            number = 0
            for participant in participants:
                if _CODE_LABEL.fullmatch(participant.label):
                    continue
                number += 1
                while f"{prefix}{number}" in taken:
                    number += 1
                new = f"{prefix}{number}"
                taken.add(new)
                changes.append(LabelChange(participant.id, level.key, groups.get(group.id, group.name),
                                           participant.label, new))
    return changes


def _neutral_transcript_names(session: Session, ev: OpenEvaluation) -> dict[int, str]:
    names = {}
    for level in ev.levels:
        level_transcripts = [tr for tr in _transcripts(session, ev)
                             if session.get(InterviewGroup, tr.group_id).level_id == level.id]
        for number, transcript in enumerate(level_transcripts, start=1):
            suffix = Path(transcript.original_filename).suffix.lower()
            name = t(ev.lang, "purge.transcript_name", round=level.position, number=number) + (
                suffix if _PLAIN_SUFFIX.fullmatch(suffix) else "")
            if name != transcript.original_filename or transcript.stored_path:
                names[transcript.id] = name
    return names


def _generated_files(session: Session, ev: OpenEvaluation, withdrawn: set[int],
                     texts: EvaluatorTexts) -> tuple[list[Path], list[OutsideFile]]:
    """The files bikva generated that are still there, found by their checksum in the artifact
    log: those in the evaluation folder (removed) and those elsewhere (named, left alone)."""
    artifacts = list(session.exec(select(Artifact).where(Artifact.evaluation_id == ev.id).order_by(Artifact.id)))
    checksums = {artifact.checksum for artifact in artifacts}
    folder = ev.folder.resolve()
    # Not generated: the database and its copies, the evaluator's texts, the transcript copies.
    skip_folders = (folder / TRANSCRIPT_FOLDER, texts.synthesis.parent.resolve())
    inside = []
    for path in sorted(folder.rglob("*")):
        if (not path.is_file() or path == config_path(folder) or path.name.startswith(DATABASE_FILE)
                or any(path.is_relative_to(skip) for skip in skip_folders)
                or path.stat().st_size > _MAX_OUTPUT_BYTES):
            continue
        if sha256_of(path.read_bytes()) in checksums:
            inside.append(path)
    holding_withdrawn = {a.id for a in audit.artifacts_with_quotes(session, ev.id, withdrawn)}
    outside: dict[Path, OutsideFile] = {}
    for artifact in artifacts:
        path = Path(artifact.path)
        if not path.is_absolute():  # the log holds files in the folder relative to it
            continue
        path = path.resolve()
        if path.is_relative_to(folder) or not path.is_file() or path.stat().st_size > _MAX_OUTPUT_BYTES:
            continue
        if sha256_of(path.read_bytes()) == artifact.checksum:
            held = outside.get(path)
            outside[path] = OutsideFile(path, (held is not None and held.withdrawn) or artifact.id in holding_withdrawn)
    return inside, list(outside.values())


def plan_purge(session: Session, ev: OpenEvaluation, texts: EvaluatorTexts) -> PurgePlan:
    transcripts = _transcripts(session, ev)
    folder_files = sorted((ev.folder / TRANSCRIPT_FOLDER).glob("*")) if (ev.folder / TRANSCRIPT_FOLDER).is_dir() else []
    withdrawn = withdrawn_quote_ids(session, ev.id)
    kept = [q for q in quotes_of(session, ev.id, include_withdrawn=True, include_excluded=True) if q.id not in withdrawn]
    redactions = redactions_of(session, ev.id)
    pairs = [(row.text, row.placeholder) for row in redactions]
    redact = Redactor(pairs)
    groups = {}
    for level in ev.levels:
        level_groups = groups_of(session, level)
        renamed = _renames((g.name for g in level_groups), redact)
        groups.update({g.id: renamed[g.name] for g in level_groups if g.name in renamed})
    themes = _renames([item.name for item in ev.config.themes] + [th.name for th in themes_of(session, ev.id)], redact)
    inside, outside = _generated_files(session, ev, withdrawn, texts)
    plan = PurgePlan(
        files=[path for path in folder_files if path.is_file()] + _database_backups(ev),
        transcripts=len(transcripts),
        turns=_turns_to_clear(session, ev, {q.turn_id for q in kept if q.turn_id is not None}),
        identities=len(_identities(session, ev)),
        local_names=len(session.exec(select(LocalName).where(LocalName.evaluation_id == ev.id)).all()),
        redactions=len(redactions),
        withdrawn_quotes=len(withdrawn),
        quotes_kept=len(kept),
        labels=_neutral_labels(session, ev, groups),
        transcript_names=_neutral_transcript_names(session, ev),
        themes=themes,
        groups=groups,
        texts=_redacted_texts(ev, texts, redact, texts.markdown_redactor(pairs), themes) if pairs else {},
        outputs=inside,
        outside=outside,
        exports=[event.subject for event in audit.events_of(session, ev.id) if event.action == "export"],
    )
    if plan.empty:  # nothing else to do: documents made since the last purge are clean
        plan.outputs, plan.outside = [], []
    return plan


# The evaluator's files -------------------------------------------------------------------------


def _redacted_texts(ev: OpenEvaluation, texts: EvaluatorTexts, redact: Redactor, redact_markdown: Redactor,
                    themes: dict[str, str]) -> dict[Path, str]:
    """Each evaluator file the redactions change -> its new content (comments and layout kept)."""
    changed = {}
    config = config_path(ev.folder)
    # bikva.toml last: written last, so a write that fails leaves it and the codebook in step.
    candidates = [(path, redact_markdown) for path in texts.markdown]
    candidates.append((texts.synthesis, lambda text: _redacted_synthesis(text, redact, themes, texts.synthesis)))
    candidates.append((config, lambda text: _redacted_config(text, redact, themes, config)))
    for path, rewrite in candidates:
        if not path.is_file():
            continue
        try:
            before = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise BikvaError("config.invalid", file=str(path), detail=f"UTF-8: {exc.reason}") from None
        after = rewrite(before)
        if after != before:
            changed[path] = after
    return changed


def _parse_toml(text: str, path: Path) -> tomlkit.TOMLDocument:
    try:
        return tomlkit.parse(text)
    except tomlkit.exceptions.TOMLKitError as exc:
        raise BikvaError("config.invalid", file=str(path), detail=str(exc)) from None


def _redact_comments(item: object, redact: Redactor) -> None:
    """Comments are the evaluator's words too."""
    if isinstance(item, toml_items.Whitespace) or not isinstance(item, toml_items.Item):
        return
    if item.trivia.comment:
        item.trivia.comment = redact(item.trivia.comment)
    if isinstance(item, (toml_items.Table, toml_items.InlineTable)):
        for _key, value in item.value.body:
            _redact_comments(value, redact)
    elif isinstance(item, toml_items.AoT):
        for table in item.body:
            _redact_comments(table, redact)
    elif isinstance(item, toml_items.Array):
        for group in item._value:  # tomlkit keeps an array's comments only here
            for part in (getattr(group, "value", None), getattr(group, "comment", None)):
                _redact_comments(part, redact)


def _redact_values(table, redact: Callable[[str, str], str]) -> None:
    """Every string value, through `redact(key, value)`; layout kept where nothing changes."""
    for key in list(table.keys()):
        value = table[key]
        if isinstance(value, str):
            new = redact(key, value)
            if new != value:
                multiline = isinstance(value, toml_items.String) and value.type.is_multiline()
                table[key] = tomlkit.string(new, multiline=multiline)
        elif isinstance(value, toml_items.AoT):
            for item in value:
                _redact_values(item, redact)
        elif isinstance(value, list):
            for index, element in enumerate(value):
                if isinstance(element, str) and redact(key, element) != element:
                    value[index] = redact(key, element)
        elif isinstance(value, dict):
            _redact_values(value, redact)


def _redacted_config(text: str, redact: Redactor, themes: dict[str, str], path: Path) -> str:
    document = _parse_toml(text, path)
    for _key, item in document.body:
        _redact_comments(item, redact)

    def value(key: str, text: str) -> str:
        if key in ("evaluation_id", "first_round"):  # an id and a keyword, not words
            return text
        if key in ("name", "parent"):  # [[themes]]: the same new name as in the database
            return themes.get(text.strip(), redact(text))
        return redact(text)

    _redact_values(document, value)
    return tomlkit.dumps(document)


def _redacted_synthesis(text: str, redact: Redactor, themes: dict[str, str], path: Path) -> str:
    """report/synthesis.toml: its tables are named by theme, as the codebook now names them."""
    source = _parse_toml(text, path)
    document = tomlkit.document()
    for key, item in source.body:
        _redact_comments(item, redact)
        if key is None:
            document.add(item)
            continue
        if isinstance(item, dict):
            _redact_values(item, lambda k, v: v if k == "agreement" else redact(v))
        elif isinstance(item, str):
            item = redact(item)
        name = key.key.strip()
        document.append(tomlkit.key(themes.get(name, redact(key.key))), item)
    return tomlkit.dumps(document)


# The audit trail -----------------------------------------------------------------------------


class _Scrubber:
    """Rewrites the audit trail's subjects and details: whole values it knows (a participant's
    subject, a file name) by their neutral form, the rest through the redactions, the replaced
    file names and the replaced labels."""

    def __init__(self, exact: dict[str, str], pairs: list[tuple[str, str]]) -> None:
        self._exact = exact
        self._redact = Redactor(pairs)

    def __call__(self, value: object) -> object:
        if isinstance(value, str):
            return self._exact[value] if value in self._exact else self._redact(value)
        if isinstance(value, list):
            return [self(item) for item in value]
        if isinstance(value, dict):
            return {key: self(item) for key, item in value.items()}
        return value


def _scrubber(session: Session, ev: OpenEvaluation, plan: PurgePlan, pairs: list[tuple[str, str]]) -> _Scrubber:
    exact: dict[str, str] = {}
    pairs = list(pairs)
    for transcript in _transcripts(session, ev):
        new = plan.transcript_names.get(transcript.id)
        if new is not None:
            exact[transcript.original_filename] = new
            pairs.append((transcript.original_filename, new))
            if transcript.stored_path:
                exact[transcript.stored_path] = new
                pairs.append((transcript.stored_path, new))
    labels = {change.participant_id: change.new for change in plan.labels}
    for level in ev.levels:
        for group in groups_of(session, level):
            for participant in participants_of(session, group):
                exact[f"{level.key}/{group.name}/{participant.label}"] = (
                    f"{level.key}/{plan.groups.get(group.id, group.name)}/{labels.get(participant.id, participant.label)}")
    # Elsewhere (a withdrawal's subject names the level as it was typed) a replaced label is
    # replaced wherever it stands; a label two participants shared says only "participant".
    by_label: dict[str, set[str]] = {}
    for change in plan.labels:
        by_label.setdefault(change.old, set()).add(change.new)
    generic = t(ev.lang, "purge.someone")
    pairs += [(old, next(iter(new)) if len(new) == 1 else generic) for old, new in by_label.items()]
    return _Scrubber(exact, pairs)


def _rewrite_audit_trail(session: Session, ev: OpenEvaluation, scrub: _Scrubber) -> int:
    changed = 0
    for event in audit.events_of(session, ev.id):
        subject = scrub(event.subject)
        details = json.dumps(scrub(json.loads(event.details)), ensure_ascii=False, default=str, sort_keys=True)
        if (subject, details) != (event.subject, event.details):
            event.subject, event.details = subject, details
            changed += 1
    for artifact in session.exec(select(Artifact).where(Artifact.evaluation_id == ev.id)):
        artifact.path = scrub(artifact.path)
    return changed


# Carrying it out -------------------------------------------------------------------------------


def purge(session: Session, ev: OpenEvaluation, plan: PurgePlan) -> list[Path]:
    """Carry out the plan in the caller's transaction and write the evaluator's redacted files;
    returns the files to delete once the transaction is committed."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    if sqlite:  # deleted rows are overwritten with zeros, not just marked free
        secure_delete = session.connection().exec_driver_sql("PRAGMA secure_delete").scalar()
        session.connection().exec_driver_sql("PRAGMA secure_delete = ON")
    pairs = [(row.text, row.placeholder) for row in redactions_of(session, ev.id)]
    redact = Redactor(pairs)
    scrub = _scrubber(session, ev, plan, pairs)  # before labels and file names change

    withdrawn = withdrawn_quote_ids(session, ev.id)
    for quote in session.exec(select(Quote).where(Quote.responds_to_id.in_(withdrawn))):
        quote.responds_to_id = None
    for quote_id in withdrawn:
        for carry in session.exec(select(QuoteCarry).where(QuoteCarry.quote_id == quote_id)):
            session.delete(carry)
        # The group statement it backed stays (the group's wording); only the link goes.
        for link in session.exec(select(StatementSupport).where(StatementSupport.quote_id == quote_id)):
            session.delete(link)
        session.delete(session.get(Quote, quote_id))
    session.flush()

    kept = quotes_of(session, ev.id, include_withdrawn=True, include_excluded=True)
    for quote in kept:
        quote.text = redact(quote.text)
        quote.rationale = redact(quote.rationale)
    _clear_turns(session, ev, plan, {q.turn_id for q in kept if q.turn_id is not None})
    _redact_rows(session, ev, plan, pairs)
    for identity in _identities(session, ev):
        session.delete(identity)
    for row in session.exec(select(LocalName).where(LocalName.evaluation_id == ev.id)):
        session.delete(row)
    for row in redactions_of(session, ev.id):
        session.delete(row)
    session.flush()
    events = _rewrite_audit_trail(session, ev, scrub)
    audit.record(
        session, ev.id, "purge", "",
        files=len(plan.files), turns=plan.turns, identities=plan.identities, local_names=plan.local_names,
        redactions=plan.redactions, withdrawn_quotes=plan.withdrawn_quotes, quotes_kept=plan.quotes_kept,
        labels_replaced=len(plan.labels), transcripts_renamed=len(plan.transcript_names),
        texts_redacted=len(plan.texts), events_rewritten=events, documents_removed=len(plan.outputs),
        documents_outside=len(plan.outside),
    )
    session.flush()
    if sqlite:  # the connection goes back to the pool as it came
        session.connection().exec_driver_sql(f"PRAGMA secure_delete = {int(bool(secure_delete))}")
    # Last, so that only the commit is left to fail: if it does, the redaction list is still
    # there and the purge can simply be run again.
    for path, text in plan.texts.items():
        write_atomic(path, text)
    return plan.files + plan.outputs


def _clear_turns(session: Session, ev: OpenEvaluation, plan: PurgePlan, kept_turns: set[int]) -> None:
    """Delete the transcript text. A turn a kept quote points at stays as an empty row: the
    link from the quote to the participant, which a later withdrawal follows."""
    labels = {change.participant_id: change.new for change in plan.labels}
    for transcript in _transcripts(session, ev):
        for turn in session.exec(select(Turn).where(Turn.transcript_id == transcript.id)):
            if turn.id not in kept_turns:
                session.delete(turn)
                continue
            participant = session.get(Participant, turn.participant_id) if turn.participant_id else None
            turn.text, turn.start_ms, turn.end_ms = "", None, None
            turn.speaker = labels.get(participant.id, participant.label) if participant else ""
        if transcript.id in plan.transcript_names:
            transcript.original_filename = plan.transcript_names[transcript.id]
        transcript.stored_path = ""
    session.flush()


def _redact_rows(session: Session, ev: OpenEvaluation, plan: PurgePlan, pairs: list[tuple[str, str]]) -> None:
    """The kept texts that documents print, written through the redactions."""
    redact = Redactor(pairs)
    ev.evaluation.title = redact(ev.evaluation.title)
    # The attribution format is filled in with str.format: a placeholder's braces stay text.
    ev.evaluation.attribution_format = Redactor(
        (text, placeholder.replace("{", "{{").replace("}", "}}")) for text, placeholder in pairs
    )(ev.evaluation.attribution_format)
    labels = {change.participant_id: change.new for change in plan.labels}
    for level in ev.levels:
        for group in groups_of(session, level):
            group.name = plan.groups.get(group.id, group.name)
            group.place, group.exclusion_reason = redact(group.place), redact(group.exclusion_reason)
            for participant in participants_of(session, group):
                participant.label = labels.get(participant.id, participant.label)
                participant.role, participant.unit = redact(participant.role), redact(participant.unit)
                participant.consent_version = redact(participant.consent_version)
    for theme in themes_of(session, ev.id):
        theme.name = plan.themes.get(theme.name, theme.name)
        theme.description = redact(theme.description)
    session.flush()


# After the commit --------------------------------------------------------------------------------


def delete_files(paths: list[Path], folder: Path) -> None:
    for path in paths:
        path.unlink(missing_ok=True)
    # Folders the removed documents leave empty (a set of materials in output/); the folder's
    # own folders (output/, transcripts/) stay.
    top = folder.resolve()
    for directory in sorted({p.parent.resolve() for p in paths}, key=lambda p: -len(p.parts)):
        while directory.is_relative_to(top) and len(directory.relative_to(top).parts) >= 2:
            try:
                directory.rmdir()
            except OSError:  # not empty, or not there
                break
            directory = directory.parent


def compact(folder: Path) -> str:
    """Rebuild the SQLite file without the pages the deleted rows were on ("done"); "failed" if
    SQLite could not (the deleted rows are zeroed all the same); "server" for PostgreSQL, whose
    files only the server's administrator can compact."""
    database = sqlite_database_file(database_url(folder)) if uses_sqlite_file(folder) else None
    if database is None:
        return "server"
    try:
        connection = sqlite3.connect(database, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            connection.execute("VACUUM")  # outside any transaction, as VACUUM must be
        finally:
            connection.close()
    except sqlite3.Error:
        return "failed"
    return "done"
