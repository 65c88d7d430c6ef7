"""WhisperX JSON (``whisperx --output_format json``) → segments → speaker turns.

The file is one JSON object whose ``segments`` each hold ``start`` and ``end`` (seconds),
``text`` and, when diarization found one, ``speaker`` (``SPEAKER_00``). A segment without a
speaker is a turn of the unknown speaker, never the previous speaker's; consecutive segments of
one speaker merge, as caption cues do (`bikva.intake.importers.turns`). ``words`` and
``word_segments`` repeat the text word by word and are not read.
"""

from __future__ import annotations

import json
import math

from bikva.errors import BikvaError
from bikva.intake.importers.turns import Context, CueText, RawTurn, clean_label, turns_from_cue_texts


def looks_like_whisperx(text: str) -> bool:
    head = text.lstrip("\ufeff").lstrip()[:200]
    return head.startswith("{") and '"segments"' in text[:100_000]


def _seconds_ms(value: object, file: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or value < 0:
        raise BikvaError("import.not_whisperx", file=file)
    return round(value * 1000)


def parse(text: str, context: Context) -> list[RawTurn]:
    file = context.file
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise BikvaError("import.not_whisperx", file=file) from None
    segments = data.get("segments") if isinstance(data, dict) else None
    if not isinstance(segments, list) or not all(isinstance(s, dict) for s in segments):
        raise BikvaError("import.not_whisperx", file=file)
    pieces = []
    for segment in segments:
        words = segment.get("text")
        if not isinstance(words, str):
            raise BikvaError("import.not_whisperx", file=file)
        start = _seconds_ms(segment.get("start", 0), file)
        end = _seconds_ms(segment.get("end", segment.get("start", 0)), file)
        if end < start:
            raise BikvaError("import.bad_timing", file=file,
                             at=f"{segment.get('start')} --> {segment.get('end')}")
        speaker = segment.get("speaker")
        voice = clean_label(speaker) if isinstance(speaker, str) and speaker.strip() else None
        text_ = " ".join(words.split())
        if text_:
            pieces.append(CueText(voice, text_, start, end))
    if not pieces:
        raise BikvaError("import.no_cues", file=file)
    return turns_from_cue_texts(pieces, context, names_in_text=False)
