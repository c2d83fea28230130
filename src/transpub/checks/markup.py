"""Markup checks: inline codes lost or duplicated, URLs and e-mail addresses changed, placeholders leaked."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from transpub.checks.base import CheckContext, Finding, check
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


@check(
    "inline-code-lost",
    "Inline code lost",
    "An inline tag of the source (a link, emphasis, a line break) is missing from the target.",
    Severity.CRITICAL,
)
def code_lost(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    for code in sorted((_codes(segment.source) - _codes(target)).elements()):
        yield Finding(f"inline code {_describe(segment, code)} is missing from the target", code)


@check(
    "inline-code-duplicated",
    "Inline code duplicated",
    "The target has an inline tag more often than the source, or one the source does not have.",
    Severity.CRITICAL,
)
def code_duplicated(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    for code in sorted(set((_codes(target) - _codes(segment.source)).elements())):
        yield Finding(f"inline code {_describe(segment, code)} appears more often than in the source", code)


@check(
    "url-email-changed",
    "URL or e-mail changed",
    "A URL or e-mail address of the source does not appear unchanged in the target.",
    Severity.CRITICAL,
)
def link_changed(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    found = Counter(m.group(0) for m in LINK.finditer(to_plain(target)))
    wanted = Counter(m.group(0) for m in LINK.finditer(to_plain(segment.source)))
    for link in sorted((wanted - found).elements()):
        yield Finding(f"{link!r} is missing or changed in the target", link)


@check(
    "placeholder-leaked",
    "Placeholder leaked",
    "The target contains a protection placeholder ([T1], XTERM1X…) that must never reach a page.",
    Severity.CRITICAL,
)
def placeholder_leaked(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    already = set(LEAK.findall(to_plain(segment.source)))
    for token in LEAK.findall(to_plain(target)):
        if token not in already:
            yield Finding(f"placeholder {token!r} leaked into the target", token)


CHECKS = (code_lost, code_duplicated, link_changed, placeholder_leaked)
