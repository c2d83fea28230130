"""The publishing pipeline as plain library functions: load -> segment -> translate -> check -> render -> write.

Prefect flows (``flows/``) wrap these stages as tasks; the library never needs Prefect. Each stage is a function over
frozen values, so tests call them directly and the flow stays thin.

Writing is the only stage with side effects, and it happens only after every release was read and every language
translated: a bad release, an unknown language or a missing model stops the run before anything is written.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from transpub.checks.qeconfig import qe_config_from_table
from transpub.checks.summary import flag_counts
from transpub.document import Release
from transpub.errors import ReleaseError, TranspubError
from transpub.formats import READERS
from transpub.formats.loading import load_release, release_files_in
from transpub.formats.segment import SegmentedRelease, segment_release
from transpub.glossary import Glossary, load_glossaries
from transpub.memory.fuzzy import index_for, with_matches
from transpub.memory.store import TranslationMemory
from transpub.pipeline.decode import Dispatch, RemoteEngine
from transpub.pipeline.engines import EngineSet
from transpub.pipeline.results import PublishResult, ReleaseOutcome, language_status
from transpub.publish import (
    LanguageResult,
    PageContent,
    PublishLock,
    build_report,
    existing_languages,
    publish_release_pages,
    read_report,
    report_path,
)
from transpub.publish.freshness import stale_reason
from transpub.publish.report import LanguageStatus
from transpub.publish.site import check_slugs, finish_run
from transpub.translate.run import LanguageRun, translate_segments

if TYPE_CHECKING:
    from transpub.config import LanguageSettings, Settings
    from transpub.engines.base import Engine

#: Every extension a release reader accepts (from the format registry), for folder scans.
RELEASE_SUFFIXES = tuple(ext for reader in READERS.values() for ext in reader.extensions)
Progress = Callable[[str], None]

__all__ = [
    "RELEASE_SUFFIXES",
    "EngineSet",
    "PublishResult",
    "ReleaseOutcome",
    "collect_release_paths",
    "language_status",
    "load_glossary",
    "load_releases",
    "memory_session",
    "open_memory",
    "prepare",
    "previous_sources",
    "publish_releases",
    "render_release",
    "segment_releases",
    "select_languages",
    "translate_language",
    "write_outputs",
]


def _quiet(_: str) -> None:
    return None


# --------------------------------------------------------------------------------------------------- reading


def collect_release_paths(inputs: Iterable[str | Path]) -> tuple[Path, ...]:
    """Expand files and folders into release files (folders: every file a release reader accepts, sorted)."""
    found: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found.extend(release_files_in(path, RELEASE_SUFFIXES))  # links out of the folder are refused
        elif path.exists():
            found.append(path)
        else:
            raise ReleaseError("no such release file or folder", path=path)
    if not found:
        raise ReleaseError(
            f"no release files found (expected {', '.join(RELEASE_SUFFIXES)})", value=[str(i) for i in inputs]
        )
    unique: dict[Path, Path] = {}
    for p in found:
        unique.setdefault(p.resolve(), p)
    return tuple(unique)  # absolute: reports and the publish state work from any working folder


def load_releases(paths: Sequence[Path], *, max_bytes: int) -> tuple[Release, ...]:
    """Read every release; two releases with the same slug are an error naming both files."""
    releases = tuple(load_release(p, max_bytes=max_bytes) for p in paths)
    seen: dict[str, Release] = {}
    for rel in releases:
        if rel.slug in seen:
            raise ReleaseError(
                f"slug {rel.slug!r} is also the slug of {seen[rel.slug].source_path}; set a distinct slug",
                path=rel.source_path,
            )
        seen[rel.slug] = rel
    return releases


def segment_releases(releases: Sequence[Release]) -> tuple[SegmentedRelease, ...]:
    return tuple(segment_release(r) for r in releases)


def load_glossary(settings: Settings) -> Glossary | None:
    if not settings.glossaries:
        return None
    return load_glossaries(
        settings.glossaries, source=settings.source.tag, targets=[lang.tag for lang in settings.targets]
    )


# --------------------------------------------------------------------------------------------------- stages


def replaced_sources(batch: Sequence[SegmentedRelease], previous: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """New source text -> the source text that stood at the same segment id when the release was last published."""
    out: dict[str, str] = {}
    for sr in batch:
        prev = previous.get(sr.release.slug, {})
        for seg in sr.segments:
            old = prev.get(seg.id)
            if old is not None and old != seg.source:
                out.setdefault(seg.source, old)
    return out


def translate_language(
    batch: Sequence[SegmentedRelease],
    ls: LanguageSettings,
    *,
    settings: Settings,
    engine: Engine,
    glossary: Glossary | None,
    memory: TranslationMemory | None,
    previous: Mapping[str, Mapping[str, str]] | None = None,
) -> tuple[LanguageRun, dict[str, LanguageResult]]:
    """Translate every release of ``batch`` into one language with one batched engine call.

    Returns the run (counts for the summary) and, per release slug, the outcome ready to render.
    """
    run = translate_segments(
        [seg for sr in batch for seg in sr.segments],
        source=settings.source,
        target=ls.lang,
        engine=engine,
        glossary=glossary,
        memory=memory,
        ignore_checks=settings.ignore_checks,
        replaced=replaced_sources(batch, previous or {}),
        qe=qe_config_from_table(settings.qe_table),
        # a pseudo-translation previews layout, it has no grammar to keep: its terms are always masked
        term_strategy="mask" if ls.engine == "pseudo" else settings.term_strategy,
    )
    outcomes: dict[str, LanguageResult] = {}
    fuzzy = None
    if memory is not None and settings.review.matches:  # fuzzy matches for review, the memory read once per language
        with memory.connection() as conn:
            fuzzy = index_for(conn, settings.source.tag, ls.lang.tag, threshold=settings.review.fuzzy_threshold)
    for sr in batch:
        translations = tuple(run.for_segment(s) for s in sr.segments)
        if fuzzy is not None:
            translations = with_matches(translations, fuzzy)
        outcomes[sr.release.slug] = LanguageResult(
            lang=ls.lang.tag,
            status=language_status(ls.engine, translations, gate=ls.gate),
            translations=translations,
            terms=MappingProxyType({s.id: run.terms.get(s.source, ()) for s in sr.segments}),
            engine=engine.name,
            model=run.model,
        )
    return run, outcomes


# --------------------------------------------------------------------------------------------------- writing


def render_release(
    sr: SegmentedRelease,
    outcomes: Mapping[str, LanguageResult],
    *,
    settings: Settings,
    existing: Iterable[str] = (),
) -> tuple[list[Any], list[str]]:
    """Page contents for the source and every language that is not held; returns (contents, versions).

    ``versions`` are the language tags the pages link to: the source, every written language, and held languages
    whose earlier page stays online (``existing``).
    """
    rel = sr.release
    existing = set(existing)
    contents = [PageContent.from_rendered(settings.source, sr.render({}), date=rel.date, status="source")]
    versions = [settings.source.tag]
    for ls in settings.languages:
        out = outcomes.get(ls.lang.tag)
        if out is None or out.status is LanguageStatus.HELD:
            # Not translated in this run, or held by the gate: link to its earlier page if there is one.
            if ls.lang.tag in existing:
                versions.append(ls.lang.tag)
            continue
        view = sr.render({t.segment_id: t.target for t in out.translations})
        contents.append(PageContent.from_rendered(ls.lang, view, date=rel.date, status=out.status))
        versions.append(ls.lang.tag)
    return contents, versions


def keep_other_languages(report: dict[str, Any], settings: Settings) -> None:
    """Carry over, from the last report, languages this run did not touch (a republish of one language)."""
    slug = report["release"]["slug"]
    try:
        previous = read_report(settings.out, slug)
    except TranspubError:
        return
    targets = {lang.tag for lang in settings.targets}
    for lang, entry in previous["languages"].items():
        if lang not in report["languages"] and lang in targets and (settings.out / lang / f"{slug}.html").exists():
            report["languages"][lang] = entry


def open_memory(settings: Settings) -> TranslationMemory | None:
    if settings.memory is None:
        return None
    return TranslationMemory(settings.memory)


@contextlib.contextmanager
def memory_session(settings: Settings) -> Iterator[TranslationMemory | None]:
    """The run's translation memory (``None`` when the config has none), closed afterwards.

    Each thread opens its own session: SQLite connections are not shared between threads.
    """
    memory = open_memory(settings)
    try:
        yield memory
    finally:
        if memory is not None:
            memory.close()


def publish_releases(
    inputs: Iterable[str | Path],
    settings: Settings,
    *,
    languages: Sequence[str] | None = None,
    engines: Mapping[str, Engine] | None = None,
    progress: Progress = _quiet,
    dispatch: Dispatch | None = None,
) -> PublishResult:
    """Publish releases end to end: the one orchestration the CLI, the flows and the review app share.

    Without ``dispatch`` every language is translated here, one after another, with the run's own engines. With
    one (the Prefect flow's), decoding goes through it in chunks (:mod:`transpub.pipeline.decode`) and the
    languages run side by side in threads of this process; reading, memory, masking, checks and writing stay here.
    """
    batch = prepare(inputs, settings, progress=progress)
    chosen = select_languages(settings, languages)
    glossary = load_glossary(settings)
    with memory_session(settings) as memory, EngineSet(settings, engines) as engine_set:
        engine_set.check_available(chosen)
        previous = previous_sources(memory, batch)

        def one(ls: LanguageSettings, memory: TranslationMemory | None) -> tuple[LanguageRun, dict[str, Any]]:
            progress(f"translating {len(batch)} release(s) into {ls.lang.tag} with {ls.engine}")
            engine: Engine = engine_set.get(ls.engine)
            if dispatch is not None:
                chunk = settings.orchestration.chunk_tokens
                engine = RemoteEngine(engine, settings.options_for(ls.engine), dispatch, chunk)
            return translate_language(
                batch, ls, settings=settings, engine=engine, glossary=glossary, memory=memory, previous=previous
            )

        def in_thread(ls: LanguageSettings) -> tuple[LanguageRun, dict[str, Any]]:
            with memory_session(settings) as own:  # SQLite connections are not shared between threads
                return one(ls, own)

        if dispatch is None or len(chosen) == 1:
            runs = [one(ls, memory) for ls in chosen]
        else:
            # Each thread carries this thread's context (the Prefect flow run that decode tasks are submitted to).
            with ThreadPoolExecutor(max_workers=len(chosen), thread_name_prefix="transpub-lang") as pool:
                futures = [pool.submit(contextvars.copy_context().run, in_thread, ls) for ls in chosen]
                runs = [f.result() for f in futures]
        per_lang = {ls.lang.tag: outcomes for ls, (_, outcomes) in zip(chosen, runs, strict=True)}
        counts = {ls.lang.tag: (run.machine_translated, run.reused) for ls, (run, _) in zip(chosen, runs, strict=True)}
        return write_outputs(
            batch,
            per_lang,
            settings=settings,
            memory=memory,
            counts=counts,
            glossary_version=None if glossary is None else glossary.version,
            progress=progress,
        )


def prepare(inputs: Iterable[str | Path], settings: Settings, *, progress: Progress = _quiet) -> tuple[Any, ...]:
    paths = collect_release_paths(inputs)
    progress(f"reading {len(paths)} release(s)")
    return segment_releases(load_releases(paths, max_bytes=settings.max_release_bytes))


def select_languages(settings: Settings, languages: Sequence[str] | None) -> tuple[LanguageSettings, ...]:
    if not settings.languages:
        raise TranspubError("no target languages: give --to or set targets in the config")
    if languages is None:
        return settings.languages
    return tuple(settings.language(tag) for tag in languages)


def previous_sources(memory: TranslationMemory | None, batch: Sequence[SegmentedRelease]) -> dict[str, dict[str, str]]:
    if memory is None:
        return {}
    previous: dict[str, dict[str, str]] = {}
    for sr in batch:
        state = memory.published_state(sr.release.slug)
        if state is not None:
            previous[sr.release.slug] = dict(state.segments)
    return previous


def write_outputs(
    batch: Sequence[SegmentedRelease],
    per_lang: Mapping[str, Mapping[str, LanguageResult]],
    *,
    settings: Settings,
    memory: TranslationMemory | None,
    counts: Mapping[str, tuple[int, int]] | None = None,
    glossary_version: str | None = None,
    progress: Progress = _quiet,
) -> PublishResult:
    """Render and write every page, report and the sitemap under the output folder's lock."""
    generated_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    results: list[ReleaseOutcome] = []
    with PublishLock(settings.out, timeout=settings.lock_timeout, on_wait=progress):
        claims = [(sr.release.slug, sr.release.source_path) for sr in batch]
        check_slugs(settings.out, claims, replace=settings.site.replace_slugs)
        for sr in batch:
            slug = sr.release.slug
            stale = stale_reason(sr.release)  # under the lock: was the source changed since this run read it?
            if stale is not None:
                progress(f"skipped {slug}: {stale}")
                continue
            outcomes = {lang: per_lang[lang][slug] for lang in per_lang}
            contents, versions = render_release(
                sr, outcomes, settings=settings, existing=existing_languages(settings.out, slug)
            )
            report = build_report(
                sr.release,
                list(outcomes.values()),
                source_lang=settings.source.tag,
                segments=sr.segments,
                generated_at=generated_at,
                flag_counts={o.lang: flag_counts(o.translations) for o in outcomes.values()},
            )
            keep_other_languages(report, settings)
            pages = publish_release_pages(
                settings.out,
                slug,
                contents,
                versions=versions,
                source=settings.source,
                base_url=settings.base_url,
                report=report,
                source_path=sr.release.source_path,
                settings=settings,
                finish=False,  # the site-wide files are rebuilt once, below
            )
            if memory is not None:
                memory.record_publish(
                    slug,
                    source_path="" if sr.release.source_path is None else str(sr.release.source_path),
                    content_hash=sr.release.content_hash,
                    glossary_version=glossary_version,
                    # Held languages count as published: their page waits for a reviewer, not for the next
                    # scheduled run (an approval marks the release changed again).
                    languages={o.lang: (o.engine or "", o.model or "") for o in outcomes.values()},
                    segments={s.id: s.source for s in sr.segments},
                )
            progress(f"wrote {len(pages)} page(s) for {slug}")
            results.append(
                ReleaseOutcome(
                    slug=slug,
                    source_path=sr.release.source_path,
                    languages=MappingProxyType(outcomes),
                    pages=tuple(pages),
                    report=report_path(settings.out, slug),
                )
            )
        finish_run(settings.out, settings=settings)  # sitemaps, language indexes, feeds: once per run
    counts = counts or {}
    return PublishResult(
        releases=tuple(results),
        machine_translated=MappingProxyType({k: v[0] for k, v in counts.items()}),
        reused=MappingProxyType({k: v[1] for k, v in counts.items()}),
    )
