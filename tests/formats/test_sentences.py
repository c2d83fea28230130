"""The rule-based sentence splitter, on plain text and on tagged text."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transpub.text.sentences import Piece, split_sentences, split_tagged
from transpub.text.tagged import Text, parse

SPLITS = [
    ("Mr. Smith met Mrs. Jones. They talked.", ["Mr. Smith met Mrs. Jones.", "They talked."]),
    ("Dr. Okafor and Prof. Lee spoke. Then they left.", ["Dr. Okafor and Prof. Lee spoke.", "Then they left."]),
    ("The U.S. and the U.N. agreed. Next.", ["The U.S. and the U.N. agreed.", "Next."]),
    ("Read No. 5 today. Then go.", ["Read No. 5 today.", "Then go."]),
    ("Use tools, i.e. boats, e.g. Tidewatch. Done.", ["Use tools, i.e. boats, e.g. Tidewatch.", "Done."]),
    ("Nets, boats, etc. and more. Done.", ["Nets, boats, etc. and more.", "Done."]),
    ("Nets, boats, etc. The fund paid.", ["Nets, boats, etc.", "The fund paid."]),
    ("On Jan. 12 it opened. Fine.", ["On Jan. 12 it opened.", "Fine."]),
    ("J. K. Rowling wrote it. Yes.", ["J. K. Rowling wrote it.", "Yes."]),
    ("Photo: GCRF/L. Mbeki. Next.", ["Photo: GCRF/L. Mbeki.", "Next."]),
    ("It rose 3.5 per cent. Good.", ["It rose 3.5 per cent.", "Good."]),
    ("Wait... what happened? Nothing.", ["Wait... what happened?", "Nothing."]),
    ("He paused… Then he left.", ["He paused…", "Then he left."]),
    ('"Yes." He said so.', ['"Yes."', "He said so."]),
    ("“Ten sessions were held,” he said. Next.", ["“Ten sessions were held,” he said.", "Next."]),
    ("“It works.” She smiled.", ["“It works.”", "She smiled."]),
    ("Really? Yes! Great.", ["Really?", "Yes!", "Great."]),
    ('"Why?" asked Okafor.', ['"Why?" asked Okafor.']),
    ("The sea rose. 200 people left.", ["The sea rose.", "200 people left."]),
    ("The fund grew. (It did.) Yes.", ["The fund grew.", "(It did.)", "Yes."]),
    ("Ends here.\nNext line starts.", ["Ends here.", "Next line starts."]),
    ("No space.Here it stays.", ["No space.Here it stays."]),
    ("Ends.\xa0A no-break space joins.", ["Ends.\xa0A no-break space joins."]),
    ("Done. مرحبا بكم.", ["Done.", "مرحبا بكم."]),
    ("said Mr Vitorino. Next.", ["said Mr Vitorino.", "Next."]),
    ("Costs fell . . . slowly.", ["Costs fell . . . slowly."]),
    ("  Edges trimmed.  ", ["Edges trimmed."]),
    ("", []),
    ("   \n ", []),
]


@pytest.mark.parametrize(("text", "expected"), SPLITS)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def texts(pieces: tuple[Piece, ...]) -> list[tuple[bool, str]]:
    return [(p.sentence, p.text) for p in pieces]


TAGGED = [
    (
        '<g id="1">One. Two.</g>',
        set(),
        [(False, '<g id="1">'), (True, "One."), (False, " "), (True, "Two."), (False, "</g>")],
    ),
    (
        'Read <g id="1">this. And</g> that. Done.',
        set(),
        [(True, 'Read <g id="1">this. And</g> that.'), (False, " "), (True, "Done.")],
    ),
    ('Run <x id="1"/>. Then go.', set(), [(True, 'Run <x id="1"/>.'), (False, " "), (True, "Then go.")]),
    ("  Hello.  World.\n", set(), [(False, "  "), (True, "Hello."), (False, "  "), (True, "World."), (False, "\n")]),
    (
        'Works!<x id="1"/> Next.',
        {"1"},
        [(True, "Works!"), (False, '<x id="1"/> '), (True, "Next.")],
    ),
    ('<x id="1"/> is the tool.', set(), [(True, '<x id="1"/> is the tool.')]),
    (
        '<g id="1">Read more.</g> Next one.',
        set(),
        [(False, '<g id="1">'), (True, "Read more."), (False, "</g> "), (True, "Next one.")],
    ),
    ('<g id="1"></g>Title <g id="2">text</g>', set(), [(False, '<g id="1"></g>'), (True, 'Title <g id="2">text</g>')]),
    ('<x id="1"/> — <x id="2"/>', set(), [(False, '<x id="1"/> — <x id="2"/>')]),
    (
        "Fish &amp; chips. Then &lt;b&gt; stays.",
        set(),
        [(True, "Fish &amp; chips."), (False, " "), (True, "Then &lt;b&gt; stays.")],
    ),
]


@pytest.mark.parametrize(("tagged", "movable", "expected"), TAGGED)
def test_split_tagged(tagged: str, movable: set[str], expected: list[tuple[bool, str]]) -> None:
    assert texts(split_tagged(tagged, movable=movable)) == expected


def test_split_tagged_never_breaks_inside_a_paired_code() -> None:
    pieces = split_tagged('A <g id="1">b. C. D.</g> e. F <g id="2">g.</g> H.')
    assert [p.text for p in pieces if p.sentence] == ['A <g id="1">b. C. D.</g> e.', 'F <g id="2">g.</g>', "H."]


# Tagged text built from random words, marks, whitespace and codes.
@st.composite
def tagged_texts(draw: st.DrawFn) -> str:
    parts: list[str] = []
    next_id = 1
    depth = 0
    for _ in range(draw(st.integers(0, 14))):
        kind = draw(st.sampled_from(["word", "word", "mark", "space", "open", "close", "x"]))
        if kind == "word":
            parts.append(draw(st.sampled_from(["One", "two", "Mr", "U.S", "3.5", "Tidewatch", "&amp;", "é", "你好"])))
        elif kind == "mark":
            parts.append(draw(st.sampled_from([".", "?", "!", "…", '"', "”", ")", ","])))
        elif kind == "space":
            parts.append(draw(st.sampled_from([" ", "  ", "\n", "\t"])))
        elif kind == "open":
            parts.append(f'<g id="{next_id}">')
            next_id += 1
            depth += 1
        elif kind == "close" and depth:
            parts.append("</g>")
            depth -= 1
        elif kind == "x":
            parts.append(f'<x id="{next_id}"/>')
            next_id += 1
    parts.append("</g>" * depth)
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(tagged_texts(), st.booleans())
def test_split_tagged_pieces_rebuild_the_text_and_are_well_formed(tagged: str, move_all: bool) -> None:
    movable = {str(i) for i in range(1, 30)} if move_all else set()
    pieces = split_tagged(tagged, movable=movable)
    assert "".join(p.text for p in pieces) == tagged
    for piece in pieces:
        if piece.sentence:
            parse(piece.text)  # balanced: raises on a stray or unclosed code
            assert any(c.isalnum() for c in piece.text)
            assert piece.text == piece.text.strip(" \t\n\r\f")
        else:
            gap_text = "".join(t.text for t in piece.tokens if isinstance(t, Text))
            assert not any(c.isalnum() for c in gap_text)
    assert all(not (a.sentence is False and b.sentence is False) for a, b in itertools.pairwise(pieces))
