"""Glossaries: CSV and TBX files of keep, mandated and forbidden terms, combined and matched in source text.

>>> from pathlib import Path
>>> g = load_glossaries([Path(__file__).parents[3] / "glossaries" / "gcrf.csv"], source="en", targets=["pt", "fr"])
>>> [(m.text, str(m.entry.kind), m.entry.target("pt")) for m in g.find("The GCRF helps internally displaced persons.")]
[('GCRF', 'keep', 'GCRF'), ('internally displaced persons', 'translate', 'pessoas deslocadas internamente')]
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from os import PathLike
from pathlib import Path
from types import MappingProxyType

from transpub.errors import GlossaryError
from transpub.glossary.applied import AppliedTerm, TermStatus
from transpub.glossary.csv_reader import read_csv
from transpub.glossary.model import Glossary, GlossaryConflict, GlossaryEntry, TermKind, TermMatch
from transpub.glossary.tbx_reader import read_tbx

log = logging.getLogger(__name__)

Reader = Callable[..., tuple[GlossaryEntry, ...]]

# file extension -> reader(path, *, source, targets)
READERS: Mapping[str, Reader] = MappingProxyType(
    {
        ".csv": read_csv,
        ".tbx": read_tbx,
    }
)


def read_glossary(path: str | PathLike[str], *, source: str, targets: Sequence[str]) -> tuple[GlossaryEntry, ...]:
    """Read one glossary file with the reader registered for its extension."""
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise GlossaryError(f"unknown glossary format (known: {', '.join(sorted(READERS))})", path=path)
    if not path.is_file():
        raise GlossaryError("glossary file not found", path=path)
    return reader(path, source=source, targets=targets)


def combine(
    groups: Iterable[tuple[GlossaryEntry, ...]],
) -> tuple[tuple[GlossaryEntry, ...], tuple[GlossaryConflict, ...]]:
    """Merge entry groups in order: a later definition of the same term wins, and a differing one is a conflict."""
    merged: dict[tuple[bool, str], GlossaryEntry] = {}
    conflicts: list[GlossaryConflict] = []
    for group in groups:
        for entry in group:
            old = merged.get(entry.key)
            if old is not None and _differs(old, entry):
                conflicts.append(GlossaryConflict(entry.source, old.origin, entry.origin))
            merged[entry.key] = entry
    return tuple(merged.values()), tuple(conflicts)


def _differs(a: GlossaryEntry, b: GlossaryEntry) -> bool:
    return (a.kind, dict(a.targets), a.case_sensitive) != (b.kind, dict(b.targets), b.case_sensitive)


def load_glossaries(paths: Iterable[str | PathLike[str]], *, source: str, targets: Sequence[str]) -> Glossary:
    """Read and combine glossary files (later files win); conflicts are kept on the result and logged.

    Each file must fit the run (:func:`~transpub.glossary.coverage.check_coverage`): it must have terms in the run's
    ``source`` language, and when it names target languages, at least one of them must be one of ``targets``
    (``pt-BR`` serves ``pt`` and the other way round). Extra languages are fine, so one shared organisation
    glossary (``en,pt,es,fr,ar``) serves a run into ``pt`` alone; but a glossary for ``en,de`` in a run into ``pt``
    is refused with a :class:`GlossaryError` naming the file and its languages. A glossary with no target language
    at all (keep-terms only) fits every run.
    """
    paths = [Path(p) for p in paths]
    # Reading makes a few objects per term and none that form cycles: the cyclic garbage collector would only
    # rescan them (about half the load time of a 50,000-term glossary), so it waits until the entries are read.
    collecting = gc.isenabled()
    gc.disable()
    try:
        entries, conflicts = combine(read_glossary(p, source=source, targets=targets) for p in paths)
    finally:
        if collecting:
            gc.enable()
    for conflict in conflicts:
        log.warning("%s", conflict)
    return Glossary(
        source_lang=source,
        targets=tuple(targets),
        entries=entries,
        conflicts=conflicts,
        paths=tuple(str(p) for p in paths),
    )


__all__ = [
    "READERS",
    "AppliedTerm",
    "Glossary",
    "GlossaryConflict",
    "GlossaryEntry",
    "TermKind",
    "TermMatch",
    "TermStatus",
    "combine",
    "load_glossaries",
    "read_glossary",
]
