"""A deterministic engine that counts what it is asked to translate (for incremental-publish tests)."""

from __future__ import annotations

from collections.abc import Sequence


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
