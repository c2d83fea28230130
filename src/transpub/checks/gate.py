"""The publishing gate: may a language's new version go online while flags are open?

Each target language has a ``gate`` setting (``[languages.pt] gate = "hold"`` in the config):

- ``publish`` (the default): machine output goes online at once, with the machine-translation notice;
- ``hold``: while any *critical* flag is open, the language is not republished and the page last published
  stays online untouched.

A flag is *open* while no translator has approved the segment it sits on: approving a segment (in the review
page or through an XLIFF import) is a translator's decision about exactly that wording, so its flags no longer
hold the language. Warnings and infos never hold anything.

>>> from transpub.document import Flag, Origin, Severity, Translation
>>> flags = (Flag("glossary-keep", Severity.CRITICAL, "kept term was translated"),)
>>> bad = Translation("b1.s1", "pt", "GCRF", "FRCG", Origin.MT, flags)
>>> gate_allows("publish", [bad]), gate_allows("hold", [bad])
(True, False)
>>> approved = Translation("b1.s1", "pt", "GCRF", "FRCG", Origin.APPROVED, flags)
>>> gate_allows("hold", [approved])
True
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from transpub.document import Origin, Translation
from transpub.errors import ConfigError


class Gate(enum.StrEnum):
    """The two gate settings a language can have."""

    PUBLISH = "publish"
    HOLD = "hold"


def parse_gate(value: str) -> Gate:
    """The :class:`Gate` named by ``value``; anything else is a :class:`ConfigError` quoting it.

    >>> parse_gate("hold")
    <Gate.HOLD: 'hold'>
    >>> parse_gate("wait")
    Traceback (most recent call last):
    ...
    transpub.errors.ConfigError: gate must be 'publish' or 'hold': 'wait'
    """
    try:
        return Gate(value)
    except ValueError:
        raise ConfigError("gate must be 'publish' or 'hold'", value=value) from None


def open_flags(translations: Iterable[Translation]) -> tuple[Translation, ...]:
    """The translations that carry flags no translator has settled by approving the segment."""
    return tuple(t for t in translations if t.flags and t.origin is not Origin.APPROVED)


def open_critical(translations: Iterable[Translation]) -> tuple[Translation, ...]:
    """The translations whose open flags include a critical one: what ``hold`` waits for."""
    return tuple(t for t in open_flags(translations) if t.critical)


def gate_allows(gate: str | Gate, translations: Iterable[Translation]) -> bool:
    """Whether a language with these translations may be (re)published under ``gate``."""
    if parse_gate(gate) is Gate.PUBLISH:
        return True
    return not open_critical(translations)


def to_review(translations: Iterable[Translation]) -> tuple[Translation, ...]:
    """What a reviewer still has to look at: open flags, and approved segments whose wording breaks a critical rule.

    An approval settles warnings and holds nothing, but a target approved over a critical flag (a mandated term
    dropped, a keep-term altered) stays in the review page's list and count, as it stays in the report.
    """
    return tuple(t for t in translations if t.flags and (t.origin is not Origin.APPROVED or t.critical))
