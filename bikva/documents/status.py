"""Where a study stands: per round, what is in, and what the next step is waiting for.

A round's guide is ready when the round below it has a transcript and quotes carried up to it
(round 1 is always ready: it is built from the study's themes). A round is done when its own
transcript is in and quotes are selected from it. The report needs every round done, and the
parts of it the evaluator writes (report_gaps): the narrative sections, the synthesis readings
and the colophon. Each round names its interview groups, with their transcripts and the quotes
selected from each.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlmodel import Session, func, select

from bikva.store.evaluation import OpenEvaluation, open_evaluation
from bikva.i18n import t
from bikva.documents.method import method_gaps
from bikva.documents.narrative import missing_sections, narrative_file
from bikva.store.queries import groups_of, quotes_of, shown_to, themes_of, transcripts_of
from bikva.documents.synthesis import SYNTHESIS_FILE, agreement_warnings, load_settings, synthesis_gaps
from bikva.documents.references import reference_problems, resolver
from bikva.documents.results import read_results, results_file, theme_named
from models.level import STANDARD_LEVELS, Level
from models.quote import STATEMENT_KINDS, Quote, QuoteKind
from models.theme import Theme
from models.transcript import Transcript


@dataclass
class Waiting:
    """Something a step needs: a message key and the round it concerns (for translation)."""

    key: str  # status.waiting.transcript | status.waiting.quotes | status.waiting.carried
    level: str
    round: int


@dataclass
class TranscriptStatus:
    id: int
    file: str
    quotes: int  # selected from it, whatever their consent or group now allows


@dataclass
class GroupStatus:
    name: str
    excluded: bool
    transcripts: list[TranscriptStatus] = field(default_factory=list)


@dataclass
class RoundStatus:
    level: str
    round: int
    groups: int
    transcripts: int
    statements: int  # selected from this round's transcripts
    advice: int
    carried_in: int  # statements from earlier rounds shown in this round's guide
    advice_in: int
    guide_waiting_for: list[Waiting] = field(default_factory=list)
    round_waiting_for: list[Waiting] = field(default_factory=list)
    interview_groups: list[GroupStatus] = field(default_factory=list)

    @property
    def guide_ready(self) -> bool:
        return not self.guide_waiting_for

    @property
    def done(self) -> bool:
        return self.guide_ready and not self.round_waiting_for


@dataclass
class StudyStatus:
    rounds: list[RoundStatus]
    language: str = "da"  # the evaluation's, for the messages that describe this status

    @property
    def report_ready(self) -> bool:
        return all(r.done for r in self.rounds)

    def first_waiting(self) -> list[Waiting]:
        for r in self.rounds:
            if not r.done:
                return r.guide_waiting_for or r.round_waiting_for
        return []

    def as_dict(self) -> dict:
        return {
            "rounds": [
                asdict(r) | {"guide_ready": r.guide_ready, "done": r.done} for r in self.rounds
            ],
            "report_ready": self.report_ready,
        }


def status_of(folder: Path) -> StudyStatus:
    """Where the study in `folder` stands (a transaction of its own)."""
    with open_evaluation(folder) as (session, ev):
        return study_status(session, ev)


def study_status(session: Session, ev: OpenEvaluation) -> StudyStatus:
    quotes = quotes_of(session, ev.id)
    rounds: list[RoundStatus] = []
    for level in ev.levels:
        own = [q for q in quotes if q.level_id == level.id]
        carried_in = shown_to(session, ev.id, level)
        status = RoundStatus(
            level=level.key,
            round=level.position,
            groups=len(groups_of(session, level)),
            transcripts=len(transcripts_of(session, level)),
            statements=sum(q.kind in STATEMENT_KINDS for q in own),
            advice=sum(q.kind == QuoteKind.ADVICE for q in own),
            carried_in=sum(q.kind in STATEMENT_KINDS for q in carried_in),
            advice_in=sum(q.kind == QuoteKind.ADVICE for q in carried_in),
            interview_groups=_groups(session, level),
        )
        below = rounds[-1] if rounds else None
        if below is not None:
            if not below.transcripts:
                status.guide_waiting_for.append(Waiting("status.waiting.transcript", below.level, below.round))
            elif not status.carried_in:
                status.guide_waiting_for.append(Waiting("status.waiting.carried", below.level, below.round))
        if not status.transcripts:
            status.round_waiting_for.append(Waiting("status.waiting.transcript", level.key, level.position))
        elif not (status.statements or status.advice):
            status.round_waiting_for.append(Waiting("status.waiting.quotes", level.key, level.position))
        rounds.append(status)
    return StudyStatus(rounds, ev.lang)


def _groups(session: Session, level: Level) -> list[GroupStatus]:
    counts = dict(session.exec(
        select(Quote.transcript_id, func.count()).where(Quote.level_id == level.id).group_by(Quote.transcript_id)
    ).all())
    level_groups = groups_of(session, level)
    by_group: dict[int, list[Transcript]] = {group.id: [] for group in level_groups}
    for tr in session.exec(select(Transcript).where(Transcript.group_id.in_(by_group)).order_by(Transcript.id)):
        by_group[tr.group_id].append(tr)
    return [GroupStatus(group.name, group.excluded, [
        TranscriptStatus(tr.id, tr.original_filename, counts.get(tr.id, 0)) for tr in by_group[group.id]])
        for group in level_groups]


def describe_waiting(lang: str, items: list[Waiting]) -> str:
    return "; ".join(
        t(lang, item.key, round=item.round, level=t(lang, f"level.{item.level}.address")) for item in items
    )


@dataclass
class Gap:
    """A part of the report the evaluator has yet to write: a message key and its parameters."""

    key: str  # report.gap.section | .synthesis_theme | .unknown_theme | .colophon | .omitted_reason
    params: dict[str, object] = field(default_factory=dict)


# The study's own texts in bikva.toml that guides and the report print.
STUDY_TEXTS = ("organisation", "commissioner", "purpose", "contact")


def report_gaps(session: Session, ev: OpenEvaluation) -> list[Gap]:
    """What the report still lacks, in the order of the report. An empty list: all written."""
    gaps = [Gap("report.gap.section", {"file": narrative_file(key), "section": key})
            for key in missing_sections(ev.folder)]
    themes = themes_of(session, ev.id)
    quotes = quotes_of(session, ev.id)
    gaps += results_gaps(ev, themes, quotes)
    settings = load_settings(ev.folder, [level.key for level in ev.levels])
    missing, unknown = synthesis_gaps(ev, themes, quotes, settings)
    gaps += [Gap("report.gap.synthesis_theme", {"file": SYNTHESIS_FILE, "theme": gap.theme, "fields": ", ".join(gap.fields)})
             for gap in missing]
    gaps += [Gap("report.gap.unknown_theme", {"file": SYNTHESIS_FILE, "theme": name}) for name in unknown]
    gaps += [Gap("report.gap.agreement_levels", {"file": SYNTHESIS_FILE, "theme": theme, "agreement": agreement,
                                                 "silent": silent})
             for theme, agreement, silent in agreement_warnings(ev, themes, quotes, settings)]
    gaps += [Gap("report.gap.reference", {"file": p.file, "id": p.id, "problem": p.problem})
             for p in reference_problems(ev.folder, resolver(session, ev))]
    study = [name for name in STUDY_TEXTS if not getattr(ev.config, name).strip()]
    if study:
        gaps.append(Gap("report.gap.study", {"fields": ", ".join(study)}))
    consent = ev.config.consent.missing()  # what the consent form must say by law ([consent])
    if consent:
        gaps.append(Gap("materials.consent.status.gap", {"fields": ", ".join(consent)}))
    report = ev.config.report
    colophon = [name for name, value in (("evaluators", report.evaluators), ("published", report.published)) if not value]
    if colophon:
        gaps.append(Gap("report.gap.colophon", {"fields": ", ".join(colophon)}))
    omitted = [key for key in STANDARD_LEVELS if key not in {level.key for level in ev.levels}]
    if omitted and not report.omitted_reason:
        gaps.append(Gap("report.gap.omitted_reason", {"omitted": omitted}))
    gaps += [Gap(key, params) for key, params in method_gaps(session, ev)]  # consent, method parts, citations
    return gaps


def results_gaps(ev: OpenEvaluation, themes: list[Theme], quotes: list[Quote]) -> list[Gap]:
    """Per level: the analysis not written, a `## heading` that names no theme, and a theme with
    statements selected at the level that the text has no section on."""
    gaps = []
    for level in ev.levels:
        file = results_file(level.key)
        text = read_results(ev.folder, level.key)
        if text is None:
            gaps.append(Gap("report.gap.results", {"file": file, "round": level.position, "level": level.key}))
            continue
        named = set()
        for heading, _body in text.sections:
            theme = theme_named(heading, themes)
            if theme is None:
                gaps.append(Gap("report.gap.results_heading", {"file": file, "heading": heading}))
            else:
                named.add(theme.id)
        spoken = {q.theme_id for q in quotes if q.level_id == level.id and q.kind in STATEMENT_KINDS}
        gaps += [Gap("report.gap.results_theme", {"file": file, "theme": theme.name})
                 for theme in themes if theme.id in spoken and theme.id not in named]
    return gaps


def describe_gap(lang: str, gap: Gap) -> str:
    params = dict(gap.params)
    if "level" in params:
        params["level"] = t(lang, f"level.{params['level']}.address")
    if "silent" in params:
        names = [t(lang, f"level.{key}.address") for key in params.pop("silent")]
        params["levels"] = f"{', '.join(names[:-1])} {t(lang, 'guide.and')} {names[-1]}" if len(names) > 1 else names[0]
    if "agreement" in params:
        params["agreement"] = t(lang, f"report.synthesis.agreement.{params['agreement']}").lower()
    if "problem" in params:
        params["problem"] = t(lang, f"report.reference.why.{params['problem']}")
    if "section" in params:
        params["title"] = t(lang, f"report.{params.pop('section')}.title").lower()
    if "omitted" in params:
        params["levels"] = ", ".join(t(lang, f"level.{key}.address") for key in params.pop("omitted"))
    return t(lang, gap.key, **params)
