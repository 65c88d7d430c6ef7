"""WebVTT captions (Teams, Zoom and similar) → cues → speaker turns.

webvtt-py reads the cues. It runs in strict mode: in its default mode a cue block with a broken
timing line is silently dropped, which would lose speech without a word; strict mode raises, and we
name the offending line. Speakers and merging are shared with SRT (`bikva.intake.importers.turns`).

Older Teams files write times without zero padding, ``0:0:6.90 --> 0:0:8.250``, where the
fraction is a count of milliseconds (``6.90`` is 6.090 s, as the cue ending at 6.500 shows); such
timing lines are rewritten to the standard form before webvtt-py reads them.
"""

from __future__ import annotations

import re


from bikva.errors import BikvaError
from bikva.store.files import printable
from bikva.intake.importers.turns import Context, Cue, RawTurn, first_bad_timing, turns_from_cues

_STAMP = r"(?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3}"
_TIMING = re.compile(rf"{_STAMP}[ \t]+-->[ \t]+{_STAMP}(?:[ \t]+.*)?")
_HEADER = re.compile(r"WEBVTT(?:[ \t]|\n|$)")
_OLD_STAMP = r"\d{1,2}:\d{1,2}:\d{1,2}(?:\.\d{1,3})?"
_OLD_TIMING = re.compile(rf"({_OLD_STAMP})([ \t]+-->[ \t]+)({_OLD_STAMP})((?:[ \t]+.*)?)")


def old_stamp_ms(stamp: str) -> int:
    """``0:1:3.400`` → 63 400; the fraction counts milliseconds (``6.90`` → 6 090)."""
    clock, _, fraction = stamp.partition(".")
    hours, minutes, seconds = (int(part) for part in clock.split(":"))
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + int(fraction or 0)


def _standard(ms: int) -> str:
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def _modernise(line: str) -> str:
    old = _OLD_TIMING.fullmatch(line.strip())
    if not old or _TIMING.fullmatch(line.strip()):
        return line
    start, arrow, end, settings = old.groups()
    return f"{_standard(old_stamp_ms(start))}{arrow}{_standard(old_stamp_ms(end))}{settings}"


def is_webvtt(text: str) -> bool:
    return bool(_HEADER.match(text.lstrip("\ufeff")))


def cues(text: str, file: str) -> list[Cue]:
    if not is_webvtt(text):
        raise BikvaError("import.not_vtt", file=file)
    lines = [_modernise(line) for line in text.split("\n")]
    text = "\n".join(lines)
    bad = first_bad_timing(lines, _TIMING)
    if bad is not None:
        raise BikvaError("import.bad_timing", file=file, at=printable(bad, 80))
    import webvtt  # loaded only to read a WebVTT file
    from webvtt.errors import MalformedCaptionError, MalformedFileError

    try:
        captions = webvtt.from_string(text, strict=True).captions
    except (MalformedCaptionError, MalformedFileError):
        # the timing lines are well-formed, so a cue is not separated from the one before it
        raise BikvaError("import.bad_timing", file=file, at=printable(_unseparated(lines), 80)) from None
    return [
        Cue(
            caption.start_time.in_milliseconds(),
            caption.end_time.in_milliseconds(),
            caption.raw_text,
            f"{caption.start} --> {caption.end}",
        )
        for caption in captions
    ]


def _unseparated(lines: list[str]) -> str:
    """The first timing line that does not open a block (no blank line before it or its id)."""
    arrows = [i for i, line in enumerate(lines) if "-->" in line]
    for i in arrows:
        if i >= 2 and lines[i - 1].strip() and lines[i - 2].strip():
            return lines[i].strip()
    return lines[arrows[0]].strip() if arrows else ""


def parse(text: str, context: Context) -> list[RawTurn]:
    return turns_from_cues(cues(text, context.file), context)
