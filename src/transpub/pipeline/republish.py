"""Republish on edit, as library functions: publish again only what changed in a folder of releases.

One run scans the releases folder, hashes every file, and compares each hash (and the glossary version, and the
engine and model of every target language) with what the translation-memory database says was last published.
Changed and new files go through :func:`transpub.pipeline.publish.publish_releases`, which machine-translates only the
segments without a usable memory entry; releases whose file was deleted lose their pages and sitemap entries.
Nothing changed means nothing is translated and no file under the output folder is touched.

The ``republish-on-edit`` flow (:mod:`transpub_flows.republish_on_edit`) runs :func:`republish` and leaves a table
artifact of :meth:`RepublishSummary.rows`; ``transpub serve`` runs that flow on a schedule and on events.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from transpub.document import Origin
from transpub.errors import ConfigError, ReleaseError
from transpub.memory import state
from transpub.memory.state import ChangeSet, CurrentInputs, PublishedState
from transpub.memory.store import TranslationMemory
from transpub.pipeline import publish as pipeline
from transpub.pipeline.decode import Dispatch
from transpub.publish.lock import PublishLock
from transpub.publish.site import remove_release

if TYPE_CHECKING:
    from transpub.config import Settings
    from transpub.engines.base import Engine

log = logging.getLogger("transpub")


@dataclass(frozen=True)
class LanguageCounts:
    """What one language of one republished release was made of."""

    release: str
    lang: str
    reason: str
    reused: int  # from the memory: earlier machine output or approved wording
    retranslated: int  # sent to the engine in this run
    flagged: int  # carrying at least one QA flag
    status: str

    def row(self) -> dict[str, Any]:
        return {
            "release": self.release,
            "language": self.lang,
            "reason": self.reason,
            "reused": self.reused,
            "re-translated": self.retranslated,
            "flagged": self.flagged,
            "status": self.status,
        }


@dataclass(frozen=True)
class RepublishSummary:
    """The outcome of one republish run."""

    changes: ChangeSet
    counts: tuple[LanguageCounts, ...]
    removed: tuple[str, ...]  # slugs whose pages were deleted
    pages_written: int
    rejected: tuple[Rejected, ...] = ()

    @property
    def retranslated(self) -> int:
        return sum(c.retranslated for c in self.counts)

    def rows(self) -> list[dict[str, Any]]:
        """The artifact table: one row per republished (release, language), one per removed release."""
        rows = [c.row() for c in self.counts]
        rows.extend(
            {
                "release": slug,
                "language": "*",
                "reason": "deleted",
                "reused": 0,
                "re-translated": 0,
                "flagged": 0,
                "status": "removed",
            }
            for slug in self.removed
        )
        rows.extend(
            {
                "release": r.path.name,
                "language": "*",
                "reason": f"refused: {r.message}",
                "reused": 0,
                "re-translated": 0,
                "flagged": 0,
                "status": "error",
            }
            for r in self.rejected
        )
        return rows

    def as_dict(self) -> dict[str, Any]:
        return {
            "changed": [{"path": str(c.path), "reason": str(c.reason), "slug": c.slug} for c in self.changes.changed],
            "removed": list(self.removed),
            "rejected": [{"path": str(r.path), "message": r.message} for r in self.rejected],
            "unchanged": list(self.changes.unchanged),
            "pages_written": self.pages_written,
            "retranslated": self.retranslated,
            "languages": [c.row() for c in self.counts],
        }


def releases_folder(settings: Settings, override: str | Path | None = None) -> Path:
    """The folder to watch: ``override`` or ``releases`` from the config; it must exist."""
    folder = Path(override) if override is not None else settings.releases_dir
    if folder is None:
        raise ConfigError("no releases folder: set releases in [transpub] or pass one", path=settings.config_path)
    if not folder.is_dir():
        raise ConfigError("the releases folder does not exist", path=settings.config_path, value=str(folder))
    return folder.resolve()


def current_inputs(settings: Settings, engines: Mapping[str, Engine]) -> CurrentInputs:
    """The glossary version and each target's engine and model, as a publish now would record them."""
    glossary = pipeline.load_glossary(settings)
    languages = {}
    for ls in settings.languages:
        engine = engines[ls.engine]
        languages[ls.lang.tag] = (engine.name, engine.model_id(settings.source.tag, ls.lang.tag))
    return CurrentInputs(None if glossary is None else glossary.version, MappingProxyType(languages))


def detect_changes(settings: Settings, folder: Path, engines: Mapping[str, Engine]) -> ChangeSet:
    """Compare the folder with the publish state kept in the memory database."""
    files = state.scan_folder(folder, pipeline.RELEASE_SUFFIXES)
    inputs = current_inputs(settings, engines)
    memory = pipeline.open_memory(settings)
    if memory is None:
        raise ConfigError("republishing on edit needs a translation memory: set memory", path=settings.config_path)
    with memory:
        published = [st for st in map(memory.published_state, memory.published_slugs()) if st is not None]
        approved = {st.slug: newly_approved(memory, st, settings) for st in published}
    return state.compare(folder, files, published, inputs, approved)


def newly_approved(memory: TranslationMemory, published: PublishedState, settings: Settings) -> frozenset[str]:
    """The target languages of a release with translations approved since that language was last published."""
    sources = published.segments.values()
    return frozenset(
        lang
        for lang, ls in published.languages.items()
        if memory.approved_since(sources, settings.source.tag, lang, ls.published_at)
    )


@dataclass(frozen=True)
class Rejected:
    """A changed release file that cannot be read; its earlier pages, if any, stay online."""

    path: Path
    message: str


def publish_changed(
    changes: ChangeSet, settings: Settings, engines: Mapping[str, Engine], *, dispatch: Dispatch | None = None
) -> tuple[pipeline.PublishResult | None, tuple[Rejected, ...]]:
    """Publish every readable changed file in one pipeline run (one batched engine call per language).

    A file that cannot be read (a half-saved draft) is left out and reported, so it cannot hold back the others.
    """
    readable: list[str] = []
    rejected: list[Rejected] = []
    for change in changes.changed:
        try:
            pipeline.load_releases([change.path], max_bytes=settings.max_release_bytes)
        except ReleaseError as exc:
            log.error("not republished: %s", exc)
            rejected.append(Rejected(change.path, str(exc)))
        else:
            readable.append(str(change.path))
    if not readable:
        return None, tuple(rejected)
    result = pipeline.publish_releases(readable, settings, engines=engines, progress=log.info, dispatch=dispatch)
    return result, tuple(rejected)


def remove_deleted(changes: ChangeSet, result: pipeline.PublishResult | None, settings: Settings) -> tuple[str, ...]:
    """Delete pages, report and sitemap entries of deleted releases (and of slugs a file no longer has)."""
    memory = pipeline.open_memory(settings)
    if memory is None:
        return ()
    with memory:
        republished: dict[Path, list[str]] = {}
        for rel in () if result is None else result.releases:
            if rel.source_path is not None:
                republished.setdefault(Path(rel.source_path).resolve(), []).append(rel.slug)
        states = [memory.published_state(slug) for slug in memory.published_slugs()]
        again = {slug for slugs in republished.values() for slug in slugs}  # a renamed file keeps its slug
        gone = [st for st in changes.deleted if st.slug not in again]
        gone += state.orphans(republished, [st for st in states if st is not None])
        if not gone:
            return ()
        with PublishLock(settings.out, timeout=settings.lock_timeout, on_wait=log.info):
            for st in gone:
                remove_release(settings.out, st.slug, settings.base_url)
                memory.forget_release(st.slug)
                log.info("removed %s (its file %s is gone)", st.slug, st.source_path)
    return tuple(sorted({st.slug for st in gone}))


def summarize(
    changes: ChangeSet,
    result: pipeline.PublishResult | None,
    removed: tuple[str, ...],
    rejected: tuple[Rejected, ...] = (),
) -> RepublishSummary:
    """Count, per republished release and language, reused, re-translated and flagged segments."""
    reasons = {c.path: str(c.reason) for c in changes.changed}
    counts: list[LanguageCounts] = []
    pages = 0
    for rel in () if result is None else result.releases:
        pages += len(rel.pages)
        reason = reasons.get(Path(rel.source_path).resolve(), "edited") if rel.source_path else "edited"
        for lang, outcome in rel.languages.items():
            origins = [t.origin for t in outcome.translations]
            counts.append(
                LanguageCounts(
                    release=rel.slug,
                    lang=lang,
                    reason=reason,
                    reused=sum(o in (Origin.MEMORY, Origin.APPROVED) for o in origins),
                    retranslated=origins.count(Origin.MT),
                    flagged=outcome.flagged,
                    status=outcome.status.value,
                )
            )
    return RepublishSummary(changes, tuple(counts), removed, pages, rejected)


def republish(
    settings: Settings,
    folder: str | Path | None = None,
    *,
    engines: Mapping[str, Engine] | None = None,
    dispatch: Dispatch | None = None,
) -> RepublishSummary:
    """One republish run: detect, publish what changed, remove what was deleted.

    The ``republish-on-edit`` flow calls this with its ``dispatch`` (decode tasks); tests and the benchmark without.
    """
    root = releases_folder(settings, folder)
    with pipeline.EngineSet(settings, engines) as engine_set:
        built = {ls.engine: engine_set.get(ls.engine) for ls in settings.languages}
        changes = detect_changes(settings, root, built)
        result, rejected = publish_changed(changes, settings, built, dispatch=dispatch)
    removed = remove_deleted(changes, result, settings)
    return summarize(changes, result, removed, rejected)
