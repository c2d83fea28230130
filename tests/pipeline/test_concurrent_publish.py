"""Concurrent publishes on one output folder and one memory: they take turns, and no page mixes two runs.

A publish that must be held mid-write runs in :mod:`support.publish_with_engine` with ``--gate``: it stops at its
first write, *inside* the output folder's lock, until the test creates the gate file. The other publish is the real
``transpub publish`` command. Nothing here depends on timing: each step waits for a line the other process prints.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from support.publish_with_engine import env_with_tests, start, write_config

TARGETS = ("pt", "fr", "ar")
PROCESS_TIMEOUT_S = 300

RELEASES: Mapping[str, Mapping[str, str]] = {
    "A": {
        "tidewatch.txt": (
            "GCRF launches Tidewatch\n\nTidewatch tracks sea levels at 1,240 stations.\n\n"
            "Coastal communities can read the data for free.\n"
        ),
        "horizons.md": (
            "---\ntitle: Coastal Horizons Initiative expands\ndate: 2026-03-14\n---\n\n"
            "The **Coastal Horizons Initiative** grows to 40 ports.\n\nMember States pledged 120 million dollars.\n"
        ),
    },
    "B": {
        "tidewatch.txt": (
            "GCRF launches Tidewatch\n\nTidewatch tracks sea levels at 1,310 stations.\n\n"
            "Coastal communities can download the data for free.\n"
        ),
        "horizons.md": (
            "---\ntitle: Coastal Horizons Initiative expands\ndate: 2026-03-14\n---\n\n"
            "The **Coastal Horizons Initiative** grows to 44 ports.\n\nMember States pledged 135 million dollars.\n"
        ),
    },
}


def start_helper(config: Path, releases: Path, *options: str) -> subprocess.Popen[str]:
    """A publish through the test engine (``SlowEngine``) in its own process."""
    return start(config, releases, *options)


def start_cli(config: Path, releases: Path, *, prefect: bool = False) -> subprocess.Popen:
    """The real ``transpub publish`` command."""
    args = [sys.executable, "-m", "transpub.cli", "publish", str(releases), "--config", str(config), "--replace-slug"]
    if not prefect:
        args.append("--no-prefect")
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env_with_tests())


def finish(proc: subprocess.Popen) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=PROCESS_TIMEOUT_S)
    return proc.returncode, out, err


def read_until(stream: Iterator[str], needle: str) -> list[str]:
    """Lines of ``stream`` up to and including the first that contains ``needle`` (all of them if none does)."""
    seen = []
    for line in stream:
        seen.append(line)
        if needle in line:
            break
    return seen


def served_pages(out: Path) -> dict[str, bytes]:
    """The release pages (not the language indexes and their archive pages)."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.glob("*/*.html"))
        if not p.name.startswith(".")
        and not p.parent.name.startswith(".")
        and p.name != "index.html"
        and not p.name.startswith("page-")
    }


def integrity(memory: Path) -> list[tuple[str]]:
    conn = sqlite3.connect(memory)
    try:
        return conn.execute("PRAGMA integrity_check").fetchall()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("releases")
    folders = {}
    for name, files in RELEASES.items():
        folders[name] = root / name
        folders[name].mkdir()
        for filename, text in files.items():
            (folders[name] / filename).write_text(text, encoding="utf-8")
    return folders


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory, releases: dict[str, Path]) -> dict[str, dict[str, bytes]]:
    """The complete pages of each kind of run, each published alone into its own folder."""
    pages = {}
    for kind, name in (("helper", "A"), ("cli", "A"), ("cli", "B")):
        root = tmp_path_factory.mktemp(f"ref-{kind}-{name}")
        config = write_config(root / "t.toml", out=root / "out", memory=root / "tm.sqlite", targets=TARGETS)
        proc = start_helper(config, releases[name]) if kind == "helper" else start_cli(config, releases[name])
        rc, _, err = finish(proc)
        assert rc == 0, err
        pages[f"{kind}-{name}"] = served_pages(root / "out")
        assert len(pages[f"{kind}-{name}"]) == 2 * (1 + len(TARGETS))
    assert len({tuple(sorted(p.items())) for p in pages.values()}) == len(pages), "the three runs must differ"
    return pages


def hold_lock(config: Path, releases: Path, gate: Path) -> subprocess.Popen:
    """Start a publish and return once it is stopped at its first write, holding the output folder's lock."""
    holder = start_helper(config, releases, "--gate", str(gate))
    assert holder.stdout is not None
    lines = read_until(holder.stdout, "paused")
    assert lines and lines[-1].strip() == "paused", f"holder never reached its first write: {lines}"
    return holder


def test_second_publish_waits_for_the_lock_with_a_message_then_both_finish(
    tmp_path: Path, releases: dict[str, Path], reference: dict[str, dict[str, bytes]]
) -> None:
    out, memory, gate = tmp_path / "out", tmp_path / "tm.sqlite", tmp_path / "go"
    config = write_config(tmp_path / "t.toml", out=out, memory=memory, targets=TARGETS, lock_timeout=PROCESS_TIMEOUT_S)
    holder = hold_lock(config, releases["A"], gate)
    waiter = start_cli(config, releases["B"])
    assert waiter.stderr is not None
    waited = read_until(waiter.stderr, "waiting")
    gate.touch()

    rc_holder, _, err_holder = finish(holder)
    rc_waiter, _, err_waiter = finish(waiter)
    assert (rc_holder, rc_waiter) == (0, 0), err_holder + "".join(waited) + err_waiter
    message = waited[-1]
    assert "waiting" in message and f"pid {holder.pid}" in message, message
    assert str(out) in message
    # The waiter wrote last, and whole: every page is its run's page, none is the holder's or a mixture.
    assert served_pages(out) == reference["cli-B"]
    assert integrity(memory) == [("ok",)]


def test_publish_that_cannot_get_the_lock_fails_clearly_and_writes_nothing(
    tmp_path: Path, releases: dict[str, Path], reference: dict[str, dict[str, bytes]]
) -> None:
    out, memory, gate = tmp_path / "out", tmp_path / "tm.sqlite", tmp_path / "go"
    patient = write_config(tmp_path / "patient.toml", out=out, memory=memory, targets=TARGETS)
    hasty = write_config(tmp_path / "hasty.toml", out=out, memory=memory, targets=TARGETS, lock_timeout=0.5)
    holder = hold_lock(patient, releases["A"], gate)
    try:
        rc, stdout, stderr = finish(start_cli(hasty, releases["B"]))
        pages_while_held = served_pages(out)
    finally:
        gate.touch()
    rc_holder, _, err_holder = finish(holder)

    assert rc == 2, stderr
    errors = [line for line in stderr.splitlines() if line.startswith("transpub: error:")]
    assert len(errors) == 1, stderr
    assert "lock" in errors[0] and f"pid {holder.pid}" in errors[0] and "0.5" in errors[0], errors[0]
    assert "Traceback" not in stderr
    assert stdout == ""
    assert pages_while_held == {}, "the refused publish must not write a page"
    assert rc_holder == 0, err_holder
    assert served_pages(out) == reference["helper-A"]
    assert integrity(memory) == [("ok",)]


def test_two_unsynchronised_publishes_both_finish_and_no_page_mixes_runs(
    tmp_path: Path, releases: dict[str, Path], reference: dict[str, dict[str, bytes]]
) -> None:
    out, memory = tmp_path / "out", tmp_path / "tm.sqlite"
    config = write_config(tmp_path / "t.toml", out=out, memory=memory, targets=TARGETS)
    runs = [start_cli(config, releases[name]) for name in ("A", "B")]
    results = [finish(proc) for proc in runs]
    assert [rc for rc, _, _ in results] == [0, 0], [err for _, _, err in results]
    final = served_pages(out)
    # The lock serialises whole runs, so the last writer's pages are all there is.
    assert final in (reference["cli-A"], reference["cli-B"])
    assert integrity(memory) == [("ok",)]


@pytest.mark.slow
def test_prefect_publish_waits_for_a_running_publish_and_both_finish(
    tmp_path: Path, releases: dict[str, Path], reference: dict[str, dict[str, bytes]]
) -> None:
    """The one test that runs ``transpub publish`` through Prefect (the others use ``--no-prefect``)."""
    out, memory, gate = tmp_path / "out", tmp_path / "tm.sqlite", tmp_path / "go"
    config = write_config(tmp_path / "t.toml", out=out, memory=memory, targets=TARGETS, lock_timeout=PROCESS_TIMEOUT_S)
    holder = hold_lock(config, releases["A"], gate)
    waiter = start_cli(config, releases["B"], prefect=True)
    assert waiter.stderr is not None
    waited = read_until(waiter.stderr, "waiting")
    gate.touch()

    rc_holder, _, err_holder = finish(holder)
    rc_waiter, summary, err_waiter = finish(waiter)
    assert (rc_holder, rc_waiter) == (0, 0), err_holder + "".join(waited) + err_waiter
    assert f"pid {holder.pid}" in waited[-1], "".join(waited)
    assert "done in" in summary
    assert served_pages(out) == reference["cli-B"]
    assert integrity(memory) == [("ok",)]
