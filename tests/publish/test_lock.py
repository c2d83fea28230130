"""The publish lock: two processes on one output folder serialize, and the loser is told who holds it."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
from multiprocessing.synchronize import Event
from pathlib import Path

import pytest

from support.sitemaps import sitemap_text
from transpub.errors import LockedError, PublishError
from transpub.publish import PublishLock
from transpub.publish.lock import LOCK_NAME

# fork: the child runs this module's functions without re-importing the test module by name.
CTX = multiprocessing.get_context("fork")
WAIT = 30  # generous bound on each handshake; never reached when things work


def hold_lock(out: str, held: Event, release: Event) -> None:
    """Child process: take the lock, say so, keep it until told to let go."""
    with PublishLock(out, timeout=WAIT):
        held.set()
        release.wait(WAIT)


def hold_then_write(out: str, held: Event, release: Event, log: str) -> None:
    with PublishLock(out, timeout=WAIT):
        held.set()
        release.wait(WAIT)
        with Path(log).open("a", encoding="utf-8") as f:
            f.write("child\n")


def start_holder(out: Path, target: object = hold_lock, *extra: str) -> tuple[object, Event, Event]:
    held, release = CTX.Event(), CTX.Event()
    proc = CTX.Process(target=target, args=(str(out), held, release, *extra))
    proc.start()
    assert held.wait(WAIT), "child never got the lock"
    return proc, held, release


def test_second_process_gives_up_with_the_holders_pid(tmp_path: Path) -> None:
    proc, _, release = start_holder(tmp_path)
    try:
        messages: list[str] = []
        with pytest.raises(LockedError) as err, PublishLock(tmp_path, timeout=0.2, on_wait=messages.append):
            pass
        text = str(err.value)
        assert f"pid {proc.pid}" in text
        assert "output folder is locked by transpub" in text
        assert "gave up after 0.2 s" in text
        assert text.startswith(str(tmp_path / LOCK_NAME))
        assert len(messages) == 1
        assert f"pid {proc.pid}" in messages[0] and "waiting up to 0.2 s" in messages[0]
    finally:
        release.set()
        proc.join(WAIT)
    assert proc.exitcode == 0


def test_waiter_gets_the_lock_when_the_holder_finishes(tmp_path: Path) -> None:
    log = tmp_path / "order.log"
    proc, _, release = start_holder(tmp_path, hold_then_write, str(log))
    try:
        # Told that it must wait, the parent lets the child finish; it must then get the lock, after the child.
        with PublishLock(tmp_path, timeout=WAIT, on_wait=lambda _msg: release.set()) as lock:
            assert lock.held
            with log.open("a", encoding="utf-8") as f:
                f.write("parent\n")
    finally:
        release.set()
        proc.join(WAIT)
    assert log.read_text(encoding="utf-8") == "child\nparent\n"


def test_a_killed_holder_leaves_no_stale_lock(tmp_path: Path) -> None:
    proc, _, _ = start_holder(tmp_path)
    os.kill(proc.pid, signal.SIGKILL)
    proc.join(WAIT)
    with PublishLock(tmp_path, timeout=0) as lock:
        assert lock.holder().pid == os.getpid()


def test_two_lock_objects_in_one_process_exclude_each_other(tmp_path: Path) -> None:
    messages: list[str] = []
    with PublishLock(tmp_path), pytest.raises(LockedError, match=f"pid {os.getpid()}"):
        PublishLock(tmp_path, timeout=0, on_wait=messages.append).acquire()
    assert messages == []  # no "waiting" line when it will not wait


def test_holder_is_recorded_and_cleared(tmp_path: Path) -> None:
    lock = PublishLock(tmp_path / "new-out")
    lock.acquire()
    try:
        info = json.loads((tmp_path / "new-out" / LOCK_NAME).read_text(encoding="utf-8"))
        assert info["pid"] == os.getpid()
        assert lock.holder().pid == os.getpid()
        assert lock.holder().describe().startswith(f"pid {os.getpid()} on ")
    finally:
        lock.release()
    assert not lock.held
    assert lock.holder() is None
    lock.release()  # releasing twice is harmless
    assert (tmp_path / "new-out" / LOCK_NAME).exists()


def test_acquiring_twice_with_one_object_is_refused(tmp_path: Path) -> None:
    with PublishLock(tmp_path) as lock, pytest.raises(PublishError, match="already held"):
        lock.acquire()


@pytest.mark.parametrize(("timeout", "poll"), [(-1, 0.1), (1, 0)])
def test_bad_timeouts_are_refused(tmp_path: Path, timeout: float, poll: float) -> None:
    with pytest.raises(PublishError, match="must be positive"):
        PublishLock(tmp_path, timeout=timeout, poll_interval=poll)


def test_lock_in_an_unusable_folder_is_a_publish_error(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    with pytest.raises(PublishError, match="cannot open the publish lock"):
        PublishLock(blocker).acquire()


def publish_under_lock(out: str, slug: str, title: str, started: Event) -> None:
    """Child process: what `transpub publish` does around writing, for one release in English and Portuguese."""
    from transpub.languages import parse_language
    from transpub.publish import PageContent, publish_release_pages

    en, pt = parse_language("en"), parse_language("pt")
    pages = [
        PageContent(en, title, None, f"<p>{title}</p>", status="source"),
        PageContent(pt, f"{title} (pt)", None, "<p>Comunidades costeiras e resiliência climática.</p>"),
    ]
    started.set()
    with PublishLock(out, timeout=WAIT):
        publish_release_pages(out, slug, pages, source=en, base_url="https://news.gcrf.example")


def test_two_publishing_processes_both_land(tmp_path: Path) -> None:
    jobs = []
    for slug, title in (("tidewatch", "Tidewatch goes live"), ("declaration", "Port Elizabeth Declaration signed")):
        started = CTX.Event()
        proc = CTX.Process(target=publish_under_lock, args=(str(tmp_path), slug, title, started))
        proc.start()
        jobs.append((proc, started))
    for proc, started in jobs:
        assert started.wait(WAIT)
        proc.join(WAIT)
        assert proc.exitcode == 0
    sitemap = sitemap_text(tmp_path)
    for slug in ("tidewatch", "declaration"):
        for lang in ("en", "pt"):
            assert (tmp_path / lang / f"{slug}.html").is_file()
            assert f"https://news.gcrf.example/{lang}/{slug}.html" in sitemap
    assert sorted(p.name for p in tmp_path.rglob("*.tmp")) == []
