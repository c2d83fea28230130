"""Word-sense traps: an English word rendered in a sense it does not have in the source.

Engines pick the commonest sense of a word ("held" -> "detidos", arrested; "board" -> "placa", a plank; "deputy"
-> "deputado", a member of parliament) or a false friend ("attended" -> "atendidos", "actually" ->
"atualmente"). ``checks/data/senses.json`` lists such traps per target language: a pattern on the English, the
wrong rendering in the target, the English contexts where that rendering is right, and a message for the
translator.

A trap names the target side in one of two ways, or both:

* ``target``: a regular expression of known *wrong* renderings; the trap fires when the target matches it.
* ``expect`` (EXPECT mode): a regular expression of the *accepted* renderings, for idioms and multiword terms whose
  correct renderings form a small closed set ('make ends meet' is 'pagar as contas', 'sobreviver', 'chegar ao fim
  do mês'...); the trap fires when the target matches none of them, so it also catches the wrong renderings
  nobody listed ('para fazer o encontro'). The accepted set must be generous (every rendering a good translator
  uses, with its inflections): a missing accepted form is a false flag.

With both, the trap fires when either does. ``unless`` (a regular expression on the English) silences the trap.

>>> sense_traps("The meeting was held in Dhaka.", "A reunião foi detida em Dhaka.", "pt")
["a meeting or session 'held' is 'realizado', not 'detido' (arrested)"]
>>> sense_traps("The meeting was held in Dhaka.", "A reunião foi realizada em Dhaka.", "pt")
[]
>>> sense_traps("Families struggle to make ends meet.", "As famílias lutam para fazer o encontro.", "pt")[0][:17]
"'make ends meet' "
>>> sense_traps("Families struggle to make ends meet.", "As famílias lutam para pagar as contas.", "pt")
[]
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from transpub.checks.base import CheckContext, Finding, check
from transpub.checks.ids import CheckId
from transpub.document import Segment, Severity
from transpub.text.placeholders import LINK
from transpub.text.tagged import to_plain


@dataclass(frozen=True)
class SenseTrap:
    """``target`` in the target is a wrong sense of ``source`` in the English, and so is a target that matches
    none of ``expect`` (EXPECT mode), unless the English matches ``unless``."""

    source: re.Pattern[str]
    target: re.Pattern[str] | None
    message: str
    unless: re.Pattern[str] | None = None
    expect: re.Pattern[str] | None = None

    def found(self, source: str, target: str) -> re.Match[str] | None:
        """The match that springs the trap: the wrong rendering in the target, or (EXPECT mode, no accepted
        rendering there) the English term."""
        term = self.source.search(source)
        if term is None or (self.unless is not None and self.unless.search(source)):
            return None
        wrong = self.target.search(target) if self.target is not None else None
        if wrong is not None:
            return wrong
        if self.expect is not None and not self.expect.search(target):
            return term
        return None


@cache  # package data, read once per process; immutable
def traps_for(lang: str) -> tuple[SenseTrap, ...]:
    """The sense traps of a target language (a bare or regional code)."""
    data = json.loads((files("transpub.checks") / "data" / "senses.json").read_text(encoding="utf-8"))
    rows = data["senses"].get(lang.replace("_", "-").split("-")[0].lower(), [])
    flags = re.IGNORECASE
    return tuple(
        SenseTrap(
            re.compile(row["source"], flags),
            re.compile(row["target"], flags) if row.get("target") else None,
            row["message"],
            re.compile(row["unless"], flags) if row.get("unless") else None,
            re.compile(row["expect"], flags) if row.get("expect") else None,
        )
        for row in rows
    )


def sense_traps(source: str, target: str, lang: str) -> list[str]:
    """The messages of the traps ``target`` falls into."""
    source, target = LINK.sub(" ", source), LINK.sub(" ", target)
    return [trap.message for trap in traps_for(lang) if trap.found(source, target)]


@check(
    CheckId.WORD_SENSE,
    "Wrong word sense",
    "A source word is rendered in a sense it does not have here (a meeting 'held' as 'detida', a governing "
    "'board' as 'placa', a 'deputy' director as 'deputado') or by a false friend ('attended' as 'atendido').",
    Severity.WARNING,
)
def word_sense(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    source, out = to_plain(segment.source), to_plain(target)
    for trap in traps_for(ctx.target.tag):
        m = trap.found(LINK.sub(" ", source), LINK.sub(" ", out))
        if m:
            yield Finding(trap.message, m.group(0) or None)


CHECKS = (word_sense,)
