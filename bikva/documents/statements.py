"""What a view needs to know about a quote beyond its words: its kind, the questions the next
group is asked about it, a group statement's supporting quotes, and the attributions of what no
single person said aloud.

- A group statement is the group's wording, so it is attributed to the group ("Borgerne, R1
  (gruppens formulering)"), never to one of them, and carries the verbatim quotes that back it
  and may still travel (a withdrawn participant's quote is left out; the statement stays).
- Written good advice is attributed like spoken advice, marked as written ("Borger, R1
  (skriftligt)"): it was never said in the interview, and no transcript holds it.
- Every statement gets its tone and its own questions: the theme's (bikva.toml `prompts`) and
  then the statement's (`--prompt`), redacted like everything else.

bikva.documents.presentation.quote_view calls `complete` for every quote it turns into a view,
so guides, cards, report, synthesis and chains all see the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlmodel import Session

from bikva.documents.views import QuoteView
from bikva.i18n import t
from bikva.selection.redaction import Redactor
from bikva.store.evaluation import OpenEvaluation
from bikva.store.queries import supporting_quotes
from models.quote import Quote, QuoteKind
from models.theme import Theme


def complete(ev: OpenEvaluation, session: Session, quote: Quote, view: QuoteView, themes: dict[int, Theme],
             redact: Redactor, make: Callable[[Quote], QuoteView]) -> QuoteView:
    """`view` with its kind, tone, own questions, support and attribution filled in; `make`
    turns a supporting quote into its view."""
    view.kind = str(quote.kind)
    view.tone = str(quote.prompt_tone)
    view.written = quote.written
    theme = themes.get(quote.theme_id)
    asked = {item.name: item.prompts for item in ev.config.themes}
    view.prompts = redact.all([*asked.get(theme.name, []), *quote.own_prompts] if theme else list(quote.own_prompts))
    if quote.kind == QuoteKind.GROUP_STATEMENT:
        view.attribution = t(ev.lang, "attribution.group_statement", who=group_attribution(ev, view, redact))
        view.support = [make(q) for q in supporting_quotes(session, ev.id, {quote.id}).get(quote.id, [])]
    elif quote.written:
        view.attribution = t(ev.lang, "attribution.written_advice", who=view.attribution)
    return view


def group_attribution(ev: OpenEvaluation, view: QuoteView, redact: Redactor) -> str:
    """The study's attribution format with the level as a group in place of the role, no unit:
    "Borgerne, R1"."""
    level = view.level
    group = level.address[:1].upper() + level.address[1:] if level.address else t(ev.lang, f"level.{level.key}.group")
    text = ev.evaluation.attribution_format.format_map(
        {"role": group, "round": level.round, "unit": "", "level": level.name})
    # The empty unit must not leave ", ," or a dangling comma behind.
    return redact(re.sub(r"(,\s*)+(?=,|$)", "", re.sub(r"^\s*,\s*", "", text)).strip())
