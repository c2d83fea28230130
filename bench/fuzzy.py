"""Benchmark: fuzzy matches and concordance search against memories of growing size.

    python bench/fuzzy.py [--sizes 1000 10000 50000] [--queries 200]

For each memory size, fills a fresh SQLite memory with generated GCRF-style sentences (half approved, half MT),
then times what a publish does once per language, building the fuzzy index of the language pair, then matching
``--queries`` new sentences in one batched call (rapidfuzz score matrices), and as many concordance searches. Prints
one JSON line per size, with how many queries found a match at the default threshold (a check that the lookups do
real work). A candidate prefilter through the FTS5 index was tried and dropped: on this vocabulary it was slower
(60 ms per sentence at 44,000 entries) and missed the best match.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

from transpub.memory import concordance
from transpub.memory.fuzzy import index_for
from transpub.memory.store import TranslationMemory

PLACES = ("Maputo", "Beira", "Chittagong", "Suva", "Dakar", "Lagos", "Manila", "Belize City", "Male", "Port Louis")
ACTIONS = (
    ("trained {n} volunteers to read tide gauges", "formou {n} voluntários para ler marégrafos"),
    ("installed {n} sirens along the shoreline", "instalou {n} sirenes ao longo da costa"),
    ("planted mangroves on {n} hectares of coast", "plantou mangais em {n} hectares de costa"),
    ("opened {n} shelters for coastal communities", "abriu {n} abrigos para comunidades costeiras"),
)


def sentence(rng: random.Random) -> tuple[str, str]:
    place = rng.choice(PLACES)
    en, pt = rng.choice(ACTIONS)
    n = rng.randrange(10, 5000)
    return f"In {place}, the Fund {en.format(n=n)}.", f"Em {place}, o Fundo {pt.format(n=n)}."


def run(size: int, queries: int) -> dict[str, object]:
    rng = random.Random(size)
    pairs = dict(sentence(rng) for _ in range(size))
    items = list(pairs.items())
    with tempfile.TemporaryDirectory() as tmp, TranslationMemory(Path(tmp) / "tm.sqlite") as tm:
        half = len(items) // 2
        tm.store_machine(items[:half], "en", "pt", engine="bench", model="m", fingerprints={})
        with tm.connection(write=True) as conn:
            conn.executemany(
                "INSERT INTO entries (source, source_lang, target_lang, target, origin, reviewer, created_at,"
                " updated_at) VALUES (?, 'en', 'pt', ?, 'approved', 'bench', 't', 't')",
                items[half:],
            )
        asked = [sentence(rng)[0] for _ in range(queries)]
        started = time.perf_counter()
        with tm.connection() as conn:
            index = index_for(conn, "en", "pt")
        built = time.perf_counter() - started
        started = time.perf_counter()
        full = index.matches_many(asked)
        looked = time.perf_counter() - started
        found = sum(1 for m in full if m)
        started = time.perf_counter()
        with tm.connection() as conn:
            hits = sum(len(concordance.search(conn, q.split(",")[0], target_lang="pt")) for q in asked)
        searched = time.perf_counter() - started
    return {
        "entries": len(items),
        "index_build_s": round(built, 3),
        "lookup_ms_per_segment": round(1000 * looked / queries, 2),
        "queries_with_a_match": f"{found}/{queries}",
        "concordance_ms_per_search": round(1000 * searched / queries, 2),
        "concordance_hits": hits,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    for size in args.sizes:
        print(json.dumps(run(size, args.queries)), flush=True)


if __name__ == "__main__":
    main()
