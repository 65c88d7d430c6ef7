"""WebVTT captions from Teams and Zoom."""

from __future__ import annotations

from importer_samples import informant, interviewer, parse_refused, turns, write

from bikva.intake.importers.dispatch import parse_transcript
from bikva.intake.importers.model import UNKNOWN_SPEAKER

TEAMS = """\
WEBVTT

6b3f1c0e-2a4d-4f5e-9c1a-7e8d9f0a1b2c/3-0
00:00:01.000 --> 00:00:03.500
<v Interviewer>Hvordan har I oplevet det?</v>

6b3f1c0e-2a4d-4f5e-9c1a-7e8d9f0a1b2c/4-0
00:00:04.000 --> 00:00:06.250
<v Mette Hansen>Ja, det var sådan,
at ingen ringede.</v>

6b3f1c0e-2a4d-4f5e-9c1a-7e8d9f0a1b2c/4-1
00:00:06.250 --> 00:00:08.000
<v Mette Hansen>Og så sagde hun: vent.</v>

6b3f1c0e-2a4d-4f5e-9c1a-7e8d9f0a1b2c/5-0
00:00:08.100 --> 00:01:02.123
<v Mette Hansen>[utydeligt] R&amp;D &lt;3</v>

NOTE Teams adds notes like this one

6b3f1c0e-2a4d-4f5e-9c1a-7e8d9f0a1b2c/6-0
00:01:03.000 --> 01:00:00.000
<v.loud Jens Ole Nielsen>Enig.</v> <v Interviewer>Tak.</v>
"""


def test_teams_cues_of_one_speaker_merge_into_one_turn(tmp_path):
    transcript = parse_transcript(write(tmp_path, "teams.vtt", TEAMS))
    assert transcript.format == "vtt"
    assert transcript.turns == [
        interviewer("Interviewer", "Hvordan har I oplevet det?", 1_000, 3_500),
        informant("Mette Hansen", "Ja, det var sådan, at ingen ringede. Og så sagde hun: vent. "
                  "[utydeligt] R&D <3", 4_000, 62_123),
        informant("Jens Ole Nielsen", "Enig.", 63_000, 3_600_000),
        interviewer("Interviewer", "Tak.", 63_000, 3_600_000),
    ]


ZOOM = """\ufeffWEBVTT

1
00:00:00.500 --> 00:00:02.000
Lone Berg: Velkommen til jer.

2
00:00:02.000 --> 00:00:04.000
Lone Berg: Vil I præsentere jer?

3
00:00:04.500 --> 00:00:06.000
Anna Jensen: Jeg hedder Anna.

4
00:00:06.000 --> 00:00:07.000
Det var sådan: jeg var ny.

5
00:00:07.000 --> 00:00:09.000
Lone Berg: Tak, Anna.
"""


def test_zoom_names_and_an_unnamed_cue_is_the_unknown_speakers(tmp_path):
    assert turns(tmp_path, "zoom.vtt", ZOOM, interviewer_labels=["lone berg"]) == [
        interviewer("Lone Berg", "Velkommen til jer. Vil I præsentere jer?", 500, 4_000),
        informant("Anna Jensen", "Jeg hedder Anna.", 4_500, 6_000),
        informant(UNKNOWN_SPEAKER, "Det var sådan: jeg var ny.", 6_000, 7_000),
        interviewer("Lone Berg", "Tak, Anna.", 7_000, 9_000),
    ]


def test_unnamed_cues_before_the_first_speaker_are_kept_as_the_unknown_speakers(tmp_path):
    data = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n(musik)\n\n" \
           "00:00:02.000 --> 00:00:03.000\n<v ->Er der nogen?</v>\n\n" \
           "00:00:03.000 --> 00:00:04.000\n<v Borger>Hej.</v>\n"
    parsed = turns(tmp_path, "a.vtt", data)
    assert parsed == [informant(UNKNOWN_SPEAKER, "(musik) Er der nogen?", 1_000, 3_000),
                      informant("Borger", "Hej.", 3_000, 4_000)]
    assert parsed[0].unknown and not parsed[1].unknown


def test_refuses_captions_without_speakers(tmp_path):
    data = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nHej med jer.\n\n" \
           "2\n00:00:02.000 --> 00:00:03.000\nog så sagde hun: nej\n"
    parse_refused(write(tmp_path, "anonym.vtt", data), "import.no_speakers")
    parse_refused(write(tmp_path, "tom.vtt", "WEBVTT\n\nNOTE ingenting\n"), "import.no_cues")


def test_refuses_broken_timings_naming_the_line(tmp_path):
    data = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:0x.000\nAnna: Hej.\n"
    error = parse_refused(write(tmp_path, "brudt.vtt", data), "import.bad_timing")
    assert error.params["at"] == "00:00:01.000 --> 00:00:0x.000"
    backwards = "WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nAnna: Hej.\n"
    error = parse_refused(write(tmp_path, "baglæns.vtt", backwards), "import.bad_timing")
    assert error.params["at"] == "00:00:05.000 --> 00:00:01.000"
    no_blank = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nAnna: Hej.\n" \
               "00:00:02.000 --> 00:00:03.000\nAnna: Igen.\n"
    error = parse_refused(write(tmp_path, "tæt.vtt", no_blank), "import.bad_timing")
    assert error.params["at"] == "00:00:02.000 --> 00:00:03.000"


def test_refuses_a_vtt_that_is_not_webvtt(tmp_path):
    parse_refused(write(tmp_path, "a.vtt", "I: Hej.\nBorger: Dav.\n"), "import.not_vtt")
    parse_refused(write(tmp_path, "b.vtt", "WEBVTTX\n\n00:00:01.000 --> 00:00:02.000\nA: b\n"),
                  "import.not_vtt")


def test_refuses_captions_with_only_the_interviewer(tmp_path):
    data = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Moderator>Er der nogen?</v>\n"
    parse_refused(write(tmp_path, "alene.vtt", data), "import.no_informant_turns")
