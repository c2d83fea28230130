"""The Prefect flow runs the shared orchestration; only decoding is a task, one per chunk (never per segment)."""

from __future__ import annotations

import time
from pathlib import Path

import html5lib
import pytest


@pytest.mark.slow
def test_publish_release_flow(prefect_harness: None, tmp_path: Path) -> None:
    from prefect.client.orchestration import get_client
    from transpub_flows.publish_release import publish_release

    release = tmp_path / "r.txt"
    release.write_text(
        "Tidewatch goes live\n\nThe Tidewatch platform went live today. Dr. Okafor welcomed it.\n", encoding="utf-8"
    )
    cfg = tmp_path / "t.toml"
    cfg.write_text('[transpub]\ntargets=["fr","ar"]\ndefault_engine="pseudo"\nout="out"\nmemory="tm.sqlite"\n')
    summary = publish_release([str(release)], config=str(cfg))
    (rel,) = summary["releases"]
    assert rel["slug"] == "tidewatch-goes-live"
    assert set(rel["languages"]) == {"fr", "ar"}
    for lang in ("en", "fr", "ar"):
        page = tmp_path / "out" / lang / "tidewatch-goes-live.html"
        html5lib.HTMLParser(strict=True).parse(page.read_text(encoding="utf-8"))

    # Task runs reach the API through events, a moment after the flow returns: poll, bounded.
    deadline = time.monotonic() + 30
    while True:
        with get_client(sync_client=True) as client:
            names = sorted(r.name.rsplit("-", 1)[0] for r in client.read_task_runs())
        if len(names) >= 2 or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    # Only decoding is a task (plain strings in, plain strings out), one per chunk of a language; reading, memory,
    # checks and writing run in the flow on the publishing host.
    assert set(names) == {"decode"}
    assert len(names) == 2  # a small release: one chunk per language
