"""Applying a translator's work: XLIFF imports and approvals from the review page.

Both paths end the same way: each accepted target is validated
(:func:`transpub.checks.validate.validate_target`), stored as an *approved* entry in the translation
memory, and the languages that changed are republished, and only those. :func:`check_document` is the
pure part of an import (what would be approved, what is refused and why); :class:`ReviewDesk` adds the
memory, the report files and the republish.

A file is refused whole when it cannot be trusted as a unit of work: malformed or hostile XML, a release
that is not published in this output folder, another release than the one asked for, or the wrong
languages. Otherwise units are judged one by one, and a refused unit never costs the others: a unit
whose source no longer matches the current release, or whose target breaks the rules, is reported with
its id and reason and the rest are applied.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from transpub.checks.language_fit import language_problem
from transpub.checks.validate import same_source, validate_target
from transpub.document import Origin
from transpub.errors import LanguageError, ReviewError
from transpub.languages import parse_language
from transpub.memory.store import TranslationMemory
from transpub.publish.report import ReleaseReport, report_path
from transpub.publish.report_io import load_report, load_reports
from transpub.review.current import DEFAULT_MAX_BYTES, CurrentRelease, load_current
from transpub.review.export import build_document
from transpub.review.xliff import State, XliffDocument, XliffUnit, read_xliff, write_xliff
from transpub.text import tagged

# Republish one release file in some of its languages (the CLI passes
# :func:`transpub.commands.review.pipeline_republisher`; tests pass their own).
Republish = Callable[[Path, Sequence[str]], object]


@dataclass(frozen=True)
class Approval:
    """One target a translator approved for one segment of one release and language."""

    slug: str
    lang: str
    segment_id: str
    source: str
    target: str
    reviewer: str | None = None


@dataclass(frozen=True)
class Refusal:
    """A unit (or edit) that was not applied, and why."""

    segment_id: str
    reason: str

    def __str__(self) -> str:
        return f"unit {self.segment_id}: {self.reason}"


@dataclass(frozen=True)
class ImportResult:
    """What one XLIFF file did: approvals, refusals, units left alone (not approved, or already so)."""

    path: str
    slug: str
    lang: str
    release_path: Path
    approvals: tuple[Approval, ...]
    refusals: tuple[Refusal, ...]
    untouched: tuple[str, ...]

    def lines(self) -> list[str]:
        """Human-readable summary: one headline, then one line per refused unit."""
        head = (
            f"{self.path}: {self.slug} [{self.lang}] {len(self.approvals)} approved, "
            f"{len(self.refusals)} refused, {len(self.untouched)} untouched"
        )
        return [head, *(f"{self.path}: refused {r}" for r in self.refusals)]


@dataclass(frozen=True)
class ImportOutcome:
    """Every file of one import: per-file results, files refused whole, and what was republished."""

    results: tuple[ImportResult, ...]
    failures: tuple[ReviewError, ...]
    republished: tuple[tuple[str, tuple[str, ...]], ...]  # (slug, languages)

    @property
    def ok(self) -> bool:
        return not self.failures and not any(r.refusals for r in self.results)


def _tag(code: str, *, path: str | None) -> str:
    try:
        return parse_language(code).tag
    except LanguageError as exc:
        raise ReviewError(f"bad language in file: {exc.message}", path=path, value=code) from exc


def check_unit(unit: XliffUnit, current: CurrentRelease, lang: str, reviewer: str | None) -> Approval | Refusal | None:
    """Judge one unit: an :class:`Approval`, a :class:`Refusal`, or ``None`` when there is nothing to apply
    (a unit not marked reviewed or final, or one already approved with the same wording)."""
    segment = current.segment(unit.id)
    if segment is None:
        return Refusal(unit.id, "no segment with this id in the current release")
    if not same_source(unit.source, segment.source):
        return Refusal(unit.id, f"source changed since export: the release now reads {segment.source!r}")
    if unit.state not in {s.value for s in State}:
        return Refusal(unit.id, f"unknown state {unit.state!r}")
    if not State(unit.state).approved:
        return None
    if unit.target is None:
        return Refusal(unit.id, "marked approved but has no target")
    try:
        target = validate_target(segment.source, unit.target)
    except ReviewError as exc:
        return Refusal(unit.id, exc.message)
    published = current.report.language(lang).segment(unit.id)
    if published is not None and published.origin is Origin.APPROVED and published.target == target:
        return None  # already approved with this wording: keep the original reviewer and date
    return Approval(current.report.slug, lang, unit.id, segment.source, target, unit.reviewer or reviewer)


def check_document(
    doc: XliffDocument, current: CurrentRelease, *, path: str | None = None, expect_slug: str | None = None
) -> ImportResult:
    """Judge every unit of ``doc`` against the current release.

    Raises :class:`ReviewError` when the whole file is for another release or other languages.
    """
    report = current.report
    if expect_slug is not None and doc.slug != expect_slug:
        raise ReviewError(f"file is for release {doc.slug!r}, not {expect_slug!r}", path=path, value=doc.slug)
    if doc.slug != report.slug:
        raise ReviewError(f"file is for release {doc.slug!r}, not {report.slug!r}", path=path, value=doc.slug)
    if _tag(doc.src_lang, path=path) != _tag(report.source_lang, path=path):
        raise ReviewError(
            f"file's source language is not the release's ({report.source_lang})",
            path=path,
            value=doc.src_lang,
        )
    lang = _tag(doc.trg_lang, path=path)
    language = next((k for k in report.languages if _tag(k, path=path) == lang), None)
    if language is None:
        raise ReviewError(f"release {report.slug!r} is not published in this language", path=path, value=doc.trg_lang)
    approvals: list[Approval] = []
    refusals: list[Refusal] = []
    untouched: list[str] = []
    for unit in doc.units:
        verdict = check_unit(unit, current, language, doc.reviewer)
        if isinstance(verdict, Approval):
            approvals.append(verdict)
        elif isinstance(verdict, Refusal):
            refusals.append(verdict)
        else:
            untouched.append(unit.id)
    problem = language_problem((tagged.to_plain(a.target) for a in approvals), language)
    if problem is not None:  # trgLang is not trusted: French approved as Arabic is refused (checks.language_fit)
        raise ReviewError(f"the approved targets {problem} as the file's trgLang says", path=path, value=doc.trg_lang)
    return ImportResult(
        str(path), report.slug, language, current.path, tuple(approvals), tuple(refusals), tuple(untouched)
    )


class ReviewDesk:
    """Where review work lands: reads reports under ``out_dir``, writes approvals to ``memory``, republishes.

    ``republish`` is called once per release with the languages that changed, after every approval of an
    import or edit is stored. Changes are serialised (one import or approval at a time), so concurrent requests
    of the review page never interleave their writes and republishes.
    """

    def __init__(
        self,
        out_dir: Path,
        memory: TranslationMemory,
        republish: Republish,
        *,
        max_release_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        self.out_dir = Path(out_dir)
        self._memory = memory
        self._republish = republish
        self._max_bytes = max_release_bytes
        self._changing = threading.Lock()

    # -- reading

    def reports(self) -> tuple[ReleaseReport, ...]:
        return load_reports(self.out_dir)

    def report(self, slug: str) -> ReleaseReport:
        path = report_path(self.out_dir, slug)
        if not path.is_file():
            raise ReviewError(f"release {slug!r} is not published in {self.out_dir}", path=path, value=slug)
        return load_report(path)

    def current(self, slug: str) -> CurrentRelease:
        return load_current(self.report(slug), max_bytes=self._max_bytes)

    # -- XLIFF

    def export(self, slug: str, lang: str, *, only_flagged: bool = False, reviewer: str | None = None) -> bytes:
        """The XLIFF file for ``lang`` of release ``slug``."""
        return write_xliff(build_document(self.current(slug), lang, only_flagged=only_flagged, reviewer=reviewer))

    def import_file(self, path: Path, *, expect_slug: str | None = None) -> ImportResult:
        """Check one file and store its approvals, without republishing (:meth:`import_files` does both)."""
        with self._changing:
            return self._import_file(path, expect_slug=expect_slug)

    def _import_file(self, path: Path, *, expect_slug: str | None) -> ImportResult:
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ReviewError(f"cannot read review file ({exc.strerror})", path=path) from exc
        doc = read_xliff(data, path=path)
        try:
            report_file = report_path(self.out_dir, doc.slug)
        except ReviewError as exc:
            raise ReviewError(f"file's <file id> is {exc.message}", path=path, value=doc.slug) from exc
        if not report_file.is_file():
            raise ReviewError(
                f"file is for release {doc.slug!r}, which is not published in {self.out_dir}",
                path=path,
                value=doc.slug,
            )
        current = load_current(load_report(report_file), max_bytes=self._max_bytes)
        result = check_document(doc, current, path=str(path), expect_slug=expect_slug)
        self._store(current.report, result.approvals)
        return result

    def import_files(self, paths: Iterable[Path], *, expect_slug: str | None = None) -> ImportOutcome:
        """Import every file; a file refused whole is reported and the others still apply. Then republish."""
        results: list[ImportResult] = []
        failures: list[ReviewError] = []
        with self._changing:
            for path in paths:
                try:
                    results.append(self._import_file(path, expect_slug=expect_slug))
                except ReviewError as exc:
                    failures.append(exc)
            republished = self._republish_for(
                [a for r in results for a in r.approvals], {r.slug: r.release_path for r in results}
            )
        return ImportOutcome(tuple(results), tuple(failures), republished)

    # -- the review page

    def approve(self, slug: str, lang: str, segment_id: str, target: str, *, reviewer: str | None = None) -> Approval:
        """Approve an edited target for one segment and republish its language.

        Raises :class:`ReviewError` when the target breaks a rule or the release changed since it was
        published.
        """
        with self._changing:
            return self._approve(slug, lang, segment_id, target, reviewer)

    def _approve(self, slug: str, lang: str, segment_id: str, target: str, reviewer: str | None) -> Approval:
        current = self.current(slug)
        published = current.report.language(lang).segment(segment_id)
        segment = current.segment(segment_id)
        if published is None or segment is None:
            raise ReviewError(f"release {slug!r} has no segment {segment_id!r}", value=segment_id)
        if not same_source(published.source, segment.source):
            raise ReviewError(
                "the release file changed since it was published; republish before reviewing",
                value=segment_id,
            )
        approval = Approval(slug, lang, segment_id, segment.source, validate_target(segment.source, target), reviewer)
        self._store(current.report, [approval])
        self._republish_for([approval], {slug: current.path})
        return approval

    def approve_unflagged(self, slug: str, lang: str, *, reviewer: str | None = None) -> tuple[Approval, ...]:
        """Approve, as they stand, every segment with no flag that is not approved yet. Republishes if any."""
        with self._changing:
            return self._approve_unflagged(slug, lang, reviewer)

    def _approve_unflagged(self, slug: str, lang: str, reviewer: str | None) -> tuple[Approval, ...]:
        current = self.current(slug)
        approvals = []
        for seg in current.report.language(lang).segments:
            now = current.segment(seg.id)
            if seg.flags or seg.origin in (Origin.APPROVED, Origin.KEPT) or not seg.target or now is None:
                continue
            if not same_source(seg.source, now.source):
                continue
            try:
                target = validate_target(now.source, seg.target)
            except ReviewError:
                continue  # a target that fails the rules needs a person, not a bulk approval
            approvals.append(Approval(slug, lang, seg.id, now.source, target, reviewer))
        self._store(current.report, approvals)
        self._republish_for(approvals, {slug: current.path})
        return tuple(approvals)

    def change_and_republish(self, slug: str, lang: str, change: Callable[[], object]) -> object:
        """Run ``change`` (a memory write made elsewhere, e.g. a reverted approval), then republish ``lang``.

        Serialised with approvals and imports like every other change of this desk.
        """
        with self._changing:
            path = self.current(slug).path
            done = change()
            self._republish(path, (lang,))
            return done

    # -- writing

    def _store(self, report: ReleaseReport, approvals: Iterable[Approval]) -> None:
        for a in approvals:
            self._memory.approve(a.source, a.target, report.source_lang, a.lang, reviewer=a.reviewer)

    def _republish_for(
        self, approvals: Sequence[Approval], release_paths: Mapping[str, Path]
    ) -> tuple[tuple[str, tuple[str, ...]], ...]:
        by_slug: dict[str, list[str]] = {}
        for a in approvals:
            langs = by_slug.setdefault(a.slug, [])
            if a.lang not in langs:
                langs.append(a.lang)
        done = []
        for slug, langs in by_slug.items():
            self._republish(release_paths[slug], tuple(langs))
            done.append((slug, tuple(langs)))
        return tuple(done)
