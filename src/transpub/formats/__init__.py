"""Release file formats: an explicit registry of readers, chosen by extension and, failing that, by content.

>>> from pathlib import Path
>>> [reader_for(Path(p), t).name for p, t in [("a.md", ""), ("a.HTM", ""), ("a", "<!doctype html>"), ("a", "x")]]
['md', 'html', 'html', 'txt']
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from transpub.formats.base import FormatReader, ParsedRelease
from transpub.formats.html import HtmlReader
from transpub.formats.markdown import MarkdownReader
from transpub.formats.text import TextReader

__all__ = ["READERS", "FormatReader", "ParsedRelease", "reader_for"]

#: Format name -> reader, in the order content sniffing tries them (plain text accepts anything, so it is last).
READERS: Mapping[str, FormatReader] = MappingProxyType(
    {reader.name: reader for reader in (HtmlReader(), MarkdownReader(), TextReader())}
)


def reader_for(path: Path, text: str) -> FormatReader:
    """The reader for a file: by its extension when that is known, else the first whose ``sniff`` accepts it."""
    suffix = path.suffix.lower()
    for reader in READERS.values():
        if suffix in reader.extensions:
            return reader
    for reader in READERS.values():
        if reader.sniff(text):
            return reader
    return READERS["txt"]
