"""The de-identification guard through the database: which quotes it checks, what clears a hit
(a redaction or a review), and the commands `check`, `names` and `quote review`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import select

from bikva.errors import BikvaError
from bikva.store.evaluation import open_evaluation
from bikva.protection.guard import ensure_no_open_hits, open_hits
from bikva.i18n import t
from helpers import add_quote, ok, refused, run_cli
from models.participant import ConsentStatus, Participant
from models.participant_identity import ParticipantIdentity
from models.quote import Quote
from study_files import CITIZEN_ADVICE, CITIZEN_NAMED_QUOTE, CITIZEN_QUOTE, FRONTLINE_REACTION, write_study_files

THEME = "Sammenhæng i indsatsen"


@pytest.fixture
def study(tmp_path) -> dict:
    files = write_study_files(tmp_path / "files")
    folder = tmp_path / "evaluering"
    ok("new", folder, "--title", "Koordinerende sagsbehandlere", "--levels", "citizens,frontline,leaders")
    ok("import", folder, "--level", "citizens", files["citizens"])
    ok("import", folder, "--level", "frontline", files["frontline"])
    ids = {
        "citizen": add_quote(folder, "citizens", CITIZEN_QUOTE, "--theme", THEME),
        "named": add_quote(folder, "citizens", CITIZEN_NAMED_QUOTE, "--theme", THEME),
        "advice": add_quote(folder, "citizens", CITIZEN_ADVICE, "--advice"),
    }
    ids["frontline"] = add_quote(folder, "frontline", FRONTLINE_REACTION, "--theme", THEME,
                                 "--responds-to", ids["citizen"])
    return {"folder": folder, "ids": ids}


def hits_of(folder: Path, level: str | None = None) -> list[tuple[int, str, str]]:
    with open_evaluation(folder) as (session, ev):
        return [(h.quote_id, h.kind, h.text) for h in open_hits(session, ev, level=level)]


def register_real_name(folder: Path, label: str, real_name: str) -> None:
    with open_evaluation(folder) as (session, ev):
        participant = session.exec(select(Participant).where(Participant.label == label)).one()
        session.add(ParticipantIdentity(participant_id=participant.id, real_name=real_name))


def test_the_named_citizen_quote_hits_on_the_municipality(study):
    named = study["ids"]["named"]
    # "Mette" opens the sentence and is a common first name; "Holmstrup Kommune" is a municipality.
    assert hits_of(study["folder"]) == [(named, "unknown_capitalised", "Mette"),
                                        (named, "municipality", "Holmstrup Kommune")]


def test_registered_local_names_and_real_names_hit(study):
    folder, named = study["folder"], study["ids"]["named"]
    ok("names", "add", folder, "Holmstrup Kommune")
    ok("names", "add", folder, "Mette", "--kind", "person")
    assert hits_of(folder) == [(named, "name", "Mette"), (named, "local", "Holmstrup Kommune")]
    ok("names", "remove", folder, "Mette")
    register_real_name(folder, "B2", "Mette Sørensen")  # a real name kept in the identity table
    assert (named, "name", "Mette") in hits_of(folder)


def test_the_guide_for_a_level_checks_only_what_it_will_show(study):
    folder, named = study["folder"], study["ids"]["named"]
    assert {q for q, _, _ in hits_of(folder, "frontline")} == {named}
    assert {q for q, _, _ in hits_of(folder, "leaders")} == {named}  # statements travel to every level above
    assert hits_of(folder, "citizens") == []  # the first round shows no quotes
    # Good advice goes to the next level only: a name in it blocks the frontline guide, not the leaders'.
    ok("names", "add", folder, "Tag telefonen", "--kind", "organisation")  # a local campaign, say
    advice = study["ids"]["advice"]
    assert (advice, "local", "Tag telefonen") in hits_of(folder, "frontline")
    assert advice not in {q for q, _, _ in hits_of(folder, "leaders")}


def test_redaction_removes_the_hit_and_the_name_from_the_generated_guide(study, tmp_path):
    folder = study["folder"]
    ok("names", "add", folder, "Holmstrup Kommune")
    ok("redact", folder, "Holmstrup Kommune", "[kommunen]")
    ok("redact", folder, "Mette", "[navn på sagsbehandler]")
    assert hits_of(folder) == []
    with open_evaluation(folder) as (session, ev):
        ensure_no_open_hits(session, ev, level="frontline")
        ensure_no_open_hits(session, ev)
    guide = tmp_path / "frontline.md"
    ok("guide", folder, "--level", "frontline", "--format", "md", "-o", guide)
    text = guide.read_text(encoding="utf-8")
    assert "[navn på sagsbehandler] fra [kommunen] ringede altid tilbage samme dag" in " ".join(text.split())
    assert "Mette" not in text and "Holmstrup" not in text


def test_a_reviewed_quote_no_longer_blocks(study):
    folder, named = study["folder"], study["ids"]["named"]
    result = run_cli("quote", "review", folder, named, "--note", "Fiktivt navn")
    assert result.code == 0, result.err
    assert "»Mette«" in result.out and "»Holmstrup Kommune«" in result.out
    assert hits_of(folder) == []
    with open_evaluation(folder) as (session, ev):
        quote = session.get(Quote, named)
        assert quote.reviewed_at is not None and quote.reviewed_by


def test_quotes_of_withdrawn_participants_are_not_checked(study):
    folder = study["folder"]
    with open_evaluation(folder) as (session, ev):
        participant = session.exec(select(Participant).where(Participant.label == "B2")).one()
        participant.consent_status = ConsentStatus.WITHDRAWN
    assert hits_of(folder) == []


def test_a_quote_whose_transcript_is_purged_is_still_checked(study):
    folder, named = study["folder"], study["ids"]["named"]
    with open_evaluation(folder) as (session, ev):
        session.get(Quote, named).turn_id = None
    assert {q for q, _, _ in hits_of(folder)} == {named}


def test_ensure_no_open_hits_names_the_quote_the_word_and_the_way_on(study):
    folder, named = study["folder"], study["ids"]["named"]
    with open_evaluation(folder) as (session, ev), pytest.raises(BikvaError) as raised:
        ensure_no_open_hits(session, ev, level="frontline")
    error = raised.value
    assert error.key == "guard.blocked"
    assert (error.params["id"], error.params["word"], error.params["total"]) == (named, "Mette", 2)
    message = t("da", error.key, **error.params)
    assert "\n" not in message
    assert f"nr. {named}" in message and "»Mette«" in message
    assert f"bikva redact {folder}" in message and f"bikva quote review {folder} {named}" in message


def test_check_lists_every_open_hit_and_exits_1(study):
    folder, named = study["folder"], study["ids"]["named"]
    result = run_cli("check", folder)
    assert result.code == 1 and result.err == "", result
    lines = result.out.strip().splitlines()
    assert lines[0].split()[:2] == [str(named), "R1"] and "»Mette«" in lines[0]
    assert "»Holmstrup Kommune«" in lines[1] and "kommune" in lines[1]
    assert lines[-1].startswith("Åbne fund: 2")
    listed = run_cli("check", folder, "--json")
    assert listed.code == 1 and listed.err == "", listed
    rows = json.loads(listed.out)
    assert [(r["quote"], r["kind"], r["text"]) for r in rows] == hits_of(folder)


def test_check_without_hits_says_so_and_exits_0(study):
    folder = study["folder"]
    ok("redact", folder, "Holmstrup Kommune", "[kommunen]")
    ok("redact", folder, "Mette", "[navn på sagsbehandler]")
    result = run_cli("check", folder, "--level", "frontline")
    assert (result.code, result.out.strip(), result.err) == (0, "Ingen åbne fund. Citaterne kan bringes videre.", "")


def test_names_are_listed_changed_and_removed(study):
    folder = study["folder"]
    assert "Der er ingen lokale navne" in ok("names", "list", folder)
    ok("names", "add", folder, "Holmstrup  Kommune")
    assert "Typen er nu organisation" in ok("names", "add", folder, "holmstrup kommune", "--kind", "organisation")
    listed = run_cli("names", "list", folder)
    assert (listed.code, listed.out.strip(), listed.err) == (0, "Holmstrup Kommune  (organisation)", "")
    assert "taget af listen" in ok("names", "remove", folder, "HOLMSTRUP KOMMUNE")
    refused(folder, "names", "remove", folder, "Holmstrup Kommune", key="names.unknown")


def test_reviewing_an_unknown_quote_is_refused(study):
    refused(study["folder"], "quote", "review", study["folder"], 999, key="quote.unknown")


def test_the_guard_catalogues_have_the_same_keys_in_danish_and_english():
    import tomllib
    from importlib.resources import files

    from bikva.protection.deidentify import KINDS
    from bikva.i18n import _flatten

    keys = {lang: set(_flatten(tomllib.loads(files("templates").joinpath("i18n", lang, "guard.toml").read_text("utf-8"))))
            for lang in ("da", "en")}
    assert keys["da"] == keys["en"]
    assert {f"guard.kind.{kind}" for kind in KINDS} <= keys["da"]
