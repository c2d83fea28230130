"""XLIFF 2.1: writing, reading back, and refusing malformed or hostile files."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transpub.document import InlineCode
from transpub.errors import ReviewError
from transpub.review.xliff import XLIFF_NS, Note, State, XliffDocument, XliffUnit, read_xliff, write_xliff
from transpub.text import tagged

DATA = Path(__file__).parents[1] / "data" / "xliff"
NS = {"x": XLIFF_NS}

CODES = (
    InlineCode("1", '<a href="https://gcrf.example.org/report?a=1&amp;b=2">', "</a>"),
    InlineCode("2", "<em>", "</em>"),
    InlineCode("3", "<br>"),
)


def doc_with(*units: XliffUnit, trg_lang: str = "pt", notes: tuple[Note, ...] = ()) -> XliffDocument:
    return XliffDocument("gcrf-coastal-horizons", "news/gcrf.md", "en", trg_lang, units, notes)


# (source, target) pairs of tagged text covering what segments hold: plain text, paired and nested codes,
# standalone codes, escaped markup characters, quotes, right-to-left and non-Latin scripts.
ROUND_TRIPS = [
    ("The GCRF launches the Coastal Horizons Initiative.", "O GCRF lança a Coastal Horizons Initiative."),
    (
        'Read <g id="1">the <g id="2">full</g> report</g>.<x id="3"/>',
        'Leia <g id="1">o relatório <g id="2">completo</g></g>.<x id="3"/>',
    ),
    ("Fish &amp; chips &lt;3 &gt; 2 \"quoted\" 'single'", "Peixe &amp; batatas &lt;3 &gt; 2 «citado» 'simples'"),
    ('<x id="3"/>Amara Okafor said.', '<x id="3"/>قالت أمارا أوكافور.'),
    ("Member States", "الدول الأعضاء"),
    ("  leading and trailing spaces  ", "  espaços  "),
]


@pytest.mark.parametrize(("source", "target"), ROUND_TRIPS)
def test_tagged_text_survives_a_round_trip(source: str, target: str) -> None:
    unit = XliffUnit("b1.s1", source, target, State.TRANSLATED, codes=CODES)
    back = read_xliff(write_xliff(doc_with(unit))).units[0]
    assert (back.source, back.target, back.state) == (source, target, "translated")


def test_written_file_is_xliff_2_1_with_codes_notes_and_original_data() -> None:
    unit = XliffUnit(
        "b3.s2",
        'Read <g id="1">the report</g>.<x id="3"/>',
        'Leia <g id="1">o relatório</g>.<x id="3"/>',
        State.TRANSLATED,
        codes=(CODES[0], CODES[2]),
        notes=(Note("context", "body"), Note("flag", "critical: glossary-keep: GCRF", 1)),
    )
    root = ET.fromstring(write_xliff(doc_with(unit, notes=(Note("reviewer", "Beatriz Souza"),))))
    assert root.tag == f"{{{XLIFF_NS}}}xliff"
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.1", "en", "pt")
    file_el = root.find("x:file", NS)
    assert (file_el.get("id"), file_el.get("original")) == ("gcrf-coastal-horizons", "news/gcrf.md")
    assert file_el.find("x:notes/x:note", NS).text == "Beatriz Souza"
    unit_el = file_el.find("x:unit", NS)
    assert unit_el.get("id") == "b3.s2"
    assert [(n.get("category"), n.get("priority"), n.text) for n in unit_el.findall("x:notes/x:note", NS)] == [
        ("context", None, "body"),
        ("flag", "1", "critical: glossary-keep: GCRF"),
    ]
    data = {d.get("id"): d.text for d in unit_el.findall("x:originalData/x:data", NS)}
    pc = unit_el.find("x:segment/x:source/x:pc", NS)
    ph = unit_el.find("x:segment/x:source/x:ph", NS)
    assert data[pc.get("dataRefStart")] == '<a href="https://gcrf.example.org/report?a=1&amp;b=2">'
    assert data[pc.get("dataRefEnd")] == "</a>"
    assert data[ph.get("dataRef")] == "<br>"
    assert unit_el.find("x:segment", NS).get("state") == "translated"


def test_a_unit_without_target_has_no_target_element() -> None:
    data = write_xliff(doc_with(XliffUnit("title", "Hello", None, State.INITIAL)))
    assert b"<target" not in data
    assert read_xliff(data).units[0].target is None


def test_a_cat_tool_file_is_read_with_annotations_unwrapped_and_reviewers() -> None:
    doc = read_xliff((DATA / "cat-tool.xlf").read_bytes())
    assert (doc.slug, doc.src_lang, doc.trg_lang, doc.reviewer) == (
        "gcrf-coastal-horizons",
        "en",
        "pt-BR",
        "Beatriz Souza",
    )
    first, second, third = doc.units
    assert first.target == 'O <g id="1">GCRF</g> investe em resiliência climática.<x id="2"/>'
    assert first.reviewer is None  # falls back to the file's reviewer when applied
    assert second.reviewer == "Carlos Lima"
    assert second.source == "Member States agreed &amp; signed."
    assert [State(u.state).approved for u in doc.units] == [True, True, False]
    assert third.notes == ()


@pytest.mark.parametrize("name", ["billion-laughs.xlf", "external-entity.xlf", "external-dtd.xlf"])
def test_hostile_xml_is_refused_naming_the_file(name: str) -> None:
    path = DATA / name
    with pytest.raises(ReviewError) as info:
        read_xliff(path.read_bytes(), path=path)
    assert str(path) in str(info.value)
    assert "hostile XML" in info.value.message
    assert "root:" not in str(info.value)  # nothing of /etc/passwd leaked into the message


def test_malformed_xml_is_refused_with_file_and_line() -> None:
    path = DATA / "malformed.xlf"
    with pytest.raises(ReviewError) as info:
        read_xliff(path.read_bytes(), path=path)
    assert info.value.path == str(path)
    assert info.value.line == 7
    assert str(info.value).startswith(f"{path}:7: malformed XML")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ((DATA / "xliff12.xlf").read_bytes(), "not an XLIFF 2 file"),
        (
            b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="3.0" srcLang="en" trgLang="pt">'
            b'<file id="a"/></xliff>',
            "unsupported XLIFF version",
        ),
        (
            b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en"><file id="a"/></xliff>',
            "srcLang and trgLang are required",
        ),
        (
            b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en" trgLang="pt">'
            b'<file id="a"/><file id="b"/></xliff>',
            "exactly one <file>",
        ),
        (
            b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en" trgLang="pt">'
            b'<file id="a"><unit id="u1"><segment><source>a <sc id="1"/>b</source></segment></unit></file></xliff>',
            "unit u1: unsupported inline element",
        ),
        (
            b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en" trgLang="pt">'
            b'<file id="a"><unit id="u1"><segment><source>a</source></segment></unit>'
            b'<unit id="u1"><segment><source>b</source></segment></unit></file></xliff>',
            "duplicate unit ids",
        ),
        (
            b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en" trgLang="pt">'
            b'<file id="a"><unit id="u1"><segment><source>a <ph id="x y"/></source></segment></unit></file></xliff>',
            "inline code id",
        ),
        (
            b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en" trgLang="pt">'
            b'<file id="a"><unit id="u1"><segment><target>a</target></segment></unit></file></xliff>',
            "unit u1 has no <source>",
        ),
    ],
)
def test_files_that_are_not_usable_xliff_2_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(ReviewError, match=message):
        read_xliff(data, path="in.xlf")


# Tagged text built from random tokens: text in any script (minus what XML 1.0 cannot carry, and CR, which XML
# parsers normalise), paired codes that nest, standalone codes.
_xml_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    max_size=12,
)


@st.composite
def tagged_texts(draw: st.DrawFn) -> str:
    counter = iter(range(1, 1000))

    def build(depth: int) -> str:
        parts = []
        for _ in range(draw(st.integers(0, 3))):
            kind = draw(st.sampled_from(["text", "pair", "single"] if depth < 3 else ["text", "single"]))
            if kind == "text":
                parts.append(tagged.escape(draw(_xml_text)))
            elif kind == "pair":
                parts.append(f'<g id="{next(counter)}">{build(depth + 1)}</g>')
            else:
                parts.append(f'<x id="{next(counter)}"/>')
        return "".join(parts)

    return build(0)


@given(tagged_texts())
def test_any_tagged_text_round_trips(text: str) -> None:
    back = read_xliff(write_xliff(doc_with(XliffUnit("u", text, text, State.REVIEWED)))).units[0]
    assert back.source == tagged.serialize(tagged.parse(text))
    assert back.target == back.source
