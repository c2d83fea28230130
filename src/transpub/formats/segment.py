"""HTML-aware segmentation of a release, and reassembly of translated pages from it.

Each body block is parsed with exact source spans. Block-level elements (``p``, ``h2``, ``li``, ``td``, ``div``…)
hold *runs* of text and inline elements; a run becomes tagged text in which each inline element is a code that
keeps its original markup (``<a href="/r">`` -> ``<g id="1">…</g>``, ``<br>`` -> ``<x id="2"/>``), and is split
into sentences. ``alt`` and ``title`` attributes, the title, the summary and the page metadata are segments too.

Nothing untranslatable is ever segmented: comments, ``<script>``, ``<style>``, ``<code>``, ``<pre>`` and anything
marked ``translate="no"`` or ``class="notranslate"`` (with all it contains). Inside a sentence such an element is a
standalone code whose markup is the whole element, so its content cannot be altered.

Rendering walks a fresh parse of the same blocks in the same order and writes every byte of the source that is not
a segment exactly as it was: whitespace between sentences, block markup, untranslatable content.

>>> from transpub.document import Block, Release
>>> release = Release(title="GCRF news", slug="gcrf-news", blocks=(
...     Block("p", '<p>Dr. Okafor spoke. <a href="/r" title="The report">Read it</a> now.</p>'),
...     Block("pre", "<pre>kept  as is</pre>"),
... ))
>>> seg = segment_release(release)
>>> [(s.id, s.source) for s in seg.segments]  # doctest: +NORMALIZE_WHITESPACE
[('title', 'GCRF news'), ('b1.s1', 'Dr. Okafor spoke.'), ('b1.s2', '<g id="1">Read it</g> now.'),
 ('b1.s2.a-title', 'The report')]
>>> seg.render({"b1.s2": 'Leia <g id="1">agora</g>.', "b1.s2.a-title": "O relatório"}).body_html
'<p>Dr. Okafor spoke. Leia <a href="/r" title="O relatório">agora</a>.</p>\\n<pre>kept  as is</pre>'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from transpub.document import InlineCode, Release, Segment
from transpub.errors import ProtectionError
from transpub.formats.html import (
    INLINE_ELEMENTS,
    META_FIELDS,
    TRANSLATABLE_ATTRIBUTES,
    VOID_ELEMENTS,
    is_untranslatable,
)
from transpub.formats.markup import Element, Node, Raw, first_attribute, outer_html, parse_fragment, with_attributes
from transpub.formats.markup import Text as SourceText
from transpub.text.sentences import WHITESPACE, split_tagged
from transpub.text.tagged import Close, Open, Standalone, Text, Token, escape, parse, serialize, to_html

# --- classification ---------------------------------------------------------------------------------------------


def _opaque(el: Element) -> bool:
    return is_untranslatable(el.tag, el.attrs)


def _has_block(el: Element) -> bool:
    return any(isinstance(c, Element) and (c.tag not in INLINE_ELEMENTS or _has_block(c)) for c in el.children)


def _in_run(node: Node) -> bool:
    """Text, comments and inline elements (holding no block) flow together as one run of text."""
    if not isinstance(node, Element):
        return True
    if node.tag not in INLINE_ELEMENTS:
        return False
    return _opaque(node) or not _has_block(node)


def _has_word(text: str) -> bool:
    return any(c.isalnum() for c in text)


def _id_part(tag: str) -> str:
    return re.sub(r"[^a-z0-9-]", "-", tag.lower()) or "el"


# --- walking a block: one walk both collects segments and renders them -----------------------------------------

#: Given a segment, the tagged text to write in its place: the source when segmenting, a target when rendering.
_Sink = Callable[[Segment], str]


def _plain_target(target: str, segment_id: str) -> str:
    """Plain text of a target for a place that cannot hold markup (an attribute, the title, metadata)."""
    tokens = parse(target)
    if any(not isinstance(t, Text) for t in tokens):
        raise ProtectionError("inline codes are not allowed in this segment", value=segment_id)
    return "".join(t.text for t in tokens if isinstance(t, Text))


@dataclass
class _Run:
    """A run of inline content as tagged text with run-wide code ids."""

    parts: list[str] = field(default_factory=list)
    codes: dict[str, InlineCode] = field(default_factory=dict)
    elements: dict[str, Element] = field(default_factory=dict)  # codes whose start tag may carry attributes
    movable: set[str] = field(default_factory=set)  # standalone codes that may move out of a sentence at its edge

    def _code(self, opening: str, closing: str = "") -> str:
        code_id = str(len(self.codes) + 1)
        self.codes[code_id] = InlineCode(code_id, opening, closing)
        return code_id

    def add(self, node: Node) -> None:
        if isinstance(node, SourceText):
            self.parts.append(escape(node.text))
        elif isinstance(node, Raw):
            code_id = self._code(node.raw)
            self.movable.add(code_id)
            self.parts.append(f'<x id="{code_id}"/>')
        elif _opaque(node):
            self.parts.append(f'<x id="{self._code(outer_html(node))}"/>')  # content sealed inside the code
        elif not node.children and (not node.end or node.tag in VOID_ELEMENTS):
            code_id = self._code(node.start + node.end)
            self.elements[code_id] = node
            self.movable.add(code_id)
            self.parts.append(f'<x id="{code_id}"/>')
        elif not node.end:
            # Left open in the source: a standalone code for the start tag, then its content, so that no end tag
            # the source lacks is ever written (it could change how the junk after it parses).
            code_id = self._code(node.start)
            self.elements[code_id] = node
            self.parts.append(f'<x id="{code_id}"/>')
            for child in node.children:
                self.add(child)
        else:
            code_id = self._code(node.start, node.end)
            self.elements[code_id] = node
            self.parts.append(f'<g id="{code_id}">')
            for child in node.children:
                self.add(child)
            self.parts.append("</g>")


class _BlockWalker:
    """Walks one block; numbers its sentences ``b<n>.s<k>`` and its attributes ``<owner>.<tag>-<attr>``."""

    def __init__(self, block_id: str, sink: _Sink) -> None:
        self.block_id = block_id
        self.sink = sink
        self.sentences = 0
        self.attr_owners: dict[tuple[str, str], int] = {}

    def walk(self, nodes: Sequence[Node]) -> str:
        out: list[str] = []
        run: list[Node] = []
        for node in nodes:
            if _in_run(node):
                run.append(node)
                continue
            out.append(self.run(run))
            run = []
            out.append(self.block(node))
        out.append(self.run(run))
        return "".join(out)

    def block(self, node: Node) -> str:
        if not isinstance(node, Element) or _opaque(node):
            return outer_html(node)
        return self.start_tag(node, self.block_id) + self.walk(node.children) + node.end

    def start_tag(self, el: Element, owner: str) -> str:
        """The element's start tag with its ``alt``/``title`` values translated (each one a segment)."""
        wanted = [
            (name, value)
            for name in TRANSLATABLE_ATTRIBUTES
            if (value := first_attribute(el.attrs, name)) is not None and _has_word(value)
        ]
        if not wanted:
            return el.start
        key = (owner, _id_part(el.tag))
        self.attr_owners[key] = n = self.attr_owners.get(key, 0) + 1
        prefix = f"{owner}.{key[1]}{n if n > 1 else ''}"
        values: dict[str, str] = {}
        for name, value in wanted:
            core = value.strip(WHITESPACE)
            lead, trail = value[: value.index(core)], value[value.index(core) + len(core) :]
            seg_id = f"{prefix}-{name}"
            target = self.sink(Segment(seg_id, escape(core), (), f"attr:{name}"))
            new = lead + _plain_target(target, seg_id) + trail
            if new != value:
                values[name] = new
        return with_attributes(el, values) if values else el.start

    def run(self, nodes: Sequence[Node]) -> str:
        if not nodes:
            return ""
        run = _Run()
        for node in nodes:
            run.add(node)
        out: list[str] = []
        for piece in split_tagged("".join(run.parts), movable=run.movable):
            if piece.sentence:
                out.append(self.sentence(piece.tokens, run))
            else:
                out.append(self.gap(piece.tokens, run))
        return "".join(out)

    def opening(self, run: _Run, code_id: str, owner: str) -> str:
        """A code's opening markup, its attributes translated as segments of ``owner``."""
        element = run.elements.get(code_id)
        return run.codes[code_id].opening if element is None else self.start_tag(element, owner)

    def gap(self, tokens: Sequence[Token], run: _Run) -> str:
        """Whitespace and markup around sentences: written as in the source (attributes of the block)."""
        out: list[str] = []
        for tok in tokens:
            if isinstance(tok, Text):
                out.append(escape(tok.text))
            elif isinstance(tok, Close):
                out.append(run.codes[tok.id].closing)
            else:
                out.append(self.opening(run, tok.id, self.block_id))
        return "".join(out)

    def sentence(self, tokens: Sequence[Token], run: _Run) -> str:
        """One sentence segment, its codes numbered from 1; returns the HTML of what the sink gives back."""
        self.sentences += 1
        seg_id = f"{self.block_id}.s{self.sentences}"
        local: dict[str, str] = {}
        for tok in tokens:
            if isinstance(tok, Open | Standalone):
                local.setdefault(tok.id, str(len(local) + 1))
        renamed = [tok if isinstance(tok, Text) else type(tok)(local[tok.id]) for tok in tokens]
        codes = tuple(InlineCode(new, run.codes[old].opening, run.codes[old].closing) for old, new in local.items())
        target = self.sink(Segment(seg_id, serialize(renamed), codes, "body"))
        final = [InlineCode(new, self.opening(run, old, seg_id), run.codes[old].closing) for old, new in local.items()]
        return to_html(target, final)


def _walk_blocks(release: Release, sink: _Sink) -> str:
    """The body with every segment replaced by what ``sink`` returns for it, from a fresh parse of each block."""
    return "\n".join(
        _BlockWalker(f"b{i}", sink).walk(parse_fragment(block.html)) for i, block in enumerate(release.blocks, 1)
    )


# --- public API -------------------------------------------------------------------------------------------------


def _meta_id(key: str) -> str:
    return "meta." + key.replace(":", "-")


@dataclass(frozen=True)
class RenderedRelease:
    """A release with targets in place. ``title``, ``summary`` and ``meta`` are plain text; ``body_html`` is HTML."""

    title: str
    summary: str | None
    body_html: str
    meta: Mapping[str, str]


@dataclass(frozen=True)
class SegmentedRelease:
    """A release and its segments, in reading order: title, summary, body (attributes after their sentence), meta."""

    release: Release
    segments: tuple[Segment, ...]

    def render(self, targets: Mapping[str, str]) -> RenderedRelease:
        """Rebuild the release with ``targets`` (segment id -> tagged target text); a missing id keeps the source.

        Ids that are not segments of this release are ignored. Raises :class:`ProtectionError` for a target
        with an inline code its segment does not have, or with codes where only text can go.
        """
        release = self.release

        def sink(segment: Segment) -> str:
            return targets.get(segment.id, segment.source)

        def plain(seg_id: str, value: str) -> str:
            return _plain_target(targets.get(seg_id, escape(value)), seg_id)

        meta = {
            key: plain(_meta_id(key), value) if key in META_FIELDS else value for key, value in release.meta.items()
        }
        return RenderedRelease(
            title=plain("title", release.title) if _has_word(release.title) else release.title,
            summary=None if release.summary is None else plain("summary", release.summary),
            body_html=_walk_blocks(release, sink),
            meta=MappingProxyType(meta),
        )


def _head_segments(release: Release) -> tuple[list[Segment], list[Segment]]:
    head: list[Segment] = []
    if _has_word(release.title):
        head.append(Segment("title", escape(release.title), (), "title"))
    if release.summary is not None:
        head.append(Segment("summary", escape(release.summary), (), "summary"))
    meta = [
        Segment(_meta_id(key), escape(release.meta[key]), (), f"meta:{key}")
        for key in META_FIELDS
        if key in release.meta
    ]
    return head, meta


def segment_release(release: Release) -> SegmentedRelease:
    """Split a release into translatable segments (see the module docstring for what is and is not one).

    Raises :class:`ReleaseError` only for a block nested more than ``MAX_NESTING`` elements deep.
    """
    body: list[Segment] = []

    def sink(segment: Segment) -> str:
        body.append(segment)
        return segment.source

    _walk_blocks(release, sink)
    head, meta = _head_segments(release)
    return SegmentedRelease(release, (*head, *body, *meta))
