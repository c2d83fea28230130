"""Throughput of the argos path (issue 6): the CTranslate2 floor, paragraph-by-paragraph, and `transpub publish`.

One run, one model (transformer-base shape, random int8 weights, see ``build_bench_model.py``), one beam size, one
corpus (``--releases`` plain-text releases of about ``--sentences`` sentences), the same segments everywhere
(transpub's own segmenter), the same forced output lengths (``--ratio`` x source pieces, per length-sorted batch):

(a) raw CTranslate2: every segment tokenised, sorted by length, cut into token-bounded batches and submitted to
    one translator at once (what one ``translate_batch`` call does internally; batches are submitted separately
    only because min/max decoding lengths are per call) - the floor;
(b) paragraph by paragraph, one synchronous ``translate_batch`` per paragraph with argostranslate's own batching
    (``max_batch_size=32, batch_type="tokens"``), as ``argostranslate.translate`` does;
(c) ``transpub publish DIR --to LANGS --engine argos --out OUT --config CFG`` in a subprocess, empty memory, with
    Prefect; its wall time, minus Prefect's start-up (a no-op flow run the same way, minus a bare interpreter that
    imports the CLI), and its peak RSS;
(d) the same publish with ``--no-prefect`` (same stages in one process), to tell Prefect's cost from transpub's.

Every method translates the corpus once per target language. Run::

    python bench/throughput.py                       # 20 releases x 30 sentences, es,fr,ar,pt
    python bench/throughput.py --releases 2 --sentences 10 --json /tmp/bench.json
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from build_bench_model import CACHE, build_bench_model, install_bench_packages, write_releases

REPO = Path(__file__).resolve().parent.parent
ARGOS_BATCH_TOKENS = 32  # argostranslate.settings.batch_size, used with batch_type="tokens"


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(argv)
    work = Path(tempfile.mkdtemp(prefix="transpub-bench-"))
    _isolate(work)  # before anything imports argostranslate or prefect
    try:
        results = run(args, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    _print(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


def run(args: argparse.Namespace, work: Path) -> dict:
    languages = [code.strip() for code in args.languages.split(",") if code.strip()]
    started = time.perf_counter()
    model_dir = build_bench_model(Path(args.cache))
    model_seconds = time.perf_counter() - started
    install_bench_packages(model_dir, Path(os.environ["ARGOS_PACKAGES_DIR"]), [("en", code) for code in languages])
    releases = write_releases(work / "releases", releases=args.releases, sentences=args.sentences)
    paragraphs = _segment(releases)
    segments = sum(len(p) for p in paragraphs)

    import ctranslate2
    import sentencepiece

    processor = sentencepiece.SentencePieceProcessor(model_file=str(model_dir / "sentencepiece.model"))
    translator = ctranslate2.Translator(
        str(model_dir / "model"),
        device="cpu",
        compute_type="int8",
        inter_threads=args.inter_threads,
        intra_threads=args.intra_threads,
    )
    tokenized = [[processor.encode(text, out_type=str) for text in paragraph] for paragraph in paragraphs]
    flat = [tokens for paragraph in tokenized for tokens in paragraph]

    raw_seconds, raw_tokens = _timed(lambda: sum(_floor(translator, flat, args) for _ in languages))
    para_seconds, para_tokens = _timed(lambda: sum(_by_paragraph(translator, tokenized, args) for _ in languages))
    translator.unload_model()  # free its memory before the publish subprocess runs

    publish = _publish(args, work, languages)
    in_process = _publish(args, work, languages, prefect=False)
    startup = _prefect_startup(args.startup_runs)
    net = max(publish["seconds"] - startup["prefect_seconds"], 1e-9)
    total = segments * len(languages)
    return {
        "model": {"folder": str(model_dir), "ready_seconds": round(model_seconds, 2)},
        "corpus": {
            "releases": len(releases),
            "segments_per_language": segments,
            "paragraphs": len(paragraphs),
            "source_pieces": sum(len(t) for t in flat),
            "languages": languages,
            "segments_total": total,
        },
        "beam_size": args.beam_size,
        "decoding_length_ratio": args.ratio,
        "a_raw_ctranslate2": _rate(total, raw_seconds, raw_tokens),
        "b_paragraph_by_paragraph": _rate(total, para_seconds, para_tokens),
        "c_publish": {
            **_rate(total, net, None),
            "gross_segments_per_second": round(total / publish["seconds"], 1),
            "wall_seconds": round(publish["seconds"], 2),
            "prefect_startup_seconds": round(startup["prefect_seconds"], 2),
            "peak_rss_mb": publish["peak_rss_mb"],
            "exit_code": publish["exit_code"],
        },
        "d_publish_no_prefect": {
            **_rate(total, in_process["seconds"], None),
            "peak_rss_mb": in_process["peak_rss_mb"],
            "exit_code": in_process["exit_code"],
        },
        "prefect_startup": startup,
        "ratios": {
            "c_over_a_time": round(net / raw_seconds, 2),
            "b_over_c_time": round(para_seconds / net, 2),
            "d_over_a_time": round(in_process["seconds"] / raw_seconds, 2),
        },
    }


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=int, default=20)
    parser.add_argument("--sentences", type=int, default=30, help="sentences per release (about)")
    parser.add_argument("--languages", default="es,fr,ar,pt")
    parser.add_argument("--beam-size", type=int, default=2)
    parser.add_argument("--ratio", type=float, default=1.2, help="output pieces per source piece")
    parser.add_argument("--max-batch-tokens", type=int, default=2048)
    parser.add_argument("--inter-threads", type=int, default=1)
    parser.add_argument("--intra-threads", type=int, default=min(4, os.cpu_count() or 1))
    parser.add_argument("--startup-runs", type=int, default=3, help="no-op flow runs; the median is used")
    parser.add_argument("--cache", default=str(CACHE), help="where the model is cached")
    parser.add_argument("--json", help="also write the results here")
    parser.add_argument("--keep", action="store_true", help="keep the working folder (corpus, pages, config)")
    return parser.parse_args(argv)


def _isolate(work: Path) -> None:
    """Argos packages, Prefect's home and XDG folders all live in the working folder, never the user's."""
    os.environ["ARGOS_PACKAGES_DIR"] = str(work / "argos-packages")
    os.environ["PREFECT_HOME"] = str(work / "prefect")
    os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    # Prefect's temporary server gets 20 s to start by default: not enough on a busy two-core host.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        os.environ[name] = str(work / name.lower())


def _segment(releases: list[Path]) -> list[list[str]]:
    """Plain segment texts grouped by paragraph: each body block is one paragraph, every other segment its own."""
    from transpub.release import load_release
    from transpub.segment import segment_release
    from transpub.tagged import to_plain

    paragraphs: list[list[str]] = []
    for path in releases:
        groups: dict[str, list[str]] = {}
        for segment in segment_release(load_release(path)).segments:
            key = segment.id.split(".")[0] if segment.context == "body" else segment.id
            groups.setdefault(key, []).append(to_plain(segment.source))
        paragraphs.extend(groups.values())
    return paragraphs


def _lengths(ratio: float, shortest: int, longest: int) -> dict[str, int]:
    """The argos engine's ``decoding_length_ratio`` policy."""
    return {
        "min_decoding_length": math.floor(ratio * shortest),
        "max_decoding_length": max(1, math.ceil(ratio * longest)),
    }


def _floor(translator: object, flat: list[list[str]], args: argparse.Namespace) -> int:
    from transpub.engines.argos import plan_batches

    pending = []
    for batch in plan_batches({i: len(t) for i, t in enumerate(flat)}, args.max_batch_tokens):
        lengths = [len(flat[i]) for i in batch]
        pending.extend(
            translator.translate_batch(
                [flat[i] for i in batch],
                beam_size=args.beam_size,
                max_batch_size=len(batch),
                asynchronous=True,
                **_lengths(args.ratio, min(lengths), max(lengths)),
            )
        )
    return sum(len(p.result().hypotheses[0]) for p in pending)


def _by_paragraph(translator: object, tokenized: list[list[list[str]]], args: argparse.Namespace) -> int:
    produced = 0
    for paragraph in tokenized:
        lengths = [len(t) for t in paragraph]
        results = translator.translate_batch(
            paragraph,
            beam_size=args.beam_size,
            max_batch_size=ARGOS_BATCH_TOKENS,
            batch_type="tokens",
            **_lengths(args.ratio, min(lengths), max(lengths)),
        )
        produced += sum(len(r.hypotheses[0]) for r in results)
    return produced


def _timed(work: object) -> tuple[float, int]:
    started = time.perf_counter()
    produced = work()
    return time.perf_counter() - started, produced


def _rate(segments: int, seconds: float, tokens: int | None) -> dict:
    rate = {"seconds": round(seconds, 2), "segments_per_second": round(segments / seconds, 1)}
    if tokens is not None:
        rate["output_pieces"] = tokens
        rate["pieces_per_second"] = round(tokens / seconds, 1)
    return rate


def _transpub() -> list[str]:
    script = Path(sys.executable).with_name("transpub")
    return [str(script)] if script.exists() else [sys.executable, "-m", "transpub.cli"]


def _publish(args: argparse.Namespace, work: Path, languages: list[str], *, prefect: bool = True) -> dict:
    """Run ``transpub publish`` on the corpus with a fresh memory; ``prefect=False`` adds ``--no-prefect``."""
    run_dir = work / ("publish" if prefect else "publish-no-prefect")
    run_dir.mkdir()
    config = run_dir / "bench.toml"
    config.write_text(
        "\n".join(
            [
                "[transpub]",
                'source = "en"',
                f"targets = {json.dumps(languages)}",
                'default_engine = "argos"',
                f'out = "{run_dir / "out"}"',
                f'memory = "{run_dir / "memory.sqlite"}"',
                "",
                "[engines.argos]",
                f"beam_size = {args.beam_size}",
                'compute_type = "int8"',
                f"inter_threads = {args.inter_threads}",
                f"intra_threads = {args.intra_threads}",
                f"max_batch_tokens = {args.max_batch_tokens}",
                f"decoding_length_ratio = {args.ratio}",
                "",
            ]
        ),
        encoding="utf-8",
    )
    command = [
        *_transpub(),
        "publish",
        str(work / "releases"),
        "--to",
        ",".join(languages),
        "--engine",
        "argos",
        "--out",
        str(run_dir / "out"),
        "--config",
        str(config),
        *([] if prefect else ["--no-prefect"]),
    ]
    seconds, code, peak_kb, output = _run_measured(command)
    if code != 0:
        print(output[-4000:], file=sys.stderr)
    return {"seconds": seconds, "exit_code": code, "peak_rss_mb": round(peak_kb / 1024, 1)}


def _prefect_startup(runs: int) -> dict:
    """Seconds Prefect adds: a no-op flow run through transpub's runner settings, minus a bare CLI import.

    Start-up swings widely on a busy host, so each is measured ``runs`` times and the medians are used.
    """
    noop = (
        "from transpub.runner import flow_settings, prepare_environment\n"
        "prepare_environment(verbose=False)\n"
        "from prefect import flow\n"
        "@flow\n"
        "def noop():\n"
        "    return 1\n"
        "with flow_settings():\n"
        "    noop()\n"
    )
    flows, bares = [], []
    for _ in range(max(1, runs)):
        seconds, code, _, output = _run_measured([sys.executable, "-c", noop])
        if code != 0:
            print(output[-4000:], file=sys.stderr)
        flows.append(seconds)
        bares.append(_run_measured([sys.executable, "-c", "import transpub.cli"])[0])
    flow_seconds, bare_seconds = statistics.median(flows), statistics.median(bares)
    return {
        "noop_flow_runs_seconds": [round(x, 2) for x in flows],
        "noop_flow_process_seconds": round(flow_seconds, 2),
        "bare_process_seconds": round(bare_seconds, 2),
        "prefect_seconds": max(flow_seconds - bare_seconds, 0.0),
    }


def _run_measured(command: list[str]) -> tuple[float, int, int, str]:
    """Run ``command``; return wall seconds, exit code, peak RSS in KB (its own, from wait4) and its output."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=REPO)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    return seconds, process.returncode, usage.ru_maxrss, output


def _print(results: dict) -> None:
    corpus = results["corpus"]
    print(
        f"corpus: {corpus['releases']} releases, {corpus['segments_per_language']} segments "
        f"({corpus['source_pieces']} source pieces) x {len(corpus['languages'])} languages "
        f"= {corpus['segments_total']} segments; beam {results['beam_size']}, "
        f"output = {results['decoding_length_ratio']} x source pieces"
    )
    for key, label in [
        ("a_raw_ctranslate2", "(a) raw CTranslate2, all segments at once"),
        ("b_paragraph_by_paragraph", "(b) paragraph by paragraph (argostranslate)"),
        ("c_publish", "(c) transpub publish, net of Prefect start-up"),
        ("d_publish_no_prefect", "(d) transpub publish --no-prefect (gross)"),
    ]:
        rate = results[key]
        print(f"{label:<48} {rate['segments_per_second']:>8.1f} segments/s  ({rate['seconds']:.2f} s)")
    publish = results["c_publish"]
    print(
        f"publish gross {publish['gross_segments_per_second']:.1f} segments/s, "
        f"wall time {publish['wall_seconds']:.2f} s, "
        f"Prefect start-up {publish['prefect_startup_seconds']:.2f} s, "
        f"peak RSS {publish['peak_rss_mb']:.1f} MB, exit code {publish['exit_code']}"
    )
    if publish["prefect_startup_seconds"] > 0.5 * publish["wall_seconds"]:
        print("note: Prefect start-up is most of the publish wall time here; the net (c) figure is unreliable")
    ratios = results["ratios"]
    print(
        f"(c)/(a) time: {ratios['c_over_a_time']:.2f}x    (b)/(c) time: {ratios['b_over_c_time']:.2f}x    "
        f"(d)/(a) time: {ratios['d_over_a_time']:.2f}x"
    )


if __name__ == "__main__":
    raise SystemExit(main())
