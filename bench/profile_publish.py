"""Where a publish spends its time: ``transpub publish --no-prefect`` on the bench corpus, under cProfile.

Takes the same options as ``throughput.py`` (corpus, model, engine settings; smaller corpus by default) and runs
:func:`transpub.pipeline.publish.publish_releases` in this process, so every stage runs on the main thread where the
profiler sees it. Prints the wall time split into stages (decoding, tokenising, model loading, memory, checks,
reading and segmenting, rendering and writing) and the functions with the most own time outside decoding::

    python bench/profile_publish.py --releases 5
    python bench/profile_publish.py --releases 20 --pstats /tmp/publish.pstats   # keep the raw profile
"""

from __future__ import annotations

import cProfile
import pstats
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from build_bench_model import build_bench_model, install_bench_packages, write_releases
from throughput import build_parser, isolate, write_config

# Stage -> functions whose time is that stage, as (file name ending, function name, "cumulative" or "own"). No
# function here calls another one listed (model loading happens inside translate_batch, so decoding is counted as
# the CTranslate2 calls, not translate_batch; ``record_publish`` sits beside the rendering calls, not in them).
# cProfile does not see calls to pybind11 methods such as ``Translator.translate_batch`` (they are not plain C
# functions), so the time spent submitting batches - which blocks once CTranslate2's queue is full, i.e. decoding
# time - shows as the own time of the engine's ``_translate``; the waits on results are ``result`` calls.
STAGES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "decoding (CTranslate2)": (
        ("~", "<built-in method ctranslate2._ext.result>", "cumulative"),
        ("transpub/engines/argos.py", "_translate", "own"),
    ),
    "tokenising (SentencePiece)": (
        ("sentencepiece/__init__.py", "Encode", "cumulative"),
        ("sentencepiece/__init__.py", "Decode", "cumulative"),
    ),
    "model loading": (("transpub/engines/argos.py", "__init__", "cumulative"),),
    "memory lookups and stores": (
        ("transpub/memory/store.py", "lookup_many", "cumulative"),
        ("transpub/memory/store.py", "store_machine", "cumulative"),
        ("transpub/memory/store.py", "record_publish", "cumulative"),
        ("transpub/memory/store.py", "__init__", "cumulative"),
    ),
    "QA checks": (("transpub/checks/__init__.py", "run_checks", "cumulative"),),
    "reading and segmenting": (("transpub/pipeline/publish.py", "prepare", "cumulative"),),
    "rendering and writing": (
        ("transpub/pipeline/publish.py", "render_release", "cumulative"),
        ("transpub/publish/report_io.py", "build_report", "cumulative"),
        ("transpub/publish/site.py", "publish_release_pages", "cumulative"),
    ),
}


def main(argv: Sequence[str] | None = None) -> int:
    options = build_parser()
    options.set_defaults(releases=5)
    options.add_argument("--pstats", help="also save the raw profile here (for snakeviz, pstats, ...)")
    options.add_argument("--top", type=int, default=15, help="how many functions to list by own time")
    args = options.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="transpub-profile-"))
    isolate(work)
    try:
        profile, seconds, segments = _profile(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.pstats:
        profile.dump_stats(args.pstats)
    _report(pstats.Stats(profile), seconds, segments, args.top)
    return 0


def _profile(args: object, work: Path) -> tuple[cProfile.Profile, float, int]:
    from transpub.config import load_settings
    from transpub.pipeline import publish as pipeline

    languages = [code.strip() for code in args.languages.split(",") if code.strip()]
    model_dir = build_bench_model(Path(args.cache))
    install_bench_packages(model_dir, work / "argos-packages", [("en", code) for code in languages])
    releases = write_releases(work / "releases", releases=args.releases, sentences=args.sentences)
    run_dir = work / "publish"
    run_dir.mkdir()
    settings = load_settings(write_config(run_dir, languages, args))
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    result = pipeline.publish_releases([str(work / "releases")], settings)
    profile.disable()
    seconds = time.perf_counter() - started
    segments = sum(len(o.translations) for rel in result.releases for o in rel.languages.values())
    print(f"published {len(releases)} releases x {len(languages)} languages = {segments} segments in {seconds:.1f} s")
    return profile, seconds, segments


def _report(stats: pstats.Stats, seconds: float, segments: int, top: int) -> None:
    entries = stats.stats  # (file, line, function) -> (primitive calls, calls, own time, cumulative time, callers)
    accounted = 0.0
    print(f"{'stage':<28} {'seconds':>8} {'share':>7} {'ms/segment':>11}")
    for stage, functions in STAGES.items():
        spent = sum(
            cumulative if kind == "cumulative" else own
            for (file, _, name), (_, _, own, cumulative, _) in entries.items()
            for suffix, wanted, kind in functions
            if file.endswith(suffix) and name == wanted
        )
        accounted += spent
        print(f"{stage:<28} {spent:>8.2f} {spent / seconds:>7.1%} {1000 * spent / segments:>11.2f}")
    rest = seconds - accounted
    print(f"{'everything else':<28} {rest:>8.2f} {rest / seconds:>7.1%} {1000 * rest / segments:>11.2f}")
    print(f"\nfunctions with the most own time, decoding excluded (top {top}):")
    ranked = sorted(
        ((own, calls, file, line, name) for (file, line, name), (_, calls, own, _, _) in entries.items()),
        reverse=True,
    )
    shown = 0
    for own, calls, file, line, name in ranked:
        if "ctranslate2._ext.result" in name or name == "_translate":
            continue
        where = name if file == "~" else f"{_short(file)}:{line} {name}"
        print(f"{own:>8.2f} s {calls:>9} calls  {where}")
        shown += 1
        if shown == top:
            break


def _short(file: str) -> str:
    for marker in ("site-packages/", "/src/", "/work/main/"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file


if __name__ == "__main__":
    sys.exit(main())
