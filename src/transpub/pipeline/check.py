"""Check the translations of any XLIFF 2.x file (an agency's, or transpub's own export) with every registered check.

Languages come from the file's ``srcLang``/``trgLang``; units without a target are skipped. With an engine, the
QE inputs (back-translations by the reverse engine, model scores) are computed first, in one batch per file, and
the round-trip and confidence checks run too; without one, only the text checks do. The file is read by the safe
XLIFF reader (:func:`transpub.review.xliff.read_xliff`: no DTD, no entities), so bad input raises one
:class:`~transpub.errors.TranspubError` naming the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from transpub.checks import CheckContext, run_checks
from transpub.checks.ids import CheckId
from transpub.checks.lexicon import find_dictionary, missing_dictionary_note
from transpub.checks.qe import QeBatch, qe_inputs, with_qe
from transpub.checks.qeconfig import DEFAULT_QE, QeConfig
from transpub.document import Flag, Segment, Severity
from transpub.engines.base import Engine
from transpub.errors import ReviewError
from transpub.glossary import Glossary, load_glossaries
from transpub.languages import parse_language
from transpub.review.xliff import XliffDocument, read_xliff
from transpub.text.tagged import to_plain


@dataclass(frozen=True)
class UnitFlags:
    """The flags of one unit of one file; ``back_translation`` when the engine gave one."""

    file: str
    id: str
    flags: tuple[Flag, ...]
    back_translation: str | None = None


@dataclass(frozen=True)
class FileCheck:
    """One checked file: its language pair, its checked units, how many had no target, QE notes."""

    path: str
    src_lang: str
    trg_lang: str
    units: tuple[UnitFlags, ...]
    skipped: int
    notes: tuple[str, ...] = ()

    def count(self, severity: Severity) -> int:
        return sum(f.severity is severity for u in self.units for f in u.flags)


def read_document(path: Path) -> XliffDocument:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReviewError(f"cannot read the file ({exc.strerror or exc})", path=path) from exc
    return read_xliff(data, path=path)


def check_document(
    doc: XliffDocument,
    *,
    path: str = "",
    glossary: Glossary | None = None,
    engine: Engine | None = None,
    qe: QeConfig = DEFAULT_QE,
    ignore: frozenset[str] = frozenset(),
) -> FileCheck:
    """Run every check on the translated units of ``doc``."""
    source, target = parse_language(doc.src_lang), parse_language(doc.trg_lang)
    units = [u for u in doc.units if u.target is not None and u.target.strip()]
    notes: list[str] = []
    batch: QeBatch | None = None
    if engine is not None:
        batch = qe_inputs(
            engine,
            [to_plain(u.source) for u in units],
            [to_plain(u.target or "") for u in units],
            source=source.tag,
            target=target.tag,
        )
        if not engine.supports(target.tag, source.tag):
            notes.append(f"the {engine.name} engine has no {target.tag}->{source.tag} model: no round trip")
    if CheckId.SPELLING not in ignore and find_dictionary(target.tag, qe.variety_for(target.tag)) is None:
        notes.append(missing_dictionary_note(target.tag, qe.variety_for(target.tag)))
    results = []
    for i, unit in enumerate(units):
        segment = Segment(unit.id, unit.source)
        matches = glossary.find(segment.source) if glossary is not None else ()
        ctx = CheckContext(source=source, target=target, matches=matches, ignore=ignore, glossary=glossary, qe=qe)
        ctx = with_qe(ctx, batch, i)
        flags = run_checks(segment, unit.target or "", ctx)
        results.append(UnitFlags(path, unit.id, flags, ctx.back_translation))
    return FileCheck(path, source.tag, target.tag, tuple(results), len(doc.units) - len(units), tuple(notes))


def check_files(
    paths: Sequence[Path],
    *,
    glossaries: Sequence[Path] = (),
    engine: Engine | None = None,
    qe: QeConfig = DEFAULT_QE,
) -> list[FileCheck]:
    """Read every file first (so one bad file stops the run before any output), then check each."""
    docs = [(p, read_document(p)) for p in paths]
    checked = []
    for path, doc in docs:
        glossary = None
        if glossaries:
            src = parse_language(doc.src_lang).tag
            glossary = load_glossaries(glossaries, source=src, targets=[parse_language(doc.trg_lang).tag])
        checked.append(check_document(doc, path=str(path), glossary=glossary, engine=engine, qe=qe))
    return checked
