"""Is this an ordinary word? wordfreq's Zipf frequency, the one threshold the pseudonyms and the
guard share.

wordfreq, its language data and what it loads (langcodes, ftfy, regex) take a tenth of a second
or more to import, so it is loaded at the first question, not with the module: most commands never
ask (a transcript whose speakers are `B1`, `M2` has no label to weigh).
"""

from __future__ import annotations

from functools import lru_cache

# At or above this Zipf frequency (about three in a million words) a word is an ordinary word.
ORDINARY_ZIPF = 3.5


@lru_cache(maxsize=65536)
def zipf(word: str, lang: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, lang)


def is_ordinary(word: str, lang: str) -> bool:
    return zipf(word, lang) >= ORDINARY_ZIPF
