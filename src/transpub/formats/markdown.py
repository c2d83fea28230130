"""Markdown releases with optional YAML front matter (``title``, ``date``, ``slug``, ``summary``).

The front matter is read with PyYAML's safe composer (nothing is constructed, so no tag can run code and no date is
guessed); the body is rendered with the ``markdown`` package and then read like an HTML fragment. Errors name the
file and the line of the front matter they come from.

>>> from pathlib import Path
>>> text = "---\\ntitle: GCRF report\\ndate: 2026-03-02\\nslug: gcrf-report\\n---\\nIt *works*.\\n"
>>> parsed = MarkdownReader().read(text, path=Path("a.md"))
>>> parsed.title, parsed.date, parsed.slug, [b.html for b in parsed.blocks]
('GCRF report', datetime.date(2026, 3, 2), 'gcrf-report', ['<p>It <em>works</em>.</p>'])
>>> MarkdownReader().read("---\\ntitle: x\\ndate: 2026-02-30\\n---\\nBody.", path=Path("a.md"))
Traceback (most recent call last):
...
transpub.errors.ReleaseError: a.md:3: date is not a real date (YYYY-MM-DD): '2026-02-30'
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import ClassVar

from transpub.errors import ReleaseError
from transpub.formats.base import ParsedRelease
from transpub.formats.html import collapse, extract
from transpub.formats.limits import markdown_depth_problem
from transpub.text.slug import validate_slug
from transpub.text.xmlsafe import describe, first_unsafe

#: Front matter keys transpub reads; any other key is allowed and ignored (authors keep their own fields).
FRONT_MATTER_KEYS = ("title", "date", "slug", "summary")
_FENCES = ("---", "...")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class FrontMatterValue:
    """One scalar of the front matter and the 1-based file line it stands on."""

    text: str
    line: int


def split_front_matter(text: str, *, path: Path) -> tuple[dict[str, FrontMatterValue], str]:
    """Separate YAML front matter (between ``---`` fences at the top) from the Markdown body.

    >>> fm, body = split_front_matter("---\\ntitle: 'A: B'\\n---\\n# Body", path=Path("a.md"))
    >>> fm["title"], body
    (FrontMatterValue(text='A: B', line=2), '# Body')
    """
    import yaml

    lines = text.split("\n")
    if lines[0].strip() != "---":
        return {}, text
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in _FENCES), None)
    if end is None:
        raise ReleaseError("front matter opened with '---' is never closed", path=path, line=1)
    try:
        node = yaml.compose("\n".join(lines[1:end]), Loader=yaml.SafeLoader)
    except RecursionError as exc:
        raise ReleaseError("front matter is nested too deeply", path=path, line=2) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = None if mark is None else mark.line + 2
        problem = getattr(exc, "problem", None) or str(exc)
        raise ReleaseError(f"front matter is not valid YAML ({problem})", path=path, line=line) from exc
    body = "\n".join(lines[end + 1 :])
    if node is None:
        return {}, body
    if not isinstance(node, yaml.MappingNode):
        raise ReleaseError("front matter must be a mapping of keys to values", path=path, line=2)
    values: dict[str, FrontMatterValue] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 2
        if not isinstance(key_node, yaml.ScalarNode):
            raise ReleaseError("front matter key must be a plain name", path=path, line=line)
        key = key_node.value
        if key in values:
            raise ReleaseError("front matter key appears twice", path=path, line=line, value=key)
        if key not in FRONT_MATTER_KEYS:
            continue
        if not isinstance(value_node, yaml.ScalarNode):
            raise ReleaseError(f"front matter {key!r} must be a single value", path=path, line=line)
        null = value_node.tag == "tag:yaml.org,2002:null" and value_node.style is None
        bad = first_unsafe(value_node.value)
        if bad is not None:  # a YAML escape such as "\0" or "\ud800"
            raise ReleaseError(
                f"front matter {key!r} holds {describe(value_node.value[bad])}, which a page cannot hold",
                path=path,
                line=line,
            )
        values[key] = FrontMatterValue("" if null else value_node.value, line)
    return values, body


def parse_date(value: FrontMatterValue, *, path: Path) -> dt.date | None:
    """A ``YYYY-MM-DD`` front matter date; ``None`` when empty; :class:`ReleaseError` when malformed or unreal."""
    text = value.text.strip()
    if not text:
        return None
    m = _DATE.fullmatch(text)
    if m is None:
        raise ReleaseError("date must be written YYYY-MM-DD", path=path, line=value.line, value=text)
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError as exc:
        raise ReleaseError("date is not a real date (YYYY-MM-DD)", path=path, line=value.line, value=text) from exc


class MarkdownReader:
    """``.md`` / ``.markdown``: front matter, then Markdown."""

    name: ClassVar[str] = "md"
    extensions: ClassVar[tuple[str, ...]] = (".md", ".markdown")

    def sniff(self, text: str) -> bool:
        """True for text that opens with a front matter fence or a Markdown heading.

        >>> [MarkdownReader().sniff(t) for t in ("---\\ntitle: a\\n---", "# Title", "A")]
        [True, True, False]
        """
        first = text.lstrip("\n").split("\n", 1)[0]
        return first.rstrip() == "---" or first.startswith("# ")

    def read(self, text: str, *, path: Path) -> ParsedRelease:
        import markdown

        front, body = split_front_matter(text, path=path)
        too_deep = markdown_depth_problem(body)
        if too_deep is not None:  # checked before the recursive parser runs
            body_start = text.count("\n") - body.count("\n")
            raise ReleaseError(f"Markdown {too_deep[1]}", path=path, line=body_start + too_deep[0])
        slug = None
        if "slug" in front and front["slug"].text.strip():
            slug = validate_slug(front["slug"].text.strip(), path=path, line=front["slug"].line)
        date = parse_date(front["date"], path=path) if "date" in front else None
        summary = collapse(front["summary"].text) if "summary" in front else None
        title = collapse(front["title"].text) if "title" in front else None
        parsed = extract(
            markdown.markdown(body, output_format="html"),
            path=path,
            title=title or None,
            title_hint="add a 'title:' to the front matter or a '# heading'",
        )
        return replace(parsed, slug=slug, summary=summary or None, date=date)
