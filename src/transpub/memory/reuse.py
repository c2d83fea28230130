"""The reuse policy: may a translation-memory entry stand in for machine translation in this run?

An approved entry is a translator's wording and is always reused. A machine entry is reused only while
everything that produced it still holds: the same engine, the same model, and the same glossary fingerprint
for that segment (the hash of the glossary entries that match it). Anything else refreshes it.

>>> from transpub.document import Origin
>>> from transpub.memory.store import MemoryEntry
>>> mt = MemoryEntry("Hello.", "Olá.", "en", "pt", Origin.MT, "argos", "en-pt-1.9", "fp1", None, "t0", "t0")
>>> decide(mt, engine="argos", model="en-pt-1.9", fingerprint="fp1")
<Decision.REUSE: 'reuse'>
>>> decide(mt, engine="argos", model="en-pt-2.0", fingerprint="fp1")
<Decision.REFRESH: 'refresh'>
>>> decide(None, engine="argos", model="en-pt-2.0", fingerprint="fp1")
<Decision.TRANSLATE: 'translate'>
"""

from __future__ import annotations

import enum

from transpub.document import Origin
from transpub.memory.store import MemoryEntry


class Decision(enum.StrEnum):
    """What to do with one segment in one language."""

    REUSE = "reuse"  # take the memory entry as it is
    REFRESH = "refresh"  # a stale machine entry: translate again and overwrite it
    TRANSLATE = "translate"  # nothing in memory: translate and store


def decide(entry: MemoryEntry | None, *, engine: str, model: str, fingerprint: str | None) -> Decision:
    """Decide whether ``entry`` can be reused under the current engine, model and glossary fingerprint.

    ``fingerprint`` is :meth:`transpub.glossary.Glossary.fingerprint` for the segment and language; ``None``
    or ``""`` when no glossary entry concerns the segment (either matches an entry stored without one).
    """
    if entry is None:
        return Decision.TRANSLATE
    if entry.origin is Origin.APPROVED:
        return Decision.REUSE
    # No glossary match is stored as NULL by some callers and "" by others: both mean "no terms".
    if (entry.engine, entry.model, entry.fingerprint or "") == (engine, model, fingerprint or ""):
        return Decision.REUSE
    return Decision.REFRESH


def usable(entry: MemoryEntry | None, *, engine: str, model: str, fingerprint: str | None) -> bool:
    """Whether ``entry`` is reused as it is (shorthand for ``decide(...) is Decision.REUSE``)."""
    return decide(entry, engine=engine, model=model, fingerprint=fingerprint) is Decision.REUSE
