"""Reading the QA report ``OUT/reports/<slug>.json`` that the publisher writes (schema in docs/contracts.md).

The review side never re-runs the pipeline to learn what was published: the report says, per language, every
segment's tagged source and target, where the target came from, its flags and the glossary terms that apply.

>>> data = {"release": {"slug": "s", "title": "T", "source_path": "s.md", "content_hash": "h"},
...         "source_lang": "en", "languages": {"pt": {"status": "machine", "page": "pt/s.html", "segments": [
...             {"id": "title", "context": "title", "source": "Hi", "target": "Oi", "origin": "mt",
...              "flags": [{"code": "c", "severity": "critical", "message": "m"}], "terms": []}]}}}
>>> report = report_from_mapping(data)
>>> report.languages["pt"].segments[0].translation("pt").critical
True
>>> report.languages["pt"].open_flags
1
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from transpub.document import Flag, Origin, Severity, Translation
from transpub.errors import ReviewError
from transpub.review.gate import open_flags
from transpub.text.slug import is_valid_slug

REPORTS_DIR = "reports"
MAX_REPORT_BYTES = 50_000_000


@dataclass(frozen=True)
class ReportTerm:
    """A glossary term that applies to a segment, and whether the target honours it."""

    source: str
    kind: str  # keep | translate | forbidden
    target: str | None
    status: str  # enforced | present | failed
    reason: str | None = None

    def describe(self) -> str:
        """One line for a translator.

        >>> ReportTerm("GCRF", "keep", "GCRF", "enforced").describe()
        'keep: GCRF -> GCRF (enforced)'
        """
        arrow = f" -> {self.target}" if self.target else ""
        reason = f"; {self.reason}" if self.reason else ""
        return f"{self.kind}: {self.source}{arrow} ({self.status}{reason})"


@dataclass(frozen=True)
class ReportSegment:
    """One segment of one language as it was last published."""

    id: str
    context: str
    source: str
    target: str
    origin: Origin
    flags: tuple[Flag, ...] = ()
    terms: tuple[ReportTerm, ...] = ()
    suggestion: str | None = None

    def translation(self, lang: str) -> Translation:
        """The segment as a :class:`~transpub.document.Translation` (for the gate and flag counts)."""
        return Translation(self.id, lang, self.source, self.target, self.origin, self.flags, None, self.suggestion)


@dataclass(frozen=True)
class LanguageReport:
    """One target language of a release: its status, page and segments."""

    lang: str
    status: str
    page: str
    segments: tuple[ReportSegment, ...]
    engine: str | None = None
    model: str | None = None

    @property
    def open_flags(self) -> int:
        """How many flags are still open (on segments no translator has approved)."""
        return sum(len(t.flags) for t in open_flags(s.translation(self.lang) for s in self.segments))

    def segment(self, segment_id: str) -> ReportSegment | None:
        return next((s for s in self.segments if s.id == segment_id), None)


@dataclass(frozen=True)
class ReleaseReport:
    """The whole report of one release."""

    slug: str
    title: str
    source_path: Path | None
    content_hash: str
    source_lang: str
    languages: Mapping[str, LanguageReport] = field(default_factory=lambda: MappingProxyType({}))
    path: Path | None = None  # the report file itself, when read from disk

    def language(self, lang: str) -> LanguageReport:
        try:
            return self.languages[lang]
        except KeyError:
            raise ReviewError(
                f"release {self.slug!r} has no published language {lang!r}"
                f" (it has: {', '.join(sorted(self.languages)) or 'none'})",
                path=self.path,
                value=lang,
            ) from None


def report_path(out_dir: Path, slug: str) -> Path:
    """Where the report of ``slug`` lives under the output folder; a value that is not a slug is refused.

    Slugs arrive from XLIFF files and URLs, so this is where a path like ``../../etc/x`` is stopped.

    >>> report_path(Path("out"), "gcrf-2026").as_posix()
    'out/reports/gcrf-2026.json'
    >>> report_path(Path("out"), "../../etc/x")
    Traceback (most recent call last):
    ...
    transpub.errors.ReviewError: not a release slug: '../../etc/x'
    """
    if not is_valid_slug(slug):
        raise ReviewError("not a release slug", value=slug)
    return Path(out_dir) / REPORTS_DIR / f"{slug}.json"


def load_report(path: Path) -> ReleaseReport:
    """Read one report file; a missing, unreadable or malformed report is a :class:`ReviewError` naming it."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise ReviewError("no QA report (publish the release first)", path=path) from exc
    except OSError as exc:
        raise ReviewError(f"cannot read the QA report ({exc.strerror})", path=path) from exc
    if len(raw) > MAX_REPORT_BYTES:
        raise ReviewError("QA report is too large", path=path, value=len(raw))
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReviewError("QA report is not valid JSON", path=path, line=getattr(exc, "lineno", None)) from exc
    return report_from_mapping(data, path=path)


def load_reports(out_dir: Path) -> tuple[ReleaseReport, ...]:
    """Every report under ``out_dir``, sorted by slug (none: an empty tuple)."""
    folder = Path(out_dir) / REPORTS_DIR
    if not folder.is_dir():
        return ()
    return tuple(load_report(p) for p in sorted(folder.glob("*.json")))


def report_from_mapping(data: Any, *, path: Path | None = None) -> ReleaseReport:
    """Validate parsed JSON into a :class:`ReleaseReport`."""
    try:
        release = data["release"]
        source_path = release.get("source_path")
        languages = {str(lang): _language(str(lang), body) for lang, body in dict(data.get("languages") or {}).items()}
        return ReleaseReport(
            slug=str(release["slug"]),
            title=str(release.get("title", "")),
            source_path=Path(source_path) if source_path else None,
            content_hash=str(release.get("content_hash", "")),
            source_lang=str(data["source_lang"]),
            languages=MappingProxyType(languages),
            path=path,
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ReviewError("QA report does not follow the report schema", path=path, value=str(exc)) from exc


def _language(lang: str, body: Mapping[str, Any]) -> LanguageReport:
    return LanguageReport(
        lang=lang,
        status=str(body.get("status", "machine")),
        page=str(body.get("page", "")),
        segments=tuple(_segment(s) for s in body.get("segments", ())),
        engine=body.get("engine"),
        model=body.get("model"),
    )


def _segment(s: Mapping[str, Any]) -> ReportSegment:
    return ReportSegment(
        id=str(s["id"]),
        context=str(s.get("context", "body")),
        source=str(s["source"]),
        target=str(s.get("target") or ""),
        origin=Origin(s.get("origin", "mt")),
        flags=tuple(
            Flag(str(f["code"]), Severity(f["severity"]), str(f.get("message", "")), f.get("span"))
            for f in s.get("flags", ())
        ),
        terms=tuple(
            ReportTerm(
                str(t.get("source", "")),
                str(t.get("kind", "")),
                t.get("target"),
                str(t.get("status", "")),
                t.get("reason"),
            )
            for t in s.get("terms", ())
        ),
        suggestion=s.get("suggestion"),
    )
