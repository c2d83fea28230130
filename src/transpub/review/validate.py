"""The rules every reviewed target must pass, whether it comes from an XLIFF file or the review page.

A target is refused when its inline markup is broken or is not the source's set of codes (each code of the
source exactly once, none added; the order may change, as word order does), when it is empty, or when it still
holds a masking placeholder that machine translation leaked.

>>> validate_target('Read <g id="1">the report</g>.', 'Leia <g id="1">o relatório</g>.')
'Leia <g id="1">o relatório</g>.'
>>> validate_target('Read <g id="1">the report</g>.', 'Leia o relatório.')
Traceback (most recent call last):
...
transpub.errors.ReviewError: inline codes differ from the source (missing: g1): 'Leia o relatório.'
"""

from __future__ import annotations

from collections import Counter

from transpub.errors import ProtectionError, ReviewError
from transpub.text import tagged
from transpub.text.placeholders import LEAK


def _codes(text: str) -> Counter[str]:
    return Counter(c for c in tagged.code_sequence(text) if not c.startswith("/"))


def validate_target(source: str, target: str) -> str:
    """Return ``target`` in canonical tagged form, or raise :class:`ReviewError` saying what is wrong."""
    try:
        tokens = tagged.parse(target)
    except ProtectionError as exc:
        raise ReviewError(f"inline markup is broken ({exc.message})", value=target) from exc
    normal = tagged.serialize(tokens)
    if not tagged.to_plain(normal).strip() and tagged.to_plain(source).strip():
        raise ReviewError("target is empty", value=target)
    want, have = _codes(source), _codes(normal)
    if want != have:
        missing = sorted((want - have).elements())
        extra = sorted((have - want).elements())
        detail = "; ".join(
            part
            for part in (
                f"missing: {', '.join(missing)}" if missing else "",
                f"unexpected: {', '.join(extra)}" if extra else "",
            )
            if part
        )
        raise ReviewError(f"inline codes differ from the source ({detail})", value=target)
    leaked = LEAK.search(tagged.to_plain(normal))
    if leaked and not LEAK.search(tagged.to_plain(source)):
        raise ReviewError(f"target still holds a masking placeholder {leaked.group(0)!r}", value=target)
    return normal


def same_source(a: str, b: str) -> bool:
    """Whether two tagged sources are the same text (escaping spelled either way).

    >>> same_source("Fish &amp; chips", "Fish &#38; chips"), same_source("a", "b")
    (True, False)
    """
    try:
        return tagged.serialize(tagged.parse(a)) == tagged.serialize(tagged.parse(b))
    except ProtectionError:
        return False
