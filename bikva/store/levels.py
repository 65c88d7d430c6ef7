"""What a person may type for a level, and how messages name the levels.

A level is its key (`citizens`), its round number (`1`, `r1`, handled by OpenEvaluation.level),
or any word the catalogues list under `level.<key>.aliases` (templates/i18n/<lang>/levels.toml).
The words of every language are accepted in every evaluation, in any case: an evaluator of a
Danish evaluation may type `staff`, and one of an English evaluation `borgere`. The first alias
of a language is how that language names the level to the person typing (`borgere`).
"""

from __future__ import annotations

from functools import cache

from bikva.errors import BikvaError
from bikva.i18n import LANGUAGES, lookup
from models.level import STANDARD_LEVELS


def _folded(name: str) -> str:
    return " ".join(name.split()).casefold()


@cache
def _words() -> dict[str, str]:
    words = {key: key for key in STANDARD_LEVELS}
    for lang in LANGUAGES:
        for key in STANDARD_LEVELS:
            for alias in _aliases(lang, key):
                found = words.setdefault(_folded(alias), key)
                if found != key:  # one word for two levels would pick one silently
                    raise ValueError(f"level alias {alias!r} ({lang}) names both {found} and {key}")
    return words


def _aliases(lang: str, key: str) -> list[str]:
    value = lookup(lang, f"level.{key}.aliases")
    return [str(alias) for alias in value] if isinstance(value, list) else [str(value)]


def level_key(name: str) -> str | None:
    """The standard level `name` means (a key or an alias in any language), or None."""
    return _words().get(_folded(name))


def level_word(lang: str, key: str) -> str:
    """The level as `lang` names it to someone typing it: `borgere`, `frontline`."""
    return _aliases(lang, key)[0]


def level_words(lang: str, keys: object) -> str:
    """Levels as a list in a message: `borgere, medarbejdere, ledere`."""
    return ", ".join(level_word(lang, key) for key in keys)


def parse_levels(text: str, lang: str = "da") -> list[str]:
    """The keys of `--levels` (comma-separated, bottom-up, no repeats); messages name the levels in `lang`."""
    typed = [part.strip() for part in text.split(",") if part.strip()]
    keys = [level_key(name) for name in typed]
    unknown = [name for name, key in zip(typed, keys) if key is None]
    if unknown:
        raise BikvaError("levels.unknown", level=", ".join(unknown), levels=level_words(lang, STANDARD_LEVELS))
    order = [STANDARD_LEVELS.index(key) for key in keys]
    if not keys or order != sorted(set(order)):
        raise BikvaError("levels.order", levels=level_words(lang, STANDARD_LEVELS))
    return keys
