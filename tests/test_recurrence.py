"""Recurrence suggestions (`bikva quote suggest`): statements that several informants make in their
own words are found, grouped and ranked by how many informants make them; unrelated talk is not
merged into them; the interviewer, unknown speakers, withdrawn participants and excluded groups
are never read; a suggested passage can be pasted into `quote add` as it is printed."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from bikva.intake.importers.model import UNKNOWN_SPEAKER
from bikva.selection.recurrence import SpokenTurn, find_recurrences, passages_of
from helpers import add_quote, ok, refused, run_cli

THEME = "Sammenhæng i indsatsen"

# Three statements, each made by several informants in other words, in two interview groups
# ("1" and "2"; B1 in group 1 and B1 in group 2 are two people): 5, 4 and 3 informants.
DANISH_IDEAS = {
    "ventetid": [
        ("1", "B1", "Altså, øh, ventetiden på et svar fra jobcentret er alt for lang."),
        ("1", "B2", "Man venter alt for længe på et svar fra jobcentret, og imens står alt stille."),
        ("1", "B4", "Det værste er ventetiden, for svaret fra jobcentret kommer aldrig, når det skal."),
        ("2", "B1", "Jeg ventede i tre måneder på svar fra jobcentret."),
        ("2", "B3", "Hos jobcentret er der lang ventetid på et svar, og det slider på en."),
    ],
    "tovholder": [
        ("1", "B1", "Jeg er selv tovholder på min egen sag, og det kan jeg ikke overskue."),
        ("1", "B3", "Som borger ender man med at være tovholder på sin egen sag."),
        ("2", "B2", "Det er mig, der må være tovholder i min egen sag, for ingen andre holder styr på den."),
        ("2", "B3", "I sidste ende er det borgeren selv, der skal holde styr på sin egen sag."),
    ],
    "forfra": [
        ("1", "B2", "Jeg har haft fem forskellige sagsbehandlere, og hver gang skal jeg forklare det hele forfra."),
        ("1", "B3", "Sagsbehandlerne skifter hele tiden, så man skal forklare det hele forfra."),
        ("2", "B1", "Hver gang der kommer en ny sagsbehandler, skal jeg forklare min historie forfra."),
    ],
}
# Unrelated talk, some of it sharing a word with the statements above (jobcentret, sagsbehandler,
# svar, sag, egen, lang, gang), spread over the same informants.
DANISH_OTHER = """Min sagsbehandler var faktisk rigtig sød og hjælpsom.
Jobcentret ligger langt ude af byen, så jeg tager bussen.
Bussen kører kun hver anden time om søndagen.
Jeg har to børn, som går i skole i byen.
Min datter går til fodbold om tirsdagen.
Kurset om jobsøgning var faktisk ret godt.
Jeg vil gerne arbejde med dyr, helst på en gård.
Min læge mener, at min ryg skal have ro.
Praktikken i butikken gav mig mod på at komme videre.
Jeg fik brev om et møde, som var flyttet til en anden dag.
Vi har fået ny køkkenchef i kantinen.
Jeg kan godt lide at gå ture med hunden om morgenen.
Det regnede hele dagen, da jeg skulle til samtale.
Min nabo hjælper mig med at læse brevene fra kommunen.
Jeg savner at have kolleger at snakke med i pausen.
Økonomien er stram, når man er på kontanthjælp.
Jeg læste til tømrer, men fik en skade i knæet.
Der var kaffe og kage til mødet, det var hyggeligt.
Mentoren ringede til mig hver fredag.
Jeg brugte mange timer på at udfylde skemaer på computeren.
Borgerservice har lukket om eftermiddagen.
Min mor passer børnene, når jeg skal til møder.
Jeg har søgt over hundrede job uden at få svar.
Sagen om min boligstøtte tog et halvt år.
Jeg har været syg i lange perioder.
Sprogskolen var god, men holdet var for stort.
Jeg drømmer om at starte min egen forretning.
Min egen læge kender mig godt.
Jeg går til fysioterapeut to gange om ugen.
Pengene kommer altid for sent ind på kontoen.
Jeg har en hund og to katte derhjemme.
Det er svært at finde en lejlighed i byen.
Tolken kom ikke til det første møde.
Jeg blev glad, da jeg fik praktikpladsen.
Undervisningen i sprogskolen var sjov.
Jeg har boet i kommunen i tyve år.
Min bror arbejder på havnen.
Vi fik besked om ændringen via e-Boks.
Jeg er bange for at miste min bolig.
Det hjalp at tale med andre i samme situation.
Om vinteren er det mørkt, når jeg cykler hjem.
Jeg har lært at lave mad fra bunden.
Der mangler parkeringspladser ved rådhuset.
Min sagsbehandler ringede tilbage samme dag.""".splitlines()
DANISH_FILLERS = ["Øh, ja.", "Mm, altså, ikke også.", "Ja, ligesom.", "Jo jo, mm."]
# The interviewer asks in the statements' own words, and an unnamed caption says the first one
# again: neither may count.
DANISH_QUESTIONS = ["Hvor lang er ventetiden på et svar fra jobcentret, synes I?",
                    "Er man selv tovholder på sin egen sag?",
                    "Skal I forklare det hele forfra, når der kommer en ny sagsbehandler?"]
DANISH_UNNAMED = "Ventetiden på et svar fra jobcentret er lang, og man venter og venter."

ENGLISH_IDEAS = {
    "waiting": [
        ("1", "C1", "Um, the waiting time for an answer from the job centre is far too long."),
        ("1", "C2", "You wait far too long for an answer from the job centre, and meanwhile nothing happens."),
        ("1", "C4", "The worst part is the waiting, because the answer from the job centre never comes when it should."),
        ("2", "C1", "I waited three months for an answer from the job centre."),
        ("2", "C3", "At the job centre the waiting time for an answer is long, and it wears you down."),
    ],
    "coordinator": [
        ("1", "C1", "I am the coordinator of my own case, and I cannot keep track of it all."),
        ("1", "C3", "As a citizen you end up being the coordinator of your own case."),
        ("2", "C2", "It is me who has to coordinate my own case, because nobody else keeps track of it."),
        ("2", "C3", "In the end the citizen has to keep track of their own case."),
    ],
    "start over": [
        ("1", "C2", "I have had five different caseworkers, and every time I have to explain everything from the start."),
        ("1", "C3", "The caseworkers keep changing, so each time you have to explain everything from the start."),
        ("2", "C1", "Each time a new caseworker comes, I have to explain my story from the start again."),
    ],
}
ENGLISH_OTHER = """My caseworker was actually really kind and helpful.
The job centre is far out of town, so I take the bus.
The bus only runs every other hour on Sundays.
I have two children who go to school in town.
My daughter plays football on Tuesdays.
The course on applying for jobs was quite good.
I would love to work with animals, preferably on a farm.
My doctor says my back needs rest.
The placement in the shop gave me courage to move on.
I got a letter about a meeting that had been moved to another day.
We have a new chef in the canteen.
I enjoy walking the dog in the morning.
It rained all day when I had to go to the interview.
My neighbour helps me read the letters from the council.
I miss having colleagues to chat with during breaks.
Money is tight when you live on benefits.
I trained as a carpenter but injured my knee.
There was coffee and cake at the meeting, which was nice.
The mentor called me every Friday.
I spent many hours filling in forms on the computer.
The citizen service desk closes in the afternoon.
My mother looks after the children when I have meetings.
I have applied for over a hundred jobs without getting an answer.
The case about my housing benefit took half a year.
I have been ill for long periods.
The language school was good, but the class was too big.
I dream of starting my own business.
My own doctor knows me well.
I see a physiotherapist twice a week.
The money always arrives late in my account.
I have a dog and two cats at home.
It is hard to find a flat in town.
The interpreter did not come to the first meeting.
I was happy when I got the placement.
The teaching at the language school was fun.
I have lived in the municipality for twenty years.
My brother works at the harbour.
We were told about the change through the online mailbox.
I am afraid of losing my home.
It helped to talk to others in the same situation.
In winter it is dark when I cycle home.
I have learned to cook from scratch.
There are not enough parking spaces at the town hall.
My caseworker called back the same day.""".splitlines()
ENGLISH_FILLERS = ["Um, yeah.", "Mm, like, you know.", "Uh, okay.", "Yeah yeah, mm."]
ENGLISH_QUESTIONS = ["How long is the waiting time for an answer from the job centre?",
                     "Are you the coordinator of your own case?",
                     "Do you have to explain everything from the start to each new caseworker?"]
ENGLISH_UNNAMED = "The waiting time for an answer from the job centre is long, and you wait and wait."

LANGUAGES = {
    "da": (DANISH_IDEAS, DANISH_OTHER, DANISH_FILLERS, DANISH_QUESTIONS, DANISH_UNNAMED, "I", ("Gruppe 1", "Gruppe 2")),
    "en": (ENGLISH_IDEAS, ENGLISH_OTHER, ENGLISH_FILLERS, ENGLISH_QUESTIONS, ENGLISH_UNNAMED, "Interviewer",
           ("Group 1", "Group 2")),
}


def group_turns(lang: str, group: str) -> list[tuple[str, str]]:
    """The group's turns as (speaker, text): questions, the statements (the first of each shares
    its turn with unrelated talk, as people speak), unrelated talk, fillers."""
    ideas, other, fillers, questions, _, interviewer, _ = LANGUAGES[lang]
    speakers = sorted({s for said in ideas.values() for g, s, _ in said if g == group})
    turns: list[tuple[str, str]] = []
    chatter = [text for n, text in enumerate(other) if n % 2 == int(group) - 1]
    for n, (name, said) in enumerate(ideas.items()):
        turns.append((interviewer, questions[n]))
        for index, (g, speaker, text) in enumerate(said):
            if g == group:
                extra = f" {chatter.pop()}" if index == 0 and chatter else ""
                turns.append((speaker, text + extra))
        turns.append((speakers[n % len(speakers)], fillers[n % len(fillers)]))
    for n, text in enumerate(chatter):
        turns.append((speakers[n % len(speakers)], text))
    return turns


def write_transcript(path: Path, turns: list[tuple[str, str]]) -> Path:
    path.write_text("\n\n".join(f"{speaker}: {text}" for speaker, text in turns) + "\n", encoding="utf-8")
    return path


def build(tmp_path: Path, lang: str) -> Path:
    """An evaluation whose citizens' level holds the two groups' interviews, plus an unnamed caption
    saying the first statement once more."""
    *_, unnamed, interviewer, group_names = LANGUAGES[lang]
    folder = tmp_path / f"evaluation-{lang}"
    ok("new", folder, "--title", "Recurrence", "--lang", lang)
    for group, name in zip(("1", "2"), group_names):
        turns = group_turns(lang, group)
        if group == "2":
            turns.append(("B9" if lang == "da" else "C9", unnamed))
        path = write_transcript(tmp_path / f"group{group}-{lang}.txt", turns)
        ok("import", folder, "--level", "citizens", path, "--group", name, "--interviewer", interviewer)
    with sqlite3.connect(folder / "bikva.db") as con:
        changed = con.execute("UPDATE turn SET speaker = ? WHERE text = ?", (UNKNOWN_SPEAKER, unnamed))
        assert changed.rowcount == 1
    return folder


def suggest(folder: Path, *extra: object) -> dict:
    return json.loads(ok("quote", "suggest", folder, "--level", "citizens", "--json", *extra))


def idea_of(ideas: dict, passage_text: str) -> str:
    """Which constructed statement a passage belongs to ("-" for unrelated talk)."""
    for name, said in ideas.items():
        if any(passage_text in text for _, _, text in said):
            return name
    return "-"


@pytest.fixture(scope="module")
def danish(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("recurrence"), "da")


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("recurrence"), "en")


# --- finding and ranking ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_recurring_statements_are_found_whole_and_ranked_by_how_many_informants_make_them(lang, danish, english):
    folder = danish if lang == "da" else english
    ideas = LANGUAGES[lang][0]
    suggestions = suggest(folder)["suggestions"]
    # Exactly the three constructed statements: nothing unrelated joined or added.
    assert len(suggestions) == 3, [[p["text"] for p in s["passages"]] for s in suggestions]
    expected = sorted(ideas, key=lambda name: -len(ideas[name]))
    for suggestion, name in zip(suggestions, expected):
        found = [idea_of(ideas, p["text"]) for p in suggestion["passages"]]
        assert found == [name] * len(ideas[name]), (name, [p["text"] for p in suggestion["passages"]])
        assert suggestion["informants"] == len(ideas[name])
        assert suggestion["groups"] == 2
    assert [s["informants"] for s in suggestions] == [5, 4, 3]
    assert [s["rank"] for s in suggestions] == [1, 2, 3]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_a_passage_is_the_statement_alone_without_the_fillers_and_the_talk_it_shares_its_turn_with(lang, danish, english):
    folder = danish if lang == "da" else english
    first = suggest(folder)["suggestions"][0]["passages"][0]
    # "Altså, øh, ventetiden ..." / "Um, the waiting time ...": the sentence from its first word
    # that says something, and not the unrelated sentence after it in the same turn.
    assert first["text"] == ("ventetiden på et svar fra jobcentret er alt for lang." if lang == "da"
                             else "the waiting time for an answer from the job centre is far too long.")


def test_the_interviewer_and_a_speaker_not_yet_named_are_never_read(danish):
    texts = [p["text"] for s in suggest(danish)["suggestions"] for p in s["passages"]]
    for question in DANISH_QUESTIONS:
        assert not any(text in question or question in text for text in texts)
    assert not any(text in DANISH_UNNAMED for text in texts)
    # Read: every named informant (4 + 3), not the interviewer nor the unnamed caption.
    assert suggest(danish)["informants"] == 7


def test_unrelated_sentences_sharing_a_word_are_not_joined():
    """Plain functions: two informants' sentences about the job centre's distance and one about
    waiting for it share a word or two, and stay apart; two paraphrases join."""
    turns = [
        SpokenTurn(1, "Ventetiden på et svar fra jobcentret er alt for lang.", "a", 1),
        SpokenTurn(2, "Jobcentret ligger langt ude af byen, så jeg tager bussen.", "b", 1),
        SpokenTurn(3, "Jeg har søgt over hundrede job uden at få svar.", "c", 1),
        SpokenTurn(4, "Hos jobcentret er der lang ventetid på et svar, og det slider på en.", "d", 2),
    ]
    found = find_recurrences(turns, "da")
    assert [[p.turn for p in r.passages] for r in found] == [[1, 4]]


def test_one_informant_saying_the_same_twice_is_not_a_recurrence():
    turns = [SpokenTurn(1, "Ventetiden på et svar fra jobcentret er alt for lang.", "a", 1),
             SpokenTurn(2, "Der er lang ventetid på et svar fra jobcentret.", "a", 1)]
    assert find_recurrences(turns, "da") == []
    assert len(find_recurrences(turns, "da", min_informants=1)) == 1


def test_a_turn_is_split_into_its_sentences_and_filler_only_sentences_are_left_out():
    text = "Øh, ja. Altså, jeg er selv tovholder på min egen sag! Mm, ikke også. Bussen kører kun hver anden time."
    passages = passages_of(SpokenTurn(1, text, "a", 1), "da")
    assert [text[p.start:p.end] for p in passages] == ["jeg er selv tovholder på min egen sag!",
                                                       "Bussen kører kun hver anden time."]
    assert [p.text for p in passages] == [text[p.start:p.end] for p in passages]


# --- what is read: withdrawn participants, excluded groups -----------------------------------


def test_a_withdrawn_participant_and_an_excluded_group_are_left_out(tmp_path):
    folder = build(tmp_path, "da")
    ok("participant", "withdraw", folder, "B3", "--level", "citizens", "--group", "Gruppe 2")
    withdrawn = [text for name in DANISH_IDEAS for g, s, text in DANISH_IDEAS[name] if (g, s) == ("2", "B3")]
    suggestions = suggest(folder)["suggestions"]
    assert [s["informants"] for s in suggestions] == [4, 3, 3]
    assert not any(p["text"] in text for s in suggestions for p in s["passages"] for text in withdrawn)

    ok("group", folder, "Gruppe 2", "--level", "citizens", "--exclude", "Pilotinterview")
    suggestions = suggest(folder)["suggestions"]
    assert {p["group"] for s in suggestions for p in s["passages"]} == {"Gruppe 1"}
    assert [(s["informants"], s["groups"]) for s in suggestions] == [(3, 1), (2, 1), (2, 1)]


# --- ready to select ------------------------------------------------------------------------------


def test_each_suggested_passage_can_be_pasted_into_quote_add_and_is_then_marked_selected(tmp_path):
    folder = build(tmp_path, "da")
    top = suggest(folder)["suggestions"][0]["passages"]
    assert all(p["places"] == 1 and p["selected"] is None for p in top)
    ids = [add_quote(folder, "citizens", p["text"], "--theme", THEME) for p in top[:2]]
    listed = {row["id"]: row for row in json.loads(ok("quote", "list", folder, "--json"))}
    for quote_id, passage in zip(ids, top):
        assert (listed[quote_id]["text"], listed[quote_id]["turn"], listed[quote_id]["start"]) == (
            passage["text"], passage["turn"], passage["start"])
    again = suggest(folder)["suggestions"][0]["passages"]
    assert [p["selected"] for p in again] == ids + [None] * (len(again) - 2)
    screen = ok("quote", "suggest", folder, "--level", "borgere")
    assert f"allerede udvalgt som citat nr. {ids[0]}" in screen


def test_a_passage_said_in_two_places_says_so(tmp_path):
    folder = tmp_path / "twice"
    ok("new", folder, "--title", "Twice")
    path = write_transcript(tmp_path / "twice.txt", [
        ("I", "Hvordan er ventetiden?"),
        ("B1", "Ventetiden på svar fra jobcentret er for lang."),
        ("B2", "Ventetiden på svar fra jobcentret er for lang. Det slider."),
    ])
    ok("import", folder, "--level", "citizens", path)
    passages = suggest(folder)["suggestions"][0]["passages"]
    assert [p["places"] for p in passages] == [2, 2]
    assert "står 2 steder i udskrifterne" in ok("quote", "suggest", folder, "--level", "citizens")


# --- what is printed -------------------------------------------------------------------------------


def test_the_screen_shows_each_suggestion_with_its_places_and_passages_ready_to_paste(danish):
    screen = ok("quote", "suggest", danish, "--level", "borgere")
    lines = screen.splitlines()
    assert lines[0].endswith("sætninger fra 7 informanter er læst igennem.")
    assert lines[2].startswith("Forslag 1: 5 informanter i 2 grupper ser ud til at sige det samme med egne ord (fælles ord: ")
    # Where (file, turn, the transcript's own label, group), then the passage alone on its line.
    assert lines[3].startswith("  group1-da.txt #") and lines[3].endswith("(B1, Gruppe 1)")
    assert lines[4] == "    ventetiden på et svar fra jobcentret er alt for lang."
    assert "Forslag 3: 3 informanter" in screen and "Forslag 4" not in screen
    assert lines[-1].startswith("Udvælg et citat ved at sætte sætningen ind i: bikva quote add MAPPE --level borgere")


def test_the_english_screen_is_in_english(english):
    screen = ok("quote", "suggest", english, "--level", "citizens")
    assert "Suggestion 1: 5 informants in 2 groups seem to say the same in their own words" in screen
    assert "(C1, Group 1)" in screen


def test_top_limits_the_suggestions_and_says_how_many_more_there_are(danish):
    result = suggest(danish, "--top", "1")
    assert len(result["suggestions"]) == 1 and result["more"] == 2
    assert "Der er 2 forslag mere." in ok("quote", "suggest", danish, "--level", "citizens", "--top", "1")
    assert [s["informants"] for s in suggest(danish, "--min-informants", "4")["suggestions"]] == [5, 4]


def test_json_has_the_documented_shape_and_no_speaker_labels(danish):
    out = ok("quote", "suggest", danish, "--level", "citizens", "--json")
    result = json.loads(out)
    assert set(result) == {"level", "round", "passages", "informants", "more", "suggestions"}
    assert (result["level"], result["round"], result["more"]) == ("citizens", 1, 0)
    suggestion = result["suggestions"][0]
    assert set(suggestion) == {"rank", "informants", "groups", "words", "passages"}
    assert "ventetiden" in suggestion["words"] and "jobcentret" in suggestion["words"]
    passage = suggestion["passages"][0]
    assert set(passage) == {"text", "transcript", "transcript_id", "turn", "start", "end", "group", "informant",
                            "selected", "places"}
    assert passage["transcript"] == "group1-da.txt" and passage["group"] == "Gruppe 1"
    assert passage["end"] - passage["start"] == len(passage["text"])
    # Informants told apart by number, never by the transcript's label.
    assert len({p["informant"] for p in suggestion["passages"]}) == 5
    assert '"B1"' not in out and "B1" not in out and "speaker" not in out


def test_nothing_recurring_says_so(tmp_path):
    folder = tmp_path / "quiet"
    ok("new", folder, "--title", "Quiet")
    path = write_transcript(tmp_path / "quiet.txt", [("B1", DANISH_OTHER[0]), ("B2", DANISH_OTHER[5])])
    ok("import", folder, "--level", "citizens", path)
    assert suggest(folder)["suggestions"] == []
    assert "Intet af det, informanterne siger, går igen hos mindst 2" in ok("quote", "suggest", folder, "--level", "citizens")


def test_an_unknown_level_or_a_minimum_below_two_is_refused_and_changes_nothing(danish):
    refused(danish, "quote", "suggest", danish, "--level", "naboer", key="levels.unknown")
    refused(danish, "quote", "suggest", danish, "--level", "citizens", "--min-informants", "1", key="usage.bad_value")


def test_suggesting_writes_nothing(danish):
    before = (danish / "bikva.db").read_bytes()
    result = run_cli("quote", "suggest", danish, "--level", "citizens")
    assert result.code == 0
    assert (danish / "bikva.db").read_bytes() == before


def test_a_statement_made_by_many_informants_in_a_big_level_is_still_found_first():
    """The level's own stop words (stems in a large share of its passages) must not swallow the
    statement that recurs most: here 60 informants of 1,500 passages (4 %) say the waiting time
    is too long, among talk drawn at random from a wide vocabulary."""
    import random

    rng = random.Random(7)
    words = ("hus bil skole læge mad tog sommer vinter have hund kat bog film musik penge arbejde byen "
             "bussen kontoret familien vennerne sporten butikken køkkenet haven ferien weekenden "
             "computeren telefonen brevet mødet kurset praktikken lejligheden naboen kantinen").split()
    verbs = "har ser køber læser finder savner bruger hører husker maler bygger vasker".split()
    turns = [SpokenTurn(n, f"Jeg {rng.choice(verbs)} {rng.choice(words)} og {rng.choice(words)} "
                           f"med {rng.choice(words)} ved {rng.choice(words)}.", f"i{n % 700}", n % 20)
             for n in range(1440)]
    waiting = ["Ventetiden på et svar fra jobcentret er alt for lang.",
               "Man venter alt for længe på svar fra jobcentret.",
               "Der er lang ventetid på et svar fra jobcentret."]
    turns += [SpokenTurn(10_000 + n, waiting[n % 3], f"v{n}", n % 20) for n in range(60)]
    found = find_recurrences(turns, "da")
    assert found, "the recurring statement was not found"
    first = found[0]
    assert {p.turn for p in first.passages} >= set(range(10_000, 10_060)) - set(range(10_000, 10_006))
    assert all(p.turn >= 10_000 for p in first.passages)
