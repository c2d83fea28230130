"""Freshness of what a run read, checked under the output folder's lock just before its pages are written.

The lock covers only the write stage: a slow run can read version A of a release, translate for minutes, and
get the lock after a newer run read version B and published it. Writing then would put A's pages back over B's.
So under the lock each release's source file is hashed again and compared with the hash the run read (kept on
the :class:`~transpub.document.Release` and recorded in its report, ``release.content_hash``): a release whose
source changed, or vanished, since it was read is not written by this run (the run that read the newer version
writes it, or the next scheduled run does).

>>> import hashlib, pathlib, tempfile
>>> from transpub.document import Release
>>> src = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
>>> _ = src.write_bytes(b"version A")
>>> digest = hashlib.sha256(b"version A").hexdigest()
>>> rel = Release(title="A", slug="a", blocks=(), source_path=src, content_hash=digest)
>>> stale_reason(rel) is None
True
>>> _ = src.write_bytes(b"version B")
>>> stale_reason(rel)
'its source changed after this run read it (the run that read the new version publishes it)'
"""

from __future__ import annotations

import hashlib

from transpub.document import Release

_CHUNK = 1 << 20


def source_hash(release: Release) -> str | None:
    """The SHA-256 of the release's source file as it is now, or ``None`` when it cannot be read."""
    if release.source_path is None:
        return None
    digest = hashlib.sha256()
    try:
        with release.source_path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def stale_reason(release: Release) -> str | None:
    """Why this run must not write ``release`` (its source changed or vanished since it was read), else ``None``.

    Releases built in memory (no source file) and releases read without a content hash are always fresh.
    """
    if release.source_path is None or not release.content_hash:
        return None
    now = source_hash(release)
    if now is None:
        return "its source file is gone or unreadable since this run read it"
    if now != release.content_hash:
        return "its source changed after this run read it (the run that read the new version publishes it)"
    return None
