"""A PostgreSQL server for the tests that need one, made from Debian's packages.

`.ci/run` installs PostgreSQL, starts its cluster and exports `BIKVA_TEST_POSTGRESQL_URL` (a
role that may create databases); the tests then use that server. Without it (the README's test
command on a fresh machine, a developer's checkout) the tests start a private, throwaway
server of their own from the Debian binaries: `initdb` into a temporary folder, listening on
loopback and a socket in that folder, stopped and deleted when the test process ends. When the
binaries are missing and the tests run as root with apt-get, they install the `postgresql`
package first (as .ci/run would); otherwise they fail with a message saying what to do. They
never skip: a skipped test would hide that bikva's PostgreSQL path went untested.

Each test makes its own databases (`database()`), so runs never see each other's rows.
"""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from functools import cache
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

URL_VARIABLE = "BIKVA_TEST_POSTGRESQL_URL"
NEEDED = ("PostgreSQL is needed for this test and was not found. Run .ci/run (it installs PostgreSQL "
          "from Debian's packages), or install the package postgresql, or set "
          f"{URL_VARIABLE}=postgresql+psycopg://USER:PASSWORD@HOST:PORT/postgres to a role that may create databases.")


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    return Path(found[-1]).parent if found else None


def _install() -> Path:
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise RuntimeError(NEEDED)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "postgresql"]
    if subprocess.run(install, env=env, capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, check=True)
        subprocess.run(install, env=env, capture_output=True, check=True)
    return _binaries() or _fail()


def _fail() -> Path:
    raise RuntimeError(NEEDED)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@cache
def admin_url() -> str:
    """A URL (psycopg driver) of a role that may create databases, on a running server."""
    if os.environ.get(URL_VARIABLE):
        return os.environ[URL_VARIABLE]
    binaries = _binaries() or _install()
    home = Path(tempfile.mkdtemp(prefix="bikva-test-pg-"))
    # PostgreSQL refuses to run as root: as root, the package's own `postgres` user runs it.
    as_user: list[str] = []
    if os.geteuid() == 0:
        account = pwd.getpwnam("postgres")
        os.chown(home, account.pw_uid, account.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = home / "data", _free_port()
    run = lambda *args: subprocess.run([*as_user, *map(str, args)], capture_output=True, text=True, check=True)  # noqa: E731
    run(binaries / "initdb", "-D", data, "-U", "bikva", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale", "C")
    # fsync off: a throwaway server whose crash loses nothing worth keeping.
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {home} -c fsync=off -c max_connections=200"
    run(binaries / "pg_ctl", "-D", data, "-o", options, "-l", home / "server.log", "-w", "-t", "60", "start")
    atexit.register(_stop, run, binaries, data, home)
    return f"postgresql+psycopg://bikva@127.0.0.1:{port}/postgres"


def _stop(run, binaries: Path, data: Path, home: Path) -> None:
    try:
        run(binaries / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(home, ignore_errors=True)


def database(prefix: str) -> str:
    """A new, empty database; its URL with the psycopg driver (bikva's)."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    engine = create_engine(admin_url(), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    return make_url(admin_url()).set(database=name).render_as_string(hide_password=False)


def with_driver(url: str, driver: str) -> str:
    """The same database for another driver (Prefect's server wants asyncpg)."""
    return make_url(url).set(drivername=f"postgresql+{driver}").render_as_string(hide_password=False)
