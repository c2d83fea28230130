"""The history of every translator decision: approvals, edits, reversals and imports, with who, when and what before.

One row per change to an approved entry of the translation memory, written in the same transaction as the change
(:meth:`transpub.memory.store.TranslationMemory.approve` records approvals and edits; :func:`revert` and the TMX
import record theirs). Nothing is ever deleted from the history: a reversal is a new row that puts the previous
text back.

- ``approve``: the target was approved as it stood (the memory already held that wording, or nothing);
- ``edit``: the translator changed the wording before approving it;
- ``revert``: a translator undid the latest change, restoring the text (and origin) that stood before it;
- ``import``: a TMX import wrote the entry.

>>> import sqlite3
>>> conn = sqlite3.connect(":memory:")
>>> for statement in SCHEMA:
...     _ = conn.execute(statement)
>>> record(conn, Change("Hi.", "en", "pt", "edit", "Olá.", "Oi.", "mt", None, "ana", "2026-12-01T10:00:00+00:00"))
1
>>> [(e.action, e.previous, e.target, e.reviewer) for e in events(conn, "Hi.", "en", "pt")]
[('edit', 'Oi.', 'Olá.', 'ana')]
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from transpub.errors import TranslationMemoryError

ACTIONS = ("approve", "edit", "revert", "import")

SCHEMA = (
    """CREATE TABLE history (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        source_lang TEXT NOT NULL,
        target_lang TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('approve', 'edit', 'revert', 'import')),
        target TEXT,
        previous TEXT,
        previous_origin TEXT,
        previous_reviewer TEXT,
        reviewer TEXT,
        at TEXT NOT NULL
    )""",
    "CREATE INDEX history_by_entry ON history (source, source_lang, target_lang, id)",
)

# The columns of a Change, in its field order; a HistoryEvent is read back as these and then the id.
_CHANGE_COLUMNS = (
    "source, source_lang, target_lang, action, target, previous, previous_origin, previous_reviewer, reviewer, at"
)
_COLUMNS = f"{_CHANGE_COLUMNS}, id"
_CHUNK = 500


def utc_now() -> str:
    """Now, as the memory writes times (ISO 8601, UTC, microseconds)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class Change:
    """One change to write: the entry it concerns, the action, the text after and before, and who did it when.

    ``target`` is ``None`` when a reversal removed the entry (the approval it undid was the first word on it).
    """

    source: str
    source_lang: str
    target_lang: str
    action: str
    target: str | None
    previous: str | None
    previous_origin: str | None
    previous_reviewer: str | None
    reviewer: str | None
    at: str


@dataclass(frozen=True)
class HistoryEvent(Change):
    """One recorded change, as read back: the :class:`Change` and its ``id`` (a larger id is later)."""

    id: int


def record(conn: sqlite3.Connection, change: Change) -> int:
    """Write one change (inside the caller's transaction); return its id."""
    if change.action not in ACTIONS:
        raise TranslationMemoryError(f"unknown history action (known: {', '.join(ACTIONS)})", value=change.action)
    cursor = conn.execute(
        f"INSERT INTO history ({_CHANGE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",  # noqa: S608
        (
            change.source,
            change.source_lang,
            change.target_lang,
            change.action,
            change.target,
            change.previous,
            change.previous_origin,
            change.previous_reviewer,
            change.reviewer,
            change.at,
        ),
    )
    return int(cursor.lastrowid or 0)


def events(conn: sqlite3.Connection, source: str, source_lang: str, target_lang: str) -> tuple[HistoryEvent, ...]:
    """Every change of one entry, newest first."""
    return events_many(conn, [source], source_lang, target_lang).get(source, ())


def events_many(
    conn: sqlite3.Connection, sources: Iterable[str], source_lang: str, target_lang: str
) -> dict[str, tuple[HistoryEvent, ...]]:
    """The history of each of ``sources`` that has one (newest first), keyed by source text."""
    wanted = list(dict.fromkeys(sources))
    found: dict[str, list[HistoryEvent]] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        rows = conn.execute(
            f"SELECT {_COLUMNS} FROM history WHERE source_lang = ? AND target_lang = ?"  # noqa: S608 - marks only
            f" AND source IN ({marks}) ORDER BY id DESC",
            (source_lang, target_lang, *chunk),
        )
        for row in rows:
            found.setdefault(row[0], []).append(HistoryEvent(*row))
    return {source: tuple(items) for source, items in found.items()}


def event(conn: sqlite3.Connection, event_id: int) -> HistoryEvent | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM history WHERE id = ?", (event_id,)).fetchone()  # noqa: S608
    return None if row is None else HistoryEvent(*row)


def revert(conn: sqlite3.Connection, event_id: int, *, reviewer: str | None, at: str) -> HistoryEvent:
    """Undo change ``event_id`` (inside the caller's write transaction) and record the reversal; return it.

    Only the latest change of an entry can be undone (undoing an older one would silently drop the later ones),
    and an entry whose text changed outside the history since then is refused too. What stood before comes back:
    a machine translation becomes a machine entry again, an earlier approval an approval again with its reviewer,
    and an approval that was the first word on the entry removes the entry, so the next publish translates anew.
    """
    undone = event(conn, event_id)
    if undone is None:
        raise TranslationMemoryError("no such change in the history", value=event_id)
    key = (undone.source, undone.source_lang, undone.target_lang)
    latest = events(conn, *key)[0]
    if latest.id != undone.id:
        raise TranslationMemoryError("only the latest change of a segment can be reverted", value=event_id)
    row = conn.execute(
        "SELECT target, origin, reviewer FROM entries WHERE source = ? AND source_lang = ? AND target_lang = ?", key
    ).fetchone()
    if row is None or row[0] != undone.target:
        raise TranslationMemoryError("the entry changed since this change was made; reload the page", value=event_id)
    if undone.previous is None:
        conn.execute("DELETE FROM entries WHERE source = ? AND source_lang = ? AND target_lang = ?", key)
    else:
        origin = "approved" if undone.previous_origin == "approved" else "mt"
        conn.execute(
            "UPDATE entries SET target = ?, origin = ?, reviewer = ?, updated_at = ?"
            " WHERE source = ? AND source_lang = ? AND target_lang = ?",
            (undone.previous, origin, undone.previous_reviewer if origin == "approved" else None, at, *key),
        )
    change = Change(*key, "revert", undone.previous, row[0], row[1], row[2], reviewer, at)
    done = event(conn, record(conn, change))
    assert done is not None  # just written in this transaction
    return done
