"""The publishing pipeline as plain library functions: load -> segment -> translate -> check -> render -> write.

Prefect flows (``flows/``) wrap these stages as tasks; the library never needs Prefect. Each stage is a function over
frozen values, so tests call them directly and the flow stays thin.

Writing is the only stage with side effects, and it happens only after every release was read and every language
translated: a bad release, an unknown language or a missing model stops the run before anything is written.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from transpub.document import Origin, Release, Translation
from transpub.errors import EngineError, ReleaseError, TranspubError
from transpub.translate.run import LanguageRun, translate_segments

if TYPE_CHECKING:
    from transpub.config import LanguageSettings, Settings
    from transpub.engines.base import Engine
    from transpub.formats.segment import SegmentedRelease
    from transpub.glossary import Glossary
    from transpub.memory.store import TranslationMemory

RELEASE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


# --------------------------------------------------------------------------------------------------- reading


def collect_release_paths(inputs: Iterable[str | Path]) -> tuple[Path, ...]:
    """Expand files and folders into release files (folders: every ``.txt``/``.md``/``.html`` inside, sorted)."""
    found: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in RELEASE_SUFFIXES))
        elif path.exists():
            found.append(path)
        else:
            raise ReleaseError("no such release file or folder", path=path)
    if not found:
        raise ReleaseError("no release files found (expected .txt, .md or .html)", value=[str(i) for i in inputs])
    unique: dict[Path, Path] = {}
    for p in found:
        unique.setdefault(p.resolve(), p)
    return tuple(unique.values())


def load_releases(paths: Sequence[Path], *, max_bytes: int) -> tuple[Release, ...]:
    """Read every release; two releases with the same slug are an error naming both files."""
    from transpub.formats.loading import load_release

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
    from transpub.formats.segment import segment_release

    return tuple(segment_release(r) for r in releases)


def load_glossary(settings: Settings) -> Glossary | None:
    if not settings.glossaries:
        return None
    from transpub.glossary import load_glossaries

    return load_glossaries(
        settings.glossaries, source=settings.source.tag, targets=[lang.tag for lang in settings.targets]
    )


# --------------------------------------------------------------------------------------------------- engines


class EngineSet:
    """The engines of one run, built on first use and closed together; each loads its models once."""

    def __init__(self, settings: Settings, provided: Mapping[str, Engine] | None = None) -> None:
        self._settings = settings
        self._engines: dict[str, Engine] = dict(provided or {})
        self._owned: set[str] = set()

    def get(self, name: str) -> Engine:
        engine = self._engines.get(name)
        if engine is None:
            from transpub.engines import create_engine

            engine = create_engine(name, **dict(self._settings.options_for(name)))
            self._engines[name] = engine
            self._owned.add(name)
        return engine

    def check_available(self, languages: Sequence[LanguageSettings]) -> None:
        """Fail before any work when a language has no model, naming the pair and how to install it."""
        for ls in languages:
            engine = self.get(ls.engine)
            if not engine.supports(self._settings.source.tag, ls.lang.tag):
                # translate_batch raises the engine's own ModelNotInstalledError, with the install command.
                engine.translate_batch([], self._settings.source.tag, ls.lang.tag)
                raise EngineError(
                    f"engine {ls.engine!r} has no model for {self._settings.source.tag} -> {ls.lang.tag}",
                    value=ls.lang.tag,
                )

    def close(self) -> None:
        for name in self._owned:
            self._engines[name].close()
        self._owned.clear()

    def __enter__(self) -> EngineSet:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --------------------------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class LanguageOutcome:
    """One language of one release, ready to render."""

    lang: str
    status: str  # machine | reviewed | pseudo | held
    translations: tuple[Translation, ...]
    terms: Mapping[str, tuple[Any, ...]]
    engine: str
    model: str

    @property
    def flagged(self) -> int:
        return sum(1 for t in self.translations if t.flags)

    @property
    def critical(self) -> int:
        return sum(1 for t in self.translations if t.critical)


@dataclass(frozen=True)
class ReleaseOutcome:
    slug: str
    source_path: Path | None
    languages: Mapping[str, LanguageOutcome]
    pages: tuple[Path, ...] = ()
    report: Path | None = None


@dataclass(frozen=True)
class PublishResult:
    releases: tuple[ReleaseOutcome, ...]
    machine_translated: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    reused: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))

    def as_dict(self) -> dict[str, Any]:
        """A JSON-able summary (what the flow returns and the CLI prints)."""
        return {
            "releases": [
                {
                    "slug": rel.slug,
                    "pages": [str(p) for p in rel.pages],
                    "report": None if rel.report is None else str(rel.report),
                    "languages": {
                        lang: {
                            "segments": len(o.translations),
                            "flagged": o.flagged,
                            "critical": o.critical,
                            "status": o.status,
                        }
                        for lang, o in rel.languages.items()
                    },
                }
                for rel in self.releases
            ],
            "machine_translated": dict(self.machine_translated),
            "reused": dict(self.reused),
        }


def language_status(engine: str, translations: Sequence[Translation], *, gate: str) -> str:
    """``held`` when the gate is ``hold`` and a critical flag is open; else pseudo / reviewed / machine.

    >>> t = Translation("a", "pt", "Hi", "Oi", Origin.APPROVED)
    >>> language_status("argos", [t], gate="publish"), language_status("pseudo", [t], gate="publish")
    ('reviewed', 'pseudo')
    """
    from transpub.review.gate import gate_allows

    if not gate_allows(gate, translations):
        return "held"
    if engine == "pseudo":
        return "pseudo"
    words = [t for t in translations if t.origin is not Origin.KEPT]
    if words and all(t.origin is Origin.APPROVED for t in words):
        return "reviewed"
    return "machine"


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
) -> tuple[LanguageRun, dict[str, LanguageOutcome]]:
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
    )
    outcomes: dict[str, LanguageOutcome] = {}
    for sr in batch:
        translations = tuple(run.for_segment(s) for s in sr.segments)
        outcomes[sr.release.slug] = LanguageOutcome(
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
    outcomes: Mapping[str, LanguageOutcome],
    *,
    settings: Settings,
    existing: Iterable[str] = (),
) -> tuple[list[Any], list[str]]:
    """Page contents for the source and every language that is not held; returns (contents, versions).

    ``versions`` are the language tags the pages link to: the source, every written language, and held languages
    whose earlier page stays online (``existing``).
    """
    from transpub.publish import PageContent

    rel = sr.release
    existing = set(existing)
    contents = [PageContent.from_rendered(settings.source, sr.render({}), date=rel.date, status="source")]
    versions = [settings.source.tag]
    for ls in settings.languages:
        out = outcomes.get(ls.lang.tag)
        if out is None or out.status == "held":
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
    from transpub.publish import read_report

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
    from transpub.memory.store import TranslationMemory

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
) -> PublishResult:
    """Publish releases end to end without Prefect (the flow runs the same stages as tasks)."""
    batch = prepare(inputs, settings, progress=progress)
    chosen = select_languages(settings, languages)
    glossary = load_glossary(settings)
    with memory_session(settings) as memory, EngineSet(settings, engines) as engine_set:
        engine_set.check_available(chosen)
        previous = previous_sources(memory, batch)
        per_lang: dict[str, dict[str, LanguageOutcome]] = {}
        counts: dict[str, tuple[int, int]] = {}
        for ls in chosen:
            progress(f"translating {len(batch)} release(s) into {ls.lang.tag} with {ls.engine}")
            run, outcomes = translate_language(
                batch,
                ls,
                settings=settings,
                engine=engine_set.get(ls.engine),
                glossary=glossary,
                memory=memory,
                previous=previous,
            )
            per_lang[ls.lang.tag] = outcomes
            counts[ls.lang.tag] = (run.machine_translated, run.reused)
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
    per_lang: Mapping[str, Mapping[str, LanguageOutcome]],
    *,
    settings: Settings,
    memory: TranslationMemory | None,
    counts: Mapping[str, tuple[int, int]] | None = None,
    glossary_version: str | None = None,
    progress: Progress = _quiet,
) -> PublishResult:
    """Render and write every page, report and the sitemap under the output folder's lock."""
    import datetime as dt

    from transpub.publish import LanguageReport, PublishLock, build_report, existing_languages, publish_release_pages

    generated_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    results: list[ReleaseOutcome] = []
    with PublishLock(settings.out, timeout=settings.lock_timeout, on_wait=progress):
        for sr in batch:
            slug = sr.release.slug
            outcomes = {lang: per_lang[lang][slug] for lang in per_lang}
            contents, versions = render_release(
                sr, outcomes, settings=settings, existing=existing_languages(settings.out, slug)
            )
            report = build_report(
                sr.release,
                [
                    LanguageReport(o.lang, o.status, o.translations, o.engine, o.model, o.terms)
                    for o in outcomes.values()
                ],
                source_lang=settings.source.tag,
                segments=sr.segments,
                generated_at=generated_at,
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
            )
            if memory is not None:
                memory.record_publish(
                    slug,
                    source_path="" if sr.release.source_path is None else str(sr.release.source_path),
                    content_hash=sr.release.content_hash,
                    glossary_version=glossary_version,
                    # Held languages count as published: their page waits for a reviewer, not for the next
                    # scheduled run (an approval marks the release changed again).
                    languages={o.lang: (o.engine, o.model) for o in outcomes.values()},
                    segments={s.id: s.source for s in sr.segments},
                )
            progress(f"wrote {len(pages)} page(s) for {slug}")
            results.append(
                ReleaseOutcome(
                    slug=slug,
                    source_path=sr.release.source_path,
                    languages=MappingProxyType(outcomes),
                    pages=tuple(pages),
                    report=settings.out / "reports" / f"{slug}.json",
                )
            )
    counts = counts or {}
    return PublishResult(
        releases=tuple(results),
        machine_translated=MappingProxyType({k: v[0] for k, v in counts.items()}),
        reused=MappingProxyType({k: v[1] for k, v in counts.items()}),
    )
