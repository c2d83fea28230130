"""Opening a translation memory written by an older transpub migrates it, keeping every entry."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from transpub.document import Origin
from transpub.memory.store import MIGRATIONS, SCHEMA_VERSION, TranslationMemory

# The schema as the first version wrote it, spelled out here rather than taken from transpub.memory.store, so a
# change to the migration code cannot silently change what "version 1" means.
V1_SCHEMA = """
CREATE TABLE entries (
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
);
PRAGMA user_version = 1;
"""

V1_ROWS = [
    ("Member States met.", "en", "pt", "Os Estados-Membros reuniram-se.", "approved", None, None),
    ("The GCRF opened Tidewatch.", "en", "pt", "O GCRF abriu o Tidewatch.", "mt", "argos", "en_pt-1.0"),
    ("The GCRF opened Tidewatch.", "en", "fr", "Le GCRF a ouvert Tidewatch.", "mt", "argos", "en_fr-1.0"),
]


@pytest.fixture
def v1_database(tmp_path: Path) -> Path:
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(V1_SCHEMA)
    conn.executemany(
        "INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?8, ?8)",
        [(*row, "2025-01-02T03:04:05+00:00") for row in V1_ROWS],
    )
    conn.commit()
    conn.close()
    return path


def _columns(conn: sqlite3.Connection, table: str) -> list[tuple[str, str, int]]:
    return sorted((row[1], row[2], row[3]) for row in conn.execute(f"PRAGMA table_info({table})"))


def _tables(path: Path) -> dict[str, list[tuple[str, str, int]]]:
    conn = sqlite3.connect(path)
    try:
        names = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {name: _columns(conn, name) for name in names}
    finally:
        conn.close()


def test_migrations_are_numbered_from_one_without_gaps() -> None:
    assert sorted(MIGRATIONS) == list(range(1, SCHEMA_VERSION + 1))


def test_a_v1_database_is_migrated_to_the_current_version(v1_database: Path) -> None:
    with TranslationMemory(v1_database) as tm:
        assert tm.schema_version == SCHEMA_VERSION
        approved = tm.lookup("Member States met.", "en", "pt")
        machine = tm.lookup("The GCRF opened Tidewatch.", "en", "fr")

    assert (approved.origin, approved.target, approved.reviewer, approved.fingerprint) == (
        Origin.APPROVED,
        "Os Estados-Membros reuniram-se.",
        None,
        None,
    )
    assert (machine.origin, machine.engine, machine.model, machine.created_at) == (
        Origin.MT,
        "argos",
        "en_fr-1.0",
        "2025-01-02T03:04:05+00:00",
    )


def test_a_migrated_database_has_the_same_tables_as_a_new_one(v1_database: Path, tmp_path: Path) -> None:
    TranslationMemory(v1_database).close()
    TranslationMemory(tmp_path / "new.sqlite").close()
    assert _tables(v1_database) == _tables(tmp_path / "new.sqlite")


def test_a_migrated_database_keeps_the_approved_rule_and_gains_publish_state(v1_database: Path) -> None:
    with TranslationMemory(v1_database) as tm:
        written = tm.store_machine(
            [("Member States met.", "machine"), ("The GCRF opened Tidewatch.", "O GCRF lançou o Tidewatch.")],
            "en",
            "pt",
            engine="bergamot",
            model="en_pt-2",
            fingerprints={"The GCRF opened Tidewatch.": "fp"},
        )
        tm.record_publish(
            "tidewatch",
            source_path="releases/tidewatch.md",
            content_hash="abc",
            glossary_version="g",
            languages={"pt": ("bergamot", "en_pt-2")},
            segments={"title": "The GCRF opened Tidewatch."},
        )
        assert written == 1
        assert tm.lookup("Member States met.", "en", "pt").target == "Os Estados-Membros reuniram-se."
        assert tm.lookup("The GCRF opened Tidewatch.", "en", "pt").fingerprint == "fp"
        assert tm.published_state("tidewatch").content_hash == "abc"


def test_reopening_a_current_database_changes_nothing(v1_database: Path) -> None:
    with TranslationMemory(v1_database) as tm:
        tm.approve("New.", "Novo.", "en", "pt", reviewer="ana")
    with TranslationMemory(v1_database) as tm:
        assert tm.schema_version == SCHEMA_VERSION
        assert tm.count() == 4
        assert tm.lookup("New.", "en", "pt").reviewer == "ana"


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
def test_every_older_version_migrates(tmp_path: Path, version: int) -> None:
    path = tmp_path / f"v{version}.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    for step in range(1, version + 1):
        MIGRATIONS[step](conn)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.close()

    with TranslationMemory(path) as tm:
        assert tm.schema_version == SCHEMA_VERSION
    assert _tables(path) == _tables(_fresh(tmp_path))


def _fresh(tmp_path: Path) -> Path:
    path = tmp_path / "fresh.sqlite"
    TranslationMemory(path).close()
    return path
