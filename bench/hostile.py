"""Time against size for hostile inputs that used to cost super-linear time (issue 15).

1. **Long token**: a plain-text release whose body holds one token of N characters with no space, published end
   to end (``publish_releases``, no Prefect, the ``pseudo`` engine, one target) for several token shapes: letters,
   capitals, digits, dotted letters, an address-like run with no ``@``, dashes, accented letters. Before the fix,
   20,000 letters took 7.4 s (the e-mail pattern was quadratic) and 5,000 capitals 173 s (the pseudo engine's
   placeholder pattern).
2. **Glossary**: a CSV glossary of N rows (``en,pt``, distinct multi-word terms) loaded with the public API
   ``transpub.glossary.load_glossaries`` and matched with ``Glossary.find`` against every segment of a release
   (three sentences holding a few of the terms). The target is a 50,000-row glossary in under 2 s.

For each series it prints seconds per size and the slope of log(time) against log(size) between the smallest and
the largest size: about 1 for linear time, 2 for quadratic.

    python bench/hostile.py                      # both series, default sizes
    python bench/hostile.py --sizes 10000,20000  # a quick run
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from transpub.config import settings_from_mapping
from transpub.formats.loading import load_release
from transpub.formats.segment import segment_release
from transpub.glossary import load_glossaries
from transpub.pipeline.publish import publish_releases

TOKEN_SIZES = (10_000, 20_000, 50_000, 100_000, 200_000)
GLOSSARY_SIZES = (500, 5_000, 50_000)
SHAPES: dict[str, Callable[[int], str]] = {
    "letters": lambda n: "a" * n,
    "capitals": lambda n: "A" * n,
    "digits": lambda n: "1" * n,
    "dotted": lambda n: ("a." * n)[:n],
    "address-no-at": lambda n: ("ab.c-d_e+" * n)[:n],
    "dashes": lambda n: "-" * n,
    "accented": lambda n: "é" * n,
}
RELEASE = (
    "GCRF expands early warning coverage\n\n"
    "The early warning system now serves coastal communities in 12 Member States. "
    "Internally displaced persons will receive climate resilience grants. "
    "Term {a} and term {b} appear in this sentence, with {c}.\n"
)


def slope(sizes: Sequence[int], seconds: Sequence[float]) -> float:
    """log-log slope between the first and the last point."""
    return math.log(seconds[-1] / seconds[0]) / math.log(sizes[-1] / sizes[0])


def time_token(shape: Callable[[int], str], n: int, work: Path) -> float:
    run = Path(tempfile.mkdtemp(dir=work))  # a fresh output folder per run
    release = run / "token.txt"
    release.write_text(f"A release with a long token\n\nThe token {shape(n)} ends here.\n", encoding="utf-8")
    settings = settings_from_mapping(
        {"transpub": {"targets": ["pt"], "default_engine": "pseudo", "out": str(run / "out"), "memory": ""}},
        base_dir=run,
    )
    start = time.perf_counter()
    publish_releases([release], settings)
    return time.perf_counter() - start


def term(i: int) -> str:
    """A distinct two-word English term for row ``i`` (letters only, so no row is a sub-term of a number)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    word = "".join(letters[(i // 26**k) % 26] for k in range(4))
    return f"coastal {word}"


def time_glossary(rows: int, work: Path) -> tuple[float, float, int]:
    csv = work / f"glossary-{rows}.csv"
    lines = ["en,pt,type"] + [f"{term(i)},costeiro {i},translate" for i in range(rows)]
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    release = work / f"glossary-release-{rows}.txt"
    release.write_text(RELEASE.format(a=term(1), b=term(rows // 2), c=term(rows - 1)), encoding="utf-8")
    segments = segment_release(load_release(release)).segments
    start = time.perf_counter()
    glossary = load_glossaries([csv], source="en", targets=["pt"])
    loaded = time.perf_counter()
    found = sum(len(glossary.find(seg.source)) for seg in segments)
    matched = time.perf_counter()
    return loaded - start, matched - loaded, found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", help="token sizes, comma-separated", default=",".join(map(str, TOKEN_SIZES)))
    parser.add_argument("--rows", help="glossary sizes", default=",".join(map(str, GLOSSARY_SIZES)))
    parser.add_argument("--shapes", help="token shapes", default=",".join(SHAPES))
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = [int(s) for s in args.rows.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        time_token(SHAPES["letters"], 100, work)  # warm-up: imports and first-call set-up are not measured
        time_glossary(10, work)
        print("long token, published end to end (pseudo engine, 1 language), seconds:")
        print(f"  {'shape':<14}" + "".join(f"{n:>10,}" for n in sizes) + "     slope")
        for name in args.shapes.split(","):
            times = [time_token(SHAPES[name], n, work) for n in sizes]
            print(f"  {name:<14}" + "".join(f"{t:>10.2f}" for t in times) + f"{slope(sizes, times):>10.2f}")
            sys.stdout.flush()
        print("\nglossary: load_glossaries + Glossary.find over a 3-sentence release, seconds:")
        print(f"  {'rows':>8} {'load':>8} {'match':>8} {'total':>8} {'found':>6}")
        totals = []
        for n in rows:
            load_s, match_s, found = time_glossary(n, work)
            totals.append(load_s + match_s)
            print(f"  {n:>8,} {load_s:>8.3f} {match_s:>8.3f} {load_s + match_s:>8.3f} {found:>6}")
        print(f"  slope of total time against rows: {slope(rows, totals):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
