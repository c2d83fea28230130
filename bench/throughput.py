"""Throughput and memory of the argos path (issue 6): the CTranslate2 floor, paragraph by paragraph, `transpub publish`.

One run, one model (transformer-base shape, random int8 weights, see ``build_bench_model.py``), one beam size, one
corpus (``--releases`` plain-text releases of about ``--sentences`` sentences), the same segments everywhere
(transpub's own segmenter), the same forced output lengths (``--ratio`` x source pieces, per length-sorted batch):

(a) raw CTranslate2: every segment tokenised, sorted by length, cut into token-bounded batches and submitted to
    one translator at once (what one ``translate_batch`` call does internally; batches are submitted separately
    only because min/max decoding lengths are per call) - the floor;
(b) paragraph by paragraph, one synchronous ``translate_batch`` per paragraph with argostranslate's own batching
    (``max_batch_size=32, batch_type="tokens"``), as ``argostranslate.translate`` does. It is a rate, so it may be
    measured on a seeded sample of the paragraphs (``--sample-b 0.25``: a quarter of them, the same in every
    language);
(c) ``transpub publish DIR --to LANGS --engine argos --out OUT --config CFG`` in a subprocess, empty memory, with
    Prefect's temporary server; its wall time minus Prefect's fixed cost per run (below), and its peak memory;
(c') the same publish against a running ``prefect server`` (``PREFECT_API_URL``), unless ``--no-server``;
(d) with ``--no-prefect-run``, the same publish with ``--no-prefect`` (same stages, no Prefect at all).

Prefect's fixed cost per publish run is measured for both servers with a no-op flow in a fresh process: the
process's wall time, minus a bare interpreter importing the CLI, minus the extra flows it runs after the first;
its per-task overhead comes from the same process, as a flow of ``--tasks`` no-op tasks against an empty flow.

Every method translates the corpus once per target language. Run::

    python bench/throughput.py                       # 20 releases x 30 sentences, es,fr,ar,pt
    python bench/throughput.py --releases 2 --sentences 10 --json /tmp/bench.json
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from build_bench_model import CACHE, build_bench_model, install_bench_packages, write_releases

REPO = Path(__file__).resolve().parent.parent
ARGOS_BATCH_TOKENS = 32  # argostranslate.settings.batch_size, used with batch_type="tokens"
MEMORY_ALLOWANCE_MB = 400  # the target: peak memory <= the loaded models + this
TARGET_C_OVER_A = 1.25
TARGET_B_OVER_C = 2.5

# A no-op flow in a fresh process, through transpub's runner settings: prints how long the first flow took (the
# fixed cost Prefect adds to a run) and, after it, an empty flow and a flow of N no-op tasks (per-task overhead).
PREFECT_PROBE = """
import json, sys, time
from transpub.commands.runner import flow_settings, prepare_environment
prepare_environment(verbose=False)
from prefect import flow, task
from prefect.task_runners import ThreadPoolTaskRunner

@task
def noop_task(i):
    return i

@flow(task_runner=ThreadPoolTaskRunner(max_workers=4), validate_parameters=False)
def noop_flow(n):
    return sum(f.result() for f in noop_task.map(range(n)))

n = int(sys.argv[1])
with flow_settings():
    t0 = time.perf_counter(); noop_flow(0); t1 = time.perf_counter()
    noop_flow(0); t2 = time.perf_counter()
    noop_flow(n); t3 = time.perf_counter()
print("PROBE " + json.dumps({"first": t1 - t0, "empty": t2 - t1, "tasks": t3 - t2, "n": n}))
"""


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(argv)
    work = Path(tempfile.mkdtemp(prefix="transpub-bench-"))
    isolate(work)  # before anything imports argostranslate or prefect
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
    total = segments * len(languages)
    models_mb = (model_dir / "model" / "model.bin").stat().st_size / 2**20 * len(languages)

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
    sample = _sample(tokenized, args.sample_b)
    sampled = sum(len(p) for p in sample) * len(languages)

    _progress(f"(a) raw CTranslate2: {total} segments")
    raw_seconds, raw_cpu, raw_tokens = _timed(lambda: sum(_floor(translator, flat, args) for _ in languages))
    _progress(f"(b) paragraph by paragraph: {sampled} segments ({len(sample)} of {len(paragraphs)} paragraphs)")
    para_seconds, para_cpu, para_tokens = _timed(
        lambda: sum(_by_paragraph(translator, sample, args) for _ in languages)
    )
    translator.unload_model()  # free its memory before the publish subprocesses run

    _progress("Prefect fixed cost, temporary server")
    temporary = _prefect_overhead(args.startup_runs, args.tasks)
    _progress("(c) transpub publish, temporary server")
    publish = _publish(args, work, languages, name="publish")
    results = {
        "model": {"folder": str(model_dir), "ready_seconds": round(model_seconds, 2), "models_mb": round(models_mb)},
        "corpus": {
            "releases": len(releases),
            "segments_per_language": segments,
            "paragraphs": len(paragraphs),
            "source_pieces": sum(len(t) for t in flat),
            "languages": languages,
            "segments_total": total,
        },
        "settings": {
            "beam_size": args.beam_size,
            "decoding_length_ratio": args.ratio,
            "max_batch_tokens": args.max_batch_tokens,
            "inter_threads": args.inter_threads,
            "intra_threads": args.intra_threads,
            "parallel_translations": args.parallel_translations,
            "sample_b": args.sample_b,
            "cpus": os.cpu_count(),
            "load_average_at_start": round(os.getloadavg()[0], 2),
        },
        "a_raw_ctranslate2": {**_rate(total, raw_seconds, raw_tokens), "cpu_seconds": round(raw_cpu, 1)},
        "b_paragraph_by_paragraph": {
            **_rate(sampled, para_seconds, para_tokens),
            "cpu_seconds": round(para_cpu, 1),
            "segments": sampled,
        },
        "c_publish": _net(publish, total, temporary["fixed_seconds"]),
        "prefect": {"temporary_server": temporary},
    }
    if not args.no_server:
        with prefect_server(work / "prefect-server") as api_url:
            _progress(f"Prefect fixed cost, running server at {api_url}")
            running = _prefect_overhead(args.startup_runs, args.tasks, api_url=api_url)
            _progress("(c') transpub publish, running server")
            on_server = _publish(args, work, languages, name="publish-server", api_url=api_url)
        results["prefect"]["running_server"] = running
        results["c_publish_running_server"] = _net(on_server, total, running["fixed_seconds"])
    if args.no_prefect_run:
        _progress("(d) transpub publish --no-prefect")
        in_process = _publish(args, work, languages, name="publish-no-prefect", prefect=False)
        results["d_publish_no_prefect"] = _net(in_process, total, 0.0)
    results["ratios"] = _ratios(results)
    results["memory"] = {
        "models_mb": round(models_mb),
        "limit_mb": round(models_mb + MEMORY_ALLOWANCE_MB),
        "publish_peak_mb": publish["peak_mb"],
        "within_limit": publish["peak_mb"] <= models_mb + MEMORY_ALLOWANCE_MB,
    }
    return results


def build_parser() -> argparse.ArgumentParser:
    """The bench's options (``profile_publish.py`` shares them)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=int, default=20)
    parser.add_argument("--sentences", type=int, default=30, help="sentences per release (about)")
    parser.add_argument("--languages", default="es,fr,ar,pt")
    parser.add_argument("--beam-size", type=int, default=2)
    parser.add_argument("--ratio", type=float, default=1.2, help="output pieces per source piece")
    parser.add_argument("--max-batch-tokens", type=int, default=1024)
    parser.add_argument("--inter-threads", type=int, default=1)
    parser.add_argument("--intra-threads", type=int, default=min(4, os.cpu_count() or 1))
    parser.add_argument("--parallel-translations", type=int, default=1, help="the argos engine option")
    parser.add_argument(
        "--sample-b", type=float, default=0.25, help="share of paragraphs (seeded sample) that (b) translates"
    )
    parser.add_argument("--startup-runs", type=int, default=3, help="no-op flow processes per server; medians")
    parser.add_argument("--tasks", type=int, default=100, help="no-op tasks in the per-task overhead flow")
    parser.add_argument("--no-server", action="store_true", help="skip the running-server measurements")
    parser.add_argument("--no-prefect-run", action="store_true", help="also run (d): publish --no-prefect")
    parser.add_argument("--cache", default=str(CACHE), help="where the model is cached")
    parser.add_argument("--json", help="also write the results here")
    parser.add_argument("--keep", action="store_true", help="keep the working folder (corpus, pages, config)")
    return parser


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    options = build_parser()
    args = options.parse_args(argv)
    if not 0 < args.sample_b <= 1:
        options.error("--sample-b must be in (0, 1]")
    return args


def _progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def isolate(work: Path) -> None:
    """Argos packages, Prefect's home and XDG folders all live in the working folder, never the user's."""
    os.environ["ARGOS_PACKAGES_DIR"] = str(work / "argos-packages")
    os.environ["PREFECT_HOME"] = str(work / "prefect")
    os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    os.environ.pop("PREFECT_API_URL", None)  # (c) and the temporary-server probe must not reach a user's server
    # Prefect's temporary server gets 20 s to start by default: not enough on a busy two-core host.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        os.environ[name] = str(work / name.lower())


def _segment(releases: list[Path]) -> list[list[str]]:
    """Plain segment texts grouped by paragraph: each body block is one paragraph, every other segment its own."""
    from transpub.formats.loading import load_release
    from transpub.formats.segment import segment_release
    from transpub.text.tagged import to_plain

    paragraphs: list[list[str]] = []
    for path in releases:
        groups: dict[str, list[str]] = {}
        for segment in segment_release(load_release(path)).segments:
            key = segment.id.split(".")[0] if segment.context == "body" else segment.id
            groups.setdefault(key, []).append(to_plain(segment.source))
        paragraphs.extend(groups.values())
    return paragraphs


def _sample(paragraphs: list[list[list[str]]], share: float) -> list[list[list[str]]]:
    """A seeded sample of ``share`` of the paragraphs, in corpus order (all of them when ``share`` is 1).

    >>> _sample([[["a"]], [["b"]], [["c"]], [["d"]]], 0.5)
    [[['b']], [['d']]]
    """
    count = max(1, round(share * len(paragraphs)))
    chosen = sorted(random.Random(0).sample(range(len(paragraphs)), count))
    return [paragraphs[i] for i in chosen]


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


def _timed(work: Callable[[], int]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds of this process (every thread, CTranslate2's included) and ``work()``'s result."""
    started, cpu = time.perf_counter(), time.process_time()
    produced = work()
    return time.perf_counter() - started, time.process_time() - cpu, produced


def _rate(segments: int, seconds: float, tokens: int | None) -> dict:
    rate = {"seconds": round(seconds, 2), "segments_per_second": round(segments / seconds, 2)}
    if tokens is not None:
        rate["output_pieces"] = tokens
        rate["pieces_per_second"] = round(tokens / seconds, 1)
    return rate


def _net(publish: dict, segments: int, fixed: float) -> dict:
    net = max(publish["seconds"] - fixed, 1e-9)
    return {
        **_rate(segments, net, None),
        "gross_segments_per_second": round(segments / publish["seconds"], 2),
        "wall_seconds": round(publish["seconds"], 2),
        "prefect_fixed_seconds": round(fixed, 2),
        "peak_mb": publish["peak_mb"],
        "peak_tree_mb": publish["peak_tree_mb"],
        "gross_cpu_seconds": publish["cpu_seconds"],
        "exit_code": publish["exit_code"],
    }


def _ratios(results: dict) -> dict:
    """Time ratios for the same work: (c)/(a) and (b)/(c) from rates, as (b) may run on a sample."""
    floor = results["a_raw_ctranslate2"]["segments_per_second"]
    paragraph = results["b_paragraph_by_paragraph"]["segments_per_second"]
    ratios = {}
    for key in ("c_publish", "c_publish_running_server", "d_publish_no_prefect"):
        if key in results:
            rate = results[key]["segments_per_second"]
            ratios[f"{key}_over_a"] = round(floor / rate, 3)
            ratios[f"b_over_{key}"] = round(rate / paragraph, 3)
    return ratios


def _transpub() -> list[str]:
    script = Path(sys.executable).with_name("transpub")
    return [str(script)] if script.exists() else [sys.executable, "-m", "transpub.cli"]


def _publish(
    args: argparse.Namespace,
    work: Path,
    languages: list[str],
    *,
    name: str,
    prefect: bool = True,
    api_url: str | None = None,
) -> dict:
    """Run ``transpub publish`` on the corpus with a fresh memory; ``prefect=False`` adds ``--no-prefect``."""
    run_dir = work / name
    run_dir.mkdir()
    config = write_config(run_dir, languages, args)
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
    measured = _run_measured(command, env=_api_env(api_url))
    if measured["exit_code"] != 0:
        print(measured["output"][-4000:], file=sys.stderr)
    return measured


def write_config(run_dir: Path, languages: list[str], args: argparse.Namespace) -> Path:
    """The publish run's config file: fresh output folder and memory, the bench's engine settings."""
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
                f"parallel_translations = {args.parallel_translations}",
                f"decoding_length_ratio = {args.ratio}",
                "",
            ]
        ),
        encoding="utf-8",
    )
    return config


def _api_env(api_url: str | None) -> dict[str, str]:
    env = dict(os.environ)
    if api_url is not None:
        env["PREFECT_API_URL"] = api_url
    return env


def _prefect_overhead(runs: int, tasks: int, *, api_url: str | None = None) -> dict:
    """Prefect's fixed cost per run and per task, against ``api_url`` or (None) a temporary server.

    Fixed cost: the probe process's wall time, minus the flows it runs after the first, minus a bare interpreter
    that imports the CLI. Start-up swings widely on a busy host, so each is measured ``runs`` times (medians).
    """
    env = _api_env(api_url)
    fixed, first, per_task, bares = [], [], [], []
    for _ in range(max(1, runs)):
        measured = _run_measured([sys.executable, "-c", PREFECT_PROBE, str(tasks)], env=env)
        probe = _probe_result(measured)
        bare = _run_measured([sys.executable, "-c", "import transpub.cli"], env=env)["seconds"]
        bares.append(bare)
        fixed.append(measured["seconds"] - probe["empty"] - probe["tasks"] - bare)
        first.append(probe["first"])
        per_task.append((probe["tasks"] - probe["empty"]) / max(1, probe["n"]))
    return {
        "fixed_seconds": round(statistics.median(fixed), 2),
        "fixed_runs_seconds": [round(x, 2) for x in fixed],
        "first_flow_in_process_seconds": round(statistics.median(first), 2),
        "bare_process_seconds": round(statistics.median(bares), 2),
        "per_task_ms": round(1000 * statistics.median(per_task), 1),
        "tasks": tasks,
    }


def _probe_result(measured: dict) -> dict:
    for line in measured["output"].splitlines():
        if line.startswith("PROBE "):
            return json.loads(line[len("PROBE ") :])
    raise RuntimeError(f"the Prefect probe failed (exit code {measured['exit_code']}):\n{measured['output'][-4000:]}")


@contextlib.contextmanager
def prefect_server(home: Path, *, timeout: float = 300.0) -> Iterator[str]:
    """A ``prefect server start`` of its own (own ``PREFECT_HOME``, free port, no UI); yields its API URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    home.mkdir(parents=True)
    env = {**os.environ, "PREFECT_HOME": str(home)}
    env.pop("PREFECT_API_URL", None)
    command = [
        str(Path(sys.executable).with_name("prefect")),
        *("server", "start", "--host", "127.0.0.1", "--port", str(port), "--no-ui"),
    ]
    with (home / "server.log").open("wb") as log:
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    url = f"http://127.0.0.1:{port}/api"
    try:
        _wait_healthy(url, server, timeout)
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)  # its own session: the server and its workers, nothing else
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _wait_healthy(url: str, server: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"prefect server exited with code {server.returncode}")
        with contextlib.suppress(OSError), urllib.request.urlopen(f"{url}/health", timeout=5) as response:
            if response.status == 200:
                return
        time.sleep(0.5)
    raise RuntimeError(f"prefect server at {url} not healthy after {timeout:.0f} s")


def _run_measured(command: list[str], *, env: dict[str, str] | None = None) -> dict:
    """Run ``command``: wall seconds, exit code, output, and peak memory in MB.

    ``peak_mb`` is the process's own high-water mark (``VmHWM``, sampled every 0.1 s; ``wait4``'s figure when
    larger); ``peak_tree_mb`` the largest sum of resident memory over the process and its children (Prefect's
    temporary server runs in a child process).
    """
    started = time.perf_counter()
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=REPO, env=env)
        peaks = {"own": 0, "tree": 0}
        done = threading.Event()
        sampler = threading.Thread(target=_sample_memory, args=(process.pid, done, peaks), daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    own_kb = peaks["own"] or usage.ru_maxrss
    return {
        "seconds": seconds,
        "exit_code": process.returncode,
        "output": output,
        "peak_mb": round(own_kb / 1024, 1),
        "peak_tree_mb": round(max(peaks["tree"], own_kb) / 1024, 1),
        "wait4_maxrss_mb": round(usage.ru_maxrss / 1024, 1),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),  # with the children it waited for
    }


def _sample_memory(pid: int, done: threading.Event, peaks: dict[str, int]) -> None:
    while not done.wait(0.1):
        own = _status_kb(pid, "VmHWM")
        peaks["own"] = max(peaks["own"], own)
        peaks["tree"] = max(peaks["tree"], sum(_status_kb(p, "VmRSS") for p in _process_tree(pid)))


def _status_kb(pid: int, field: str) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass  # the process ended between two samples
    return 0


def _process_tree(pid: int) -> list[int]:
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        for children in Path(f"/proc/{current}/task").glob("*/children"):
            with contextlib.suppress(OSError, ValueError):
                stack.extend(int(child) for child in children.read_text().split())
    return found


def _print(results: dict) -> None:
    corpus, settings = results["corpus"], results["settings"]
    print(
        f"corpus: {corpus['releases']} releases, {corpus['segments_per_language']} segments "
        f"({corpus['source_pieces']} source pieces) x {len(corpus['languages'])} languages "
        f"= {corpus['segments_total']} segments; beam {settings['beam_size']}, "
        f"output = {settings['decoding_length_ratio']} x source pieces, "
        f"max_batch_tokens {settings['max_batch_tokens']}, "
        f"intra_threads {settings['intra_threads']}, {settings['cpus']} CPUs, "
        f"load average at start {settings['load_average_at_start']}"
    )
    rows = [
        ("a_raw_ctranslate2", "(a) raw CTranslate2, all segments batched"),
        ("b_paragraph_by_paragraph", "(b) paragraph by paragraph (argostranslate)"),
        ("c_publish", "(c) publish, temporary server, net"),
        ("c_publish_running_server", "(c') publish, running server, net"),
        ("d_publish_no_prefect", "(d) publish --no-prefect"),
    ]
    for key, label in rows:
        if key in results:
            rate = results[key]
            cpu = rate.get("cpu_seconds", rate.get("gross_cpu_seconds"))
            extra = "" if cpu is None else f", CPU {cpu:.0f} s{' gross' if 'gross_cpu_seconds' in rate else ''}"
            extra += f", peak {rate['peak_mb']:.0f} MB" if "peak_mb" in rate else ""
            print(f"{label:<46} {rate['segments_per_second']:>8.2f} segments/s  ({rate['seconds']:.1f} s{extra})")
    for name, cost in results["prefect"].items():
        print(
            f"Prefect, {name.replace('_', ' ')}: fixed {cost['fixed_seconds']:.2f} s per run "
            f"(first flow in process {cost['first_flow_in_process_seconds']:.2f} s), "
            f"{cost['per_task_ms']:.1f} ms per task"
        )
    memory, ratios = results["memory"], results["ratios"]
    print(
        f"peak memory of publish: {memory['publish_peak_mb']:.0f} MB; limit = models {memory['models_mb']} MB "
        f"+ {MEMORY_ALLOWANCE_MB} MB = {memory['limit_mb']} MB -> {'ok' if memory['within_limit'] else 'OVER'}"
    )
    c_over_a, b_over_c = ratios["c_publish_over_a"], ratios["b_over_c_publish"]
    print(
        f"(c)/(a) time: {c_over_a:.2f}x (target <= {TARGET_C_OVER_A}) -> "
        f"{'ok' if c_over_a <= TARGET_C_OVER_A else 'MISSED'};  "
        f"(b)/(c) time: {b_over_c:.2f}x (target >= {TARGET_B_OVER_C}) -> "
        f"{'ok' if b_over_c >= TARGET_B_OVER_C else 'MISSED'}"
    )
    if "c_publish_running_server_over_a" in ratios:
        print(
            f"running server: (c')/(a) {ratios['c_publish_running_server_over_a']:.2f}x, "
            f"(b)/(c') {ratios['b_over_c_publish_running_server']:.2f}x"
        )


if __name__ == "__main__":
    raise SystemExit(main())
