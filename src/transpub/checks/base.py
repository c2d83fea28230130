"""What every QA check is made of: a context, a finding, and the :class:`Check` that turns findings into flags.

A check function is small and pure: ``(segment, target, ctx) -> Iterable[Finding]``. The :func:`check` decorator
gives it a stable id, a human name, a description and a severity, and makes it callable as
``(segment, target, ctx) -> tuple[Flag, ...]``.

>>> from transpub.document import Segment
>>> from transpub.languages import parse_language
>>> @check("shouting", "Shouting", "The target is all capitals.", Severity.INFO)
... def shouting(segment, target, ctx):
...     if target.isupper():
...         yield Finding("the target is all capitals", target)
>>> ctx = CheckContext(source=parse_language("en"), target=parse_language("pt"))
>>> shouting(Segment("s1", "Hello"), "OLÁ", ctx)
(Flag(code='shouting', severity=<Severity.INFO: 'info'>, message='the target is all capitals', span='OLÁ'),)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from transpub.checks.qeconfig import DEFAULT_QE, QeConfig
from transpub.document import Flag, Segment, Severity
from transpub.glossary.entry import TermMatch
from transpub.glossary.model import Glossary
from transpub.languages import Language


@dataclass(frozen=True)
class CheckContext:
    """What a check may know besides the segment and its target.

    ``matches`` are the glossary matches of the segment's source (``Glossary.find``); ``glossary``, when given,
    adds the target language's forbidden words to the forbidden-term check even where the source does not use the
    term; ``ignore`` holds check ids switched off for this run or segment.

    Quality-estimation inputs are computed in batches per language *before* the checks
    (:func:`transpub.checks.qe.qe_inputs`) and passed in here: ``back_translation`` (the target translated back by
    the reverse engine), ``confidence`` (the engine's length-normalised log-probability), ``engine`` and ``model``
    (who produced them, for per-engine thresholds) and ``qe`` (thresholds, varieties, artefact lists).
    """

    source: Language
    target: Language
    matches: tuple[TermMatch, ...] = ()
    ignore: frozenset[str] = frozenset()
    glossary: Glossary | None = None
    back_translation: str | None = None
    confidence: float | None = None
    engine: str | None = None
    model: str | None = None
    qe: QeConfig = DEFAULT_QE


@dataclass(frozen=True)
class Finding:
    """One problem a check found: the message and the offending term or value."""

    message: str
    span: str | None = None


CheckFunction = Callable[[Segment, str, CheckContext], Iterable[Finding]]


@dataclass(frozen=True)
class Check:
    """A registered QA check: stable ``check_id``, human ``name``, ``description`` and ``severity``."""

    check_id: str
    name: str
    description: str
    severity: Severity
    function: CheckFunction

    def __post_init__(self) -> None:
        object.__setattr__(self, "check_id", str(self.check_id))  # a CheckId, kept as its plain value

    def __call__(self, segment: Segment, target: str, ctx: CheckContext) -> tuple[Flag, ...]:
        return tuple(Flag(self.check_id, self.severity, f.message, f.span) for f in self.function(segment, target, ctx))


def check(check_id: str, name: str, description: str, severity: Severity) -> Callable[[CheckFunction], Check]:
    """Declare a check function (see the module example)."""

    def wrap(function: CheckFunction) -> Check:
        return Check(check_id, name, description, severity, function)

    return wrap
