"""The quotes as a spreadsheet (`bikva quote list --format csv|xlsx`), for those who analyse in one.

One row per quote, the evaluator's register: number, level, round, group, theme, kind, the
anonymous attribution the guides print, the text, the rationale, the statement it reacts to and
the levels it is carried to. Never a speaker label or a name: the file leaves the evaluation
folder, so every text passes through the study's redactions, as in the report's register.
Column headings come from the catalogue (`quote_table.column.*`), in the evaluation's language.
"""

from __future__ import annotations

import csv
import io

from sqlmodel import Session

from bikva.documents.presentation import attribution
from bikva.i18n import t
from bikva.selection.quotes import quote_rows
from bikva.selection.redaction import redactor_for
from bikva.store.evaluation import OpenEvaluation
from bikva.store.queries import quotes_of
from models.interview_group import InterviewGroup
from models.transcript import Transcript

COLUMNS = ("number", "level", "round", "group", "theme", "kind", "attribution", "text", "rationale",
           "responds_to", "responds_to_text", "carried_to")


def table_rows(session: Session, ev: OpenEvaluation, lang: str, level: str | None = None) -> list[list[object]]:
    """The rows under `headings(lang)`: numbers as numbers, the rest as redacted text."""
    redact = redactor_for(session, ev.id)
    quotes = {q.id: q for q in quotes_of(session, ev.id, include_excluded=True)}
    levels = {l.key: l for l in ev.levels}
    result = []
    for row in quote_rows(session, ev, level):
        quote = quotes[row["id"]]
        group_id = quote.group_id
        if quote.transcript_id is not None:
            transcript = session.get(Transcript, quote.transcript_id)
            group_id = transcript.group_id if transcript else group_id
        group = session.get(InterviewGroup, group_id) if group_id is not None else None
        reacts = quotes.get(row["responds_to"]) if row["responds_to"] else None
        kind = "written_advice" if row["written"] else row["kind"]
        result.append([
            row["id"],
            t(lang, f"level.{row['level']}.name"),
            row["round"],
            redact(group.name) if group else "",
            redact(row["theme"]),
            t(lang, f"cli.quote.kind.{kind}"),
            attribution(ev, session, quote, levels[row["level"]], redact),
            redact(row["text"]),
            redact(row["rationale"]),
            row["responds_to"] or "",
            redact(reacts.text) if reacts else "",
            ", ".join(t(lang, f"level.{key}.name") for key in row["carried_to"]),
        ])
    return result


def headings(lang: str) -> list[str]:
    return [t(lang, f"quote_table.column.{column}") for column in COLUMNS]


def as_csv(lang: str, rows: list[list[object]]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens the Danish letters right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headings(lang))
    writer.writerows([[_not_a_formula(cell) for cell in row] for row in rows])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _not_a_formula(cell: object) -> object:
    """A text a spreadsheet would run as a formula ("=HYPERLINK(...)" typed into a rationale)
    gets an apostrophe in front, as spreadsheets themselves mark text (OWASP's advice for CSV)."""
    if isinstance(cell, str) and cell.startswith(("=", "+", "@", "\t", "\r")):
        return "'" + cell
    return cell


def as_xlsx(lang: str, rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = t(lang, "quote_table.sheet")
    sheet.append(headings(lang))
    for row in rows:
        # A text starting with = would be a formula in the spreadsheet: kept as text.
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", cell) if isinstance(cell, str) else cell for cell in row])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_table(session: Session, ev: OpenEvaluation, path, data: bytes, *, force: bool = False) -> None:
    """Write the sheet where bikva may write (never over the evaluation's own files, over a file
    it did not write only with `force`) and log it with the quotes it holds."""
    from bikva.protection.targets import check_target, destination
    from bikva.store import audit
    from bikva.store.files import write_atomic

    check_target(session, ev.id, ev.folder, path, force=force)
    write_atomic(destination(path), data)
    audit.record_artifact(session, ev.id, folder=ev.folder, kind="quote_table", path=destination(path), content=data,
                          quote_ids={q.id for q in quotes_of(session, ev.id, include_excluded=True)})
