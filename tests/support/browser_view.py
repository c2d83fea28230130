"""Hostile sources and how a browser would see a page: the corpus and the inertness test shared by every test of
active content (a published page, the sanitizer's output).

A page is parsed the way a browser parses it (html5lib) and inspected for active content: script-capable elements
(``<script>``, ``<iframe>``, ``<object>``, ``<embed>``, ``<base>``, ``<form>``, ``<meta http-equiv>``…), event-handler
attributes, ``javascript:``/``vbscript:``/``data:`` URLs (however they are cased, spaced or encoded) and script in CSS.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping

from bs4 import BeautifulSoup, Tag

# ----------------------------------------------------------------------------------------------- hostile sources

HOSTILE_HTML = """<!DOCTYPE html>
<html><head>
<title>Head title</title>
<meta name="description" content="Tidewatch data&quot; onmouseover=&quot;alert('meta')">
<meta http-equiv="refresh" content="0;url=javascript:alert('refresh')">
<base href="javascript:alert('base')//">
<script>alert("head")</script>
<style>body { background: url("javascript:alert('css')") }</style>
</head>
<body onload="alert('body')">
<h1 onclick="alert('h1')">GCRF opens <em onmouseover="alert('em')">Tidewatch</em> to coastal communities</h1>
<p>Read the <a href="javascript:alert('link')">full report</a> or the
<a href=" JaVaScRiPt:alert('case')">summary</a>.</p>
<p>See the <a href="&#106;avascript:alert('entity')">annex</a> and the
<a href="data:text/html,<script>alert(1)</script>">data</a>.</p>
<p><img src="map.png" alt="Coastal map" onerror="alert('img')"> Member States met in Port Elizabeth.</p>
<script>alert("body script")</script>
<p>Write &lt;script&gt;alert("escaped")&lt;/script&gt; in the form to test it.</p>
<iframe src="javascript:alert('iframe')"></iframe>
<iframe srcdoc="<script>alert('srcdoc')</script>"></iframe>
<p style="background-image: url(javascript:alert('style'))">Styled paragraph about climate resilience.</p>
<svg onload="alert('svg')"><circle r="4"></circle></svg>
<form action="javascript:alert('form')"><button formaction="javascript:alert('button')">Send</button></form>
<object data="javascript:alert('object')"></object><embed src="javascript:alert('embed')">
<p>An <b onmouseover="alert('b')">early warning system</b> protects
<span style="x:expression(alert(1))">ports</span>.</p>
</body></html>
"""

HOSTILE_MD = """---
title: Tidewatch <script>alert("md title")</script> goes live
date: 2026-03-14
slug: tidewatch-live
---

Read the [report](javascript:alert('md-link')) and the [annex]( JAVASCRIPT:alert('md-case') ).

<script>alert("md raw")</script>

<img src="x.png" alt="Map" onerror="alert('md img')"> Coastal communities welcome the data.

Escaped: \\<script>alert("md escaped")\\</script> and `<script>alert("md code")</script>` stay text.

<a href="https://gcrf.example.org" onclick="alert('md onclick')">GCRF site</a> lists every station.
"""

HOSTILE_TXT = """<script>alert("txt title")</script> Tidewatch opens

Type <img src=x onerror=alert('txt')> into the search box.

Links like javascript:alert('txt-link') and <a href="javascript:alert(1)">this</a> stay text.
"""

SOURCES: Mapping[str, str] = {"hostile.html": HOSTILE_HTML, "hostile.md": HOSTILE_MD, "hostile.txt": HOSTILE_TXT}

CLEAN_HTML = """<html><head><title>Clean</title><meta name="description" content="Tidewatch goes live."></head>
<body><h1>GCRF opens Tidewatch</h1>
<p>Read the <a href="https://gcrf.example.org/report">full report</a> on <em>climate resilience</em>.</p>
<p><img src="map.png" alt="Coastal map"> Member States met in Port Elizabeth.<br>Amara Okafor spoke.</p>
<p>Write &lt;b&gt;bold&lt;/b&gt; &amp; see.</p>
</body></html>
"""

# ------------------------------------------------------------------------------------------------ page inspection

ACTIVE_ELEMENTS = frozenset(
    {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "portal", "noscript"}
)
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "data", "poster", "background", "cite", "xlink:href", "lowsrc", "ping"}
)
# data: URLs are active, except the inert raster images the sanitizer lets an <img> carry.
SCRIPT_URL = re.compile(r"^(?:javascript|vbscript|livescript|data(?!:image/(?:png|gif|jpeg|webp)[;,])):", re.IGNORECASE)
SCRIPT_CSS = re.compile(r"javascript:|vbscript:|expression\s*\(|-moz-binding|behavior\s*:", re.IGNORECASE)
TRANSLATABLE_ATTRIBUTES = frozenset({"alt", "title"})
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]+")


def is_structured_data(el: Tag) -> bool:
    """The page's own ``<script type="application/ld+json">``: in ``<head>``, no other attribute, a JSON object."""
    if el.name != "script" or el.attrs != {"type": "application/ld+json"} or el.parent is None:
        return False
    try:
        data = json.loads(el.string or "")
    except ValueError:
        return False
    return el.parent.name == "head" and isinstance(data, dict) and data.get("@type") == "NewsArticle"


def active_content(html: str) -> list[str]:
    """Everything in ``html`` that could run in a browser, as readable descriptions (empty: the page is inert)."""
    soup = BeautifulSoup(html, "html5lib")
    found: list[str] = []
    for el in soup.find_all(True):
        if is_structured_data(el):
            continue  # JSON-LD is data a browser never runs (checked: in the head, one attribute, valid JSON)
        if el.name in ACTIVE_ELEMENTS:
            found.append(f"<{el.name}> element")
        if el.name == "meta" and el.get("http-equiv"):
            found.append(f"<meta http-equiv={el.get('http-equiv')!r}>")
        if el.name == "style" and SCRIPT_CSS.search(el.get_text()):
            found.append("script in a <style> element")
        for name, value in el.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on") or name.lower() == "srcdoc":
                found.append(f"<{el.name} {name}=...>")
            elif name.lower() in URL_ATTRIBUTES and SCRIPT_URL.match(_IGNORED_IN_URLS.sub("", text)):
                found.append(f"<{el.name} {name}={text!r}>")
            elif name.lower() == "srcset" and any(
                SCRIPT_URL.match(_IGNORED_IN_URLS.sub("", part)) for part in text.split(",")
            ):
                found.append(f"<{el.name} srcset={text!r}>")
            elif name.lower() == "style" and SCRIPT_CSS.search(text):
                found.append(f"<{el.name} style={text!r}>")
    return found


def body_elements(html: str) -> Counter[tuple[str, tuple[tuple[str, str], ...]]]:
    """The elements of the page's release body with their attributes, as a multiset."""
    soup = BeautifulSoup(html, "html5lib")
    body = soup.find("div", class_="release-body")
    assert isinstance(body, Tag), "page has no release body"
    return Counter((el.name, _attributes(el)) for el in body.find_all(True))


def _attributes(el: Tag) -> tuple[tuple[str, str], ...]:
    """An element's attributes, sorted; translatable ones (``alt``, ``title``) by name only."""
    pairs = []
    for name, value in el.attrs.items():
        text = " ".join(value) if isinstance(value, list) else str(value)
        pairs.append((name, "(translated)" if name in TRANSLATABLE_ATTRIBUTES else text))
    return tuple(sorted(pairs))


def page_text(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html5lib").get_text().split())
