"""Parsing XML that a person supplies (TMX, XLIFF, TBX): the one guard against hostile files.

defusedxml does the parsing; an :class:`XmlGuard` says, per kind of file, which error to raise and in what words.
Refused, each with one error naming the file: a file over ``max_bytes``; any entity declaration (so nothing is
expanded: no "billion laughs"); any external reference (no XXE); unless ``allow_doctype``, any DTD at all; and
malformed XML, with its line.

>>> guard = XmlGuard(TranspubError, hostile="refused hostile XML", max_bytes=100)
>>> parse_untrusted(b"<a><b/></a>", guard, path="a.xml").tag
'a'
>>> for data in (b'<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', b"<a>\\n<b></a>", b"<a/>" + b" " * 100):
...     try:
...         parse_untrusted(data, guard, path="a.xml")
...     except TranspubError as exc:
...         print(exc)
a.xml: refused hostile XML: 'DTDForbidden'
a.xml:2: malformed XML: 'mismatched tag: line 2, column 5'
a.xml: file is larger than 100 bytes: 104
>>> root, lines = parse_untrusted_lines(b"<a>\\n<b/>\\n</a>", guard)
>>> [lines[id(el)] for el in root.iter()]
[1, 2]
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # ParseError and the tree types; parsing is defusedxml's
from collections.abc import Mapping
from dataclasses import dataclass
from os import PathLike

import defusedxml
import defusedxml.ElementTree as SafeET

from transpub.errors import TranspubError

PathName = str | PathLike[str] | None


@dataclass(frozen=True)
class XmlGuard:
    """What one kind of file refuses, and how each refusal is worded.

    ``hostile`` words a refused DTD, entity or external reference (the value is defusedxml's name for it, e.g.
    ``EntitiesForbidden``); ``malformed`` a parse error (the value is expat's message, the line is kept);
    ``too_large`` a file over ``max_bytes`` (``{max_bytes}`` is filled in; the value is the file's size).
    """

    error: type[TranspubError]
    hostile: str
    malformed: str = "malformed XML"
    max_bytes: int | None = None
    too_large: str = "file is larger than {max_bytes} bytes"
    allow_doctype: bool = False  # a bare <!DOCTYPE> (which CAT tools write); its entities are still refused


class _LineBuilder(ET.TreeBuilder):
    """A tree builder that remembers the line each element starts on, for error messages."""

    def __init__(self) -> None:
        super().__init__()
        self.parser: SafeET.DefusedXMLParser | None = None
        self.lines: dict[int, int] = {}

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        element = super().start(tag, attrs)
        if self.parser is not None:
            self.lines[id(element)] = self.parser.parser.CurrentLineNumber
        return element


def parse_untrusted(data: bytes | str, guard: XmlGuard, *, path: PathName = None) -> ET.Element:
    """The root element of ``data``, or ``guard.error`` saying what was refused; ``path`` only names the file."""
    return _parse(data, guard, path, ET.TreeBuilder())


def parse_untrusted_lines(
    data: bytes | str, guard: XmlGuard, *, path: PathName = None
) -> tuple[ET.Element, Mapping[int, int]]:
    """:func:`parse_untrusted`, with the line each element starts on (keyed by ``id(element)``)."""
    builder = _LineBuilder()
    root = _parse(data, guard, path, builder)
    return root, builder.lines


def _parse(data: bytes | str, guard: XmlGuard, path: PathName, builder: ET.TreeBuilder) -> ET.Element:
    if guard.max_bytes is not None and len(data) > guard.max_bytes:
        message = guard.too_large.format(max_bytes=guard.max_bytes)
        raise guard.error(message, path=path, value=len(data))
    parser = SafeET.DefusedXMLParser(
        target=builder, forbid_dtd=not guard.allow_doctype, forbid_entities=True, forbid_external=True
    )
    if isinstance(builder, _LineBuilder):
        builder.parser = parser
    try:
        parser.feed(data)
        root: ET.Element = parser.close()
    except defusedxml.DefusedXmlException as exc:
        raise guard.error(guard.hostile, path=path, value=type(exc).__name__) from exc
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise guard.error(guard.malformed, path=path, line=line, value=str(exc)) from exc
    return root
