"""The words recurrence suggestions (bikva/selection/recurrence.py) look past: stop words and the
fillers of spoken language.

Stop words are the Snowball project's lists for Danish and English (snowballstem.org, BSD
licence), the lists its stemmers are made to go with. They are kept here rather than taken from a
package because the packages on PyPI ship either a Danish or an English list that is not
Snowball's (one drops "help", "case" and "work" as stop words, which are what evaluation talk is
about). Fillers are what an informant says while thinking; they carry no statement of their own.
"""

from __future__ import annotations

STOPWORDS: dict[str, frozenset[str]] = {
    "da": frozenset("""
        ad af alle alt anden at blev blive bliver da de dem den denne der deres det dette dig din
        disse dog du efter eller en end er et for fra ham han hans har havde have hende hendes her
        hos hun hvad hvis hvor i ikke ind jeg jer jo kunne man mange med meget men mig min mine mit
        mod ned noget nogle nu når og også om op os over på selv sig sin sine sit skal skulle som
        sådan thi til ud under var vi vil ville vor være været
    """.split()),
    "en": frozenset("""
        a about above after again against all am an and any are aren't as at be because been
        before being below between both but by can't cannot could couldn't did didn't do does
        doesn't doing don't down during each few for from further had hadn't has hasn't have
        haven't having he he'd he'll he's her here here's hers herself him himself his how how's i
        i'd i'll i'm i've if in into is isn't it it's its itself let's me more most mustn't my
        myself no nor not of off on once only or other ought our ours ourselves out over own same
        shan't she she'd she'll she's should shouldn't so some such than that that's the their
        theirs them themselves then there there's these they they'd they'll they're they've this
        those through to too under until up very was wasn't we we'd we'll we're we've were weren't
        what what's when when's where where's which while who who's whom why why's with won't
        would wouldn't you you'd you'll you're you've your yours yourself yourselves
    """.split()),
}

# Words of spoken language that the written Snowball lists lack (modal verbs, "så", "bare"):
# in an interview they join unrelated sentences as easily as "og" would.
SPOKEN: dict[str, frozenset[str]] = {
    "da": frozenset("""
        kan må måtte får få fik gør gøre gjorde så hver ingen andre andet nogen lige bare faktisk
        rigtig helt nok vel godt synes syntes tror
    """.split()),
    "en": frozenset("""
        can will just really get gets got actually also even every much many one think thought
        well quite far
    """.split()),
}

# Single filler words, in both languages at once: an English interview quotes Danish words
# rarely, and a Danish one says "okay" and "like" often.
FILLERS: frozenset[str] = frozenset("""
    øh øhm øhh æh æhm eh ehm hm hmm mm mmm mhm nå ja jah nej altså ligesom jo ik
    um umm uh uhm erm ah oh yeah yep okay ok like
""".split())

# Fillers of several words, as lowercase word tuples.
FILLER_PHRASES: tuple[tuple[str, ...], ...] = (
    ("ikke", "også"), ("ik", "også"), ("du", "ved"), ("på", "en", "måde"), ("eller", "sådan"),
    ("you", "know"), ("i", "mean"), ("kind", "of"), ("sort", "of"),
)
