"""Where Prefect's own log lines go during `bikva run`: to a file in the evaluation folder.

Prefect logs every state change of every task to the console, and a failed step as a
traceback; an evaluator would read that as a failure. The lines are kept in
`logs/prefect.log` for whoever needs them (`--verbose` shows them too). The tasks pass keys
only (flows/refusals.py), so the file holds no quote or transcript text.

The change lasts for the rest of the process (it is not undone when the run ends): Prefect
logs its temporary server's shutdown at exit, after the flow has returned.
"""

from __future__ import annotations

import logging
from pathlib import Path

# Prefect sets up its logging when prefect.main is imported (`import prefect` alone is lazy).
# That must happen before the handlers are changed here, or it puts its console handlers back.
import prefect.main  # noqa: F401

# The loggers Prefect's logging.yml gives a console handler: the root logger, which Prefect's
# own loggers propagate to, and those that do not propagate.
CONSOLE_LOGGERS = ("", "uvicorn", "fastapi", "prefect._internal")


class _RunLog(logging.FileHandler):
    """Marks the handler this module added, so a second run in the same process replaces it."""


def send_prefect_logs_to(path: Path, *, console: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    file_handler = _RunLog(path, encoding="utf-8")
    file_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    for name in CONSOLE_LOGGERS:
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            if isinstance(handler, _RunLog):
                logger.removeHandler(handler)
                handler.close()
            elif not console and isinstance(handler, logging.StreamHandler) and not isinstance(handler, logging.FileHandler):
                logger.removeHandler(handler)
        logger.addHandler(file_handler)
