"""SRT captions."""

from __future__ import annotations

from importer_samples import informant, interviewer, parse_refused, turns, write

from bikva.intake.importers.dispatch import parse_transcript
from bikva.intake.importers.model import UNKNOWN_SPEAKER

SRT = """\
1
00:00:01,000 --> 00:00:03,000
Interviewer: Hvad tænker I
om ventetiden?

2
00:00:03,500 --> 00:00:05,000
Borger 1: <i>Lang</i> (Pause)

3
00:00:05,000 --> 00:00:06,000
men det gik.

4
00:00:06,000 --> 00:00:07,500
Borger 1: Og så sagde hun: vent.

5
00:00:08,000 --> 00:01:00,000 X1:40 X2:600 Y1:20 Y2:50
{\\an8}Borger 2: [flere nikker] Samme her.
"""


def test_srt_names_unnamed_cues_and_merged_cues(tmp_path):
    # a cue without a name is the unknown speaker's, never the speaker's before it
    transcript = parse_transcript(write(tmp_path, "r1.srt", SRT))
    assert transcript.format == "srt"
    assert transcript.turns == [
        interviewer("Interviewer", "Hvad tænker I om ventetiden?", 1_000, 3_000),
        informant("Borger 1", "Lang (Pause)", 3_500, 5_000),
        informant(UNKNOWN_SPEAKER, "men det gik.", 5_000, 6_000),
        informant("Borger 1", "Og så sagde hun: vent.", 6_000, 7_500),
        informant("Borger 2", "[flere nikker] Samme her.", 8_000, 60_000),
    ]


def test_srt_with_crlf_and_cp1252(tmp_path):
    data = "1\r\n00:00:01,000 --> 00:00:02,000\r\nI: Hej?\r\n\r\n" \
           "2\r\n00:00:02,000 --> 00:00:03,000\r\nBorger: Æv, øv.\r\n"
    assert turns(tmp_path, "a.srt", data.encode("cp1252")) == [
        interviewer("I", "Hej?", 1_000, 2_000),
        informant("Borger", "Æv, øv.", 2_000, 3_000),
    ]


def test_lower_case_display_names_count_when_they_recur(tmp_path):
    data = "1\n00:00:01,000 --> 00:00:02,000\nanne k: Hej?\n\n" \
           "2\n00:00:02,000 --> 00:00:03,000\njens: Dav.\n\n" \
           "3\n00:00:03,000 --> 00:00:04,000\nanne k: Og?\n\n" \
           "4\n00:00:04,000 --> 00:00:05,000\njens: Ja.\n\n" \
           "5\n00:00:05,000 --> 00:00:06,000\nog så: nej.\n"
    assert turns(tmp_path, "zoom.srt", data, interviewer_labels=["Anne K"]) == [
        interviewer("anne k", "Hej?", 1_000, 2_000),
        informant("jens", "Dav.", 2_000, 3_000),
        interviewer("anne k", "Og?", 3_000, 4_000),
        informant("jens", "Ja.", 4_000, 5_000),
        informant(UNKNOWN_SPEAKER, "og så: nej.", 5_000, 6_000),
    ]


def test_refuses_srt_without_speakers(tmp_path):
    data = "1\n00:00:01,000 --> 00:00:02,000\nHej med jer.\n\n" \
           "2\n00:00:02,000 --> 00:00:03,000\nDet var sådan: nej.\n"
    parse_refused(write(tmp_path, "anonym.srt", data), "import.no_speakers")


def test_refuses_unreadable_srt_timings(tmp_path):
    data = "1\n00:00:01,000 --> 00:00:0x,000\nAnna: Hej.\n"
    error = parse_refused(write(tmp_path, "brudt.srt", data), "import.bad_timing")
    assert error.params["at"] == "00:00:01,000 --> 00:00:0x,000"
    data = "rod uden tidskode\n\n1\n00:00:01,000 --> 00:00:02,000\nAnna: Hej.\n"
    error = parse_refused(write(tmp_path, "rod.srt", data), "import.bad_timing")
    assert error.params["at"] == "rod uden tidskode"
    data = "1\n00:00:09,000 --> 00:00:02,000\nAnna: Hej.\n"
    parse_refused(write(tmp_path, "baglæns.srt", data), "import.bad_timing")


def test_a_cue_with_a_damaged_number_is_refused_not_folded_into_the_cue_before(tmp_path):
    data = "1\n00:00:01,000 --> 00:00:02,000\nAnne: Hej.\n\nx\n00:00:02,000 --> 00:00:03,000\n" \
           "Bo: Det sagde jeg ikke.\n"
    error = parse_refused(write(tmp_path, "foldet.srt", data), "import.bad_cue")
    assert (error.params["line"], error.params["at"]) == (6, "00:00:02,000 --> 00:00:03,000")


def test_refuses_a_srt_without_any_timings(tmp_path):
    parse_refused(write(tmp_path, "a.srt", "I: Hej.\nBorger: Dav.\n"), "import.not_srt")
