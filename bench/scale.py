"""Scale-out (issue 17): decoding through the thread runner and through Dask with 1 and 2 workers, and Prefect's
fixed cost per publish with a temporary and with a running server.

Throughput: the argos bench model (random int8 transformer-base, ``build_bench_model.py``) with ``intra_threads = 1``
and ``parallel_translations = 1``, so one decode uses one core and only more worker processes decode in parallel.
Every run is ``transpub publish`` in a subprocess with a fresh memory and output folder, against one background
server (``transpub server start``, started here in the working folder), so the runs differ only in their runner:

- ``thread``: decode tasks in threads of the publishing process (one engine, so one decode at a time);
- ``dask-1`` / ``dask-2``: a local Dask cluster of 1 or 2 worker processes started for the run.

``segments/s`` is translated segments (all languages) over the publish's wall time; ``net`` subtracts the same
runner's wall time for a one-sentence release (its fixed cost: Prefect, the cluster's start). The speed-up is
dask-2 over dask-1 on net time (target >= 1.6x).

Fixed cost: a one-paragraph pseudo release published with ``--no-prefect``, through Prefect with the temporary
per-run server, and against the running server; the cost is the median wall time over ``--runs`` minus the
``--no-prefect`` median, and ``peak_tree_mb`` the largest resident memory of the publish's process tree.

    python bench/scale.py                               # 4 releases x 40 sentences, es,fr
    python bench/scale.py --releases 1 --sentences 10 --runs 1 --json /tmp/scale.json
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

from build_bench_model import CACHE, build_bench_model, install_bench_packages, write_releases
from throughput import _run_measured, _transpub, isolate
from transpub.commands.server import LocalServer, free_port

RUNNERS = {"thread": [], "dask-1": ["--task-runner", "dask", "--workers", "1"]}
RUNNERS["dask-2"] = ["--task-runner", "dask", "--workers", "2"]
TARGET_SPEEDUP = 1.6
ARGOS_OPTIONS = [
    "[engines.argos]",
    "beam_size = 2",
    'compute_type = "int8"',
    "intra_threads = 1",
    "inter_threads = 1",
    "parallel_translations = 1",
    "decoding_length_ratio = 1.2",
]


def write_config(folder: Path, languages: list[str], server: LocalServer, *, engine: str, chunk_tokens: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = [
        "[transpub]",
        f"targets = {json.dumps(languages)}",
        f'default_engine = "{engine}"',
        f'out = "{folder / "out"}"',
        f'memory = "{folder / "memory.sqlite"}"',
        *(ARGOS_OPTIONS if engine == "argos" else []),
        "[orchestration]",
        f'server_home = "{server.home}"',
        f"server_port = {server.port}",
        f"chunk_tokens = {chunk_tokens}",
        "decode_slots = 4",
    ]
    config = folder / "t.toml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def publish(folder: Path, releases: Path, config: Path, *extra: str, api: bool = True) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    measured = _run_measured([*_transpub(), "publish", str(releases), "--config", str(config), *extra], env=env)
    if measured["exit_code"] != 0:
        print(measured["output"][-3000:], file=sys.stderr)
        raise SystemExit(f"publish failed in {folder}")
    return measured


def throughput(args: argparse.Namespace, work: Path, server: LocalServer) -> dict:
    languages = [c.strip() for c in args.languages.split(",") if c.strip()]
    model_dir = build_bench_model(Path(args.cache))
    install_bench_packages(model_dir, Path(os.environ["ARGOS_PACKAGES_DIR"]), [("en", c) for c in languages])
    corpus = write_releases(work / "corpus", releases=args.releases, sentences=args.sentences)
    tiny = work / "tiny"
    tiny.mkdir()
    (tiny / "t.txt").write_text("A short title\n\nOne sentence of text.\n", encoding="utf-8")
    from transpub.config import load_settings
    from transpub.pipeline.publish import prepare

    segments = sum(len(sr.segments) for sr in prepare([corpus[0].parent], load_settings(None))) * len(languages)
    out: dict = {"segments": segments, "languages": languages, "runners": {}}
    for name, flags in RUNNERS.items():
        print(f"scale: {name}", file=sys.stderr)
        run_dir = work / name
        fixed = publish(
            run_dir,
            tiny,
            write_config(run_dir / "tiny", languages, server, engine="argos", chunk_tokens=args.chunk_tokens),
            *flags,
        )
        full = publish(
            run_dir,
            corpus[0].parent,
            write_config(run_dir / "full", languages, server, engine="argos", chunk_tokens=args.chunk_tokens),
            *flags,
        )
        net = max(full["seconds"] - fixed["seconds"], 1e-6)
        out["runners"][name] = {
            "seconds": round(full["seconds"], 2),
            "fixed_seconds": round(fixed["seconds"], 2),
            "segments_per_s": round(segments / full["seconds"], 2),
            "net_segments_per_s": round(segments / net, 2),
            "peak_tree_mb": full["peak_tree_mb"],
        }
    one, two = out["runners"]["dask-1"], out["runners"]["dask-2"]
    out["speedup_dask2_over_dask1"] = round(two["net_segments_per_s"] / one["net_segments_per_s"], 2)
    out["speedup_target"] = TARGET_SPEEDUP
    return out


def fixed_cost(args: argparse.Namespace, work: Path, server: LocalServer) -> dict:
    releases = work / "fixed-release"
    releases.mkdir()
    (releases / "r.txt").write_text("Tidewatch goes live\n\nThe platform went live today.\n", encoding="utf-8")
    temporary = LocalServer(home=server.home, port=free_port())  # a port nobody listens on: no running server
    kinds = {"no-prefect": (server, ["--no-prefect"]), "temporary": (temporary, []), "running": (server, [])}
    results = {}
    for kind, (target, flags) in kinds.items():
        runs = []
        for i in range(args.runs):
            folder = work / f"fixed-{kind}-{i}"
            config = write_config(folder, ["fr", "ar"], target, engine="pseudo", chunk_tokens=args.chunk_tokens)
            runs.append(publish(folder, releases, config, *flags))
        results[kind] = {
            "median_seconds": round(statistics.median(r["seconds"] for r in runs), 2),
            "peak_tree_mb": max(r["peak_tree_mb"] for r in runs),
        }
    base = results["no-prefect"]["median_seconds"]
    for kind in ("temporary", "running"):
        results[kind]["prefect_fixed_cost_s"] = round(results[kind]["median_seconds"] - base, 2)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=int, default=4)
    parser.add_argument("--sentences", type=int, default=40)
    parser.add_argument("--languages", default="es,fr")
    parser.add_argument("--chunk-tokens", type=int, default=512, help="[orchestration] chunk_tokens")
    parser.add_argument("--runs", type=int, default=3, help="fixed-cost runs per kind (medians)")
    parser.add_argument("--cache", default=str(CACHE))
    parser.add_argument("--json", help="also write the results here")
    parser.add_argument("--skip-throughput", action="store_true")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="transpub-scale-"))
    isolate(work)
    server = LocalServer(home=work / "server", port=free_port())
    server.start()
    try:
        results = {"fixed_cost": fixed_cost(args, work, server)}
        if not args.skip_throughput:
            results["throughput"] = throughput(args, work, server)
    finally:
        server.stop()
    text = json.dumps(results, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
