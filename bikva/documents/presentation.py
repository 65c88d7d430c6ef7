"""Turning database rows into the anonymous, redacted values the views hold.

Guides and the report share these: level names, attributions, the study's own texts and the
theme tree. Everything that can carry transcript text passes through the Redactor here.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlmodel import Session, select

from bikva.store.evaluation import OpenEvaluation
from bikva.i18n import t
from bikva.store.queries import themes_of
from bikva.selection.redaction import Redactor
from bikva.documents.views import AdviceView, LevelInfo, QuoteView, StudyInfo, ThemeBlock
from bikva.documents.statements import complete
from models.interview_group import InterviewGroup
from models.level import Level
from models.participant import Participant
from models.quote import Quote
from models.theme import Theme
from models.transcript import Transcript
from models.turn import Turn


def level_info(ev: OpenEvaluation, level: Level) -> LevelInfo:
    """The level under the study's own names (bikva.toml [levels.<key>]), else the catalogue's."""
    own = ev.config.level(level.key)
    role = own.singular or t(ev.lang, f"level.{level.key}.role")
    return LevelInfo(
        key=level.key,
        round=level.position,
        name=own.plural or t(ev.lang, f"level.{level.key}.name"),
        role=role,
        address=own.address,
        genitive=own.genitive,
        one=t(ev.lang, "guide.one", role=role[:1].lower() + role[1:]),
    )


def study_info(ev: OpenEvaluation, redact: Redactor) -> StudyInfo:
    """The study's own texts. For the room's guide and forms `redact` is `AS_WRITTEN`: what the
    interviewers say aloud is the study's real title, organisation and commissioner."""
    config = ev.config

    def text(field: str) -> str:
        # A text not yet written in bikva.toml shows as a visible blank to fill in, not as a
        # sentence that stops short ("Vi kommer fra ."); `bikva status` names it too.
        return redact(getattr(config, field)) or t(ev.lang, f"study.blank.{field}")

    return StudyInfo(
        title=redact(ev.evaluation.title),
        organisation=text("organisation"),
        interviewers=redact.all(config.interviewers),
        commissioner=text("commissioner"),
        purpose=text("purpose"),
        contact=text("contact"),
        first_round=config.first_round,
    )


# The study's own texts as written: the room's guide and forms (see study_info).
AS_WRITTEN = Redactor([])


def attribution(ev: OpenEvaluation, session: Session, quote: Quote, level: Level, redact: Redactor) -> str:
    """The study's attribution format filled in: the study's role name for the level and round,
    and the unit of the group the quote was said in (bikva.toml [[groups]] unit), set after the
    role when the format does not place it: "Sagsbehandler, forsøgsafdelingen, R2".

    Never the speaker label or pseudonym: the next level must not link statements to a person.
    """
    info = level_info(ev, level)
    form = ev.evaluation.attribution_format
    unit = _group_unit(ev, session, quote, level)
    if not unit and "{unit}" in form and quote.turn_id is not None:
        turn = session.get(Turn, quote.turn_id)
        participant = session.get(Participant, turn.participant_id) if turn and turn.participant_id else None
        unit = participant.unit if participant else ""
    role = info.role if "{unit}" in form or not unit else f"{info.role}, {unit}"
    text = form.format_map({"role": role, "round": level.position, "unit": unit, "level": info.name})
    # An empty unit must not leave ", ," or a dangling comma behind.
    return redact(re.sub(r"(,\s*)+(?=,|$)", "", re.sub(r"^\s*,\s*", "", text)).strip())


def _group_unit(ev: OpenEvaluation, session: Session, quote: Quote, level: Level) -> str:
    """The unit bikva.toml gives the interview group the quote's transcript belongs to."""
    if not ev.config.groups or quote.transcript_id is None:
        return ""
    transcript = session.get(Transcript, quote.transcript_id)
    group = session.get(InterviewGroup, transcript.group_id) if transcript else None
    found = ev.config.group(level.key, group.name) if group else None
    return found.unit if found else ""


def prefetch_units(ev: OpenEvaluation, session: Session, quotes: list[Quote]) -> None:
    """Load the turns and participants that attributions with {unit} need, in two queries, so
    that attribution() finds them in the session instead of asking the database per quote."""
    if "{unit}" not in ev.evaluation.attribution_format:
        return
    turn_ids = {q.turn_id for q in quotes if q.turn_id is not None}
    if not turn_ids:
        return
    turns = list(session.exec(select(Turn).where(Turn.id.in_(turn_ids))))
    participant_ids = {turn.participant_id for turn in turns if turn.participant_id is not None}
    if participant_ids:
        list(session.exec(select(Participant).where(Participant.id.in_(participant_ids))))


def quote_view(
    ev: OpenEvaluation, session: Session, quote: Quote, themes: dict[int, Theme], redact: Redactor,
    study_redact: Redactor | None = None,
) -> QuoteView:
    """A quote, redacted. `study_redact` is for the theme's name, the study's own text (as
    written in the room: see study_info)."""
    level = next(l for l in ev.levels if l.id == quote.level_id)
    theme = themes.get(quote.theme_id)
    view = QuoteView(
        id=quote.id,
        text=redact(quote.text),
        attribution=attribution(ev, session, quote, level, redact),
        theme=(study_redact or redact)(theme.name) if theme else "",
        level=level_info(ev, level),
        rationale=redact(quote.rationale),
    )
    # Kind, questions, a group statement's support and its attribution (bikva.documents.statements).
    return complete(ev, session, quote, view, themes, redact,
                    lambda q: quote_view(ev, session, q, themes, redact, study_redact))


def advice_view(
    ev: OpenEvaluation, session: Session, quote: Quote, themes: dict[int, Theme], redact: Redactor
) -> AdviceView:
    view = quote_view(ev, session, quote, themes, redact)
    level = next(l for l in ev.levels if l.id == quote.level_id)
    following = ev.next_level(level)
    return AdviceView(
        id=quote.id,
        text=view.text,
        attribution=view.attribution,
        level=view.level,
        addressed_to=level_info(ev, following) if following else None,
        written=view.written,
    )


def theme_tree(
    session: Session,
    ev: OpenEvaluation,
    redact: Redactor,
    fill: Callable[[Theme, ThemeBlock], bool],
    themes: list[Theme] | None = None,
) -> list[ThemeBlock]:
    """The codebook as nested ThemeBlocks, each filled by `fill`, which says whether the theme
    belongs in this document; a parent stays when one of its subthemes does. `themes` saves
    reading the codebook again when the caller has it."""
    themes = themes_of(session, ev.id) if themes is None else themes
    children: dict[int | None, list[Theme]] = {}
    for theme in themes:
        children.setdefault(theme.parent_id, []).append(theme)

    def build(theme: Theme) -> ThemeBlock | None:
        block = ThemeBlock(name=redact(theme.name), description=redact(theme.description))
        wanted = fill(theme, block)
        block.subthemes = [b for b in (build(child) for child in children.get(theme.id, [])) if b]
        return block if wanted or block.subthemes else None

    return [b for b in (build(theme) for theme in children.get(None, [])) if b]
