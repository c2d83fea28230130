"""Model confidence: flag a translation its engine scored below the engine's (or model's) threshold.

The score is the length-normalised log-probability of the target under the model (CTranslate2
``return_scores``/``score_batch`` for ``argos``), computed in one batch per language before the checks and passed
in as ``ctx.confidence``. Engines without scores (``bergamot``, ``pseudo``) give ``None`` and are never flagged.
Thresholds are per engine or ``engine/model`` in :attr:`QeConfig.confidence`, since scores of different models are
not comparable.
"""

from __future__ import annotations

from collections.abc import Iterator

from transpub.checks.base import CheckContext, Finding, check
from transpub.checks.ids import CheckId
from transpub.document import Segment, Severity


@check(
    CheckId.LOW_CONFIDENCE,
    "Low model confidence",
    "The engine's own score for this translation (length-normalised log-probability) is below the threshold "
    "calibrated for that engine or model.",
    Severity.WARNING,
)
def low_confidence(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    if ctx.confidence is None:
        return
    threshold = ctx.qe.confidence_threshold(ctx.engine, ctx.model)
    if threshold is not None and ctx.confidence < threshold:
        yield Finding(
            f"the engine was unsure of this translation (score {ctx.confidence:.2f}, below {threshold:.2f} "
            f"for {ctx.model or ctx.engine})",
            f"{ctx.confidence:.2f}",
        )


CHECKS = (low_confidence,)
