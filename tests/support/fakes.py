"""The shared fake engines of the test suite: small, deterministic stand-ins for a real MT engine.

Each implements the :class:`transpub.engines.base.Engine` protocol (``name``, ``supports``, ``model_id``,
``translate_batch``, ``close``) and records what it was asked, so a test can say how often the engine ran:

- :class:`ScriptedEngine` applies a function to every text (identity by default) and records each batch;
- :class:`CopyEngine` returns its input unchanged (the identity engine in pure Python);
- :class:`CountingEngine` prefixes every text with ``«lang»`` and records (source, target, texts) per batch;
- :class:`CallCounter` wraps a real engine and counts the texts of each call;
- :class:`SlowEngine` copies its input with a language marker after sleeping (crash, lock and orchestration tests).

>>> engine = ScriptedEngine(str.upper)
>>> engine.translate_batch(["Hi [T1]"], "en", "pt"), engine.batches
(['HI [T1]'], [['Hi [T1]']])
>>> CountingEngine().translate_batch(["Hi"], "en", "pt")
['«pt» Hi']
>>> SlowEngine().translate_batch(["Coastal communities [T1] gather."], "en", "pt")
['Coastal communities [T1] gather. ‹pt›']
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from transpub.engines.base import Engine


def _same(text: str) -> str:
    return text


class ScriptedEngine:
    """Applies ``rewrite`` to every text and records each batch it was given."""

    def __init__(self, rewrite: Callable[[str], str] = _same, *, name: str = "scripted", model: str = "scripted-1"):
        self.rewrite = rewrite
        self.name = name
        self.model = model
        self.batches: list[list[str]] = []

    def supports(self, source: str, target: str) -> bool:
        return True

    def model_id(self, source: str, target: str) -> str:
        return self.model

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        self.batches.append(list(texts))
        return [self.rewrite(t) for t in texts]

    def close(self) -> None:
        self.batches.clear()


class CopyEngine(ScriptedEngine):
    """The identity engine in pure Python: every output is its input."""

    def __init__(self) -> None:
        super().__init__(name="copy", model="copy-1")


class CountingEngine:
    """Translates by prefixing every string with ``«lang»`` and records each batch it receives.

    Placeholder tokens pass through untouched because the text itself is kept verbatim.
    """

    def __init__(self, name: str = "counting", model: str = "count-1") -> None:
        self.name = name
        self.model = model
        self.batches: list[tuple[str, str, list[str]]] = []

    def supports(self, source: str, target: str) -> bool:
        return True

    def model_id(self, source: str, target: str) -> str:
        return f"{self.model}:{source}-{target}"

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        self.batches.append((source, target, list(texts)))
        return [f"«{target}» {t}" for t in texts]

    def close(self) -> None:
        return None

    def asked(self, target: str | None = None) -> list[str]:
        return [t for _, tgt, texts in self.batches if target in (None, tgt) for t in texts]


class CallCounter:
    """A real engine with the number of texts of each call counted in ``calls``."""

    def __init__(self, inner: Engine) -> None:
        self.inner = inner
        self.name = inner.name
        self.calls: list[int] = []

    def supports(self, source: str, target: str) -> bool:
        return self.inner.supports(source, target)

    def model_id(self, source: str, target: str) -> str:
        return self.inner.model_id(source, target)

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        self.calls.append(len(texts))
        return self.inner.translate_batch(texts, source, target)

    def close(self) -> None:
        self.inner.close()


def marked(text: str, target: str) -> str:
    """What :class:`SlowEngine` makes of ``text``: the text itself and the target language in angle quotes.

    >>> marked("Hello.", "fr")
    'Hello. ‹fr›'
    """
    return f"{text} ‹{target}›"


@dataclass(frozen=True)
class SlowEngine:
    """An engine that needs no model: it keeps every input (so masked placeholders survive untouched) and appends a
    marker naming the target language, so a page that mixed two languages would show it. ``delay`` seconds are
    spent in every ``translate_batch`` call, which stretches the translation stage of a run for crash and lock tests.

    >>> SlowEngine().supports("en", "ar"), SlowEngine().model_id("en", "ar")
    (True, 'slow-copy-1')
    """

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
