"""Writing files so that a crash never leaves a half-written one in place of a good one, and
showing file names in one-line messages.

`write_atomic` writes to a hidden temporary file beside the destination
(``.report.pdf.<pid>.<random>.tmp``), flushes it to disk, renames it over the destination and
flushes the folder. A process killed at any moment leaves either the old file or the complete new
one at the destination; at worst a hidden ``.tmp`` file is left beside it, which nothing reads and
the next write to the same destination removes (once the process that wrote it is gone).
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import stat
from pathlib import Path

from bikva.errors import BikvaError

_TMP_SUFFIX = ".tmp"
_TMP_REST = re.compile(r"(\d+)\.[0-9a-f]{8}\.tmp")  # what follows ".<name>." in a temporary's name
# Room for ".<pid>.<random>.tmp" within the usual 255-byte limit on a file name.
_MAX_STEM_BYTES = 200
# Characters that would break a one-line message or fool a terminal: C0/C1 controls (newlines,
# escape sequences), and the bidirectional overrides that make "gpj.exe" read as "exe.jpg".
# Lone surrogates are the undecodable bytes of a file name that is not UTF-8.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")


def printable(text: object, limit: int | None = None) -> str:
    """`text` safe for a one-line message: controls and direction overrides shown as escapes,
    and at most `limit` characters (then ending in "…")."""
    text = str(text)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return _UNPRINTABLE.sub(lambda m: ascii(m.group())[1:-1], text)


def shown_name(path: Path | str) -> str:
    """A file's name as messages show it (see `printable`)."""
    return printable(Path(path).name)


def storable_name(name: str) -> str:
    """A file name as text that can be stored: bytes that are not UTF-8 (a name made on an old
    system) become U+FFFD instead of the lone surrogates Python reads them as."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _tmp_prefix(path: Path) -> str:
    name = path.name.encode("utf-8", "surrogateescape")[:_MAX_STEM_BYTES]
    return "." + name.decode("utf-8", "ignore") + "."


def write_atomic(path: Path, data: bytes | str) -> Path:
    """Write to a temporary file beside `path`, flush it to disk, then rename it into place.

    A file that cannot be written (no such folder, no permission, disk full) is a BikvaError
    naming it; the old file at `path`, if any, is then untouched.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temporaries(path)
        tmp, handle = _create_temporary(path)
        with handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        tmp = None
        _sync_folder(path.parent)
    except OSError as error:
        raise BikvaError("file.unwritable", file=printable(path), detail=printable(error.strerror or error)) from None
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
    return path


def _create_temporary(path: Path):
    prefix = _tmp_prefix(path)
    try:
        keep_mode: int | None = stat.S_IMODE(path.stat().st_mode)  # a replaced file keeps its permissions
    except OSError:
        keep_mode = None  # a new file: 0o666 less the umask, as for any new file
    for _ in range(100):
        tmp = path.parent / f"{prefix}{os.getpid()}.{secrets.token_hex(4)}{_TMP_SUFFIX}"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        except FileExistsError:
            continue
        if keep_mode is not None:
            try:
                os.chmod(tmp, keep_mode)
            except OSError:
                pass
        return tmp, os.fdopen(fd, "wb")
    raise FileExistsError(f"no free temporary name beside {path}")


def _remove_stale_temporaries(path: Path) -> None:
    """Remove temporary files left beside `path` by writers that were killed mid-write.

    Only files named like ours whose process is no longer running are removed; one that belongs
    to a live process (another bikva writing the same file right now) is left alone.
    """
    prefix = _tmp_prefix(path)
    try:
        siblings = [p for p in path.parent.iterdir() if p.name.startswith(prefix) and p.name.endswith(_TMP_SUFFIX)]
    except OSError:
        return
    for sibling in siblings:
        ours = _TMP_REST.fullmatch(sibling.name[len(prefix) :])  # not "report.pdf.2"'s, say
        if ours and not _process_running(int(ours.group(1))):
            try:
                sibling.unlink()
            except OSError:
                pass


def _process_running(pid: int) -> bool:
    if pid == os.getpid() or os.name != "posix":
        return True  # (on Windows os.kill would end the process, not probe it)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, OverflowError, ValueError):
        return True  # exists (someone else's) or cannot tell: leave the file alone
    return True


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); where folders cannot be opened, skip it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
