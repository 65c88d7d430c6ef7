"""A `bikva` process for tests/test_reliability.py that can be killed at a chosen moment.

    python reliability_worker.py [--cache-pages N] [--kill-at-statement K] [--kill-at-commit]
                                 [--kill-before-rename] [--count-statements] -- BIKVA ARGS...

It imports bikva (the slow part of starting), prints "ready", waits for a line on stdin, then
runs `bikva ARGS...` through `bikva.cli.main.main`, exactly as the console command does, and exits
with its exit code. The test can then kill it with SIGKILL after a delay that counts from the
start of the real work rather than from Python's start-up. The options make it kill itself
with SIGKILL at an exact point instead:

--cache-pages N        SQLite may hold only N pages in memory, so a large transaction spills
                       changed pages into bikva.db before it commits (with a rollback journal
                       beside it): a kill then leaves a "hot" journal that must be rolled back;
--kill-at-statement K  before the K-th SQL statement of the command;
--kill-at-commit       when the transaction is about to commit (everything written, nothing
                       committed);
--kill-before-rename   when a generated file is completely written to its temporary name,
                       just before it is renamed over the destination;
--count-statements     print the number of SQL statements the command ran (to choose K).

Test-only: nothing here is part of bikva.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache-pages", type=int)
    parser.add_argument("--kill-at-statement", type=int)
    parser.add_argument("--kill-at-commit", action="store_true")
    parser.add_argument("--kill-before-rename", action="store_true")
    parser.add_argument("--count-statements", action="store_true")
    parser.add_argument("bikva", nargs=argparse.REMAINDER)
    options = parser.parse_args()
    args = options.bikva[1:] if options.bikva[:1] == ["--"] else options.bikva

    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    import bikva.store.files
    from bikva.cli.main import main as bikva_main
    # What the commands import lazily, so that "ready" means ready to work.
    import bikva.output.pipeline  # noqa: F401
    import bikva.intake.transcripts  # noqa: F401
    import bikva.selection.quotes  # noqa: F401

    statements = 0

    if options.cache_pages is not None:
        @event.listens_for(Engine, "connect")
        def small_cache(dbapi_connection, _record):
            dbapi_connection.execute(f"PRAGMA cache_size = {options.cache_pages}")

    @event.listens_for(Engine, "before_cursor_execute")
    def count(conn, cursor, statement, parameters, context, executemany):
        nonlocal statements
        statements += 1
        if options.kill_at_statement is not None and statements >= options.kill_at_statement:
            die()

    if options.kill_at_commit:
        @event.listens_for(Engine, "commit")
        def at_commit(conn):
            die()

    if options.kill_before_rename:
        real_replace = os.replace

        def replace(source, destination):
            die()
            real_replace(source, destination)

        bikva.store.files.os.replace = replace  # bikva.store.files uses the os module's replace

    print("ready", flush=True)
    sys.stdin.readline()
    code = bikva_main(args)
    if options.count_statements:
        print(f"statements={statements}", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
