"""Making the documents: `bikva guide`, `bikva report` and `bikva materials`."""

from __future__ import annotations

from pathlib import Path

import click

from bikva.cli.common import FOLDER, command, h
from bikva.i18n import cli_language, t

# Replace an existing file bikva did not write (the evaluation's own files never: see
# bikva.protection.targets).
FORCE = click.option("--force", is_flag=True, help=h("force"))


@command("guide", help=h("guide"))
@FOLDER
@click.option("--level", required=True, help=h("level"))
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path), default=None, help=h("output"))
@click.option("--format", "fmt", type=click.Choice(["pdf", "html", "md"]), default=None, help=h("format"))
@FORCE
def guide_command(folder: Path, level: str, out: Path | None, fmt: str | None, force: bool) -> None:
    from bikva.output.pipeline import make_guide

    click.echo(make_guide(folder, level, fmt=fmt, out=out, force=force))


@command("report", help=h("report"))
@FOLDER
@click.option("--edition", type=click.Choice(["commissioner", "evaluator", "participants"]), default="commissioner",
              show_default=True, help=t(cli_language(), "report.cli.help_edition"))
@click.option("--pdf-variant", "variant", default="pdf/ua-1", show_default=True, help=t(cli_language(), "report.cli.help_variant"))
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path), default=None, help=h("output"))
@click.option("--format", "fmt", type=click.Choice(["pdf", "html"]), default=None, help=h("format"))
@click.option("--final", is_flag=True, help=t(cli_language(), "report.final.help"))
@FORCE
def report_command(folder: Path, edition: str, variant: str, out: Path | None, fmt: str | None, force: bool,
                   final: bool) -> None:
    from bikva.output.pipeline import make_report
    from bikva.store.evaluation import open_evaluation
    from bikva.output.render import check_pdf_variant
    from bikva.documents.status import describe_waiting, report_gaps, study_status

    check_pdf_variant(variant)  # before any work, so a typo costs nothing
    with open_evaluation(folder) as (session, ev):
        status = study_status(session, ev)
        gaps = report_gaps(session, ev)
        lang = cli_language(ev.lang)
    path = make_report(folder, fmt=fmt, out=out, edition=edition, variant=variant, force=force, final=final)
    consent = next((gap for gap in gaps if gap.key == "report.gap.consent"), None)
    if consent is not None:
        click.echo(t(lang, "report.final.consent_missing", **consent.params), err=True)
    if not status.report_ready:
        click.echo(t(lang, "cli.report.draft", waiting=describe_waiting(lang, status.first_waiting())), err=True)
    if gaps:
        click.echo(t(lang, "report.cli.missing", folder=folder), err=True)
    click.echo(path)


@command("materials", help=h("materials.command"))
@FOLDER
@click.option("--level", required=True, help=h("level"))
@click.option("-o", "--output", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=h("materials.output"))
@click.option("--copies", type=click.IntRange(1, 500), default=None, help=h("materials.copies"))
@FORCE
def materials_command(folder: Path, level: str, out: Path | None, copies: int | None, force: bool) -> None:
    from bikva.store.evaluation import open_evaluation
    from bikva.output.materials import write_materials

    result = write_materials(folder, level, out=out, copies=copies, force=force)
    with open_evaluation(folder) as (_session, ev):
        lang = cli_language(ev.lang)
        chosen = ev.level(level)
        round_, name = chosen.position, t(lang, f"level.{chosen.key}.name")
    if not result.cards:
        click.echo(t(lang, "materials.cli.no_cards", round=round_, level=name), err=True)
    for path in result.paths:
        click.echo(path)


COMMANDS = [guide_command, report_command, materials_command]

