"""A local Argos-style package index served over HTTP on 127.0.0.1, for end-to-end model tests.

The index is what argospm publishes: a JSON list of package metadata, each with ``links`` to its
``.argosmodel``. Entries here also carry ``size`` and ``sha256`` so clients can show sizes and verify downloads::

    with serve_package_index(tmp_path / "index", [build_copy_package(tmp_path, "en", "es")]) as index:
        run(["transpub", "models", "install", "en", "es", "--index-url", index.url])
"""

from __future__ import annotations

import functools
import hashlib
import json
import shutil
import threading
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath


@dataclass(frozen=True)
class PackageIndex:
    """A running index: ``url`` is the ``index.json`` address, ``root`` the folder being served."""

    url: str
    base_url: str
    root: Path
    entries: tuple[dict, ...]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Keep test output clean."""


def index_entry(package: Path, link: str) -> dict:
    """The index entry for ``package``: its own ``metadata.json`` plus ``links``, ``size`` and ``sha256``."""
    with zipfile.ZipFile(package) as archive:
        name = next(n for n in archive.namelist() if PurePosixPath(n).name == "metadata.json")
        entry = json.loads(archive.read(name))
    data = package.read_bytes()
    entry.update(links=[link], size=len(data), sha256=hashlib.sha256(data).hexdigest())
    return entry


@contextmanager
def serve_package_index(
    root: Path, packages: Iterable[Path], *, extra_entries: Iterable[dict] = ()
) -> Iterator[PackageIndex]:
    """Copy ``packages`` into ``root``, write ``root/index.json`` and serve ``root`` until the block ends.

    Links are absolute URLs of the running server. ``extra_entries`` are appended to the index as they are
    (useful for entries whose link is broken).
    """
    root.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base_url = f"http://127.0.0.1:{server.server_address[1]}/"
    entries = []
    for package in packages:
        served = root / "packages" / package.name
        served.parent.mkdir(exist_ok=True)
        shutil.copyfile(package, served)
        entries.append(index_entry(served, f"{base_url}packages/{package.name}"))
    entries.extend(dict(e) for e in extra_entries)
    (root / "index.json").write_text(json.dumps(entries, indent=2), encoding="utf-8")
    thread = threading.Thread(target=server.serve_forever, name="package-index", daemon=True)
    thread.start()
    try:
        yield PackageIndex(url=f"{base_url}index.json", base_url=base_url, root=root, entries=tuple(entries))
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
