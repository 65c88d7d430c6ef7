"""What every importer returns."""

from __future__ import annotations

from dataclasses import dataclass, field

# Labels that mark the interviewer's turns unless the evaluator names others on import.
DEFAULT_INTERVIEWER_LABELS = ("Interviewer", "I", "Int", "Moderator", "Intervieweren")


@dataclass(frozen=True)
class ParsedTurn:
    speaker: str
    text: str
    is_interviewer: bool
    start_ms: int | None = None
    end_ms: int | None = None


@dataclass(frozen=True)
class ParsedTranscript:
    format: str  # "text", "markdown", "docx", "vtt" or "srt"
    turns: list[ParsedTurn] = field(default_factory=list)
