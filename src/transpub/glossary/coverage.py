"""Whether a glossary fits a run: it must have the run's source language and serve at least one of its targets.

A shared organisation glossary usually names more languages than one run translates into; the extra columns are
simply not used. A glossary that names target languages of which *none* is in the run is almost certainly the wrong
file (or the wrong ``--to``), so it is refused instead of silently protecting nothing. A glossary that names no
target language at all (keep-terms only) fits every run.

>>> check_coverage(["en", "pt", "es", "fr", "ar"], source="en", targets=["pt"], path="org.csv")
>>> check_coverage(["en"], source="en", targets=["pt"], path="keep.csv")
>>> check_coverage(["en", "de"], source="en", targets=["pt"], path="terms.csv", line=1)
Traceback (most recent call last):
...
transpub.errors.GlossaryError: terms.csv:1: glossary covers de, not any language of this run (pt)
>>> check_coverage(["de", "pt"], source="en", targets=["pt"], path="terms.tbx")
Traceback (most recent call last):
...
transpub.errors.GlossaryError: terms.tbx: glossary has no terms in en, the source language of this run; it covers de, pt
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from transpub.errors import GlossaryError
from transpub.glossary.model import lookup_language


def source_key(languages: Iterable[str], source: str) -> str | None:
    """The glossary language that serves the run's ``source`` (same tag, else same base language), if any.

    >>> source_key(["en-GB", "pt"], "en"), source_key(["pt"], "en")
    ('en-GB', None)
    """
    return lookup_language(dict.fromkeys(languages), source)


def check_coverage(
    languages: Iterable[str], *, source: str, targets: Sequence[str], path: str, line: int | None = None
) -> None:
    """Raise :class:`GlossaryError` naming ``path`` (and ``line``) unless the glossary fits the run.

    ``languages`` are the language tags the glossary names, its source language included. The glossary must name
    the run's ``source``; and when it names any other language, at least one of them must serve one of ``targets``
    (``pt-BR`` serves ``pt`` and the other way round). Extra languages are fine.
    """
    names = list(dict.fromkeys(languages))
    key = source_key(names, source)
    if key is None:
        raise GlossaryError(
            f"glossary has no terms in {source}, the source language of this run; it covers {', '.join(names)}",
            path=path,
            line=line,
        )
    others = [lang for lang in names if lang != key]
    if others and not any(lookup_language(dict.fromkeys(others), t) for t in targets):
        raise GlossaryError(
            f"glossary covers {', '.join(others)}, not any language of this run ({', '.join(targets)})",
            path=path,
            line=line,
        )
