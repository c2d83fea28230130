"""Bounds checked before any parser runs: nesting that would recurse too deep, and text no reader can see.

The ``markdown`` package parses nested lists, quotes and brackets recursively and in time that grows with the
square of the nesting (400 nested list levels exhaust Python's stack; 16,000 open brackets take a minute and a
half; 20,000 characters of unclosed ``<a `` take three seconds), and its inline patterns cost more than linear
time in the markup characters of one paragraph. A single linear scan of the body finds the deepest nesting and
the densest paragraph first, so such a file gets one clear error at once. Real releases stay far below the
limits, and a paragraph's cost is bounded, so a whole file costs time linear in its size.

>>> markdown_depth_problem("- a\\n    - b\\n        - c\\n")
>>> markdown_depth_problem("[" * 40 + "x")
(1, 'brackets are nested more than 32 deep')
>>> markdown_depth_problem("\\n".join("    " * i + "- x" for i in range(20)))
(17, 'lists or quotes are nested more than 16 deep')
>>> has_visible("\\u200b\\u200d\\ufeff \\u2060"), has_visible("\\u200bA")
(False, True)
"""

from __future__ import annotations

import re
import unicodedata

#: Deepest nesting of ``[``, ``(`` and ``<`` in one Markdown paragraph (an unclosed one counts as open): the
#: package's link, autolink and inline-HTML patterns take quadratic time in the number of open ones.
MAX_MARKDOWN_BRACKETS = 32
#: Most inline markup characters (and line breaks) in one Markdown paragraph: the package's inline patterns cost
#: more than linear time in their number (80,000 backticks or backslashes in a paragraph take over a second).
MAX_MARKDOWN_MARKUP = 5_000
_MARKUP = "`\\<>*_[]()!&"
#: Deepest nesting of lists and block quotes in Markdown (four columns of indentation or one marker per level).
MAX_MARKDOWN_CONTAINERS = 16

_MARKER = re.compile(r"[ \t]{0,3}(?:[-*+]|\d{1,9}[.)]|>)(?:[ \t]+|$)")
#: Characters that render as nothing: format controls (zero-width space and joiners, bidi marks, BOM), blank
#: fillers, and whitespace. A file made only of these would publish an invisible page.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Cn", "Mn", "Me"})
_BLANK_FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e\u034f")


def _container_depth(line: str) -> int:
    """Nesting level a Markdown line opens: indentation in steps of four columns plus markers in a row."""
    expanded = line.expandtabs(4)
    body = expanded.lstrip(" ")
    indent = len(expanded) - len(body)
    markers = 0
    pos = 0
    while True:
        m = _MARKER.match(body, pos)
        if m is None or m.end() == pos:
            break
        markers += 1
        pos = m.end()
    return indent // 4 + markers if markers else 0


def markdown_depth_problem(body: str) -> tuple[int, str] | None:
    """``(line, problem)`` for the first place the Markdown ``body`` nests too deeply, else ``None``.

    One pass over the text; backslash-escaped brackets do not count; a blank line ends a paragraph (its brackets
    and its count of markup characters).
    """
    depth = markup = 0
    for number, line in enumerate(body.split("\n"), start=1):
        if not line.strip():
            depth = markup = 0
            continue
        if _container_depth(line) > MAX_MARKDOWN_CONTAINERS:
            return number, f"lists or quotes are nested more than {MAX_MARKDOWN_CONTAINERS} deep"
        escaped = False
        for char in line:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char in "[(<":
                depth += 1
                if depth > MAX_MARKDOWN_BRACKETS:
                    return number, f"brackets are nested more than {MAX_MARKDOWN_BRACKETS} deep"
            elif char in "])>" and depth:
                depth -= 1
        markup += 1 + sum(line.count(c) for c in _MARKUP)
        if markup > MAX_MARKDOWN_MARKUP:
            return number, f"a paragraph holds more than {MAX_MARKDOWN_MARKUP} markup characters and line breaks"
    return None


def is_visible(char: str) -> bool:
    """Whether a character shows as something on a page."""
    return char not in _BLANK_FILLERS and unicodedata.category(char) not in _INVISIBLE_CATEGORIES


def has_visible(text: str) -> bool:
    """Whether ``text`` holds at least one character a reader would see."""
    return any(is_visible(c) for c in text)
