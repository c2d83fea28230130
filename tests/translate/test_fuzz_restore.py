"""Fuzzing the placeholder restore step, and identity round trips from a generated document to a published page.

Documents are generated as HTML (headings, paragraphs, lists, quotes; links, emphasis, code, images, line breaks,
``translate="no"`` spans; glossary terms, URLs, e-mail addresses, entities and markup-like text), then loaded and
segmented by transpub itself, so every segment is one the pipeline really produces.

* Whatever an engine returns for a masked segment (placeholders dropped, repeated, swapped, renumbered, re-cased,
  re-spaced, restyled; markup, entities and fake tagged-text codes inserted; the text cut short or replaced),
  :func:`transpub.translate.protect.restore` and :func:`transpub.translate.protect.translate_protected` raise nothing
  but a :class:`~transpub.errors.TranspubError`, and what they return is valid tagged text that uses only the segment's
  own inline codes, each at most once, and holds no placeholder-shaped text.
* With an engine that copies its input, and with the Argos identity test model, every segment comes back exactly,
  and a generated document published end to end has a target page body identical to its source page body.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from support.argos_builder import build_copy_package
from support.fakes import CopyEngine, ScriptedEngine
from support.publish_with_engine import write_config
from transpub.config import load_settings
from transpub.document import InlineCode, Segment
from transpub.engines.base import Engine
from transpub.errors import TranspubError
from transpub.formats.loading import parse_release
from transpub.formats.segment import SegmentedRelease, segment_release
from transpub.glossary.csv_reader import parse_csv
from transpub.glossary.model import Glossary
from transpub.languages import parse_language
from transpub.text.placeholders import LEAK, STYLES
from transpub.text.tagged import Open, Standalone, parse, to_html, to_plain
from transpub.translate.protect import mask, restore, translate_protected

EN, PT = parse_language("en"), parse_language("pt")

KEEP_ONLY = Glossary(
    source_lang="en",
    targets=("pt",),
    entries=parse_csv(
        "en,pt,type\nGCRF,,keep\nTidewatch,,keep\nAmara Okafor,,keep\nCoastal Horizons Initiative,,keep\n",
        path="keep.csv",
        source="en",
        targets=["pt"],
    ),
)
FULL = Glossary(
    source_lang="en",
    targets=("pt",),
    entries=parse_csv(
        "en,pt,type\nGCRF,,keep\nTidewatch,,keep\nAmara Okafor,,keep\n"
        "climate resilience,resiliência climática,translate\nMember States,Estados-Membros,translate\n"
        "coastal communities,comunidades costeiras,translate\nclimate refugees,refugiados climáticos,forbidden\n",
        path="full.csv",
        source="en",
        targets=["pt"],
    ),
)

# ------------------------------------------------------------------------------------------- generated documents

WORDS = (
    "the", "fund", "said", "on", "Monday", "that", "ports", "will", "grow", "by", "2030", "water", "levels", "rise",
    "GCRF", "Tidewatch", "Amara Okafor", "Coastal Horizons Initiative", "climate resilience", "Member States",
    "coastal communities", "climate refugees", "Mr.", "Dr.", "U.S.", "e.g.", "40,000", "3.5%", "€12", "café",
    "São", "Paulo", "naïve", "Zürich", "القدرة", "沿海", "https://gcrf.example.org/a?b=1&c=2", "press@gcrf.org",
    "www.gcrf.org", "<b>", "</script>", "&", "<", ">", "a<b", "x&y", "\"quoted\"", "'single'", "—", "…", "(note)",
    "[1]", "[see", "below]", "{0}", "%s", "#tag", "@team", "½",
)  # fmt: skip

words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join)
sentence = st.builds(lambda w, end: w + end, words, st.sampled_from(("", ".", "!", "?", ":", ";", ",")))


def _text(raw: str) -> str:
    return html.escape(raw, quote=False)


@st.composite
def inline(draw: st.DrawFn, depth: int = 0) -> str:
    """Phrasing content: escaped text with inline elements, nested up to two levels."""
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(("text", "text", "text", "a", "em", "strong", "code", "br", "img", "notranslate")))
        if kind == "text" or (depth >= 2 and kind in ("a", "em", "strong")):
            parts.append(_text(draw(sentence)))
        elif kind in ("a", "em", "strong"):
            attrs = ' href="https://gcrf.example.org/r?a=1&amp;b=2"' if kind == "a" else ""
            parts.append(f"<{kind}{attrs}>{draw(inline(depth + 1))}</{kind}>")
        elif kind == "code":
            parts.append(f"<code>{_text(draw(words))}</code>")
        elif kind == "br":
            parts.append("<br>")
        elif kind == "img":
            parts.append(f'<img src="map.png" alt="{html.escape(draw(words))}">')
        else:
            parts.append(f'<span translate="no">{_text(draw(words))}</span>')
    return " ".join(parts)


@st.composite
def documents(draw: st.DrawFn) -> str:
    """A whole HTML release: a title and one to five blocks."""
    blocks = []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(("p", "p", "h2", "ul", "blockquote")))
        if kind == "ul":
            items = draw(st.lists(inline(), min_size=1, max_size=3))
            blocks.append("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
        else:
            blocks.append(f"<{kind}>{draw(inline())} {_text(draw(sentence))}</{kind}>")
    title = draw(st.lists(st.sampled_from(WORDS[:20]), min_size=2, max_size=6).map(" ".join))
    return f"<html><body><h1>{_text(title)} report</h1>\n" + "\n".join(blocks) + "\n</body></html>"


def segmented(document: str) -> SegmentedRelease | None:
    """The document as transpub segments it; None when transpub refuses it as a release (clearly, by contract)."""
    try:
        return segment_release(parse_release(document.encode("utf-8"), path=Path("generated.html")))
    except TranspubError:
        return None


# ------------------------------------------------------------------------------------------- engine-output fuzz

NOISE = (
    "[T1]", "[/G1]", "[G1]", "[X1]", "[T9]", "[G42]", "XTERM1X", "XG1X", "XE1X", "XP1X", "[ t 1 ]", "[T", "1]",
    "<g id=\"1\">", "</g>", "<x id=\"1\"/>", "<x id=\"99\"/>", "<script>alert(1)</script>", "&lt;b&gt;", "&amp;",
    "&", "<", ">", "]]", "[[", "  ", "\n", "ção", "مرحبا", "GCRF", "https://evil.example/x", "\u200b", "",
)  # fmt: skip


def _pieces(text: str, style_name: str) -> list[str]:
    """Masked text split into placeholder tokens and the text between them."""
    style = STYLES[style_name]
    pieces, pos = [], 0
    for token in style.scan(text):
        pieces += [text[pos : token.start], text[token.start : token.end]]
        pos = token.end
    return [*pieces, text[pos:]]


@st.composite
def mangled(draw: st.DrawFn, text: str, style_name: str) -> str:
    """What a careless, broken or hostile engine could make of ``text``."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.text(alphabet=st.sampled_from('[]/TGXtgx0123456789 <>&;"=ida.é'), max_size=40))
    pieces = _pieces(text, style_name)
    for _ in range(draw(st.integers(0, 5))):
        op = draw(st.sampled_from(("drop", "dup", "swap", "lower", "space", "renumber", "insert", "cut", "restyle")))
        i = draw(st.integers(0, max(0, len(pieces) - 1)))
        if not pieces:
            pieces = [draw(st.sampled_from(NOISE))]
        elif op == "drop":
            del pieces[i]
        elif op == "dup":
            pieces.insert(draw(st.integers(0, len(pieces))), pieces[i])
        elif op == "swap":
            j = draw(st.integers(0, len(pieces) - 1))
            pieces[i], pieces[j] = pieces[j], pieces[i]
        elif op == "lower":
            pieces[i] = pieces[i].lower()
        elif op == "space":
            pieces[i] = " ".join(pieces[i])
        elif op == "renumber":
            pieces[i] = "".join(str(draw(st.integers(0, 99))) if c.isdigit() else c for c in pieces[i])
        elif op == "insert":
            pieces.insert(i, draw(st.sampled_from(NOISE)))
        elif op == "cut":
            pieces[i] = pieces[i][: draw(st.integers(0, len(pieces[i])))]
        else:
            pieces[i] = pieces[i].replace("[T", "XTERM").replace("[/G", "XE").replace("[G", "XG").replace("]", "X")
    return "".join(pieces)


def assert_safe_target(segment: Segment, target: str) -> None:
    """Valid tagged text, only the segment's own codes, each at most once, no placeholder-shaped text left."""
    tokens = parse(target)
    own = {code.id for code in segment.codes}
    opened = [t.id for t in tokens if isinstance(t, Open | Standalone)]
    assert set(opened) <= own, f"unknown code in {target!r}"
    assert len(opened) == len(set(opened)), f"a code appears twice in {target!r}"
    to_html(target, segment.codes)
    if not LEAK.search(to_plain(segment.source)):
        assert not LEAK.search(to_plain(target)), f"placeholder-shaped text left in {target!r}"


FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Tests that run a real model or a whole publish per example: fewer examples, and no shrinking (a failure is
# reported as generated, which keeps a failing run short).
EXPENSIVE = {
    "deadline": None,
    "phases": (Phase.explicit, Phase.reuse, Phase.generate),
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}


@FUZZ
@given(document=documents(), data=st.data())
def test_restore_never_crashes_and_never_emits_foreign_markup(document: str, data: st.DataObject) -> None:
    sr = segmented(document)
    if sr is None or not sr.segments:
        return
    segment = data.draw(st.sampled_from(sr.segments))
    glossary = data.draw(st.sampled_from((None, KEEP_ONLY, FULL)))
    matches = glossary.find(segment.source, segment.codes) if glossary else ()
    masked = mask(segment, matches, "pt", data.draw(st.sampled_from(list(STYLES.values()))))
    output = data.draw(mangled(masked.text, masked.style.name))
    try:
        restored = restore(masked, output)
    except TranspubError:
        return
    assert_safe_target(segment, restored.target)


SPLICES = {
    "brackets": "Leia XG1X o relatório XE1X [T[X5]1] agora.",
    "xwords": "Leia XG1X o relatório XE1X XTE[X5]RM1X agora.",
    "stray-term": "Leia XG1X o relatório XE1X [T[T9]1] agora.",
}


@pytest.mark.parametrize("output", SPLICES.values(), ids=list(SPLICES))
def test_removing_a_stray_placeholder_cannot_splice_a_new_one(output: str) -> None:
    """Text on both sides of a stray token that restore removes must not join into a new placeholder."""
    segment = Segment("b1.s1", 'Read <g id="1">the report</g> now.', (InlineCode("1", '<a href="/r">', "</a>"),))
    masked = mask(segment, (), "pt")
    assert masked.text == "Read XG1X the report XE1X now."
    assert_safe_target(segment, restore(masked, output).target)


@FUZZ
@given(document=documents(), data=st.data())
def test_translate_protected_survives_any_engine_output(document: str, data: st.DataObject) -> None:
    sr = segmented(document)
    if sr is None or not sr.segments:
        return
    glossary = data.draw(st.sampled_from((None, KEEP_ONLY, FULL)))
    try:
        engine = ScriptedEngine(lambda text: data.draw(mangled(text, "mixed")))  # "mixed" scans every family
        results = translate_protected(engine, sr.segments, source=EN, target=PT, glossary=glossary)
    except TranspubError:
        return
    assert [r.segment_id for r in results] == [s.id for s in sr.segments]
    for segment, result in zip(sr.segments, results, strict=True):
        assert_safe_target(segment, result.target)
    sr.render({r.segment_id: r.target for r in results})


@settings(max_examples=100, deadline=None)
@given(document=documents(), glossary=st.sampled_from((None, KEEP_ONLY)))
def test_identity_engine_round_trips_every_segment_exactly(document: str, glossary: Glossary | None) -> None:
    sr = segmented(document)
    if sr is None:
        return
    results = translate_protected(CopyEngine(), sr.segments, source=EN, target=PT, glossary=glossary)
    for segment, result in zip(sr.segments, results, strict=True):
        assert result.target == segment.source
        assert result.flags == ()
    assert sr.render({r.segment_id: r.target for r in results}) == sr.render({})


@pytest.fixture(scope="module")
def identity_argos(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """Install the Argos identity test model for en -> pt into this session's Argos folder; yield its engine."""
    from transpub.engines.argos import ArgosEngine
    from transpub.engines.packages import install_package_file

    install_package_file(build_copy_package(tmp_path_factory.mktemp("argos"), "en", "pt"))
    with ArgosEngine() as engine:
        yield engine


@settings(max_examples=15, **EXPENSIVE)
@given(document=documents())
def test_identity_test_model_round_trips_every_segment_exactly(document: str, identity_argos: Engine) -> None:
    sr = segmented(document)
    if sr is None:
        return
    results = translate_protected(identity_argos, sr.segments, source=EN, target=PT, glossary=KEEP_ONLY)
    assert [r.target for r in results] == [s.source for s in sr.segments]


def release_body(page: Path) -> str:
    body = BeautifulSoup(page.read_text(encoding="utf-8"), "html5lib").find("div", class_="release-body")
    assert isinstance(body, Tag)
    return body.decode_contents()


@settings(max_examples=6, **EXPENSIVE)
@given(document=documents())
def test_generated_document_published_with_the_identity_model_matches_its_source(
    document: str, identity_argos: Engine, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from transpub.pipeline.publish import publish_releases

    if segmented(document) is None:
        return
    root = tmp_path_factory.mktemp("roundtrip")
    release = root / "generated.html"
    release.write_text(document, encoding="utf-8")
    config = write_config(root / "t.toml", out=root / "out", memory=root / "tm.sqlite", targets=("pt",), engine="argos")
    (published,) = publish_releases([release], load_settings(config)).releases
    en_page, pt_page = published.pages
    assert release_body(pt_page) == release_body(en_page)
