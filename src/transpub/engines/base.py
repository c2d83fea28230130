"""The engine interface every MT backend implements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable


@runtime_checkable
class Engine(Protocol):
    """A batch of source strings in, a batch of target strings out, for one language pair.

    Language arguments are bare or regional codes as the run uses them (``en``, ``pt-BR``); an engine maps them to
    its models. ``translate_batch`` returns exactly one string per input, in order, and must be safe to call with
    every pending segment of a run at once (engines batch internally). An engine owns its caches (loaded models)
    and frees them in ``close``.
    """

    name: str

    def supports(self, source: str, target: str) -> bool:
        """Whether a model for this pair is available (installed) without downloading anything."""
        ...

    def model_id(self, source: str, target: str) -> str:
        """A stable identifier of the model used for a pair (name and version), stored in the memory."""
        ...

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Translate ``texts``; raise :class:`~transpub.errors.ModelNotInstalledError` for a pair with no model."""
        ...

    def close(self) -> None:
        """Release loaded models."""
        ...


# Optional capabilities beside :class:`Engine`; callers test for them with ``isinstance``.


@runtime_checkable
class ScoredTranslator(Protocol):
    """An engine that can say how sure its model was of each translation."""

    def translate_scored(self, texts: Sequence[str], source: str, target: str) -> list[tuple[str, float | None]]:
        """Like ``translate_batch``, each target with its length-normalised log-probability (``None``: no score)."""
        ...


@runtime_checkable
class CandidateScorer(Protocol):
    """An engine that can score given target candidates for their sources."""

    def score_batch(self, sources: Sequence[str], targets: Sequence[str], source: str, target: str) -> list[float]:
        """The length-normalised log-probability of each ``targets[i]`` as a translation of ``sources[i]``."""
        ...
