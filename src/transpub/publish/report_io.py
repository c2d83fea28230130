"""Building, writing and reading the QA report (the model is :mod:`transpub.publish.report`).

>>> from transpub.document import Origin, Release, Segment, Translation
>>> release = Release(title="GCRF opens Tidewatch", slug="gcrf-tidewatch", blocks=())
>>> seg = Segment("title", "GCRF opens Tidewatch", context="title")
>>> t = Translation("title", "pt", seg.source, "GCRF abre Tidewatch", Origin.MT)
>>> report = build_release_report(release, [LanguageResult("pt", "machine", (t,), engine="bergamot")],
...                               source_lang="en", segments=[seg], generated_at="2026-11-28T09:00:00+00:00")
>>> report.language("pt").page
'pt/gcrf-tidewatch.html'
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from transpub.document import Release, Segment, Translation
from transpub.errors import ReportError
from transpub.publish.atomic import write_atomic
from transpub.publish.links import page_relpath
from transpub.publish.report import (
    MAX_REPORT_BYTES,
    REPORT_DIR,
    LanguageStatus,
    ReleaseReport,
    SegmentReport,
    dumps_report,
    report_path,
)


def _no_terms() -> Mapping[str, tuple[Any, ...]]:
    return MappingProxyType({})


@dataclass(frozen=True)
class LanguageResult:
    """What translating one language of one release produced: what the pipeline renders and the report records.

    ``status`` is a :class:`LanguageStatus` (its value, ``"machine"`` say, is taken too and converted). ``terms``
    maps a segment id to the glossary entries applied to it (``AppliedTerm`` values, or mappings with the same
    keys).

    >>> LanguageResult("pt", "held", ()).status
    <LanguageStatus.HELD: 'held'>
    """

    lang: str
    status: LanguageStatus
    translations: tuple[Translation, ...]
    engine: str | None = None
    model: str | None = None
    terms: Mapping[str, Sequence[Any]] = field(default_factory=_no_terms)

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "status", LanguageStatus(self.status))
        except ValueError as exc:
            raise ReportError("unknown language status", value=self.status) from exc

    @property
    def flagged(self) -> int:
        """How many segments carry at least one flag."""
        return sum(1 for t in self.translations if t.flags)

    @property
    def critical(self) -> int:
        """How many segments carry a critical flag."""
        return sum(1 for t in self.translations if t.critical)


def _value(value: object) -> object:
    return value.value if isinstance(value, enum.Enum) else value


def _term_json(term: object) -> dict[str, object]:
    names = ("source", "kind", "target", "status", "reason")
    if isinstance(term, Mapping):
        return {name: _value(term.get(name)) for name in names}
    return {name: _value(getattr(term, name, None)) for name in names}


def _segment_json(t: Translation, context: str, terms: Iterable[object]) -> dict[str, Any]:
    seg = SegmentReport(
        t.segment_id,
        context,
        t.source,
        t.target,
        t.origin,
        tuple(t.flags),
        suggestion=t.suggestion,
        strategy=t.strategy,
        back_translation=t.back_translation,
        matches=tuple(t.matches),
    )
    data = seg.to_json()
    data["terms"] = [_term_json(term) for term in terms]  # checked with the rest by ReleaseReport.from_json
    return data


def build_release_report(
    release: Release,
    languages: Sequence[LanguageResult],
    *,
    source_lang: str,
    segments: Sequence[Segment],
    generated_at: str | dt.datetime | None = None,
    flag_counts: Mapping[str, Mapping[str, int]] | None = None,
) -> ReleaseReport:
    """The report of one release, validated against the schema.

    ``segments`` give each translation its context; a translation of a segment that is not among them is an error.
    ``flag_counts`` (optional) maps a language to its flag counts per check id.
    """
    contexts = {s.id: s.context for s in segments}
    if generated_at is None:
        generated_at = dt.datetime.now(dt.UTC)
    if isinstance(generated_at, dt.datetime):
        generated_at = generated_at.isoformat(timespec="seconds")
    by_lang: dict[str, Any] = {}
    for lr in languages:
        if lr.lang in by_lang:
            raise ReportError("language reported twice", value=lr.lang)
        rows = []
        for t in lr.translations:
            if t.segment_id not in contexts:
                raise ReportError(f"translation into {lr.lang} for an unknown segment", value=t.segment_id)
            rows.append(_segment_json(t, contexts[t.segment_id], lr.terms.get(t.segment_id, ())))
        by_lang[lr.lang] = {
            "engine": lr.engine,
            "model": lr.model,
            "status": _value(lr.status),
            "page": str(page_relpath(lr.lang, release.slug)),
            "segments": rows,
        }
        counts = (flag_counts or {}).get(lr.lang)
        if counts:
            by_lang[lr.lang]["flag_counts"] = dict(counts)
    data = {
        "release": {
            "slug": release.slug,
            "title": release.title,
            "source_path": None if release.source_path is None else str(release.source_path),
            "content_hash": release.content_hash,
        },
        "source_lang": source_lang,
        "generated_at": generated_at,
        "languages": by_lang,
    }
    return ReleaseReport.from_json(data)


def build_report(
    release: Release,
    languages: Sequence[LanguageResult],
    *,
    source_lang: str,
    segments: Sequence[Segment],
    generated_at: str | dt.datetime | None = None,
    flag_counts: Mapping[str, Mapping[str, int]] | None = None,
) -> dict[str, Any]:
    """:func:`build_release_report` as JSON-ready dicts (what :func:`write_report` and the site writer take)."""
    return build_release_report(
        release,
        languages,
        source_lang=source_lang,
        segments=segments,
        generated_at=generated_at,
        flag_counts=flag_counts,
    ).to_json()


# ---------------------------------------------------------------------------------------------- reading/writing


def write_report(out: str | os.PathLike[str], report: Mapping[str, Any] | ReleaseReport) -> Path:
    """Validate ``report`` and write it atomically to ``OUT/reports/<slug>.json``."""
    typed = report if isinstance(report, ReleaseReport) else ReleaseReport.from_json(report)
    return write_atomic(report_path(out, typed.slug), dumps_report(report))


def load_report(path: str | os.PathLike[str]) -> ReleaseReport:
    """Read one report file; a missing, unreadable or malformed report is a :class:`ReportError` naming it."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise ReportError("no QA report for this release (publish it first)", path=path) from exc
    except OSError as exc:
        raise ReportError(f"cannot read the QA report ({exc.strerror})", path=path) from exc
    if len(raw) > MAX_REPORT_BYTES:
        raise ReportError("QA report is too large", path=path, value=len(raw))
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ReportError("QA report is not UTF-8", path=path) from exc
    except json.JSONDecodeError as exc:
        raise ReportError(f"QA report is not valid JSON: {exc.msg}", path=path, line=exc.lineno) from exc
    return ReleaseReport.from_json(data, path=path)


def load_release_report(out: str | os.PathLike[str], slug: str) -> ReleaseReport:
    """The report of ``slug`` under the output folder ``out``; it must belong to that release."""
    path = report_path(out, slug)
    report = load_report(path)
    if report.slug != slug:
        raise ReportError("QA report belongs to another release", path=path, value=report.slug)
    return report


def load_reports(out: str | os.PathLike[str]) -> tuple[ReleaseReport, ...]:
    """Every report under the output folder ``out``, sorted by slug (none: an empty tuple)."""
    folder = Path(out) / REPORT_DIR
    if not folder.is_dir():
        return ()
    return tuple(load_report(p) for p in sorted(folder.glob("*.json")))


def read_report(out: str | os.PathLike[str], slug: str) -> dict[str, Any]:
    """:func:`load_release_report` as JSON-ready dicts."""
    return load_release_report(out, slug).to_json()
