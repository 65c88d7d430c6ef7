"""`bikva export-qdpx`: the study as a REFI-QDA project for NVivo, ATLAS.ti, MAXQDA or QualCoder.

What goes where:
- each transcript is a TextSource, its text the turns one after another, `LABEL: text`, a blank
  line between turns (the form bikva's own text importer reads back into the same turns);
- the codebook's themes are Codes, nested as in bikva.toml; good advice has a code of its own,
  and so has each group statement (under one parent code), with the quotes that back it coded
  with it; written advice, in no transcript, is a code of its own under the advice code;
- each quote from a turn is a PlainTextSelection at its code-point offsets in that text, coded
  with its theme (and the advice code), with a Note holding its rationale; a reaction is a Link
  from the reaction to what it answers;
- each level and each interview group is a Case with the Variables level, round and group, and
  the sources said there; each transcript carries its interviewer labels as a variable;
- the quotes carried to a level are a Set of their notes (a Set cannot hold selections), its
  description the level's key.
GUIDs are uuid5 of the evaluation's uid and the object (bikva.exchange.guids), the ZIP has fixed
dates and order, and no time stamps are written: exporting twice gives the same bytes. The
project is checked against the published schema before it is written.

Speaker labels are the study's codes and pseudonyms; a label that is a participant's real name
(kept with `import --keep-labels`) is refused, since the file leaves the evaluation folder.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from sqlmodel import Session, select

from bikva.errors import BikvaError
from bikva.exchange.guids import guid
from bikva.exchange.qdpx_read import NS
from bikva.exchange.qdpx_schema import schema_errors
from bikva.i18n import t
from bikva.intake.importers.model import UNKNOWN_SPEAKER
from bikva.protection.targets import check_target, destination
from bikva.store import audit
from bikva.store.evaluation import OpenEvaluation
from bikva.store.files import printable, write_atomic
from bikva.store.queries import carries_of, quotes_of, themes_of
from models.interview_group import InterviewGroup
from models.participant import Participant
from models.participant_identity import ParticipantIdentity
from models.quote import Quote, QuoteKind
from models.statement_support import StatementSupport
from models.transcript import Transcript
from models.turn import Turn

ORIGIN = "bikva"
# How an unnamed speaker's turn is written: a label the text importer reads as "unknown".
UNKNOWN_LABEL = "Unknown Speaker"
VARIABLES = ("level", "round", "group", "interviewer")
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass
class SourceLayout:
    """A transcript as exported: its text and where each turn's text starts in it."""

    text: str
    turn_start: dict[int, int]  # turn id -> code-point offset of its text


def source_layout(turns: list[Turn]) -> SourceLayout:
    pieces: list[str] = []
    starts: dict[int, int] = {}
    position = 0
    for index, turn in enumerate(turns):
        head = ("\n\n" if index else "") + f"{UNKNOWN_LABEL if turn.speaker == UNKNOWN_SPEAKER else turn.speaker}: "
        starts[turn.id] = position + len(head)
        pieces.append(head + turn.text)
        position += len(head) + len(turn.text)
    return SourceLayout("".join(pieces) + "\n", starts)


class _Builder:
    def __init__(self, session: Session, ev: OpenEvaluation) -> None:
        self.session, self.ev = session, ev
        self.uid = ev.evaluation.uid
        self.lang = ev.lang
        self.sources: dict[str, str] = {}  # GUID -> text

    def g(self, kind: str, *parts: object) -> str:
        return guid(self.uid, kind, *parts)

    def el(self, parent: etree._Element, tag: str, **attributes: object) -> etree._Element:
        return etree.SubElement(parent, f"{{{NS}}}{tag}", {k: str(v) for k, v in attributes.items() if v is not None})

    def build(self) -> bytes:
        session, ev = self.session, self.ev
        levels = {level.id: level for level in ev.levels}
        groups = list(session.exec(select(InterviewGroup).where(InterviewGroup.level_id.in_(list(levels)))
                                   .order_by(InterviewGroup.level_id, InterviewGroup.id)))
        transcripts = {group.id: list(session.exec(select(Transcript).where(Transcript.group_id == group.id)
                                                   .order_by(Transcript.id))) for group in groups}
        quotes = quotes_of(session, ev.id, include_excluded=True)
        carries = carries_of(session, ev.id)
        themes = themes_of(session, ev.id)
        support: dict[int, list[int]] = {}
        for link in session.exec(select(StatementSupport).order_by(StatementSupport.statement_id, StatementSupport.quote_id)):
            support.setdefault(link.quote_id, []).append(link.statement_id)
        statements = [q for q in quotes if q.kind == QuoteKind.GROUP_STATEMENT]
        written = [q for q in quotes if q.kind == QuoteKind.ADVICE and q.turn_id is None]
        said = [q for q in quotes if q.turn_id is not None]

        root = etree.Element(f"{{{NS}}}Project", nsmap={None: NS},
                             attrib={"name": ev.evaluation.title or self.uid, "origin": ORIGIN})
        # --- codes
        codes = self.el(self.el(root, "CodeBook"), "Codes")
        children: dict[int | None, list] = {}
        for theme in themes:
            children.setdefault(theme.parent_id, []).append(theme)

        def add_themes(parent: etree._Element, parent_id: int | None) -> None:
            for theme in children.get(parent_id, []):
                code = self.el(parent, "Code", guid=self.g("theme", theme.name), name=theme.name, isCodable="true")
                if theme.description:
                    self.el(code, "Description").text = theme.description
                add_themes(code, theme.id)

        add_themes(codes, None)
        advice = self.el(codes, "Code", guid=self.g("code", "advice"), name=t(self.lang, "exchange.code.advice"),
                         isCodable="true")
        for quote in written:
            code = self.el(advice, "Code", guid=self.g("advice", quote.id), isCodable="true",
                           name=t(self.lang, "exchange.code.written_advice", id=quote.id))
            self.el(code, "Description").text = quote.text
        if statements:
            parent = self.el(codes, "Code", guid=self.g("code", "statements"), isCodable="false",
                             name=t(self.lang, "exchange.code.statements"))
            for quote in statements:
                code = self.el(parent, "Code", guid=self.g("statement", quote.id), isCodable="true",
                               name=t(self.lang, "exchange.code.statement", id=quote.id))
                self.el(code, "Description").text = quote.text
        # --- variables and cases
        variables = self.el(root, "Variables")
        for name in VARIABLES:
            self.el(variables, "Variable", guid=self.g("variable", name), name=name,
                    typeOfVariable="Integer" if name == "round" else "Text")
        cases = self.el(root, "Cases")
        for level in ev.levels:
            case = self.el(cases, "Case", guid=self.g("level", level.key),
                           name=f"R{level.position} {t(self.lang, f'level.{level.key}.name')}")
            self._values(case, level=level.key, round=level.position)
            for group in groups:
                if group.level_id == level.id:
                    for transcript in transcripts[group.id]:
                        self.el(case, "SourceRef", targetGUID=self.g("transcript", transcript.id))
        for group in groups:
            level = levels[group.level_id]
            case = self.el(cases, "Case", guid=self.g("group", level.key, group.name),
                           name=f"R{level.position} {group.name}")
            self._values(case, level=level.key, round=level.position, group=group.name)
            for transcript in transcripts[group.id]:
                self.el(case, "SourceRef", targetGUID=self.g("transcript", transcript.id))
        # --- sources, selections, codings
        by_turn: dict[int, list[Quote]] = {}
        for quote in said:
            by_turn.setdefault(quote.turn_id, []).append(quote)
        sources = self.el(root, "Sources")
        for group in groups:
            for transcript in transcripts[group.id]:
                turns = list(session.exec(select(Turn).where(Turn.transcript_id == transcript.id).order_by(Turn.position)))
                self._refuse_real_names(group, transcript, turns)
                layout = source_layout(turns)
                source_guid = self.g("transcript", transcript.id)
                self.sources[source_guid] = layout.text
                source = self.el(sources, "TextSource", guid=source_guid, name=transcript.original_filename,
                                 plainTextPath=f"internal://{source_guid}.txt")
                for turn in turns:
                    for quote in sorted(by_turn.get(turn.id, []), key=lambda q: (q.start, q.id)):
                        self._selection(source, quote, layout.turn_start[turn.id], support.get(quote.id, []))
                interviewers = list(dict.fromkeys(turn.speaker for turn in turns if turn.is_interviewer))
                self._values(source, interviewer="; ".join(interviewers))
        if not len(sources):
            root.remove(sources)
        # --- notes: each quote's rationale (and each statement's and written advice's)
        notes = self.el(root, "Notes")
        for quote in quotes:
            note = self.el(notes, "Note", guid=self.g("note", quote.id),
                           name=t(self.lang, "exchange.note", id=quote.id))
            self.el(note, "PlainTextContent").text = quote.rationale
        if not len(notes):
            root.remove(notes)
        # --- links: a reaction to what it answers
        reactions = [q for q in quotes if q.responds_to_id is not None]
        if reactions:
            links = self.el(root, "Links")
            for quote in reactions:
                self.el(links, "Link", guid=self.g("link", quote.id), name=t(self.lang, "exchange.link.reacts"),
                        direction="OneWay", originGUID=self._object(quote), targetGUID=self._object_id(quote.responds_to_id, quotes))
        # --- sets: what each level is shown
        shown = [(level, [q for q in quotes if level.id in carries.get(q.id, ())]) for level in ev.levels]
        shown = [(level, members) for level, members in shown if members]
        if shown:
            sets = self.el(root, "Sets")
            for level, members in shown:
                carried = self.el(sets, "Set", guid=self.g("carried", level.key),
                                  name=t(self.lang, "exchange.set.carried", level=t(self.lang, f"level.{level.key}.name")))
                self.el(carried, "Description").text = level.key
                for quote in members:
                    self.el(carried, "MemberNote", targetGUID=self.g("note", quote.id))
        return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)

    def _values(self, parent: etree._Element, **values: object) -> None:
        for name, value in values.items():
            holder = self.el(parent, "VariableValue")
            self.el(holder, "VariableRef", targetGUID=self.g("variable", name))
            self.el(holder, "IntegerValue" if name == "round" else "TextValue").text = str(value)

    def _selection(self, source: etree._Element, quote: Quote, offset: int, statements: list[int]) -> None:
        selection = self.el(source, "PlainTextSelection", guid=self.g("quote", quote.id), name=quote.text,
                            startPosition=offset + quote.start, endPosition=offset + quote.end)
        targets = []
        if quote.theme_id is not None:
            theme = next(theme for theme in themes_of(self.session, self.ev.id) if theme.id == quote.theme_id)
            targets.append(self.g("theme", theme.name))
        if quote.kind == QuoteKind.ADVICE:
            targets.append(self.g("code", "advice"))
        targets += [self.g("statement", statement) for statement in statements]
        for target in targets:
            coding = self.el(selection, "Coding", guid=self.g("coding", quote.id, target))
            self.el(coding, "CodeRef", targetGUID=target)
        self.el(selection, "NoteRef", targetGUID=self.g("note", quote.id))

    def _object(self, quote: Quote) -> str:
        if quote.kind == QuoteKind.GROUP_STATEMENT:
            return self.g("statement", quote.id)
        return self.g("quote", quote.id) if quote.turn_id is not None else self.g("advice", quote.id)

    def _object_id(self, quote_id: int, quotes: list[Quote]) -> str:
        found = next((q for q in quotes if q.id == quote_id), None)
        return self._object(found) if found is not None else self.g("quote", quote_id)

    def _refuse_real_names(self, group: InterviewGroup, transcript: Transcript, turns: list[Turn]) -> None:
        names = {name.casefold() for name in self.session.exec(
            select(ParticipantIdentity.real_name).join(Participant, ParticipantIdentity.participant_id == Participant.id)
            .where(Participant.group_id == group.id))}
        for turn in turns:
            if turn.speaker.casefold() in names:
                raise BikvaError("exchange.real_name_label", file=printable(transcript.original_filename),
                                 id=transcript.id, label=turn.speaker)


def build_qdpx(session: Session, ev: OpenEvaluation) -> tuple[bytes, int]:
    """The project as the bytes of a `.qdpx`, and how many quotes it holds."""
    builder = _Builder(session, ev)
    document = builder.build()
    errors = schema_errors(document)
    if errors:  # a defect in bikva, never the evaluator's doing: say where
        raise BikvaError("exchange.invalid_export", error=errors[0])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        members = [("project.qde", document)] + [(f"sources/{g}.txt", text.encode("utf-8"))
                                                  for g, text in builder.sources.items()]
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    count = len(quotes_of(session, ev.id, include_excluded=True))
    return buffer.getvalue(), count


def export_qdpx(session: Session, ev: OpenEvaluation, path: Path, *, force: bool = False) -> int:
    """Write the `.qdpx` (refusing the evaluation's own files, and a file bikva did not write
    unless `force`), log it as an artifact; the number of quotes in it."""
    check_target(session, ev.id, ev.folder, path, force=force)
    data, count = build_qdpx(session, ev)
    write_atomic(destination(path), data)
    ids = {q.id for q in quotes_of(session, ev.id, include_excluded=True)}
    audit.record_artifact(session, ev.id, folder=ev.folder, kind="qdpx", path=destination(path), content=data,
                          quote_ids=ids)
    return count
