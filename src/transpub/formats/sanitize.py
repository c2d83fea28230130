"""Sanitising release HTML: nothing a source carries can run on a published page.

A release is untrusted input. Its body tree is cleaned *in place*, right after the loader has parsed it and before
any block is serialized, against the explicit tables of :mod:`transpub.formats.sanitize_rules` (a Translate
Toolkit style allow-list):

* :data:`ELEMENT_ATTRIBUTES` lists every element that is kept, with the attributes it may carry besides
  :data:`GLOBAL_ATTRIBUTES` (and ``aria-*``). Anything else on an element is removed, ``on*`` handlers included.
* :data:`DROPPED_ELEMENTS` are removed with all they contain (script, embedded documents, forms, SVG/MathML...).
* Any other element is *unwrapped*: its tag goes, its content stays (``<marquee>Big</marquee>`` -> ``Big``).
* URL attributes (:data:`URL_SCHEMES`) keep only http, https, mailto and tel URLs, relative URLs and fragments;
  ``<img src>`` may also be a ``data:`` PNG, GIF, JPEG or WebP (:data:`DATA_IMAGE`). Schemes are read as a
  browser reads them: entities are already decoded by the parser, ASCII whitespace and control characters are
  ignored and case does not matter.
* ``style`` attributes stay unless their CSS, decoded (escapes, comments), holds one of :data:`UNSAFE_CSS`.
* Comments stay (they are inert and the segmenter keeps them), except one a browser would close earlier than the
  parser did (``<!-->``, ``--!>``); CDATA sections, processing instructions and odd declarations go.

The text of ``<code>`` and ``<pre>``, ``class``, ``translate`` and ``lang`` are never touched, so a clean release
comes through byte for byte:

>>> sanitize_html('<p class="lead" lang="pt">A <code>x&lt;y</code> <a href="/r#a">report</a><!-- n --></p>')
'<p class="lead" lang="pt">A <code>x&lt;y</code> <a href="/r#a">report</a><!-- n --></p>'

while active content goes:

>>> sanitize_html('<p onclick="go()">Read <a href=" JaVa&#83;cript:alert(1)">it</a>.<script>alert(2)</script></p>')
'<p>Read <a>it</a>.</p>'
>>> sanitize_html('<p style="color: red">Red</p><p style="background: u\\\\72l(javascript:x)">No</p>')
'<p style="color: red">Red</p><p>No</p>'
>>> sanitize_html('<div><iframe srcdoc="&lt;script&gt;"></iframe><form><input value=1></form>Kept</div>')
'<div>Kept</div>'

:func:`sanitize_tree` reports what it removed, so a loader can log it with the source line:

>>> from bs4 import BeautifulSoup
>>> soup = BeautifulSoup('<p>Hi\\n<img src="map.png" alt="Map" onerror="x()"></p>', "html.parser")
>>> [str(r) for r in sanitize_tree(soup)]
["line 2: <img onerror='x()'> removed: event handler"]
>>> str(soup)
'<p>Hi\\n<img alt="Map" src="map.png"/></p>'

Decisions, with reasons:

* ``<style>`` elements are dropped: the published page brings its own stylesheet, and CSS in a ``<style>`` element
  can hide or restyle the page's own content. Inline ``style`` attributes are *kept* when harmless
  (``text-align: right`` in a table matters to a reader) and removed, whole, when they load anything (``url(``,
  ``@import``, ``image-set(``) or run anything (``expression(``, ``-moz-binding``, ``behavior:``, script schemes);
  a release has no need for a background image, so refusing every ``url(`` costs nothing.
* ``data-*`` attributes are removed: nothing on a published page reads them, and the libraries that do read them
  turn them into behaviour (htmx ``data-hx-on``, Bootstrap ``data-bs-content``), so keeping them would make a page
  unsafe the day a script is added to the site template.
* ``aria-*`` and ``role`` are kept: they are inert and keep a release accessible.
* ``target`` is removed from links (``target="_blank"`` without ``rel="noopener"`` lets the opened page navigate
  ours); ``<title>`` and ``<meta>`` are kept (inert, and a fragment's loader still reads them), but a ``<meta
  http-equiv>`` (``refresh`` to a script URL) is dropped and a ``<title>`` keeps its text only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from bs4 import BeautifulSoup
from bs4.element import (
    CData,
    Comment,
    Declaration,
    Doctype,
    NavigableString,
    PageElement,
    PreformattedString,
    ProcessingInstruction,
    Tag,
)
from bs4.exceptions import ParserRejectedMarkup

from transpub.errors import ReleaseError
from transpub.formats.sanitize_rules import (
    DATA_IMAGE,
    DATA_IMAGE_ATTRIBUTES,
    DROPPED_ELEMENTS,
    DROPPING_ATTRIBUTES,
    ELEMENT_ATTRIBUTES,
    GLOBAL_ATTRIBUTES,
    LINK_SCHEMES,
    TEXT_ONLY_ELEMENTS,
    UNSAFE_CSS,
    URL_LIST_SCHEMES,
    URL_SCHEMES,
    WEB_SCHEMES,
)

# Browsers drop ASCII whitespace and C0 controls around a URL and tabs/newlines inside it; removing every one of
# them (a superset) before reading the scheme means no spacing trick can hide one.
_URL_IGNORED = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.DOTALL)
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n\r\f]?|(.))", re.DOTALL)
_CSS_IGNORED = re.compile(r"[\x00-\x20\x7f]+")


# --- what was removed ------------------------------------------------------------------------------------------


class Action(Enum):
    """What sanitising did to a piece of the tree."""

    DROPPED = "dropped"  # an element and everything in it
    UNWRAPPED = "unwrapped"  # an element's tag; its content stays
    REMOVED_ATTRIBUTE = "removed"  # one attribute
    REMOVED_NODE = "removed node"  # a comment, CDATA section, processing instruction or declaration
    FLATTENED = "reduced to text"  # a text-only element's markup


@dataclass(frozen=True)
class Removal:
    """One thing :func:`sanitize_tree` took out of a tree, for the loader's log.

    >>> str(Removal(Action.DROPPED, "script", "script", line=4))
    'line 4: <script> dropped: script'
    >>> str(Removal(Action.REMOVED_ATTRIBUTE, "a", "unsafe URL", attribute="href", value="javascript:x"))
    "<a href='javascript:x'> removed: unsafe URL"
    """

    action: Action
    element: str
    reason: str
    attribute: str | None = None
    value: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = "" if self.line is None else f"line {self.line}: "
        if self.attribute is not None:
            what = f"<{self.element} {self.attribute}={_short(self.value or '')!r}>"
        elif self.element.startswith("#"):
            what = self.element if self.value is None else f"{self.element} {_short(self.value)!r}"
        else:
            what = f"<{self.element}>"
        return f"{where}{what} {self.action.value}: {self.reason}"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- single checks -----------------------------------------------------------------------------------------------


def url_scheme(url: str) -> str | None:
    """The scheme a browser would read from ``url``, lower-cased; ``None`` for a relative URL or a fragment.

    >>> url_scheme(" JaVaScRiPt:alert(1)"), url_scheme("java\\tscript:x"), url_scheme("\\x01data:text/html,x")
    ('javascript', 'javascript', 'data')
    >>> url_scheme("/report.pdf"), url_scheme("#annex"), url_scheme("notes/a:b"), url_scheme("&#106;avascript:x")
    (None, None, None, None)
    """
    match = _SCHEME.match(_URL_IGNORED.sub("", url))
    return None if match is None else match[1].lower()


def safe_url(url: str, schemes: frozenset[str] = LINK_SCHEMES, *, data_image: bool = False) -> bool:
    """True when ``url`` is relative, a fragment, or uses one of ``schemes`` (or is a raster ``data:`` image).

    >>> safe_url("https://gcrf.example.org"), safe_url("mailto:press@gcrf.example.org"), safe_url("?p=2")
    (True, True, True)
    >>> safe_url("javascript:alert(1)"), safe_url("vbscript:x"), safe_url("data:text/html,<b>")
    (False, False, False)
    >>> safe_url("data:image/png;base64,iVBO", WEB_SCHEMES, data_image=True), safe_url("data:image/svg+xml,<svg>")
    (True, False)
    """
    scheme = url_scheme(url)
    if scheme is None or scheme in schemes:
        return True
    return data_image and DATA_IMAGE.match(_URL_IGNORED.sub("", url)) is not None


def safe_style(css: str) -> bool:
    """True when an inline ``style`` neither loads nor runs anything (see :data:`UNSAFE_CSS`).

    The CSS is read raw, with escapes decoded and with comments removed (both orders), each with whitespace and
    control characters removed and lower-cased; a token in any of these readings makes it unsafe.

    >>> safe_style("text-align: right; color: #036"), safe_style("x:expression(alert(1))")
    (True, False)
    >>> safe_style("background: URL (a.png)"), safe_style("background: u\\\\72l(x)"), safe_style("e/**/xpression(1)")
    (False, False, False)
    """
    readings = (
        css,
        _decode_css(css),
        _CSS_COMMENT.sub("", _decode_css(css)),
        _decode_css(_CSS_COMMENT.sub("", css)),
    )
    compact = [_CSS_IGNORED.sub("", text).lower() for text in readings]
    return not any(token in text for text in compact for token in UNSAFE_CSS)


def _decode_css(css: str) -> str:
    def char(match: re.Match[str]) -> str:
        if match[1] is None:
            return match[2]
        code = int(match[1], 16)
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"

    return _CSS_ESCAPE.sub(char, css)


def _attribute_problem(element: str, name: str, value: str) -> str | None:
    """Why attribute ``name`` cannot stay on ``element`` (``None``: it can)."""
    if name.startswith("on"):
        return "event handler"
    allowed = name in GLOBAL_ATTRIBUTES or name.startswith("aria-") or name in ELEMENT_ATTRIBUTES.get(element, ())
    if not allowed:
        return "attribute not allowed"
    if name in URL_SCHEMES:
        data_image = (element, name) in DATA_IMAGE_ATTRIBUTES
        return None if safe_url(value, URL_SCHEMES[name], data_image=data_image) else "unsafe URL"
    if name in URL_LIST_SCHEMES:
        # Every real candidate URL starts a comma-separated part, so checking every part is never too lenient.
        parts = value.split(",")
        return None if all(safe_url(part, URL_LIST_SCHEMES[name]) for part in parts) else "unsafe URL"
    if name == "style" and not safe_style(value):
        return "unsafe style"
    return None


def _text_value(value: object) -> str:
    if value is None:
        return ""
    return " ".join(value) if isinstance(value, list) else str(value)


def safe_comment(text: str) -> bool:
    """True when a browser ends a comment with this text exactly where the parser did (HTML's comment rules).

    >>> safe_comment(" keep this note "), safe_comment("[if IE]><p>old</p><![endif]")
    (True, True)
    >>> safe_comment("><script>alert(1)</script>"), safe_comment(" a --!><script>x</script> "), safe_comment("<!-")
    (False, False, False)
    """
    return not (
        text.startswith((">", "->")) or "<!--" in text or "-->" in text or "--!>" in text or text.endswith("<!-")
    )


def _is_text(node: object) -> bool:
    """True for character data (not a comment, CDATA section, declaration or element)."""
    return isinstance(node, NavigableString) and not isinstance(node, PreformattedString)


class _Sanitizer:
    """One pass over one tree; collects what it removes."""

    def __init__(self) -> None:
        self.removals: list[Removal] = []

    def run(self, root: Tag) -> tuple[Removal, ...]:
        if not isinstance(root, BeautifulSoup):  # a document has no attributes of its own
            self._clean_attributes(root)
        stack = list(reversed(root.contents))
        while stack:  # iterative, so a deep tree cannot exhaust the stack
            node = stack.pop()
            if isinstance(node, Tag):
                stack.extend(reversed(self._element(node)))
            else:
                self._string(node)
        return tuple(self.removals)

    def _element(self, el: Tag) -> list[PageElement]:
        """Clean one element; the children still to visit (none when it was dropped)."""
        name = el.name
        line = el.sourceline
        if name in DROPPED_ELEMENTS:
            self.removals.append(Removal(Action.DROPPED, name, DROPPED_ELEMENTS[name], line=line))
            el.decompose()
            return []
        for attribute, reason in DROPPING_ATTRIBUTES.get(name, {}).items():
            if el.has_attr(attribute):
                value = _text_value(el.get(attribute))
                self.removals.append(Removal(Action.DROPPED, name, reason, attribute, value, line))
                el.decompose()
                return []
        children = list(el.contents)
        if name not in ELEMENT_ATTRIBUTES:
            self.removals.append(Removal(Action.UNWRAPPED, name, "element not allowed", line=line))
            el.unwrap()
            return children
        self._clean_attributes(el)
        if name in TEXT_ONLY_ELEMENTS:
            self._flatten(el)
            return []
        return children

    def _clean_attributes(self, el: Tag) -> None:
        for name in list(el.attrs):
            value = _text_value(el.attrs[name])
            reason = _attribute_problem(el.name, name, value)
            if reason is not None:
                self.removals.append(Removal(Action.REMOVED_ATTRIBUTE, el.name, reason, name, value, el.sourceline))
                del el[name]

    def _flatten(self, el: Tag) -> None:
        if all(_is_text(child) for child in el.contents):
            return
        text = "".join(str(node) for node in el.descendants if _is_text(node))
        self.removals.append(Removal(Action.FLATTENED, el.name, "raw-text element", line=el.sourceline))
        el.clear()
        el.append(text)

    def _string(self, node: PageElement) -> None:
        line = getattr(node.parent, "sourceline", None)
        if isinstance(node, Comment):
            if not safe_comment(str(node)):
                self.removals.append(
                    Removal(Action.REMOVED_NODE, "#comment", "unsafe comment", value=str(node), line=line)
                )
                node.extract()
        elif isinstance(node, CData | ProcessingInstruction | Declaration) and not isinstance(node, Doctype):
            kind = (
                "#cdata"
                if isinstance(node, CData)
                else "#pi"
                if isinstance(node, ProcessingInstruction)
                else "#declaration"
            )
            self.removals.append(Removal(Action.REMOVED_NODE, kind, "markup declaration", value=str(node), line=line))
            node.extract()


def sanitize_tree(root: Tag) -> tuple[Removal, ...]:
    """Clean ``root``'s content in place against the tables of this module; what was removed, in document order.

    ``root`` is a tree the caller owns (the loader's own parse of a release): an element or a whole
    ``BeautifulSoup`` document. ``root`` itself is never removed; its attributes are cleaned like any element's.

    >>> from bs4 import BeautifulSoup
    >>> soup = BeautifulSoup('<body onload="x()"><p>Hi<svg onload="y()"></svg></p></body>', "html.parser")
    >>> [str(r) for r in sanitize_tree(soup.body)]
    ["line 1: <body onload='x()'> removed: event handler", 'line 1: <svg> dropped: foreign (SVG/MathML) content']
    >>> str(soup)
    '<body><p>Hi</p></body>'
    """
    return _Sanitizer().run(root)


def sanitize_html(fragment: str) -> str:
    """``fragment`` parsed as the HTML loader parses a release, cleaned by :func:`sanitize_tree`, serialized.

    Markup that is already safe comes back exactly as Beautiful Soup's own parse and serialize would write it.

    >>> sanitize_html('<p>Fish &amp; <b>chips</b> <a href="mailto:press@gcrf.example.org">Press</a></p>')
    '<p>Fish &amp; <b>chips</b> <a href="mailto:press@gcrf.example.org">Press</a></p>'
    """
    try:
        soup = BeautifulSoup(fragment, "html.parser", multi_valued_attributes=None, on_duplicate_attribute="ignore")
    except (ParserRejectedMarkup, AssertionError, ValueError) as exc:
        raise ReleaseError(f"HTML cannot be parsed ({exc})", value=_short(fragment)) from exc
    sanitize_tree(soup)
    return soup.decode(formatter="minimal")


__all__ = [
    "DATA_IMAGE",
    "DATA_IMAGE_ATTRIBUTES",
    "DROPPED_ELEMENTS",
    "DROPPING_ATTRIBUTES",
    "ELEMENT_ATTRIBUTES",
    "GLOBAL_ATTRIBUTES",
    "LINK_SCHEMES",
    "TEXT_ONLY_ELEMENTS",
    "UNSAFE_CSS",
    "URL_LIST_SCHEMES",
    "URL_SCHEMES",
    "WEB_SCHEMES",
    "Action",
    "Removal",
    "safe_comment",
    "safe_style",
    "safe_url",
    "sanitize_html",
    "sanitize_tree",
    "url_scheme",
]
