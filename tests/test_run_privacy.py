"""`bikva run` through Prefect, as a real process: nothing identifying reaches Prefect's home,
a refusal is the same one line as on the plain command, and nothing is sent anywhere but
this machine."""

from __future__ import annotations

import base64
import binascii
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ok

CPR = "010190-1234"
QUOTE = f"Jeg er selv tovholder på min egen sag, og mit cpr er {CPR}"
TRANSCRIPT = f"""I: Hvordan har I oplevet hjælpen?
B1: {QUOTE} hvis I vil tjekke.
B2: Det er ventetiden, der slider på os alle sammen.
"""
# Words only the transcript and the quote hold: none of them may reach Prefect's home.
PRIVATE = [CPR, "010190", "tovholder", "ventetiden", "slider på os"]

# Imported by every Python process started with this folder on PYTHONPATH (bikva and the
# Prefect server it starts): notes every host resolved and every internet address connected to.
SITECUSTOMIZE = '''
import os, socket, sys
_LOG = os.environ.get("BIKVA_TEST_NET_LOG")

def _note(kind, host):
    with open(_LOG, "a", encoding="utf-8") as log:
        log.write(f"{os.getpid()} {kind} {host}\\n")

def _hook(event, args):
    if event == "socket.connect":
        sock, address = args[0], args[1]
        if sock.family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple):
            _note("connect", address[0])
    elif event == "socket.getaddrinfo":
        host = args[0]
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        _note("resolve", host)

if _LOG:
    sys.addaudithook(_hook)
'''
LOOPBACK = ("127.", "::1", "localhost", "::ffff:127.")


def bikva_process(*args: object, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bikva", *map(str, args)], env=env, capture_output=True,
                          text=True, timeout=600)


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("run-privacy")
    transcript = root / "borgere.txt"
    transcript.write_text(TRANSCRIPT, encoding="utf-8")
    folder = root / "evaluering"
    ok("new", folder, "--title", "Privat kørsel", "--levels", "citizens,frontline")
    ok("import", folder, "--level", "citizens", transcript)
    ok("quote", "add", folder, "--level", "citizens", "--text", QUOTE, "--theme", "Sammenhæng i indsatsen")

    hook = root / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    home, net_log = root / "prefect-home", root / "net.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "BIKVA_"))}
    env |= {"PREFECT_HOME": str(home), "BIKVA_TEST_NET_LOG": str(net_log),
            "PYTHONPATH": os.pathsep.join([str(hook), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)}

    refused = bikva_process("run", folder, env=env)
    plain = bikva_process("guide", folder, "--level", "frontline", env=env)
    ok("redact", folder, CPR, "[cpr-nummer]")
    log = folder / "logs" / "prefect.log"
    logged_before = log.stat().st_size
    succeeded = bikva_process("run", folder, env=env)
    again = bikva_process("run", folder, env=env)  # nothing changed: everything from the cache
    return {"folder": folder, "home": home, "net_log": net_log, "refused": refused, "plain": plain,
            "succeeded": succeeded, "again": again,
            "succeeded_log": log.read_bytes()[logged_before:].decode("utf-8")}


def contents_of(home: Path) -> list[tuple[Path, bytes]]:
    """Every file under Prefect's home as bytes, and base64 payloads (result storage) decoded."""
    found = []
    for path in sorted(p for p in home.rglob("*") if p.is_file()):
        data = path.read_bytes()
        found.append((path, data))
        try:
            found.append((path, base64.b64decode(b"".join(data.split()), validate=True)))
        except (binascii.Error, ValueError):
            pass
    return found


def test_a_refused_run_says_the_one_line_of_the_plain_command(runs):
    refused, plain = runs["refused"], runs["plain"]
    assert refused.returncode == 2 and plain.returncode == 2
    last = refused.stderr.strip().splitlines()[-1]
    assert last == plain.stderr.strip() and CPR in last
    assert "Traceback" not in refused.stderr + refused.stdout
    assert "ERROR" not in refused.stderr + refused.stdout


def test_a_successful_run_prints_no_error_and_makes_the_guide(runs):
    succeeded = runs["succeeded"]
    assert succeeded.returncode == 0, succeeded.stderr
    assert "Traceback" not in succeeded.stderr + succeeded.stdout
    assert "ERROR" not in succeeded.stderr + succeeded.stdout
    assert (runs["folder"] / "output" / "guide-R2-frontline.pdf").is_file()
    # Nor in Prefect's own lines, the temporary server's start and shutdown included.
    assert "Stopping temporary server" in runs["succeeded_log"]
    assert "ERROR" not in runs["succeeded_log"] and "Traceback" not in runs["succeeded_log"]
    # The progress names each file made, on stderr; stdout lists them as before.
    assert "output/guide-R2-frontline.pdf: lavet" in succeeded.stderr
    assert f"Guide: {runs['folder'].resolve() / 'output' / 'guide-R2-frontline.pdf'}" in succeeded.stdout


def test_a_second_run_in_a_new_process_takes_the_unchanged_guides_from_the_cache(runs):
    again = runs["again"]
    assert again.returncode == 0, again.stderr
    assert "output/guide-R2-frontline.pdf: uændret" in again.stderr
    assert ": lavet" not in again.stderr
    assert "Traceback" not in again.stderr + again.stdout and "ERROR" not in again.stderr + again.stdout


def test_prefects_home_keeps_no_results(runs):
    """The cache of made files lives in the evaluation folder (.bikva-cache); Prefect's own
    result storage is never used."""
    assert not (runs["home"] / "storage").exists()
    assert any((runs["folder"] / ".bikva-cache").iterdir())


def test_nothing_from_the_transcript_reaches_prefects_home(runs):
    files = contents_of(runs["home"])
    assert any(path.name.startswith("prefect.db") for path, _ in files), "Prefect kept no database here"
    leaks = [(path.name, word) for path, data in files for word in PRIVATE if word.encode("utf-8") in data]
    assert leaks == []


def test_nothing_but_this_machine_is_contacted(runs):
    lines = runs["net_log"].read_text(encoding="utf-8").splitlines()
    assert any(" connect 127.0.0.1" in line for line in lines), "the hook saw no connection at all"
    assert len({line.split()[0] for line in lines}) >= 2, "the Prefect server's own process was not watched"
    outside = sorted({line for line in lines if not line.split(" ", 2)[2].startswith(LOOPBACK)})
    assert outside == []
