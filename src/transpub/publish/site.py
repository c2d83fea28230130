"""Publishing a release into the output folder, removing one, and finishing a run.

:func:`publish_release_pages` renders every given language version, writes all pages and the QA report in one
atomic batch (nothing is replaced unless everything was rendered and written), and records them in the site index
(:mod:`transpub.memory.site_index`). :func:`finish_run` then rebuilds, from that index and once per run, the
sitemaps, the language indexes, the feeds and the root page, rewriting only the files whose inputs changed.
Called on its own (``finish=True``, the default), :func:`publish_release_pages` finishes the run itself; the
pipeline passes ``finish=False`` and calls :func:`finish_run` once after its last release.

Versions that are not given but already have a page (a language held by the publishing gate) keep their page
untouched and stay linked from the others. The index also is the slug registry: a release file claiming a slug
published from another file is refused (``replace_slug=True`` lets it take the slug over).

These functions take no lock: the caller holds :class:`~transpub.publish.lock.PublishLock` around the whole run
(translation-memory writes included), because a second lock object on the same folder would wait for the first.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

from transpub.errors import PublishError
from transpub.languages import Language, parse_language
from transpub.memory.site_index import PageRecord, SiteIndex, index_path
from transpub.publish.atomic import Data, write_many_atomic
from transpub.publish.finish import plan_site, today
from transpub.publish.legacy import seed_index
from transpub.publish.links import check_slug, order_versions, page_relpath
from transpub.publish.options import SiteOptions
from transpub.publish.page import PageContent, PageStatus, render_page
from transpub.publish.report import dumps_report, report_path, validate_report
from transpub.publish.sitemap import SITEMAP_NAME, existing_languages


def content_hash(content: PageContent) -> str:
    """A hash of what a page shows (a republish with the same hash keeps the page's modification day)."""
    parts = (content.title, content.summary, content.body_html, sorted(content.meta.items()), content.date,
             str(content.status))  # fmt: skip
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


SUMMARY_CHARS = 300


def _summary(content: PageContent) -> str | None:
    """What indexes and feeds show under the title: the summary, the description, else the first paragraph."""
    found = content.summary or content.meta.get("description") or content.meta.get("og:description")
    if not found:
        first = BeautifulSoup(content.body_html, "html.parser").find("p")
        found = " ".join(first.get_text().split()) if first is not None else ""
        if len(found) > SUMMARY_CHARS:
            found = found[:SUMMARY_CHARS].rsplit(" ", 1)[0] + "…"
    return found or None


def open_index(out: Path) -> SiteIndex:
    """The site index of ``out``; a site published before the index existed is indexed from its pages once."""
    index = SiteIndex.for_output(out)
    if not index.existed:
        seed_index(out, index)
    return index


def claim_slug(index: SiteIndex, slug: str, source_path: str | None, *, replace: bool = False) -> None:
    """Refuse a release file taking over a slug that another, still existing, release file published."""
    known = index.release(slug)
    if known is None or not known.source_path or not source_path or replace:
        return
    # A release file that was moved or renamed (its old path is gone) keeps its slug.
    if Path(known.source_path) != Path(source_path) and Path(known.source_path).exists():
        raise PublishError(
            f"slug {slug!r} is already published from {known.source_path}; give this release another slug"
            " (or replace the published release explicitly with --replace-slug)",
            path=source_path,
            value=slug,
        )


def check_slugs(
    out: str | os.PathLike[str],
    releases: Iterable[tuple[str, str | os.PathLike[str] | None]],
    *,
    replace: bool = False,
) -> None:
    """:func:`claim_slug` for every ``(slug, release file)`` before a run writes anything (creates nothing)."""
    if not index_path(out).is_file():
        return
    with SiteIndex.for_output(out) as index:
        for slug, source_path in releases:
            where = None if source_path is None else str(Path(source_path).resolve())
            claim_slug(index, slug, where, replace=replace)


def published_run(out: str | os.PathLike[str], release_path: str | os.PathLike[str]) -> dict[str, Any] | None:
    """What the last publish of ``release_path`` into ``out`` ran with (:func:`run_record`), or ``None``."""
    if not index_path(out).is_file():
        return None
    with SiteIndex.for_output(out) as index:
        record = index.release_from(str(Path(release_path).resolve()))
    return None if record is None or not record.run else dict(record.run)


def run_record(settings: Any) -> dict[str, Any]:
    """What a publish ran with, as the site index keeps it: targets (engine, gate) and glossaries, absolute."""
    return {
        "targets": [{"lang": ls.lang.tag, "engine": ls.engine, "gate": ls.gate} for ls in settings.languages],
        "glossaries": [str(Path(g).resolve()) for g in settings.glossaries],
    }


def publish_release_pages(
    out: str | os.PathLike[str],
    slug: str,
    contents: Sequence[PageContent],
    *,
    source: Language,
    base_url: str,
    report: Mapping[str, Any] | None = None,
    versions: Sequence[Language | str] | None = None,
    options: SiteOptions | None = None,
    source_path: str | os.PathLike[str] | None = None,
    settings: Any = None,
    finish: bool = True,
    replace_slug: bool = False,
) -> list[Path]:
    """Write ``OUT/<lang>/<slug>.html`` for every content (and the report), record them in the site index, and
    (``finish``) rebuild the site-wide files.

    ``versions`` are the languages the pages link to; by default the given contents plus every language that
    already has a page for this slug. The source version must be among ``contents`` or already be published,
    since it is every page's ``x-default``. ``settings`` (a :class:`transpub.config.Settings`) gives the site
    options and what the run used (kept for ``review import``). Returns the page paths written, in the order of
    ``contents``.
    """
    root = Path(out)
    check_slug(slug)
    tags = [c.lang.tag for c in contents]
    if not contents:
        raise PublishError("nothing to publish: no page contents", value=slug)
    if len(set(tags)) != len(tags):
        raise PublishError("two page contents for the same language", value=tags)
    present = existing_languages(root, slug)
    linked = order_versions(source, versions if versions is not None else [*tags, *present])
    if source.tag not in tags and source.tag not in present:
        raise PublishError(f"the {source.tag} source page is neither given nor published", path=root, value=slug)
    if report is not None:
        validate_report(report)
        if report["release"]["slug"] != slug:
            raise PublishError("QA report belongs to another release", value=report["release"]["slug"])
    if options is None:
        options = SiteOptions.from_settings(settings) if settings is not None else SiteOptions(base_url, source)
    where = None if source_path is None else str(Path(source_path).resolve())
    with open_index(root) as index:
        takeover = replace_slug or bool(getattr(getattr(settings, "site", None), "replace_slugs", False))
        claim_slug(index, slug, where, replace=takeover)
        known = index.pages(slug)
        noindex = {c.lang.tag for c in contents if c.status is PageStatus.PSEUDO}
        noindex |= {t for t, p in known.items() if t not in tags and not p.indexable}
        day = today()
        records = []
        files: dict[Path, Data] = {}
        for c in contents:
            digest = content_hash(c)
            before = known.get(c.lang.tag)
            modified = before.modified if before is not None and before.content_hash == digest else day
            date = None if c.date is None else c.date.isoformat()
            records.append(PageRecord(slug, c.lang.tag, c.title, _summary(c), date, str(c.status), modified, digest))
            files[root / page_relpath(c.lang.tag, slug)] = render_page(
                c, slug=slug, versions=linked, source=source, base_url=base_url, noindex=noindex, options=options,
                modified=modified,
            )  # fmt: skip
        if report is not None:
            files[report_path(root, slug)] = dumps_report(report)
        written = write_many_atomic(files)
        index.record(slug, where or "", source.tag, records, None if settings is None else run_record(settings))
        if finish:
            finish_run(root, options, index=index)
    return written[: len(contents)]


def remove_release(
    out: str | os.PathLike[str], slug: str, base_url: str, *, options: SiteOptions | None = None, finish: bool = True
) -> list[Path]:
    """Delete every page and the report of ``slug``, forget it in the index, then (``finish``) rebuild the
    site-wide files; returns what was deleted.

    Removing a release that is not published removes nothing and is not an error (a flow may retry).
    """
    root = Path(out)
    targets = [root / page_relpath(tag, slug) for tag in existing_languages(root, slug)]
    targets.append(report_path(root, slug))
    removed: list[Path] = []
    for path in targets:
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise PublishError(f"cannot delete: {exc.strerror}", path=path) from exc
        removed.append(path)
    if removed or index_path(root).is_file():
        with open_index(root) as index:
            index.remove(slug)
            if finish:
                finish_run(root, options, base_url=base_url, index=index)
    return removed


def finish_run(
    out: str | os.PathLike[str],
    options: SiteOptions | None = None,
    *,
    settings: Any = None,
    base_url: str | None = None,
    index: SiteIndex | None = None,
) -> list[Path]:
    """Rebuild the site-wide files of ``out`` from its index, once per run; returns the files written.

    Sitemaps (``sitemap.xml`` indexing ``sitemap-<n>.xml`` and ``sitemap-languages.xml``), ``<lang>/index.html``
    with its archive pages, ``<lang>/feed.xml`` and the root ``index.html``: each is rewritten only when the
    index rows it is rendered from changed (or the file is missing), and a derived file the site no longer has
    (an emptied archive page) is deleted. Give ``options``, or ``settings``, or at least ``base_url``.
    """
    root = Path(out)
    if index is None:
        with open_index(root) as own:
            return finish_run(root, options, settings=settings, base_url=base_url, index=own)
    if options is None:
        if settings is not None:
            options = SiteOptions.from_settings(settings)
        else:
            if base_url is None:
                raise PublishError("finish_run needs the site options or a base URL", path=root)
            sources = index.source_languages()
            source = max(sources, key=lambda tag: sources[tag]) if sources else "en"
            options = SiteOptions(base_url, parse_language(source))
    plan = plan_site(index, options)
    stored = index.fingerprints()
    changed = [d for d in plan.files.values() if stored.get(d.name) != d.fingerprint or not (root / d.name).is_file()]
    written = write_many_atomic({root / d.name: d.render() for d in changed})
    gone = [name for name in stored if name not in plan.expected]
    for name in gone:
        (root / name).unlink(missing_ok=True)
    index.set_fingerprints({d.name: d.fingerprint for d in changed}, gone, meta=plan.meta)
    return written


def rebuild_sitemap(out: str | os.PathLike[str], base_url: str) -> Path:
    """Rebuild the site-wide files of ``out`` from its index (sitemaps, language indexes, feeds); the index path.

    Kept for callers outside a run; a run calls :func:`finish_run` once.
    """
    finish_run(out, base_url=base_url)
    return Path(out) / SITEMAP_NAME
