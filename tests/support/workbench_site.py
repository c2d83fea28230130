"""A small GCRF site for the workbench tests, published with a phrase-table engine that writes real Portuguese.

The engine translates by replacing known English phrases (longest first) and leaves the rest, glossary
placeholders included, as they are, so protection puts the mandated terms back as it does with a real model. The
memory is seeded with one approved sentence a word away from a sentence of the release, so a fuzzy match exists, and
the engine loses a number in the last sentence, so there is a critical flag to review after the first one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from transpub.commands.review import pipeline_republisher
from transpub.config import Settings, settings_from_mapping
from transpub.memory.store import TranslationMemory
from transpub.pipeline.publish import publish_releases
from transpub.review.apply import ReviewDesk

SLUG = "gcrf-early-warning"
RELEASE = """---
title: GCRF funds early warning for coastal communities
date: 2026-11-30
slug: gcrf-early-warning
---
Member States will fund an early warning system for coastal communities.

Read [the annual report](https://gcrf.example.org/report) before the meeting.

The Fund will train 400 engineers in 2027.
"""
GLOSSARY = """en,pt,type
GCRF,,keep
Member States,Estados-Membros,translate
early warning system,sistema de alerta precoce,translate
coastal communities,comunidades costeiras,translate
early warning,alerta precoce,translate
"""
# One approved translation in the memory before the first publish: a near neighbour of the release's b1.s1.
SEEDED_SOURCE = "Member States will fund a new early warning system for coastal communities."
SEEDED_TARGET = "Os Estados-Membros vão financiar um novo sistema de alerta precoce para as comunidades costeiras."
SEEDED_REVIEWER = "Ana Lima"

PHRASES = {
    "funds": "financia",
    "for": "para as",
    "will fund an": "vão financiar um",
    "Read": "Leia",
    "the annual report": "o relatório anual",
    "before the meeting": "antes da reunião",
    "The Fund will train": "O Fundo vai formar",
    "400 engineers in": "40 engenheiros em",  # a number lost, as models do: number-mismatch, critical
}
_PHRASE = re.compile("|".join(re.escape(p) for p in sorted(PHRASES, key=len, reverse=True)))


class PhraseEngine:
    """Deterministic English -> Portuguese by a phrase table; everything it does not know passes through."""

    name = "phrases"

    def supports(self, source: str, target: str) -> bool:
        return (source, target) == ("en", "pt")

    def model_id(self, source: str, target: str) -> str:
        return "phrases-1"

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        return [_PHRASE.sub(lambda m: PHRASES[m.group(0)], text) for text in texts]

    def close(self) -> None:
        return None


@dataclass
class WorkbenchSite:
    root: Path
    release: Path
    settings: Settings
    engines: dict[str, PhraseEngine]

    def publish(self) -> None:
        publish_releases([self.release], self.settings, engines=self.engines)

    def memory(self) -> TranslationMemory:
        assert self.settings.memory is not None
        return TranslationMemory(self.settings.memory)

    def desk(self, memory: TranslationMemory) -> ReviewDesk:
        return ReviewDesk(self.settings.out, memory, pipeline_republisher(self.settings, engines=self.engines))


def build_workbench_site(root: Path, *, review: dict[str, object] | None = None) -> WorkbenchSite:
    release = root / "news" / "gcrf.md"
    release.parent.mkdir(parents=True, exist_ok=True)
    release.write_text(RELEASE, encoding="utf-8")
    (root / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
    settings = settings_from_mapping(
        {
            "transpub": {
                "targets": ["pt"],
                "out": "out",
                "memory": "tm.sqlite",
                "glossaries": ["glossary.csv"],
                "default_engine": "argos",
            },
            "review": review or {},
        },
        base_dir=root,
    )
    site = WorkbenchSite(root, release, settings, {"argos": PhraseEngine()})
    with site.memory() as memory:
        memory.approve(SEEDED_SOURCE, SEEDED_TARGET, "en", "pt", reviewer=SEEDED_REVIEWER)
    site.publish()
    return site
