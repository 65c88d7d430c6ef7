"""Synthetic evaluations at sizes S, M and L, made through bikva's own functions, and cached.

A size is a whole BIKVA study ready for its report: four levels, many interview groups (one
transcript each), themes in bikva.toml, quotes selected at every level with the later levels'
reactions linked to the earlier statements, good advice, and the texts the evaluator writes
(report/*.md, the results per level, the synthesis readings, the colophon). Transcripts are
imported with `import_transcript` and quotes selected with `add_quote`, exactly as the CLI does.

L, the largest, is 200 transcripts, about a million words and 20,000 informant turns; M is half
of it (10,000 informant turns), so the recurrence suggestions can be timed at N and 2N.

Selecting a quote searches every turn of its level. So that generating L takes minutes and not
an hour, each level's first transcript (which holds the planted passages) is imported and its
quotes selected before the level's other transcripts are imported: the stored evaluation is the
same as if they had been selected last.

Generating is slow, so a generated evaluation is kept under bench/.cache/ (git-ignored), keyed
by the generator's own source and bikva's migrations: a change to either makes a new one. The
cached folder is never measured on directly: measurements work on a copy (`working_copy`).
"""

from __future__ import annotations

import hashlib
import random
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import tomlkit

from bench import synthetic
from bikva.intake.groups import update_group
from bikva.intake.transcripts import import_transcript
from bikva.protection.participants import register_participant
from bikva.selection.quotes import QuoteRequest, add_quote
from bikva.store.evaluation import create_evaluation, open_evaluation
from bikva.store.files import write_atomic

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
ROOT = HERE.parent
LEVELS = ("citizens", "frontline", "leaders", "politicians")
THEME_NAMES = (
    "Kontakten med kommunen", "Relationen til sagsbehandleren", "Samarbejdet på tværs",
    "Tid og sagsmængde", "Borgerens egne mål", "Breve og afgørelser", "Møder og aftaler",
    "Overgange mellem indsatser", "Familiens hverdag", "Økonomi og ydelser", "Vejen mod arbejde",
    "Helbred og trivsel", "Bolig og tryghed", "Uddannelse og praktik", "Digitale løsninger",
    "Frivillige og netværk", "Ledelse og prioritering", "Politiske rammer",
)
IMPORT_BATCH = 20  # transcripts per transaction, so the session never holds a whole level


@dataclass(frozen=True)
class Size:
    name: str
    transcripts: tuple[int, int, int, int]  # interview groups (one transcript each) per level
    informant_turns: int  # per transcript
    words: int  # per transcript, about
    themes: int
    per_theme: tuple[int, int, int, int]  # statements selected per theme at each level
    advice: tuple[int, int, int, int]  # good advice selected at each level

    @property
    def total_transcripts(self) -> int:
        return sum(self.transcripts)

    @property
    def total_informant_turns(self) -> int:
        return self.total_transcripts * self.informant_turns

    @property
    def total_words(self) -> int:
        return self.total_transcripts * self.words

    @property
    def quotes(self) -> int:
        return self.themes * sum(self.per_theme) + sum(self.advice)

    def describe(self) -> str:
        return (f"{self.name}: {self.total_transcripts} transcripts, about {self.total_words:,} words, "
                f"{self.total_informant_turns:,} informant turns, {self.themes} themes, {self.quotes} quotes")


SIZES = {
    "tiny": Size("tiny", (1, 1, 1, 1), 12, 300, 2, (2, 1, 1, 1), (1, 1, 1, 1)),  # tests/test_bench.py
    "S": Size("S", (4, 4, 2, 2), 100, 5_000, 6, (4, 3, 2, 2), (3, 3, 2, 2)),
    "M": Size("M", (40, 30, 20, 10), 100, 5_000, 12, (6, 5, 3, 2), (5, 4, 3, 3)),
    "L": Size("L", (80, 60, 40, 20), 100, 5_000, 18, (11, 9, 5, 3), (8, 6, 5, 4)),
}


def cache_key() -> str:
    """Changes when the generator or the database schema changes: then the cache is stale."""
    digest = hashlib.sha256()
    sources = [HERE / "synthetic.py", HERE / "generate.py", *sorted((ROOT / "models" / "migrations" / "versions").glob("*.py"))]
    for path in sources:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def cached_evaluation(size: Size, log=print) -> Path:
    """The generated evaluation of `size`, made now if the cache has none for this generator."""
    folder = CACHE / f"{size.name}-{cache_key()}"
    if not (folder / "bikva.toml").is_file():
        CACHE.mkdir(exist_ok=True)
        for stale in CACHE.glob(f"{size.name}-*"):  # an older generator's: never used again
            shutil.rmtree(stale, ignore_errors=True)
        log(f"generating {size.describe()} (cached in {folder.relative_to(ROOT)}) ...")
        with tempfile.TemporaryDirectory(dir=CACHE, prefix=f".{size.name}-") as tmp:
            build(size, Path(tmp) / "study")
            (Path(tmp) / "study").rename(folder)  # whole or not at all: an interrupted run leaves no cache
    return folder


def working_copy(size: Size, into: Path, log=print) -> Path:
    """A fresh copy of the cached evaluation to measure on (opening may migrate, runs write)."""
    target = into / f"{size.name}-study"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(cached_evaluation(size, log), target)
    return target


def build(size: Size, folder: Path, seed: int = 12) -> None:
    """Make the whole study of `size` in `folder` (which must not exist yet)."""
    rng = random.Random(seed)
    themes = list(THEME_NAMES[: size.themes])
    create_evaluation(folder, title="Syntetisk BIKVA-evaluering til måling", levels=list(LEVELS), lang="da")
    _configure(folder, themes)
    sources = folder.parent / f"{folder.name}-sources"  # the transcripts as an evaluator has them
    sources.mkdir()
    quoted: dict[str, dict[str, list[int]]] = {}  # level -> theme -> statement ids
    below: dict[str, list[int]] = {}
    for index, level in enumerate(LEVELS):
        plan = _plan_quotes(rng, size, index, themes)
        files = []
        for number in range(1, size.transcripts[index] + 1):
            made = synthetic.transcript(rng, level, informant_turns=size.informant_turns, words=size.words,
                                        passages=[p for _, p in plan] if number == 1 else [])
            path = sources / f"{level}-gruppe-{number:03}.txt"
            path.write_text(made.text, encoding="utf-8")
            files.append((f"Gruppe {number}", path))
        with open_evaluation(folder) as (session, ev):
            _import(session, ev, level, *files[0])
            said: dict[str, list[int]] = {}
            for n, (theme, text) in enumerate(plan):
                targets = below.get(theme or "", [])
                quote = add_quote(session, ev, QuoteRequest(
                    level=level, text=text, theme=theme, advice=theme is None,
                    rationale="Går igen hos flere i gruppen.",
                    responds_to=targets[n % len(targets)] if targets else None,
                ))
                if theme:
                    said.setdefault(theme, []).append(quote.id)
        quoted[level], below = said, said
        for start in range(1, len(files), IMPORT_BATCH):
            with open_evaluation(folder) as (session, ev):
                for group, path in files[start : start + IMPORT_BATCH]:
                    _import(session, ev, level, group, path)
    shutil.rmtree(sources)
    _write_report_texts(folder, themes, quoted)


def _plan_quotes(rng: random.Random, size: Size, index: int, themes: list[str]) -> list[tuple[str | None, str]]:
    """(theme, passage) of every statement of the level, then (None, passage) of its advice."""
    plan = [(theme, synthetic.passage(rng)) for theme in themes for _ in range(size.per_theme[index])]
    return plan + [(None, synthetic.passage(rng)) for _ in range(size.advice[index])]


def _import(session, ev, level: str, group: str, path: Path) -> None:
    result = import_transcript(session, ev, level=level, path=path, group=group)
    if result.warnings:  # the benchmark's text must read as a clean transcript
        raise RuntimeError(f"{path.name}: import warnings {[w.key for w in result.warnings]}")
    update_group(session, ev, level=level, name=group, held_on=date(2026, 3, 2), place="Rådhuset")
    for speaker in result.speakers:
        if not speaker.interviewer:
            register_participant(session, ev, level=level, label=speaker.label, group=group,
                                 consent_date=date(2026, 3, 2), consent_version="1")


def _configure(folder: Path, themes: list[str]) -> None:
    """bikva.toml as an evaluator fills it in: the study, consent, the colophon and the themes."""
    path = folder / "bikva.toml"
    config = tomlkit.parse(path.read_text(encoding="utf-8"))
    config["study"].update({
        "organisation": "Center for Velfærd og Beskæftigelse",
        "interviewers": ["A. Interviewer", "B. Interviewer"],
        "commissioner": "Beskæftigelsesforvaltningen",
        "contact": "Evaluator, tlf. 87 00 00 00",
    })
    if "consent" in config:
        config["consent"].update({
            "controller": "Professionshøjskolen, CVR-nr. 00000000", "dpo": "Databeskyttelsesrådgiveren",
            "legal_basis": "consent", "delete_by": "2027-06-30",
        })
    config["report"].update({"evaluators": ["A. Evaluator"], "published": date(2026, 6, 15), "place": "Aarhus"})
    table = tomlkit.aot()
    for n, name in enumerate(themes, 1):
        table.append(tomlkit.table().add("name", name).add("description", f"Hvad deltagerne siger om {name.lower()}.")
                     .add("questions", [f"Hvad er jeres erfaringer med {name.lower()}?", "Kan I give et eksempel?"]))
    config["themes"] = table
    write_atomic(path, tomlkit.dumps(config))


def _write_report_texts(folder: Path, themes: list[str], quoted: dict[str, dict[str, list[int]]]) -> None:
    paragraph = " ".join(synthetic.sentence(random.Random(n), 14) for n in range(6))
    for name in ("summary", "introduction", "synthesis", "recommendations", "literature"):
        text = f"# {name.capitalize()}\n\n" + "\n\n".join(paragraph for _ in range(5)) + "\n\n## Afsnit\n\n* Et punkt\n* Et andet punkt\n"
        write_atomic(folder / "report" / f"{name}.md", text)
    for part in ("recruitment", "limitations"):
        write_atomic(folder / "report" / "method" / f"{part}.md", f"{paragraph}\n\n{paragraph}\n")
    for level, by_theme in quoted.items():  # the results: each theme's section cites its first quotes
        sections = [f"## {theme}\n\n{paragraph}\n\n" + "\n\n".join(f"[[{quote_id}]]" for quote_id in ids[:2])
                    + f"\n\n{paragraph}\n" for theme, ids in by_theme.items()]
        write_atomic(folder / "report" / "results" / f"{level}.md", f"{paragraph}\n\n" + "\n".join(sections))
    synthesis = tomlkit.document()
    for n, theme in enumerate(themes):
        entry = tomlkit.table().add("agreement", ("agree", "mixed", "diverge")[n % 3])
        entry.add("reading", {level: f"Niveauets læsning af {theme.lower()}." for level in LEVELS if theme in quoted[level]})
        synthesis.add(theme, entry)
    write_atomic(folder / "report" / "synthesis.toml", tomlkit.dumps(synthesis))


def informant_turns(folder: Path) -> tuple[int, int]:
    """(transcripts, informant turns) stored in the evaluation in `folder`."""
    from sqlmodel import func, select

    from models.transcript import Transcript
    from models.turn import Turn

    with open_evaluation(folder) as (session, _ev):
        transcripts = session.exec(select(func.count()).select_from(Transcript)).one()
        turns = session.exec(select(func.count()).select_from(Turn).where(Turn.is_interviewer == False)).one()  # noqa: E712
    return transcripts, turns


def transcript_file(path: Path, words: int = 10_000, seed: int = 99) -> Path:
    """A single transcript of about `words` words (the import measurement)."""
    made = synthetic.transcript(random.Random(seed), "citizens", informant_turns=words // 50, words=words)
    path.write_text(made.text, encoding="utf-8")
    return path
