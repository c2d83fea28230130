"""The sanitizer's allow-list tables: which elements and attributes a release may keep, which URLs and CSS.

:mod:`transpub.formats.sanitize` applies them; the reasons behind each decision are in its module docstring.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

#: Attributes every kept element may carry (besides ``aria-*``); ``style`` is checked by :func:`safe_style`.
GLOBAL_ATTRIBUTES = frozenset({"class", "dir", "id", "lang", "role", "style", "title", "translate"})

#: Kept elements -> the attributes each may carry besides :data:`GLOBAL_ATTRIBUTES`. An element not listed here and
#: not in :data:`DROPPED_ELEMENTS` is unwrapped (its content is kept).
ELEMENT_ATTRIBUTES: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        name: frozenset(attrs.split())
        for name, attrs in {
            # document structure (a fragment's loader reads <title> and <meta> from the same tree)
            "html": "",
            "head": "",
            "body": "",
            "title": "",
            "meta": "charset content itemprop name property",
            # sections and blocks
            "address": "",
            "article": "",
            "aside": "",
            "blockquote": "cite",
            "center": "",
            "dd": "",
            "details": "open",
            "div": "",
            "dl": "",
            "dt": "",
            "figcaption": "",
            "figure": "",
            "footer": "",
            "h1": "",
            "h2": "",
            "h3": "",
            "h4": "",
            "h5": "",
            "h6": "",
            "header": "",
            "hgroup": "",
            "hr": "",
            "li": "value",
            "main": "",
            "nav": "",
            "ol": "reversed start type",
            "p": "",
            "pre": "",
            "section": "",
            "summary": "",
            "ul": "",
            # tables
            "caption": "",
            "col": "span",
            "colgroup": "span",
            "table": "",
            "tbody": "",
            "td": "colspan headers rowspan",
            "tfoot": "",
            "th": "abbr colspan headers rowspan scope",
            "thead": "",
            "tr": "",
            # phrasing
            "a": "href hreflang rel type",
            "abbr": "",
            "acronym": "",
            "b": "",
            "bdi": "",
            "bdo": "",
            "big": "",
            "br": "",
            "cite": "",
            "code": "",
            "data": "value",
            "del": "cite datetime",
            "dfn": "",
            "em": "",
            "font": "color face size",
            "i": "",
            "img": "alt decoding height loading sizes src srcset width",
            "ins": "cite datetime",
            "kbd": "",
            "mark": "",
            "picture": "",
            "q": "cite",
            "rp": "",
            "rt": "",
            "ruby": "",
            "s": "",
            "samp": "",
            "small": "",
            "source": "media sizes srcset type",
            "span": "",
            "strike": "",
            "strong": "",
            "sub": "",
            "sup": "",
            "time": "datetime",
            "tt": "",
            "u": "",
            "var": "",
            "wbr": "",
        }.items()
    }
)

#: Elements removed with everything they contain -> why.
DROPPED_ELEMENTS: Mapping[str, str] = MappingProxyType(
    {
        **dict.fromkeys(("script", "noscript"), "script"),
        "template": "script template",
        **dict.fromkeys(("style", "link"), "style sheet (the page has its own)"),
        **dict.fromkeys(("iframe", "frame", "frameset", "noframes", "portal", "fencedframe"), "embedded document"),
        **dict.fromkeys(("object", "embed", "applet", "param", "noembed"), "plug-in content"),
        **dict.fromkeys(("audio", "video", "track", "bgsound", "canvas"), "embedded media"),
        **dict.fromkeys(("svg", "math"), "foreign (SVG/MathML) content"),
        **dict.fromkeys(
            ("form", "input", "button", "textarea", "select", "option", "optgroup", "datalist", "keygen", "isindex"),
            "form control",
        ),
        "base": "base URL",
    }
)

#: Kept elements that are nevertheless dropped when they carry one of these attributes -> why.
DROPPING_ATTRIBUTES: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {"meta": MappingProxyType({"http-equiv": "meta http-equiv"})}
)

#: Kept elements whose content is reduced to plain text: browsers read it as raw text, so a comment or tag in it
#: could end the element early and start live markup.
TEXT_ONLY_ELEMENTS = frozenset({"title"})

#: Schemes allowed in links; relative URLs and fragments (no scheme) are always allowed.
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
#: Schemes allowed where a URL is fetched or cited rather than followed.
WEB_SCHEMES = frozenset({"http", "https"})
#: URL-bearing attributes -> the schemes each allows.
URL_SCHEMES: Mapping[str, frozenset[str]] = MappingProxyType(
    {"href": LINK_SCHEMES, "cite": WEB_SCHEMES, "src": WEB_SCHEMES}
)
#: Attributes holding a comma-separated list of URLs (each must pass) -> the schemes each allows.
URL_LIST_SCHEMES: Mapping[str, frozenset[str]] = MappingProxyType({"srcset": WEB_SCHEMES})
#: ``(element, attribute)`` pairs where an inline image (:data:`DATA_IMAGE`) is allowed too.
DATA_IMAGE_ATTRIBUTES = frozenset({("img", "src")})
#: The ``data:`` URLs an image may be: raster types only (an SVG image can carry script).
DATA_IMAGE = re.compile(r"data:image/(?:png|gif|jpeg|webp)[;,]", re.IGNORECASE)

#: CSS that loads or runs something; a ``style`` attribute holding one (decoded, spaces removed, any case) goes.
UNSAFE_CSS = (
    "expression(",
    "url(",
    "image(",
    "image-set(",
    "@import",
    "-moz-binding",
    "behavior:",
    "behaviour:",
    "javascript:",
    "vbscript:",
)
