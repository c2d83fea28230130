"""The applied-terms values: per segment and language, which glossary entries were found, enforced or failed.

The rules that decide a status are QA rules and live in :mod:`transpub.checks.applied`.

>>> AppliedTerm("GCRF", TermKind.KEEP, "GCRF", TermStatus.ENFORCED).as_dict()["status"]
'enforced'
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from transpub.glossary.entry import TermKind


class TermStatus(enum.StrEnum):
    ENFORCED = "enforced"  # protection put the term in place
    PRESENT = "present"  # the term is in the target without protection (or a forbidden word is absent)
    FAILED = "failed"  # the term is missing or altered, or a forbidden word is present


@dataclass(frozen=True)
class AppliedTerm:
    """One glossary entry's outcome in one segment's target (the ``terms`` list of the report)."""

    source: str
    kind: TermKind
    target: str | None
    status: TermStatus
    reason: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {
            "source": self.source,
            "kind": str(self.kind),
            "target": self.target,
            "status": str(self.status),
            "reason": self.reason,
        }
