"""One refresh at a time: an exclusive lock on a file beside the warehouse, for a whole run.

DuckDB takes one writer; a second refresh would fail somewhere in the middle with a file-lock
error from DuckDB. The lock makes it fail (or wait) at the start instead, saying who holds it.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path


class RefreshLockedError(RuntimeError):
    """Another refresh holds the warehouse."""


def _holder(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        text = ""
    return text or "unknown holder"


@contextmanager
def refresh_lock(
    path: Path, wait_seconds: float = 0.0, poll_seconds: float = 0.5
) -> Iterator[None]:
    """Hold an exclusive lock on `path` for the body; wait up to `wait_seconds` for it.

    Raises RefreshLockedError naming the holder (pid, start time) when it stays taken. The
    lock is released by the operating system if the process dies, so a killed refresh never
    leaves a stale lock behind.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the whole body
    deadline = time.monotonic() + wait_seconds
    try:
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise RefreshLockedError(
                        f"another refresh is running on this warehouse ({_holder(path)}); "
                        f"lock file {path}; waited {wait_seconds:g} s. Let it finish, or set "
                        "CX_REFRESH_LOCK_WAIT_SECONDS to wait longer."
                    ) from None
                time.sleep(poll_seconds)
        handle.seek(0)
        handle.truncate()
        started = datetime.now(UTC).isoformat(timespec="seconds")
        handle.write(f"pid {os.getpid()}, started {started}\n")
        handle.flush()
        yield
    finally:
        handle.close()  # closing the descriptor releases the lock
