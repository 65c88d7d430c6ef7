"""`bikva server start|stop|status`: a Prefect server of bikva's own, on loopback, in the background.

Without a server, every `bikva run` starts Prefect's temporary server and waits for it: tens of
seconds of a short run. A server started once by `bikva server start` is used by every run
(`server_url`, asked by flows/commands.py before Prefect is imported), unless `PREFECT_API_URL`
already names another server, which always wins.

Its home (database, logs) is bikva's own state folder, `$XDG_STATE_HOME/bikva/prefect` or
`~/.local/state/bikva/prefect`, never the evaluation folder; the URL and process id are in
`server.json` beside it. The server listens on 127.0.0.1 only and sends no analytics. Set
`PREFECT_API_DATABASE_CONNECTION_URL` before `bikva server start` to keep its database on
PostgreSQL (docs/many-evaluations.md).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import click

from bikva.cli.common import group, h, say
from bikva.errors import BikvaError
from bikva.store.files import write_atomic

HOST = "127.0.0.1"
STATE_FILE = "server.json"
LOG_FILE = "server.log"
# A first start creates the server's database; a busy machine with two cores needs a while.
START_TIMEOUT_SECONDS = 180
STOP_TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class Server:
    url: str
    pid: int
    home: str


def state_folder() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "bikva"


def prefect_home() -> Path:
    return state_folder() / "prefect"


def server_url() -> str | None:
    """The Prefect server `bikva run` should use: `PREFECT_API_URL` when set, else the one
    `bikva server start` left running, else None (Prefect's temporary server)."""
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"]
    server = running_server()
    return server.url if server else None


def running_server() -> Server | None:
    """The server named in server.json, if its process is alive and it answers."""
    try:
        data = json.loads((state_folder() / STATE_FILE).read_text(encoding="utf-8"))
        server = Server(url=str(data["url"]), pid=int(data["pid"]), home=str(data["home"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return server if _alive(server.pid) and healthy(server.url) else None


def healthy(url: str, timeout: float = 5.0) -> bool:
    try:
        with urllib.request.urlopen(f"{url.rstrip('/')}/health", timeout=timeout) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError, ValueError):
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (our own child that has exited) is not a server.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True


def _is_prefect_server(pid: int, url: str) -> bool:
    """The process is the server we started: its command line says so (also when it hangs and
    no longer answers), or, where /proc is not there to ask, it answers at the recorded address."""
    try:
        arguments = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return healthy(url)
    return b"prefect" in arguments and b"server" in arguments and b"start" in arguments


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def server_environment(home: Path) -> dict[str, str]:
    """The server's environment: its own home, quiet, and not pointed at another server."""
    env = {key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"}
    env.update({
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_UI_ENABLED": env.get("PREFECT_SERVER_UI_ENABLED", "false"),
    })
    return env


def start_server(port: int | None = None, timeout: float = START_TIMEOUT_SECONDS) -> tuple[Server, bool]:
    """Start the server in the background and wait until it answers; (server, started now).
    A server already running is returned as it is."""
    existing = running_server()
    if existing is not None:
        return existing, False
    home = prefect_home()
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    port = port or _free_port()
    url = f"http://{HOST}:{port}/api"
    with (home / LOG_FILE).open("ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", HOST, "--port", str(port)],
            env=server_environment(home), stdin=subprocess.DEVNULL, stdout=log, stderr=log,
            cwd=home, start_new_session=True,  # outlives this command, and Ctrl-C in its terminal
        )
    deadline = time.monotonic() + timeout
    while not healthy(url):
        if process.poll() is not None or time.monotonic() > deadline:
            _end(process.pid)
            raise BikvaError("server.start_failed", log=str(home / LOG_FILE))
        time.sleep(0.5)
    server = Server(url=url, pid=process.pid, home=str(home))
    write_atomic(state_folder() / STATE_FILE, json.dumps(server.__dict__, indent=2) + "\n")
    return server, True


def stop_server() -> Server | None:
    """Stop the server bikva started; None when none was running."""
    state = state_folder() / STATE_FILE
    try:
        data = json.loads(state.read_text(encoding="utf-8"))
        server = Server(url=str(data["url"]), pid=int(data["pid"]), home=str(data["home"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    # Only a Prefect server is ended: the recorded pid may have been reused by something else since.
    alive = _alive(server.pid) and _is_prefect_server(server.pid, server.url)
    if alive:
        _end(server.pid)
    state.unlink(missing_ok=True)
    return server if alive else None


def _end(pid: int) -> None:
    """SIGTERM to the server's process group (it leads its own session), SIGKILL if it lingers."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, sig)
        except (ProcessLookupError, PermissionError):
            return
        deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            try:
                finished, _status = os.waitpid(pid, os.WNOHANG)  # our own child: reap it
                if finished:
                    return
            except ChildProcessError:
                if not _alive(pid):
                    return
            time.sleep(0.2)


# --- the `bikva server` command (joins `bikva` through the bikva.commands entry points) ---

@group("server", help=h("server"))
def server_group() -> None:
    pass


@server_group.command("start", help=h("server_start"))
@click.option("--port", type=int, default=None, help=h("server_port"))
def server_start_command(port: int | None) -> None:
    server, started = start_server(port)
    say("server.started" if started else "server.already_running", url=server.url, pid=server.pid)
    if os.environ.get("PREFECT_API_URL"):
        say("server.external", url=os.environ["PREFECT_API_URL"])


@server_group.command("stop", help=h("server_stop"))
def server_stop_command() -> None:
    server = stop_server()
    say("server.stopped" if server else "server.not_running", **({"url": server.url} if server else {}))


@server_group.command("status", help=h("server_status"))
def server_status_command() -> None:
    server = running_server()
    if server:
        say("server.running", url=server.url, pid=server.pid, home=server.home)
    else:
        say("server.not_running")
    if os.environ.get("PREFECT_API_URL"):
        say("server.external", url=os.environ["PREFECT_API_URL"])
