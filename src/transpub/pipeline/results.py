"""What a publish produced: per language, per release, and for the whole run (plain frozen values)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from transpub.checks.gate import gate_allows
from transpub.document import Origin, Translation


@dataclass(frozen=True)
class LanguageOutcome:
    """One language of one release, ready to render."""

    lang: str
    status: str  # machine | reviewed | pseudo | held
    translations: tuple[Translation, ...]
    terms: Mapping[str, tuple[Any, ...]]
    engine: str
    model: str

    @property
    def flagged(self) -> int:
        return sum(1 for t in self.translations if t.flags)

    @property
    def critical(self) -> int:
        return sum(1 for t in self.translations if t.critical)


@dataclass(frozen=True)
class ReleaseOutcome:
    slug: str
    source_path: Path | None
    languages: Mapping[str, LanguageOutcome]
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
                            "status": o.status,
                        }
                        for lang, o in rel.languages.items()
                    },
                }
                for rel in self.releases
            ],
            "machine_translated": dict(self.machine_translated),
            "reused": dict(self.reused),
        }


def language_status(engine: str, translations: Sequence[Translation], *, gate: str) -> str:
    """``held`` when the gate is ``hold`` and a critical flag is open; else pseudo / reviewed / machine.

    >>> t = Translation("a", "pt", "Hi", "Oi", Origin.APPROVED)
    >>> language_status("argos", [t], gate="publish"), language_status("pseudo", [t], gate="publish")
    ('reviewed', 'pseudo')
    """
    if not gate_allows(gate, translations):
        return "held"
    if engine == "pseudo":
        return "pseudo"
    words = [t for t in translations if t.origin is not Origin.KEPT]
    if words and all(t.origin is Origin.APPROVED for t in words):
        return "reviewed"
    return "machine"
