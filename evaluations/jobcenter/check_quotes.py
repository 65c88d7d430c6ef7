"""Rough check of the demo study's quotes against its transcripts.

    .venv/bin/python evaluations/jobcenter/check_quotes.py

An approximation of what the engine's importer checks, not a replacement for it:
- every quote is found inside exactly one non-interviewer turn of its level's transcript,
  and its text occurs exactly once in the whole transcript (whitespace normalised);
- responds_to points at a quote from an earlier level; themes exist; keys are unique;
- VTT timestamps increase monotonically.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
LEVEL_ORDER = ["citizens", "frontline", "leaders", "politicians"]


def norm(text: str) -> str:
    return " ".join(text.split())


def turns_txt(path: Path) -> list[tuple[str, str]]:
    label_re = re.compile(r"^([A-Za-zÆØÅæøå0-9]{1,20}):\s?(.*)$")
    turns: list[list[str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = label_re.match(line)
        if m:
            turns.append([m.group(1), m.group(2)])
        elif turns:
            turns[-1][1] += "\n" + line
    return [(s, norm(t)) for s, t in turns]


def turns_docx(path: Path) -> list[tuple[str, str]]:
    from docx import Document

    label_re = re.compile(r"^([A-Za-zÆØÅæøå0-9]{1,20}):\s?(.*)$", re.S)
    turns: list[list[str]] = []
    for p in Document(str(path)).paragraphs:
        m = label_re.match(p.text)
        if m:
            turns.append([m.group(1), m.group(2)])
        elif turns and p.text.strip():
            turns[-1][1] += "\n\n" + p.text
    return [(s, norm(t)) for s, t in turns]


TIME_RE = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d\d\d) --> (\d\d):(\d\d):(\d\d)\.(\d\d\d)")


def ms(h, m, s, f) -> int:
    return ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(f)


def turns_vtt(path: Path, problems: list[str]) -> list[tuple[str, str]]:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("WEBVTT"):
        problems.append(f"{path.name}: does not start with WEBVTT")
    cues: list[tuple[str, str]] = []
    last_end = -1
    for block in re.split(r"\n\s*\n", text.strip())[1:]:
        lines = block.splitlines()
        i = next((k for k, l in enumerate(lines) if TIME_RE.match(l)), None)
        if i is None:
            problems.append(f"{path.name}: cue without timing: {block[:60]!r}")
            continue
        g = TIME_RE.match(lines[i]).groups()
        start, end = ms(*g[:4]), ms(*g[4:])
        if not (last_end <= start < end):
            problems.append(f"{path.name}: timing not monotonic at {lines[i]}")
        last_end = end
        body = " ".join(lines[i + 1 :])
        v = re.match(r"^<v ([^>]+)>(.*?)(</v>)?$", body)
        if v:
            speaker, cue = v.group(1), v.group(2)
        else:
            z = re.match(r"^([^:]{1,40}):\s(.*)$", body)
            if not z:
                problems.append(f"{path.name}: cue without speaker: {body[:60]!r}")
                continue
            speaker, cue = z.group(1), z.group(2)
        cues.append((speaker, cue))
    turns: list[list[str]] = []
    for speaker, cue in cues:
        if turns and turns[-1][0] == speaker:
            turns[-1][1] += " " + cue
        else:
            turns.append([speaker, cue])
    return [(s, norm(t)) for s, t in turns]


def load_turns(path: Path, problems: list[str]) -> list[tuple[str, str]]:
    if path.suffix == ".txt":
        return turns_txt(path)
    if path.suffix == ".docx":
        return turns_docx(path)
    if path.suffix == ".vtt":
        return turns_vtt(path, problems)
    raise SystemExit(f"unknown format {path}")


def main() -> int:
    study = tomllib.loads((HERE / "study.toml").read_text(encoding="utf-8"))
    problems: list[str] = []
    themes = {t["name"] for t in study["themes"]}
    rounds = {r["level"]: r for r in study["rounds"]}
    transcripts = {}
    for level, r in rounds.items():
        turns = load_turns(HERE / r["file"], problems)
        transcripts[level] = turns
        speakers = sorted({s for s, _ in turns})
        words = sum(len(t.split()) for _, t in turns)
        print(f"{r['file']}: {len(turns)} turns, ~{words} words, speakers {speakers}")
        for label in r["interviewer"]:
            if label not in speakers:
                problems.append(f"{r['file']}: interviewer label {label!r} not found")

    keys: dict[str, dict] = {}
    counts: dict[str, list[int]] = {lv: [0, 0] for lv in LEVEL_ORDER}
    for q in study["quotes"]:
        key = q["key"]
        if key in keys:
            problems.append(f"{key}: duplicate key")
        keys[key] = q
        level = q["level"]
        counts[level][1 if q.get("advice") else 0] += 1
        if q.get("theme") and q["theme"] not in themes:
            problems.append(f"{key}: unknown theme {q['theme']!r}")
        turns = transcripts[level]
        interviewers = set(rounds[level]["interviewer"])
        needle = norm(q["text"])
        whole = "\n".join(t for _, t in turns)
        n_all = whole.count(needle)
        hits = [(s, t) for s, t in turns if needle in t]
        informant_hits = [s for s, t in hits if s not in interviewers]
        if n_all != 1:
            problems.append(f"{key}: occurs {n_all} times in {rounds[level]['file']}")
        elif len(informant_hits) != 1:
            problems.append(f"{key}: not inside one informant turn (found in {[s for s, _ in hits]})")
        rt = q.get("responds_to")
        if rt:
            target = keys.get(rt)
            if target is None:
                problems.append(f"{key}: responds_to {rt!r} unknown or defined later")
            elif LEVEL_ORDER.index(target["level"]) >= LEVEL_ORDER.index(level):
                problems.append(f"{key}: responds_to {rt!r} is not from an earlier level")

    for level, (st, adv) in counts.items():
        print(f"{level}: {st} statements, {adv} advice")
    for p in problems:
        print("PROBLEM", p)
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
