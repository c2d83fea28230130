"""Counting flags per check id: what the QA report's ``flag_counts`` shows for each language.

>>> from transpub.document import Flag, Severity
>>> flag_counts([(Flag("quotes-lost", Severity.WARNING, "m"),), (Flag("quotes-lost", Severity.WARNING, "m"),)])
{'quotes-lost': 2}
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from transpub.document import Flag, Translation


def flag_counts(items: Iterable[Translation | Iterable[Flag]]) -> dict[str, int]:
    """How many flags each check id raised over ``items`` (translations, or groups of flags), sorted by id."""
    counts: Counter[str] = Counter()
    for item in items:
        flags = item.flags if isinstance(item, Translation) else item
        counts.update(f.code for f in flags)
    return dict(sorted(counts.items()))
