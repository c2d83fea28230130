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
            out.append("\n".join(current))
            current = []
    return out


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
