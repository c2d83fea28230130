"""How publishing scales with the size of a run and of the site (pseudo engine, library pipeline, no Prefect).

Prints the wall time of publish runs of 1, 10, 100 and 1,000 releases (each into an empty site, 4 languages:
the English source and pt, fr, ar pseudo-translations, with a translation memory), and of publishing one release
into an empty site and into a site that already holds 10,000 releases in 4 languages.

The big site is built fast and then used as it is: its 40,000 pages are written as small HTML files and recorded
directly in the site index (``OUT/.transpub/site.sqlite``, :class:`transpub.memory.site_index.SiteIndex`), then
one :func:`transpub.publish.site.finish_run` writes its sitemaps, language indexes and feeds; the timed publishes
then go through the ordinary pipeline. Nothing in a publish reads pages back, so the seeded pages only need to
exist.

    python bench/site.py                       # about 2 minutes on 2 busy cores
    python bench/site.py --sizes 1,10 --big 1000 --repeat 1   # a quick look
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import tempfile
import time
from pathlib import Path

from transpub.config import Settings, settings_from_mapping
from transpub.memory.site_index import PageRecord, SiteIndex
from transpub.pipeline.publish import publish_releases
from transpub.publish.site import finish_run

TARGETS = ("pt", "fr", "ar")
WORDS = [
    "coastal",
    "resilience",
    "fund",
    "data",
    "platform",
    "flood",
    "warning",
    "stations",
    "ports",
    "communities",
    "partners",
]


def release_text(i: int, day: dt.date | None = None) -> str:
    """A small Markdown release (5 paragraphs, about 12 segments), different words for every ``i``."""
    day = day or dt.date(2020, 1, 1) + dt.timedelta(days=i % 3000)
    words = [WORDS[(i * 7 + k) % len(WORDS)] for k in range(12)]
    paras = [
        f"The GCRF announced release number {i} on {day:%d %B %Y}, covering {words[0]} and {words[1]}.",
        f"Member States agreed to fund {i % 97 + 3} new {words[2]} projects. They start in {2026 + i % 4}.",
        f'"This is about {words[3]} {words[4]}," said Amara Okafor. The programme runs for {i % 9 + 2} years.',
        f"Tidewatch will publish {words[5]} figures for {i % 40 + 10} countries every {words[6]}.",
        f"More at https://gcrf.example.org/releases/{i} and from press@gcrf.example.org.",
    ]
    return (
        f"---\ntitle: Release {i} on {words[7]} {words[8]}\ndate: {day.isoformat()}\n"
        f"summary: Release {i} about {words[9]}.\n---\n\n" + "\n\n".join(paras) + "\n"
    )


def settings_for(root: Path) -> Settings:
    return settings_from_mapping(
        {
            "transpub": {
                "source": "en",
                "targets": list(TARGETS),
                "default_engine": "pseudo",
                "out": str(root / "out"),
                "memory": str(root / "memory.sqlite"),
                "base_url": "https://news.example.org",
            }
        },
        base_dir=root,
    )


def write_releases(folder: Path, first: int, count: int, day: dt.date | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(first, first + count):
        path = folder / f"release-{i:05d}.md"
        path.write_text(release_text(i, day), encoding="utf-8")
        paths.append(path)
    return paths


def timed_publish(paths: list[Path], settings: Settings) -> float:
    started = time.perf_counter()
    publish_releases(paths, settings)
    return time.perf_counter() - started


def seed_site(root: Path, count: int) -> float:
    """A site of ``count`` releases in 4 languages, written directly (pages + index rows + one finish_run)."""
    started = time.perf_counter()
    settings = settings_for(root)
    out = settings.out
    langs = ("en", *TARGETS)
    for lang in langs:
        (out / lang).mkdir(parents=True, exist_ok=True)
    with SiteIndex.for_output(out) as index:
        for i in range(count):
            slug = f"seeded-{i:05d}"
            day = (dt.date(2016, 1, 1) + dt.timedelta(days=i % 3000)).isoformat()
            records = []
            for lang in langs:
                (out / lang / f"{slug}.html").write_text(f"<!DOCTYPE html><title>{slug}</title>", encoding="utf-8")
                status = "source" if lang == "en" else ("pseudo" if lang == "fr" else "machine")
                records.append(PageRecord(slug, lang, f"Seeded {i}", f"Summary {i}", day, status, day, f"h{i}"))
            index.record(slug, f"/seeded/{slug}.md", "en", records)
        finish_run(out, settings=settings, index=index)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,10,100,1000", help="releases per run, comma-separated")
    parser.add_argument("--big", type=int, default=10_000, help="releases already in the big site")
    parser.add_argument("--repeat", type=int, default=3, help="one-release publishes per site (median)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    figures: dict[str, object] = {"languages": 1 + len(TARGETS)}
    with tempfile.TemporaryDirectory(prefix="transpub-bench-site-") as tmp:
        base = Path(tmp)
        # One unmeasured publish first: the first run of a process loads babel's locale data and the parsers.
        timed_publish(write_releases(base / "warm" / "releases", 99_999, 1), settings_for(base / "warm"))
        runs = {}
        for n in (int(s) for s in args.sizes.split(",")):
            root = base / f"run-{n}"
            paths = write_releases(root / "releases", 0, n)
            seconds = timed_publish(paths, settings_for(root))
            runs[n] = seconds
            print(f"run of {n:>5} release(s): {seconds:7.2f} s  ({1000 * seconds / n:6.1f} ms per release)", flush=True)
        figures["runs"] = runs

        seeded = base / "big"
        seed_seconds = seed_site(seeded, args.big)
        print(f"seeded a site of {args.big} releases x 4 languages in {seed_seconds:.1f} s", flush=True)
        empty, big = [], []
        news = dt.date(2026, 12, 1)  # today's news: newer than every seeded release, as in a newsroom
        for k in range(args.repeat):
            root = base / f"empty-{k}"
            empty.append(timed_publish(write_releases(root / "releases", 90_000 + k, 1, news), settings_for(root)))
            paths = write_releases(seeded / f"releases-{k}", 90_000 + k, 1, news)
            big.append(timed_publish(paths, settings_for(seeded)))
        e, b = statistics.median(empty), statistics.median(big)
        print(f"one release into an empty site:            {e:6.3f} s (median of {args.repeat})")
        print(f"one release into a site of {args.big} releases: {b:6.3f} s (median of {args.repeat}), {b / e:.2f}x")
        figures.update({"seed_seconds": seed_seconds, "one_into_empty": e, "one_into_big": b, "big": args.big})
        figures["big_over_empty"] = b / e
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
