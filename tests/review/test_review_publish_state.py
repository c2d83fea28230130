"""``review export``/``review import`` against what the publish actually used (kept in the site index).

A publish run with ``--to`` and ``--glossary`` and a config that names neither; the review is imported from another
working folder. The import must apply, republish the language with the same targets and glossary, and exit 0.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support.sitemaps import sitemap_text
from transpub.cli import main

RELEASE = """---
title: Member States fund an early warning system
date: 2026-05-04
---

Member States will fund an early warning system for coastal communities.

The GCRF will publish the data on Tidewatch.
"""
GLOSSARY = """en,pt,type
GCRF,,keep
Tidewatch,,keep
Member States,Estados-Membros,translate
early warning system,sistema de alerta precoce,translate
"""
SLUG = "member-states-fund-an-early-warning-system"


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    (work / "release.md").write_text(RELEASE, encoding="utf-8")
    (work / "terms.csv").write_text(GLOSSARY, encoding="utf-8")
    (work / "transpub.toml").write_text('[transpub]\nout = "out"\nmemory = "tm.sqlite"\n', encoding="utf-8")
    monkeypatch.chdir(work)
    # Relative paths, as a user types them; the config names no targets and no glossary.
    args = ["publish", "release.md", "--to", "pt", "--engine", "pseudo", "--glossary", "terms.csv"]
    assert main([*args, "--config", "transpub.toml", "--no-prefect"]) == 0
    return work


def report(work: Path) -> dict:
    return json.loads((work / "out" / "reports" / f"{SLUG}.json").read_text(encoding="utf-8"))


def test_import_from_another_folder_republishes_with_the_publishs_targets_and_glossary(
    work: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = str(work / "transpub.toml")
    before = report(work)
    assert Path(before["release"]["source_path"]).is_absolute()
    enforced = {t["source"] for seg in before["languages"]["pt"]["segments"] for t in seg["terms"]}
    assert {"Member States", "early warning system"} <= enforced

    xlf = tmp_path / "review.xlf"
    assert main(["review", "export", SLUG, "--lang", "pt", "--config", config, "-o", str(xlf)]) == 0
    xlf.write_text(xlf.read_text(encoding="utf-8").replace('state="translated"', 'state="final"', 1), encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    capsys.readouterr()

    assert main(["review", "import", str(xlf), "--config", config]) == 0
    out = capsys.readouterr()
    assert f"republished {SLUG}: pt" in out.out, out.err
    after = report(work)
    terms = {t["source"] for seg in after["languages"]["pt"]["segments"] for t in seg["terms"]}
    assert terms == enforced  # the same glossary protected the republish
    assert "approved" in {seg["origin"] for seg in after["languages"]["pt"]["segments"]}
    assert f"/pt/{SLUG}.html" in sitemap_text(work / "out") or after["languages"]["pt"]["status"] == "pseudo"


def set_flags(work: Path, flags: dict[str, tuple[str, list[dict]]]) -> None:
    """Give segments of the pt report the given origin and flags (every other segment: no flag)."""
    path = work / "out" / "reports" / f"{SLUG}.json"
    data = report(work)
    for seg in data["languages"]["pt"]["segments"]:
        origin, seg["flags"] = flags.get(seg["id"], (seg["origin"], []))
        seg["origin"] = origin
    path.write_text(json.dumps(data), encoding="utf-8")


def flag(code: str, severity: str) -> dict:
    return {"code": code, "severity": severity, "message": f"{code} (test)", "span": None}


def test_only_flagged_exports_every_flagged_segment_approved_ones_included(
    work: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The run summary counts a segment as flagged whatever its origin: an approved target can carry an open flag
    # (a mandated term the approval dropped). --only-flagged used to skip those and could write 0 units.
    ids = [seg["id"] for seg in report(work)["languages"]["pt"]["segments"] if seg["origin"] != "kept"]
    set_flags(
        work,
        {
            ids[0]: ("approved", [flag("glossary-mandated-missing", "critical")]),
            ids[1]: ("mt", [flag("length-ratio", "warning")]),
        },
    )
    xlf = tmp_path / "flagged.xlf"
    config = str(work / "transpub.toml")
    assert main(["review", "export", SLUG, "--lang", "pt", "--only-flagged", "--config", config, "-o", str(xlf)]) == 0
    text = xlf.read_text(encoding="utf-8")
    assert text.count("<unit ") == 2
    assert f'<unit id="{ids[0]}">' in text and f'<unit id="{ids[1]}">' in text


def test_an_export_with_nothing_to_review_is_refused_not_written_invalid(
    work: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A language whose reviewers cleared every flag (the report says so): --only-flagged has no unit to write,
    # and an XLIFF 2.1 <file> without a <unit> or <group> is invalid, so nothing is written.
    set_flags(work, {})
    capsys.readouterr()
    out = tmp_path / "x.xlf"
    config = str(work / "transpub.toml")
    rc = main(["review", "export", SLUG, "--lang", "pt", "--only-flagged", "--config", config, "-o", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 2 and not out.exists()
    assert len(err) == 1 and "nothing to export" in err[0]
