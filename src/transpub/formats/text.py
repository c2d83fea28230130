"""Plain-text releases.

The first non-empty line is the title. Paragraphs are separated by blank lines; a file with no blank line at all has
one paragraph per line. Lines of one paragraph keep their line breaks (hard-wrapped text reads as one paragraph).
Trailing boilerplate ("Media Coverage", tags) stays: it is part of the release as published.

>>> from pathlib import Path
>>> text = "\\n GCRF  report \\n\\nFirst <line>\\nwrapped.\\n\\n\\nMedia Coverage\\n"
>>> parsed = TextReader().read(text, path=Path("a.txt"))
>>> parsed.title, [b.html for b in parsed.blocks]
('GCRF report', ['<p>First &lt;line&gt;\\nwrapped.</p>', '<p>Media Coverage</p>'])
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import ClassVar

from transpub.document import Block
from transpub.errors import ReleaseError
from transpub.formats.base import ParsedRelease
from transpub.formats.html import collapse


def paragraphs(lines: list[str], *, one_per_line: bool) -> list[str]:
    """Group lines into paragraphs: by blank lines, or one per line.

    >>> paragraphs(["a", "b", "", "", "c"], one_per_line=False), paragraphs(["a", "b"], one_per_line=True)
    (['a\\nb', 'c'], ['a', 'b'])
    """
    stripped = [line.strip() for line in lines]
    if one_per_line:
        return [line for line in stripped if line]
    out: list[str] = []
    current: list[str] = []
    for line in [*stripped, ""]:
        if line:
            current.append(line)
        elif current:
            out.extend(split_list_lines(current))
            current = []
    return out


# A line that starts an item of its own: a bullet, a number ("1.", "2)"), or a label with a number and a dash or
# colon ("SDG 16 - Peace", "Goal 3: Health").
_LIST_LINE = re.compile(r"^(?:[-*•–—]\s+|\d{1,3}[.)]\s+|\w+\s+\d{1,3}\s*[-–—:]\s+)")


def split_list_lines(lines: list[str]) -> list[str]:
    """One paragraph's lines, split where list-like lines start, so "SDG 16 - …" and "SDG 17 - …" stay two lines.

    A paragraph with fewer than two list-like lines is hard-wrapped prose and stays one paragraph.

    >>> split_list_lines(["Goals:", "SDG 16 - Peace Justice", "SDG 17 - Partnerships", "for the Goals"])
    ['Goals:', 'SDG 16 - Peace Justice', 'SDG 17 - Partnerships\\nfor the Goals']
    >>> split_list_lines(["The fund grew by", "40 - 50 percent."])
    ['The fund grew by\\n40 - 50 percent.']
    """
    if sum(1 for line in lines if _LIST_LINE.match(line)) < 2:
        return ["\n".join(lines)]
    groups: list[list[str]] = []
    for line in lines:
        if not groups or _LIST_LINE.match(line):
            groups.append([line])
        else:
            groups[-1].append(line)
    return ["\n".join(g) for g in groups]


class TextReader:
    """``.txt``: title line, then paragraphs."""

    name: ClassVar[str] = "txt"
    extensions: ClassVar[tuple[str, ...]] = (".txt", ".text")

    def sniff(self, text: str) -> bool:
        """Any text can be read as plain text; the registry asks this reader last."""
        return True

    def read(self, text: str, *, path: Path) -> ParsedRelease:
        lines = text.split("\n")
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        if first is None:
            raise ReleaseError("file has no text", path=path)
        last = max(i for i, line in enumerate(lines) if line.strip())
        title = collapse(lines[first])
        one_per_line = all(line.strip() for line in lines[first : last + 1])  # the file has no blank line
        paras = paragraphs(lines[first + 1 : last + 1], one_per_line=one_per_line)
        if not paras:
            raise ReleaseError("no body text after the title line", path=path, line=first + 1)
        blocks = tuple(Block("p", f"<p>{escape(p, quote=False)}</p>") for p in paras)
        return ParsedRelease(title=title, blocks=blocks)
