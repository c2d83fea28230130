"""Benchmark: a cold publish of a 30-sentence release into 4 languages, then a republish after a one-sentence edit.

    python bench/republish.py [--engine-pt bergamot] [--engine-others pseudo] [--sentences 30] [--repeat 3]

Each publish is one ``republish-on-edit`` run without Prefect (:func:`transpub.pipeline.republish.republish`)
in a fresh temporary site, as a scheduled run would do it: engines are built and models loaded inside the timed
call. The cold publish starts from an empty memory; the republish finds the release edited in one sentence and
machine-translates only that sentence, once per language. Prints both wall times (median of ``--repeat``),
their ratio, and the time of a run that finds nothing changed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from transpub.config import load_settings
from transpub.pipeline.republish import republish

TARGETS = ("pt", "es", "fr", "ar")
PLACES = ("Maputo", "Beira", "Chittagong", "Cox's Bazar", "Suva", "Dakar", "Lagos", "Manila", "Belize City", "Male")
ACTIONS = (
    "trained {n} volunteers to read tide gauges",
    "installed {n} sirens along the shoreline",
    "planted mangroves on {n} hectares of coast",
)


def sentences(count: int) -> list[str]:
    """``count`` distinct, plain sentences about the fictional Global Coastal Resilience Fund."""
    out = []
    for i in range(count):
        place = PLACES[i % len(PLACES)]
        action = ACTIONS[(i // len(PLACES)) % len(ACTIONS)].format(n=40 + 13 * i)
        out.append(f"In week {i + 1}, the {place} office of the GCRF {action}.")
    return out


def release_text(lines: list[str]) -> str:
    paragraphs = [" ".join(lines[i : i + 5]) for i in range(0, len(lines), 5)]
    return "\n\n".join(["GCRF field offices report progress", *paragraphs]) + "\n"


def make_site(root: Path, lines: list[str], engine_pt: str, engine_others: str) -> Path:
    (root / "releases").mkdir()
    (root / "releases" / "progress.txt").write_text(release_text(lines), encoding="utf-8")
    tables = "\n".join(
        f'[languages.{lang}]\nengine = "{engine_pt if lang == "pt" else engine_others}"' for lang in TARGETS
    )
    config = root / "transpub.toml"
    config.write_text(
        f'[transpub]\ntargets = {json.dumps(list(TARGETS))}\nout = "out"\nmemory = "tm.sqlite"\n'
        f'releases = "releases"\n{tables}\n',
        encoding="utf-8",
    )
    return config


def one_round(count: int, engine_pt: str, engine_others: str) -> tuple[float, float, float, int, int]:
    """Seconds for (cold, one-sentence republish, unchanged re-run), segments translated (cold, republish)."""
    lines = sentences(count)
    with tempfile.TemporaryDirectory(prefix="transpub-bench-") as tmp:
        config = make_site(Path(tmp), lines, engine_pt, engine_others)
        started = time.perf_counter()
        cold = republish(load_settings(config))
        cold_s = time.perf_counter() - started

        lines[count // 2] = lines[count // 2].replace("office of the GCRF", "team of the GCRF")
        (Path(tmp) / "releases" / "progress.txt").write_text(release_text(lines), encoding="utf-8")
        started = time.perf_counter()
        warm = republish(load_settings(config))
        warm_s = time.perf_counter() - started

        started = time.perf_counter()
        idle = republish(load_settings(config))
        idle_s = time.perf_counter() - started
        assert idle.changes.empty and idle.pages_written == 0
    return cold_s, warm_s, idle_s, cold.retranslated, warm.retranslated


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine-pt", default="bergamot", help="engine for pt (default: bergamot, real NMT)")
    parser.add_argument("--engine-others", default="pseudo", help="engine for es, fr, ar (default: pseudo)")
    parser.add_argument("--sentences", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    rounds = [one_round(args.sentences, args.engine_pt, args.engine_others) for _ in range(args.repeat)]
    cold = statistics.median(r[0] for r in rounds)
    warm = statistics.median(r[1] for r in rounds)
    idle = statistics.median(r[2] for r in rounds)
    engines = f"pt: {args.engine_pt}, es/fr/ar: {args.engine_others}"
    print(f"release: {args.sentences} sentences -> {len(TARGETS)} languages ({engines}); median of {args.repeat}")
    print(f"cold publish:           {cold:7.2f} s  ({rounds[0][3]} segments machine-translated)")
    print(f"one-sentence republish: {warm:7.2f} s  ({rounds[0][4]} segments machine-translated)")
    print(f"ratio cold / republish: {cold / warm:7.1f}x")
    print(f"unchanged re-run:       {idle:7.2f} s  (nothing translated, no file written)")


if __name__ == "__main__":
    main()
