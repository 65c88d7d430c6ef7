"""bikva never writes over the evaluation's own data, never over someone's file unless told to,
and a withdrawal wins over a document being made; the log of documents handed out names this
folder's own files after the folder is copied."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from bikva.documents.narrative import NARRATIVE_FOLDER
from bikva.errors import BikvaError
from bikva.intake.transcripts import TRANSCRIPT_FOLDER
from bikva.output import pipeline
from bikva.protection.targets import OWN_FOLDERS
from helpers import file_digest, ok, refused
from study_files import CITIZEN_ADVICE, CITIZEN_QUOTE, FRONTLINE_REACTION, write_study_files

THEME = "Sammenhæng i indsatsen"


def make_study(root: Path) -> Path:
    files = write_study_files(root / "files")
    folder = root / "e"
    ok("new", folder, "--title", "Overskrivning", "--levels", "citizens,frontline,leaders")
    ok("import", folder, "--level", "citizens", files["citizens"])
    ok("import", folder, "--level", "frontline", files["frontline"])
    citizen = ok("quote", "add", folder, "--level", "citizens", "--text", CITIZEN_QUOTE, "--theme", THEME)  # B1
    ok("quote", "add", folder, "--level", "citizens", "--text", CITIZEN_ADVICE, "--advice")  # B1
    ok("quote", "add", folder, "--level", "frontline", "--text", FRONTLINE_REACTION, "--theme", THEME,
       "--responds-to", citizen.strip().splitlines()[-1])
    ok("redact", folder, "Mette", "[navn på sagsbehandler]")
    ok("redact", folder, "Holmstrup Kommune", "[kommunen]")
    (folder / "report").mkdir(exist_ok=True)
    (folder / "report" / "summary.md").write_text("Sammenfatning skrevet af evaluator.\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def shared(tmp_path_factory) -> Path:
    """A study only refused commands touch (what a refusal changes is what these tests catch)."""
    return make_study(tmp_path_factory.mktemp("overwrite"))


@pytest.fixture
def study(tmp_path) -> Path:
    return make_study(tmp_path)


def own_data(folder: Path) -> dict[str, str]:
    """bikva.db, bikva.toml, the kept transcripts and the report's texts, by checksum."""
    files = [folder / "bikva.db", folder / "bikva.toml", *sorted((folder / "transcripts").iterdir()),
             *sorted((folder / "report").iterdir())]
    return {p.relative_to(folder).as_posix(): file_digest(p) for p in files}


def kept_transcript(folder: Path) -> Path:
    return sorted((folder / "transcripts").iterdir())[0]


def test_the_own_folders_are_the_ones_the_rest_of_bikva_uses():
    assert OWN_FOLDERS == (TRANSCRIPT_FOLDER, NARRATIVE_FOLDER)


# Each way of naming one of the evaluation's own files: given the folder, where the test runs
# and a scratch folder, the -o argument.
TARGETS = {
    "database": lambda e, _: e / "bikva.db",
    "configuration": lambda e, _: e / "bikva.toml",
    "kept transcript": lambda e, _: kept_transcript(e),
    "report text": lambda e, _: e / "report" / "summary.md",
    "new file among the transcripts": lambda e, _: e / "transcripts" / "guide.md",
    "database upgrade copy": lambda e, _: e / "bikva.db.before-0003",
    "relative path": lambda e, here: Path(os.path.relpath(e.parent, here)) / e.name / "." / "bikva.db",
    "relative path into a folder": lambda e, here: Path(os.path.relpath(e, here)) / "x" / ".." / "report" / "summary.md",
}


@pytest.mark.parametrize("command", ["guide", "report", "export"])
@pytest.mark.parametrize("target", list(TARGETS))
def test_an_output_path_at_the_evaluations_own_data_is_refused(shared, tmp_path, monkeypatch, command, target):
    monkeypatch.chdir(tmp_path)
    before = own_data(shared)
    path = TARGETS[target](shared, tmp_path)
    args = {
        "guide": ("guide", shared, "--level", "frontline", "--format", "md", "-o", path),
        "report": ("report", shared, "--format", "html", "-o", path),
        "export": ("export", shared, path),
    }[command]
    line = refused(shared, *args, key="overwrite.own_file", file=str(path))
    assert line.count("\n") == 0
    # Even --force does not make the evaluation's own data a place to write.
    refused(shared, *args, "--force", key="overwrite.own_file")
    assert own_data(shared) == before
    assert not (shared / "transcripts" / "guide.md").exists() and not (shared / "bikva.db.before-0003").exists()


@pytest.mark.parametrize("command", ["guide", "report", "export"])
@pytest.mark.parametrize("pointing_at", ["bikva.toml", "bikva.db", "transcript"])
def test_a_symlink_to_the_evaluations_own_data_is_refused(shared, tmp_path, command, pointing_at):
    before = own_data(shared)
    real = kept_transcript(shared) if pointing_at == "transcript" else shared / pointing_at
    link = tmp_path / "dokument.html"
    link.symlink_to(real)
    args = {
        "guide": ("guide", shared, "--level", "frontline", "--format", "html", "-o", link),
        "report": ("report", shared, "--format", "html", "-o", link),
        "export": ("export", shared, link, "--force"),
    }[command]
    refused(shared, *args, key="overwrite.own_file", file=str(link))
    assert own_data(shared) == before and link.is_symlink()


def test_a_symlinked_folder_into_the_transcripts_is_refused(shared, tmp_path):
    before = own_data(shared)
    (tmp_path / "genvej").symlink_to(shared / "transcripts", target_is_directory=True)
    refused(shared, "guide", shared, "--level", "frontline", "--format", "md", "-o", tmp_path / "genvej" / "ny.md",
            key="overwrite.own_file")
    refused(shared, "materials", shared, "--level", "frontline", "-o", tmp_path / "genvej", key="overwrite.own_file")
    assert own_data(shared) == before and not (shared / "transcripts" / "ny.md").exists()


@pytest.mark.parametrize("target", ["transcripts", "report", "bikva.db", "relative"])
def test_materials_are_never_written_among_the_evaluations_own_files(shared, tmp_path, monkeypatch, target):
    monkeypatch.chdir(tmp_path)
    before = own_data(shared)
    out = Path(os.path.relpath(shared, tmp_path)) / "report" if target == "relative" else shared / target
    # (-o at the database file is already refused as a file where a folder was asked for.)
    refused(shared, "materials", shared, "--level", "frontline", "-o", out,
            key=None if target == "bikva.db" else "overwrite.own_file")
    assert own_data(shared) == before
    assert sorted(p.name for p in (shared / "report").iterdir()) == ["summary.md"]


def test_another_evaluations_files_are_refused_too(shared, tmp_path):
    other = tmp_path / "anden"
    ok("new", other, "--title", "Anden evaluering")
    before = file_digest(other / "bikva.toml")
    refused(shared, "guide", shared, "--level", "frontline", "--format", "md", "-o", other / "bikva.toml", "--force",
            key="overwrite.own_file")
    assert file_digest(other / "bikva.toml") == before


@pytest.mark.parametrize("command", ["guide", "report", "export"])
def test_an_existing_file_bikva_did_not_write_needs_force(study, tmp_path, command):
    mine = tmp_path / "mine-noter.html"
    mine.write_text("Mine egne noter\n", encoding="utf-8")
    args = {
        "guide": ("guide", study, "--level", "frontline", "--format", "html", "-o", mine),
        "report": ("report", study, "--format", "html", "-o", mine),
        "export": ("export", study, mine),
    }[command]
    key = "overwrite.existing_export" if command == "export" else "overwrite.foreign_file"
    refused(study, *args, key=key, file=str(mine))
    assert mine.read_text(encoding="utf-8") == "Mine egne noter\n"

    ok(*args, "--force")
    assert "Mine egne noter" not in mine.read_bytes().decode("utf-8", "replace")
    assert mine.stat().st_size > 100


def test_materials_refuse_a_folder_holding_a_file_of_the_same_name(study, tmp_path):
    out = tmp_path / "materialer"
    out.mkdir()
    (out / "consent-R2-frontline.pdf").write_bytes(b"%PDF- min egen samtykkeerklaering")
    refused(study, "materials", study, "--level", "frontline", "-o", out, key="overwrite.foreign_file")
    assert sorted(p.name for p in out.iterdir()) == ["consent-R2-frontline.pdf"]  # none written


def test_bikvas_own_output_is_made_again_without_force_but_not_once_someone_changed_it(study, tmp_path):
    first = Path(ok("guide", study, "--level", "frontline", "--format", "md").strip())
    assert first == study / "output" / "guide-R2-frontline.md"
    assert Path(ok("guide", study, "--level", "frontline", "--format", "md").strip()) == first

    elsewhere = tmp_path / "udleveret.md"
    ok("guide", study, "--level", "frontline", "-o", elsewhere)
    ok("guide", study, "--level", "frontline", "-o", elsewhere)

    # Edited by hand since: no longer what bikva wrote, so it is the evaluator's now.
    elsewhere.write_text(elsewhere.read_text(encoding="utf-8") + "\nMine rettelser.\n", encoding="utf-8")
    refused(study, "guide", study, "--level", "frontline", "-o", elsewhere, key="overwrite.foreign_file")
    assert elsewhere.read_text(encoding="utf-8").endswith("Mine rettelser.\n")


def test_the_flows_write_step_checks_too(study):
    """The flows call write_document with the path alone: the evaluation is found from it."""
    with pytest.raises(BikvaError) as refusal:
        pipeline.write_document(study / "transcripts" / "guide.md", "x")
    assert refusal.value.key == "overwrite.own_file"
    foreign = study / "output" / "guide-R2-frontline.md"
    foreign.parent.mkdir()
    foreign.write_text("fremmed", encoding="utf-8")
    with pytest.raises(BikvaError) as refusal:
        pipeline.write_document(foreign, "x")
    assert refusal.value.key == "overwrite.foreign_file"
    assert foreign.read_text(encoding="utf-8") == "fremmed"


def test_an_export_is_replaced_only_with_force(study, tmp_path):
    archive = tmp_path / "eksport.zip"
    ok("export", study, archive)
    before = file_digest(archive)
    refused(study, "export", study, archive, key="overwrite.existing_export", file=str(archive))
    assert file_digest(archive) == before
    ok("export", study, archive, "--force")


# A withdrawal wins over a document being made -------------------------------------------------


def test_a_withdrawal_between_building_and_writing_refuses_the_write(study, tmp_path):
    view = pipeline.prepare_guide(study, "frontline")
    content = pipeline.render_guide(view, "md")
    assert CITIZEN_QUOTE in content
    ok("participant", "withdraw", study, "B1", "--level", "citizens")
    with pytest.raises(BikvaError) as refusal:
        pipeline.write_document(tmp_path / "guide.md", content, folder=study, view=view)
    assert refusal.value.key == "participant.withdrew_meanwhile"
    assert not (tmp_path / "guide.md").exists()


def test_a_withdrawal_between_writing_and_recording_removes_the_file(study, tmp_path):
    view = pipeline.prepare_report(study)
    content = pipeline.render_report(view, "html")
    path = pipeline.write_document(tmp_path / "rapport.html", content, folder=study, view=view)
    ok("participant", "withdraw", study, "B1", "--level", "citizens")
    with pytest.raises(BikvaError) as refusal:
        pipeline.record_documents(study, "report", "", {path: content}, pipeline.quote_ids(view), view=view)
    assert refusal.value.key == "participant.withdrew_meanwhile"
    assert not path.exists()


def test_a_withdrawal_of_someone_the_document_does_not_quote_does_not_stop_it(study, tmp_path):
    view = pipeline.prepare_guide(study, "frontline")
    content = pipeline.render_guide(view, "md")
    ok("participant", "withdraw", study, "B2", "--level", "citizens")  # B2 said nothing selected
    assert pipeline.write_document(tmp_path / "guide.md", content, folder=study, view=view).exists()


@pytest.mark.parametrize("command", ["guide", "report"])
def test_the_command_makes_the_document_again_when_someone_withdraws_while_it_renders(study, monkeypatch, command):
    name = "render_guide" if command == "guide" else "render_report"
    original = getattr(pipeline, name)
    withdrawals = []

    rendered = []

    def withdraw_first(view, *args):
        if not withdrawals:
            withdrawals.append(ok("participant", "withdraw", study, "B1", "--level", "citizens"))
        rendered.append(original(view, *args))
        return rendered[-1]

    monkeypatch.setattr(pipeline, name, withdraw_first)
    args = ("guide", study, "--level", "leaders", "--format", "md") if command == "guide" else (
        "report", study, "--format", "html")
    path = Path(ok(*args).strip().splitlines()[-1])
    text = path.read_text(encoding="utf-8")
    assert withdrawals and CITIZEN_QUOTE not in text and CITIZEN_ADVICE not in text
    # Made twice: the first rendering, from before the withdrawal, held the citizen's words.
    assert len(rendered) == 2 and CITIZEN_QUOTE in rendered[0]
    assert FRONTLINE_REACTION in text


# The log of documents handed out, in a copied folder ------------------------------------------


def logged_paths(folder: Path) -> list[str]:
    with sqlite3.connect(folder / "bikva.db") as db:
        return [row[0] for row in db.execute("SELECT path FROM artifact ORDER BY id")]


def test_documents_inside_the_folder_are_logged_relative_to_it_and_named_in_a_copy(study, tmp_path):
    ok("guide", study, "--level", "frontline", "--format", "md")
    handed_out = tmp_path / "udleveret.md"
    ok("guide", study, "--level", "frontline", "-o", handed_out)
    assert logged_paths(study) == ["output/guide-R2-frontline.md", str(handed_out.resolve())]

    copy = tmp_path / "kopi"
    shutil.copytree(study, copy)
    out = ok("participant", "withdraw", copy, "B1", "--level", "citizens")
    assert str(copy / "output" / "guide-R2-frontline.md") in out
    assert str(study) + os.sep not in out.replace(str(copy), "")
    assert str(handed_out.resolve()) in out
    # The copy's own output is bikva's: made again without --force.
    ok("guide", copy, "--level", "leaders", "--format", "md")


def test_an_old_absolute_path_in_the_log_names_the_copys_own_file(study, tmp_path):
    ok("guide", study, "--level", "frontline", "--format", "md")
    with sqlite3.connect(study / "bikva.db") as db:  # as logs made before relative paths held it
        db.execute("UPDATE artifact SET path = ?", (str(study / "output" / "guide-R2-frontline.md"),))
    copy = tmp_path / "flyttet"
    shutil.copytree(study, copy)
    shutil.rmtree(study)
    ok("guide", copy, "--level", "frontline", "--format", "md")  # still bikva's own file: no --force
    out = ok("participant", "withdraw", copy, "B1", "--level", "citizens")
    assert str(copy / "output" / "guide-R2-frontline.md") in out and str(study / "output") not in out
