"""Danish-looking transcript text for the benchmarks: plain words, labels bikva reads at once.

Every turn is made of sentences of lower-case Danish words drawn as often as Danish uses them
(only a sentence's first word is capitalised, and it is always a pronoun or a conjunction, so
the de-identification guard finds no names), and now and then a stock phrase that many
informants say in their own turns, as people in group interviews do: the recurrence
suggestions have something real to find. Speakers are coded the way transcribers
code them (`I` for the interviewer, `B1` … for citizens, `M1` … for staff), so an import names
them without a warning. Everything is seeded: the same size gives the same text.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

from wordfreq import top_n_list

# Danish as it is spoken, in its proportions: wordfreq's 20,000 most common Danish words, drawn
# with Zipf's law by rank (a few words very often, most seldom), as in real transcripts, so the
# recurrence suggestions meet a real vocabulary and not a handful of words every passage shares.
# Lower case only, letters only, and never a municipality's name: the guard must find nothing.
_KOMMUNER = Path(__file__).resolve().parents[1] / "bikva" / "protection" / "data" / "kommuner.txt"
_PLACES = {word.lower() for line in _KOMMUNER.read_text(encoding="utf-8").splitlines()
           if line and not line.startswith("#") for word in line.replace("-", " ").split() if word != "Kommune"}
VOCABULARY = [word for word in top_n_list("da", 20_000) if word.isalpha() and (len(word) > 1 or word in "iå")
              and word not in _PLACES]
_CUMULATIVE = list(accumulate(1 / (rank + 2.7) for rank in range(len(VOCABULARY))))
RARE_FROM = 1_000  # a planted passage takes rarer words, so it is found in exactly one place
# Every sentence starts with one of these, so a capitalised word is never a name or a place.
STARTERS = ("Det", "Jeg", "Vi", "Men", "Og", "Så", "Altså", "Der", "Man", "Hun", "Han", "De", "Hvis", "Når")
STOCK = (
    "det er lidt forskelligt",
    "ingen ringer tilbage",
    "man skal hele tiden starte forfra",
    "jeg føler mig ikke hørt",
    "det tager alt for lang tid",
    "hun ringer altid tilbage samme dag",
    "vi har ikke tid til borgerne",
    "papirerne skal sendes igen og igen",
    "det er et spørgsmål om prioritering",
    "jeg ved ikke hvem jeg skal ringe til",
    "planen bliver lagt over hovedet på mig",
    "der er for mange sager på hver",
    "møderne bliver aflyst samme morgen",
    "systemerne taler ikke sammen",
    "det giver tryghed at have en fast",
    "brevene gør mig bange",
)
QUESTIONS = (
    "Hvad tænker I om det?",
    "Kan du sige lidt mere om det?",
    "Hvordan oplever de andre det?",
    "Er der nogen, der har det anderledes?",
    "Hvad betyder det for jer i hverdagen?",
    "Kan I give et eksempel?",
    "Hvad skulle der til, for at det blev bedre?",
    "Genkender I det?",
)
INTERVIEWER = "I"
# The code transcribers give each level's informants: B1 (borger), M1 (medarbejder), L1, P1.
LABEL_PREFIX = {"citizens": "B", "frontline": "M", "leaders": "L", "politicians": "P"}
INFORMANTS = 5  # per interview group
QUESTION_EVERY = 3  # an interviewer's question after every few informant turns


def sentence(rng: random.Random, length: int) -> str:
    words = rng.choices(VOCABULARY, cum_weights=_CUMULATIVE, k=length - 1)
    if rng.random() < 0.2:  # a stock phrase somewhere in the sentence
        words.insert(rng.randrange(len(words) + 1), rng.choice(STOCK))
    return " ".join([rng.choice(STARTERS), *words]) + rng.choice(".....?")


def passage(rng: random.Random, length: int = 16) -> str:
    """A sentence to be quoted: rarer words, so it is found in exactly one place."""
    return " ".join([rng.choice(STARTERS), *(rng.choice(VOCABULARY[RARE_FROM:]) for _ in range(length - 1))]) + "."


@dataclass
class Transcript:
    """One interview group's transcript as text, and what went into it."""

    text: str
    words: int
    informant_turns: int
    # (informant turn number, passage) of the passages planted for quoting
    planted: list[tuple[int, str]] = field(default_factory=list)


def transcript(rng: random.Random, level: str, *, informant_turns: int, words: int,
               passages: list[str] = ()) -> Transcript:
    """A transcript of `informant_turns` informant turns and about `words` words, with each of
    `passages` planted in one informant turn (round-robin over the turns)."""
    prefix = LABEL_PREFIX[level]
    questions = informant_turns // QUESTION_EVERY + 1
    per_turn = max(6, (words - 7 * questions) // informant_turns)
    lines, planted, count = [f"{INTERVIEWER}: Velkommen, og tak fordi I ville komme i dag."], [], 0
    speaker, order = -1, []
    for turn in range(informant_turns):
        if turn and turn % QUESTION_EVERY == 0:
            lines.append(f"{INTERVIEWER}: {rng.choice(QUESTIONS)}")
        # Every informant speaks once in each round of INFORMANTS turns, in varying order, so no
        # one holds nearly all the words or speaks only once, and never twice in a row.
        if not order:
            order = rng.sample(range(INFORMANTS), INFORMANTS)
            if order[0] == speaker:
                order.reverse()
        speaker = order.pop(0)
        sentences, length = [], 0
        while length < per_turn:
            said = sentence(rng, min(rng.randint(6, 16), max(per_turn - length, 4)))
            sentences.append(said)
            length += len(said.split())
        for text in passages[turn::informant_turns]:
            sentences.insert(rng.randrange(len(sentences) + 1), text)
            planted.append((turn, text))
        body = " ".join(sentences)
        count += len(body.split())
        lines.append(f"{prefix}{speaker + 1}: {body}")
    count += sum(len(line.split()) - 1 for line in lines if line.startswith(f"{INTERVIEWER}:"))
    return Transcript("\n\n".join(lines) + "\n", count, informant_turns, planted)
