"""The memory's workbench parts: fuzzy matches, the decision history, concordance search, TMX export and import."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from transpub.cli import main
from transpub.document import Origin
from transpub.errors import TranslationMemoryError
from transpub.memory import concordance, history
from transpub.memory.fuzzy import FuzzyIndex, MatchCandidate, normalise
from transpub.memory.store import MIGRATIONS, TranslationMemory
from transpub.memory.tmx import TmxUnit, import_units, memory_units, read_tmx, write_tmx

APPROVED = MatchCandidate(
    "Member States will fund a new early warning system.",
    "Os Estados-Membros vão financiar um novo sistema de alerta precoce.",
    "approved",
)
MT = MatchCandidate(
    "Member States will fund an early warning system.",
    "Estados-Membros vão financiar um sistema de alerta precoce.",
    "mt",
)
FAR = MatchCandidate(
    "The Fund will train 400 engineers in 2027.", "O Fundo vai formar 400 engenheiros em 2027.", "approved"
)


# ---------------------------------------------------------------------------------------------------- fuzzy


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # approved first even when the MT entry scores higher
        ("Member States will fund an early warning system!", [APPROVED.target, MT.target]),
        # the exact source is the sentence's own entry, never a suggestion
        (MT.source, [APPROVED.target]),
        # below the threshold: nothing
        ("Coastal communities met in Port Elizabeth.", []),
        # inline codes are normalised: other ids and markup cost one mark each
        ('The Fund will train <g id="7">400 engineers</g> in 2027.', [FAR.target]),
    ],
)
def test_fuzzy_matches_order_and_threshold(query: str, expected: list[str]) -> None:
    found = FuzzyIndex([MT, APPROVED, FAR]).matches(query)
    assert [m.target for m in found] == expected
    assert all(0.75 <= m.score <= 1.0 for m in found)


def test_the_threshold_is_configurable() -> None:
    query = "Member States will fund a coastal early warning network."
    loose, strict = FuzzyIndex([APPROVED], threshold=0.6), FuzzyIndex([APPROVED], threshold=0.95)
    assert loose.matches(query) and not strict.matches(query)
    with pytest.raises(ValueError, match="threshold"):
        FuzzyIndex([], threshold=1.5)


def test_codes_normalise_to_marks() -> None:
    assert normalise('<g id="1">a</g> <x id="2"/>') == normalise('<g id="9">a</g> <x id="3"/>')


# ---------------------------------------------------------------------------------------------------- history


@pytest.fixture
def tm(tmp_path: Path) -> Iterator[TranslationMemory]:
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        yield memory


SRC = "Member States met."


def test_every_approval_edit_and_reversal_is_kept(tm: TranslationMemory) -> None:
    tm.store_machine([(SRC, "Estados-Membros reuniram.")], "en", "pt", engine="e", model="m", fingerprints={})
    tm.approve(SRC, "Estados-Membros reuniram.", "en", "pt", reviewer="ana")
    tm.approve(SRC, "Os Estados-Membros reuniram-se.", "en", "pt", reviewer="rui")
    with tm.connection() as conn:
        edit, approve = history.events(conn, SRC, "en", "pt")
    assert (approve.action, approve.reviewer, approve.previous_origin) == ("approve", "ana", "mt")
    assert (edit.action, edit.reviewer, edit.previous, edit.previous_reviewer) == (
        "edit",
        "rui",
        "Estados-Membros reuniram.",
        "ana",
    )

    with tm.connection(write=True) as conn:
        history.revert(conn, edit.id, reviewer="eva", at=history.utc_now())
    entry = tm.lookup(SRC, "en", "pt")
    assert (entry.origin, entry.target, entry.reviewer) == (Origin.APPROVED, "Estados-Membros reuniram.", "ana")
    with tm.connection(write=True) as conn, pytest.raises(TranslationMemoryError, match="only the latest change"):
        history.revert(conn, approve.id, reviewer="eva", at=history.utc_now())
    with tm.connection() as conn:
        latest = history.events(conn, SRC, "en", "pt")[0]
    assert (latest.action, latest.reviewer, latest.target) == ("revert", "eva", "Estados-Membros reuniram.")


def test_reverting_a_first_approval_without_mt_removes_the_entry(tm: TranslationMemory) -> None:
    tm.approve(SRC, "Os Estados-Membros reuniram-se.", "en", "pt", reviewer="ana")
    with tm.connection() as conn:
        (event,) = history.events(conn, SRC, "en", "pt")
    with tm.connection(write=True) as conn:
        history.revert(conn, event.id, reviewer="ana", at=history.utc_now())
    assert tm.lookup(SRC, "en", "pt") is None


def test_reverting_a_first_approval_restores_the_machine_entry(tm: TranslationMemory) -> None:
    tm.store_machine([(SRC, "Estados-Membros reuniram.")], "en", "pt", engine="e", model="m", fingerprints={})
    tm.approve(SRC, "Os Estados-Membros reuniram-se.", "en", "pt", reviewer="ana")
    with tm.connection() as conn:
        (event,) = history.events(conn, SRC, "en", "pt")
    with tm.connection(write=True) as conn:
        history.revert(conn, event.id, reviewer="ana", at=history.utc_now())
    entry = tm.lookup(SRC, "en", "pt")
    assert (entry.origin, entry.target, entry.engine, entry.reviewer) == (
        Origin.MT,
        "Estados-Membros reuniram.",
        "e",
        None,
    )


# ---------------------------------------------------------------------------------------------------- concordance


def _search(tm: TranslationMemory, text: str) -> list[str]:
    with tm.connection() as conn:
        return [h.target for h in concordance.search(conn, text, target_lang="pt")]


def test_concordance_folds_case_and_diacritics_and_takes_prefixes(tm: TranslationMemory) -> None:
    tm.store_machine(
        [("Climate resilience matters.", "A resiliência climática importa.")],
        "en",
        "pt",
        engine="e",
        model="m",
        fingerprints={},
    )
    tm.approve("An early warning system.", "Um sistema de alerta precoce.", "en", "pt", reviewer="ana")
    assert _search(tm, "RESILIENCIA") == ["A resiliência climática importa."]
    assert _search(tm, "alert prec") == ["Um sistema de alerta precoce."]
    assert _search(tm, "warning") == ["Um sistema de alerta precoce."]  # the source side too
    assert _search(tm, '"; DROP TABLE entries; --') == []  # FTS5 syntax is taken literally
    assert _search(tm, "") == []


def test_the_index_follows_every_write(tm: TranslationMemory) -> None:
    tm.store_machine([(SRC, "Estados reuniram.")], "en", "pt", engine="e", model="m", fingerprints={})
    tm.approve(SRC, "Os Estados-Membros reuniram-se.", "en", "pt", reviewer="ana")
    assert _search(tm, "reuniram") == ["Os Estados-Membros reuniram-se."]
    with tm.connection(write=True) as conn:
        conn.execute("DELETE FROM entries")
    assert _search(tm, "reuniram") == []


def test_an_older_memory_gains_an_index_of_its_entries(tmp_path: Path) -> None:
    path = tmp_path / "v3.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    for step in (1, 2, 3):
        MIGRATIONS[step](conn)
    conn.execute("PRAGMA user_version = 3")
    conn.execute(
        "INSERT INTO entries (source, source_lang, target_lang, target, origin, created_at, updated_at)"
        " VALUES ('Coastal communities.', 'en', 'pt', 'Comunidades costeiras.', 'approved', 't', 't')"
    )
    conn.close()
    with TranslationMemory(path) as memory:
        assert _search(memory, "costeiras") == ["Comunidades costeiras."]


# ---------------------------------------------------------------------------------------------------- TMX


def test_tmx_round_trip_keeps_approvals_reviewers_dates_and_codes(tm: TranslationMemory, tmp_path: Path) -> None:
    tm.approve('Read <g id="1">the report</g>.', 'Leia <g id="1">o relatório</g>.', "en", "pt", reviewer="ana")
    tm.store_machine([("Hello.", "Olá.")], "en", "pt", engine="bergamot", model="enpt-1", fingerprints={})
    with tm.connection() as conn:
        units = memory_units(conn, source_lang="en")
    data = write_tmx(units, source_lang="en")
    with TranslationMemory(tmp_path / "other.sqlite") as other:
        with other.connection(write=True) as conn:
            summary = import_units(conn, read_tmx(data), now=history.utc_now())
        assert (summary.written, summary.unchanged, summary.kept) == (2, 0, 0)
        approved = other.lookup('Read <g id="1">the report</g>.', "en", "pt")
        machine = other.lookup("Hello.", "en", "pt")
        with other.connection() as conn:
            (event,) = history.events(conn, 'Read <g id="1">the report</g>.', "en", "pt")
    original = tm.lookup('Read <g id="1">the report</g>.', "en", "pt")
    assert (approved.origin, approved.target, approved.reviewer) == (Origin.APPROVED, original.target, "ana")
    assert approved.updated_at == original.updated_at[:19] + "+00:00"  # TMX dates are to the second
    assert (machine.origin, machine.engine, machine.model) == (Origin.MT, "bergamot", "enpt-1")
    assert (event.action, event.reviewer) == ("import", "ana")


FOREIGN = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="memoQ" creationtoolversion="10" segtype="sentence" o-tmf="memoQ" adminlang="en-US"
          srclang="en-US" datatype="plaintext"/>
  <body>
    <tu changeid="carla" changedate="20261101T090000Z">
      <tuv xml:lang="en-US">
        <seg>See <bpt i="1" x="1">&lt;b&gt;</bpt>the <hi>annex</hi><ept i="1">&lt;/b&gt;</ept>.</seg>
      </tuv>
      <tuv xml:lang="pt-BR"><seg>Veja <bpt i="1" x="1">&lt;b&gt;</bpt>o anexo<ept i="1">&lt;/b&gt;</ept>.</seg></tuv>
    </tu>
  </body>
</tmx>
"""


def test_another_tools_tmx_imports_as_approved_human_work(tm: TranslationMemory) -> None:
    (unit,) = read_tmx(FOREIGN)
    assert (unit.source, unit.target, unit.source_lang, unit.target_lang) == (
        'See <g id="1">the annex</g>.',
        'Veja <g id="1">o anexo</g>.',
        "en-US",
        "pt-BR",
    )
    assert (unit.origin, unit.reviewer, unit.updated_at) == ("approved", "carla", "2026-11-01T09:00:00+00:00")
    assert read_tmx(FOREIGN, default_origin="mt")[0].origin == "mt"


def test_an_import_never_lets_machine_output_replace_an_approval(tm: TranslationMemory) -> None:
    tm.approve("Hello.", "Olá!", "en", "pt", reviewer="ana")
    data = write_tmx([_unit("Hello.", "Oi.", "mt")], source_lang="en")
    with tm.connection(write=True) as conn:
        summary = import_units(conn, read_tmx(data), now=history.utc_now())
    assert (summary.written, summary.kept) == (0, 1)
    assert tm.lookup("Hello.", "en", "pt").target == "Olá!"


def _unit(source: str, target: str, origin: str) -> TmxUnit:
    return TmxUnit(source, target, "en", "pt", origin, None, "2026-01-01T00:00:00+00:00", "2026-01-01T00:00:00+00:00")


HOSTILE = {
    "billion laughs": b'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
    b'<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&b;</seg></tuv></tu></body></tmx>',
    "external entity": b'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&x;</seg></tuv></tu></body></tmx>',
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_xml_is_refused(name: str) -> None:
    with pytest.raises(TranslationMemoryError, match="refused hostile XML"):
        read_tmx(HOSTILE[name], path="evil.tmx")


BAD = {
    "not-xml.tmx": (b"<tmx version='1.4'><header", "malformed XML"),
    "xliff.tmx": (b'<xliff version="2.1"/>', "not a TMX 1.x file"),
    "no-source.tmx": (
        b'<tmx version="1.4"><header srclang="en"/><body>\n'
        b'<tu><tuv xml:lang="pt"><seg>Oi</seg></tuv></tu></body></tmx>',
        "no-source.tmx:2: a <tu> has no <tuv> in its source language",
    ),
    "codes.tmx": (
        b'<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>Read <bpt i="1">x</bpt>it'
        b'<ept i="1">y</ept></seg></tuv><tuv xml:lang="pt"><seg>Leia</seg></tuv></tu></body></tmx>',
        "inline codes differ from the source",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_tmx_file_is_one_error_line(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    data, expected = BAD[name]
    Path(name).write_bytes(data)
    assert main(["memory", "import", name, "--memory", "tm.sqlite"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("transpub: error: ") and name in err and expected in err
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        assert memory.count() == 0


def test_memory_commands_search_export_and_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        memory.approve("An early warning system.", "Um sistema de alerta precoce.", "en", "pt", reviewer="ana")
        memory.approve("An early warning system.", "Un système d'alerte précoce.", "en", "fr", reviewer="luc")
    assert main(["memory", "search", "alerte", "--memory", "tm.sqlite"]) == 0
    out = capsys.readouterr().out
    assert "[fr] An early warning system." in out and "Un système d'alerte précoce." in out and "1 hit(s)" in out
    assert main(["memory", "export", "pt.tmx", "--lang", "pt", "--memory", "tm.sqlite"]) == 0
    assert "wrote pt.tmx: 1 entries (1 approved)" in capsys.readouterr().out
    assert main(["memory", "import", "pt.tmx", "--memory", "new.sqlite"]) == 0
    assert "1 written" in capsys.readouterr().out
    with TranslationMemory(tmp_path / "new.sqlite") as memory:
        entry = memory.lookup("An early warning system.", "en", "pt")
        assert (entry.origin, entry.reviewer) == (Origin.APPROVED, "ana")
        assert memory.count() == 1
