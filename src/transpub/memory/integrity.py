"""Checks run when the translation memory opens, so a damaged file gives one error naming it instead of a
traceback (or wrong output) somewhere later.

Four shapes of damage are told apart, each with what to do:

* damaged pages (a disk or copy error inside the file) or rows that break a constraint: SQLite's
  ``quick_check`` reports them;
* an odd schema version (``PRAGMA user_version`` negative, or older than the tables the file holds);
* a missing table or column (a file edited by hand or by another program): the file is compared with the tables
  the registered migrations build, so a migration added later is covered without touching this module;
* bad rows: a memory entry whose origin is unknown or whose texts are not text.

A newer schema version than this transpub knows is refused by the migration step itself.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from pathlib import Path

from transpub.errors import TranslationMemoryError

Migration = Callable[[sqlite3.Connection], None]

_ADVICE = "restore it from a backup, or move it away to start an empty memory"


def _fail(problem: str, path: Path) -> TranslationMemoryError:
    return TranslationMemoryError(f"the translation memory is damaged: {problem}; {_ADVICE}", path=path)


def _tables(conn: sqlite3.Connection) -> dict[str, set[str]]:
    names = [
        row[0]
        for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    ]
    return {name: {row[1] for row in conn.execute(f'PRAGMA table_info("{name}")')} for name in names}


def check_file(conn: sqlite3.Connection, path: Path, migrations: Mapping[int, Migration]) -> None:
    """Before any migration: the pages are sound and the schema version is one a transpub could have written."""
    try:
        problems = [row[0] for row in conn.execute("PRAGMA quick_check(5)")]
    except sqlite3.DatabaseError as exc:
        raise _fail(f"SQLite cannot read it ({exc})", path) from exc
    if problems != ["ok"]:
        lines = [ln.strip() for p in problems for ln in str(p).splitlines() if ln.strip() and "***" not in ln]
        raise _fail(f"SQLite's quick_check finds {lines[0] if lines else 'errors'}", path)
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version < 0:
        raise _fail(f"its schema version is {version}", path)
    found = _tables(conn)
    ours = sorted(set(expected_tables(migrations)) & set(found))
    if version == 0 and ours:
        raise _fail(f"it holds transpub's table {ours[0]!r} but no schema version", path)
    if 0 < version < max(migrations):  # tables a later migration creates must not be there yet
        due = expected_tables({v: m for v, m in migrations.items() if v <= version})
        later = sorted(set(expected_tables(migrations)) - set(due) & set(found))
        if later:
            raise _fail(f"its schema version {version} is older than its tables (it has {later[0]!r})", path)


def expected_tables(migrations: Mapping[int, Migration]) -> dict[str, set[str]]:
    """The tables and columns the registered migrations build, read from a scratch in-memory database."""
    scratch = sqlite3.connect(":memory:")
    try:
        for version in sorted(migrations):
            migrations[version](scratch)
        return _tables(scratch)
    finally:
        scratch.close()


def check_structure(conn: sqlite3.Connection, path: Path, migrations: Mapping[int, Migration]) -> None:
    """After migration: every table and column of the current schema is there, and the entries are well formed."""
    found = _tables(conn)
    for table, columns in sorted(expected_tables(migrations).items()):
        if table not in found:
            raise _fail(f"table {table!r} is missing", path)
        missing = sorted(columns - found[table])
        if missing:
            raise _fail(f"table {table!r} has no column {missing[0]!r}", path)
    bad = conn.execute(
        "SELECT rowid FROM entries WHERE origin NOT IN ('mt', 'approved') OR typeof(source) != 'text'"
        " OR typeof(target) != 'text' OR typeof(source_lang) != 'text' OR typeof(target_lang) != 'text'"
        " LIMIT 1"
    ).fetchone()
    if bad is not None:
        count = conn.execute(
            "SELECT count(*) FROM entries WHERE origin NOT IN ('mt', 'approved') OR typeof(source) != 'text'"
            " OR typeof(target) != 'text' OR typeof(source_lang) != 'text' OR typeof(target_lang) != 'text'"
        ).fetchone()[0]
        raise _fail(f"{count} malformed entr{'y' if count == 1 else 'ies'} (the first at row {bad[0]})", path)
