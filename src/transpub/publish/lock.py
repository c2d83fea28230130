"""One publisher at a time per output folder: an exclusive ``flock`` on ``OUT/.transpub.lock``.

Two ``transpub publish`` processes on the same folder serialize: the second waits (telling the user who it waits
for) up to a timeout, then gives up with a :class:`~transpub.errors.LockedError` naming the holder's pid. The
kernel drops an ``flock`` when its holder exits, however it exits, so a crashed run never leaves a stale lock; the
file itself stays (deleting a lock file while others may open it is how lock races start) and carries the current
holder's pid, host and start time for the messages. ``flock`` is per open file, so two :class:`PublishLock`
objects on the same folder exclude each other even within one process: take the lock once, around a whole run.
Local file systems only: NFS does not honour ``flock`` reliably.

>>> import tempfile
>>> out = tempfile.mkdtemp()
>>> with PublishLock(out) as lock:
...     lock.holder().pid == os.getpid()
True
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import json
import math
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from transpub.errors import LockedError, PublishError
from transpub.publish.atomic import sweep_stale_temporaries

LOCK_NAME = ".transpub.lock"


@dataclass(frozen=True)
class LockHolder:
    """Who holds (or last held) the lock, as written into the lock file by the holder."""

    pid: int
    host: str
    since: str

    def describe(self) -> str:
        """A short human description, e.g. ``pid 4242 on build-01 since 2026-11-28T09:12:03+00:00``."""
        return f"pid {self.pid} on {self.host} since {self.since}"


def _read_holder(path: Path) -> LockHolder | None:
    try:
        raw = json.loads(path.read_text(encoding="utf-8") or "null")
        return LockHolder(pid=int(raw["pid"]), host=str(raw["host"]), since=str(raw["since"]))
    except (OSError, ValueError, TypeError, KeyError):
        return None  # empty (between two holders) or being rewritten: the caller says "unknown"


class PublishLock:
    """An exclusive lock on an output folder, held for a whole publish run.

    ``timeout`` is how many seconds to wait for another holder (0: fail at once); ``on_wait`` receives one line
    when the lock is busy, before waiting. Use as a context manager, or call :meth:`acquire` and :meth:`release`.
    """

    def __init__(
        self,
        out_dir: str | os.PathLike[str],
        *,
        timeout: float = 60.0,
        poll_interval: float = 0.1,
        on_wait: Callable[[str], None] | None = None,
    ) -> None:
        if not (math.isfinite(timeout) and math.isfinite(poll_interval)) or timeout < 0 or poll_interval <= 0:
            raise PublishError("lock timeout and poll interval must be positive", value=(timeout, poll_interval))
        self.out_dir = Path(out_dir)
        self.path = self.out_dir / LOCK_NAME
        self.timeout = float(timeout)
        self.poll_interval = float(poll_interval)
        self.on_wait = on_wait
        self._fd: int | None = None
        self._created: list[Path] = []

    @property
    def held(self) -> bool:
        """True while this object holds the lock."""
        return self._fd is not None

    def holder(self) -> LockHolder | None:
        """The pid, host and start time recorded by the current (or last) holder, if readable."""
        return _read_holder(self.path)

    def _open(self) -> int:
        self._created = [p for p in (self.out_dir, *self.out_dir.parents) if not p.exists()]
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            self._undo_create()
            raise PublishError(f"cannot open the publish lock: {exc.strerror}", path=self.path) from exc

    def _undo_create(self) -> None:
        """After a failed acquire, remove the lock file and folders this object created (a new, full disk)."""
        if self._created:
            with contextlib.suppress(OSError):
                self.path.unlink(missing_ok=True)
            for folder in self._created:  # innermost first; rmdir only removes empty folders
                with contextlib.suppress(OSError):
                    folder.rmdir()

    def _try_lock(self, fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                return False
            raise PublishError(f"cannot lock: {exc.strerror}", path=self.path) from exc
        return True

    def _holder_text(self) -> str:
        holder = self.holder()
        return "another transpub process (pid unknown)" if holder is None else f"transpub {holder.describe()}"

    def acquire(self) -> None:
        """Take the lock, waiting up to ``timeout`` seconds; raise :class:`LockedError` if it stays busy."""
        if self._fd is not None:
            raise PublishError("this publish lock is already held", path=self.path)
        fd = self._open()
        locked = False
        try:
            if not self._try_lock(fd):
                self._wait(fd)
            locked = True
            # a holder that released emptied the file; a holder that was killed left its record in it
            killed_holder = os.fstat(fd).st_size > 0
            self._record(fd)
        except BaseException:
            os.close(fd)
            if locked:  # only a holder may remove the lock file (a waiter that gives up leaves it to the holder)
                self._undo_create()
            raise
        self._fd = fd
        if killed_holder:  # under the lock, every temporary file is a killed run's; only then walk the site
            sweep_stale_temporaries(self.out_dir)

    def _wait(self, fd: int) -> None:
        if self.on_wait is not None and self.timeout > 0:
            self.on_wait(
                f"{self.out_dir} is being published by {self._holder_text()}; waiting up to {self.timeout:g} s"
            )
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            time.sleep(min(self.poll_interval, max(0.0, deadline - time.monotonic())))
            if self._try_lock(fd):
                return
        raise LockedError(
            f"output folder is locked by {self._holder_text()}; gave up after {self.timeout:g} s "
            "(another `transpub publish` is writing here: wait for it, or raise lock_timeout)",
            path=self.path,
        )

    def _record(self, fd: int) -> None:
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, (json.dumps(info) + "\n").encode("utf-8"), 0)
        except OSError as exc:  # a full disk (ENOSPC), a quota (EDQUOT), an I/O error
            raise PublishError(f"cannot write the publish lock: {exc.strerror or exc}", path=self.path) from exc

    def release(self) -> None:
        """Give the lock up; the lock file stays, emptied."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def __enter__(self) -> PublishLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
