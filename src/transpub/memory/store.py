"""The translation memory: one SQLite file holding reusable translations and the publish state.

One entry per (source segment, source language, target language): the tagged target text, its origin
(``mt`` or ``approved``), the engine and model that produced it, the glossary fingerprint it was checked
against, who approved it and when it was created and last updated. Machine output never overwrites an approved
entry.

The database runs in WAL mode with a busy timeout, and every write is one ``BEGIN IMMEDIATE`` transaction, so
two processes publishing at once queue for the write lock instead of losing entries. The schema version lives
in ``PRAGMA user_version``; opening an older database migrates it forward, one registered step at a time:

1. ``entries`` with target, origin, engine, model and timestamps (the first release of the format);
2. adds the glossary ``fingerprint`` and the ``reviewer`` to every entry;
3. adds the publish-state tables of :mod:`transpub.memory.state`;
4. adds the decision history (:mod:`transpub.memory.history`) and the concordance index
   (:mod:`transpub.memory.concordance`).

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as tmp, TranslationMemory(pathlib.Path(tmp, "tm.sqlite")) as tm:
...     tm.store_machine([("Hello.", "Olá.")], "en", "pt", engine="argos", model="m1", fingerprints={})
...     tm.approve("Hello.", "Olá!", "en", "pt", reviewer="ana").target
...     tm.store_machine([("Hello.", "Oi.")], "en", "pt", engine="argos", model="m2", fingerprints={})
...     tm.lookup_many(["Hello.", "Bye."], "en", "pt")["Hello."].origin
1
'Olá!'
0
<Origin.APPROVED: 'approved'>
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType, TracebackType
from typing import Any, cast

from transpub.document import Origin
from transpub.errors import LockedError, TranslationMemoryError, TranspubError
from transpub.memory import concordance, history, integrity, state
from transpub.memory.state import LanguageState, PublishedState

BUSY_TIMEOUT_S = 30.0
_CHUNK = 500  # stays well under SQLite's limit on bound parameters per statement
_ORIGINS = {"mt": Origin.MT, "approved": Origin.APPROVED}


@dataclass(frozen=True)
class MemoryEntry:
    """One stored translation of one source segment into one target language."""

    source: str
    target: str
    source_lang: str
    target_lang: str
    origin: Origin  # Origin.MT or Origin.APPROVED
    engine: str | None
    model: str | None
    fingerprint: str | None
    reviewer: str | None
    created_at: str
    updated_at: str


def _v1(conn: sqlite3.Connection) -> None:
    conn.execute(
        """CREATE TABLE entries (
            source TEXT NOT NULL,
            source_lang TEXT NOT NULL,
            target_lang TEXT NOT NULL,
            target TEXT NOT NULL,
            origin TEXT NOT NULL CHECK (origin IN ('mt', 'approved')),
            engine TEXT,
            model TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (source, source_lang, target_lang)
        )"""
    )


def _v2(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE entries ADD COLUMN fingerprint TEXT")
    conn.execute("ALTER TABLE entries ADD COLUMN reviewer TEXT")


def _v3(conn: sqlite3.Connection) -> None:
    for statement in state.SCHEMA:
        conn.execute(statement)


def _v4(conn: sqlite3.Connection) -> None:
    for statement in (*history.SCHEMA, *concordance.SCHEMA):
        conn.execute(statement)


# schema version -> the step that brings a database from the version before it to this one.
MIGRATIONS: Mapping[int, Callable[[sqlite3.Connection], None]] = MappingProxyType({1: _v1, 2: _v2, 3: _v3, 4: _v4})
SCHEMA_VERSION = max(MIGRATIONS)

_COLUMNS = (
    "source, target, source_lang, target_lang, origin, engine, model, fingerprint, reviewer, created_at, updated_at"
)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _entry(row: tuple[Any, ...]) -> MemoryEntry:
    values = list(row)
    values[4] = _ORIGINS[values[4]]
    return MemoryEntry(*values)


class TranslationMemory:
    """A translation memory and publish state in one SQLite file at ``path`` (created, and migrated, on open).

    The object owns one connection; it is safe to share between threads of one process (calls are serialised)
    and any number of processes may open the same file. Use it as a context manager or call :meth:`close`.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
        except (OSError, sqlite3.Error) as exc:
            raise TranslationMemoryError(f"cannot open translation memory: {exc}", path=self.path) from exc
        try:
            self._conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            integrity.check_file(self._conn, self.path, MIGRATIONS)  # damaged pages, an odd schema version
            self._enable_wal()
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._migrate()
            integrity.check_structure(self._conn, self.path, MIGRATIONS)  # missing tables or columns, bad rows
        except TranspubError:  # a newer schema, or the write lock held too long by another process
            self._conn.close()
            raise
        except sqlite3.Error as exc:
            self._conn.close()
            raise TranslationMemoryError(f"not a usable translation memory: {exc}", path=self.path) from exc

    def _enable_wal(self) -> None:
        """Switch the file to WAL mode, waiting while another process holds a lock.

        SQLite answers "database is locked" at once, without its busy timeout, when the switch meets a lock (two
        processes creating the same memory at the same moment), so this waits and retries up to the timeout.
        """
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                mode = self._conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                break
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        if mode != "wal":
            raise TranslationMemoryError("this file system does not support SQLite's WAL mode", path=self.path)

    # -- lifecycle

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        """The schema version of the open database (``SCHEMA_VERSION`` once opened)."""
        with self._lock:
            version: int = self._conn.execute("PRAGMA user_version").fetchone()[0]
            return version

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; ``BEGIN IMMEDIATE`` takes the write lock at once (or waits for it)."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                if "locked" in str(exc) or "busy" in str(exc):
                    raise LockedError(
                        f"the translation memory stayed locked for {BUSY_TIMEOUT_S:g} s", path=self.path
                    ) from exc
                raise TranslationMemoryError(f"cannot start a write: {exc}", path=self.path) from exc
            try:
                yield self._conn
            except sqlite3.Error as exc:
                self._conn.execute("ROLLBACK")
                raise TranslationMemoryError(f"write failed, nothing stored: {exc}", path=self.path) from exc
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            try:
                self._conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self._conn.execute("ROLLBACK")
                raise TranslationMemoryError(f"write failed: {exc}", path=self.path) from exc

    def _migrate(self) -> None:
        with self._write() as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise TranslationMemoryError(
                    f"schema version is newer than this transpub understands ({SCHEMA_VERSION})",
                    path=self.path,
                    value=version,
                )
            for target in range(version + 1, SCHEMA_VERSION + 1):
                MIGRATIONS[target](conn)
                conn.execute(f"PRAGMA user_version = {target}")

    # -- translation memory

    def lookup_many(self, sources: Iterable[str], source_lang: str, target_lang: str) -> dict[str, MemoryEntry]:
        """The stored entry for each of ``sources`` that has one, keyed by source text."""
        wanted = list(dict.fromkeys(sources))
        found: dict[str, MemoryEntry] = {}
        with self._lock:
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start : start + _CHUNK]
                marks = ", ".join("?" * len(chunk))
                rows = self._conn.execute(
                    f"SELECT {_COLUMNS} FROM entries"  # noqa: S608 - only placeholders are interpolated
                    f" WHERE source_lang = ? AND target_lang = ? AND source IN ({marks})",
                    (source_lang, target_lang, *chunk),
                )
                found.update((row[0], _entry(row)) for row in rows)
        return found

    def lookup(self, source: str, source_lang: str, target_lang: str) -> MemoryEntry | None:
        """The stored entry for one source segment, or ``None``."""
        return self.lookup_many([source], source_lang, target_lang).get(source)

    def store_machine(
        self,
        items: Iterable[tuple[str, str]],
        source_lang: str,
        target_lang: str,
        *,
        engine: str,
        model: str,
        fingerprints: Mapping[str, str],
    ) -> int:
        """Store machine translations ``(source, target)``; return how many entries were written.

        ``fingerprints`` maps a source to its glossary fingerprint (absent: none). An existing machine entry
        is replaced (its ``created_at`` kept); an approved entry is never touched.
        """
        now = _now()
        rows = [
            (source, target, source_lang, target_lang, engine, model, fingerprints.get(source), now)
            for source, target in items
        ]
        with self._write() as conn:
            # rowcount counts the rows written by the statement itself, not the index rows its triggers write.
            return conn.executemany(
                f"INSERT INTO entries ({_COLUMNS})"  # noqa: S608 - a constant column list
                " VALUES (?, ?, ?, ?, 'mt', ?, ?, ?, NULL, ?8, ?8)"
                " ON CONFLICT (source, source_lang, target_lang) DO UPDATE SET target = excluded.target,"
                " engine = excluded.engine, model = excluded.model, fingerprint = excluded.fingerprint,"
                " updated_at = excluded.updated_at WHERE entries.origin <> 'approved'",
                rows,
            ).rowcount

    def approve(
        self, source: str, target: str, source_lang: str, target_lang: str, *, reviewer: str | None = None
    ) -> MemoryEntry:
        """Record ``target`` as the approved translation of ``source``, replacing any earlier entry.

        The change goes into the history (:mod:`transpub.memory.history`) in the same transaction.
        """
        now = _now()
        with self._write() as conn:
            key = (source, source_lang, target_lang)
            before = conn.execute(
                "SELECT target, origin, reviewer FROM entries WHERE source = ? AND source_lang = ? AND target_lang = ?",
                key,
            ).fetchone()
            row = conn.execute(
                f"INSERT INTO entries ({_COLUMNS})"  # noqa: S608 - a constant column list
                " VALUES (?, ?, ?, ?, 'approved', NULL, NULL, NULL, ?, ?6, ?6)"
                " ON CONFLICT (source, source_lang, target_lang) DO UPDATE SET target = excluded.target,"
                " origin = 'approved', reviewer = excluded.reviewer, updated_at = excluded.updated_at"
                f" RETURNING {_COLUMNS}",
                (source, target, source_lang, target_lang, reviewer, now),
            ).fetchone()
            action = "edit" if before is not None and before[0] != target else "approve"
            was_target, was_origin, was_reviewer = before or (None, None, None)
            change = history.Change(*key, action, target, was_target, was_origin, was_reviewer, reviewer, now)
            history.record(conn, change)
        return _entry(row)

    def approved_for_source(self, source: str, source_lang: str, target_lang: str) -> MemoryEntry | None:
        """The approved entry for ``source``, or ``None`` (a machine entry does not count)."""
        entry = self.lookup(source, source_lang, target_lang)
        return entry if entry is not None and entry.origin is Origin.APPROVED else None

    def stale_approvals(
        self, slug: str, segments: Mapping[str, str], source_lang: str, target_lang: str
    ) -> dict[str, MemoryEntry]:
        """Approved translations whose source changed since ``slug`` was last published.

        ``segments`` maps segment id -> current tagged source. For each id whose source differs from the one
        last published under that id, and whose *current* source has no approved entry, the approved entry of
        the *old* source is returned: the reviewer's suggestion for a segment flagged "source changed since
        approval".
        """
        published = self.published_state(slug)
        if published is None:
            return {}
        old_sources = {
            seg_id: published.segments[seg_id]
            for seg_id, source in segments.items()
            if seg_id in published.segments and published.segments[seg_id] != source
        }
        entries = self.lookup_many([*old_sources.values(), *segments.values()], source_lang, target_lang)
        result = {}
        for seg_id, old in old_sources.items():
            current = entries.get(segments[seg_id])
            previous = entries.get(old)
            if current is not None and current.origin is Origin.APPROVED:
                continue
            if previous is not None and previous.origin is Origin.APPROVED:
                result[seg_id] = previous
        return result

    def approved_since(self, sources: Iterable[str], source_lang: str, target_lang: str, since: str) -> int:
        """How many of ``sources`` had a translation into ``target_lang`` approved after ``since`` (ISO time)."""
        wanted = list(dict.fromkeys(sources))
        total = 0
        with self._lock:
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start : start + _CHUNK]
                marks = ", ".join("?" * len(chunk))
                total += self._conn.execute(
                    "SELECT count(*) FROM entries WHERE origin = 'approved' AND source_lang = ?"  # noqa: S608 - marks
                    f" AND target_lang = ? AND updated_at > ? AND source IN ({marks})",
                    (source_lang, target_lang, since, *chunk),
                ).fetchone()[0]
        return total

    def count(self, target_lang: str | None = None, *, origin: Origin | None = None) -> int:
        """How many entries there are, optionally for one target language and/or one origin."""
        sql = "SELECT count(*) FROM entries WHERE 1 = 1"
        args: list[str] = []
        if target_lang is not None:
            sql, args = sql + " AND target_lang = ?", [*args, target_lang]
        if origin is not None:
            sql, args = sql + " AND origin = ?", [*args, origin.value]
        with self._lock:
            count: int = self._conn.execute(sql, args).fetchone()[0]
            return count

    @contextmanager
    def connection(self, *, write: bool = False) -> Iterator[sqlite3.Connection]:
        """The connection, for the memory's own modules (history, concordance, TMX); a transaction if ``write``."""
        if write:
            with self._write() as conn:
                yield conn
        else:
            with self._lock:
                yield self._conn

    # -- publish state

    def published_state(self, slug: str) -> PublishedState | None:
        """What was last published for ``slug`` (see :class:`transpub.memory.state.PublishedState`), or ``None``."""
        with self._lock:
            return state.read(self._conn, slug)

    def published_slugs(self) -> tuple[str, ...]:
        """Every release slug with a recorded publish, sorted."""
        with self._lock:
            return state.slugs(self._conn)

    def record_publish(
        self,
        slug: str,
        *,
        source_path: str | Path,
        content_hash: str,
        glossary_version: str | None,
        languages: Mapping[str, tuple[str, str]],
        segments: Mapping[str, str],
    ) -> PublishedState:
        """Record a finished publish of ``slug`` and return the whole record as it now stands.

        ``languages`` maps each target language this publish wrote to ``(engine, model)``; their records are
        replaced, other languages keep theirs (a publish of some languages leaves the others visibly out of
        date). ``segments`` maps segment id to the tagged source text that was published.
        """
        now = _now()
        recorded = PublishedState(
            slug=slug,
            source_path=str(source_path),
            content_hash=content_hash,
            glossary_version=glossary_version,
            published_at=now,
            languages=MappingProxyType(
                {
                    lang: LanguageState(engine, model, content_hash, glossary_version, now)
                    for lang, (engine, model) in languages.items()
                }
            ),
            segments=MappingProxyType(dict(segments)),
        )
        with self._write() as conn:
            state.write(conn, recorded)
            return cast(PublishedState, state.read(conn, slug))  # just written, so present

    def forget_release(self, slug: str) -> bool:
        """Drop the publish record of ``slug`` (its memory entries stay); whether there was one."""
        with self._write() as conn:
            return state.delete(conn, slug)


__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "LanguageState",
    "MemoryEntry",
    "PublishedState",
    "TranslationMemory",
]
