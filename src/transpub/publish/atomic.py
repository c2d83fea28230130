"""Atomic file writes: a reader sees the old file or the new one, never half of either.

Each file is written to a temporary file in the same folder (so the final rename never crosses a file system),
flushed and fsynced, then moved over the target with :func:`os.replace`, and the folder itself is fsynced so the
rename survives a crash. :func:`write_many_atomic` stages every file first and renames only when all of them were
written: a release whose last page fails to render or write leaves every old page in place.

Temporary files are named ``.<name>.<random>.tmp``: hidden, and never matching ``*.html`` or ``*.json``.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_atomic(folder / "pt" / "a.html", "<p>Olá</p>").read_text(encoding="utf-8")
'<p>Olá</p>'
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from transpub.errors import PublishError

Data = str | bytes | Iterable[str | bytes]
"""What can be written: text (UTF-8), bytes, or an iterable of chunks (a generator that renders as it goes)."""

DEFAULT_MODE = 0o644


def _chunks(data: Data, encoding: str) -> Iterable[bytes]:
    if isinstance(data, bytes):
        yield data
    elif isinstance(data, str):
        yield data.encode(encoding)
    else:
        for chunk in data:
            yield chunk.encode(encoding) if isinstance(chunk, str) else bytes(chunk)


def _mode_for(path: Path) -> int:
    """Keep the permissions of the file being replaced; new files are world-readable pages (0644)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return DEFAULT_MODE


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _stage(path: Path, data: Data, encoding: str) -> Path:
    """Write ``data`` to a fsynced temporary file next to ``path``; remove it again if anything fails."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise PublishError(f"cannot create a temporary file: {exc.strerror}", path=path.parent) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in _chunks(data, encoding):
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.chmod(_mode_for(path))
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise PublishError(f"cannot write file: {exc.strerror}", path=path) from exc
        raise
    return tmp


def _discard(staged: Iterable[Path]) -> None:
    for tmp in staged:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def write_many_atomic(files: Mapping[Path, Data], *, encoding: str = "utf-8") -> list[Path]:
    """Write every file atomically; nothing is replaced unless every file could be written first.

    Returns the written paths in the order given. If staging fails (a full disk, a renderer raising midway),
    every temporary file is removed and all old files stay exactly as they were. The renames that follow are
    each atomic; if one of them fails, the files renamed before it are already new (renames do not fail on a
    healthy file system once the temporary files exist).
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in files.items():
            path = Path(target)
            staged.append((_stage(path, data, encoding), path))
    except BaseException:
        _discard(tmp for tmp, _ in staged)
        raise
    done: list[Path] = []
    try:
        for tmp, path in staged:
            tmp.replace(path)  # os.replace: atomic on POSIX
            done.append(path)
    except OSError as exc:
        _discard(tmp for tmp, path in staged if path not in done)
        raise PublishError(f"cannot replace file: {exc.strerror}", path=staged[len(done)][1]) from exc
    except BaseException:
        _discard(tmp for tmp, path in staged if path not in done)
        raise
    for folder in dict.fromkeys(path.parent for path in done):
        # Durability of the renames; the files are already in place, so a file system that cannot fsync a
        # folder (some network and FUSE ones refuse) is no reason to report the write as failed.
        with contextlib.suppress(OSError):
            _fsync_dir(folder)
    return done


# What _stage names a temporary file: "." + the target's name + "." + tempfile's 8 random characters + ".tmp".
_TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")


def sweep_stale_temporaries(out_dir: str | os.PathLike[str]) -> list[Path]:
    """Remove the temporary files that killed runs left anywhere under ``out_dir``; return what was removed.

    Call it only while holding the output folder's lock (:class:`~transpub.publish.lock.PublishLock` does, as it
    takes it): every writer under the folder writes under that lock, so any temporary file found then is stale.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()); (out / "pt").mkdir()
    >>> for name in (".a.html.k3j_9x2q.tmp", "a.html", ".transpub.lock", ".notes.tmp"):
    ...     _ = (out / "pt" / name).write_text("x")
    >>> [p.name for p in sweep_stale_temporaries(out)], sorted(p.name for p in (out / "pt").iterdir())
    (['.a.html.k3j_9x2q.tmp'], ['.notes.tmp', '.transpub.lock', 'a.html'])
    """
    removed: list[Path] = []
    for folder, _, names in os.walk(out_dir):
        for name in names:
            if _TEMPORARY.fullmatch(name):
                path = Path(folder) / name
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed.append(path)
    return removed


def write_atomic(path: str | os.PathLike[str], data: Data, *, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` atomically (temporary file in the same folder, fsync, :func:`os.replace`).

    On any failure the old file, if there was one, is left intact and no temporary file remains.
    """
    return write_many_atomic({Path(path): data}, encoding=encoding)[0]
