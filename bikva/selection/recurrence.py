"""Recurrence suggestions: passages in which different informants say the same thing in other
words, grouped and ranked by how many informants say it (the method's first criterion for what
to carry forward, /work/shared/method/BIKVA.md "Carrying statements forward").

A suggestion is only that: the evaluator reads it and selects with `bikva quote add`. So every
passage is an exact span of one informant turn, and `places` says whether pasting it into
`quote add --text` finds it in exactly one place.

How, in near-linear time:
1. Passages: each informant turn is split into sentences (and an over-long sentence at its
   commas), since one turn can say several things. Leading fillers ("Altså, øh, ...") are left
   out of the span.
2. Content: the passage's words without stop words and fillers (bikva/selection/wordlists.py),
   stemmed with the Snowball stemmer of the evaluation's language (PyStemmer), as a set. Single
   stems, not runs of words: someone who says the same in other words seldom keeps the order.
3. Candidates: a MinHash LSH index (datasketch) over those sets proposes the pairs worth
   comparing, instead of comparing every pair. Passages with the same set of stems are joined
   at once, and a near copy of a passage already indexed is not indexed itself, so a phrase
   everybody repeats cannot make one bucket (and the time) grow with the square of its count.
4. Verification: a candidate pair is the same statement when enough stems are shared. Stems
   that differ by a letter (rapidfuzz) or only by what follows a compound's first part count as
   one: they are put in families once for the whole vocabulary (`stem_families`), so a pair is
   compared by set arithmetic alone. Stems in a large share of all passages are left out: they
   tell no statement from another (a study of a job centre mentions "jobcentret" everywhere).
5. Groups: linked passages are joined by union-find, and a group counts its distinct informants.

Interviewer turns, turns whose speaker is not known (`?`), withdrawn participants and excluded
groups are never read (`level_suggestions`). Nothing here prints or writes.
"""

from __future__ import annotations

import gc
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

import numpy
import Stemmer
from datasketch import MinHash, MinHashLSH
from rapidfuzz import fuzz, process
from sqlmodel import Session, select

from bikva.intake.importers.model import UNKNOWN_SPEAKER
from bikva.intake.normalise import normalise
from bikva.intake.passages import passage_pattern
from bikva.selection.wordlists import FILLER_PHRASES, FILLERS, SPOKEN, STOPWORDS
from bikva.store.evaluation import OpenEvaluation
from bikva.store.queries import groups_of, transcripts_of, turns_of_level
from models.interview_group import InterviewGroup
from models.participant import ConsentStatus, Participant
from models.quote import Quote

# Snowball stemmer per evaluation language.
_STEMMERS = {"da": "danish", "en": "english"}

# A passage needs this many content stems to say something comparable ("Ja, det er rigtigt"
# says nothing on its own).
MIN_STEMS = 2
# Two passages say the same when they share at least this many stems ...
MIN_SHARED = 2
# ... and this share of their stems together (shared / all distinct, a Jaccard index).
SAME = 0.34
# Above this they are near copies: the second one is not indexed (see step 3).
NEAR_COPY = 0.8
# Stems this alike (rapidfuzz ratio, 0-100) count as one: "jobcent"/"jobcentr", "kommun"/"kommunal";
# so does a stem that begins another with at most PREFIX_EXTRA letters more, the first part of a
# Danish compound ("vent"/"ventetid"; not "kommun"/"kommunikation").
ALIKE = 85
PREFIX_EXTRA = 4
# Only stems this long are compared letter by letter: short ones are alike by chance ("sag"/"sig",
# "job"/"jobcentr").
ALIKE_MIN_LENGTH = 4
# A stem found in more passages than this share of them (and than COMMON_MIN) is one of the
# level's own stop words (see `link`). Not lower: the statement the most informants make is the
# one that must not be lost, and its own words are that common when one in twenty-five says it.
COMMON_SHARE = 0.05
COMMON_MIN = 25
# The LSH index: 120 permutations in 40 bands of 3 propose a pair at the SAME Jaccard index with
# a probability of 0.80 (1 - (1 - 0.34³)⁴⁰), at 0.4 with 0.93, at 0.5 with 0.99, and two sentences
# sharing one word by chance (about 0.1) with 0.04. A missed pair is seldom a missed statement: a
# passage joins its group through any one of the others. Two bands would propose many more chance
# pairs, and their number grows with the square of the passages; each band more costs memory
# (about 15 MB per band at 20,000 turns).
PERMUTATIONS = 120
BANDS = (40, 3)
# A statement many informants make is kept in the index by this many of its passages, in their
# different wordings: a new passage that says it too is like one of them. Indexing every one would
# make each query return the whole crowd, and the time grow with the square of the passages.
REPRESENTATIVES = 24
# A sentence longer than this many words is split at its commas into parts of at least
# PART_WORDS words: spoken Danish runs many statements into one comma-chained sentence.
LONG_SENTENCE = 40
PART_WORDS = 12

# A sentence ends at . ! ? … (and any closing quote or bracket) before a word that does not
# start in lower case (so "fx. en" and "f.eks. når" stay whole), at a semicolon, or at a blank line.
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"'”’»)\]]*(\s+)(?![a-zæøåäöü])|;(\s+)|(\s*\n\s*\n\s*)")
_COMMA = re.compile(r",(\s+)")
_WORD = re.compile(r"\w+(?:'\w+)*")
# Soft hyphens and zero-width characters go; typographic apostrophes are straight ones.
_FOLD = str.maketrans({"\u00ad": None, "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None,
                       "\ufeff": None, "\u2019": "'", "\u02bc": "'", "\u00b4": "'", "\u0060": "'"})
_LEADING_FILLER = re.compile(
    r"(?:(?:" + "|".join(sorted((re.escape(w) for w in FILLERS), key=len, reverse=True)) + r")(?!\w)[\s,.!?…–—-]*)+",
    re.IGNORECASE,
)
_LEADING_JUNK = re.compile(r"[\s,.;:!?…–—-]+")


@dataclass(frozen=True)
class SpokenTurn:
    """An informant turn as recurrence needs it, so a benchmark can make them without a database."""

    key: Hashable  # the turn (its id)
    text: str
    informant: Hashable  # who said it: one value per informant
    group: Hashable  # the interview group it was said in


@dataclass(frozen=True, slots=True)
class Passage:
    turn: Hashable
    start: int  # code-point offsets into the turn text, as quotes keep them
    end: int
    text: str
    informant: Hashable
    group: Hashable
    stems: frozenset[str]


@dataclass(frozen=True)
class Recurrence:
    """Passages that say the same thing, in reading order."""

    passages: list[Passage]
    informants: int  # distinct informants
    groups: int  # distinct interview groups
    words: list[str]  # the words most of them share, as said (stems would read oddly)


# --- the computation, on plain turns -------------------------------------------------------------


def find_recurrences(turns: Iterable[SpokenTurn], lang: str, *, min_informants: int = 2) -> list[Recurrence]:
    """The statements voiced by at least `min_informants` distinct informants, most informants
    first (then most groups, then most passages, then first said). `lang` is "da" or "en"."""
    return recurrences_in([passage for turn in turns for passage in passages_of(turn, lang)], lang,
                          min_informants=min_informants)


def recurrences_in(passages: Sequence[Passage], lang: str, *, min_informants: int = 2) -> list[Recurrence]:
    """`find_recurrences` for passages already split from their turns (`passages_of`)."""
    with _no_cycle_collection():
        return _recurrences(passages, lang, min_informants)


def _recurrences(passages: Sequence[Passage], lang: str, min_informants: int) -> list[Recurrence]:
    parent = link(passages)
    members: dict[int, list[int]] = {}
    for index in range(len(passages)):
        members.setdefault(_root(parent, index), []).append(index)
    found = []
    for indices in members.values():
        chosen = [passages[i] for i in indices]
        informants = len({p.informant for p in chosen})
        if informants >= min_informants:
            found.append((indices[0], Recurrence(chosen, informants, len({p.group for p in chosen}),
                                                 shared_words(chosen, lang))))
    found.sort(key=lambda item: (-item[1].informants, -item[1].groups, -len(item[1].passages), item[0]))
    return [recurrence for _, recurrence in found]


def passages_of(turn: SpokenTurn, lang: str) -> list[Passage]:
    """The turn's sentences that say something comparable, as spans of its text."""
    found = []
    for start, end in _sentences(turn.text):
        start = _skip_leading_fillers(turn.text, start, end)
        text = turn.text[start:end]
        stems = frozenset(stem_words(content_words(text, lang), lang))
        if len(stems) >= MIN_STEMS:
            found.append(Passage(turn.key, start, end, text, turn.informant, turn.group, stems))
    return found


def content_words(text: str, lang: str) -> list[str]:
    """The words of `text` that carry its content: lower case, without stop words and fillers."""
    words = _WORD.findall(unicodedata.normalize("NFKC", text).translate(_FOLD).casefold())
    stop = _stop_words(lang)
    return [w for w in _without_phrases(words) if w not in stop and w not in FILLERS and (len(w) > 1 or w.isdigit())]


def stem_words(words: list[str], lang: str) -> list[str]:
    return _stemmer(lang).stemWords(words)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """How much two passages' stem families overlap (a Jaccard index); 0 when fewer than
    MIN_SHARED are shared."""
    shared = len(a & b)
    if shared < MIN_SHARED:
        return 0.0
    return shared / (len(a) + len(b) - shared)


def stem_families(stems: Iterable[str]) -> dict[str, str]:
    """stem -> the stem standing for all stems alike to it: one that begins it with at most
    PREFIX_EXTRA letters more (the first part of a Danish compound, "vent"/"ventetid"), or one
    spelt almost the same (rapidfuzz ratio of at least ALIKE: "jobcent"/"jobcentr"). Found once
    for the level's vocabulary, so comparing passages afterwards is plain set arithmetic."""
    vocabulary = sorted({stem for stem in stems if len(stem) >= ALIKE_MIN_LENGTH})
    parent = {stem: stem for stem in vocabulary}

    def root(stem: str) -> str:
        while parent[stem] != stem:
            parent[stem] = parent[parent[stem]]
            stem = parent[stem]
        return stem

    def join(a: str, b: str) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)  # the first in alphabetical order stands for them

    for index, stem in enumerate(vocabulary):
        # Sorted, every stem that begins with `stem` follows it directly.
        for longer in itertools.takewhile(lambda other: other.startswith(stem), itertools.islice(vocabulary, index + 1, None)):
            if len(longer) - len(stem) <= PREFIX_EXTRA:
                join(stem, longer)
    # Spelt almost the same: compared within blocks of a common beginning, not all pairs.
    for _, block in itertools.groupby(vocabulary, key=lambda stem: stem[:3]):
        block = list(block)
        if len(block) < 2:
            continue
        scores = process.cdist(block, block, scorer=fuzz.ratio, score_cutoff=ALIKE, dtype=numpy.uint8)
        for i, j in zip(*numpy.nonzero(numpy.triu(scores, 1))):
            join(block[i], block[j])
    return {stem: root(stem) for stem in vocabulary}


def link(passages: Sequence[Passage]) -> list[int]:
    """Union-find parents joining the passages that say the same thing (see the module text)."""
    families = stem_families(stem for passage in passages for stem in passage.stems)
    sets = [frozenset(families.get(stem, stem) for stem in passage.stems) for passage in passages]
    # Stems nearly everyone uses tell no statement from another, and join unrelated passages by
    # chance more often the more passages there are: left out, as the level's own stop words.
    said = Counter(stem for stems in sets for stem in stems)
    common = {stem for stem, count in said.items() if count > max(COMMON_MIN, COMMON_SHARE * len(passages))}
    if common:
        sets = [stems - common for stems in sets]
    # A stem no other passage has cannot be shared: a passage with fewer than MIN_SHARED stems
    # found elsewhere can join nothing, and is neither indexed nor compared (time and memory).
    comparable = [sum(said[stem] > 1 for stem in stems) >= MIN_SHARED for stems in sets]
    del said
    parent = list(range(len(passages)))
    first_with: dict[frozenset[str], int] = {}
    distinct = []
    for index, stems in enumerate(sets):
        if not comparable[index]:
            continue
        first = first_with.setdefault(stems, index)
        if first == index:
            distinct.append(index)
        else:
            _union(parent, first, index)
    del first_with
    lsh = MinHashLSH(num_perm=PERMUTATIONS, params=BANDS)
    hashes = MinHash.generator(([stem.encode("utf-8") for stem in sets[i]] for i in distinct), num_perm=PERMUTATIONS)
    indexed: dict[int, int] = {}  # passages in the index, per statement (by its root)
    for index, minhash in zip(distinct, hashes):
        near_copy = False
        mine = sets[index]
        for other in lsh.query(minhash):
            # Most candidates fail here, so this comes first (set arithmetic, no union-find).
            score = similarity(mine, sets[other])
            if score >= SAME:
                ra, rb = _root(parent, other), _root(parent, index)
                if ra != rb:
                    _union(parent, ra, rb)
                    indexed[min(ra, rb)] = indexed.pop(ra, 0) + indexed.pop(rb, 0)
                near_copy = near_copy or score >= NEAR_COPY
        root = _root(parent, index)
        if not near_copy and indexed.get(root, 0) < REPRESENTATIVES:
            lsh.insert(index, minhash, check_duplication=False)
            indexed[root] = indexed.get(root, 0) + 1
    return parent


def shared_words(passages: Sequence[Passage], lang: str, most: int = 4) -> list[str]:
    """Up to `most` words the passages share, those used by most informants first, each as it
    is said most often."""
    informants: dict[str, set[Hashable]] = {}
    said: dict[str, Counter[str]] = {}
    for passage in passages:
        words = content_words(passage.text, lang)
        for word, stem in zip(words, stem_words(words, lang)):
            informants.setdefault(stem, set()).add(passage.informant)
            said.setdefault(stem, Counter())[word] += 1
    ranked = sorted(informants, key=lambda stem: -len(informants[stem]))  # stable: first said first
    return [said[stem].most_common(1)[0][0] for stem in ranked if len(informants[stem]) >= 2][:most]


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused: the index holds a million small sets at 20,000 turns, none
    of them in a cycle, and every full collection walks them all (and the caller's objects, such as
    a session's turns): half the time at that size, growing faster than the passages."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@cache
def _stop_words(lang: str) -> frozenset[str]:
    return STOPWORDS[lang] | SPOKEN[lang]


@cache
def _stemmer(lang: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(_STEMMERS.get(lang, "danish"))


def _sentences(text: str) -> Iterable[tuple[int, int]]:
    start = 0
    for match in _BOUNDARY.finditer(text):
        gap = next(g for g in (1, 2, 3) if match.group(g) is not None)
        yield from _parts(text, start, match.start(gap))
        start = match.end()
    yield from _parts(text, start, len(text))


def _parts(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """The sentence [start, end) trimmed, split at commas when it runs too long."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return
    if len(text[start:end].split()) <= LONG_SENTENCE:
        yield start, end
        return
    part_start = start
    for match in _COMMA.finditer(text, start, end):
        if len(text[part_start:match.start()].split()) >= PART_WORDS and len(text[match.end():end].split()) >= PART_WORDS:
            yield part_start, match.start() + 1  # the comma stays with its part
            part_start = match.end()
    yield part_start, end


def _skip_leading_fillers(text: str, start: int, end: int) -> int:
    """Where the passage starts once "Altså, øh, " and the like are left out (not if nothing
    would be left)."""
    filler = _LEADING_FILLER.match(text, start, end)
    skipped = filler.end() if filler else start
    junk = _LEADING_JUNK.match(text, skipped, end)
    skipped = junk.end() if junk else skipped
    return skipped if skipped < end else start


def _without_phrases(words: list[str]) -> list[str]:
    kept, index = [], 0
    while index < len(words):
        for phrase in FILLER_PHRASES:
            if tuple(words[index:index + len(phrase)]) == phrase:
                index += len(phrase)
                break
        else:
            kept.append(words[index])
            index += 1
    return kept


def _root(parent: list[int], index: int) -> int:
    while parent[index] != index:
        parent[index] = parent[parent[index]]  # path halving keeps the trees flat
        index = parent[index]
    return index


def _union(parent: list[int], a: int, b: int) -> None:
    ra, rb = _root(parent, a), _root(parent, b)
    if ra != rb:
        parent[max(ra, rb)] = min(ra, rb)  # the earliest passage stays the root


# --- one level of an evaluation ------------------------------------------------------------------


@dataclass(frozen=True)
class SuggestedPassage:
    text: str
    transcript: str  # the transcript's file name
    transcript_id: int
    turn: int  # the turn's position in its transcript
    start: int
    end: int
    group: str  # the interview group's name
    informant: int  # the participant's row id: tells informants apart without naming them
    speaker: str  # the transcript's label (a pseudonym or code): for the evaluator's terminal only
    selected: int | None  # the id of an already selected quote overlapping the passage
    places: int  # how many places `quote add --text` finds it in: 1 means it can be pasted as is


@dataclass(frozen=True)
class Suggestion:
    informants: int
    groups: int
    words: list[str]
    passages: list[SuggestedPassage]


@dataclass(frozen=True)
class LevelSuggestions:
    level: str  # the level's key
    round: int
    passages: int  # informant passages read
    informants: int  # informants they came from
    suggestions: list[Suggestion]  # the first `top`, best first
    more: int  # how many further suggestions there are beyond `top`


def level_suggestions(session: Session, ev: OpenEvaluation, level_name: str, *, min_informants: int = 2,
                      top: int | None = None) -> LevelSuggestions:
    """Recurrence suggestions for one level: only named informants' turns (not the interviewer's,
    not an unknown speaker's), none from a participant who withdrew consent or an excluded group."""
    with _no_cycle_collection():  # see there: the turns and the index are many small objects
        return _level_suggestions(session, ev, level_name, min_informants=min_informants, top=top)


def _level_suggestions(session: Session, ev: OpenEvaluation, level_name: str, *, min_informants: int,
                       top: int | None) -> LevelSuggestions:
    level = ev.level(level_name)
    transcripts = {t.id: t for t in transcripts_of(session, level)}
    groups = {g.id: g for g in groups_of(session, level)}
    withdrawn = set(session.exec(
        select(Participant.id).join(InterviewGroup, Participant.group_id == InterviewGroup.id)
        .where(InterviewGroup.level_id == level.id, Participant.consent_status == ConsentStatus.WITHDRAWN)
    ))
    level_turns = turns_of_level(session, level)
    turns = {turn.id: turn for turn in level_turns}
    spoken = [
        SpokenTurn(turn.id, turn.text, turn.participant_id, transcripts[turn.transcript_id].group_id)
        for turn in level_turns
        if not turn.is_interviewer and turn.speaker != UNKNOWN_SPEAKER and turn.participant_id is not None
        and turn.participant_id not in withdrawn
    ]
    passages = [passage for turn in spoken for passage in passages_of(turn, ev.lang)]
    found = recurrences_in(passages, ev.lang, min_informants=min_informants)
    shown = found if top is None else found[:top]
    selected = _selected_spans(session, level.id)
    places = _places([p.text for r in shown for p in r.passages], level_turns)
    suggestions = [
        Suggestion(r.informants, r.groups, r.words, [
            SuggestedPassage(
                text=p.text, transcript=transcripts[turns[p.turn].transcript_id].original_filename,
                transcript_id=turns[p.turn].transcript_id, turn=turns[p.turn].position, start=p.start, end=p.end,
                group=groups[p.group].name, informant=p.informant, speaker=turns[p.turn].speaker,
                selected=next((quote_id for start, end, quote_id in selected.get(p.turn, ())
                               if start < p.end and p.start < end), None),
                places=places[p.text],
            )
            for p in r.passages
        ])
        for r in shown
    ]
    return LevelSuggestions(level.key, level.position, len(passages), len({t.informant for t in spoken}),
                            suggestions, len(found) - len(shown))


def suggestion_rows(result: LevelSuggestions) -> dict:
    """The suggestions as `bikva quote suggest --json` prints them (no speaker labels):

    {"level": "citizens", "round": 1, "passages": 120, "informants": 9, "more": 0,
     "suggestions": [{"rank": 1, "informants": 4, "groups": 2, "words": ["ventetiden", ...],
                      "passages": [{"text": "...", "transcript": "borgere.txt", "transcript_id": 1,
                                    "turn": 3, "start": 0, "end": 52, "group": "Gruppe 1",
                                    "informant": 7, "selected": null, "places": 1}, ...]}, ...]}
    """
    return {
        "level": result.level,
        "round": result.round,
        "passages": result.passages,
        "informants": result.informants,
        "more": result.more,
        "suggestions": [
            {
                "rank": rank,
                "informants": s.informants,
                "groups": s.groups,
                "words": s.words,
                "passages": [
                    {"text": p.text, "transcript": p.transcript, "transcript_id": p.transcript_id, "turn": p.turn,
                     "start": p.start, "end": p.end, "group": p.group, "informant": p.informant,
                     "selected": p.selected, "places": p.places}
                    for p in s.passages
                ],
            }
            for rank, s in enumerate(result.suggestions, start=1)
        ],
    }


def _selected_spans(session: Session, level_id: int) -> dict[int, list[tuple[int, int, int]]]:
    spans: dict[int, list[tuple[int, int, int]]] = {}
    for quote in session.exec(select(Quote).where(Quote.level_id == level_id, Quote.turn_id.is_not(None))):
        spans.setdefault(quote.turn_id, []).append((quote.start, quote.end, quote.id))
    return spans


def _places(passages: Sequence[str], turns: Sequence) -> dict[str, int]:
    """passage -> how many places `quote add --text` finds it in: in normal form, in every turn
    that is not the interviewer's (an unknown speaker's and a withdrawn participant's count, as
    they do there).

    All at once, so the time grows with the text and not with the text times the passages (a large
    level has both many turns and many suggestions): a passage's pattern is tried only on the turns
    holding its rarest inner token, a whole whitespace-separated token in every match, found in
    one pass over the turns. A passage of one or two tokens has no inner token: it is tried on the
    turns holding its longest token anywhere."""
    if not passages:
        return {}
    texts = [normalise(turn.text).text for turn in turns if not turn.is_interviewer]
    tokens = {passage: normalise(passage).text.split() for passage in set(passages)}
    tokens_of_texts = [set(text.split()) for text in texts]
    # How many turns hold each token: a passage is tried only where its rarest inner token is,
    # so a passage of common words does not make every turn a candidate.
    spread = Counter(token for found in tokens_of_texts for token in found)
    keys = {}
    for passage, words in tokens.items():
        if len(words) > 2:
            keys[passage] = min(words[1:-1], key=lambda token: (spread[token], -len(token)))
    holding: dict[str, list[int]] = {key: [] for key in keys.values()}
    for index, found in enumerate(tokens_of_texts):
        for token in found & holding.keys():
            holding[token].append(index)
    del tokens_of_texts
    counts = {}
    for passage, words in tokens.items():
        if not words:
            counts[passage] = 0
            continue
        if passage in keys:
            key = keys[passage]
            holders = holding[key]
            # Only the passage's own turn has its rarest word, no more often than the passage:
            # it is there once and nowhere else, without a pattern to make and try (most are).
            if len(holders) == 1 and texts[holders[0]].split().count(key) == words.count(key):
                counts[passage] = 1
                continue
            candidates = (texts[i] for i in holders)
        else:  # a match holds the passage's longest token, perhaps inside a longer one
            longest = max(words, key=len)
            candidates = (text for text in texts if longest in text)
        pattern = passage_pattern(passage)
        counts[passage] = sum(1 for text in candidates for _ in pattern.finditer(text))
    return counts
