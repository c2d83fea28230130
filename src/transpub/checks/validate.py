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

from transpub.checks.ids import CheckId
from transpub.checks.markup import code_diff, leaked_placeholders
from transpub.checks.text import is_empty_target
from transpub.document import Flag, Severity
from transpub.errors import ProtectionError, ReviewError
from transpub.text import tagged
from transpub.text.xmlsafe import describe, first_unsafe


def validate_target(source: str, target: str) -> str:
    """Return ``target`` in canonical tagged form, or raise :class:`ReviewError` saying what is wrong."""
    try:
        tokens = tagged.parse(target)
    except ProtectionError as exc:
        raise ReviewError(f"inline markup is broken ({exc.message})", value=target) from exc
    normal = tagged.serialize(tokens)
    bad = first_unsafe(normal)
    if bad is not None:  # XML 1.0 cannot hold it: the next XLIFF export would break (transpub.text.xmlsafe)
        raise ReviewError(f"target holds {describe(normal[bad])}, which XML 1.0 cannot hold", value=target)
    if is_empty_target(source, normal):
        raise ReviewError("target is empty", value=target)
    diff = code_diff(source, normal)
    if diff:
        raise ReviewError(diff.message(), value=target)
    leaked = leaked_placeholders(source, normal)
    if leaked:
        raise ReviewError(f"target still holds a masking placeholder {leaked[0]!r}", value=target)
    return normal


def approval_flag(source: str, target: str) -> Flag | None:
    """The warning for an approved memory target that cannot be used for ``source`` any more, or None when it can.

    A broken approval (edited by hand, or from an older version) must not block a publish: the segment is
    translated again and the reviewer is told why.

    >>> approval_flag('Read <g id="1">this</g>.', 'Leia isto.').message
    'approved translation ignored: inline codes differ from the source (missing: g1)'
    >>> approval_flag("Read this.", "Leia isto.") is None
    True
    """
    try:
        validate_target(source, target)
    except ReviewError as exc:
        return Flag(CheckId.APPROVAL_INVALID, Severity.WARNING, f"approved translation ignored: {exc.message}")
    return None


def source_changed_flag(old_source: str) -> Flag:
    """The warning on a sentence whose place held another, approved sentence at the last publish."""
    return Flag(
        CheckId.SOURCE_CHANGED,
        Severity.WARNING,
        "source changed since approval; the approved translation of the old sentence is offered as a suggestion",
        span=tagged.to_plain(old_source),
    )


def same_source(a: str, b: str) -> bool:
    """Whether two tagged sources are the same text (escaping spelled either way).

    >>> same_source("Fish &amp; chips", "Fish &#38; chips"), same_source("a", "b")
    (True, False)
    """
    try:
        return tagged.serialize(tagged.parse(a)) == tagged.serialize(tagged.parse(b))
    except ProtectionError:
        return False
