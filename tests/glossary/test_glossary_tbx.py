"""TBX glossaries: TBX v3 and TBX-Basic (v2), statuses, keep-terms, and refusing malformed or hostile XML."""

from __future__ import annotations

from pathlib import Path

import pytest

from transpub.errors import GlossaryError
from transpub.glossary import TermKind, load_glossaries, read_glossary

REPO = Path(__file__).resolve().parents[1].parent
TARGETS = ["pt", "es", "fr", "ar"]

V2 = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en">
  <text><body>
    <termEntry id="e1">
      <langSet xml:lang="en"><tig><term>early warning system</term></tig></langSet>
      <langSet xml:lang="pt-BR">
        <tig><term>sistema de aviso prévio</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
        <tig><term>sistema de alerta precoce</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
      </langSet>
      <langSet xml:lang="de"><tig><term>Frühwarnsystem</term></tig></langSet>
    </termEntry>
    <termEntry id="e2">
      <langSet xml:lang="en"><ntig><termGrp><term>Tidewatch</term></termGrp></ntig></langSet>
      <langSet xml:lang="pt"><ntig><termGrp><term>Tidewatch</term></termGrp></ntig></langSet>
    </termEntry>
    <termEntry id="e3">
      <langSet xml:lang="en"><tig><term>UNICEF</term><termNote type="translate">no</termNote></tig></langSet>
      <langSet xml:lang="fr"><tig><term>Fonds des Nations unies pour l'enfance</term></tig></langSet>
    </termEntry>
  </body></text>
</martif>
"""


def write(tmp_path: Path, text: str, name: str = "g.tbx") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_tbx_equals_bundled_csv():
    csv = load_glossaries([REPO / "glossaries" / "gcrf.csv"], source="en", targets=TARGETS)
    tbx = load_glossaries([REPO / "glossaries" / "gcrf.tbx"], source="en", targets=TARGETS)
    assert tbx.version == csv.version
    assert [(e.source, e.kind, e.note) for e in tbx.entries] == [(e.source, e.kind, e.note) for e in csv.entries]
    assert tbx.entries[0].origin.endswith("gcrf.tbx#c1")


def test_tbx_basic_v2_statuses_and_keep(tmp_path):
    entries = read_glossary(write(tmp_path, V2), source="en", targets=["pt", "fr"])
    by = {(e.source, e.kind): e for e in entries}
    ews = by[("early warning system", TermKind.TRANSLATE)]
    assert ews.target("pt") == "sistema de alerta precoce"  # preferred wins over the deprecated one listed first
    assert "de" not in ews.targets  # not a target of this run
    assert by[("early warning system", TermKind.FORBIDDEN)].forbidden_words("pt") == ("sistema de aviso prévio",)
    assert by[("Tidewatch", TermKind.KEEP)].target("pt") == "Tidewatch"  # identical in every language
    assert ("UNICEF", TermKind.KEEP) in by  # marked translate=no
    assert by[("UNICEF", TermKind.KEEP)].case_sensitive is True


def test_tbx_v3_namespaced_termsec(tmp_path):
    text = """<tbx type="TBX-Core" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
      <text><body>
        <conceptEntry id="c7">
          <langSec xml:lang="en"><termSec><term>Member States</term></termSec></langSec>
          <langSec xml:lang="es"><termSec><term>Estados Miembros</term>
            <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec></langSec>
        </conceptEntry>
      </body></text></tbx>"""
    (entry,) = read_glossary(write(tmp_path, text), source="en", targets=["es"])
    assert (entry.kind, entry.target("es"), entry.origin) == (
        TermKind.TRANSLATE,
        "Estados Miembros",
        f"{tmp_path}/g.tbx#c7",
    )


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<martif><text><body><termEntry id="x"><langSet xml:lang="en"><tig><term>&lol3;</term></tig></langSet>
</termEntry></body></text></martif>"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE martif [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<martif><text><body><termEntry id="x"><langSet xml:lang="en"><tig><term>&secret;</term></tig></langSet>
</termEntry></body></text></martif>"""

DTD_ONLY = """<?xml version="1.0"?>
<!DOCTYPE martif SYSTEM "http://example.org/TBXcoreStructV02.dtd">
<martif><text><body/></text></martif>"""

BAD_TBX = [
    ("billion laughs", BILLION_LAUGHS, "refused hostile or unsafe XML", None),
    ("external entity", XXE, "refused hostile or unsafe XML", None),
    ("external DTD", DTD_ONLY, "refused hostile or unsafe XML", None),
    ("malformed", "<martif>\n<text>\n<body>\n</text></martif>", "malformed TBX", 4),
    ("not TBX", "<glossary><term>x</term></glossary>", "not a TBX file", None),
    ("no entries", "<martif><text><body/></text></martif>", "has no termEntry", None),
    (
        "no source term",
        '<martif><text><body><termEntry id="e1"><langSet xml:lang="en"><tig><term>y</term></tig></langSet>'
        '</termEntry><termEntry id="e9"><langSet xml:lang="pt"><tig><term>x</term></tig></langSet>'
        "</termEntry></body></text></martif>",
        "entry e9: no en term",
        None,
    ),
    (
        "no source language at all",
        '<martif><text><body><termEntry id="e9"><langSet xml:lang="pt"><tig><term>x</term></tig></langSet>'
        "</termEntry></body></text></martif>",
        "glossary has no terms in en, the source language of this run; it covers pt",
        None,
    ),
    (
        "no target language of the run",
        '<martif><text><body><termEntry id="e1"><langSet xml:lang="en"><tig><term>climate</term></tig></langSet>'
        '<langSet xml:lang="de"><tig><term>Klima</term></tig></langSet></termEntry>'
        '<termEntry id="e2"><langSet xml:lang="en"><tig><term>fund</term></tig></langSet>'
        '<langSet xml:lang="fr"><tig><term>fonds</term></tig></langSet></termEntry></body></text></martif>',
        "glossary covers de, fr, not any language of this run (pt)",
        None,
    ),
    (
        "bad status",
        '<martif><text><body><termEntry id="e4"><langSet xml:lang="en"><tig><term>x</term>'
        '<termNote type="administrativeStatus">obsoleteTerm-admn-sts</termNote></tig></langSet>'
        "</termEntry></body></text></martif>",
        "entry e4: unknown administrativeStatus",
        None,
    ),
    (
        "bad language",
        '<martif><text><body><termEntry id="e5"><langSet xml:lang="english"><tig><term>x</term></tig></langSet>'
        "</termEntry></body></text></martif>",
        "entry e5: bad xml:lang",
        None,
    ),
    (
        "empty term",
        '<martif><text><body><termEntry id="e6"><langSet xml:lang="en"><tig><term> </term></tig></langSet>'
        "</termEntry></body></text></martif>",
        "entry e6: empty <term>",
        None,
    ),
    (
        "duplicate term",
        '<martif><text><body><termEntry id="a"><langSet xml:lang="en"><tig><term>GCRF</term></tig></langSet>'
        '</termEntry><termEntry id="b"><langSet xml:lang="en"><tig><term>GCRF</term></tig></langSet>'
        "</termEntry></body></text></martif>",
        "entry b: term is already defined in entry a",
        None,
    ),
]


@pytest.mark.parametrize(("name", "text", "message", "line"), BAD_TBX, ids=[c[0] for c in BAD_TBX])
def test_tbx_errors(tmp_path, name, text, message, line):
    path = write(tmp_path, text)
    with pytest.raises(GlossaryError) as info:
        read_glossary(path, source="en", targets=["pt"])
    assert message in str(info.value)
    assert info.value.path == str(path)
    assert info.value.line == line


def test_hostile_xml_never_expands(tmp_path):
    path = write(tmp_path, XXE)
    with pytest.raises(GlossaryError) as info:
        read_glossary(path, source="en", targets=["pt"])
    assert "root:" not in str(info.value)
    assert "EntitiesForbidden" in str(info.value) or "DTDForbidden" in str(info.value)


def test_tbx_with_extra_languages_loads_for_a_run_into_one_of_them(tmp_path):
    """A shared TBX naming more languages than the run is fine as long as one target of the run is covered."""
    entries = read_glossary(write(tmp_path, V2), source="en", targets=["de"])
    by = {(e.source, e.kind): e for e in entries}
    assert by[("early warning system", TermKind.TRANSLATE)].target("de") == "Frühwarnsystem"
    assert ("UNICEF", TermKind.KEEP) in by  # a concept without a de term still applies
