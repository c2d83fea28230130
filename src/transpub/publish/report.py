"""The QA report of a release, ``OUT/reports/<slug>.json``: the one typed model of it, to and from JSON.

Per language, every segment with its origin, flags and glossary terms. Publishing builds it and the review app and
the CLI read it (:mod:`transpub.publish.report_io`); the schema is in ``docs/contracts.md``.
:meth:`ReleaseReport.from_json` checks the schema on the way in and :meth:`ReleaseReport.to_json` writes it; a
report that breaks it is a :class:`~transpub.errors.ReportError` naming the exact place
(``languages.pt.segments[3].origin``).

>>> data = {"release": {"slug": "s", "title": "T", "source_path": "s.md", "content_hash": "h"},
...         "source_lang": "en", "generated_at": "2026-11-28T09:00:00+00:00",
...         "languages": {"pt": {"status": "machine", "page": "pt/s.html", "segments": [
...             {"id": "title", "context": "title", "source": "Hi", "target": "Oi", "origin": "mt",
...              "flags": [{"code": "c", "severity": "critical", "message": "m"}], "terms": []}]}}}
>>> report = ReleaseReport.from_json(data)
>>> report.language("pt").status, report.language("pt").open_flags
(<LanguageStatus.MACHINE: 'machine'>, 1)
>>> report.language("pt").segments[0].translation("pt").critical
True
>>> ReleaseReport.from_json(report.to_json()) == report
True
>>> data["languages"]["pt"]["segments"][0]["target"] = None
>>> ReleaseReport.from_json(data)
Traceback (most recent call last):
...
transpub.errors.ReportError: report languages.pt.segments[0].target: expected a string
"""

from __future__ import annotations

import enum
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, NoReturn

from transpub.checks.gate import open_flags
from transpub.document import Flag, FuzzyMatch, Origin, Severity, Translation
from transpub.errors import ReportError
from transpub.glossary.applied import TermStatus
from transpub.glossary.entry import TermKind
from transpub.text.slug import is_valid_slug

REPORT_DIR = "reports"
MAX_REPORT_BYTES = 50_000_000


class LanguageStatus(enum.StrEnum):
    """What a language's published version is."""

    MACHINE = "machine"  # machine output, online with the machine-translation notice
    REVIEWED = "reviewed"  # every segment approved by a translator
    HELD = "held"  # the gate holds it: the last published page stays online
    PSEUDO = "pseudo"  # a pseudo-translation preview


def _values(kind: type[enum.Enum]) -> frozenset[str]:
    return frozenset(str(m.value) for m in kind)


LANGUAGE_STATUSES = _values(LanguageStatus)
ORIGINS = _values(Origin)
SEVERITIES = _values(Severity)
TERM_KINDS = _values(TermKind)
TERM_STATUSES = _values(TermStatus)


# ------------------------------------------------------------------------------------------------------ the model


@dataclass(frozen=True)
class ReportTerm:
    """A glossary term that applies to a segment, and whether the target honours it."""

    source: str
    kind: TermKind
    target: str | None
    status: TermStatus
    reason: str | None = None

    def describe(self) -> str:
        """One line for a translator.

        >>> ReportTerm("GCRF", TermKind.KEEP, "GCRF", TermStatus.ENFORCED).describe()
        'keep: GCRF -> GCRF (enforced)'
        """
        arrow = f" -> {self.target}" if self.target else ""
        reason = f"; {self.reason}" if self.reason else ""
        return f"{self.kind}: {self.source}{arrow} ({self.status}{reason})"

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "kind": str(self.kind),
            "target": self.target,
            "status": str(self.status),
            "reason": self.reason,
        }


@dataclass(frozen=True)
class SegmentReport:
    """One segment of one language as it was published.

    ``strategy``, ``back_translation`` and ``matches`` are optional: they are written only when set.
    """

    id: str
    context: str
    source: str
    target: str
    origin: Origin
    flags: tuple[Flag, ...] = ()
    terms: tuple[ReportTerm, ...] = ()
    suggestion: str | None = None
    strategy: str | None = None
    back_translation: str | None = None
    matches: tuple[FuzzyMatch, ...] = ()

    def translation(self, lang: str) -> Translation:
        """The segment as a :class:`~transpub.document.Translation` (for the gate and flag counts)."""
        return Translation(
            self.id,
            lang,
            self.source,
            self.target,
            self.origin,
            self.flags,
            None,
            self.suggestion,
            self.strategy,
            self.back_translation,
            self.matches,
        )

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "context": self.context,
            "source": self.source,
            "target": self.target,
            "origin": str(self.origin),
            "flags": [
                {"code": f.code, "severity": str(f.severity), "message": f.message, "span": f.span} for f in self.flags
            ],
            "terms": [t.to_json() for t in self.terms],
            "suggestion": self.suggestion,
        }
        if self.strategy is not None:
            data["strategy"] = self.strategy
        if self.back_translation is not None:
            data["back_translation"] = self.back_translation
        if self.matches:
            data["matches"] = [match_json(m) for m in self.matches]
        return data


def match_json(m: FuzzyMatch) -> dict[str, Any]:
    """One fuzzy match as the report writes it."""
    return {"source": m.source, "target": m.target, "score": m.score, "origin": str(m.origin)}


def _no_counts() -> Mapping[str, int]:
    return MappingProxyType({})


@dataclass(frozen=True)
class LanguageReport:
    """One target language of a release: its status, engine and model, page and segments.

    ``flag_counts`` (optional, written only when set) maps a check id to how many flags it raised in this language.
    """

    lang: str
    status: LanguageStatus
    page: str
    segments: tuple[SegmentReport, ...]
    engine: str | None = None
    model: str | None = None
    flag_counts: Mapping[str, int] = field(default_factory=_no_counts)

    def __post_init__(self) -> None:
        object.__setattr__(self, "flag_counts", MappingProxyType(dict(self.flag_counts)))

    @property
    def open_flags(self) -> int:
        """How many flags are still open (on segments no translator has approved)."""
        return sum(len(t.flags) for t in open_flags(s.translation(self.lang) for s in self.segments))

    def segment(self, segment_id: str) -> SegmentReport | None:
        return next((s for s in self.segments if s.id == segment_id), None)

    def translations(self) -> tuple[Translation, ...]:
        return tuple(s.translation(self.lang) for s in self.segments)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "engine": self.engine,
            "model": self.model,
            "status": str(self.status),
            "page": self.page,
            "segments": [s.to_json() for s in self.segments],
        }
        if self.flag_counts:
            data["flag_counts"] = dict(self.flag_counts)
        return data


def _no_languages() -> Mapping[str, LanguageReport]:
    return MappingProxyType({})


@dataclass(frozen=True)
class ReleaseReport:
    """The whole report of one release; ``path`` is the report file itself when it was read from disk."""

    slug: str
    title: str
    source_path: Path | None
    content_hash: str
    source_lang: str
    generated_at: str
    languages: Mapping[str, LanguageReport] = field(default_factory=_no_languages)
    path: Path | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "languages", MappingProxyType(dict(self.languages)))

    def language(self, lang: str) -> LanguageReport:
        try:
            return self.languages[lang]
        except KeyError:
            raise ReportError(
                f"release {self.slug!r} has no published language {lang!r}"
                f" (it has: {', '.join(sorted(self.languages)) or 'none'})",
                path=self.path,
                value=lang,
            ) from None

    def to_json(self) -> dict[str, Any]:
        """The report as JSON-ready dicts and lists, keys in the order of docs/contracts.md."""
        return {
            "release": {
                "slug": self.slug,
                "title": self.title,
                "source_path": None if self.source_path is None else str(self.source_path),
                "content_hash": self.content_hash,
            },
            "source_lang": self.source_lang,
            "generated_at": self.generated_at,
            "languages": {lang: lr.to_json() for lang, lr in self.languages.items()},
        }

    @classmethod
    def from_json(cls, data: object, *, path: str | os.PathLike[str] | None = None) -> ReleaseReport:
        """Validate parsed JSON into a report; :class:`ReportError` names the first place that breaks the schema.

        Keys whose value may be null may also be absent.
        """
        return _Reader(path).release(data)


def report_path(out: str | os.PathLike[str], slug: str) -> Path:
    """``OUT/reports/<slug>.json``; a value that is not a release slug is refused.

    Slugs arrive from XLIFF files and URLs, so this is where a path like ``../../etc/x`` is stopped.

    >>> report_path("out", "gcrf-2026").as_posix()
    'out/reports/gcrf-2026.json'
    >>> report_path("out", "../../etc/x")
    Traceback (most recent call last):
    ...
    transpub.errors.ReportError: not a release slug: '../../etc/x'
    """
    if not isinstance(slug, str) or not is_valid_slug(slug):
        raise ReportError("not a release slug", value=slug)
    return Path(out) / REPORT_DIR / f"{slug}.json"


# ------------------------------------------------------------------------------------------------- validation


class _Reader:
    """Walks parsed JSON into the model; raises one :class:`ReportError` naming the first place that is wrong."""

    def __init__(self, path: str | os.PathLike[str] | None) -> None:
        self.path = path

    def fail(self, where: str, problem: str, value: object) -> NoReturn:
        raise ReportError(f"report {where}: {problem}", path=self.path, value=value)

    def mapping(self, obj: object, where: str, keys: Sequence[str]) -> Mapping[str, Any]:
        if not isinstance(obj, Mapping):
            self.fail(where, "expected an object", type(obj).__name__)
        missing = [k for k in keys if k not in obj]
        if missing:
            self.fail(where, "missing keys", missing)
        return obj

    def text(self, obj: Mapping[str, Any], key: str, where: str) -> str:
        value = obj[key]
        if not isinstance(value, str):
            self.fail(f"{where}.{key}", "expected a string", value)
        return value

    def optional_text(self, obj: Mapping[str, Any], key: str, where: str) -> str | None:
        value = obj.get(key)
        if not (value is None or isinstance(value, str)):
            self.fail(f"{where}.{key}", "expected a string or null", value)
        return value

    def choice(self, obj: Mapping[str, Any], key: str, where: str, allowed: frozenset[str]) -> str:
        value = obj[key]
        if value not in allowed:
            self.fail(f"{where}.{key}", f"expected one of {sorted(allowed)}", value)
        return str(value)

    def items(self, obj: Mapping[str, Any], key: str, where: str, *, optional: bool = False) -> list[Any]:
        value = obj.get(key, [] if optional else None)
        if not isinstance(value, list):
            self.fail(f"{where}.{key}", "expected a list", type(value).__name__)
        return value

    def release(self, data: object) -> ReleaseReport:
        top = self.mapping(data, "top level", ("release", "source_lang", "generated_at", "languages"))
        rel = self.mapping(top["release"], "release", ("slug", "title", "content_hash"))
        slug = self.text(rel, "slug", "release")
        if not is_valid_slug(slug):
            self.fail("release.slug", "not a safe file name", slug)
        source_path = self.optional_text(rel, "source_path", "release")
        langs = self.mapping(top["languages"], "languages", ())
        return ReleaseReport(
            slug=slug,
            title=self.text(rel, "title", "release"),
            source_path=None if source_path is None else Path(source_path),
            content_hash=self.text(rel, "content_hash", "release"),
            source_lang=self.text(top, "source_lang", "top level"),
            generated_at=self.text(top, "generated_at", "top level"),
            languages={str(lang): self.language(str(lang), body) for lang, body in langs.items()},
            path=None if self.path is None else Path(self.path),
        )

    def language(self, lang: str, body: object) -> LanguageReport:
        where = f"languages.{lang}"
        lr = self.mapping(body, where, ("status", "page", "segments"))
        return LanguageReport(
            lang=lang,
            status=LanguageStatus(self.choice(lr, "status", where, LANGUAGE_STATUSES)),
            page=self.text(lr, "page", where),
            segments=tuple(
                self.segment(seg, f"{where}.segments[{i}]") for i, seg in enumerate(self.items(lr, "segments", where))
            ),
            engine=self.optional_text(lr, "engine", where),
            model=self.optional_text(lr, "model", where),
            flag_counts=self.counts(lr, where),
        )

    def counts(self, lr: Mapping[str, Any], where: str) -> dict[str, int]:
        if "flag_counts" not in lr:
            return {}
        counts = self.mapping(lr["flag_counts"], f"{where}.flag_counts", ())
        for code, n in counts.items():
            if not isinstance(n, int) or isinstance(n, bool) or n < 0:
                self.fail(f"{where}.flag_counts.{code}", "expected a count (an integer >= 0)", n)
        return {str(code): int(n) for code, n in counts.items()}

    def segment(self, seg: object, where: str) -> SegmentReport:
        s = self.mapping(seg, where, ("id", "context", "source", "target", "origin", "flags", "terms"))
        return SegmentReport(
            id=self.text(s, "id", where),
            context=self.text(s, "context", where),
            source=self.text(s, "source", where),
            target=self.text(s, "target", where),
            origin=Origin(self.choice(s, "origin", where, ORIGINS)),
            flags=tuple(self.flag(f, f"{where}.flags[{j}]") for j, f in enumerate(self.items(s, "flags", where))),
            terms=tuple(self.term(t, f"{where}.terms[{j}]") for j, t in enumerate(self.items(s, "terms", where))),
            suggestion=self.optional_text(s, "suggestion", where),
            strategy=self.optional_text(s, "strategy", where),
            back_translation=self.optional_text(s, "back_translation", where),
            matches=tuple(
                self.match(m, f"{where}.matches[{j}]")
                for j, m in enumerate(self.items(s, "matches", where, optional=True))
            ),
        )

    def flag(self, flag: object, where: str) -> Flag:
        f = self.mapping(flag, where, ("code", "severity", "message"))
        return Flag(
            self.text(f, "code", where),
            Severity(self.choice(f, "severity", where, SEVERITIES)),
            self.text(f, "message", where),
            self.optional_text(f, "span", where),
        )

    def term(self, term: object, where: str) -> ReportTerm:
        t = self.mapping(term, where, ("source", "kind", "status"))
        return ReportTerm(
            self.text(t, "source", where),
            TermKind(self.choice(t, "kind", where, TERM_KINDS)),
            self.optional_text(t, "target", where),
            TermStatus(self.choice(t, "status", where, TERM_STATUSES)),
            self.optional_text(t, "reason", where),
        )

    def match(self, match: object, where: str) -> FuzzyMatch:
        m = self.mapping(match, where, ("source", "target", "score", "origin"))
        score = m["score"]
        if not isinstance(score, int | float) or isinstance(score, bool) or not 0 <= score <= 1:
            self.fail(f"{where}.score", "expected a number from 0 to 1", score)
        return FuzzyMatch(
            self.text(m, "source", where),
            self.text(m, "target", where),
            float(score),
            Origin(self.choice(m, "origin", where, ORIGINS)),
        )


def validate_report(report: object, *, path: str | os.PathLike[str] | None = None) -> None:
    """Raise :class:`ReportError` if ``report`` does not follow the schema; ``path`` is quoted in the message."""
    ReleaseReport.from_json(report, path=path)


def dumps_report(report: Mapping[str, Any] | ReleaseReport) -> str:
    """The report as UTF-8 JSON text (readable: real letters, not ``\\u`` escapes; two-space indent)."""
    data = report.to_json() if isinstance(report, ReleaseReport) else report
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
