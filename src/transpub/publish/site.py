"""Publishing a release into the output folder, and removing one.

:func:`publish_release_pages` renders every given language version, then writes all pages and the QA report in
one atomic batch (nothing is replaced unless everything was rendered and written), then rebuilds the sitemap.
Versions that are not given but already have a page (a language held by the publishing gate) keep their page
untouched and stay linked from the others.

These functions take no lock: the caller holds :class:`~transpub.publish.lock.PublishLock` around the whole run
(translation-memory writes included), because a second lock object on the same folder would wait for the first.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from transpub.errors import PublishError
from transpub.languages import Language
from transpub.publish.atomic import Data, write_many_atomic
from transpub.publish.links import check_slug, order_versions, page_relpath
from transpub.publish.page import PageContent, render_page
from transpub.publish.report import dumps_report, report_path, validate_report
from transpub.publish.sitemap import SITEMAP_NAME, existing_languages, rebuild_sitemap


def publish_release_pages(
    out: str | os.PathLike[str],
    slug: str,
    contents: Sequence[PageContent],
    *,
    source: Language,
    base_url: str,
    report: Mapping[str, Any] | None = None,
    versions: Sequence[Language | str] | None = None,
) -> list[Path]:
    """Write ``OUT/<lang>/<slug>.html`` for every content (and the report), then rebuild the sitemap.

    ``versions`` are the languages the pages link to; by default the given contents plus every language that
    already has a page for this slug. The source version must be among ``contents`` or already be published,
    since it is every page's ``x-default``. Returns the page paths written, in the order of ``contents``.
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
    files: dict[Path, Data] = {
        root / page_relpath(c.lang.tag, slug): render_page(
            c, slug=slug, versions=linked, source=source, base_url=base_url
        )
        for c in contents
    }
    if report is not None:
        files[report_path(root, slug)] = dumps_report(report)
    written = write_many_atomic(files)
    rebuild_sitemap(root, base_url)
    return written[: len(contents)]


def remove_release(out: str | os.PathLike[str], slug: str, base_url: str) -> list[Path]:
    """Delete every page and the report of ``slug``, then rebuild the sitemap; returns what was deleted.

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
    if removed or (root / SITEMAP_NAME).exists():
        rebuild_sitemap(root, base_url)
    return removed
