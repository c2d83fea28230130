"""Publish state: what was last published for each release and language, kept in the translation-memory database.

Edit detection compares a release file's content hash, the glossary version and each language's engine and model
with what is recorded here, per language, so publishing a release in some languages only (the review page does)
leaves the other languages recognisably out of date. "Source changed since approval" compares a segment's current
source with the source last published under the same segment id. The SQL lives here;
:class:`transpub.memory.store.TranslationMemory` owns the connection and transactions and exposes these as methods.
"""

from __future__ import annotations

import enum
import hashlib
import sqlite3
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from transpub.formats.loading import release_files_in


@dataclass(frozen=True)
class LanguageState:
    """What one language of a release was last published from and with."""

    engine: str
    model: str
    content_hash: str = ""
    glossary_version: str | None = None
    published_at: str = ""


def _frozen(value: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
    return MappingProxyType(dict(value or {}))


@dataclass(frozen=True)
class PublishedState:
    """What was last published for one release.

    The top-level hash, glossary version and time are those of the latest publish (the source-language page is
    rendered by every publish); ``languages`` holds each target language's own record, and ``segments`` maps each
    segment id to the tagged source text it had at the latest publish.
    """

    slug: str
    source_path: str
    content_hash: str
    glossary_version: str | None
    published_at: str
    languages: Mapping[str, LanguageState] = field(default_factory=_frozen)
    segments: Mapping[str, str] = field(default_factory=_frozen)


SCHEMA = (
    """CREATE TABLE releases (
        slug TEXT PRIMARY KEY,
        source_path TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        glossary_version TEXT,
        published_at TEXT NOT NULL
    )""",
    """CREATE TABLE release_languages (
        slug TEXT NOT NULL REFERENCES releases(slug) ON DELETE CASCADE,
        lang TEXT NOT NULL,
        engine TEXT NOT NULL,
        model TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        glossary_version TEXT,
        published_at TEXT NOT NULL,
        PRIMARY KEY (slug, lang)
    )""",
    """CREATE TABLE release_segments (
        slug TEXT NOT NULL REFERENCES releases(slug) ON DELETE CASCADE,
        segment_id TEXT NOT NULL,
        source TEXT NOT NULL,
        PRIMARY KEY (slug, segment_id)
    )""",
)


def read(conn: sqlite3.Connection, slug: str) -> PublishedState | None:
    """The recorded state of ``slug``, or ``None`` if it was never published (or was forgotten)."""
    row: tuple[str, str, str, str | None, str] | None = conn.execute(
        "SELECT slug, source_path, content_hash, glossary_version, published_at FROM releases WHERE slug = ?",
        (slug,),
    ).fetchone()
    if row is None:
        return None
    languages = {
        lang: LanguageState(*values)
        for lang, *values in conn.execute(
            "SELECT lang, engine, model, content_hash, glossary_version, published_at FROM release_languages"
            " WHERE slug = ? ORDER BY lang",
            (slug,),
        )
    }
    segments = dict(
        conn.execute("SELECT segment_id, source FROM release_segments WHERE slug = ? ORDER BY segment_id", (slug,))
    )
    return PublishedState(*row, languages=_frozen(languages), segments=_frozen(segments))


def slugs(conn: sqlite3.Connection) -> tuple[str, ...]:
    """Every release slug with a recorded publish, sorted."""
    return tuple(slug for (slug,) in conn.execute("SELECT slug FROM releases ORDER BY slug"))


def write(conn: sqlite3.Connection, state: PublishedState) -> None:
    """Record a publish of ``state.slug``; the caller holds the write transaction.

    The release row and its segments are replaced; the languages of ``state`` replace their own records, and
    languages this publish did not touch keep theirs.
    """
    conn.execute("DELETE FROM release_segments WHERE slug = ?", (state.slug,))
    conn.execute(
        "INSERT INTO releases (slug, source_path, content_hash, glossary_version, published_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (slug) DO UPDATE SET source_path = excluded.source_path, content_hash = excluded.content_hash,"
        " glossary_version = excluded.glossary_version, published_at = excluded.published_at",
        (state.slug, state.source_path, state.content_hash, state.glossary_version, state.published_at),
    )
    conn.executemany(
        "INSERT OR REPLACE INTO release_languages"
        " (slug, lang, engine, model, content_hash, glossary_version, published_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (state.slug, lang, ls.engine, ls.model, ls.content_hash, ls.glossary_version, ls.published_at)
            for lang, ls in state.languages.items()
        ],
    )
    conn.executemany(
        "INSERT INTO release_segments (slug, segment_id, source) VALUES (?, ?, ?)",
        [(state.slug, seg_id, source) for seg_id, source in state.segments.items()],
    )


def delete(conn: sqlite3.Connection, slug: str) -> bool:
    """Remove every row recorded for ``slug``; whether there was one. The caller holds the transaction."""
    conn.execute("DELETE FROM release_segments WHERE slug = ?", (slug,))
    conn.execute("DELETE FROM release_languages WHERE slug = ?", (slug,))
    return conn.execute("DELETE FROM releases WHERE slug = ?", (slug,)).rowcount > 0


# -- edit detection: what changed since the last publish ------------------------------------------------------


class Reason(enum.StrEnum):
    """Why a release file is published again."""

    NEW = "new"  # never published from this file
    EDITED = "edited"  # the file's bytes changed
    GLOSSARY = "glossary"  # the glossary changed (only segments whose terms changed are re-translated)
    ENGINE = "engine"  # a language's engine or model changed (machine entries are refreshed)
    LANGUAGES = "languages"  # a target language was added
    APPROVED = "approved"  # a translator approved new wording since the language was last published


@dataclass(frozen=True)
class ReleaseFile:
    """A release file as found by a scan: its absolute path and the SHA-256 of its bytes."""

    path: Path
    content_hash: str


@dataclass(frozen=True)
class CurrentInputs:
    """What a release would be published with now: the glossary version and, per target, ``(engine, model)``."""

    glossary_version: str | None
    languages: Mapping[str, tuple[str, str]]


@dataclass(frozen=True)
class Change:
    """One release file to publish again, and why (``slug`` is ``None`` for a file never published)."""

    path: Path
    reason: Reason
    slug: str | None = None


@dataclass(frozen=True)
class ChangeSet:
    """The outcome of comparing a folder with the publish state.

    ``deleted`` are releases published from a file of the folder that no longer exists.
    """

    changed: tuple[Change, ...]
    deleted: tuple[PublishedState, ...]
    unchanged: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not self.changed and not self.deleted


def file_hash(path: Path) -> str:
    """The SHA-256 of a file's bytes, as :attr:`transpub.document.Release.content_hash` records it."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def scan_folder(folder: Path, suffixes: Iterable[str]) -> tuple[ReleaseFile, ...]:
    """Every release file directly inside ``folder`` (by suffix, hidden files skipped), sorted, with its hash."""
    # Links that lead out of the folder are refused (transpub.formats.loading.release_files_in).
    paths = release_files_in(folder.resolve(), suffixes, hidden=False)
    return tuple(ReleaseFile(p, file_hash(p)) for p in paths)


def _reason(
    state: PublishedState, file: ReleaseFile, inputs: CurrentInputs, approved: Collection[str]
) -> Reason | None:
    """The first reason, in :class:`Reason` order, why some configured language of ``state`` is out of date."""
    langs = [(lang, state.languages.get(lang), now) for lang, now in inputs.languages.items()]
    if state.content_hash != file.content_hash or any(
        ls is not None and ls.content_hash != file.content_hash for _, ls, _ in langs
    ):
        return Reason.EDITED
    if any(ls is not None and ls.glossary_version != inputs.glossary_version for _, ls, _ in langs):
        return Reason.GLOSSARY
    if any(ls is not None and (ls.engine, ls.model) != tuple(now) for _, ls, now in langs):
        return Reason.ENGINE
    if any(ls is None for _, ls, _ in langs):
        return Reason.LANGUAGES
    if any(lang in approved for lang, _, _ in langs):
        return Reason.APPROVED
    return None


def compare(
    folder: Path,
    files: Iterable[ReleaseFile],
    states: Iterable[PublishedState],
    inputs: CurrentInputs,
    approved: Mapping[str, Collection[str]] | None = None,
) -> ChangeSet:
    """What to publish again and what to remove, comparing a scan of ``folder`` with the publish state.

    ``approved`` maps a slug to the languages with approvals newer than their last publish. Only states whose
    source file lies in ``folder`` are considered, so releases published from elsewhere into the same output are
    left alone.

    >>> now = CurrentInputs("g1", {"pt": ("argos", "m1")})
    >>> old = PublishedState("a", "/r/a.md", "h1", "g1", "t", {"pt": LanguageState("argos", "m1", "h1", "g1", "t")})
    >>> gone = PublishedState("b", "/r/b.md", "h2", "g1", "t", {"pt": LanguageState("argos", "m1", "h2", "g1", "t")})
    >>> files = [ReleaseFile(Path("/r/a.md"), "h1"), ReleaseFile(Path("/r/c.md"), "h3")]
    >>> result = compare(Path("/r"), files, [old, gone], now)
    >>> [(c.path.name, str(c.reason)) for c in result.changed], [s.slug for s in result.deleted], result.unchanged
    ([('c.md', 'new')], ['b'], ('a',))
    """
    root = folder.resolve()
    by_path: dict[Path, list[PublishedState]] = {}
    for st in states:
        path = Path(st.source_path)
        if path.is_absolute() and path.parent == root:
            by_path.setdefault(path, []).append(st)
    changed: list[Change] = []
    unchanged: list[str] = []
    present = set()
    for file in files:
        present.add(file.path)
        published = by_path.get(file.path, [])
        if not published:
            changed.append(Change(file.path, Reason.NEW))
            continue
        reasons = [(st, _reason(st, file, inputs, (approved or {}).get(st.slug, ()))) for st in published]
        stale = [(st, r) for st, r in reasons if r is not None]
        if stale:
            changed.append(Change(file.path, stale[0][1], stale[0][0].slug))
        else:
            unchanged.extend(st.slug for st in published)
    deleted = tuple(st for path, sts in sorted(by_path.items()) if path not in present for st in sts)
    return ChangeSet(tuple(changed), deleted, tuple(sorted(unchanged)))


def orphans(republished: Mapping[Path, Iterable[str]], states: Iterable[PublishedState]) -> tuple[PublishedState, ...]:
    """States left behind by a republish: their file was published again under another slug."""
    result = []
    for st in states:
        slugs_now = republished.get(Path(st.source_path))
        if slugs_now is not None and st.slug not in set(slugs_now):
            result.append(st)
    return tuple(result)
