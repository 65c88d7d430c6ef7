"""Building a round's interview guide: which themes, questions, quotes and advice it shows.

Level 1 (R1) is built from the study's themes and questions in bikva.toml. Every later level
shows the quotes carried to it, grouped by theme, each followed by the quotes from later
levels that react to it (leaders see a citizen quote with the frontline reactions below it;
politicians see the whole chain), and the good advice addressed to it by the level below.

A guide is built for one of two uses. The room's (`ROOM`: `bikva guide`, `bikva materials`) is
what the interviewers read aloud and hand round: the study's own texts (title, organisation,
commissioner, purpose, contact, themes and questions) stand as written, since the group is told
who runs the study and for whom; quotes and their attributions are redacted as always. The
report's appendix (`APPENDIX`, the default) leaves the room: redacted throughout.

The room's guide also carries how the interview is run: minutes per section and who leads it
(moderator or co-interviewer), how the exercises work online, whether the group is too small to
promise that nobody can tell who said what, and, for leaders and politicians, the note that
protects the people below them.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from bikva.store.evaluation import OpenEvaluation
from bikva.documents.presentation import AS_WRITTEN, advice_view, level_info, quote_view, study_info, theme_tree
from bikva.selection.chains import link_chains
from bikva.selection.statements import standalone_statements
from bikva.i18n import t
from bikva.store.config import DEFAULT_MINUTES, LATER_ROUND_THEMES_MINUTES
from bikva.store.queries import groups_of, participants_of, shown_to, themes_of
from bikva.selection.redaction import Redactor, redactor_for
from bikva.documents.views import ConsentInfo, GuideView, QuoteView, ThemeBlock, TimeSlot
from models.level import Level
from models.quote import Quote, QuoteKind
from models.theme import Theme


ROOM, APPENDIX = "room", "appendix"
# Levels above the frontline: they must never learn who below them said what.
PROTECTING_LEVELS = ("leaders", "politicians")


def build_guide_view(
    session: Session, ev: OpenEvaluation, level: Level, redact: Redactor | None = None, use: str = APPENDIX
) -> GuideView:
    redact = redact or redactor_for(session, ev.id)
    # The study's own texts: as written in the room, redacted in what leaves it.
    own = AS_WRITTEN if use == ROOM else redact
    previous, following = ev.previous_level(level), ev.next_level(level)
    carried_here = shown_to(session, ev.id, level)
    if level.position == 1:
        themes = _first_round_themes(session, ev, own)
    else:
        themes = _carried_quote_themes(session, ev, redact, own,
                                       standalone_statements(session, carried_here))
    themes_by_id = {theme.id: theme for theme in themes_of(session, ev.id)}
    advice = [
        advice_view(ev, session, quote, themes_by_id, redact)
        for quote in carried_here
        if quote.kind == QuoteKind.ADVICE
    ]
    config, own_level = ev.config, ev.config.level(level.key)
    statements_first = level.position > 1 and bool(themes) and (
        own_level.statements_first if own_level.statements_first is not None else level.key == "frontline")
    interviewers = own.all(config.interviewers)
    consent = config.consent
    return GuideView(
        use=use,
        timing=_timing(ev, level, bool(advice), statements_first),
        moderator=interviewers[0] if interviewers else "",
        co_interviewer=interviewers[1] if len(interviewers) > 1 else "",
        online=own_level.online if own_level.online is not None else config.online,
        small=own_level.small or _has_small_group(session, ev, level),
        statements_first=statements_first,
        protect_below=level.key in PROTECTING_LEVELS,
        consent=ConsentInfo(
            controller=own(consent.controller), dpo=own(consent.dpo), legal_basis=own(consent.legal_basis),
            delete_by=consent.delete_by, recipients=own(consent.recipients),
            code_prefix=t(ev.lang, f"level.{level.key}.pseudonym"),
        ),
        lang=ev.lang,
        study=study_info(ev, own),
        level=level_info(ev, level),
        previous_level=level_info(ev, previous) if previous else None,
        next_level=level_info(ev, following) if following else None,
        levels=[level_info(ev, l) for l in ev.levels],
        themes=themes,
        advice_received=advice,
        generated_on=date.today(),
    )


def _timing(ev: OpenEvaluation, level: Level, advice_received: bool, statements_first: bool) -> list[TimeSlot]:
    """Minutes per section, in the order the guide holds them: the defaults (90 minutes for the
    first round, 120 for a later one), the study's [minutes], then the level's own."""
    minutes = dict(DEFAULT_MINUTES)
    if level.position > 1:
        minutes["themes"] = LATER_ROUND_THEMES_MINUTES
    minutes |= ev.config.minutes | ev.config.level(level.key).minutes
    order = ["opening", "themes", "exercise"] if statements_first else ["opening", "exercise", "themes"]
    order += ["advice_received"] if advice_received else []
    order += ["advice", "readback", "thanks"]
    slots, start = [], 0
    for section in order:
        # The co-interviewer has taken the notes, so leads the read-back.
        slots.append(TimeSlot(section, minutes[section], start,
                              "co_interviewer" if section == "readback" else "moderator"))
        start += minutes[section]
    return slots


def _has_small_group(session: Session, ev: OpenEvaluation, level: Level) -> bool:
    """A group of the level below [anonymity] small_group: as bikva.toml expects it, or as its
    transcripts count it (the guide is often printed before any transcript exists)."""
    limit = ev.config.small_group
    expected = {g.name: g.participants for g in ev.config.groups if g.level == level.key and g.participants}
    sizes = dict(expected)
    for group in groups_of(session, level):
        if group.excluded:
            sizes.pop(group.name, None)
            continue
        sizes[group.name] = expected.get(group.name) or len(participants_of(session, group))
    return any(0 < size < limit for size in sizes.values())


def _first_round_themes(session: Session, ev: OpenEvaluation, redact: Redactor) -> list[ThemeBlock]:
    questions = {item.name: item.questions for item in ev.config.themes}

    def fill(theme: Theme, block: ThemeBlock) -> bool:
        block.questions = redact.all(questions.get(theme.name, []))
        # Only themes still in bikva.toml: one removed there is no longer asked about.
        return theme.name in questions

    return theme_tree(session, ev, redact, fill)


def _carried_quote_themes(
    session: Session, ev: OpenEvaluation, redact: Redactor, own: Redactor, carried: list[Quote]
) -> list[ThemeBlock]:
    """The carried statements as chains, under the theme of the statement each chain starts from.
    `redact` is for the quotes, `own` for the study's own texts (the themes)."""
    themes_by_id = {theme.id: theme for theme in themes_of(session, ev.id)}
    roots_by_theme: dict[int | None, list[QuoteView]] = {}
    for root, view in link_chains(carried, lambda quote: quote_view(ev, session, quote, themes_by_id, redact, own)):
        roots_by_theme.setdefault(root.theme_id, []).append(view)

    def fill(theme: Theme, block: ThemeBlock) -> bool:
        block.quotes = roots_by_theme.get(theme.id, [])
        return bool(block.quotes)

    return theme_tree(session, ev, own, fill)
