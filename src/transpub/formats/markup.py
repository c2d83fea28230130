"""HTML as a tree that keeps every byte of its source, and start tags rewritten one attribute at a time.

:func:`parse_fragment` reads HTML leniently (stray end tags, unclosed elements, junk) into nodes whose source text,
joined, is exactly the input; each element keeps its start and end tag as written. :func:`with_attributes` changes
attribute values in a start tag and leaves every other byte alone.

>>> nodes = parse_fragment("<p class=k>Fish &amp; <b>chips</p><!-- end -->")
>>> "".join(outer_html(n) for n in nodes)
'<p class=k>Fish &amp; <b>chips</p><!-- end -->'
>>> p = nodes[0]
>>> p.start, p.end, p.children[0], p.children[1].end
('<p class=k>', '</p>', Text(raw='Fish &amp; ', text='Fish & '), '')
>>> with_attributes(Element("img", (("src", "a.png"), ("alt", "Boat")), "<img src=a.png alt='Boat'>", ""),
...                 {"alt": 'Say "hi"'})
'<img src=a.png alt="Say &quot;hi&quot;">'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape, unescape
from html.parser import HTMLParser

from transpub.errors import ReleaseError
from transpub.formats.html import MAX_NESTING, VOID_ELEMENTS

Attrs = tuple[tuple[str, str | None], ...]

# The patterns html.parser (Python 3.11) reads start tags with, so attribute spans agree with the parsed values;
# with_attributes checks that they do and writes the tag anew when they do not.
_TAG_NAME = re.compile(r"([a-zA-Z][^\t\n\r\f />\x00]*)(?:\s|/(?!>))*")
_ATTRIBUTE = re.compile(
    r"((?<=['\"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*('[^']*'|\"[^\"]*\"|(?!['\"])[^>\s]*))?(?:\s|/(?!>))*"
)


@dataclass(frozen=True)
class Text:
    """Character data: ``raw`` as written (entities and all), ``text`` decoded."""

    raw: str
    text: str


@dataclass(frozen=True)
class Raw:
    """Markup with no children that is kept as written: a comment, a declaration, a stray end tag."""

    raw: str


@dataclass(frozen=True)
class Element:
    """An element: ``start`` is its start tag as written, ``end`` its end tag or ``""`` (void, self-closed, open)."""

    tag: str
    attrs: Attrs
    start: str
    end: str
    children: tuple[Node, ...] = ()


Node = Text | Raw | Element


def outer_html(node: Node) -> str:
    """The node's source, byte for byte."""
    if isinstance(node, Element):
        return node.start + "".join(outer_html(c) for c in node.children) + node.end
    return node.raw


def first_attribute(attrs: Attrs, name: str) -> str | None:
    """The value of the first attribute called ``name`` (html.parser lower-cases names)."""
    return next((value for key, value in attrs if key == name), None)


@dataclass(frozen=True)
class _Event:
    kind: str  # start, empty, end, data, raw
    pos: tuple[int, int]  # (line, column) where the construct starts
    tag: str = ""
    attrs: Attrs = ()
    text: str = ""  # the start tag as written, or the decoded data


class _Tokenizer(HTMLParser):
    """Records each construct with the position where it starts; a construct runs to the start of the next."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[_Event] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(_Event("start", self.getpos(), tag, tuple(attrs), self.get_starttag_text() or ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(_Event("empty", self.getpos(), tag, tuple(attrs), self.get_starttag_text() or ""))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(_Event("end", self.getpos(), tag))

    def handle_data(self, data: str) -> None:
        self.events.append(_Event("data", self.getpos(), text=data))

    def handle_comment(self, data: str) -> None:
        self.events.append(_Event("raw", self.getpos()))

    handle_decl = handle_pi = unknown_decl = handle_comment  # type: ignore[assignment]  # one handler, same shape


@dataclass
class _Open:
    tag: str
    attrs: Attrs
    start: str
    children: list[Node] = field(default_factory=list)


def parse_fragment(source: str) -> tuple[Node, ...]:
    """Parse HTML leniently into nodes whose :func:`outer_html`, joined, is exactly ``source``.

    An end tag closes the nearest open element of its name (and any opened inside it); one that matches nothing
    is kept as :class:`Raw`. Raises :class:`ReleaseError` past ``MAX_NESTING`` open elements.
    """
    tokenizer = _Tokenizer()
    tokenizer.feed(source)
    tokenizer.close()
    line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
    offsets = [line_starts[e.pos[0] - 1] + e.pos[1] for e in tokenizer.events]
    offsets.append(len(source))

    root: list[Node] = []
    stack: list[_Open] = []

    def add(node: Node) -> None:
        (stack[-1].children if stack else root).append(node)

    def pop(end: str) -> None:
        top = stack.pop()
        add(Element(top.tag, top.attrs, top.start, end, tuple(top.children)))

    if offsets[0] > 0:
        add(Raw(source[: offsets[0]]))
    for event, begin, finish in zip(tokenizer.events, offsets, offsets[1:], strict=False):
        span = source[begin:finish]
        if event.kind in ("start", "empty"):
            start, extra = (event.text, span[len(event.text) :]) if span.startswith(event.text) else (span, "")
            if event.kind == "empty" or event.tag in VOID_ELEMENTS:
                add(Element(event.tag, event.attrs, start, ""))
            elif len(stack) >= MAX_NESTING:
                raise ReleaseError(f"HTML is nested more than {MAX_NESTING} elements deep", value=start)
            else:
                stack.append(_Open(event.tag, event.attrs, start))
            if extra:  # characters html.parser skipped after the tag
                add(Raw(extra))
        elif event.kind == "end":
            match = next((i for i in range(len(stack) - 1, -1, -1) if stack[i].tag == event.tag), None)
            if match is None:
                add(Raw(span))
                continue
            while len(stack) > match + 1:
                pop("")
            pop(span)
        elif event.kind == "data":
            add(Text(span, event.text))
        else:
            add(Raw(span))
    while stack:
        pop("")
    return tuple(root)


def _attribute_spans(start: str) -> list[tuple[str, str | None, tuple[int, int], int]] | None:
    """(name, value, value span, end of name) per attribute of a start tag."""
    m = _TAG_NAME.match(start, 1)
    if m is None:
        return None
    found = []
    k = m.end()
    while k < len(start):
        a = _ATTRIBUTE.match(start, k)
        if a is None or a.end() == k:
            break
        name, rest, value = a.group(1, 2, 3)
        if not rest:
            value = None
        elif value is not None and len(value) >= 2 and value[:1] == value[-1:] and value[:1] in ("'", '"'):
            value = value[1:-1]
        found.append((name.lower(), unescape(value) if value else value, a.span(3), a.end(1)))
        k = a.end()
    return found


def with_attributes(el: Element, values: Mapping[str, str]) -> str:
    """The element's start tag with new values for some attributes (escaped, double-quoted); the rest as written."""
    found = _attribute_spans(el.start)
    if found is None or [(n, v) for n, v, _, _ in found] != list(el.attrs):
        parts = [f"<{el.tag}"]  # a tag the patterns cannot account for: write it anew
        for name, value in el.attrs:
            value = values.get(name, value)
            parts.append(f" {name}" if value is None else f' {name}="{escape(value)}"')
        return "".join(parts) + (" />" if el.start.endswith("/>") else ">")
    first: dict[str, tuple[tuple[int, int], int]] = {}
    for name, _, span, name_end in found:
        first.setdefault(name, (span, name_end))
    out = el.start
    # Right to left, so each edit leaves the offsets of the ones still to do intact.
    for name in sorted((n for n in values if n in first), key=lambda n: -first[n][1]):
        (v_start, v_end), name_end = first[name]
        new = f'"{escape(values[name])}"'
        if v_start < 0:  # a bare attribute (`<img alt>`): give it a value
            new, v_start, v_end = "=" + new, name_end, name_end
        out = out[:v_start] + new + out[v_end:]
    return out
