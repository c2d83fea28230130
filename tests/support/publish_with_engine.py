"""Run one publish in its own process with a test engine and an observable, optionally slowed, disk.

Crash and lock tests launch this module in a subprocess (``python -m support.publish_with_engine``, with ``tests/``
on ``PYTHONPATH``) so they can SIGKILL it, or hold it, at a chosen moment of a real publish::

    python -m support.publish_with_engine --config run.toml --engine-delay 0.2 --write-delay 0.01 --events REL...

It reads the config like ``transpub publish`` does, plugs :class:`~support.fakes.SlowEngine` in under every
engine name the config uses, and calls :func:`transpub.pipeline.publish.publish_releases`.

Fault injection: with ``--events``, every ``os.fsync`` and ``os.replace`` of the process (the publisher's atomic
writes; SQLite does its own I/O in C and is untouched) prints one line ``event N KIND PATH`` on stdout *before* it
happens, then sleeps ``--write-delay`` seconds, so a test that kills the process right after reading event N
interrupts it exactly there. ``--gate FILE`` stops at the first event until FILE exists: the process then holds
the output folder's lock for as long as the test wants. The process prints ``done`` on stdout when the publish
returned, and exits 2 with one ``error:`` line on stderr for a :class:`~transpub.errors.TranspubError`.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from support.fakes import SlowEngine

GATE_POLL_S = 0.02
TESTS = Path(__file__).resolve().parents[1]


def env_with_tests() -> dict[str, str]:
    """This process's environment with ``tests/`` on ``PYTHONPATH``, so a child can import ``support``."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(TESTS), env.get("PYTHONPATH", "")) if p)
    return env


def start(config: Path, releases: Path, *options: str, stdout: int | None = subprocess.PIPE) -> subprocess.Popen[str]:
    """This module's publish in its own process; ``--replace-slug``, because tests alternate between folders
    holding two versions of the same releases, so each run takes the slugs over."""
    args = [sys.executable, "-m", "support.publish_with_engine", "--config", str(config), "--replace-slug"]
    return subprocess.Popen(
        [*args, *options, str(releases)],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env=env_with_tests(),
    )


def write_config(
    path: Path,
    *,
    out: Path,
    memory: Path,
    targets: Sequence[str] = ("pt", "fr", "ar"),
    engine: str = "pseudo",
    lock_timeout: float = 60.0,
    max_release_bytes: int = 2_000_000,
) -> Path:
    """Write a minimal transpub config for a test run (``engine`` for every target) and return its path.

    >>> import tempfile
    >>> tmp = Path(tempfile.mkdtemp())
    >>> from transpub.config import load_settings
    >>> s = load_settings(write_config(tmp / "c.toml", out=tmp / "out", memory=tmp / "tm.sqlite", lock_timeout=0.5))
    >>> [ls.lang.tag for ls in s.languages], s.lock_timeout, s.out == tmp / "out"
    (['pt', 'fr', 'ar'], 0.5, True)
    """
    lines = [
        "[transpub]",
        'source = "en"',
        f"targets = {json.dumps(list(targets))}",
        f"default_engine = {json.dumps(engine)}",
        f"out = {json.dumps(str(out))}",
        f"memory = {json.dumps(str(memory))}",
        'base_url = "https://news.example.org"',
        f"lock_timeout = {float(lock_timeout)!r}",
        f"max_release_bytes = {int(max_release_bytes)}",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class WriteObserver:
    """Wraps ``os.fsync`` and ``os.replace``: announce each call on stdout, optionally wait, then perform it."""

    def __init__(self, *, delay: float, gate: Path | None) -> None:
        self.delay = delay
        self.gate = gate
        self.count = 0

    def _event(self, kind: str, where: str) -> None:
        self.count += 1
        print(f"event {self.count} {kind} {where}", flush=True)
        if self.gate is not None and self.count == 1:
            print("paused", flush=True)
            while not self.gate.exists():
                time.sleep(GATE_POLL_S)
        if self.delay > 0:
            time.sleep(self.delay)

    def wrap_fsync(self, original: Callable[[int], None]) -> Callable[[int], None]:
        def fsync(fd: int) -> None:
            try:
                where = os.readlink(f"/proc/self/fd/{fd}")
            except OSError:
                where = f"fd:{fd}"
            self._event("fsync", where)
            original(fd)

        return fsync

    def wrap_replace(self, original: Callable[..., None]) -> Callable[..., None]:
        def replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
            self._event("replace", os.fspath(dst))
            original(src, dst, *args, **kwargs)

        return replace

    def install(self) -> None:
        """Patch the ``os`` module of this process (the helper's whole reason to run in its own process)."""
        os.fsync = self.wrap_fsync(os.fsync)
        os.replace = self.wrap_replace(os.replace)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="publish_with_engine", description=__doc__.splitlines()[0])
    parser.add_argument("releases", nargs="+")
    parser.add_argument("--config", required=True, help="a transpub TOML config")
    parser.add_argument("--engine-delay", type=float, default=0.0, help="seconds per engine batch")
    parser.add_argument("--write-delay", type=float, default=0.0, help="seconds after each fsync/replace")
    parser.add_argument("--events", action="store_true", help="announce every fsync/replace on stdout")
    parser.add_argument("--gate", type=Path, help="stop at the first write until this file exists")
    parser.add_argument("--replace-slug", action="store_true", help="as transpub publish --replace-slug")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    from transpub.config import load_settings
    from transpub.errors import TranspubError
    from transpub.pipeline.publish import publish_releases

    args = parse_args(argv)
    if args.events or args.gate is not None or args.write_delay > 0:
        WriteObserver(delay=args.write_delay, gate=args.gate).install()
    try:
        settings = load_settings(args.config)
        engine = SlowEngine(delay=args.engine_delay)
        engines = {ls.engine: engine for ls in settings.languages}
        if args.replace_slug:
            settings = dataclasses.replace(settings, site=dataclasses.replace(settings.site, replace_slugs=True))
        publish_releases(
            args.releases,
            settings,
            engines=engines,
            progress=lambda line: print(f"progress: {line}", file=sys.stderr, flush=True),
        )
    except TranspubError as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        return 2
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
