"""The questions the next group is asked about a carried statement, chosen by its tone.

Every statement used to get the same questions, so praise ("Det er første gang nogen har
spurgt, hvordan jeg har det") was followed by "Hvad kunne gøres anderledes?". Now each statement
has a tone (models.quote.PromptTone) and the viewing level asks the questions for that tone
(templates/i18n/*/levels.toml, `prompts_<tone>`): criticism asks for causes and what could be
done differently, praise for what is done well and how to hold on to it, an ambivalent statement
or a question asks openly. Frontline staff are asked about causes in every tone, as the method
says. When later levels' reactions are shown too, their question (`prompts_reactions`) comes
second, right after "do you recognise it".

The default tone is critical: in BIKVA the statements carried up are mostly the ones where the
users meet a problem (they are chosen as "triggers for learning"), and the critical questions are
what every guide asked until the tones came, so an evaluation that was under way keeps its
wording. Praise and open statements are the ones the evaluator marks (`--prompts positive`),
and `bikva quote list` shows each statement's tone, so an unmarked one is easy to see.

After the level's questions come the theme's own (`prompts` under the theme in bikva.toml) and
then the statement's own (`--prompt`), both written by the evaluator.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session

from bikva.errors import BikvaError
from bikva.i18n import lookup, t
from bikva.selection.chains import reactions_of
from bikva.store import audit
from bikva.store.evaluation import OpenEvaluation
from models.quote import STATEMENT_KINDS, PromptTone, Quote

TONES = tuple(tone.value for tone in PromptTone)
DEFAULT_TONE = PromptTone.CRITICAL


def tone_of(value: str | None) -> PromptTone:
    """The tone the evaluator typed (None: the default), or refused naming the tones."""
    if value is None:
        return DEFAULT_TONE
    wanted = value.strip().lower()
    if wanted not in TONES:
        raise BikvaError("quote.tone_unknown", tone=value, tones=", ".join(TONES))
    return PromptTone(wanted)


def own_prompts(texts: Iterable[str] | None) -> list[str]:
    """The evaluator's own questions, trimmed, empty ones and repeats left out."""
    return list(dict.fromkeys(text.strip() for text in texts or () if text and text.strip()))


def set_prompts(session: Session, ev: OpenEvaluation, quote_id: int, tone: str | None,
                prompts: list[str] | None = None) -> Quote:
    """Change a statement's tone (None: keep it) and, when `prompts` is given, replace its own
    questions (an empty list removes them)."""
    quote = session.get(Quote, quote_id) if 0 < quote_id < 2**63 else None  # a row id at all
    if quote is None or quote.evaluation_id != ev.id:
        raise BikvaError("quote.unknown", id=quote_id)
    if quote.kind not in STATEMENT_KINDS:
        raise BikvaError("quote.prompts_not_statement", id=quote_id)
    if tone is not None:
        quote.prompt_tone = tone_of(tone)
    if prompts is not None:
        quote.own_prompts = own_prompts(prompts)
    session.flush()
    audit.record(session, ev.id, "prompts", f"quote {quote_id}", tone=quote.prompt_tone,
                 own_prompts=len(quote.own_prompts))
    return quote


def prompts_for(lang: str, statement, viewer) -> list[str]:
    """The questions `viewer` (a LevelInfo) is asked about `statement` (a QuoteView with its
    reactions below it): the level's questions for the statement's tone, with the reactions'
    question second when later levels reacted, then the theme's and the statement's own."""
    # The study's own names for the levels when it has them (bikva.toml [levels.<key>]).
    source = statement.level.address or t(lang, f"level.{statement.level.key}.address")
    asked = [str(p).format(source=source) for p in _list(lang, f"level.{viewer.key}.prompts_{statement.tone}")]
    reactors = sorted({reaction.level.key: reaction.level for reaction, _ in reactions_of(statement)}.values(),
                      key=lambda level: level.round)
    if reactors:
        genitives = [level.genitive or t(lang, f"level.{level.key}.genitive") for level in reactors]
        together = genitives[0] if len(genitives) == 1 else (
            f"{', '.join(genitives[:-1])} {t(lang, 'guide.and')} {genitives[-1]}")
        asked.insert(min(1, len(asked)), t(lang, f"level.{viewer.key}.prompts_reactions", reactors=together))
    return list(dict.fromkeys([*asked, *statement.prompts]))


def _list(lang: str, key: str) -> list[str]:
    value = lookup(lang, key)
    return value if isinstance(value, list) else [value]
