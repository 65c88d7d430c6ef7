"""Finding what could identify someone in a quote: pure functions on text, no database.

`find_identifying(text, names=..., local_names=...)` returns a `Hit` (kind, text, start, end) for
each stretch of `text` that a reader could use to tell who said it, who it is about, or where:

- ``name``: a registered real name (participants, staff), in full or the first name alone
  (a surname alone too, when it is written with a capital);
- ``local``: one of the evaluation's local names (municipality, departments, places);
  both also inside a compound with an ordinary word ("Holmstrupborgerne", "Jobcenterholmstrup":
  the hit is the whole word, since a redaction replaces whole words) and joined with an
  underscore ("Hanne_Jensen");
- ``municipality``: one of Denmark's 98 municipalities (``data/kommuner.txt``), alone, in the
  genitive or as "X Kommune", and any "X Kommune" whose X is not an ordinary word;
- ``cpr``: a CPR number whose first six digits are a real date, the groups set off by a dash,
  a dot, a space or nothing ("010190-1234", "01.01.90-1234", "0101 90 1234");
- ``phone``: a Danish eight-digit number, with or without +45, in pairs or 4+4, set off by
  spaces, dots or dashes alike ("12 34 56 78", "12.34.56.78");
- ``email``: an e-mail address, also spelt out ("mette(at)holmstrup(dot)dk", "[at]", " at ");
- ``address``: a street name ending in vej, gade, allé, plads, vænget, stræde, ... followed by a
  house number (or "nr. 5"), optionally floor and side ("Holmevej 12, 2. tv."); in lower case
  ("søndergade 5") only names ending in an unmistakable street word (vej, gade, plads, ...);
- ``unknown_capitalised``: a word with a capital letter in the middle of a sentence that is not
  an ordinary word (see below);
- ``unique_role``: a title only one person holds, so it points at that person in a small
  organisation: "jobcenterchefen", "direktøren", "udvalgsformanden", "borgmesterens", a compound
  ending in one of these in the definite singular, or the bare title after "som" ("som formand
  for udvalget ..." gives the speaker away); and the study's own unique titles
  (`unique_roles`, bikva.toml [anonymity] unique_titles), matched like local names.

Typing cannot dodge it: the text is read in its normal form (`bikva.intake.normalise`: soft
hyphens and zero-width characters removed, every dash a hyphen, every space a space, full-width
digits and letters plain, look-alike Cyrillic or Greek letters Latin), and each hit is mapped
back to the original: its text, start and end are the characters as typed ("Ме\u00adtte").

Registered names and local names match like redactions do (`bikva.selection.redaction.Redactor`): any case,
any whitespace, whole words, allowing a Danish genitive -s; the hit's text is what to redact.
A one-word name that is also an everyday word ("Bo", "Holm", "Skov", "Ydelse") must be written
with a capital to hit, so the verb "bo" is not taken for Bo, or come after a form of address
("fru holm", "hr. skov"); it is not looked for inside compounds ("Skovturen").

Ordinary words. Danish writes only proper nouns with a capital inside a sentence, so a capital
after the start of a sentence is a name, unless it is a name everybody knows. wordfreq's Danish
list is case-folded, so its frequency says how common a word is in Danish text, names included:
a word with ``zipf_frequency(word, "da") >= ORDINARY_ZIPF`` (bikva.intake.ordinary_words: 3.5, about three in a million
words; also with a genitive or definite ending taken off) is taken as known. Everyday words and
names known all over the country lie above it (Danmark 5.96, Aarhus 5.38, Facebook 4.8, Netflix
3.99, Jobcenter 3.73); surnames and small places lie below it (Kjærgaard 3.13, Krag 3.25, Skejby
3.27; "Holmstrup" is not in the list at all). The small list stops at 3.0, so a threshold of 3.0
would only catch words missing from it and let those surnames through; above 3.5 words that
transcribers capitalise by habit begin to hit (Jobcentret 3.47, Borgerservice 3.55, Teams 3.58).
Corrections, each tuned on the demo transcripts:

- common first names (``data/fornavne.txt``) hit although the list counts "mette" as common,
  and, being names, also at the start of a sentence ("Mette ringede"), except the few that are
  everyday words there too ("Hans sag", "Per brev");
- surnames hit: -gaard, and -sen unless it is the definite form of an ordinary word ("Hansen",
  "Olsen", not "Indsatsen");
- a compound of an ordinary word and a word for a function is ordinary ("Integrationsafdelingen",
  "Skoleudvalget", "Misbrugscentret"): such units exist everywhere, and the evaluation's own
  go on its list of local names; compounds ending in a place or building ("Kildeskov",
  "Rosenhaven", "Kildeskolen") still hit;
- well-known authorities, schemes, acronyms and chains (``data/kendte_navne.txt``: Jobcentret,
  MitID, FGU, KS, SB, Føtex, ...) never hit.

A word counts as the start of a sentence at the start of the text or a line, and after . ! ? …
: an opening quotation mark or bracket, or a closing bracket ("(Pause) Jeg ..."), but not after
abbreviations such as "fx." or "bl.a.". Text in square brackets is a placeholder ("[kommunen]",
"[navn på sagsbehandler]") or an editorial mark ("[utydeligt]") and never hits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from importlib.resources import files

from bikva.intake.normalise import normalise
from bikva.intake.ordinary_words import is_ordinary
from bikva.intake.passages import any_whitespace

KINDS = ("name", "local", "municipality", "cpr", "phone", "email", "address", "unknown_capitalised", "unique_role")


# Overlapping hits: the first tier wins, then the longer hit, then the order of KINDS.
_TIER = {"name": 0, "local": 0, "cpr": 0, "phone": 0, "email": 0, "address": 0, "municipality": 1,
         "unique_role": 1, "unknown_capitalised": 2}

# Titles only one person holds (also as the last part of a compound: "jobcenter|chef",
# "social|direktør", "udvalgs|formand"), in the definite singular, with or without genitive -s:
# "the head" is one person; "cheferne", "en chef" are not. "borgmestren" is the short form.
_UNIQUE_TITLES = r"(?:chef|direktør|formand|borgmester|borgmestr|rådmand)"
_UNIQUE_ROLE = re.compile(rf"(?<![\w-])[^\W\d_]*{_UNIQUE_TITLES}ens?(?![\w-])", re.IGNORECASE)
_AS_TITLE = re.compile(rf"(?<![\w-])som\s+(?P<title>[^\W\d_]*{_UNIQUE_TITLES})(?![\w-])", re.IGNORECASE)

UPPER = "A-ZÆØÅÄÖÜÉ"
_WORD = re.compile(r"(?<![\w-])[^\W\d_]+(?:-[^\W\d_]+)*(?![\w-])")
_BRACKETS = re.compile(r"\[[^\[\]\n]*\]")
_SPELT_OUT = re.compile(r"\[\s*(?:at|dot|snabel-?a|punktum)\s*\]", re.IGNORECASE)  # "mette[at]holmstrup.dk"
_SENTENCE_BEFORE = set(".!?…:\"'“”„«»‘’‚([{)]}")
# After these a full stop does not end the sentence: "fx. Holmstrup" is mid-sentence.
_ABBREVIATIONS = {"fx", "f.eks", "bl.a", "ca", "kl", "nr", "tlf", "hr", "fr", "jf", "ift", "pga", "iflg",
                  "inkl", "ekskl", "vha", "mht", "evt", "dvs", "st", "skt", "sct", "gl", "vedr", "ang"}
# First names that are also everyday words ("Hans sag", "Per brev", "Line" = rope) are only names
# mid-sentence; every other common first name hits at the start of a sentence too ("Mette ringede").
_EVERYDAY_FIRST_NAMES = {"bo", "per", "hans", "tage", "line", "sten", "mark", "tom", "ane", "gry", "kaj", "rune",
                         "signe"}
_MIN_PART = 4  # letters in the first part of a compound taken as ordinary
_MIN_NAME_IN_COMPOUND = 4  # letters in a registered name found inside a compound ("Ib" is not in "Ibrahim")
# Forms of address before an everyday-word surname written in lower case: "fru holm", "hr. skov".
_TITLE_BEFORE = re.compile(r"(?<!\w)(?:fru|frue|hr|herr|frk|frøken|fam|familien|dr)\.?\s+\Z", re.IGNORECASE)
# Last parts of compounds that name a function, not a place: "Integrations|afdelingen".
_GENERIC_TAILS = (
    "afdeling", "udvalg", "center", "centret", "centeret", "centre", "enhed", "ministerium", "ministeriet",
    "styrelse", "forvaltning", "team", "indsats", "tilbud", "tilbuddet", "hjælp", "rådgivning", "kontor",
    "sektion", "myndighed", "forening", "ordning", "forløb", "projekt", "job", "ydelse", "sekretariat",
    "gruppe", "område", "behandling", "service", "konsulent", "vejleder", "vejledning", "rådgiver",
    "sagsbehandler", "psykiatri", "samtale", "møde", "pension", "penge", "plan", "program",
)
_TAIL_ENDINGS = ("", "s", "n", "t", "en", "et", "ens", "ets", "er", "r", "ne", "ene", "erne")
_INFLECTIONS = ("s", "n", "en", "et", "ens", "ets", "ne", "ene", "erne", "ernes")

# "mette@holmstrup.dk", and as people write it to dodge harvesters: "mette (at) holmstrup (dot) dk",
# "mette[at]holmstrup.dk", "mette at holmstrup dot dk", "mette (snabel-a) holmstrup (punktum) dk".
_AT = r"(?:\s*@\s*|\s*[(\[{]\s*(?:at|snabel-?a)\s*[)\]}]\s*|\s+at\s+)"
_DOT = r"(?:\.|\s*[(\[{]\s*(?:dot|punktum)\s*[)\]}]\s*|\s+dot\s+)"
_EMAIL = re.compile(
    rf"(?<![\w.+-])[\w.+-]*\w{_AT}(?P<domain>[A-Za-z0-9][\w-]*(?:{_DOT}[\w-]+)*{_DOT}(?P<tld>[A-Za-z]{{2,6}}))(?![\w-])",
    re.IGNORECASE,
)
# A CPR number: ddmmyy and four digits, each group optionally set off by a dash, a dot or a space
# ("010190-1234", "01.01.90-1234", "0101 90 1234"); the dashes and spaces are already plain.
_CPR = re.compile(r"(?<![\d.-])(\d\d)[-. ]?(\d\d)[-. ]?(\d\d)[-. ]?\d{4}(?![\d-]|\.\d)")
# A Danish phone number: eight digits in pairs or 4+4, the separators alike (a space, a dot or a
# dash: "12 34 56 78", "12.34.56.78", "1234-5678"), with or without +45 / 0045. Mixed separators
# are times and dates ("kl. 10.00-11.50").
_PHONE = re.compile(
    r"(?<![\w+.])(?<!\d )(?:(?P<prefix>(?:\+|00)45) ?)?"
    r"(?P<number>\d\d(?P<s1>[ .-]?)\d\d(?P<s2>[ .-]?)\d\d(?P<s3>[ .-]?)\d\d)(?![ .-]?\d)(?!\w)"
)
_STREET_ENDINGS = (
    "vej", "vejen", "gade", "gaden", "alle", "allé", "plads", "pladsen", "vænget", "vænge", "stræde",
    "strædet", "boulevard", "boulevarden", "torv", "torvet", "have", "haven", "park", "parken", "bakke",
    "bakken", "vang", "vangen", "toft", "toften", "høj", "sti", "stien", "gyde", "dal", "dalen", "mark",
    "marken", "eng", "engen", "lund", "lunden", "kær", "kæret", "hegn", "ager", "løkke", "løkken", "kaj",
    "kajen", "strand", "skov", "skoven", "bjerg", "brink", "ring", "ringen", "kvarter", "passage",
    "promenade", "huse", "gård", "gården",
)
_STREET_PREFIX = (
    rf"(?:(?:Store|Lille|Gammel|Gl\.|Ny|Nye|Nørre|Søndre|Vestre|Østre|Sankt|Skt\.|Sct\.|Dronning|Kong|Prins"
    rf"|[{UPPER}]\.(?:[{UPPER}]\.)*|[{UPPER}][^\W\d_]*s)\s+)"
)
_ADDRESS = re.compile(
    rf"(?<![\w.])(?P<street>{_STREET_PREFIX}{{0,3}}[{UPPER}][^\W\d_]*(?:-[^\W\d_]+)*)"
    rf"\s+(?:nr\.?\s*)?\d{{1,4}}(?:[A-Za-z]|\s[A-Z])?(?![\w])"
    rf"(?:,?\s*(?:st|kl|\d{{1,2}})\.(?:\s*(?:tv|th|mf|\d{{1,3}})\b\.?)?)?"
)
# In lower case ("søndergade 5") only a compound ending in an unmistakable word for a street:
# "skal have 2 møder" and "i vurdering 2" are not addresses.
_LOWER_STREET_ENDINGS = ("vej", "vejen", "gade", "gaden", "allé", "alle", "plads", "pladsen", "vænget", "stræde",
                         "strædet", "boulevard", "boulevarden", "torv", "torvet")
_LOWER_ADDRESS = re.compile(
    r"(?<![\w.])(?P<street>[^\W\d_A-ZÆØÅ][^\W\d_]*)\s+(?:nr\.?\s*)?\d{1,4}(?:[a-z])?(?![\w])"
    r"(?:,?\s*(?:st|kl|\d{1,2})\.(?:\s*(?:tv|th|mf|\d{1,3})\b\.?)?)?"
)

# Municipalities: the genitive official names, and the names that are also everyday Danish
# words ("vejen" is the road, "skive" a slice), which only hit with a capital mid-sentence
# unless "Kommune" follows.
_GENITIVE_STEMS = {"Københavns": "København", "Nordfyns": "Nordfyn", "Vesthimmerlands": "Vesthimmerland",
                   "Bornholms": "Bornholm"}
_AMBIGUOUS_MUNICIPALITIES = {"Vejen", "Odder", "Skive", "Greve", "Varde", "Tønder", "Brande"}
_NOT_ALONE = {"Høje"}  # "Høje-Taastrup": "høje" alone is just "high"
_KOMMUNE = r"(?:\s+(?:regions)?kommune)"


@dataclass(frozen=True)
class Hit:
    kind: str
    text: str
    start: int
    end: int


def find_identifying(
    text: str, *, names: Iterable[str], local_names: Iterable[str], lang: str = "da", unique_roles: Iterable[str] = ()
) -> list[Hit]:
    """Every stretch of `text` that may identify a person or a place, in reading order."""
    lang = lang if lang in ("da", "en") else "da"
    names_key = tuple(sorted({normalise(n).text.strip() for n in names if n and n.strip()}))
    local_key = tuple(sorted({normalise(n).text.strip() for n in local_names if n and n.strip()}))
    roles_key = tuple(sorted({normalise(r).text.strip() for r in unique_roles if r and r.strip()}))
    return list(_hits(text, names_key, local_key, lang, roles_key))


# A run checks the same texts for every document it makes (each guide, each edition of the
# report), with the same names: reading a text once per process is enough.
@lru_cache(maxsize=8192)
def _hits(text: str, names_key: tuple[str, ...], local_key: tuple[str, ...], lang: str,
          roles_key: tuple[str, ...]) -> tuple[Hit, ...]:
    normal = normalise(text)
    # The same length as normal.text, so offsets carry over: "Hanne_Jensen" is read as two words.
    spaced = normal.text.replace("_", " ")
    candidates: list[Hit] = []
    candidates += _registered(spaced, "name", _name_rules(names_key, True), lang)
    candidates += _registered(spaced, "local", _name_rules(local_key, False), lang)
    candidates += _municipalities(spaced)
    candidates += _patterns(normal.text, spaced)
    candidates += _unknown_capitalised(spaced, lang)
    candidates += _unique_roles(spaced, roles_key)
    hits = []
    for hit in _resolve(spaced, candidates):
        start, end = normal.span(hit.start, hit.end)
        hits.append(Hit(hit.kind, text[start:end], start, end))  # the characters as typed
    return tuple(hits)


# ---------------------------------------------------------------- registered names


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    needs_capital: bool
    # Inside a compound: "Holmstrup|borgerne", "Jobcenter|holmstrup" (None for everyday words).
    prefix: re.Pattern[str] | None = None
    suffix: re.Pattern[str] | None = None


@lru_cache(maxsize=64)
def _name_rules(entries: tuple[str, ...], people: bool) -> tuple[_Rule, ...]:
    """Patterns for registered names: each in full, and for people the first and last name alone
    (however the name was registered: "karen holm" gives "holm" too)."""
    variants: dict[str, bool] = {}
    for entry in entries:
        variants[entry] = _is_everyday(entry)
        parts = entry.split()
        if people and len(parts) > 1:
            for part in (parts[0], parts[-1]):
                if len(part) > 1:
                    variants.setdefault(part, _is_everyday(part))
    ordered = sorted(variants.items(), key=lambda item: -len(item[0]))
    rules = []
    for text, needs_capital in ordered:
        whole = re.compile(r"(?<!\w)" + any_whitespace(text) + r"(?=s?(?!\w))", re.IGNORECASE)
        compound = not needs_capital and len(text) >= _MIN_NAME_IN_COMPOUND and len(text.split()) == 1
        name = re.escape(text)
        rules.append(_Rule(
            whole, needs_capital,
            re.compile(rf"(?<![^\W\d_]){name}(?P<rest>[^\W\d_]{{3,}})", re.IGNORECASE) if compound else None,
            re.compile(rf"(?<![^\W\d_])(?P<head>[^\W\d_]{{3,}}?){name}s?(?![^\W\d_])", re.IGNORECASE)
            if compound else None,
        ))
    return tuple(rules)


def _is_everyday(text: str) -> bool:
    """A one-word name that is also a common word (or a common first name) needs a capital."""
    return len(text.split()) == 1 and (len(text) <= 2 or is_ordinary(text.lower(), "da"))


def _registered(text: str, kind: str, rules: tuple[_Rule, ...], lang: str) -> list[Hit]:
    hits = []
    for rule in rules:
        for match in rule.pattern.finditer(text):
            # "holm" is an islet, but "fru holm" is the registered Karen Holm.
            if rule.needs_capital and not match.group()[0].isupper() \
                    and not _TITLE_BEFORE.search(text[max(0, match.start() - 12) : match.start()]):
                continue
            hits.append(Hit(kind, match.group(), match.start(), match.end()))
        if rule.prefix is None:
            continue
        # A name inside a compound with an ordinary word: the hit is the whole word, which is
        # what a redaction must name (a redaction matches whole words only).
        for match in rule.prefix.finditer(text):
            if _ordinary_part(match.group("rest"), lang, link=True):
                hits.append(Hit(kind, match.group(), match.start(), match.end()))
        for match in rule.suffix.finditer(text):
            if _ordinary_part(match.group("head"), lang, link=False):
                hits.append(Hit(kind, match.group(), match.start(), match.end()))
    return hits


def _ordinary_part(part: str, lang: str, *, link: bool) -> bool:
    """The rest of a compound is an ordinary word, after a linking -s- or -e- ("Holmstrup|s|borgere")."""
    forms = [part] + ([part[1:]] if link and part[0].lower() in "se" and len(part) > 3 else [])
    return any(len(form) >= 3 and _known(form, lang) for form in forms)


# ---------------------------------------------------------------- municipalities


@cache
def _data_lines(name: str) -> tuple[str, ...]:
    raw = files("bikva.protection").joinpath("data", name).read_text(encoding="utf-8")
    return tuple(line.strip() for line in raw.splitlines() if line.strip() and not line.startswith("#"))


def municipality_names() -> tuple[str, ...]:
    """The official names of Denmark's municipalities, as in data/kommuner.txt."""
    return _data_lines("kommuner.txt")


@cache
def _municipality_rules() -> tuple[tuple[re.Pattern[str], bool], ...]:
    stems: set[str] = set()
    for official in municipality_names():
        stem = re.sub(r"\s+(Regions)?[Kk]ommune$", "", official)
        stem = _GENITIVE_STEMS.get(stem, stem)
        stems.add(stem)
        if "-" in stem:
            stems.update(part for part in stem.split("-") if part not in _NOT_ALONE)
    with_variants = set(stems)
    for stem in stems:  # Aarhus/Århus, Aabenraa/Åbenrå, Høje-Taastrup/Høje-Tåstrup
        with_variants.add(stem.replace("Aa", "Å").replace("aa", "å"))
    rules = []
    for stem in sorted(with_variants, key=lambda s: -len(s)):
        body = r"[-\s]".join(re.escape(part) for part in stem.split("-"))
        ambiguous = stem in _AMBIGUOUS_MUNICIPALITIES
        rules.append((re.compile(rf"(?<!\w){body}(?:s?{_KOMMUNE})?(?=s?(?!\w))", re.IGNORECASE), ambiguous))
    return tuple(rules)


_ANY_KOMMUNE = re.compile(rf"(?<![\w-])(?P<place>[{UPPER}][^\W\d_]+(?:-[{UPPER}][^\W\d_]+)*){_KOMMUNE}(?=s?(?!\w))",
                          re.IGNORECASE)


def _municipalities(text: str) -> list[Hit]:
    hits = []
    for pattern, ambiguous in _municipality_rules():
        for match in pattern.finditer(text):
            found = match.group()
            with_kommune = re.search(_KOMMUNE + "$", found, re.IGNORECASE) is not None
            if not with_kommune and (not found[0].isupper() or (ambiguous and _starts_sentence(text, match.start()))):
                continue
            hits.append(Hit("municipality", found, match.start(), match.end()))
    # "Holmstrup Kommune": any place name that is not an ordinary word, followed by Kommune.
    for match in _ANY_KOMMUNE.finditer(text):
        place = match.group("place")
        if place[0].isupper() and not _known(place, "da"):
            hits.append(Hit("municipality", match.group(), match.start(), match.end()))
    return hits


# ---------------------------------------------------------------- numbers, e-mail, addresses


def _patterns(text: str, spaced: str) -> list[Hit]:
    """E-mail addresses in `text` (where "_" is a letter), the rest in `spaced` (the same text
    with each "_" a space; the offsets are the same)."""
    hits = [Hit("email", m.group(), m.start(), m.end()) for m in _EMAIL.finditer(text) if _email_like(m)]
    for match in _CPR.finditer(spaced):
        if _plausible_date(*(int(g) for g in match.groups())):
            hits.append(Hit("cpr", match.group(), match.start(), match.end()))
    for match in _PHONE.finditer(spaced):
        s1, s2, s3 = match.group("s1", "s2", "s3")
        if not (s1 == s2 == s3 or (s1 == s3 == "" and s2)):
            continue
        digits = re.sub(r"\D", "", match.group("number"))
        if not match.group("prefix") and digits[0] == "0":  # no Danish number starts with 0
            continue
        if s2 and not s1 and _two_years(digits):  # "2024 2025", "2024-2025" are not phone numbers
            continue
        hits.append(Hit("phone", match.group(), match.start(), match.end()))
    for match in _ADDRESS.finditer(spaced):
        last = match.group("street").split()[-1].lower()
        if last.endswith(_STREET_ENDINGS):
            hits.append(Hit("address", match.group(), match.start(), match.end()))
    for match in _LOWER_ADDRESS.finditer(spaced):
        street = match.group("street")
        if any(street.endswith(ending) and len(street) > len(ending) + 2 for ending in _LOWER_STREET_ENDINGS):
            hits.append(Hit("address", match.group(), match.start(), match.end()))
    return hits


def _email_like(match: re.Match[str]) -> bool:
    """A spelt-out "at" is an everyday Danish word ("prøvede at ringe. Dk"): only with the
    domain written in lower case and a plain top-level domain."""
    if "@" in match.group() or "(" in match.group() or "[" in match.group() or "{" in match.group():
        return True
    return match.group("domain").islower() and match.group("tld").isalpha()


def _plausible_date(day: int, month: int, year: int) -> bool:
    for century in (1900, 2000):
        try:
            date(century + year, month, day)
            return True
        except ValueError:
            continue
    return False


def _two_years(digits: str) -> bool:
    return all(1900 <= int(digits[i : i + 4]) <= 2099 for i in (0, 4))


# ---------------------------------------------------------------- capitalised words


@cache
def _word_set(name: str) -> frozenset[str]:
    return frozenset(line.lower() for line in _data_lines(name))


def _known(word: str, lang: str) -> bool:
    """An ordinary word (also as a compound of two), or a name known all over the country."""
    lower = word.lower()
    return any(_known_form(form, lang) for form in _forms(lower)) or _ordinary_compound(lower, lang)


def _known_form(form: str, lang: str) -> bool:
    return (form in _word_set("kendte_navne.txt") or is_ordinary(form, lang)
            or (lang != "da" and is_ordinary(form, "da")))


def _ordinary_compound(lower: str, lang: str) -> bool:
    """Danish writes compounds as one word, and few are in the frequency list. A compound of an
    ordinary word and a word for a function ("Integrations|afdelingen", "Skole|udvalget",
    "Misbrugs|centret", "Flygtninge|hjælp") names a kind of unit found everywhere, so it is
    ordinary; the evaluation's own departments go on its list of local names. Compounds that end
    in a place or a building ("Kilde|skov", "Rosen|haven", "Kilde|skolen") are left to hit."""
    for cut in range(_MIN_PART, len(lower) - 2):
        head, tail = lower[:cut], lower[cut:]
        if not any(tail.startswith(stem) and tail[len(stem):] in _TAIL_ENDINGS for stem in _GENERIC_TAILS):
            continue
        heads = [head] + [head[:-1] for link in ("s", "e") if head.endswith(link) and len(head) > _MIN_PART]
        if any(_known_form(h, lang) for h in heads):
            return True
    return False


def _forms(lower: str) -> list[str]:
    """The word and its stem without a genitive or definite ending (ydelsen -> ydelse)."""
    forms = [lower]
    for ending in _INFLECTIONS:
        if lower.endswith(ending) and len(lower) - len(ending) >= 4:
            forms.append(lower[: -len(ending)])
    return forms


def _first_name(word: str) -> bool:
    lower = word.lower()
    first_names = _word_set("fornavne.txt")
    return lower in first_names or (lower.endswith("s") and lower[:-1] in first_names)


def _person_like(word: str, lang: str) -> bool:
    """A common first name, or a surname: -gaard, or -sen where it is not the definite form of an
    ordinary word ("Hansen", "Olsen", but not "Indsatsen", "Krisen", "Beskæftigelsesindsatsen")."""
    if _first_name(word):
        return True
    lower = word.lower().removesuffix("s")
    if lower.endswith("gaard") and len(lower) > 5:
        return True
    if not lower.endswith("sen") or len(lower) < 5:
        return False
    definite = [lower[:-2], lower[:-1]]  # indsats|en, kris|en -> krise
    return not any(_known_form(form, lang) and not _first_name(form) for form in definite) \
        and not _ordinary_compound(lower, lang)


def _unknown_capitalised(text: str, lang: str) -> list[Hit]:
    hits = []
    for match in _WORD.finditer(text):
        token = match.group()
        if not token[0].isupper():
            continue
        if _starts_sentence(text, match.start()):
            # Only a common first name is a name at the start of a sentence ("Mette ringede").
            if _first_name(token) and not {token.lower(), token.lower().removesuffix("s")} & _EVERYDAY_FIRST_NAMES:
                hits.append(Hit("unknown_capitalised", token, match.start(), match.end()))
            continue
        if "-" in token and _known(token, lang):  # "e-Boks" as a whole
            continue
        offset = match.start()
        for part in token.split("-"):  # "Holmstrup-borgerne": the capitalised part
            if len(part) > 1 and part[0].isupper() and (_person_like(part, lang) or not _known(part, lang)):
                hits.append(Hit("unknown_capitalised", part, offset, offset + len(part)))
            offset += len(part) + 1
    return hits


def _starts_sentence(text: str, position: int) -> bool:
    i = position - 1
    while i >= 0 and text[i] in " \t\u00a0":
        i -= 1
    if i < 0 or text[i] in "\r\n":
        return True
    if text[i] == "." and _abbreviation_before(text, i):
        return False
    return text[i] in _SENTENCE_BEFORE


def _abbreviation_before(text: str, dot: int) -> bool:
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    return text[start:dot].lower() in _ABBREVIATIONS


# ---------------------------------------------------------------- titles held by one person


def _unique_roles(text: str, own: tuple[str, ...]) -> list[Hit]:
    hits = [Hit("unique_role", m.group(), m.start(), m.end()) for m in _UNIQUE_ROLE.finditer(text)]
    hits += [Hit("unique_role", m.group("title"), m.start("title"), m.end("title")) for m in _AS_TITLE.finditer(text)]
    for title in own:  # the study's own: any case, whole words, a genitive -s allowed
        pattern = re.compile(r"(?<!\w)" + any_whitespace(title) + r"(?=s?(?!\w))", re.IGNORECASE)
        hits += [Hit("unique_role", m.group(), m.start(), m.end()) for m in pattern.finditer(text)]
    return hits


# ---------------------------------------------------------------- overlaps and placeholders


def _resolve(text: str, candidates: list[Hit]) -> list[Hit]:
    """One hit per stretch of text; nothing inside square brackets."""
    brackets = [(m.start(), m.end()) for m in _BRACKETS.finditer(text) if not _SPELT_OUT.fullmatch(m.group())]
    kept: list[Hit] = []
    order = sorted(candidates, key=lambda h: (_TIER[h.kind], -(h.end - h.start), KINDS.index(h.kind), h.start))
    for hit in order:
        if any(hit.start < end and start < hit.end for start, end in brackets):
            continue
        if any(hit.start < other.end and other.start < hit.end for other in kept):
            continue
        kept.append(hit)
    return sorted(kept, key=lambda h: (h.start, h.end))
