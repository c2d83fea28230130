"""What a publish produced: per release and for the whole run (plain frozen values).

Per language it is the report's own :class:`~transpub.publish.report_io.LanguageResult`, with a
:class:`~transpub.publish.report.LanguageStatus` from :func:`language_status`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from transpub.checks.gate import gate_allows
from transpub.document import Origin, Translation
from transpub.publish.report import LanguageStatus
from transpub.publish.report_io import LanguageResult


@dataclass(frozen=True)
class ReleaseOutcome:
    slug: str
    source_path: Path | None
    languages: Mapping[str, LanguageResult]
    pages: tuple[Path, ...] = ()
    report: Path | None = None


@dataclass(frozen=True)
class PublishResult:
    releases: tuple[ReleaseOutcome, ...]
    machine_translated: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    reused: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))

    def as_dict(self) -> dict[str, Any]:
        """A JSON-able summary (what the flow returns and the CLI prints)."""
        return {
            "releases": [
                {
                    "slug": rel.slug,
                    "pages": [str(p) for p in rel.pages],
                    "report": None if rel.report is None else str(rel.report),
                    "languages": {
                        lang: {
                            "segments": len(o.translations),
                            "flagged": o.flagged,
                            "critical": o.critical,
                            "status": o.status.value,
                        }
                        for lang, o in rel.languages.items()
                    },
                }
                for rel in self.releases
            ],
            "machine_translated": dict(self.machine_translated),
            "reused": dict(self.reused),
        }


def language_status(engine: str, translations: Sequence[Translation], *, gate: str) -> LanguageStatus:
    """``held`` when the gate is ``hold`` and a critical flag is open; else pseudo / reviewed / machine.

    >>> t = Translation("a", "pt", "Hi", "Oi", Origin.APPROVED)
    >>> language_status("argos", [t], gate="publish"), language_status("pseudo", [t], gate="publish")
    (<LanguageStatus.REVIEWED: 'reviewed'>, <LanguageStatus.PSEUDO: 'pseudo'>)
    """
    if not gate_allows(gate, translations):
        return LanguageStatus.HELD
    if engine == "pseudo":
        return LanguageStatus.PSEUDO
    words = [t for t in translations if t.origin is not Origin.KEPT]
    if words and all(t.origin is Origin.APPROVED for t in words):
        return LanguageStatus.REVIEWED
    return LanguageStatus.MACHINE
