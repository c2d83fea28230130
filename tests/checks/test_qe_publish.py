"""Quality estimation wired into publishing: ``[checks.qe] estimate = true`` puts back-translations and per-check
flag counts into the report. The engine is the pseudo engine under another name: it serves every pair, so the
reverse call is made, and the checks read it as MT (linguistic checks are not run on real pseudo-translations)."""

from __future__ import annotations

import json
from pathlib import Path

from transpub.config import settings_from_mapping
from transpub.engines.pseudo import PseudoEngine
from transpub.pipeline.publish import publish_releases

RELEASE = """\
---
title: GCRF opens a regional early warning centre
slug: early-warning-centre
---

“Ten volunteers will run it,” Ms Haddad said. The summit in Lisbon welcomed the centre.
"""


class PseudoAsMachine(PseudoEngine):
    name = "pseudo-as-mt"


def publish(tmp_path: Path, qe: dict[str, object]) -> dict[str, object]:
    (tmp_path / "releases").mkdir()
    (tmp_path / "releases" / "centre.md").write_text(RELEASE, encoding="utf-8")
    data = {
        "transpub": {"targets": ["fr"], "out": "out", "memory": "", "base_url": "https://news.example.org"},
        "languages": {"fr": {"engine": "pseudo"}},
        "checks": {"qe": qe},
    }
    engines = {"pseudo": PseudoAsMachine()}
    publish_releases([tmp_path / "releases"], settings_from_mapping(data, base_dir=tmp_path), engines=engines)
    return json.loads((tmp_path / "out" / "reports" / "early-warning-centre.json").read_text(encoding="utf-8"))


def test_estimate_adds_back_translations_and_the_report_counts_flags_per_check(tmp_path: Path) -> None:
    report = publish(tmp_path, {"estimate": True})
    fr = report["languages"]["fr"]
    backs = [s.get("back_translation") for s in fr["segments"]]
    assert all(backs) and len(backs) == 3  # title + two sentences, each translated back (pseudo fr -> en)
    counts = fr["flag_counts"]
    flags = [f["code"] for s in fr["segments"] for f in s["flags"]]
    assert counts == {code: flags.count(code) for code in set(flags)}
    assert counts.get("roundtrip-divergent", 0) >= 1  # a pseudo-translation read back is far from the source


def test_without_estimate_there_is_no_back_translation(tmp_path: Path) -> None:
    report = publish(tmp_path, {})
    fr = report["languages"]["fr"]
    assert not any("back_translation" in s for s in fr["segments"])
    assert "roundtrip-divergent" not in fr.get("flag_counts", {})


def test_a_pseudo_translation_gets_no_linguistic_flags(tmp_path: Path) -> None:
    """The same release through the real pseudo engine: its accented spelling is no language, so neither the
    linguistic checks nor the number-word comparison ("Ten") may flag it."""
    from transpub.checks.ids import NOT_FOR_PSEUDO

    data = {
        "transpub": {"targets": ["fr"], "out": "out", "memory": "", "base_url": "https://news.example.org"},
        "languages": {"fr": {"engine": "pseudo"}},
        "checks": {"qe": {"estimate": True}},
    }
    (tmp_path / "releases").mkdir()
    (tmp_path / "releases" / "centre.md").write_text(RELEASE, encoding="utf-8")
    publish_releases([tmp_path / "releases"], settings_from_mapping(data, base_dir=tmp_path))
    report = json.loads((tmp_path / "out" / "reports" / "early-warning-centre.json").read_text(encoding="utf-8"))
    codes = {f["code"] for s in report["languages"]["fr"]["segments"] for f in s["flags"]}
    assert not codes & NOT_FOR_PSEUDO
    assert "number-mismatch" not in codes
