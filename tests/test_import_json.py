"""WhisperX JSON: segments with and without a speaker, and files that are not WhisperX."""

from __future__ import annotations

from importer_samples import informant, parse_refused, turns, write

from bikva.intake.importers.model import UNKNOWN_SPEAKER


def test_a_segment_without_a_speaker_is_the_unknown_speakers_never_the_one_before(tmp_path):
    data = ('{"segments": [{"start": 0.5, "end": 1.25, "text": " Hej.", "speaker": "SPEAKER_00"},'
            ' {"start": 1.3, "end": 2, "text": " Ja."},'
            ' {"start": 2.0, "end": 3.0, "text": " Nå.", "speaker": "SPEAKER_00"},'
            ' {"start": 3.0, "end": 3.5, "text": " Så.", "speaker": "SPEAKER_00"}], "language": "da"}')
    assert turns(tmp_path, "w.json", data) == [
        informant("SPEAKER_00", "Hej.", 500, 1_250),
        informant(UNKNOWN_SPEAKER, "Ja.", 1_300, 2_000),
        informant("SPEAKER_00", "Nå. Så.", 2_000, 3_500),
    ]


def test_refuses_json_that_is_not_a_whisperx_transcript(tmp_path):
    for name, data in [("a.json", "{ikke json"), ("b.json", '{"text": "Hej"}'),
                       ("c.json", '{"segments": [{"start": "nul", "end": 1, "text": "Hej"}]}'),
                       ("d.json", "I: Hej.\nBorger: Dav.\n")]:
        parse_refused(write(tmp_path, name, data), "import.not_whisperx")
    backwards = '{"segments": [{"start": 5, "end": 1, "text": "Hej", "speaker": "A"}]}'
    parse_refused(write(tmp_path, "e.json", backwards), "import.bad_timing")
    nobody = '{"segments": [{"start": 0, "end": 1, "text": "Hej"}]}'
    parse_refused(write(tmp_path, "f.json", nobody), "import.no_speakers")
    parse_refused(write(tmp_path, "g.json", '{"segments": []}'), "import.no_cues")
