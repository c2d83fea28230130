"""Number relations: a quantity relation around a number of the source keeps its relation in the target.

Comparing numbers by value (:mod:`transpub.checks.numbers`) cannot see that "up from three" became "até três" (up
to three), "as young as eight" became "com menos de oito" (under eight), "by 2040" became "em 2040" (in 2040) or
"nine out of ten" became "nove dos dez" (nine of the ten). This check reads the English relations of
``checks/data/number_relations.json`` ("up from N", "down from N", "as young/old/few/many... as N", "by YEAR/DATE",
"N out of M", "N in M", "up to N", "at least N", "more/fewer than N", "about/nearly N", "over/under N",
"from N to M", "N-M") and, per target language, the renderings that keep each relation and the known wrong ones.

Number words are read as numerals on both sides first (:func:`~transpub.checks.numbers.with_digits`). For each
relation found in the source, the target's occurrences of its number (by value) are found and a *window* is read:
the last :data:`WINDOW_WORDS` words before the number, or the text between the two numbers of a pair. A segment is
flagged only when

* no occurrence has an accepted rendering in its window, and
* the window ends with a known wrong rendering (right before the number, or between the numbers), or the relation
  is ``required`` (dropping it changes the meaning) and the window holds no relation word of the language at all.

When the target lacks the number, the number check speaks; target languages without data are not checked.

>>> from transpub.document import Segment
>>> from transpub.languages import parse_language
>>> ctx = CheckContext(source=parse_language("en"), target=parse_language("pt"))
>>> source = Segment("s", "14 schools, up from three in 2024.")
>>> [f.message for f in number_relation(source, "14 escolas (até três).", ctx)]
["'up from 3' (an increase from 3 (the earlier figure)) is rendered 'até 3' in the target, which means up to"]
>>> number_relation(Segment("s", "14 schools, up from three."), "14 escolas, ante três no ano passado.", ctx)
()
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib.resources import files
from types import MappingProxyType
from typing import Any

from transpub.checks.base import CheckContext, Finding, check
from transpub.checks.ids import CheckId
from transpub.checks.numbers import number_spans, numbers_in, with_digits
from transpub.document import Segment, Severity
from transpub.errors import ConfigError
from transpub.text.tagged import to_plain

WINDOW_WORDS = 4  # words read before a number in the target
AFTER_WORDS = 3  # and after it, for accepted renderings only
_CLAUSE_END = re.compile(r"[,;:.!?()\[\]،؛]")  # the words after a number stop at the clause
PAIR_GAP = 40  # at most this many characters between the two numbers of a pair in the target
_NUMERAL = r"(?:US\$\s?|[$€£]\s?)?(?P<{name}>\d+(?:[.,]\d+)*)(?::\d\d)?"  # a time's minutes are left out


@dataclass(frozen=True)
class SourcePattern:
    pattern: re.Pattern[str]
    low: Decimal | None = None  # bounds of the value of {n}
    high: Decimal | None = None
    pair_high: Decimal | None = None  # bound of {m}
    ascending: bool = False  # {n} < {m}


@dataclass(frozen=True)
class Relation:
    """One relation: its source patterns and, per target language, accepted and known wrong renderings."""

    relation_id: str
    meaning: str
    sources: tuple[SourcePattern, ...]
    between: bool  # window between {n} and {m}, else before {n}
    required: bool
    relation_words: bool  # its renderings count as relation words (false: plain prepositions, "em", "no", "de")
    accept: Mapping[str, tuple[re.Pattern[str], ...]]
    wrong: Mapping[str, tuple[tuple[re.Pattern[str], str], ...]]


def _source(entry: Mapping[str, Any]) -> SourcePattern:
    text = str(entry["pattern"]).replace("{n}", _NUMERAL.format(name="n")).replace("{m}", _NUMERAL.format(name="m"))

    def bound(key: str) -> Decimal | None:
        return Decimal(str(entry[key])) if key in entry else None

    return SourcePattern(
        re.compile(text, re.IGNORECASE), bound("min"), bound("max"), bound("mmax"), bool(entry.get("lt"))
    )


def _relation(entry: Mapping[str, Any]) -> Relation:
    try:
        return Relation(
            relation_id=str(entry["id"]),
            meaning=str(entry["meaning"]),
            sources=tuple(_source(s) for s in entry["source"]),
            between=entry["window"] == "between",
            required=bool(entry["required"]),
            relation_words=bool(entry.get("relation_words", True)),
            accept=MappingProxyType(
                {lang: tuple(re.compile(p, re.IGNORECASE) for p in items) for lang, items in entry["accept"].items()}
            ),
            wrong=MappingProxyType(
                {
                    lang: tuple((re.compile(p, re.IGNORECASE), str(means)) for p, means in items.items())
                    for lang, items in entry["wrong"].items()
                }
            ),
        )
    except (KeyError, re.error) as exc:
        raise ConfigError("bad entry in checks/data/number_relations.json", value=str(exc)) from exc


@cache  # package data, read once per process; immutable
def relations() -> tuple[Relation, ...]:
    """The relations of ``checks/data/number_relations.json``, in file order."""
    resource = files("transpub.checks") / "data" / "number_relations.json"
    data = json.loads(resource.read_text(encoding="utf-8"))
    return tuple(_relation(entry) for entry in data["relations"])


@dataclass(frozen=True)
class Found:
    """A relation in the source: the matched text and its number(s)."""

    relation: Relation
    text: str
    n: Decimal
    m: Decimal | None


def _value(token: str) -> Decimal | None:
    values = numbers_in(token, "en")
    return values[0] if values else None


def source_relations(text: str) -> list[Found]:
    """The relations in an English ``text`` (number words already read), one per number position."""
    found: list[Found] = []
    taken: set[int] = set()
    for relation in relations():
        for source in relation.sources:
            for match in source.pattern.finditer(text):
                n = _value(match.group("n"))
                m = _value(match.group("m")) if "m" in match.groupdict() else None
                if n is None or match.start("n") in taken:
                    continue
                if (source.low is not None and n < source.low) or (source.high is not None and n > source.high):
                    continue
                if m is not None and (
                    (source.ascending and not n < m) or (source.pair_high is not None and m > source.pair_high)
                ):
                    continue
                taken.add(match.start("n"))
                found.append(Found(relation, match.group(0), n, m))
    return found


@dataclass(frozen=True)
class Window:
    """The target text read for one occurrence of a relation's number: ``text``, between ``head`` and ``tail``."""

    text: str
    head: str  # the first number of a pair, else empty
    tail: str  # the (second) number
    after: str = ""  # the words after the number (for "before" windows: "10% au moins", "10% على الأقل")

    def shown(self, start: int = 0) -> str:
        return (self.head + self.text[start:] + self.tail).strip()


def _windows(found: Found, target: str, lang: str) -> list[Window]:
    """Per occurrence of the relation's number(s) in ``target``, the window read around it."""
    spans = number_spans(target, lang)
    windows: list[Window] = []
    for k, (value, start, end) in enumerate(spans):
        if value != found.n:
            continue
        if found.relation.between:
            pairs = [(s, e) for v, s, e in spans[k + 1 :] if v == found.m and s - end <= PAIR_GAP]
            if pairs:
                s, e = pairs[0]
                windows.append(Window(target[end:s], target[start:end], target[s:e]))
            continue
        # a window stops at the number before; "1" is left out ("um", "un" are read as 1 and are articles too)
        previous = max((e for v, _, e in spans[:k] if v != 1), default=0)
        following = min((s for v, s, _ in spans[k + 1 :] if v != 1), default=len(target))
        before = target[previous:start]
        words = before.split()
        text = " ".join(words[-WINDOW_WORDS:]) + (" " if before[-1:].isspace() else "")
        after = " ".join(_CLAUSE_END.split(target[end:following])[0].split()[:AFTER_WORDS])
        windows.append(Window(text, "", target[start:end], after))
    return windows


def _vocabulary(lang: str) -> tuple[re.Pattern[str], ...]:
    """Every relation word of ``lang``: accepted and wrong renderings of the relations that have relation words."""
    return tuple(
        p
        for relation in relations()
        if relation.relation_words and not relation.between  # read before a number, as the vocabulary is
        for p in (*relation.accept.get(lang, ()), *(w for w, _ in relation.wrong.get(lang, ())))
    )


def relation_problem(found: Found, target: str, lang: str) -> str | None:
    """Why the target does not keep ``found``'s relation, or None (kept, or the target lacks the number)."""
    accept = found.relation.accept.get(lang)
    if accept is None:
        return None
    windows = _windows(found, target, lang)
    if not windows or any(p.search(w.text) or p.search(w.after) for w in windows for p in accept):
        return None
    what = f"'{found.text}' ({found.relation.meaning.format(n=found.n, m=found.m)})"
    for window in windows:
        for pattern, means in found.relation.wrong.get(lang, ()):
            hit = pattern.search(window.text)
            if hit:
                start = 0 if found.relation.between else hit.start()
                meaning = means.format(n=found.n, m=found.m)
                return f"{what} is rendered '{window.shown(start)}' in the target, which means {meaning}"
    if found.relation.required:  # between two numbers, no accepted rendering is already a dropped relation
        vocabulary = () if found.relation.between else _vocabulary(lang)
        if not any(p.search(w.text) or p.search(w.after) for w in windows for p in vocabulary):
            return f"{what} has no counterpart in the target ('{windows[0].shown()}'): the relation was dropped"
    return None


@check(
    CheckId.NUMBER_RELATION,
    "Number relation changed",
    "A quantity relation around a number of the source (up from, as young as, by a year, nine out of ten, up to, at "
    "least, more than...) has a wrong rendering in the target, or none (checks/data/number_relations.json).",
    Severity.WARNING,
)
def number_relation(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    if ctx.source.tag.split("-")[0] != "en" or ctx.engine == "pseudo":
        return
    lang = ctx.target.tag.split("-")[0]
    source = with_digits(to_plain(segment.source), "en")
    text = with_digits(to_plain(target), ctx.target.tag)
    for found in source_relations(source):
        problem = relation_problem(found, text, lang)
        if problem is not None:
            yield Finding(problem, found.text)


CHECKS = (number_relation,)
