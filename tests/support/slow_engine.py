"""A deterministic engine that takes its time, for tests that must interrupt a publish while it runs.

:class:`SlowEngine` needs no model: it keeps every input (so masked placeholders survive untouched) and appends a
marker naming the target language, so a page that mixed two languages would show it. ``delay`` seconds are spent
in every ``translate_batch`` call, which stretches the translation stage of a run for crash and lock tests.

>>> engine = SlowEngine()
>>> engine.translate_batch(["Coastal communities [T1] gather."], "en", "pt")
['Coastal communities [T1] gather. ‹pt›']
>>> engine.supports("en", "ar"), engine.model_id("en", "ar")
(True, 'slow-copy-1')
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass


def marked(text: str, target: str) -> str:
    """What :class:`SlowEngine` makes of ``text``: the text itself and the target language in angle quotes.

    >>> marked("Hello.", "fr")
    'Hello. ‹fr›'
    """
    return f"{text} ‹{target}›"


@dataclass(frozen=True)
class SlowEngine:
    """An engine (see :class:`transpub.engines.base.Engine`) that copies its input after sleeping ``delay`` s."""

    delay: float = 0.0
    name: str = "slow"

    def supports(self, source: str, target: str) -> bool:
        return True

    def model_id(self, source: str, target: str) -> str:
        return "slow-copy-1"

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        if self.delay > 0:
            time.sleep(self.delay)
        return [marked(text, target) for text in texts]

    def close(self) -> None:
        return None
