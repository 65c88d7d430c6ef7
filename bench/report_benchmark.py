"""How much bikva adds to WeasyPrint when it makes a large report.

Builds a synthetic four-level study in a temporary folder through the same plain functions the
CLI uses (about 300 report pages: many themes, quotes carried up in chains with figures, four
guides as appendices), then times

- bikva: open the evaluation, build the report view, render the HTML (with the chain figures)
  and print the PDF (PDF/UA-1, as `bikva report` does), and
- WeasyPrint alone, printing the very same final HTML with the same options,

and prints both times and their ratio, as wall-clock time and as CPU time (the CPU ratio is
the steadier one on a busy machine). Both are the fastest of --repeat runs: WeasyPrint's own
time varies by a few per cent from run to run. The target is a ratio of at most 1.15: bikva's
own work (queries, views, Markdown, templates, figures) should cost little next to the
typesetting.

Run on demand, not in the test suite:  .venv/bin/python bench/report_benchmark.py [--repeat N]
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import pstats
import random
import sys
import tempfile
import time
from importlib.resources import as_file, files
from pathlib import Path

from pypdf import PdfReader

from bikva.output import render
from bikva.store.evaluation import create_evaluation, open_evaluation
from bikva.store.files import write_atomic
from bikva.intake.groups import update_group
from bikva.selection.quotes import QuoteRequest, add_quote
from bikva.selection.redaction import set_redaction
from bikva.documents.report import build_report_view
from bikva.intake.transcripts import import_transcript

LEVELS = ["citizens", "frontline", "leaders", "politicians"]
THEMES = 18
# Statements selected per theme at each level, and good advice per level.
PER_THEME = {"citizens": 11, "frontline": 9, "leaders": 5, "politicians": 3}
ADVICE = {"citizens": 8, "frontline": 6, "leaders": 5, "politicians": 4}
WORDS = (
    "sagsbehandleren ringer tilbage samme dag, og planen bliver lagt sammen med borgeren, men "
    "møderne bliver flyttet, papirerne skal sendes igen, og ingen har overblikket over forløbet, "
    "selv om alle gør deres bedste for at hjælpe familien videre i hverdagen"
).split()


def sentence(rng: random.Random, tag: str) -> str:
    words = rng.sample(WORDS, k=18)
    return f"Udsagn {tag}: " + " ".join(words).capitalize() + "."


def build_study(folder: Path) -> int:
    rng = random.Random(7)
    create_evaluation(folder, title="Syntetisk BIKVA-evaluering til måling", levels=LEVELS, lang="da")
    config = (folder / "bikva.toml").read_text(encoding="utf-8")
    themes = "".join(
        f'\n[[themes]]\nname = "Tema {n}"\ndescription = "Beskrivelse af tema {n}."\nquestions = ["Spørgsmål om tema {n}?"]\n'
        for n in range(1, THEMES + 1)
    )
    config = config[: config.index("[[themes]]")] + themes
    config = config.replace("evaluators = []", 'evaluators = ["A. Evaluator"]').replace('published = ""', "published = 2026-06-15")
    write_atomic(folder / "bikva.toml", config)
    paragraph = " ".join(WORDS).capitalize() + ". "
    for name in ("summary", "introduction", "synthesis", "recommendations", "literature"):
        text = f"# {name.capitalize()}\n\n" + "\n\n".join(paragraph * 4 for _ in range(6)) + "\n\n## Afsnit\n\n* **Punkt** et\n* Punkt to\n"
        write_atomic(folder / "report" / f"{name}.md", text)
    write_atomic(folder / "report" / "synthesis.toml", "".join(
        f'["Tema {n}"]\nagreement = "{("agree", "mixed", "diverge")[n % 3]}"\n'
        + "".join(f'reading.{level} = "Niveauets læsning af tema {n}."\n' for level in LEVELS)
        for n in range(1, THEMES + 1)
    ))
    texts: dict[str, list[tuple[str, str]]] = {}  # level -> [(kind/theme, passage)]
    for level in LEVELS:
        lines, items = ["I: Velkommen, og tak fordi I kom."], []
        for theme in range(1, THEMES + 1):
            for n in range(PER_THEME[level]):
                passage = sentence(rng, f"{level}-{theme}-{n}")
                items.append((f"Tema {theme}", passage))
                lines.append(f"P{n % 5 + 1}: Altså. {passage} Og sådan er det.")
        for n in range(ADVICE[level]):
            passage = sentence(rng, f"{level}-råd-{n}")
            items.append(("", passage))
            lines.append(f"P{n % 5 + 1}: {passage}")
        (folder / f"{level}.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
        texts[level] = items
    quotes = 0
    with open_evaluation(folder) as (session, ev):
        set_redaction(session, ev.id, "Holmstrup", "[kommunen]")
        below: dict[str, list[int]] = {}  # theme -> the level below's statements, to react to
        for level in LEVELS:
            import_transcript(session, ev, level=level, path=folder / f"{level}.txt", group=f"Gruppe {level}")
            update_group(session, ev, level=level, name=f"Gruppe {level}", held_on=None, place="Rådhuset")
            said: dict[str, list[int]] = {}
            for n, (theme, passage) in enumerate(texts[level]):
                targets = below.get(theme, [])
                quote = add_quote(session, ev, QuoteRequest(
                    level=level, text=passage, theme=theme or None, advice=not theme,
                    rationale="Går igen hos flere.", responds_to=targets[n % len(targets)] if targets else None,
                ))
                quotes += 1
                if theme:
                    said.setdefault(theme, []).append(quote.id)
            below = said
    return quotes


OWN_WORK: dict[str, float] = {}  # bikva's own part of its last run: view and HTML, CPU seconds


def bikva_report(folder: Path) -> tuple[str, bytes]:
    started = time.process_time()
    with open_evaluation(folder) as (session, ev):
        view = build_report_view(session, ev)
    viewed = time.process_time()
    html = render.render_report_html(view)
    OWN_WORK.update(view=viewed - started, html=time.process_time() - viewed)
    return html, render.html_to_pdf(html)


def weasyprint_alone(html: str) -> bytes:
    from weasyprint import HTML

    with as_file(files("templates")) as base:
        return HTML(string=html, base_url=str(base) + "/").write_pdf(
            pdf_variant=render.DEFAULT_PDF_VARIANT, pdf_tags=True
        )


def _timed(run) -> tuple[float, float]:
    gc.collect()  # every run starts from the same heap
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each; the fastest counts")
    parser.add_argument("--profile", action="store_true", help="print where bikva's own time goes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "study"
        started = time.perf_counter()
        quotes = build_study(folder)
        print(f"synthetic study: {quotes} quotes in {time.perf_counter() - started:.1f} s")
        html, pdf = bikva_report(folder)  # warm-up: imports, fonts, templates
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        print(f"report: {pages} pages, {len(html) / 1e6:.1f} MB HTML, {len(pdf) / 1e6:.1f} MB PDF")
        weasyprint_alone(html)
        ours, theirs = [], []  # (wall, cpu) seconds per run
        for run in range(args.repeat):  # alternating which goes first, so neither gains from order
            if run % 2:
                theirs.append(_timed(lambda: weasyprint_alone(html)))
            ours.append(_timed(lambda: bikva_report(folder)))
            if not run % 2:
                theirs.append(_timed(lambda: weasyprint_alone(html)))
        if args.profile:
            profiler = cProfile.Profile()
            with open_evaluation(folder) as (session, ev):
                profiler.enable()
                view = build_report_view(session, ev)
                render.render_report_html(view)
                profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    (bikva_wall, bikva_cpu), (weasy_wall, weasy_cpu) = min(ours), min(theirs)
    print(f"bikva report (view + HTML + PDF): {bikva_wall:6.2f} s wall, {bikva_cpu:6.2f} s CPU")
    print(f"WeasyPrint alone (same HTML):     {weasy_wall:6.2f} s wall, {weasy_cpu:6.2f} s CPU")
    print(f"  of which bikva's own work: view {OWN_WORK['view']:.2f} s, HTML with figures {OWN_WORK['html']:.2f} s CPU")
    print(f"ratio: {bikva_wall / weasy_wall:.3f} wall, {bikva_cpu / weasy_cpu:.3f} CPU (target <= 1.15)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
