"""Concordance search over the translation memory: where else a word or phrase was translated, and how.

An SQLite FTS5 index (``memory_fts``) holds the source and target of every entry; triggers on ``entries`` keep it
in step with every write, whoever makes it, so no code path can forget to index. ``memory_fts_keys`` ties an index
row to its entry by the entry's key, never by SQLite's implicit rowid (which ``VACUUM`` may renumber).

The tokenizer folds case and diacritics (``unicode61 remove_diacritics 2``): "resiliencia" finds "resiliência".
A query is a few words; each becomes a quoted prefix term, so FTS5 syntax in a query is taken literally and
"alert prec" finds "alerta precoce".

>>> fts_query('early "warning" AND sys')
'"early"* "warning"* "AND"* "sys"*'
>>> fts_query("  ?! ")
''
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from transpub.document import Origin
from transpub.errors import ProtectionError
from transpub.text.tagged import to_plain

SCHEMA = (
    "CREATE VIRTUAL TABLE memory_fts USING fts5(source, target, tokenize = 'unicode61 remove_diacritics 2')",
    """CREATE TABLE memory_fts_keys (
        source TEXT NOT NULL,
        source_lang TEXT NOT NULL,
        target_lang TEXT NOT NULL,
        fts INTEGER NOT NULL UNIQUE,
        PRIMARY KEY (source, source_lang, target_lang)
    )""",
    "INSERT INTO memory_fts (rowid, source, target) SELECT rowid, source, target FROM entries",
    "INSERT INTO memory_fts_keys SELECT source, source_lang, target_lang, rowid FROM entries",
    """CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN
        INSERT INTO memory_fts (source, target) VALUES (new.source, new.target);
        INSERT INTO memory_fts_keys VALUES (new.source, new.source_lang, new.target_lang, last_insert_rowid());
    END""",
    """CREATE TRIGGER entries_fts_update AFTER UPDATE OF target ON entries BEGIN
        UPDATE memory_fts SET target = new.target WHERE rowid = (SELECT fts FROM memory_fts_keys
            WHERE source = old.source AND source_lang = old.source_lang AND target_lang = old.target_lang);
    END""",
    """CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN
        DELETE FROM memory_fts WHERE rowid = (SELECT fts FROM memory_fts_keys
            WHERE source = old.source AND source_lang = old.source_lang AND target_lang = old.target_lang);
        DELETE FROM memory_fts_keys
            WHERE source = old.source AND source_lang = old.source_lang AND target_lang = old.target_lang;
    END""",
)

_WORD = re.compile(r"\w+", re.UNICODE)
DEFAULT_LIMIT = 20


@dataclass(frozen=True)
class ConcordanceHit:
    """One memory entry that contains the searched words, in its source or its target."""

    source: str
    target: str
    source_lang: str
    target_lang: str
    origin: Origin
    reviewer: str | None
    updated_at: str

    def as_dict(self) -> dict[str, str | None]:
        return {
            "source": self.source,
            "target": self.target,
            "source_plain": plain_text(self.source),
            "target_plain": plain_text(self.target),
            "source_lang": self.source_lang,
            "target_lang": self.target_lang,
            "origin": self.origin.value,
            "reviewer": self.reviewer,
            "updated_at": self.updated_at,
        }


def plain_text(text: str) -> str:
    try:
        return to_plain(text)
    except ProtectionError:
        return text


def fts_query(text: str) -> str:
    """The FTS5 query for what a person typed: every word a quoted prefix term, all of them required."""
    return " ".join(f'"{word}"*' for word in _WORD.findall(text))


def search(
    conn: sqlite3.Connection,
    text: str,
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> tuple[ConcordanceHit, ...]:
    """Entries whose source or target holds every word of ``text``, best first (FTS5 rank), approved before MT."""
    query = fts_query(text)
    if not query:
        return ()
    sql = (
        "SELECT e.source, e.target, e.source_lang, e.target_lang, e.origin, e.reviewer, e.updated_at"
        " FROM memory_fts JOIN memory_fts_keys k ON k.fts = memory_fts.rowid"
        " JOIN entries e ON e.source = k.source AND e.source_lang = k.source_lang AND e.target_lang = k.target_lang"
        " WHERE memory_fts MATCH ?"
    )
    args: list[object] = [query]
    if source_lang is not None:
        sql, args = sql + " AND e.source_lang = ?", [*args, source_lang]
    if target_lang is not None:
        sql, args = sql + " AND e.target_lang = ?", [*args, target_lang]
    sql += " ORDER BY e.origin = 'approved' DESC, memory_fts.rank LIMIT ?"
    rows = conn.execute(sql, [*args, max(1, limit)]).fetchall()
    return tuple(ConcordanceHit(row[0], row[1], row[2], row[3], Origin(row[4]), row[5], row[6]) for row in rows)
