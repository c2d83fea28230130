"""The republish-on-edit flow under Prefect: run artifacts, idempotent runs, schedules and event triggers.

The last two tests start a real ``prefect server start`` on a free loopback port (schedules never fire on Prefect's
temporary server), serve the deployment with ``transpub serve``, edit a release and wait, bounded, for the page.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from transpub.config import load_settings
from transpub.errors import ConfigError

SLUG = "tidewatch-reaches-ten-countries"
RELEASE = "Tidewatch reaches ten countries\n\nThe platform now covers ten countries. Member States welcomed it.\n"
EDITED = "Tidewatch reaches ten countries\n\nThe platform now covers twelve countries. Member States welcomed it.\n"


def make_site(root: Path, *, schedule: str = "interval = 300") -> Path:
    (root / "releases").mkdir(parents=True)
    (root / "releases" / "tidewatch.txt").write_text(RELEASE, encoding="utf-8")
    (root / "transpub.toml").write_text(
        f"""
[transpub]
targets = ["pt", "ar"]
default_engine = "pseudo"
out = "out"
memory = "tm.sqlite"
releases = "releases"

[schedule]
{schedule}
""",
        encoding="utf-8",
    )
    return root / "transpub.toml"


# -- deployment options -----------------------------------------------------------------------------------------


def test_serve_options_take_the_schedule_from_config_unless_overridden(tmp_path: Path) -> None:
    from transpub_flows.deployments import serve_options

    config = make_site(tmp_path, schedule="interval = 45")
    settings = load_settings(config)

    from_config = serve_options(settings, config=config)
    by_cron = serve_options(settings, config=config, cron="*/5 * * * *")

    assert (from_config.interval, from_config.cron, from_config.schedule_text) == (45.0, None, "every 45 s")
    assert dict(from_config.parameters) == {
        "config": str(config.resolve()),
        "releases": str((tmp_path / "releases").resolve()),
    }
    assert (by_cron.interval, by_cron.cron) == (None, "*/5 * * * *")


@pytest.mark.parametrize(
    ("schedule", "kwargs", "message"),
    [
        ("", {}, "no schedule"),
        ("interval = 45", {"interval": 10.0, "cron": "* * * * *"}, "not both"),
        ("", {"cron": "every tuesday"}, "not a valid cron"),
        ("", {"interval": -1.0}, "positive"),
        ("interval = 45", {"releases": "/nonexistent/releases"}, "does not exist"),
    ],
)
def test_serve_options_refuse_bad_schedules(tmp_path: Path, schedule: str, kwargs: dict, message: str) -> None:
    from transpub_flows.deployments import serve_options

    config = make_site(tmp_path, schedule=schedule)
    with pytest.raises(ConfigError, match=message):
        serve_options(load_settings(config), config=config, **kwargs)


def test_serve_refuses_to_start_without_a_prefect_server(tmp_path: Path) -> None:
    config = make_site(tmp_path, schedule="interval = 45")
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    done = subprocess.run(
        [sys.executable, "-m", "transpub.cli", "serve", "--config", str(config)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "transpub: error: serving needs a Prefect server" in done.stderr


# -- events -----------------------------------------------------------------------------------------------------


def test_the_trigger_listens_for_every_transpub_event_on_any_release() -> None:
    from transpub_flows.events import EVENTS, republish_trigger

    trigger = republish_trigger()

    assert set(trigger.expect) == set(EVENTS)
    assert trigger.match.model_dump() == {"prefect.resource.id": "transpub.release.*"}


def test_an_unknown_event_is_refused_before_prefect_is_asked() -> None:
    from transpub_flows.events import EventError, emit

    with pytest.raises(EventError, match="unknown event") as caught:
        emit("transpub.release.renamed", "gcrf-fund")
    assert caught.value.value == "transpub.release.renamed"


def test_an_event_without_a_server_is_reported_not_lost_silently() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "from transpub_flows.events import emit_release_changed; emit_release_changed('x')"],
        env={k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "EventError: no Prefect server to send the event to: set PREFECT_API_URL" in done.stderr


# -- the flow on Prefect's temporary server --------------------------------------------------------------------


def test_each_run_leaves_an_artifact_and_a_second_run_changes_nothing(tmp_path: Path) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
    from prefect.settings import temporary_settings
    from transpub_flows.republish_on_edit import ARTIFACT_KEY, republish_on_edit

    from transpub.commands.runner import flow_settings

    config = make_site(tmp_path)
    out = tmp_path / "out"
    # The temporary server may start slowly on a busy machine; its 20 s default is not a statement about transpub.
    with flow_settings(), temporary_settings(updates={"server.ephemeral.startup_timeout_seconds": 240}):
        first = republish_on_edit(config=str(config))
        times = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
        second = republish_on_edit(config=str(config))
        with get_client(sync_client=True) as client:
            key = ArtifactFilter(key=ArtifactFilterKey(any_=[ARTIFACT_KEY]))
            artifacts = client.read_artifacts(artifact_filter=key)

    assert [c["reason"] for c in first["changed"]] == ["new"]
    assert {row["language"]: row["re-translated"] for row in first["languages"]} == {"pt": 3, "ar": 3}
    assert second["changed"] == [] and second["retranslated"] == 0 and second["pages_written"] == 0
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == times

    tables = sorted((json.loads(a.data) if isinstance(a.data, str) else a.data for a in artifacts), key=len)
    assert len(artifacts) == 2
    assert tables[0] == []  # the run that found nothing to do
    assert {(row["release"], row["language"], row["reused"], row["re-translated"]) for row in tables[1]} == {
        (SLUG, "pt", 0, 3),
        (SLUG, "ar", 0, 3),
    }


# -- a real Prefect server ---------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(what: str, check: Callable[[], bool], *, timeout: float, every: float = 0.5) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(every)
    raise AssertionError(f"gave up after {timeout:g} s waiting for {what}")


def stop(proc: subprocess.Popen) -> None:
    """Stop a process started in its own session, and everything it started (flow-run subprocesses)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """``prefect server start`` on a free loopback port with its own PREFECT_HOME; yields the client env."""
    home = tmp_path_factory.mktemp("prefect-server")
    port = free_port()
    url = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "WARNING",
    }
    env.pop("PREFECT_API_URL", None)
    log = (home / "server.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for("the Prefect server", lambda: healthy(url) or server.poll() is not None, timeout=180)
        assert server.poll() is None, (home / "server.log").read_text(errors="replace")
        client_home = tmp_path_factory.mktemp("prefect-client")
        yield {
            **os.environ,
            "PREFECT_HOME": str(client_home),
            "PREFECT_API_URL": url,
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_RUNNER_POLL_FREQUENCY": "1",
        }
    finally:
        stop(server)
        log.close()


def start_serving(config: Path, env: dict[str, str], *args: str) -> subprocess.Popen:
    log = (config.parent / "serve.log").open("wb")
    return subprocess.Popen(
        [sys.executable, "-m", "transpub.cli", "serve", "--config", str(config), *args],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def page_says(page: Path, text: str) -> bool:
    return page.is_file() and text in page.read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_served_schedule_republishes_an_edited_release(tmp_path: Path, prefect_server: dict[str, str]) -> None:
    config = make_site(tmp_path)
    page = tmp_path / "out" / "en" / f"{SLUG}.html"
    serving = start_serving(config, prefect_server, "--interval", "2", "--name", "scheduled", "--no-events")
    try:
        wait_for("the first scheduled publish", lambda: page_says(page, "ten countries"), timeout=180)
        (tmp_path / "releases" / "tidewatch.txt").write_text(EDITED, encoding="utf-8")
        wait_for("the edit to be republished", lambda: page_says(page, "twelve countries"), timeout=180)
    finally:
        stop(serving)
    assert page_says(tmp_path / "out" / "pt" / f"{SLUG}.html", "ţŵéļṽé")  # pseudo-translated edit


@pytest.mark.slow
def test_a_release_changed_event_triggers_a_republish_at_once(tmp_path: Path, prefect_server: dict[str, str]) -> None:
    # A yearly cron: only the event can start a run within the test's bounded wait.
    config = make_site(tmp_path, schedule='cron = "0 0 1 1 *"')
    page = tmp_path / "out" / "en" / f"{SLUG}.html"
    emit = [
        sys.executable,
        "-c",
        f"from transpub_flows.events import emit_release_changed; emit_release_changed({SLUG!r})",
    ]
    serving = start_serving(config, prefect_server, "--name", "on-event")
    try:
        # The trigger exists once the deployment is registered; until then an event finds no listener, so emit
        # again every 10 s (as a CMS would on its next save) until a run publishes the page.
        deadline = time.monotonic() + 180
        while not page_says(page, "ten countries"):
            assert time.monotonic() < deadline, "no publish within 180 s of emitting transpub.release.changed"
            subprocess.run(emit, env=prefect_server, check=True, capture_output=True, timeout=60)
            with contextlib.suppress(AssertionError):
                wait_for("the page", lambda: page_says(page, "ten countries"), timeout=10)
    finally:
        stop(serving)


@pytest.mark.slow
def test_the_prefect_yaml_deployment_registers_schedule_and_trigger(
    repo_root: Path, prefect_server: dict[str, str]
) -> None:
    prefect = [sys.executable, "-m", "prefect"]
    subprocess.run(
        [*prefect, "work-pool", "create", "transpub", "--type", "process", "--overwrite"],
        env=prefect_server,
        check=True,
        capture_output=True,
        timeout=120,
    )
    deployed = subprocess.run(
        [*prefect, "--no-prompt", "deploy", "--name", "transpub-republish"],
        cwd=repo_root,
        env={**prefect_server, "PWD": str(repo_root)},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr

    from prefect.client.orchestration import SyncPrefectClient

    with SyncPrefectClient(prefect_server["PREFECT_API_URL"]) as client:
        deployment = client.read_deployment_by_name("republish-on-edit/transpub-republish")
        automations = client.read_resource_related_automations(f"prefect.deployment.{deployment.id}")
    assert deployment.entrypoint == "flows/republish_on_edit.py:republish_on_edit"
    assert deployment.work_pool_name == "transpub"
    assert [s.schedule.interval.total_seconds() for s in deployment.schedules] == [300]
    assert [a.name for a in automations] == ["transpub-republish-on-event"]
    assert set(automations[0].trigger.expect) == {
        "transpub.release.changed",
        "transpub.release.deleted",
        "transpub.glossary.changed",
        "transpub.review.approved",
    }
