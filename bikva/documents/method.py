"""What the method chapter says about consent, from the consent registry and nothing else, and
what `bikva status` says about the evaluator's method texts and literature.

The report does not assume that every participant signed a consent form: it says how many per
level have consent registered (`bikva participant add ... --consent-date --consent-version`),
under which version(s) of the form, and who withdrew. Missing consent is a gap: `bikva status`
and `bikva report` name it, and the report cannot be made final while it is open.

The method parts themselves (defaults, replace and extend) are read in bikva.documents.narrative.
"""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from bikva.documents.literature import BIB_FILE
from bikva.documents.narrative import (
    METHOD_FOLDER,
    PARTICIPANTS_FILE,
    all_citations,
    method_file,
    missing_method_parts,
    participants_plain_text,
    unknown_method_files,
)
from bikva.documents.presentation import level_info
from bikva.documents.readability import lix, lix_band
from bikva.documents.views import ConsentLevel, ConsentSummary
from bikva.i18n import t
from bikva.store.evaluation import OpenEvaluation
from bikva.store.queries import participants_in
from models.participant import ConsentStatus


def consent_summary(session: Session, ev: OpenEvaluation) -> ConsentSummary:
    """Per level: the participants of the groups the report counts, how many have consent
    registered, how many withdrew; the form versions signed; and the sentences saying so."""
    levels, versions = [], []
    for level in ev.levels:
        participants = participants_in(session, level)
        given = [p for p in participants if p.consent_status == ConsentStatus.GIVEN]
        versions += [p.consent_version for p in given if p.consent_version]
        levels.append(ConsentLevel(
            level=level_info(ev, level),
            participants=sum(p.consent_status != ConsentStatus.WITHDRAWN for p in participants),
            given=len(given),
            withdrawn=sum(p.consent_status == ConsentStatus.WITHDRAWN for p in participants),
        ))
    summary = ConsentSummary(levels=levels, versions=sorted(set(versions)))
    summary.sentences = consent_sentences(ev.lang, summary)
    return summary


def consent_sentences(lang: str, summary: ConsentSummary) -> list[str]:
    """What the ethics part says about consent, as the registry has it."""
    key = "report.ethics.consent_registry"
    if not summary.participants:
        return [t(lang, f"{key}.no_participants")]
    counted = [c for c in summary.levels if c.participants]
    if summary.given == summary.participants:
        per_level = _names(lang, [_count(lang, c.participants, c) for c in counted])
        sentences = [t(lang, f"{key}.all", total=summary.participants, levels=per_level)]
    elif summary.given:
        per_level = _names(lang, [t(lang, f"{key}.of", given=c.given, count=_count(lang, c.participants, c))
                                  for c in counted])
        sentences = [t(lang, f"{key}.some", given=summary.given, total=summary.participants, levels=per_level,
                       missing=summary.missing)]
    else:
        sentences = [t(lang, f"{key}.none", total=summary.participants)]
    if len(summary.versions) == 1:
        sentences.append(t(lang, f"{key}.version", version=summary.versions[0]))
    elif summary.versions:
        sentences.append(t(lang, f"{key}.versions", versions=_names(lang, summary.versions)))
    elif summary.given:
        sentences.append(t(lang, f"{key}.no_version"))
    if summary.withdrawn == 1:
        sentences.append(t(lang, f"{key}.withdrawn_one"))
    elif summary.withdrawn:
        sentences.append(t(lang, f"{key}.withdrawn", count=summary.withdrawn))
    return sentences


def _count(lang: str, n: int, consent: ConsentLevel) -> str:
    word = consent.level.role if n == 1 else consent.level.name
    return f"{n} {word[:1].lower()}{word[1:]}"


def _names(lang: str, items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {t(lang, 'guide.and')} {items[-1]}"


# What bikva status says about the method texts, literature and consent -----------------------
# Gaps (key, params) join bikva.documents.status.report_gaps: the report cannot be final while
# one is open. Notes are worth knowing and block nothing.


def method_gaps(session: Session, ev: OpenEvaluation) -> list[tuple[str, dict[str, object]]]:
    gaps: list[tuple[str, dict[str, object]]] = []
    consent = consent_summary(session, ev)
    if consent.missing or not consent.participants:
        gaps.append(("report.gap.consent", {"missing": consent.missing, "total": consent.participants,
                                            "levels": ", ".join(f"{c.level.name} {c.given}/{c.participants}"
                                                                for c in consent.levels if c.participants)}))
    gaps += [(f"report.gap.method_part.{part}", {"file": method_file(part)})
             for part in missing_method_parts(ev.folder)]
    gaps += [("report.gap.method_unknown", {"file": name, "folder": METHOD_FOLDER}) for name in unknown_method_files(ev.folder)]
    bibliography, cited = all_citations(ev.folder)
    unknown = [key for key in cited if key not in bibliography.works]
    if unknown:
        gaps.append(("report.gap.citation_unknown", {"keys": ", ".join(unknown), "file": BIB_FILE}))
    return gaps


def method_notes(ev: OpenEvaluation) -> list[tuple[str, dict[str, object]]]:
    notes: list[tuple[str, dict[str, object]]] = []
    bibliography, cited = all_citations(ev.folder)
    uncited = [key for key in bibliography.works if key not in cited]
    if uncited:
        notes.append(("report.note.uncited", {"keys": ", ".join(uncited), "file": BIB_FILE}))
    notes.append(participants_note(ev.folder))
    return notes


def participants_note(folder: Path) -> tuple[str, dict[str, object]]:
    """The participants' text and its LIX, or that it is not written yet."""
    text = participants_plain_text(folder)
    if not text:
        return "report.note.participants_missing", {"file": PARTICIPANTS_FILE}
    score = lix(text)
    return "report.note.participants_lix", {"file": PARTICIPANTS_FILE, "lix": round(score), "band": f"lix.{lix_band(score)}"}


def describe_note(lang: str, key: str, params: dict[str, object]) -> str:
    shown = dict(params)
    if "band" in shown:
        shown["band"] = t(lang, f"report.{shown['band']}")
    return t(lang, key, **shown)
