"""What every importer returns."""

from __future__ import annotations

from dataclasses import dataclass, field

# Labels that mark the interviewer's turns unless the evaluator names others on import.
DEFAULT_INTERVIEWER_LABELS = ("Interviewer", "I", "Int", "Moderator", "Intervieweren")
# Role names that are speaker labels even where a file uses them once (a participant's one
# answer); any other label must recur, be a code (B1) or be named by the evaluator.
DEFAULT_PARTICIPANT_LABELS = ("Borger", "Borgeren", "Deltager", "Deltageren", "Informant",
                              "Informanten", "Interviewperson", "Interviewpersonen", "Respondent",
                              "Participant", "Citizen", "Interviewee")


# The speaker of a turn whose speaker the file does not name (a caption cue without a name).
# Never glued to the speaker before it, and not quotable until the evaluator names it.
UNKNOWN_SPEAKER = "?"


@dataclass(frozen=True)
class ParsedTurn:
    speaker: str  # the label as the file writes it, or UNKNOWN_SPEAKER
    text: str
    is_interviewer: bool
    start_ms: int | None = None
    end_ms: int | None = None

    @property
    def unknown(self) -> bool:
        return self.speaker == UNKNOWN_SPEAKER


@dataclass(frozen=True)
class ImportWarning:
    """Something in the file's structure that is usually a misread: a message key (a full
    catalogue key, `import.warning.<name>`) and its parameters. The import still succeeds."""

    key: str
    params: dict[str, object] = field(default_factory=dict)

    def shown_params(self, lang: str) -> dict[str, object] | None:
        """The parameters as a message shows them, a level as `lang` addresses it (`borgerne`);
        None for a key no catalogue has, which is then shown as the key itself."""
        from bikva.i18n import lookup, t

        try:
            lookup(lang, self.key)
        except KeyError:
            return None
        params = dict(self.params)
        if isinstance(params.get("level"), str):
            params["level"] = t(lang, f"level.{params['level']}.address")
        return params


@dataclass(frozen=True)
class ParsedTranscript:
    format: str  # "text", "markdown", "docx", "vtt", "srt", "json", ...
    turns: list[ParsedTurn] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)  # what the parser itself saw
