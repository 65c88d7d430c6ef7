"""Transcripts and quotes for the evaluator: the list, the reader, making a quote by selecting it.

The reader shows each turn with its speaker (the interviewer's set apart) and the quotes already
made highlighted at their stored offsets. A passage selected with the mouse arrives as UTF-16
offsets into one turn's text (templates/web/static/reader.js), converted to code points here
(bikva/web/offsets.py). A keyboard user picks the turn ("Quote from this turn") and types or
pastes the passage, which is then looked for in that turn first; a passage typed without a turn
is found as `bikva quote add --text` finds it. Either way the quote is made by the same
`add_quote` as the command line. The form posts as any form does; reader.js sends it with
`Accept: application/json` instead and gets the changed pieces of the page back to put in place
(no reload). Beside the text, on demand, the recurrence suggestions of `bikva quote suggest`
that include passages of this transcript. Interviewers and commissioners never see transcripts
or quotes (403).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse
from sqlmodel import select
from starlette.responses import Response

from bikva.errors import BikvaError
from bikva.i18n import t
from bikva.intake.groups import find_transcript
from bikva.intake.passages import find_passage
from bikva.intake.speakers import turns_of
from bikva.intake.transcripts import transcript_rows
from bikva.selection.quotes import QuoteRequest, add_quote, carry_targets, quote_rows, storable_id
from bikva.selection.recurrence import level_suggestions
from bikva.selection.themes import add_theme, find_theme
from bikva.store.queries import carries_of, quotes_of, shown_to, themes_of
from bikva.web.accounts import Visitor
from bikva.web.auth import require
from bikva.web.evaluation import opened
from bikva.web.nav import NavItem
from bikva.web.offsets import code_point_offset, segments, utf16_offset
from bikva.web.pages import error_text, fragment, language, redirect, render
from models.quote import STATEMENT_KINDS, Quote, QuoteKind
from models.turn import Turn
from models.web_account import Role

router = APIRouter()
NAV = [NavItem("/transcripts", "web.nav.transcripts", (Role.EVALUATOR,), order=10)]
TONES = ("critical", "positive", "open")
FIELDS = ("turn", "start", "end", "passage", "theme", "new_theme", "tone", "prompts", "rationale", "responds_to",
          "advice", "level")
# The pieces reader.js replaces after saving (macros of templates/web/_reader.html.j2).
TURN_PIECE = '{% from "_reader.html.j2" import turn_text with context %}{{ turn_text(turn) }}'
LIST_PIECE = '{% from "_reader.html.j2" import quote_list with context %}{{ quote_list(quotes) }}'
SUGGESTIONS_PIECE = ('{% from "_reader.html.j2" import suggestions_section with context %}'
                     '{{ suggestions_section(transcript_id, suggestions) }}')


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


@router.get("/transcripts")
def transcript_list(request: Request, level: str = "", visitor: Visitor = require(Role.EVALUATOR)) -> Response:
    lang = language(request)
    with opened(request) as (session, ev):
        rows = transcript_rows(session, ev, level or None)
    for row in rows:
        row["level_name"] = t(lang, f"level.{row['level']}.name")
    return render(request, "transcripts.html.j2", rows=rows)


def _turn_view(turn: Turn, quotes: list[Quote]) -> dict:
    spans = [(q.id, q.start, q.end) for q in quotes if q.turn_id == turn.id and q.start is not None]
    return {"id": turn.id, "position": turn.position, "speaker": turn.speaker, "interviewer": turn.is_interviewer,
            "segments": segments(turn.text, spans)}


def _quote_views(session, ev, quotes: list[Quote], lang: str) -> list[dict]:
    """This transcript's quotes as the reader lists them (those that may still travel: not a
    withdrawn participant's, as `bikva quote list`)."""
    listed = {q.id for q in quotes_of(session, ev.id, include_excluded=True)}
    themes = {theme.id: theme.name for theme in themes_of(session, ev.id)}
    carries = carries_of(session, ev.id)
    return [{"id": q.id, "theme": themes.get(q.theme_id, ""), "text": q.text,
             "carried_names": [t(lang, f"level.{l.key}.name") for l in ev.levels if l.id in carries.get(q.id, ())]}
            for q in quotes if q.id in listed]


def _suggestions(session, ev, level_key: str, transcript_id: int, turns: list[Turn]) -> list[dict]:
    """`bikva quote suggest` for the transcript's level: the groups with a passage of this
    transcript; those passages carry their turn and browser offsets, to be put in the form."""
    by_position = {turn.position: turn for turn in turns}
    found = level_suggestions(session, ev, level_key)
    shown = []
    for suggestion in found.suggestions:
        if not any(p.transcript_id == transcript_id for p in suggestion.passages):
            continue
        passages = []
        for p in suggestion.passages:
            row = {"text": p.text, "here": p.transcript_id == transcript_id, "transcript": p.transcript,
                   "group": p.group, "position": p.turn, "selected": p.selected}
            if row["here"]:
                turn = by_position[p.turn]
                row |= {"turn": turn.id, "start": utf16_offset(turn.text, p.start), "end": utf16_offset(turn.text, p.end)}
            passages.append(row)
        passages.sort(key=lambda row: not row["here"])  # this transcript's first
        shown.append({"informants": suggestion.informants, "groups": suggestion.groups, "words": suggestion.words,
                      "passages": passages})
    return shown


def _prefill(turns: list[Turn], turn: str, start: str, end: str) -> dict:
    """The form as a link asked for it (`?turn=ID` chosen for typing; with `start`/`end` a
    passage of it, from a suggestion): works without the script too."""
    chosen = next((t_ for t_ in turns if turn.isdigit() and t_.id == int(turn) and not t_.is_interviewer), None)
    if chosen is None:
        return {}
    form = {"turn": str(chosen.id), "chosen_position": chosen.position, "chosen_speaker": chosen.speaker}
    if start.isdigit() and end.isdigit():
        try:
            begin, finish = code_point_offset(chosen.text, int(start)), code_point_offset(chosen.text, int(end))
        except BikvaError:
            return form
        if begin < finish:
            form |= {"start": start, "end": end, "passage": chosen.text[begin:finish]}
    return form


def _reader(request: Request, transcript_id: int, *, form: dict | None = None, error: str | None = None,
            status: int = 200, suggest: bool = False, prefill: tuple[str, str, str] = ("", "", "")) -> Response:
    lang = language(request)
    with opened(request) as (session, ev):
        transcript, group, level = find_transcript(session, ev, transcript_id)
        quotes = list(session.exec(select(Quote).where(Quote.transcript_id == transcript.id).order_by(Quote.id)))
        turn_rows = turns_of(session, transcript)
        turns = [_turn_view(turn, quotes) for turn in turn_rows]
        own = _quote_views(session, ev, quotes, lang)
        themes = [theme.name for theme in themes_of(session, ev.id)]
        carried_in = [(q.id, q.text) for q in shown_to(session, ev.id, level) if q.kind in STATEMENT_KINDS]
        above = [(l.key, t(lang, f"level.{l.key}.name")) for l in ev.levels if l.position > level.position]
        # The boxes checked at first are what `bikva quote add` does without --carry-to.
        defaults = {kind: [l.key for l in carry_targets(ev, level, kind, None)]
                    for kind in (QuoteKind.STATEMENT, QuoteKind.ADVICE)}
        suggestions = _suggestions(session, ev, level.key, transcript.id, turn_rows) if suggest else None
        level_key, level_name, group_name = level.key, t(lang, f"level.{level.key}.name"), group.name
        file = transcript.original_filename
        asked = _prefill(turn_rows, *prefill) if form is None else {}
    return render(request, "reader.html.j2", status=status, transcript_id=transcript_id, file=file,
                  level_key=level_key, level_name=level_name, group_name=group_name, turns=turns, quotes=own,
                  themes=themes, carried_in=carried_in, above=above, tones=TONES,
                  carry_statement=defaults[QuoteKind.STATEMENT], carry_advice=defaults[QuoteKind.ADVICE],
                  suggestions=suggestions,
                  form=dict.fromkeys(FIELDS, "") | {"carry_to": None} | asked | (form or {}), error=error)


@router.get("/transcripts/{transcript_id}")
def reader(request: Request, transcript_id: int, suggestions: str = "", turn: str = "", start: str = "",
           end: str = "", visitor: Visitor = require(Role.EVALUATOR)) -> Response:
    return _reader(request, transcript_id, suggest=bool(suggestions), prefill=(turn, start, end))


@router.get("/transcripts/{transcript_id}/suggestions")
def suggestions_piece(request: Request, transcript_id: int, visitor: Visitor = require(Role.EVALUATOR)) -> Response:
    """The suggestions section alone, for reader.js to put in place of its "Show" link."""
    with opened(request) as (session, ev):
        transcript, _group, level = find_transcript(session, ev, transcript_id)
        found = _suggestions(session, ev, level.key, transcript.id, turns_of(session, transcript))
    return HTMLResponse(fragment(request, SUGGESTIONS_PIECE, transcript_id=transcript_id, suggestions=found))


def _place(session, turn_id: str, start: str, end: str, passage: str) -> tuple[int, int, int] | None:
    """Where in the transcript the passage is, in code points: the mouse selection's offsets;
    or a typed passage found exactly once in the turn the keyboard user chose; otherwise None,
    and the passage is looked for in the whole level, as the command line does."""
    if not turn_id.isdigit() or not storable_id(int(turn_id)):
        return None
    turn = session.get(Turn, int(turn_id))
    if turn is None:
        return None
    if start.isdigit() and end.isdigit():
        return turn.id, code_point_offset(turn.text, int(start)), code_point_offset(turn.text, int(end))
    matches = find_passage(passage, [turn]) if passage.strip() else []
    return (turn.id, matches[0].start, matches[0].end) if len(matches) == 1 else None


@router.post("/transcripts/{transcript_id}/quotes")
async def make_quote(request: Request, transcript_id: int, visitor: Visitor = require(Role.EVALUATOR)) -> Response:
    from starlette.concurrency import run_in_threadpool

    form = await request.form()
    value = {key: str(form.get(key, "")) for key in FIELDS}
    value["carry_to"] = [str(v) for v in form.getlist("carry_to")]
    wants_json = _wants_json(request)
    lang = language(request)

    def store() -> dict:
        with opened(request) as (session, ev):
            theme = value["theme"]
            if value["new_theme"].strip():
                theme = add_theme(session, ev, value["new_theme"]).name
            elif theme:
                theme = find_theme(session, ev, theme).name
            prompts = [line.strip() for line in value["prompts"].splitlines() if line.strip()]
            responds = value["responds_to"]
            quote = add_quote(session, ev, QuoteRequest(
                level=value["level"], text=value["passage"], theme=theme or None, advice=bool(value["advice"]),
                responds_to=int(responds) if responds.isdigit() else None, rationale=value["rationale"],
                carry_to=value["carry_to"] or None, tone=value["tone"] or None, prompts=prompts or None,
                place=_place(session, value["turn"], value["start"], value["end"], value["passage"]),
            ))
            if not wants_json:
                return {"id": quote.id}
            # What changed on the page: the quote's turn and this transcript's list of quotes.
            session.flush()
            quotes = list(session.exec(select(Quote).where(Quote.transcript_id == quote.transcript_id)
                                       .order_by(Quote.id)))
            return {"id": quote.id, "theme": theme or "", "turn": quote.turn_id,
                    "turn_view": _turn_view(session.get(Turn, quote.turn_id), quotes),
                    "quotes": _quote_views(session, ev, quotes, lang)}

    try:
        made = await run_in_threadpool(store)
    except BikvaError as error:
        if wants_json:
            return JSONResponse({"error": error_text(lang, error)}, status_code=400)
        return await run_in_threadpool(lambda: _reader(request, transcript_id, form=value, status=400,
                                                       error=error_text(lang, error)))
    if not wants_json:
        return redirect(request, f"/transcripts/{transcript_id}", done="quote_added", id=made["id"])
    return JSONResponse({
        "id": made["id"], "message": t(lang, "web.done.quote_added", id=made["id"]), "theme": made["theme"],
        "turn": made["turn"], "turn_html": fragment(request, TURN_PIECE, turn=made["turn_view"]),
        "quotes_html": fragment(request, LIST_PIECE, quotes=made["quotes"]),
    })


@router.get("/quotes/{quote_id}")
def quote_page(request: Request, quote_id: int, visitor: Visitor = require(Role.EVALUATOR)) -> Response:
    lang = language(request)
    with opened(request) as (session, ev):
        row = next((r for r in quote_rows(session, ev) if r["id"] == quote_id), None)
    if row is None:
        raise BikvaError("quote.unknown", id=quote_id)
    row["level_name"] = t(lang, f"level.{row['level']}.name")
    row["carried_names"] = [t(lang, f"level.{k}.name") for k in row["carried_to"]]
    return render(request, "quote.html.j2", quote=row)
