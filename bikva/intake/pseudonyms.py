"""Speaker labels that are real names, replaced by pseudonyms at import.

Teams and Zoom label every caption with the speaker's display name, that is a real name, and some
transcribers write names too. A turn's speaker and a participant's label are printed, exported
and kept after the purge, so a real name must be neither. At import every label that looks like
a name is replaced by a pseudonym: the level's letter (`level.<key>.pseudonym` in
templates/i18n/<lang>/levels.toml: B, M, L, P in Danish) and the first number free in the group
(`B1`, `M2`), never equal to another label of the transcript or of the group's participants. The
name is kept only in the consent registry's identity table (`ParticipantIdentity.real_name`),
where the guard (`bikva.protection.guard.identifying_names`) looks for it in every quote that
travels. The same name in a later transcript of the group, or in a corrected version, gets the
pseudonym it already has (the identity table says who it is), so one person stays one
participant, as one label always was.

What looks like a name (`looks_like_name`), decided on the label alone:

- an e-mail address or a phone number (Zoom shows a dialled-in caller by number);
- a capitalised word that is neither a role, a code nor a heading word: "Karen Holm", "Hanne",
  "Farías, Maria", "Karen Holm (Holmstrup Kommune)", "KAREN HOLM";
- where the label also holds a role word, the other word only if it is a common first name
  (bikva/protection/data/fornavne.txt), ends like a surname (-sen, -gaard) or is not an ordinary
  word (wordfreq, as the guard): "Sagsbehandler Mette" and "Borger Kjærgaard" are names,
  "Sagsbehandler Nord" and "Borger Vest" are not.

Never a name: codes and roles, `B1`, `SB2`, `Deltager 3`, `Borger A`, `SPEAKER_00`, `S01`,
`Speaker 1`, `Interviewer`, `I`, `Unknown Speaker`, `?`, short codes in capitals (`INT`, `KH`:
initials pass as codes), labels without a capital letter, and headings ("Tema 2 kl. 10.30",
which the import warns about instead). A label wrongly taken for a name costs only a visible
pseudonym (the import names every replacement); a name taken for a code would be stored, so the
rule leans towards replacing.

The evaluator decides over the rule: `--speaker OLD=NEW` gives the label NEW, never replaced
(and when OLD is a name and NEW is not, OLD is kept as NEW's real name for the guard, as the
rule would have done), and `--keep-labels` keeps every label of the file as it is.

The interviewer's display name is replaced too, by `I` (or `I1`, `I2` when there are several
or `I` is taken), but is kept nowhere: the interviewer is not a participant, and is named on
purpose in the study's own texts (`interviewers`, `contact`, the report's authors); registering
the name for the guard would block the report on its own authors' line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

from sqlmodel import Session, select

from bikva.errors import BikvaError
from bikva.i18n import LANGUAGES, lookup, t
from bikva.intake.importers.model import (
    DEFAULT_INTERVIEWER_LABELS,
    DEFAULT_PARTICIPANT_LABELS,
    UNKNOWN_SPEAKER,
    ParsedTurn,
)
from bikva.intake.importers.turns import UNKNOWN_LABELS
from bikva.intake.ordinary_words import is_ordinary
from bikva.store.files import printable
from models.interview_group import InterviewGroup
from models.level import STANDARD_LEVELS, Level
from models.participant import Participant
from models.participant_identity import ParticipantIdentity

INTERVIEWER_PSEUDONYM = "I"
# Words that name a role, not a person (Danish and English; the levels' own words are added from
# the catalogues). Compounds ending in one of the longer ones are roles too ("Afdelingsleder").
_ROLE_WORDS = frozenset(
    """interviewer intervieweren int moderator moderatoren facilitator ordstyrer interviewperson ip
    informant respondent deltager participant borger citizen bruger user interviewee speaker taler
    person unknown ukendt sagsbehandler medarbejder leder chef politiker medlem member formand
    næstformand borgmester rådmand direktør konsulent rådgiver mentor vejleder kontaktperson
    koordinator tolk interpreter bisidder pårørende forælder mor far barn ung elev kvinde mand
    woman man guest gæst observatør observer referent notetaker host vært assistent assistant staff
    caseworker worker manager leader politician councillor mayor chair director counsellor adviser
    advisor parent mother father child student pædagog lærer teacher terapeut psykolog læge
    sygeplejerske nurse alle all flere several stemme voice kor chorus gruppe group panel""".split()
)
_MIN_ROLE_TAIL = 5  # letters of a role word that ends a compound ("leder" in "Teamleder")
_INFLECTIONS = ("erne", "ene", "en", "ne", "er", "et", "e", "n", "s")
# Words of a heading or a front-matter field (speakers.py warns about such labels).
_HEADING_WORDS = frozenset(
    """dato date sted place tid time tidspunkt klokken kl deltagere participants emne subject tema
    theme spørgsmål question note noter notes bemærk bemærkning interviewguide guide transskription
    transcript transskriberet side page runde round titel title afsnit section del part kapitel
    chapter varighed duration""".split()
)
_TOKEN = re.compile(r"[\w'’.-]+")
_CODE_TOKEN = re.compile(r"[^\W\d_]{0,10}_?\d{1,3}|\d+|[^\W\d_]|#\d+")  # B1, SPEAKER_00, S01, 3, A
_MAX_CODE_CAPITALS = 4  # "INT", "SB", "KH" are codes; "KAREN" is a name written in capitals
_PHONE_DIGITS = 6
_SURNAME_ENDINGS = ("sen", "gaard", "gård")


@dataclass
class Pseudonyms:
    """What an import does with labels that are names. Keys are labels as the file writes them
    (after --speaker): real names, shown only on the evaluator's own terminal."""

    replaced: dict[str, str] = field(default_factory=dict)  # name -> pseudonym, in order of appearance
    interviewers: frozenset[str] = frozenset()  # those of the names that are the interviewer's
    renamed: dict[str, str] = field(default_factory=dict)  # name the evaluator renamed -> their label

    @property
    def shown(self) -> dict[str, str]:
        """Every name and the label it became, for the import's output."""
        return {**self.renamed, **self.replaced}

    def identities(self) -> dict[str, str]:
        """Participant label -> the real name to keep for it (never the interviewer's)."""
        kept: dict[str, str] = {}
        for name, label in self.shown.items():
            if name not in self.interviewers:
                kept.setdefault(label, name)
        return kept

    def apply(self, turns: Sequence[ParsedTurn]) -> list[ParsedTurn]:
        return [ParsedTurn(self.replaced.get(turn.speaker, turn.speaker), turn.text, turn.is_interviewer,
                           turn.start_ms, turn.end_ms) for turn in turns]


def looks_like_name(label: str, lang: str = "da") -> bool:
    """Whether a speaker label is, or holds, something that names a person (module docstring)."""
    if "@" in label or sum(c.isdigit() for c in label) >= _PHONE_DIGITS:
        return True
    words = [w.strip("'’.-") for w in _TOKEN.findall(label)]
    words = [w for w in words if w]
    if any(_is_heading(w) for w in words) and not any(_first_name(w) for w in words):
        return False
    roles = [w for w in words if _is_role(w)]
    candidates = [w for w in words if w not in roles and _capitalised(w) and not _is_code(w)]
    if not candidates:
        return False
    if not roles:
        return True
    return any(_person_like(w, lang) for w in candidates)


def plan_pseudonyms(
    session: Session,
    *,
    lang: str,
    level: Level,
    group: InterviewGroup | None,
    turns: Sequence[ParsedTurn],
    renamed: dict[str, str],
    keep_labels: bool = False,
) -> Pseudonyms:
    """The pseudonym of each label of `turns` that looks like a name. `renamed` maps the file's
    labels the evaluator renamed with --speaker to their new label (which is kept as it is)."""
    labels = list(dict.fromkeys(turn.speaker for turn in turns))
    interviewer = {turn.speaker for turn in turns if turn.is_interviewer}
    chosen = set(renamed.values())
    names = [] if keep_labels else [
        label for label in labels
        if label != UNKNOWN_SPEAKER and label not in chosen and looks_like_name(label, lang)
    ]
    staying = [label for label in labels if label not in names]
    participants = _participants(session, group)
    taken = {_fold(label) for label in staying} | {_fold(p.label) for p in participants}
    known = _known_names(session, participants)
    replaced: dict[str, str] = {}
    for name in (n for n in names if n not in interviewer):
        existing = known.get(_same_name(name))
        if existing is not None:
            if _fold(existing) in {_fold(label) for label in staying}:
                raise BikvaError("transcripts.pseudonyms.clash", name=printable(name, 60), label=existing,
                                 group=printable(group.name, 60))
            replaced[name] = existing
        else:
            replaced[name] = _next_free(_letter(lang, level), taken)
        taken.add(_fold(replaced[name]))
    named_interviewers = [n for n in names if n in interviewer]
    for name in named_interviewers:
        single = len(named_interviewers) == 1 and _fold(INTERVIEWER_PSEUDONYM) not in taken
        replaced[name] = INTERVIEWER_PSEUDONYM if single else _next_free(INTERVIEWER_PSEUDONYM, taken)
        taken.add(_fold(replaced[name]))
    kept_names = {
        old: new for old, new in renamed.items()
        if old != UNKNOWN_SPEAKER and looks_like_name(old, lang) and not looks_like_name(new, lang)
    }
    ordered = {name: replaced[name] for name in labels if name in replaced}  # in order of appearance
    return Pseudonyms(ordered, frozenset(named_interviewers) | {o for o, n in kept_names.items() if n in interviewer},
                      kept_names)


def keep_real_names(session: Session, group: InterviewGroup, pseudonyms: Pseudonyms) -> int:
    """Keep each participant's real name in the identity table (a participant who already has one
    keeps theirs). Returns how many were added."""
    added = 0
    for label, name in pseudonyms.identities().items():
        participant = session.exec(
            select(Participant).where(Participant.group_id == group.id, Participant.label == label)
        ).first()
        if participant is None:
            continue
        has_one = session.exec(
            select(ParticipantIdentity.id).where(ParticipantIdentity.participant_id == participant.id)
        ).first() is not None
        if not has_one:
            session.add(ParticipantIdentity(participant_id=participant.id, real_name=_same_name(name)))
            added += 1
    session.flush()
    return added


# --- the rule's parts ---------------------------------------------------------------------------


def _capitalised(word: str) -> bool:
    return word[0].isupper() and any(c.isalpha() for c in word)


def _is_code(word: str) -> bool:
    if _CODE_TOKEN.fullmatch(word) or not word[0].isalpha():
        return True
    letters = [c for c in word if c.isalpha()]
    return word.isupper() and len(letters) <= _MAX_CODE_CAPITALS and not _first_name(word)


def _forms(word: str, least: int = 2) -> list[str]:
    """The word, and its stems without a definite, plural or genitive ending of `least` letters or more."""
    lower = word.casefold()
    return [lower] + [lower[: -len(e)] for e in _INFLECTIONS if lower.endswith(e) and len(lower) - len(e) >= least]


def _is_role(word: str) -> bool:
    roles = _role_words()
    lower = word.casefold()
    if lower in roles:
        return True
    # Inflected ("Borgeren") or a compound ("Afdelingsleder"): only the longer role words, so a
    # name is not read as a short one ("Manne" is not "man" + -ne).
    for form in _forms(word, least=_MIN_ROLE_TAIL):
        if any(form.endswith(role) and (form == role or len(form) - len(role) >= 3)
               for role in roles if len(role) >= _MIN_ROLE_TAIL):
            return True
    return False


def _is_heading(word: str) -> bool:
    """A heading's or a field's word, written as one ("Tema", "Dato"): "del" in "María del Carmen"
    is no heading."""
    return _capitalised(word) and word.casefold() in _HEADING_WORDS


def _person_like(word: str, lang: str) -> bool:
    """Beside a role word: a first name, a surname's ending, or a word Danish does not know."""
    parts = [part for part in re.split(r"[-'’]", word) if part]
    if any(_first_name(part) for part in parts):
        return True
    lower = word.casefold()
    if any(lower.endswith(ending) and len(lower) > len(ending) + 2 for ending in _SURNAME_ENDINGS):
        return True
    return not any(_ordinary(form, lang) for form in _forms(word))


def _ordinary(form: str, lang: str) -> bool:
    return is_ordinary(form, "da") or is_ordinary(form, lang)


@cache
def _first_names() -> frozenset[str]:
    # The guard's list of common first names, read as data: this layer may not import the guard.
    raw = files("bikva.protection").joinpath("data", "fornavne.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().casefold() for line in raw.splitlines() if line.strip() and not line.startswith("#"))


def _first_name(word: str) -> bool:
    return word.casefold() in _first_names()


@cache
def _role_words() -> frozenset[str]:
    words = set(_ROLE_WORDS)
    labels = DEFAULT_INTERVIEWER_LABELS + DEFAULT_PARTICIPANT_LABELS + tuple(UNKNOWN_LABELS)
    for lang in LANGUAGES:
        for key in STANDARD_LEVELS:
            for part in ("name", "role", "aliases"):
                value = lookup(lang, f"level.{key}.{part}")
                labels += tuple(value) if isinstance(value, list) else (str(value),)
    for label in labels:
        words.update(word.casefold() for word in _TOKEN.findall(label) if len(word) > 2)
    return frozenset(words)


# --- numbering ---------------------------------------------------------------------------------


def _letter(lang: str, level: Level) -> str:
    return t(lang, f"level.{level.key}.pseudonym")


def _next_free(prefix: str, taken: set[str]) -> str:
    number = 1
    while _fold(f"{prefix}{number}") in taken:
        number += 1
    return f"{prefix}{number}"


def _fold(label: str) -> str:
    return " ".join(label.split()).casefold()


def _same_name(name: str) -> str:
    return " ".join(name.split())


def _participants(session: Session, group: InterviewGroup | None) -> list[Participant]:
    if group is None:
        return []
    return list(session.exec(select(Participant).where(Participant.group_id == group.id).order_by(Participant.id)))


def _known_names(session: Session, participants: Iterable[Participant]) -> dict[str, str]:
    """Real name -> the label of the group's participant who has it."""
    by_id = {p.id: p.label for p in participants}
    if not by_id:
        return {}
    rows = session.exec(select(ParticipantIdentity).where(ParticipantIdentity.participant_id.in_(list(by_id))))
    return {_same_name(row.real_name): by_id[row.participant_id] for row in rows}
