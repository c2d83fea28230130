"""The release as it stands now: the published report joined with a fresh segmentation of the release file.

The report says what was published (targets, flags, terms); segmenting the release file again gives each
segment's inline codes (the markup behind ``<g>``/``<x>``) and is the reference an imported unit's source is
compared with.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from transpub.document import Segment
from transpub.errors import ReviewError
from transpub.formats.loading import load_release
from transpub.formats.segment import segment_release
from transpub.publish.report import ReleaseReport

DEFAULT_MAX_BYTES = 2_000_000


@dataclass(frozen=True)
class CurrentRelease:
    """A published release's report and the segments of its release file as it is now."""

    report: ReleaseReport
    path: Path
    content_hash: str
    segments: Mapping[str, Segment]

    @property
    def changed_since_publish(self) -> bool:
        """Whether the release file was edited after the report was written."""
        return bool(self.report.content_hash) and self.content_hash != self.report.content_hash

    def segment(self, segment_id: str) -> Segment | None:
        return self.segments.get(segment_id)


def current_from_segments(report: ReleaseReport, segments: tuple[Segment, ...], *, content_hash: str) -> CurrentRelease:
    """Join a report with already segmented content (what :func:`load_current` does after reading)."""
    if report.source_path is None:
        raise ReviewError("the QA report names no release file", path=report.path, value=report.slug)
    return CurrentRelease(
        report=report,
        path=report.source_path,
        content_hash=content_hash,
        segments=MappingProxyType({s.id: s for s in segments}),
    )


def load_current(report: ReleaseReport, *, max_bytes: int = DEFAULT_MAX_BYTES) -> CurrentRelease:
    """Read and segment the release file the report names."""
    if report.source_path is None:
        raise ReviewError("the QA report names no release file", path=report.path, value=report.slug)
    release = load_release(report.source_path, max_bytes=max_bytes)
    if release.slug != report.slug:
        raise ReviewError(
            f"the release file now has slug {release.slug!r}, not {report.slug!r}",
            path=report.source_path,
            value=release.slug,
        )
    return current_from_segments(report, segment_release(release).segments, content_hash=release.content_hash)
