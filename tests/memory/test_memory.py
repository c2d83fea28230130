"""The translation memory: exact reuse, approved entries win, publish state, errors, two writers at once."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import transpub.memory.store as memory_module
from transpub.document import Origin
from transpub.errors import LockedError, TranslationMemoryError
from transpub.memory.reuse import Decision, decide, usable
from transpub.memory.store import SCHEMA_VERSION, LanguageState, MemoryEntry, TranslationMemory

PT_PAIRS = [
    ("The GCRF announced new funding.", "O GCRF anunciou um novo financiamento."),
    ('Read <g id="1">the report</g>.', 'Leia <g id="1">o relatório</g>.'),
    ("Member States met in Port Elizabeth.", "Os Estados-Membros reuniram-se em Port Elizabeth."),
]


@pytest.fixture
def tm(tmp_path: Path):
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        yield memory


def test_new_database_is_current_and_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "tm.sqlite"
    with TranslationMemory(path) as memory:
        assert memory.schema_version == SCHEMA_VERSION
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()


def test_exact_matches_are_found_per_language_pair(tm: TranslationMemory) -> None:
    assert tm.store_machine(PT_PAIRS, "en", "pt", engine="argos", model="en_pt-1.0", fingerprints={}) == 3
    es_pair = (PT_PAIRS[0][0], "El GCRF anunció nueva financiación.")
    tm.store_machine([es_pair], "en", "es", engine="argos", model="en_es-1.0", fingerprints={})

    found = tm.lookup_many([s for s, _ in PT_PAIRS] + ["Not stored."], "en", "pt")

    assert {s: e.target for s, e in found.items()} == dict(PT_PAIRS)
    entry = found[PT_PAIRS[1][0]]
    assert (entry.origin, entry.engine, entry.model, entry.source_lang, entry.target_lang) == (
        Origin.MT,
        "argos",
        "en_pt-1.0",
        "en",
        "pt",
    )
    assert tm.lookup(PT_PAIRS[0][0], "en", "es").target == "El GCRF anunció nueva financiación."
    assert tm.lookup(PT_PAIRS[0][0], "en", "fr") is None
    assert tm.lookup(PT_PAIRS[0][0] + " ", "en", "pt") is None  # exact match only


def test_lookup_many_handles_more_sources_than_one_statement_binds(tm: TranslationMemory) -> None:
    pairs = [(f"Sentence number {i}.", f"Frase número {i}.") for i in range(1_300)]
    tm.store_machine(pairs, "en", "pt", engine="pseudo", model="p1", fingerprints={})

    found = tm.lookup_many([s for s, _ in pairs], "en", "pt")

    assert len(found) == 1_300
    assert found["Sentence number 1299."].target == "Frase número 1299."


def test_machine_output_replaces_machine_output_and_keeps_created_at(tm: TranslationMemory) -> None:
    source = PT_PAIRS[0][0]
    tm.store_machine([(source, "old")], "en", "pt", engine="argos", model="m1", fingerprints={source: "f1"})
    first = tm.lookup(source, "en", "pt")

    written = tm.store_machine(
        [(source, "new")], "en", "pt", engine="bergamot", model="m2", fingerprints={source: "f2"}
    )

    second = tm.lookup(source, "en", "pt")
    assert written == 1
    assert (second.target, second.engine, second.model, second.fingerprint) == ("new", "bergamot", "m2", "f2")
    assert second.created_at == first.created_at
    assert second.updated_at > first.updated_at


def test_machine_output_never_overwrites_an_approved_entry(tm: TranslationMemory) -> None:
    source = PT_PAIRS[2][0]
    tm.store_machine([(source, "machine")], "en", "pt", engine="argos", model="m1", fingerprints={})
    approved = tm.approve(source, "Os Estados-Membros reuniram-se.", "en", "pt", reviewer="ana.souza")

    written = tm.store_machine(
        [(source, "machine again"), (PT_PAIRS[0][0], PT_PAIRS[0][1])],
        "en",
        "pt",
        engine="bergamot",
        model="m9",
        fingerprints={source: "changed"},
    )

    assert written == 1  # only the new, unapproved source
    assert tm.lookup(source, "en", "pt") == approved
    assert (approved.origin, approved.reviewer, approved.target) == (
        Origin.APPROVED,
        "ana.souza",
        "Os Estados-Membros reuniram-se.",
    )


def test_approve_records_a_new_wording_and_reviewer(tm: TranslationMemory) -> None:
    source = PT_PAIRS[0][0]
    tm.approve(source, "first wording", "en", "pt", reviewer="ana")
    again = tm.approve(source, "second wording", "en", "pt", reviewer="joão")

    assert (again.target, again.reviewer, again.origin) == ("second wording", "joão", Origin.APPROVED)
    assert tm.approved_for_source(source, "en", "pt") == again
    assert tm.count("pt") == 1


def test_approved_for_source_ignores_machine_entries(tm: TranslationMemory) -> None:
    tm.store_machine(PT_PAIRS[:1], "en", "pt", engine="argos", model="m1", fingerprints={})
    assert tm.approved_for_source(PT_PAIRS[0][0], "en", "pt") is None


def test_a_failed_write_stores_nothing(tm: TranslationMemory) -> None:
    with pytest.raises(TranslationMemoryError, match="nothing stored") as caught:
        tm.store_machine([("a", "x"), ("b", None)], "en", "pt", engine="e", model="m", fingerprints={})
    assert caught.value.path == str(tm.path)
    assert tm.count() == 0


def test_count_by_language_and_origin(tm: TranslationMemory) -> None:
    tm.store_machine(PT_PAIRS, "en", "pt", engine="argos", model="m1", fingerprints={})
    tm.store_machine(PT_PAIRS[:1], "en", "es", engine="argos", model="m1", fingerprints={})
    tm.approve(PT_PAIRS[1][0], "aprovado", "en", "pt")

    assert (tm.count(), tm.count("pt"), tm.count("es")) == (4, 3, 1)
    assert (tm.count("pt", origin=Origin.APPROVED), tm.count(origin=Origin.MT)) == (1, 3)


# -- reuse policy ------------------------------------------------------------------------------------------


def _entry(origin: Origin, engine: str | None = "argos", model: str | None = "m1", fp: str | None = "f1"):
    return MemoryEntry("src", "tgt", "en", "pt", origin, engine, model, fp, None, "t", "t")


@pytest.mark.parametrize(
    ("entry", "engine", "model", "fingerprint", "expected"),
    [
        (None, "argos", "m1", "f1", Decision.TRANSLATE),
        (_entry(Origin.MT), "argos", "m1", "f1", Decision.REUSE),
        (_entry(Origin.MT), "bergamot", "m1", "f1", Decision.REFRESH),  # engine changed
        (_entry(Origin.MT), "argos", "m2", "f1", Decision.REFRESH),  # model changed
        (_entry(Origin.MT), "argos", "m1", "f2", Decision.REFRESH),  # glossary entry for a term changed
        (_entry(Origin.MT, fp=None), "argos", "m1", None, Decision.REUSE),  # no glossary, then or now
        (_entry(Origin.MT, fp=None), "argos", "m1", "", Decision.REUSE),  # "" and None both mean no terms
        (_entry(Origin.MT, fp=""), "argos", "m1", None, Decision.REUSE),
        (_entry(Origin.MT, fp=None), "argos", "m1", "f1", Decision.REFRESH),  # a glossary now covers it
        (_entry(Origin.APPROVED, None, None, None), "bergamot", "m9", "f9", Decision.REUSE),
        (_entry(Origin.APPROVED), "argos", "m1", "f1", Decision.REUSE),
    ],
)
def test_reuse_policy(entry, engine, model, fingerprint, expected) -> None:
    assert decide(entry, engine=engine, model=model, fingerprint=fingerprint) is expected
    assert usable(entry, engine=engine, model=model, fingerprint=fingerprint) is (expected is Decision.REUSE)


# -- publish state -----------------------------------------------------------------------------------------


def _record(tm: TranslationMemory, slug: str, segments: dict[str, str], content_hash: str = "h1", languages=None):
    return tm.record_publish(
        slug,
        source_path=f"releases/{slug}.md",
        content_hash=content_hash,
        glossary_version="g1",
        languages=languages or {"pt": ("argos", "en_pt-1.0"), "ar": ("bergamot", "en_ar-2")},
        segments=segments,
    )


def test_publish_state_round_trips(tm: TranslationMemory) -> None:
    assert tm.published_state("gcrf-fund") is None
    recorded = _record(tm, "gcrf-fund", {"title": "GCRF fund", "b1.s1": "First.", "b1.s2": "Second."})

    state = tm.published_state("gcrf-fund")

    assert state == recorded
    assert (state.source_path, state.content_hash, state.glossary_version) == (
        "releases/gcrf-fund.md",
        "h1",
        "g1",
    )
    assert dict(state.languages) == {
        "ar": LanguageState("bergamot", "en_ar-2", "h1", "g1", state.published_at),
        "pt": LanguageState("argos", "en_pt-1.0", "h1", "g1", state.published_at),
    }
    assert dict(state.segments) == {"title": "GCRF fund", "b1.s1": "First.", "b1.s2": "Second."}


def test_publishing_some_languages_keeps_the_records_of_the_others(tm: TranslationMemory) -> None:
    first = _record(tm, "gcrf-fund", {"title": "Old"})
    second = _record(tm, "gcrf-fund", {"title": "New"}, content_hash="h2", languages={"pt": ("argos", "en_pt-1.1")})

    assert second == tm.published_state("gcrf-fund")
    assert second.content_hash == "h2"
    assert second.languages["pt"] == LanguageState("argos", "en_pt-1.1", "h2", "g1", second.published_at)
    assert second.languages["ar"] == first.languages["ar"]  # still the old content: visibly out of date


def test_approved_since_counts_only_newer_approvals_of_the_given_sources(tm: TranslationMemory) -> None:
    tm.approve("First.", "Primeiro.", "en", "pt")
    mark = tm.lookup("First.", "en", "pt").updated_at
    tm.approve("Second.", "Segundo.", "en", "pt")
    tm.approve("Third.", "Terceiro.", "en", "pt")
    tm.store_machine([("Fourth.", "Quarto.")], "en", "pt", engine="argos", model="m", fingerprints={})

    assert tm.approved_since(["First.", "Second.", "Fourth."], "en", "pt", mark) == 1
    assert tm.approved_since(["First.", "Second.", "Third."], "en", "pt", "") == 3
    assert tm.approved_since(["Second."], "en", "es", "") == 0


def test_record_publish_replaces_the_previous_record(tm: TranslationMemory) -> None:
    _record(tm, "gcrf-fund", {"title": "Old", "b1.s1": "Gone.", "b1.s2": "Kept."})
    _record(tm, "gcrf-fund", {"title": "New", "b1.s2": "Kept."}, content_hash="h2")

    state = tm.published_state("gcrf-fund")

    assert state.content_hash == "h2"
    assert dict(state.segments) == {"title": "New", "b1.s2": "Kept."}


def test_forget_release_drops_only_its_record(tm: TranslationMemory) -> None:
    _record(tm, "a-release", {"title": "A"})
    _record(tm, "b-release", {"title": "B"})
    tm.store_machine([("A", "A-pt")], "en", "pt", engine="argos", model="m", fingerprints={})

    assert tm.published_slugs() == ("a-release", "b-release")
    assert tm.forget_release("a-release") is True
    assert tm.forget_release("a-release") is False
    assert tm.published_slugs() == ("b-release",)
    assert tm.published_state("a-release") is None
    assert tm.lookup("A", "en", "pt").target == "A-pt"  # memory entries outlive the page


def test_stale_approvals_suggest_the_old_approved_wording(tm: TranslationMemory) -> None:
    old = {"title": "Fund opens", "b1.s1": "The fund opens today.", "b1.s2": "Amara Okafor spoke."}
    _record(tm, "gcrf-fund", old)
    approved = tm.approve("The fund opens today.", "O fundo abre hoje.", "en", "pt", reviewer="ana")
    tm.approve("Amara Okafor spoke.", "Amara Okafor discursou.", "en", "pt", reviewer="ana")
    tm.approve("Fund opens", "Fundo abre", "en", "pt")
    tm.approve("Fund opens now", "Fundo abre agora", "en", "pt")  # the new title is already approved

    current = {
        "title": "Fund opens now",
        "b1.s1": "The fund opens tomorrow.",
        "b1.s2": "Amara Okafor spoke.",
        "b2.s1": "A new sentence.",
    }

    assert tm.stale_approvals("gcrf-fund", current, "en", "pt") == {"b1.s1": approved}
    assert tm.stale_approvals("gcrf-fund", current, "en", "es") == {}
    assert tm.stale_approvals("never-published", current, "en", "pt") == {}


# -- errors ------------------------------------------------------------------------------------------------


def test_a_write_that_cannot_get_the_lock_in_time_raises_locked_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(memory_module, "BUSY_TIMEOUT_S", 0.2)
    path = tmp_path / "tm.sqlite"
    holder = sqlite3.connect(path, isolation_level=None)
    with TranslationMemory(path) as tm:
        holder.execute("BEGIN IMMEDIATE")  # another publisher in the middle of a long write
        try:
            with pytest.raises(LockedError, match="stayed locked") as caught:
                tm.approve("Hello.", "Olá.", "en", "pt")
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert caught.value.path == str(path)
        assert tm.approve("Hello.", "Olá.", "en", "pt").target == "Olá."  # the lock is free again


def test_opening_waits_for_a_write_in_progress_on_a_file_not_yet_in_wal_mode(tmp_path: Path) -> None:
    # SQLite refuses the switch to WAL at once while another connection writes; opening must wait instead.
    path = tmp_path / "tm.sqlite"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE scratch (x)")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO scratch VALUES (1)")
    release = threading.Timer(0.5, holder.execute, args=("COMMIT",))
    release.start()
    try:
        with TranslationMemory(path) as tm:
            assert tm.schema_version == SCHEMA_VERSION
    finally:
        release.join()
        holder.close()


def test_a_file_that_is_not_sqlite_is_refused_with_its_path(tmp_path: Path) -> None:
    path = tmp_path / "tm.sqlite"
    path.write_bytes(b"this is a glossary, not a database\n" * 100)
    with pytest.raises(TranslationMemoryError) as caught:
        TranslationMemory(path)
    assert caught.value.path == str(path)


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "tm.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(TranslationMemoryError, match="newer") as caught:
        TranslationMemory(path)
    assert caught.value.value == SCHEMA_VERSION + 1


# -- two processes at once ---------------------------------------------------------------------------------


# Each writer is a separate Python process, as two `transpub publish` runs would be.
WRITER = """
import sys
from transpub.memory.store import TranslationMemory

path, tag, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
with TranslationMemory(path) as memory:
    for i in range(count):
        source = f"{tag} sentence {i}."
        memory.store_machine([(source, f"{tag} frase {i}.")], "en", "pt", engine="e", model="m",
                             fingerprints={})
        memory.record_publish(
            f"{tag}-{i % 5}", source_path=f"{tag}.md", content_hash=str(i), glossary_version=None,
            languages={"pt": ("e", "m")}, segments={"b1.s1": source},
        )
        if i % 10 == 0:
            memory.approve(f"shared {i}.", f"{tag} {i}", "en", "pt", reviewer=tag)
"""


def _run_writers(path: Path, count: int) -> None:
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), tag, str(count)], stderr=subprocess.PIPE)
        for tag in ("alpha", "beta")
    ]
    errors = [proc.communicate(timeout=120)[1].decode() for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], errors


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "tm.sqlite"
    TranslationMemory(path).close()  # both writers find the schema in place, as in a real deployment
    _run_writers(path, 150)

    with TranslationMemory(path) as memory:
        assert memory.count(origin=Origin.MT) == 300
        assert memory.count(origin=Origin.APPROVED) == 15
        found = memory.lookup_many([f"{t} sentence {i}." for t in ("alpha", "beta") for i in range(150)], "en", "pt")
        assert len(found) == 300
        assert memory.published_slugs() == tuple(sorted(f"{t}-{n}" for t in ("alpha", "beta") for n in range(5)))


def test_two_processes_creating_a_new_database_at_once_both_succeed(tmp_path: Path) -> None:
    path = tmp_path / "fresh.sqlite"
    _run_writers(path, 5)
    with TranslationMemory(path) as memory:
        assert memory.count(origin=Origin.MT) == 10
