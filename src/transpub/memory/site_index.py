"""The index of what is published in one output folder: releases, their pages, and the files derived from them.

The sitemap, the language index pages and the feeds are rebuilt from this index once per run, never by reading
pages back. It lives in the output folder it describes (``OUT/.transpub/site.sqlite``, hidden from the web
server), so it is deleted with the site, serves a site published without a translation memory, and cannot mix two
output folders that share one memory. Only :mod:`transpub.publish` opens it for writing, under the publish lock.

Tables:

- ``releases``: slug -> the release file it was published from (the slug registry: a second file claiming a
  published slug is refused), its source language, and ``seq``, its first-publish order (stable: a sitemap file
  holds a fixed range of it, so a new release touches one sitemap file);
- ``pages``: per slug and language the title, summary, date, status, the day its content last changed, and a hash
  of that content (a republish with the same content keeps its modification day);
- ``files``: per derived file, the fingerprint of the inputs it was last written from (unchanged: not rewritten);
- ``dirty``: the pages recorded or removed since the site-wide files were last rebuilt, with the sort key they had
  before and have now, so a run rebuilds the language index pages from the first position that moved, and only
  the sitemap files of the releases it touched;
- ``meta``: small values (the fingerprint of the site-wide settings: when it changes, everything is rebuilt once).

Pages sort by ``sort_key`` = the release date (else the day first indexed) and the first-publish order: a language
index lists them newest first, and its archive pages are numbered from the oldest.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as tmp, SiteIndex(pathlib.Path(tmp) / "site.sqlite") as index:
...     index.record("gcrf", "/r/gcrf.md", "en", [PageRecord("gcrf", "en", "Title", None, "2026-03-05", "source",
...                                                         "2026-03-06", "h1")])
...     [(p.lang, p.title, p.modified) for p in index.pages("gcrf").values()], index.release("gcrf").seq
([('en', 'Title', '2026-03-06')], 1)
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from transpub.errors import PublishError

INDEX_DIR = ".transpub"
INDEX_NAME = "site.sqlite"
SCHEMA_VERSION = 1

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS releases (
        slug TEXT PRIMARY KEY,
        seq INTEGER NOT NULL UNIQUE,
        source_path TEXT NOT NULL,
        source_lang TEXT NOT NULL,
        run TEXT NOT NULL DEFAULT '{}'
    )""",
    """CREATE TABLE IF NOT EXISTS pages (
        slug TEXT NOT NULL REFERENCES releases(slug) ON DELETE CASCADE,
        lang TEXT NOT NULL,
        title TEXT NOT NULL,
        summary TEXT,
        date TEXT,
        status TEXT NOT NULL,
        modified TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        sort_key TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (slug, lang)
    )""",
    "CREATE INDEX IF NOT EXISTS pages_by_language ON pages (lang, sort_key)",
    "CREATE INDEX IF NOT EXISTS pages_by_status ON pages (lang, status)",
    """CREATE TABLE IF NOT EXISTS dirty (
        slug TEXT NOT NULL,
        lang TEXT NOT NULL,
        sort_key TEXT NOT NULL,
        seq INTEGER NOT NULL
    )""",
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS files (
        path TEXT PRIMARY KEY,
        fingerprint TEXT NOT NULL
    )""",
)


@dataclass(frozen=True)
class ReleaseRecord:
    """A published release: its slug, first-publish order, release file and source language."""

    slug: str
    seq: int
    source_path: str
    source_lang: str
    run: Mapping[str, Any] = field(default_factory=dict)  # what the last publish used (targets, glossaries)


@dataclass(frozen=True)
class PageRecord:
    """One published page as the index knows it (dates as ISO strings; ``date`` is the release's own date)."""

    slug: str
    lang: str
    title: str
    summary: str | None
    date: str | None
    status: str  # source | machine | reviewed | pseudo
    modified: str  # the UTC day the page's content last changed
    content_hash: str

    @property
    def indexable(self) -> bool:
        """Pseudo-translation previews are ``noindex``: left out of sitemaps and of hreflang alternates."""
        return self.status != "pseudo"


@dataclass(frozen=True)
class IndexedPage:
    """A page with its release's order, as :meth:`SiteIndex.all_pages` lists them."""

    seq: int
    source_lang: str
    page: PageRecord


_PAGE_COLUMNS = "slug, lang, title, summary, date, status, modified, content_hash"
_PAGE_COLUMNS_P = ", ".join(f"p.{c.strip()}" for c in _PAGE_COLUMNS.split(","))


def index_path(out: str | os.PathLike[str]) -> Path:
    """Where the index of output folder ``out`` lives."""
    return Path(out) / INDEX_DIR / INDEX_NAME


class SiteIndex:
    """The index of one output folder, in a SQLite file (created on open). Use as a context manager."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.existed = self.path.is_file()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._conn.execute("PRAGMA synchronous = NORMAL")
            with self._write() as conn:
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if version > SCHEMA_VERSION:
                    raise PublishError("the site index is newer than this transpub", path=self.path, value=version)
                for statement in _SCHEMA:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except (OSError, sqlite3.Error) as exc:
            raise PublishError(f"cannot open the site index: {exc}", path=self.path) from exc

    @classmethod
    def for_output(cls, out: str | os.PathLike[str]) -> SiteIndex:
        return cls(index_path(out))

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> SiteIndex:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _write(self) -> _Transaction:
        return _Transaction(self._conn)

    # -- reading

    def release(self, slug: str) -> ReleaseRecord | None:
        row = self._conn.execute(
            "SELECT slug, seq, source_path, source_lang, run FROM releases WHERE slug = ?", (slug,)
        ).fetchone()
        if row is None:
            return None
        return ReleaseRecord(row[0], row[1], row[2], row[3], json.loads(row[4]))

    def release_from(self, source_path: str) -> ReleaseRecord | None:
        """The release last published from ``source_path`` (absolute), if any."""
        row = self._conn.execute("SELECT slug FROM releases WHERE source_path = ? ORDER BY seq DESC", (source_path,))
        found = row.fetchone()
        return None if found is None else self.release(found[0])

    def pages(self, slug: str) -> dict[str, PageRecord]:
        """The pages of ``slug`` by language tag."""
        rows = self._conn.execute(f"SELECT {_PAGE_COLUMNS} FROM pages WHERE slug = ? ORDER BY lang", (slug,))  # noqa: S608
        return {row[1]: PageRecord(*row) for row in rows}

    def pages_of(self, slugs: Iterable[str]) -> dict[str, dict[str, PageRecord]]:
        """The pages of several releases: slug -> language -> page."""
        found: dict[str, dict[str, PageRecord]] = {}
        wanted = list(dict.fromkeys(slugs))
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            rows = self._conn.execute(
                f"SELECT {_PAGE_COLUMNS} FROM pages WHERE slug IN ({', '.join('?' * len(chunk))})",  # noqa: S608
                chunk,
            )
            for row in rows:
                found.setdefault(row[0], {})[row[1]] = PageRecord(*row)
        return found

    def languages(self) -> dict[str, tuple[int, int]]:
        """Language tag -> (pages, indexable pages)."""
        rows = self._conn.execute(
            "SELECT lang, count(*), sum(status <> 'pseudo') FROM pages GROUP BY lang ORDER BY lang"
        )
        return {lang: (int(n), int(indexable or 0)) for lang, n, indexable in rows}

    def source_languages(self) -> dict[str, int]:
        return dict(self._conn.execute("SELECT source_lang, count(*) FROM releases GROUP BY source_lang"))

    def position(self, lang: str, sort_key: str) -> int:
        """How many pages of ``lang`` sort before ``sort_key``."""
        row = self._conn.execute("SELECT count(*) FROM pages WHERE lang = ? AND sort_key < ?", (lang, sort_key))
        return int(row.fetchone()[0])

    def entries(self, lang: str, offset: int, limit: int, *, newest_first: bool = False) -> list[IndexedPage]:
        """Pages of ``lang`` in sort order (oldest first, or newest first), ``limit`` from ``offset``."""
        order = "DESC" if newest_first else "ASC"
        rows = self._conn.execute(
            f"SELECT r.seq, r.source_lang, {_PAGE_COLUMNS_P} FROM pages p JOIN releases r ON r.slug = p.slug"  # noqa: S608
            f" WHERE p.lang = ? ORDER BY p.sort_key {order} LIMIT ? OFFSET ?",
            (lang, limit, offset),
        )
        return [IndexedPage(seq, source_lang, PageRecord(*page)) for seq, source_lang, *page in rows]

    def releases_between(self, first_seq: int, last_seq: int) -> list[IndexedPage]:
        """Every page of the releases whose first-publish order is in ``[first_seq, last_seq]``."""
        rows = self._conn.execute(
            f"SELECT r.seq, r.source_lang, {_PAGE_COLUMNS_P} FROM pages p JOIN releases r ON r.slug = p.slug"  # noqa: S608
            " WHERE r.seq BETWEEN ? AND ? ORDER BY r.seq, p.lang",
            (first_seq, last_seq),
        )
        return [IndexedPage(seq, source_lang, PageRecord(*page)) for seq, source_lang, *page in rows]

    def lastmods(self, per_file: int) -> dict[int, str]:
        """Sitemap file number -> the newest modification day of its indexable pages (files with any)."""
        rows = self._conn.execute(
            "SELECT (r.seq - 1) / ? + 1, max(p.modified) FROM pages p JOIN releases r ON r.slug = p.slug"
            " WHERE p.status <> 'pseudo' GROUP BY 1 ORDER BY 1",
            (per_file,),
        )
        return {int(n): day for n, day in rows}

    def widest(self) -> int:
        """The most language versions any release has."""
        row = self._conn.execute("SELECT max(n) FROM (SELECT count(*) AS n FROM pages GROUP BY slug)").fetchone()
        return int(row[0] or 0)

    def dirty(self) -> list[tuple[str, str, str, int]]:
        """``(slug, lang, sort_key, seq)`` of every page recorded or removed since the last rebuild."""
        return list(self._conn.execute("SELECT slug, lang, sort_key, seq FROM dirty"))

    def meta(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def all_pages(self) -> Iterator[IndexedPage]:
        """Every page, by release order then language."""
        rows = self._conn.execute(
            f"SELECT r.seq, r.source_lang, {_PAGE_COLUMNS_P} FROM pages p JOIN releases r ON r.slug = p.slug"  # noqa: S608
            " ORDER BY r.seq, p.lang"
        )
        for seq, source_lang, *page in rows:
            yield IndexedPage(seq, source_lang, PageRecord(*page))

    def count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM releases").fetchone()[0])

    def fingerprints(self) -> dict[str, str]:
        return dict(self._conn.execute("SELECT path, fingerprint FROM files"))

    # -- writing (the caller holds the publish lock)

    def record(
        self,
        slug: str,
        source_path: str,
        source_lang: str,
        pages: Iterable[PageRecord],
        run: Mapping[str, Any] | None = None,
    ) -> None:
        """Record a publish of ``slug``: its release file, its pages (other languages keep their rows) and, when
        given, what the publish ran with (``run``: JSON-able; kept from the last publish otherwise)."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO releases (slug, seq, source_path, source_lang, run)"
                " VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM releases), ?, ?, ?)"
                " ON CONFLICT (slug) DO UPDATE SET source_path = CASE WHEN excluded.source_path = ''"
                " THEN releases.source_path ELSE excluded.source_path END, source_lang = excluded.source_lang,"
                " run = CASE WHEN excluded.run = '{}' THEN releases.run ELSE excluded.run END",
                (slug, source_path, source_lang, json.dumps(dict(run or {}), sort_keys=True)),
            )
            seq = conn.execute("SELECT seq FROM releases WHERE slug = ?", (slug,)).fetchone()[0]
            rows = []
            for p in pages:
                key = f"{p.date or p.modified}|{seq:010d}"
                old = conn.execute("SELECT sort_key FROM pages WHERE slug = ? AND lang = ?", (slug, p.lang)).fetchone()
                dirty = [(slug, p.lang, key, seq)] + ([(slug, p.lang, old[0], seq)] if old is not None else [])
                conn.executemany("INSERT INTO dirty (slug, lang, sort_key, seq) VALUES (?, ?, ?, ?)", dirty)
                rows.append((slug, p.lang, p.title, p.summary, p.date, p.status, p.modified, p.content_hash, key))
            conn.executemany(
                "INSERT OR REPLACE INTO pages"
                " (slug, lang, title, summary, date, status, modified, content_hash, sort_key)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )

    def remove(self, slug: str) -> bool:
        """Forget ``slug`` and its pages; whether it was there."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO dirty (slug, lang, sort_key, seq) SELECT p.slug, p.lang, p.sort_key, r.seq"
                " FROM pages p JOIN releases r ON r.slug = p.slug WHERE p.slug = ?",
                (slug,),
            )
            conn.execute("DELETE FROM pages WHERE slug = ?", (slug,))
            return conn.execute("DELETE FROM releases WHERE slug = ?", (slug,)).rowcount > 0

    def set_fingerprints(
        self, written: Mapping[str, str], removed: Iterable[str] = (), *, meta: Mapping[str, str] | None = None
    ) -> None:
        """After the site-wide files were rebuilt: their fingerprints, the ones deleted, and a clean slate."""
        with self._write() as conn:
            conn.executemany("INSERT OR REPLACE INTO files (path, fingerprint) VALUES (?, ?)", written.items())
            conn.executemany("DELETE FROM files WHERE path = ?", [(p,) for p in removed])
            conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (meta or {}).items())
            conn.execute("DELETE FROM dirty")


class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``, rolled back on any error."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self._conn.execute("BEGIN IMMEDIATE")
        return self._conn

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._conn.execute("COMMIT" if exc_type is None else "ROLLBACK")
