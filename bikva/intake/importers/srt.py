"""SRT captions → cues → speaker turns.

The `srt` library reads the cues. It is lenient about timings (``00:00:0x,000`` reads as a zero end
time with ``x,000`` as "proprietary" data), so every timing line is checked first and a broken one
is named. A cue whose number line is damaged is folded by the library into the text of the cue
before it, timing line and all; such a file is refused, naming the line, rather than letting one
speaker's words run on into another's. Speakers and merging are shared with WebVTT
(`bikva.intake.importers.turns`).
"""

from __future__ import annotations

import re
from datetime import timedelta


from bikva.errors import BikvaError
from bikva.store.files import printable
from bikva.intake.importers.turns import Context, Cue, RawTurn, first_bad_timing, turns_from_cues

_STAMP = r"\d{1,3}:[0-5]\d:[0-5]\d[,.]\d{1,3}"
_TIMING = re.compile(rf"{_STAMP}[ \t]*-->[ \t]*{_STAMP}(?:[ \t]+.*)?")
_MS = timedelta(milliseconds=1)


def cues(text: str, file: str) -> list[Cue]:
    lines = text.split("\n")
    if not any("-->" in line for line in lines):
        raise BikvaError("import.not_srt", file=file)
    bad = first_bad_timing(lines, _TIMING)
    if bad is not None:
        raise BikvaError("import.bad_timing", file=file, at=printable(bad, 80))
    import srt  # loaded only to read an SRT file

    try:
        subtitles = list(srt.parse(text))
    except (srt.SRTParseError, srt.TimestampParseError) as error:
        unmatched = getattr(error, "unmatched_content", "") or ""
        at = next((line.strip() for line in unmatched.split("\n") if line.strip()), "")
        raise BikvaError("import.bad_timing", file=file, at=printable(at, 80)) from None
    folded = next((line for subtitle in subtitles for line in subtitle.content.split("\n")
                   if "-->" in line), None)
    if folded is not None:
        number = next(i for i, line in enumerate(lines, start=1) if line.strip() == folded.strip())
        raise BikvaError("import.bad_cue", file=file, line=number, at=printable(folded.strip(), 80))
    return [
        Cue(
            subtitle.start // _MS,
            subtitle.end // _MS,
            subtitle.content,
            f"{srt.timedelta_to_srt_timestamp(subtitle.start)} --> "
            f"{srt.timedelta_to_srt_timestamp(subtitle.end)}",
        )
        for subtitle in subtitles
    ]


def looks_like_srt(text: str) -> bool:
    """A number line, then a timing line: how every SRT file begins."""
    lines = [line.strip() for line in text.lstrip("\ufeff").lstrip().split("\n")[:2]]
    return len(lines) == 2 and lines[0].isdigit() and bool(_TIMING.fullmatch(lines[1]))


def parse(text: str, context: Context) -> list[RawTurn]:
    return turns_from_cues(cues(text, context.file), context)
