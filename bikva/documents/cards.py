"""Quote cards: the statements carried to a level, one per card, to show the group one at a time.

Format: two cards per A4 sheet, each half of the sheet (A5 landscape, 210 x 148.5 mm), with a
dashed cut line and cut marks across the middle. Why:

- Type must be read across a table by a group of four to eight. Half an A4 sheet takes a short
  quote at 30 pt and still a long one (600 characters) at 15 pt; a quarter sheet (A6) would
  push ordinary quotes below what a group can read. So the size steps down with the length
  (see `size_class`), and only a very long quote gets a whole sheet.
- Every office printer takes A4; A5 paper is rarely in the tray, and printing A5 pages "two per
  sheet" shrinks them. One straight cut with scissors or a guillotine halves the sheet, and
  the cut marks stay inside the area a printer can reach.
- The cards keep the guide's order, so a quote and the card that follows it often share a sheet.

What goes on the cards: the quotes the level's guide shows (bikva.documents.guide.build_guide_view),
theme by theme. A reaction from a later level (the staff's answer to a citizen quote, shown to
leaders and politicians) gets its own card right after the card it answers, labelled "Reaktion
fra medarbejderne på kort 2": the group first reacts to the citizens' own words, undisturbed by
the staff's explanation (the guide's questions come in that order), then the interviewer lays
the reaction beside it, and each text keeps large type however long the chain is. The good
advice from the level below, which is presented to this level, follows on cards of its own
("Godt råd fra borgerne til medarbejderne"), so it can be handed round or laid out too.

A group statement (the wording a group approved at the read-back) gets a card like a quote,
attributed to the group ("Borgerne, R1 (gruppens formulering)"): the next group reacts to the
group's own words. The verbatim quotes that back it are not cards of their own; they stand
under it in the guide, for the interviewer to read aloud when the group asks what lies behind
it. Written good advice is a card like spoken advice, its attribution marked "(skriftligt)".
"""

from __future__ import annotations

from dataclasses import dataclass
from string import ascii_lowercase

from bikva.documents.views import GuideView, LevelInfo, QuoteView, quotes_in
from bikva.selection.chains import reactions_of

QUOTE, REACTION, ADVICE = "quote", "reaction", "advice"

# Characters of text -> the card's type size (materials.css: .size-*). "page": a whole sheet.
_SIZES = ((90, "xl"), (160, "l"), (260, "m"), (400, "s"), (600, "xs"), (1000, "xxs"))


def size_class(text: str) -> str:
    length = len(" ".join(text.split()))
    return next((size for limit, size in _SIZES if length <= limit), "page")


@dataclass
class Card:
    number: str  # "3", and "3a", "3b" for the reactions that follow card 3
    kind: str  # quote | reaction | advice
    text: str
    attribution: str  # anonymous: "Borger, R1"
    theme: str
    speaker: LevelInfo  # the level the text was said at
    answers: str = ""  # a reaction: the number of the card it answers
    addressed_to: LevelInfo | None = None  # good advice: the level it is given to
    group_statement: bool = False  # the group's approved wording, not one person's words
    written: bool = False  # good advice typed in from the sheets

    @property
    def size(self) -> str:
        return size_class(self.text)


def build_cards(guide: GuideView) -> list[Card]:
    """The level's cards, in the guide's order: each quote, then its reactions, then the advice."""
    cards: list[Card] = []
    for number, quote in enumerate(quotes_in(guide.themes), start=1):
        cards.append(_card(str(number), QUOTE, quote))
        labels, letters = {id(quote): str(number)}, iter(ascii_lowercase)
        for reaction, answers in reactions_of(quote):
            labels[id(reaction)] = f"{number}{next(letters, '')}"
            cards.append(_card(labels[id(reaction)], REACTION, reaction, answers=labels[id(answers)]))
    first_advice = sum(1 for card in cards if card.kind == QUOTE) + 1
    for number, advice in enumerate(guide.advice_received, start=first_advice):
        cards.append(
            Card(str(number), ADVICE, advice.text, advice.attribution, "", advice.level,
                 addressed_to=advice.addressed_to or guide.level, written=advice.written)
        )
    return cards


def _card(number: str, kind: str, quote: QuoteView, answers: str = "") -> Card:
    return Card(number, kind, quote.text, quote.attribution, quote.theme, quote.level, answers=answers,
                group_statement=quote.group_statement)


def sheets_of(cards: list[Card]) -> list[list[Card]]:
    """Cards laid out two to an A4 sheet; a card too long for half a sheet gets a whole one."""
    sheets: list[list[Card]] = []
    for card in cards:
        if card.size == "page":
            sheets.append([card])
        elif sheets and len(sheets[-1]) == 1 and sheets[-1][0].size != "page":
            sheets[-1].append(card)
        else:
            sheets.append([card])
    return sheets
