"""Crash safety: SIGKILL a publish at many moments; every page stays old or becomes new, the memory stays whole.

The test publishes a folder of three releases (HTML, Markdown, text) into three languages, alternating between two
versions of the same releases (A and B), in a separate process (:mod:`support.publish_with_engine`) that it kills:

* at chosen write events: the helper announces every ``fsync`` and ``os.replace`` before doing it, so killing
  right after event *k* interrupts the publisher exactly between two steps of its atomic writes;
* at spread-out fractions of a slowed run's duration, which also lands in translation and memory writes.

After every kill: each ``*.html`` page, and the sitemap, is byte-identical to a complete version (A or B) of
that file; no other visible file appeared (temporary files are hidden ``.*.tmp``); every report parses and
describes version A or B; the memory passes ``PRAGMA integrity_check`` and still holds every approved entry.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from xml.etree import ElementTree

import pytest

from support.publish_with_engine import start as helper
from support.publish_with_engine import write_config
from transpub.document import Origin
from transpub.memory.store import TranslationMemory

TARGETS = ("pt", "fr", "ar")
EVENT_KILLS = 12
TIME_KILLS = 8
SLOWED = ("--engine-delay", "0.15", "--write-delay", "0.01")
HELPER_TIMEOUT_S = 120
BASE_URL = "https://news.example.org"  # as write_config sets it
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

HTML_RELEASE = """<!DOCTYPE html>
<html><head><title>GCRF launches Tidewatch</title>
<meta name="description" content="Tidewatch tracks sea levels for coastal communities."></head>
<body>
<h1>GCRF launches Tidewatch</h1>
<p>The <a href="https://gcrf.example.org/tidewatch">Tidewatch</a> platform tracks sea levels at {stations} stations.</p>
<p>Director-General <strong>Amara Okafor</strong> said that Member States must act {when}.</p>
<ul><li>Early warning system pilots run in {countries} countries.</li>
<li>Open data serves coastal communities.</li></ul>
</body></html>
"""

MD_RELEASE = """---
title: Coastal Horizons Initiative expands
slug: coastal-horizons
date: 2026-03-14
---

The **Coastal Horizons Initiative** will expand to {ports} ports by 2030, the GCRF announced on Monday.

## Funding

Member States pledged {pledge} million dollars for climate resilience.

- Internally displaced persons receive housing support.
- Tidewatch data is open to every port authority.
"""

TXT_RELEASE = """Port Elizabeth Declaration signed by Member States

The Port Elizabeth Declaration was signed on {day} by {signatories} Member States.

It commits signatories to an early warning system for coastal communities before 2030.

"This is a turning point for climate resilience," said Amara Okafor.
"""

VERSIONS: Mapping[str, Mapping[str, str]] = {
    "A": {
        "tidewatch.html": HTML_RELEASE.format(stations="1,240", when="now", countries="12"),
        "horizons.md": MD_RELEASE.format(ports="40", pledge="120"),
        "declaration.txt": TXT_RELEASE.format(signatories="31", day="Tuesday"),
    },
    "B": {
        "tidewatch.html": HTML_RELEASE.format(stations="1,310", when="this year", countries="15"),
        "horizons.md": MD_RELEASE.format(ports="44", pledge="135"),
        "declaration.txt": TXT_RELEASE.format(signatories="34", day="Wednesday"),
    },
}

Snapshot = dict[str, bytes]


def run_complete(config: Path, releases: Path, *options: str) -> tuple[list[str], float]:
    """Run the helper to the end; return its stdout lines and wall time. It must succeed."""
    started = time.monotonic()
    proc = helper(config, releases, *options)
    out, err = proc.communicate(timeout=HELPER_TIMEOUT_S)
    assert proc.returncode == 0, f"publish failed ({proc.returncode}): {err}"
    return out.splitlines(), time.monotonic() - started


def visible_files(out: Path) -> Snapshot:
    """Every file a web server would serve: not hidden, not inside a hidden folder."""
    files: Snapshot = {}
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):
            files[rel.as_posix()] = path.read_bytes()
    return files


def pages_and_sitemap(files: Snapshot) -> Snapshot:
    return {name: data for name, data in files.items() if not name.startswith("reports/")}


def sitemap_pages(files: Snapshot) -> set[str]:
    """The release pages the sitemaps list (through the sitemap index), as paths relative to the output folder."""
    index = ElementTree.fromstring(files["sitemap.xml"])
    names = [(loc.text or "").removeprefix(BASE_URL + "/") for loc in index.iter(f"{SITEMAP_NS}loc")]
    pages: set[str] = set()
    for name in names:
        if name != "sitemap-languages.xml":
            root = ElementTree.fromstring(files[name])
            pages |= {(loc.text or "").removeprefix(BASE_URL + "/") for loc in root.iter(f"{SITEMAP_NS}loc")}
    return pages


def release_pages(files: Snapshot) -> list[str]:
    """The release pages among ``files`` (not the language indexes, their archive pages or the root page)."""
    return [
        n for n in files if n.endswith(".html") and "/" in n and n.rsplit("/", 1)[1] != "index.html"
        and not n.rsplit("/", 1)[1].startswith("page-")
    ]  # fmt: skip


def report_hashes(files: Snapshot) -> dict[str, str]:
    """slug -> content hash, from every report in ``files`` (each must be complete JSON)."""
    hashes = {}
    for name, data in files.items():
        if name.startswith("reports/"):
            report = json.loads(data.decode("utf-8"))
            hashes[report["release"]["slug"]] = report["release"]["content_hash"]
    return hashes


def approve_some(memory: Path, config: Path, releases: Path) -> dict[tuple[str, str], str]:
    """Approve the first two segments of every release in every language; return (source, lang) -> target."""
    from transpub.config import load_settings
    from transpub.pipeline.publish import prepare

    batch = prepare([releases], load_settings(config))
    approved = {}
    with TranslationMemory(memory) as tm:
        for sr in batch:
            for seg in sr.segments[:2]:
                for lang in TARGETS:
                    target = f"{seg.source} (aprovado {lang})"
                    tm.approve(seg.source, target, "en", lang, reviewer="kill-test")
                    approved[(seg.source, lang)] = target
    return approved


def check_memory(memory: Path, approved: Mapping[tuple[str, str], str]) -> None:
    conn = sqlite3.connect(memory)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()
    with TranslationMemory(memory) as tm:
        for lang in TARGETS:
            sources = [src for (src, tgt_lang) in approved if tgt_lang == lang]
            found = tm.lookup_many(sources, "en", lang)
            for src in sources:
                entry = found.get(src)
                assert entry is not None, f"approved entry lost: {src!r} -> {lang}"
                assert (entry.origin, entry.target) == (Origin.APPROVED, approved[(src, lang)])


def check_site(out: Path, complete: Sequence[Snapshot], hashes: Sequence[Mapping[str, str]], moment: str) -> None:
    files = visible_files(out)
    served = pages_and_sitemap(files)
    known = set().union(*(set(pages_and_sitemap(c)) for c in complete))
    assert set(served) == known, f"{moment}: served files differ: {sorted(set(served) ^ known)}"
    for name, data in served.items():
        assert any(c.get(name) == data for c in complete), f"{moment}: {name} is neither old nor new (torn write)"
    current = report_hashes(files)
    assert set(current) == set(hashes[0]), f"{moment}: reports {sorted(current)}"
    for slug, content_hash in current.items():
        assert content_hash in {h[slug] for h in hashes}, f"{moment}: report of {slug} describes no run"
    stray = [name for name in files if name not in served and not name.startswith("reports/")]
    assert not stray, f"{moment}: unexpected visible files {stray}"


def kill_at_event(config: Path, releases: Path, event: int) -> int:
    """Start a publish and SIGKILL it right after it announces write event number ``event``."""
    proc = helper(config, releases, "--events", "--write-delay", "0.01")
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith(f"event {event} "):
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.stdout.close()
    proc.wait(timeout=HELPER_TIMEOUT_S)
    assert proc.stderr is not None
    err = proc.stderr.read()
    proc.stderr.close()
    assert proc.returncode in (0, -signal.SIGKILL), f"publish failed on its own: {err}"
    return proc.returncode


def kill_after(config: Path, releases: Path, seconds: float) -> int:
    """Start a slowed publish and SIGKILL it after ``seconds`` (or let it finish if it is faster)."""
    proc = helper(config, releases, *SLOWED, stdout=subprocess.DEVNULL)
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
    _, err = proc.communicate(timeout=HELPER_TIMEOUT_S)
    assert proc.returncode in (0, -signal.SIGKILL), f"publish failed on its own: {err}"
    return proc.returncode


@pytest.mark.slow
def test_sigkill_at_many_moments_leaves_whole_pages_and_memory(tmp_path: Path) -> None:
    folders = {}
    for name, files in VERSIONS.items():
        folders[name] = tmp_path / f"releases-{name}"
        folders[name].mkdir()
        for filename, text in files.items():
            (folders[name] / filename).write_text(text, encoding="utf-8")
    out, memory = tmp_path / "out", tmp_path / "memory.sqlite"
    # "argos" pages are ordinary machine translations (indexed, in the sitemap); the helper's engine stands in.
    config = write_config(
        tmp_path / "transpub.toml", out=out, memory=memory, targets=TARGETS, engine="argos", lock_timeout=30
    )
    approved = approve_some(memory, config, folders["A"])

    # The two complete versions of every file, and how many write events a full publish makes.
    _, slowed = run_complete(config, folders["A"], *SLOWED)
    complete_a = visible_files(out)
    events, _ = run_complete(config, folders["B"], "--events")
    complete_b = visible_files(out)
    event_count = sum(1 for line in events if line.startswith("event "))
    pages_a, pages_b = pages_and_sitemap(complete_a), pages_and_sitemap(complete_b)
    assert len(release_pages(pages_a)) == 3 * (1 + len(TARGETS))
    assert sitemap_pages(complete_a) == sitemap_pages(complete_b) == set(release_pages(pages_a))
    changed = [n for n in release_pages(pages_a) if pages_a[n] != pages_b.get(n)]
    assert len(changed) == len(release_pages(pages_a)), "A and B must differ on every page"
    assert event_count >= len(changed), "every page write must be observable"
    complete = (complete_a, complete_b)
    hashes = (report_hashes(complete_a), report_hashes(complete_b))
    check_memory(memory, approved)

    # Kill points: write events spread over a whole run, and moments spread over the later part of a slowed run
    # (its first part is Python starting up), which also land in translation and memory writes.
    plan = [("event", 1 + round(i * (event_count - 1) / (EVENT_KILLS - 1))) for i in range(EVENT_KILLS)]
    plan += [("time", slowed * (0.4 + 0.65 * i / (TIME_KILLS - 1))) for i in range(TIME_KILLS)]
    killed = 0
    for n, (kind, when) in enumerate(plan):
        releases = folders["AB"[n % 2]]
        if kind == "event":
            rc = kill_at_event(config, releases, int(when))
        else:
            rc = kill_after(config, releases, float(when))
        killed += rc == -signal.SIGKILL
        moment = f"kill {n} ({kind} {when:.2f}, rc {rc})"
        check_site(out, complete, hashes, moment)
        check_memory(memory, approved)
    # A run that had fewer writes to make than the chosen event finishes instead; most must have been killed.
    assert killed >= len(plan) // 2, f"only {killed} of {len(plan)} runs were killed mid-way"

    # A later run repairs everything: the site is exactly version B again.
    run_complete(config, folders["B"])
    assert pages_and_sitemap(visible_files(out)) == pages_b
    check_memory(memory, approved)
