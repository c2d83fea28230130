"""A release published for review tests: a Markdown release, a glossary and a careless engine, in a temporary folder.

The engine pseudo-localises every sentence, but loses the inline-code placeholders of any sentence that mentions
Tidewatch, so protection flags that segment critical (``inline-code-lost``), as happens with real models.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from transpub.commands.review import pipeline_republisher
from transpub.config import Settings, settings_from_mapping
from transpub.document import Origin
from transpub.engines.pseudo import pseudo_localise
from transpub.memory.store import TranslationMemory
from transpub.pipeline.publish import publish_releases
from transpub.publish.report import ReleaseReport, report_path
from transpub.publish.report_io import load_report
from transpub.review.apply import ReviewDesk

SLUG = "gcrf-coastal-horizons"
RELEASE = """---
title: GCRF launches the Coastal Horizons Initiative
date: 2026-11-20
slug: gcrf-coastal-horizons
---
The Global Coastal Resilience Fund today launched the Coastal Horizons Initiative.

Member States will fund an early warning system, with open data on
[Tidewatch](https://tidewatch.example.org/data) for everyone.

"We must act now for coastal communities," said Amara Okafor. Tags such as &lt;b&gt; stay text.
"""
# Tidewatch is deliberately not a glossary term: a link around exactly one term would be folded into the term's
# placeholder, and the engine below would have no code placeholder to lose.
GLOSSARY = """en,pt,type
GCRF,,keep
Amara Okafor,,keep
Coastal Horizons Initiative,,keep
Member States,Estados-Membros,translate
early warning system,sistema de alerta precoce,translate
coastal communities,comunidades costeiras,translate
"""
FLAGGED_SOURCE_WORD = "Tidewatch"
_PLACEHOLDER = re.compile(r"\[/?[GX]\d+\]|\bX[GEP]\d+X\b", re.IGNORECASE)


class CarelessEngine:
    """Pseudo-localises like the ``pseudo`` engine, but drops inline-code placeholders around Tidewatch."""

    name = "careless"

    def supports(self, source: str, target: str) -> bool:
        return True

    def model_id(self, source: str, target: str) -> str:
        return "careless-1"

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        out = []
        for text in texts:
            if FLAGGED_SOURCE_WORD in text:
                text = _PLACEHOLDER.sub("", text)
            out.append(pseudo_localise(text))
        return out

    def close(self) -> None:
        return None


@dataclass
class Site:
    """A published release in a temporary folder, with the settings and engines that publish it."""

    root: Path
    release: Path
    settings: Settings
    engines: dict[str, CarelessEngine]

    def publish(self) -> None:
        publish_releases([self.release], self.settings, engines=self.engines)

    def desk(self, memory: TranslationMemory) -> ReviewDesk:
        return ReviewDesk(self.settings.out, memory, pipeline_republisher(self.settings, engines=self.engines))

    def memory(self) -> TranslationMemory:
        return TranslationMemory(self.settings.memory)

    def page(self, lang: str = "pt") -> str:
        return (self.settings.out / lang / f"{SLUG}.html").read_text(encoding="utf-8")

    def report(self) -> ReleaseReport:
        return load_report(report_path(self.settings.out, SLUG))

    def flagged_id(self, lang: str = "pt") -> str:
        (seg,) = [s for s in self.report().language(lang).segments if s.flags and s.origin is not Origin.APPROVED]
        return seg.id

    def with_gate(self, gate: str) -> Site:
        return build_site(self.root, gate=gate, targets=[ls.lang.tag for ls in self.settings.languages], publish=False)


def build_site(root: Path, *, gate: str = "publish", targets: Sequence[str] = ("pt",), publish: bool = True) -> Site:
    release = root / "news" / "gcrf.md"
    if not release.exists():
        release.parent.mkdir(parents=True, exist_ok=True)
        release.write_text(RELEASE, encoding="utf-8")
        (root / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
    settings = settings_from_mapping(
        {
            "transpub": {
                "targets": list(targets),
                "out": "out",
                "memory": "tm.sqlite",
                "glossaries": ["glossary.csv"],
                "default_engine": "argos",
            },
            "languages": {lang: {"gate": gate} for lang in targets},
        },
        base_dir=root,
    )
    site = Site(root, release, settings, {"argos": CarelessEngine()})
    if publish:
        site.publish()
    return site
