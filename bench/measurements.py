"""Every speed target of issue 12 and the earlier issues, each measured as a ratio against a
baseline on the same machine in the same minute, so a slow or busy machine moves both.

Each measurement is a function of the shared `Context` returning a `Result`. One whose feature is
not in the code yet says so (`unavailable`) instead of giving a number; one whose command fails
says how (`failed`). Times are medians of several repetitions where a repetition is cheap, and
the two sides of a ratio are timed alternately.
"""

from __future__ import annotations

import gc
import importlib.util
import io
import json
import os
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.resources import as_file, files
from pathlib import Path

from bench import generate
from bench.timing import (
    BIKVA,
    PYTHON,
    CommandFailed,
    alternating,
    cpu_seconds,
    median,
    quiet_environment,
    run,
    seconds,
    timed_command,
    with_peak_memory,
)

ROOT = generate.ROOT
IMPORT_SQLMODEL = [PYTHON, "-c", "import sqlmodel"]


@dataclass
class Result:
    name: str  # what --only takes
    title: str  # the measurement, as the table names it
    limit: float  # the target: value <= limit
    unit: str = "ratio"  # "ratio" or "MB"
    value: float | None = None
    detail: str = ""  # the times behind the value
    unavailable: str = ""  # why there is no number: the feature is not in the code yet
    failed: str = ""  # why there is no number: the command failed

    @property
    def met(self) -> bool | None:
        return None if self.value is None else self.value <= self.limit

    @property
    def target(self) -> str:
        if self.unit == "files":
            return "0 (renders nothing)"
        return f"≤ {self.limit:g}" + (" MB" if self.unit == "MB" else "")

    @property
    def shown_value(self) -> str:
        if self.unavailable:
            return "not available"
        if self.failed:
            return "failed"
        if self.unit == "files":
            return f"{self.value:.0f} files"
        return f"{self.value:.0f} MB" if self.unit == "MB" else f"{self.value:.2f}"

    @property
    def verdict(self) -> str:
        if self.unavailable:
            return f"not available: {self.unavailable}"
        if self.failed:
            return f"failed: {self.failed}"
        word = {"ratio": "ratio", "MB": "peak", "files": "written again"}[self.unit]
        return f"{word} {self.shown_value} (target {self.target}): {'met' if self.met else 'NOT met'}"


@dataclass
class Context:
    work: Path  # a temporary folder for working copies
    sizes: set[str]
    repeat: int  # repetitions of a cheap measurement
    log: Callable[[str], None] = print
    server_env: dict[str, str] | None = None  # `bikva run`'s environment, once the server is up
    server_problem: str = ""  # why `bikva run` against the running server failed, if it did
    cold_runs: dict[str, list[float]] = field(default_factory=dict)  # size -> cold `bikva run` times
    _stops: list[Callable[[], None]] = field(default_factory=list)

    def size(self, name: str) -> generate.Size:
        return generate.SIZES[name]

    def copy(self, size: str, name: str | None = None) -> Path:
        into = self.work / (name or f"copy-{time.monotonic_ns()}")
        into.mkdir(parents=True, exist_ok=True)
        return generate.working_copy(self.size(size), into, log=self.log)

    def close(self) -> None:
        for stop in reversed(self._stops):
            try:
                stop()
            except Exception as error:  # noqa: BLE001 (the other clean-ups still run)
                self.log(f"clean-up failed: {error}")


# Which size each measurement runs on (docs/performance.md says so too).
STATUS_SIZE = "M"
REPORT_SIZE = "M"
IMPORT_SIZE = "M"
RUN_SIZE = "S"
RECURRENCE_SIZES = ("M", "L")  # N = 10,000 and 2N = 20,000 informant turns
# Repetitions of a measurement that takes minutes (report, run, re-run); recurrence runs once.
EXPENSIVE_REPEAT = 2


def _needs(ctx: Context, result: Result, *sizes: str) -> bool:
    missing = [s for s in sizes if s not in ctx.sizes]
    if missing:
        result.unavailable = f"needs size {', '.join(missing)} (left out with --sizes)"
    return not missing


def _feature(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


# --- plain command startup -----------------------------------------------------------------------


def plain_command(ctx: Context) -> Result:
    result = Result("status", f"`bikva status` on {STATUS_SIZE} ÷ `python -c \"import sqlmodel\"`", 1.5)
    if not _needs(ctx, result, STATUS_SIZE):
        return result
    folder = ctx.copy(STATUS_SIZE, "status")
    env = quiet_environment()
    status = [BIKVA, "status", str(folder)]
    run(status, env=env)  # warm-up: the page cache, and any migration of the copy
    run(IMPORT_SQLMODEL, env=env)
    ours, base = alternating(lambda: timed_command(status, env=env), lambda: timed_command(IMPORT_SQLMODEL, env=env),
                             max(ctx.repeat, 5))
    result.value = median(ours) / median(base)
    result.detail = f"status {median(ours):.2f} s, import sqlmodel {median(base):.2f} s (medians of {len(ours)})"
    return result


def import_transcript(ctx: Context) -> Result:
    result = Result("import", f"`bikva import` of a 10,000-word transcript into {IMPORT_SIZE} ÷ `import sqlmodel`", 2.0)
    if not _needs(ctx, result, IMPORT_SIZE):
        return result
    folder = ctx.copy(IMPORT_SIZE, "import")
    env = quiet_environment()
    sources = ctx.work / "import-sources"
    sources.mkdir(exist_ok=True)
    repeat = max(ctx.repeat, 5)
    # A different transcript and group each time: the same file twice would be refused.
    paths = [generate.transcript_file(sources / f"borgere-{n}.txt", 10_000, seed=100 + n) for n in range(repeat + 1)]
    words = len(paths[0].read_text(encoding="utf-8").split())

    def importing(n: int) -> list[str]:
        return [BIKVA, "import", str(folder), "--level", "citizens", "--group", f"Måling {n}", str(paths[n])]

    run(importing(repeat), env=env)  # warm-up
    run(IMPORT_SQLMODEL, env=env)
    count = iter(range(repeat))
    ours, base = alternating(lambda: timed_command(importing(next(count)), env=env),
                             lambda: timed_command(IMPORT_SQLMODEL, env=env), repeat)
    result.value = median(ours) / median(base)
    result.detail = (f"import ({words:,} words) {median(ours):.2f} s, import sqlmodel {median(base):.2f} s "
                     f"(medians of {len(ours)})")
    return result


# --- the report against WeasyPrint alone ---------------------------------------------------------


def report_vs_weasyprint(ctx: Context) -> Result:
    """bikva's whole report (open, view, HTML with figures, PDF/UA-1) against WeasyPrint printing
    the same final HTML with the same options: bikva's own work should cost little next to the
    typesetting. In this process, after a warm-up of both (imports, fonts, templates)."""
    from pypdf import PdfReader

    result = Result("report", f"report on {REPORT_SIZE} ÷ WeasyPrint alone on the same HTML", 1.15)
    if not _needs(ctx, result, REPORT_SIZE):
        return result
    folder = ctx.copy(REPORT_SIZE, "report")
    html, pdf = _bikva_report(folder)  # the warm-up of both: bikva prints with WeasyPrint too
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    repeat = EXPENSIVE_REPEAT + 1  # each side takes tens of seconds
    ours, base = alternating(lambda: cpu_seconds(lambda: _bikva_report(folder)),
                             lambda: cpu_seconds(lambda: _weasyprint_alone(html)), repeat)
    result.value = median(ours) / median(base)
    result.detail = (f"{pages} pages; bikva {median(ours):.1f} s, WeasyPrint alone {median(base):.1f} s "
                     f"of processor time (medians of {repeat})")
    return result


def _bikva_report(folder: Path) -> tuple[str, bytes]:
    from bikva.documents.report import build_report_view
    from bikva.output import render
    from bikva.store.evaluation import open_evaluation

    with open_evaluation(folder) as (session, ev):
        view = build_report_view(session, ev)
    html = render.render_report_html(view)
    return html, render.html_to_pdf(html)


def _weasyprint_alone(html: str) -> bytes:
    from weasyprint import HTML

    from bikva.output import render

    with as_file(files("templates")) as base:
        return HTML(string=html, base_url=str(base) + "/").write_pdf(pdf_variant=render.DEFAULT_PDF_VARIANT, pdf_tags=True)


# --- `bikva run` against the plain commands ------------------------------------------------------

GUIDE_FORMATS = ("pdf", "html", "md")
LEVELS = generate.LEVELS


def _plain_documents(folder: Path, env: dict[str, str]) -> None:
    """The documents `bikva run` makes for a ready study, made by the plain commands."""
    for level in LEVELS:
        for fmt in GUIDE_FORMATS:
            run([BIKVA, "guide", str(folder), "--level", level, "--format", fmt], env=env)
    run([BIKVA, "report", str(folder), "--format", "pdf"], env=env)
    run([BIKVA, "report", str(folder), "--format", "html"], env=env)
    run([BIKVA, "report", str(folder), "--edition", "evaluator", "--format", "pdf"], env=env)


def _outputs(folder: Path) -> dict[str, int]:
    """The generated files and when each was last written (ns)."""
    out = folder / "output"
    return {str(p.relative_to(out)): p.stat().st_mtime_ns for p in sorted(out.rglob("*")) if p.is_file()} if out.is_dir() else {}


def _server(ctx: Context) -> dict[str, str] | None:
    """`bikva run`'s environment against a Prefect server of the benchmark's own (`bikva server
    start` with a state folder under the work folder, stopped at the end); None when the
    `bikva server` command is not in the code yet."""
    if ctx.server_env is not None:
        return ctx.server_env
    if not _feature("flows.server"):
        return None
    state = ctx.work / "state"
    env = quiet_environment(XDG_STATE_HOME=str(state), PREFECT_HOME=str(state / "client"))
    env.pop("PREFECT_API_URL", None)  # our own server, not one a shell points at
    ctx.log("starting a Prefect server for the benchmark (bikva server start) ...")
    run([BIKVA, "server", "start"], env=env)
    ctx._stops.append(lambda: _stop_server(state, env))
    try:  # the server's first flow run (registering the flows) on a tiny study, not on a timed one
        run([BIKVA, "run", str(ctx.copy("tiny", "run-warm-up"))], env=env)
    except CommandFailed as failure:
        # Runs against the server fail: the re-runs are still timed, on Prefect's temporary
        # server (a state folder with no server in it), and say so.
        ctx.server_problem = str(failure)
        alone = ctx.work / "no-server"
        env = quiet_environment(XDG_STATE_HOME=str(alone), PREFECT_HOME=str(alone / "client"))
        env.pop("PREFECT_API_URL", None)
        run([BIKVA, "run", str(ctx.copy("tiny", "run-warm-up"))], env=env)
    ctx.server_env = env
    return env


def _stop_server(state: Path, env: dict[str, str]) -> None:
    """`bikva server stop`; should the command fail, end the server's process by its id."""
    try:
        run([BIKVA, "server", "stop"], env=env)
    except CommandFailed:
        pid = json.loads((state / "bikva" / "server.json").read_text(encoding="utf-8"))["pid"]
        os.killpg(pid, signal.SIGTERM)  # it runs in a session of its own (start_new_session)
        raise


def run_vs_plain(ctx: Context) -> Result:
    result = Result("run", f"`bikva run` on a ready {RUN_SIZE} (running server) ÷ the plain `guide` and `report` commands", 1.2)
    if not _needs(ctx, result, RUN_SIZE):
        return result
    env = _server(ctx)
    if env is None:
        result.unavailable = "`bikva server` (flows/server.py) is not in the code yet"
        return result
    if ctx.server_problem:
        result.failed = f"`bikva run` against the running server: {ctx.server_problem}"
        return result
    made: dict[str, list[str]] = {}

    def flow() -> float:
        folder = ctx.copy(RUN_SIZE, "run")
        took = timed_command([BIKVA, "run", str(folder)], env=env)
        made["run"] = sorted(_outputs(folder))
        return took

    def plain() -> float:
        folder = ctx.copy(RUN_SIZE, "plain")
        took = seconds(lambda: _plain_documents(folder, env))
        made["plain"] = sorted(_outputs(folder))
        return took

    repeat = EXPENSIVE_REPEAT
    ours, base = alternating(flow, plain, repeat)
    ctx.cold_runs.setdefault(RUN_SIZE, []).extend(ours)
    result.value = median(ours) / median(base)
    result.detail = (f"bikva run {median(ours):.1f} s, {len(LEVELS) * len(GUIDE_FORMATS) + 3} plain commands "
                     f"{median(base):.1f} s (medians of {repeat}); {len(made['run'])} files")
    if made["run"] != made["plain"]:
        result.detail += f"; NOTE: different files: run {made['run']}, plain {made['plain']}"
    return result


# --- incremental re-runs -------------------------------------------------------------------------


def _incremental_in_code() -> bool:
    flows = (ROOT / "flows" / "round.py").read_text(encoding="utf-8") + (ROOT / "flows" / "study.py").read_text(encoding="utf-8")
    return _feature("bikva.output.fingerprint") and "fingerprint" in flows


def rerun(ctx: Context) -> list[Result]:
    changed = Result("rerun", f"`bikva run` after one changed quote ÷ cold `bikva run` ({RUN_SIZE})", 0.25)
    nothing = Result("rerun-nothing", f"files written again by a `bikva run` with nothing changed ({RUN_SIZE})", 0, unit="files")
    results = [changed, nothing]
    if not _needs(ctx, changed, RUN_SIZE):
        nothing.unavailable = changed.unavailable
        return results
    if not _incremental_in_code():
        for r in results:
            r.unavailable = "incremental runs (bikva/output/fingerprint.py used by the flows) are not in the code yet"
        return results
    env = _server(ctx)
    if env is None:
        for r in results:
            r.unavailable = "`bikva server` (flows/server.py) is not in the code yet"
        return results
    folder = ctx.copy(RUN_SIZE, "rerun")
    flow = [BIKVA, "run", str(folder)]
    ctx.cold_runs.setdefault(RUN_SIZE, []).append(timed_command(flow, env=env))
    before = _outputs(folder)
    again = timed_command(flow, env=env)
    rewritten = [name for name, written in _outputs(folder).items() if before.get(name) != written]
    nothing.value = float(len(rewritten))
    nothing.detail = f"re-run {again:.1f} s; rewritten: {', '.join(rewritten) or 'none'}"
    times, touched = [], []
    for n in range(EXPENSIVE_REPEAT):
        _change_one_quote(folder, n)
        before = _outputs(folder)
        times.append(timed_command(flow, env=env))
        touched.append(sum(before.get(name) != written for name, written in _outputs(folder).items()))
    cold = median(ctx.cold_runs[RUN_SIZE])
    changed.value = median(times) / cold
    if ctx.server_problem:
        note = f"WITHOUT a running server (Prefect's temporary server each run), as the run against it failed: {ctx.server_problem}; "
        changed.detail, nothing.detail = note, note + nothing.detail
    changed.detail += (f"re-run {median(times):.1f} s (median of {len(times)}, {median(touched):.0f} files rewritten "
                      f"each), cold run {cold:.1f} s (median of {len(ctx.cold_runs[RUN_SIZE])})")
    return results


def _change_one_quote(folder: Path, n: int) -> None:
    """The evaluator replaces one of the leaders' good advice by another passage of the same
    transcript: the politicians' guide (which passes the advice on) and the report change."""
    from sqlmodel import select

    from bikva.errors import BikvaError
    from bikva.selection.quotes import QuoteRequest, add_quote, remove_quote
    from bikva.store.evaluation import open_evaluation
    from models.quote import Quote, QuoteKind
    from models.turn import Turn

    with open_evaluation(folder) as (session, ev):
        leaders = ev.level("leaders")
        advice = session.exec(select(Quote).where(Quote.level_id == leaders.id, Quote.kind == QuoteKind.ADVICE)
                              .order_by(Quote.id)).all()
        old = advice[n % len(advice)]
        turns = session.exec(select(Turn).where(Turn.transcript_id == old.transcript_id, Turn.is_interviewer == False)  # noqa: E712
                             .order_by(Turn.position)).all()
        remove_quote(session, ev, old.id)
        for turn in turns[n::3]:
            for sentence in sorted(turn.text.split(". "), key=len, reverse=True)[:3]:
                if len(sentence.split()) < 8:
                    continue
                try:
                    add_quote(session, ev, QuoteRequest(level="leaders", text=sentence.rstrip(".?"), advice=True,
                                                        rationale="Skiftet ud ved gennemlæsningen."))
                    return
                except BikvaError:
                    continue  # found twice, or a quote already: the next sentence
    raise RuntimeError("no passage to change the quote to")


# --- recurrence suggestions ----------------------------------------------------------------------


def recurrence(ctx: Context) -> list[Result]:
    small, large = RECURRENCE_SIZES
    n, n2 = ctx.size(small).total_informant_turns, ctx.size(large).total_informant_turns
    scaling = Result("recurrence", f"recurrence suggestions: time(2N) ÷ time(N), N = {n:,} informant turns ({small} and {large})", 2.2)
    memory = Result("recurrence-memory", f"recurrence suggestions: peak memory at {n2:,} informant turns ({large})", 1024, unit="MB")
    results = [scaling, memory]
    if not _needs(ctx, scaling, small, large):
        memory.unavailable = scaling.unavailable
        return results
    if not (_feature("bikva.selection.recurrence")
            and "def level_suggestions" in (ROOT / "bikva" / "selection" / "recurrence.py").read_text(encoding="utf-8")):
        for r in results:
            r.unavailable = "recurrence suggestions (bikva/selection/recurrence.py) are not in the code yet"
        return results
    measured = {}
    for size in (small, large):
        folder = ctx.copy(size, f"recurrence-{size}")
        run([PYTHON, "-c", f"from pathlib import Path; from bench.generate import informant_turns; informant_turns(Path({str(folder)!r}))"], cwd=ROOT)  # any migration, outside the timing
        out, peak = with_peak_memory([PYTHON, "-m", "bench.recurrence_probe", str(folder)], cwd=ROOT)
        measured[size] = (json.loads(out), peak)
    (first, _), (second, peak) = measured[small], measured[large]
    scaling.value = second["seconds"] / first["seconds"]
    scaling.detail = (f"{small}: {first['seconds']:.1f} s ({first['passages']:,} passages, {first['suggestions']:,} suggestions); "
                      f"{large}: {second['seconds']:.1f} s ({second['passages']:,} passages, {second['suggestions']:,} suggestions); "
                      f"every level, one run each, in processor time (wall time {first['wall']:.1f} s and {second['wall']:.1f} s)")
    memory.value = peak
    memory.detail = f"the whole process (Python, bikva and the suggestions for every level of {large}); at {small}: {measured[small][1]:.0f} MB"
    return results


# --- issue 13 ------------------------------------------------------------------------------------


BROWSER_QUOTE_SIZE = "S"
_SERVE = ("import sys, uvicorn; from pathlib import Path; from bikva.web.app import create_app;"
          "uvicorn.run(create_app(Path(sys.argv[1])), host='127.0.0.1', port=int(sys.argv[2]), log_level='warning')")


def browser_quote(ctx: Context) -> Result:
    """The reader's quote form as the browser submits it after a mouse selection (turn and UTF-16
    offsets, bikva/web/routes/transcripts.py) to the web app served by uvicorn in its own process,
    logged in as an evaluator, with the reader page the 303 leads to; against a real-process
    `bikva quote add --text` for the same passage. Two copies of the study, the same passage for
    the n-th repetition of each, timed alternately."""
    result = Result("browser-quote", "making a quote in the browser ÷ `bikva quote add`", 0.2)
    if not _needs(ctx, result, BROWSER_QUOTE_SIZE):
        return result
    if not _feature("bikva.web.routes.transcripts"):
        result.unavailable = "the web app's transcript reader (bikva/web/routes/transcripts.py) is not in the code yet"
        return result
    import httpx

    web_folder, cli_folder = (ctx.copy(BROWSER_QUOTE_SIZE, f"browser-quote-{side}") for side in ("web", "cli"))
    env = quiet_environment()
    for folder in (web_folder, cli_folder):
        run([BIKVA, "status", str(folder)], env=env)  # any migration, outside the timing
    passages, theme = _fresh_passages(web_folder, ctx.repeat)
    password = "bench-" + os.urandom(8).hex()
    done = subprocess.run([BIKVA, "user", "add", str(web_folder), "eva", "--role", "evaluator", "--password-stdin"],
                          input=password + "\n", capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise CommandFailed(f"`bikva user add` exited {done.returncode}: {done.stderr.strip()[-200:]}")
    port = _free_port()
    server = subprocess.Popen([PYTHON, "-c", _SERVE, str(web_folder), str(port)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    ctx._stops.append(lambda: (server.terminate(), server.wait(timeout=10)))
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", follow_redirects=False, timeout=60)
    ctx._stops.append(client.close)
    _wait_for_server(client, server)
    token = _log_in(client, "eva", password)
    post_only: list[float] = []

    def in_browser(n: list[int] = [0]) -> float:  # noqa: B006 (the repetition counter)
        passage = passages[n[0]]
        n[0] += 1
        form = {"csrf": token, "level": "citizens", "passage": passage["text"], "theme": theme,
                "turn": str(passage["turn"]), "start": str(passage["start"]), "end": str(passage["end"]),
                "carry_to": ["frontline", "leaders", "politicians"]}
        gc.collect()
        started = time.perf_counter()
        response = client.post(f"/transcripts/{passage['transcript']}/quotes", data=form)
        posted = time.perf_counter() - started
        if response.status_code != 303 or "done=quote_added" not in response.headers.get("location", ""):
            raise CommandFailed(f"the reader's quote form answered {response.status_code}")
        page = client.get(response.headers["location"])
        total = time.perf_counter() - started
        if page.status_code != 200:
            raise CommandFailed(f"the reader page after the quote answered {page.status_code}")
        post_only.append(posted)
        return total

    def on_command_line(n: list[int] = [0]) -> float:  # noqa: B006
        passage = passages[n[0]]
        n[0] += 1
        return timed_command([BIKVA, "quote", "add", str(cli_folder), "--level", "citizens", "--text",
                              passage["text"], "--theme", theme], env=env)

    web, cli = alternating(in_browser, on_command_line, ctx.repeat)
    result.value = median(web) / median(cli)
    result.detail = (f"size {BROWSER_QUOTE_SIZE}, median of {ctx.repeat}: browser form {median(web) * 1000:.0f} ms "
                     f"(the POST alone {median(post_only) * 1000:.0f} ms, then the reader page it leads to), "
                     f"`bikva quote add` {median(cli) * 1000:.0f} ms; the same passage in two copies")
    return result


def _fresh_passages(folder: Path, count: int) -> tuple[list[dict], str]:
    """`count` sentences of the citizens' informants, each found once in the level and not
    quoted yet, with the turn, the UTF-16 offsets a browser selection sends, and a theme."""
    from sqlmodel import select

    from bikva.store.evaluation import open_evaluation
    from bikva.store.queries import themes_of, turns_of_level
    from models.quote import Quote

    with open_evaluation(folder) as (session, ev):
        level = ev.level("citizens")
        turns = turns_of_level(session, level)
        quoted = {(q.turn_id, q.start) for q in session.exec(select(Quote).where(Quote.level_id == level.id))}
        theme = themes_of(session, ev.id)[0].name
        everything = "\n".join(turn.text for turn in turns)
        found: list[dict] = []
        for turn in turns:
            if turn.is_interviewer:
                continue
            for sentence in turn.text.split(". "):
                sentence = sentence.strip().rstrip(".?!")
                if len(sentence.split()) < 8 or everything.count(sentence) != 1:
                    continue
                start = turn.text.index(sentence)
                if (turn.id, start) in quoted:
                    continue
                before = len(turn.text[:start].encode("utf-16-le")) // 2
                found.append({"text": sentence, "turn": turn.id, "transcript": turn.transcript_id, "start": before,
                              "end": before + len(sentence.encode("utf-16-le")) // 2})
                break
            if len(found) == count:
                return found, theme
    raise RuntimeError(f"fewer than {count} passages to quote in {folder}")


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_server(client, server: subprocess.Popen, timeout: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CommandFailed(f"the web app stopped: {server.stderr.read().decode(errors='replace')[-200:]}")
        try:
            if client.get("/login").status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise CommandFailed("the web app did not start")


def _log_in(client, name: str, password: str) -> str:
    """Log in as the login page does; the session's CSRF token, from the front page's form."""
    import re

    def token_of(html: str) -> str:
        return re.search(r'name="csrf" value="([^"]+)"', html).group(1)

    answer = client.post("/login", data={"name": name, "password": password,
                                         "csrf": token_of(client.get("/login").text)})
    if answer.status_code != 303:
        raise CommandFailed(f"logging in answered {answer.status_code}")
    return token_of(client.get("/").text)


# name -> measurement, in the order they run and are listed.
MEASUREMENTS: dict[str, Callable[[Context], Result | list[Result]]] = {
    "status": plain_command,
    "import": import_transcript,
    "report": report_vs_weasyprint,
    "run": run_vs_plain,
    "rerun": rerun,
    "recurrence": recurrence,
    "browser-quote": browser_quote,
}


def measure(ctx: Context, name: str) -> list[Result]:
    """One measurement; a failing command becomes a "failed" row, not a crash of the whole run."""
    try:
        outcome = MEASUREMENTS[name](ctx)
    except CommandFailed as failure:
        return [Result(name, name, 0, failed=str(failure))]
    return outcome if isinstance(outcome, list) else [outcome]
