"""What every format reader returns, and the interface a reader implements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import ClassVar, Protocol

from transpub.document import Block


def _frozen_map(value: Mapping[str, str] | None = None) -> Mapping[str, str]:
    return MappingProxyType(dict(value or {}))


@dataclass(frozen=True)
class ParsedRelease:
    """The content of a release file as a reader sees it; :mod:`transpub.formats.loading` adds slug, hash and path.

    ``slug`` is set only when the file names one (front matter); it is already validated.
    """

    title: str
    blocks: tuple[Block, ...]
    date: dt.date | None = None
    slug: str | None = None
    summary: str | None = None
    meta: Mapping[str, str] = field(default_factory=_frozen_map)


class FormatReader(Protocol):
    """One release file format. ``name`` becomes ``Release.source_format``."""

    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]]

    def sniff(self, text: str) -> bool:
        """True when ``text`` looks like this format (used when the extension says nothing)."""
        ...

    def read(self, text: str, *, path: Path) -> ParsedRelease:
        """Parse decoded ``text``; raise :class:`~transpub.errors.ReleaseError` naming ``path`` on bad input."""
        ...
