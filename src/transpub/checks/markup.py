"""Markup checks: inline codes lost or duplicated, URLs and e-mail addresses changed, placeholders leaked."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from transpub.checks.base import CheckContext, Finding, check
from transpub.checks.ids import CheckId
from transpub.document import Segment, Severity
from transpub.text.placeholders import LEAK, LINK
from transpub.text.tagged import code_sequence, to_plain


def _describe(segment: Segment, code: str) -> str:
    code_id = code.lstrip("/gx")
    try:
        opening = segment.code(code_id).opening
    except KeyError:
        return code
    return f"{code} ({opening})"


def _codes(tagged: str) -> Counter[str]:
    return Counter(c for c in code_sequence(tagged) if not c.startswith("/"))


@dataclass(frozen=True)
class CodeDiff:
    """How a target's inline codes differ from its source's: each code id (``g1``, ``x2``) as often as it differs.

    The one inline-code comparison: the checks below, protection's last safety net and the validation of reviewer
    edits all ask it. Order is free (word order moves codes); only the set of codes, counted, must match.

    >>> diff = code_diff('Read <g id="1">this</g><x id="2"/>.', 'Leia isto<x id="2"/><x id="2"/>.')
    >>> diff.missing, diff.extra, diff.describe()
    (('g1',), ('x2',), 'missing: g1; unexpected: x2')
    >>> bool(code_diff('<g id="1">a</g>', '<g id="1">b</g>'))
    False
    """

    missing: tuple[str, ...]
    extra: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.missing or self.extra)

    def describe(self) -> str:
        parts = (
            f"missing: {', '.join(self.missing)}" if self.missing else "",
            f"unexpected: {', '.join(self.extra)}" if self.extra else "",
        )
        return "; ".join(part for part in parts if part)

    def message(self) -> str:
        return f"inline codes differ from the source ({self.describe()})"


def code_diff(source: str, target: str) -> CodeDiff:
    """Compare the inline codes of two tagged texts (see :class:`CodeDiff`)."""
    want, have = _codes(source), _codes(target)
    return CodeDiff(tuple(sorted((want - have).elements())), tuple(sorted((have - want).elements())))


@check(
    CheckId.CODE_LOST,
    "Inline code lost",
    "An inline tag of the source (a link, emphasis, a line break) is missing from the target.",
    Severity.CRITICAL,
)
def code_lost(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    for code in code_diff(segment.source, target).missing:
        yield Finding(f"inline code {_describe(segment, code)} is missing from the target", code)


@check(
    CheckId.CODE_DUPLICATED,
    "Inline code duplicated",
    "The target has an inline tag more often than the source, or one the source does not have.",
    Severity.CRITICAL,
)
def code_duplicated(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    for code in sorted(set(code_diff(segment.source, target).extra)):
        yield Finding(f"inline code {_describe(segment, code)} appears more often than in the source", code)


@check(
    CheckId.LINK_CHANGED,
    "URL or e-mail changed",
    "A URL or e-mail address of the source does not appear unchanged in the target.",
    Severity.CRITICAL,
)
def link_changed(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    found = Counter(m.group(0) for m in LINK.finditer(to_plain(target)))
    wanted = Counter(m.group(0) for m in LINK.finditer(to_plain(segment.source)))
    for link in sorted((wanted - found).elements()):
        yield Finding(f"{link!r} is missing or changed in the target", link)


def leaked_placeholders(source: str, target: str) -> list[str]:
    """Placeholder-shaped tokens in the tagged ``target`` that the tagged ``source`` does not have itself.

    >>> leaked_placeholders("Footnote [T1] stays.", "A nota [T1] fica com XTERM2X.")
    ['XTERM2X']
    """
    already = set(LEAK.findall(to_plain(source)))
    return [token for token in LEAK.findall(to_plain(target)) if token not in already]


@check(
    CheckId.PLACEHOLDER_LEAKED,
    "Placeholder leaked",
    "The target contains a protection placeholder ([T1], XTERM1X…) that must never reach a page.",
    Severity.CRITICAL,
)
def placeholder_leaked(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    for token in leaked_placeholders(segment.source, target):
        yield Finding(f"placeholder {token!r} leaked into the target", token)


CHECKS = (code_lost, code_duplicated, link_changed, placeholder_leaked)
