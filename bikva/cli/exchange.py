"""Studies in and out of QDA tools: `bikva export-qdpx` and `bikva import-qdpx` (REFI-QDA).

`import-qdpx --json` prints `{"sources": [{"name", "level", "group", "turns", "quotes",
"speakers"}], "quotes": N, "reanchored": N, "themes": [...], "unplaced": [{"source",
"selection", "reason", "message"}], "skipped_sources": [...], "statements_left_out": N}`.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from bikva.cli.common import FOLDER, command, h, say, table
from bikva.i18n import cli_language, t


@command("export-qdpx", help=h("export_qdpx"))
@FOLDER
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help=h("force"))
def export_qdpx_command(folder: Path, file: Path, force: bool) -> None:
    from bikva.exchange.qdpx_export import export_qdpx
    from bikva.store.evaluation import open_evaluation

    with open_evaluation(folder) as (session, ev):
        count = export_qdpx(session, ev, file, force=force)
        lang = ev.lang
    say("exchange.exported", lang, file=file, quotes=count)


@command("import-qdpx", help=h("import_qdpx"))
@FOLDER
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--level", default=None, help=h("qdpx_level"))
@click.option("--group", default=None, help=h("group"))
@click.option("--interviewer", "interviewers", multiple=True, help=h("interviewer"))
@click.option("--speaker", "speakers", multiple=True, help=h("speaker"))
@click.option("--keep-labels", is_flag=True, help=h("keep_labels"))
@click.option("--dry-run", is_flag=True, help=h("dry_run"))
@click.option("--json", "as_json", is_flag=True, help=h("json"))
def import_qdpx_command(folder: Path, file: Path, level: str | None, group: str | None, interviewers: tuple[str, ...],
                        speakers: tuple[str, ...], keep_labels: bool, dry_run: bool, as_json: bool) -> None:
    from bikva.exchange.qdpx_import import import_qdpx, plan_qdpx_import, work_folder
    from bikva.store.evaluation import open_evaluation

    options = dict(level=level, group=group, interviewer_labels=list(interviewers), speakers=list(speakers),
                   keep_labels=keep_labels)
    with open_evaluation(folder) as (session, ev):
        if dry_run:
            with work_folder(ev) as workdir:
                found = plan_qdpx_import(session, ev, file, Path(workdir), **options)
        else:
            found = import_qdpx(session, ev, file, **options)
        lang = cli_language(ev.lang)
        sources = [{"name": s.source.name, "level": s.level.key, "round": s.level.position, "group": s.group,
                    "turns": len(s.plan.turns), "quotes": len(s.quotes),
                    "speakers": [x.as_dict() for x in s.plan.speakers],
                    "warnings": [{"key": w.key, "params": {k: str(v) for k, v in w.params.items()}}
                                 for w in s.plan.warnings]} for s in found.sources]
    unplaced = [{"source": u.source, "selection": u.selection, "reason": u.reason,
                 "message": t(lang, f"exchange.unplaced.{u.reason}", detail=u.detail)} for u in found.unplaced]
    if as_json:
        click.echo(json.dumps({
            "sources": sources, "quotes": found.quotes, "reanchored": found.moved,
            "themes": [name for name, _parent, _description in found.themes], "unplaced": unplaced,
            "skipped_sources": found.skipped_sources, "statements_left_out": found.statements,
        }, ensure_ascii=False, indent=2))
        return
    say("exchange.dry_run" if dry_run else "exchange.imported", lang, file=file.name, sources=len(sources),
        quotes=found.quotes, themes=len(found.themes))
    for source in sources:
        say("exchange.source_line", lang, name=source["name"], turns=source["turns"], quotes=source["quotes"],
            group=source["group"], round=source["round"], level=t(lang, f"level.{source['level']}.address"))
        rows = [[s["label"], s["turns"], s["words"],
                 t(lang, "transcripts.role." + ("interviewer" if s["interviewer"] else "unknown" if s["label"] == "?"
                                                else "informant"))] for s in source["speakers"]]
        for line in table(lang, [f"transcripts.heading.{k}" for k in ("speaker", "turns", "words", "role")], rows,
                          right=(1, 2)):
            click.echo("    " + line)
    if found.moved:
        say("exchange.reanchored", lang, count=found.moved)
    if found.statements:
        say("exchange.statements_left_out", lang, count=found.statements)
    if found.skipped_sources:
        say("exchange.skipped_sources", lang, names="; ".join(found.skipped_sources))
    if unplaced:
        say("exchange.unplaced_heading", lang, count=len(unplaced))
        for item in unplaced:
            say("exchange.unplaced_line", lang, source=item["source"], selection=item["selection"],
                message=item["message"])


COMMANDS = [export_qdpx_command, import_qdpx_command]
