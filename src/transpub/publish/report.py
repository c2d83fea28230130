"""The QA report of a release, ``OUT/reports/<slug>.json``: per language, every segment with its origin and flags.

The schema is in ``docs/contracts.md``; :func:`validate_report` checks it on the way out and on the way in, and
names the exact place that is wrong (``languages.pt.segments[3].origin``). The review app reads reports with
:func:`read_report`.

>>> from transpub.document import Flag, Origin, Release, Segment, Severity, Translation
>>> release = Release(title="GCRF opens Tidewatch", slug="gcrf-tidewatch", blocks=())
>>> seg = Segment("title", "GCRF opens Tidewatch", context="title")
>>> t = Translation("title", "pt", seg.source, "GCRF abre Tidewatch", Origin.MT,
...                 flags=(Flag("untranslated", Severity.WARNING, "target equals source"),))
>>> report = build_report(release, [LanguageReport("pt", "machine", (t,), engine="bergamot")],
...                       source_lang="en", segments=[seg], generated_at="2026-11-28T09:00:00+00:00")
>>> report["languages"]["pt"]["segments"][0]["flags"][0]["severity"]
'warning'
>>> validate_report(report)
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, NoReturn, Protocol

from transpub.document import Release, Segment, Translation
from transpub.errors import PublishError
from transpub.publish.atomic import write_atomic
from transpub.publish.links import check_slug, page_relpath

REPORT_DIR = "reports"
LANGUAGE_STATUSES = frozenset({"machine", "reviewed", "held", "pseudo"})
ORIGINS = frozenset({"mt", "memory", "approved", "kept"})
SEVERITIES = frozenset({"critical", "warning", "info"})
TERM_KINDS = frozenset({"keep", "translate", "forbidden"})
TERM_STATUSES = frozenset({"enforced", "present", "failed"})


class AppliedTermLike(Protocol):
    """One glossary entry as applied to one segment (``transpub.translate.protect.AppliedTerm`` has these fields)."""

    source: str
    kind: object  # "keep" | "translate" | "forbidden", or an enum of those values
    target: str | None
    status: object  # "enforced" | "present" | "failed", or an enum of those values
    reason: str | None


def _no_terms() -> Mapping[str, tuple[AppliedTermLike, ...]]:
    return MappingProxyType({})


@dataclass(frozen=True)
class LanguageReport:
    """What the report says about one language: its status, engine and model, translations and applied terms.

    ``terms`` maps a segment id to the glossary entries applied to it.
    """

    lang: str
    status: str
    translations: tuple[Translation, ...]
    engine: str | None = None
    model: str | None = None
    terms: Mapping[str, Sequence[AppliedTermLike]] = field(default_factory=_no_terms)


def report_path(out: str | os.PathLike[str], slug: str) -> Path:
    """``OUT/reports/<slug>.json``."""
    return Path(out) / REPORT_DIR / f"{check_slug(slug)}.json"


def _value(value: object) -> object:
    return value.value if isinstance(value, enum.Enum) else value


def _term_json(term: AppliedTermLike | Mapping[str, object]) -> dict[str, object]:
    names = ("source", "kind", "target", "status", "reason")
    if isinstance(term, Mapping):
        return {name: _value(term.get(name)) for name in names}
    return {name: _value(getattr(term, name, None)) for name in names}


def _segment_json(t: Translation, context: str, terms: Sequence[AppliedTermLike]) -> dict[str, Any]:
    return {
        "id": t.segment_id,
        "context": context,
        "source": t.source,
        "target": t.target,
        "origin": str(t.origin),
        "flags": [{"code": f.code, "severity": str(f.severity), "message": f.message, "span": f.span} for f in t.flags],
        "terms": [_term_json(term) for term in terms],
        "suggestion": t.suggestion,
    }


def build_report(
    release: Release,
    languages: Sequence[LanguageReport],
    *,
    source_lang: str,
    segments: Sequence[Segment],
    generated_at: str | dt.datetime | None = None,
) -> dict[str, Any]:
    """The report of one release as a JSON-ready dict, validated against the schema.

    ``segments`` give each translation its context; a translation of a segment that is not among them is an error.
    """
    contexts = {s.id: s.context for s in segments}
    if generated_at is None:
        generated_at = dt.datetime.now(dt.UTC)
    if isinstance(generated_at, dt.datetime):
        generated_at = generated_at.isoformat(timespec="seconds")
    by_lang: dict[str, Any] = {}
    for lr in languages:
        if lr.lang in by_lang:
            raise PublishError("language reported twice", value=lr.lang)
        rows = []
        for t in lr.translations:
            if t.segment_id not in contexts:
                raise PublishError(f"translation into {lr.lang} for an unknown segment", value=t.segment_id)
            rows.append(_segment_json(t, contexts[t.segment_id], lr.terms.get(t.segment_id, ())))
        by_lang[lr.lang] = {
            "engine": lr.engine,
            "model": lr.model,
            "status": lr.status,
            "page": str(page_relpath(lr.lang, release.slug)),
            "segments": rows,
        }
    report = {
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
    validate_report(report)
    return report


# ------------------------------------------------------------------------------------------------- validation


class _Checker:
    """Walks a report and raises one :class:`PublishError` naming the first place that breaks the schema."""

    def __init__(self, path: str | os.PathLike[str] | None) -> None:
        self.path = path

    def fail(self, where: str, problem: str, value: object) -> NoReturn:
        raise PublishError(f"report {where}: {problem}", path=self.path, value=value)

    def mapping(self, obj: object, where: str, keys: Sequence[str]) -> Mapping[str, Any]:
        if not isinstance(obj, Mapping):
            self.fail(where, "expected an object", type(obj).__name__)
        missing = [k for k in keys if k not in obj]  # type: ignore[operator]
        if missing:
            self.fail(where, "missing keys", missing)
        return obj  # type: ignore[return-value]

    def text(self, obj: Mapping[str, Any], key: str, where: str, *, optional: bool = False) -> None:
        value = obj[key]
        if not (isinstance(value, str) or (optional and value is None)):
            self.fail(f"{where}.{key}", "expected a string" + (" or null" if optional else ""), value)

    def choice(self, obj: Mapping[str, Any], key: str, where: str, allowed: frozenset[str]) -> None:
        if obj[key] not in allowed:
            self.fail(f"{where}.{key}", f"expected one of {sorted(allowed)}", obj[key])

    def items(self, obj: Mapping[str, Any], key: str, where: str) -> list[Any]:
        value = obj[key]
        if not isinstance(value, list):
            self.fail(f"{where}.{key}", "expected a list", type(value).__name__)
        return value


def validate_report(report: object, *, path: str | os.PathLike[str] | None = None) -> None:
    """Raise :class:`PublishError` if ``report`` does not follow the schema; ``path`` is quoted in the message."""
    c = _Checker(path)
    top = c.mapping(report, "top level", ("release", "source_lang", "generated_at", "languages"))
    rel = c.mapping(top["release"], "release", ("slug", "title", "source_path", "content_hash"))
    c.text(rel, "slug", "release")
    try:
        check_slug(rel["slug"])
    except PublishError:
        c.fail("release.slug", "not a safe file name", rel["slug"])
    c.text(rel, "title", "release")
    c.text(rel, "source_path", "release", optional=True)
    c.text(rel, "content_hash", "release")
    c.text(top, "source_lang", "top level")
    c.text(top, "generated_at", "top level")
    langs = c.mapping(top["languages"], "languages", ())
    for lang, entry in langs.items():
        where = f"languages.{lang}"
        lr = c.mapping(entry, where, ("engine", "model", "status", "page", "segments"))
        c.text(lr, "engine", where, optional=True)
        c.text(lr, "model", where, optional=True)
        c.choice(lr, "status", where, LANGUAGE_STATUSES)
        c.text(lr, "page", where)
        for i, seg in enumerate(c.items(lr, "segments", where)):
            _validate_segment(c, seg, f"{where}.segments[{i}]")


def _validate_segment(c: _Checker, seg: object, where: str) -> None:
    keys = ("id", "context", "source", "target", "origin", "flags", "terms", "suggestion")
    s = c.mapping(seg, where, keys)
    for key in ("id", "context", "source", "target"):
        c.text(s, key, where)
    c.choice(s, "origin", where, ORIGINS)
    c.text(s, "suggestion", where, optional=True)
    for j, flag in enumerate(c.items(s, "flags", where)):
        fw = f"{where}.flags[{j}]"
        f = c.mapping(flag, fw, ("code", "severity", "message", "span"))
        c.text(f, "code", fw)
        c.choice(f, "severity", fw, SEVERITIES)
        c.text(f, "message", fw)
        c.text(f, "span", fw, optional=True)
    for j, term in enumerate(c.items(s, "terms", where)):
        tw = f"{where}.terms[{j}]"
        t = c.mapping(term, tw, ("source", "kind", "target", "status", "reason"))
        c.text(t, "source", tw)
        c.choice(t, "kind", tw, TERM_KINDS)
        c.text(t, "target", tw, optional=True)
        c.choice(t, "status", tw, TERM_STATUSES)
        c.text(t, "reason", tw, optional=True)


# ---------------------------------------------------------------------------------------------- reading/writing


def dumps_report(report: Mapping[str, Any]) -> str:
    """The report as UTF-8 JSON text (readable: real letters, not ``\\u`` escapes; two-space indent)."""
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def write_report(out: str | os.PathLike[str], report: Mapping[str, Any]) -> Path:
    """Validate ``report`` and write it atomically to ``OUT/reports/<slug>.json``."""
    validate_report(report)
    return write_atomic(report_path(out, report["release"]["slug"]), dumps_report(report))


def read_report(out: str | os.PathLike[str], slug: str) -> dict[str, Any]:
    """Read and validate the report of ``slug``; :class:`PublishError` names the file when it is absent or broken."""
    path = report_path(out, slug)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise PublishError("no QA report for this release (publish it first)", path=path, value=slug) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise PublishError(f"cannot read the QA report: {exc}", path=path) from exc
    try:
        report = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PublishError(f"QA report is not valid JSON: {exc.msg}", path=path, line=exc.lineno) from exc
    validate_report(report, path=path)
    if report["release"]["slug"] != slug:
        raise PublishError("QA report belongs to another release", path=path, value=report["release"]["slug"])
    return report
