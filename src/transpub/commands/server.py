"""``transpub server start|stop|status [--config FILE]``: a local Prefect server in the background, for every publish.

Prefect's temporary per-run server costs seconds and a second process of about 200 MB on every publish. This command
keeps one server running instead, with its own home (``[orchestration] server_home``, default
``.transpub/prefect`` beside the config), port (``server_port``, default 4270), PID file and log; ``publish`` uses it
whenever it answers, and starts it on demand when ``[orchestration] server = true``. Without it, and without a
``PREFECT_API_URL`` of the user's own, a publish falls back to a temporary server of its own that dies with it
(:func:`temporary_server`: ``PR_SET_PDEATHSIG``, so a killed publish orphans nothing).

Nothing here imports Prefect: the server runs in a child process, and health is one HTTP request.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from transpub.config import OrchestrationSettings, load_settings
from transpub.errors import OrchestrationError

STARTUP_TIMEOUT = 180.0  # a first start migrates the database: slow on a busy two-core machine
_PR_SET_PDEATHSIG = 1


def healthy(api_url: str, *, timeout: float = 2.0) -> bool:
    """Whether a Prefect API answers ``/health`` at ``api_url`` (``http://host:port/api``)."""
    try:
        with urllib.request.urlopen(f"{api_url.rstrip('/')}/health", timeout=timeout) as response:  # noqa: S310
            return bool(response.status == 200)
    except (OSError, ValueError):
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _server_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_UI_ENABLED="false",
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_SERVER_LOGGING_LEVEL="WARNING",
        PREFECT_LOGGING_LEVEL="WARNING",
    )
    return env


def _wait_healthy(api_url: str, proc: subprocess.Popen[bytes], log: Path | None, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if healthy(api_url):
            return
        if proc.poll() is not None:
            break
        time.sleep(0.2)
    tail = ""
    if log is not None and log.exists():
        tail = " | ".join(log.read_text(errors="replace").strip().splitlines()[-3:])
    proc.kill()
    raise OrchestrationError(f"the Prefect server at {api_url} did not start{': ' + tail if tail else ''}")


@dataclass(frozen=True)
class LocalServer:
    """The background server of ``transpub server``: a home folder, a loopback port, a PID file."""

    home: Path
    port: int

    @classmethod
    def from_settings(cls, orchestration: OrchestrationSettings) -> LocalServer:
        home = orchestration.server_home or Path(".transpub/prefect").resolve()
        return cls(home=home, port=orchestration.server_port)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    @property
    def pid_file(self) -> Path:
        return self.home / "transpub-server.pid"

    @property
    def log_file(self) -> Path:
        return self.home / "server.log"

    def pid(self) -> int | None:
        """The server's PID when its PID file names a live process."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        return pid if _alive(pid) else None

    def running(self) -> bool:
        return self.pid() is not None and healthy(self.api_url)

    def start(self, *, timeout: float = STARTUP_TIMEOUT) -> str:
        """Start the server unless it runs already; returns its API URL once it answers."""
        if self.running():
            return self.api_url
        if self.pid() is None and healthy(self.api_url, timeout=0.5):
            raise OrchestrationError(f"port {self.port} is taken by another server; set [orchestration] server_port")
        self.home.mkdir(parents=True, exist_ok=True)
        with self.log_file.open("ab") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(self.port)],
                env=_server_env(self.home),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: outlives the command, stopped as a whole
                cwd=self.home,
            )
        self.pid_file.write_text(f"{proc.pid}\n")
        try:
            _wait_healthy(self.api_url, proc, self.log_file, timeout)
        except OrchestrationError:
            self.pid_file.unlink(missing_ok=True)
            raise
        return self.api_url

    def stop(self, *, timeout: float = 20.0) -> bool:
        """Stop the server and everything it started; ``False`` when none was running."""
        pid = self.pid()
        self.pid_file.unlink(missing_ok=True)
        if pid is None:
            return False
        for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 5.0)):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, sig)
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline and _alive(pid):
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(pid, os.WNOHANG)
                time.sleep(0.1)
            if not _alive(pid):
                break
        return True


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _die_with_parent(parent: int) -> Callable[[], None]:
    def preexec() -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)

    return preexec


@contextlib.contextmanager
def temporary_server(*, timeout: float = STARTUP_TIMEOUT) -> Iterator[str]:
    """Prefect's temporary API server for one run, as a child that the kernel kills when this process dies.

    The same command Prefect's own temporary server runs (uvicorn on the Prefect app, the user's ``PREFECT_HOME``),
    but started with ``PR_SET_PDEATHSIG``: a SIGKILL of the publish takes the server with it.
    """
    spec = importlib.util.find_spec("prefect")
    if spec is None or not spec.submodule_search_locations:
        raise OrchestrationError("Prefect is not installed: run with --no-prefect")
    app_dir = Path(next(iter(spec.submodule_search_locations))).parent
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(PREFECT_UI_ENABLED="0", PREFECT__SERVER_EPHEMERAL="1", PREFECT__SERVER_FINAL="1")
    command = [sys.executable, "-m", "uvicorn", "--app-dir", str(app_dir), "--factory"]
    command += ["prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--log-level", "error", "--lifespan", "on"]
    # preexec_fn: prctl must run in the child, before exec; no other thread runs yet when a publish starts it.
    proc = subprocess.Popen(
        command,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=_die_with_parent(os.getpid()),
    )
    try:
        _wait_healthy(api_url, proc, None, timeout)
        yield api_url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# -- the command ---------------------------------------------------------------------------------------------------


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "server",
        help="start, stop or check the local background Prefect server that publishes use",
        description=(
            "Run a local Prefect server in the background (its own home folder, port and PID file, from "
            "[orchestration]); every Prefect publish uses it, so none pays for a temporary server."
        ),
    )
    p.add_argument("action", choices=("start", "stop", "status", "deploy"), help="deploy: work-pool deployments")
    p.add_argument("--config", help="config file (default: config/transpub.toml when it exists)")
    p.add_argument("--pool", default="transpub", help="process work pool for `deploy` (default: transpub)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    config = args.config or (str(Path("config/transpub.toml")) if Path("config/transpub.toml").exists() else None)
    server = LocalServer.from_settings(load_settings(config).orchestration)
    if args.action == "deploy":
        return deploy(server, args.pool, config)
    if args.action == "start":
        was_running = server.running()
        url = server.start()
        print(f"transpub: Prefect server {'already running' if was_running else 'started'} at {url}")
        print(f"transpub: home {server.home}, log {server.log_file}; stop it with `transpub server stop`")
        return 0
    if args.action == "stop":
        print("transpub: Prefect server stopped" if server.stop() else "transpub: no Prefect server was running")
        return 0
    if server.running():
        print(f"transpub: Prefect server running at {server.api_url} (pid {server.pid()}, home {server.home})")
        return 0
    print(f"transpub: no Prefect server running (would listen at {server.api_url}, home {server.home})")
    return 3


def deploy(server: LocalServer, pool: str, config: str | None) -> int:
    """Create the process work pool and its deployments on ``PREFECT_API_URL``, else on this local server."""
    url = os.environ.get("PREFECT_API_URL") or server.start()
    if not healthy(url, timeout=5):
        raise OrchestrationError(f"cannot reach the Prefect API at {url}")
    os.environ["PREFECT_API_URL"] = url
    from transpub_flows.pools import deploy as deploy_pool

    for name in deploy_pool(pool, config=config):
        print(f"transpub: deployment {name} on work pool {pool!r} at {url}")
    print(f"transpub: start workers with `PREFECT_API_URL={url} prefect worker start --pool {pool}`")
    return 0
