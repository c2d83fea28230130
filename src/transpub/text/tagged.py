"""Tagged text: the one representation of a segment's content with its inline markup.

Text is XML-escaped (``&lt;``, ``&gt;``, ``&amp;``); inline markup is replaced by numbered codes, ``<g id="1">…</g>``
around the words a paired tag wraps and ``<x id="2"/>`` where a standalone tag stands. The same tagged text becomes
HTML for a page, ``<pc>``/``<ph>`` for XLIFF, or masked plain text for an engine.

>>> from transpub.document import InlineCode
>>> codes = (InlineCode("1", '<a href="/r?a=1&amp;b=2">', "</a>"), InlineCode("2", "<br/>"))
>>> src = 'Read <g id="1">the report</g>.<x id="2"/>Fish &amp; chips &lt;3'
>>> to_html(src, codes)
'Read <a href="/r?a=1&amp;b=2">the report</a>.<br/>Fish &amp; chips &lt;3'
>>> to_plain(src)
'Read the report.Fish & chips <3'
>>> code_sequence(src)
('g1', '/g1', 'x2')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape as _html_escape

from transpub.document import InlineCode
from transpub.errors import ProtectionError
from transpub.text.xmlsafe import is_xml_char

_TOKEN = re.compile(r'<g id="([A-Za-z0-9.-]+)">|</g>|<x id="([A-Za-z0-9.-]+)"/>')
_ENTITY = re.compile(r"&(lt|gt|amp|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


@dataclass(frozen=True)
class Text:
    text: str  # unescaped


@dataclass(frozen=True)
class Open:
    id: str


@dataclass(frozen=True)
class Close:
    id: str


@dataclass(frozen=True)
class Standalone:
    id: str


Token = Text | Open | Close | Standalone


def escape(text: str) -> str:
    """Escape plain text for use inside tagged text (``<``, ``>``, ``&`` only; quotes stay readable).

    >>> escape('a < b & "c"')
    'a &lt; b &amp; "c"'
    """
    return _html_escape(text, quote=False)


def _unescape(text: str) -> str:
    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name.startswith("#"):
            code = int(name[2:], 16) if name.startswith("#x") else int(name[1:])
            if not is_xml_char(code):  # NUL, a control, a surrogate or past U+10FFFF: XML 1.0 cannot hold it
                raise ProtectionError("character reference to a character XML 1.0 cannot hold", value=m.group(0))
            return chr(code)
        return _NAMED[name]

    if "<" in text or ">" in text:
        raise ProtectionError("unescaped markup in tagged text", value=text)
    return _ENTITY.sub(sub, text)


def parse(tagged: str) -> list[Token]:
    """Split tagged text into tokens; raise :class:`ProtectionError` on unbalanced or unknown markup.

    >>> parse('a <g id="1">b</g>')
    [Text(text='a '), Open(id='1'), Text(text='b'), Close(id='1')]
    >>> parse('a </g>')
    Traceback (most recent call last):
    ...
    transpub.errors.ProtectionError: closing code without an opening one: 'a </g>'
    """
    tokens: list[Token] = []
    stack: list[str] = []
    pos = 0
    for m in _TOKEN.finditer(tagged):
        if m.start() > pos:
            tokens.append(Text(_unescape(tagged[pos : m.start()])))
        if m.group(1) is not None:
            stack.append(m.group(1))
            tokens.append(Open(m.group(1)))
        elif m.group(2) is not None:
            tokens.append(Standalone(m.group(2)))
        else:
            if not stack:
                raise ProtectionError("closing code without an opening one", value=tagged)
            tokens.append(Close(stack.pop()))
        pos = m.end()
    if pos < len(tagged):
        tokens.append(Text(_unescape(tagged[pos:])))
    if stack:
        raise ProtectionError(f"code {stack[-1]} is never closed", value=tagged)
    return tokens


def serialize(tokens: Iterable[Token]) -> str:
    """The inverse of :func:`parse`."""
    out: list[str] = []
    for tok in tokens:
        if isinstance(tok, Text):
            out.append(escape(tok.text))
        elif isinstance(tok, Open):
            out.append(f'<g id="{tok.id}">')
        elif isinstance(tok, Close):
            out.append("</g>")
        else:
            out.append(f'<x id="{tok.id}"/>')
    return "".join(out)


def to_plain(tagged: str) -> str:
    """The text alone, unescaped, with every code removed."""
    return "".join(t.text for t in parse(tagged) if isinstance(t, Text))


def code_sequence(tagged: str) -> tuple[str, ...]:
    """The codes in order: ``g1`` opening, ``/g1`` closing, ``x2`` standalone."""
    seq: list[str] = []
    for t in parse(tagged):
        if isinstance(t, Open):
            seq.append(f"g{t.id}")
        elif isinstance(t, Close):
            seq.append(f"/g{t.id}")
        elif isinstance(t, Standalone):
            seq.append(f"x{t.id}")
    return tuple(seq)


def to_html(tagged: str, codes: Sequence[InlineCode]) -> str:
    """Rebuild HTML: text escaped, each code replaced by the original markup it stands for.

    Raises :class:`ProtectionError` for a code id the segment does not have, so nothing that was not in the
    source's structure can reach a page.
    """
    by_id = {c.id: c for c in codes}
    out: list[str] = []
    for tok in parse(tagged):
        if isinstance(tok, Text):
            out.append(escape(tok.text))
            continue
        code = by_id.get(tok.id)
        if code is None:
            raise ProtectionError("unknown inline code in target", value=tok.id)
        if isinstance(tok, Close):
            out.append(code.closing)
        else:
            out.append(code.opening)
    return "".join(out)


def from_plain(text: str) -> str:
    """Tagged text for a plain string with no inline markup."""
    return escape(text)
