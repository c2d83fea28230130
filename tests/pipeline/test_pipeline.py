"""The library pipeline end to end (no Prefect): pages, report, memory reuse, gate, and failing before writing."""

from __future__ import annotations

import json
from pathlib import Path

import html5lib
import pytest

from support.fakes import CountingEngine
from transpub.config import settings_from_mapping
from transpub.errors import LanguageError, ModelNotInstalledError, ReleaseError
from transpub.pipeline.publish import publish_releases

RELEASE = """\
---
title: GCRF opens a regional early warning centre
date: 2026-03-14
slug: early-warning-centre
summary: A new centre will serve coastal communities in three countries.
---

The **Global Coastal Resilience Fund** opened a centre in Maputo on Monday. Mr. Okafor thanked the Member States.

It will reach 40,000 people by 2027. More at [our site](https://news.example.org/centre).
"""


def make_settings(tmp_path: Path, *, targets: dict[str, dict[str, str]], memory: bool = True) -> object:
    data = {
        "transpub": {
            "targets": list(targets),
            "out": "out",
            "memory": "tm.sqlite" if memory else "",
            "base_url": "https://news.example.org",
        },
        "languages": targets,
    }
    return settings_from_mapping(data, base_dir=tmp_path)


@pytest.fixture
def release(tmp_path: Path) -> Path:
    p = tmp_path / "releases" / "centre.md"
    p.parent.mkdir()
    p.write_text(RELEASE, encoding="utf-8")
    return p


def test_publishes_every_language_with_report(tmp_path: Path, release: Path) -> None:
    settings = make_settings(tmp_path, targets={"fr": {"engine": "pseudo"}, "ar": {"engine": "pseudo"}})
    result = publish_releases([release.parent], settings)
    out = tmp_path / "out"
    for lang in ("en", "fr", "ar"):
        page = out / lang / "early-warning-centre.html"
        assert page.exists(), lang
        html5lib.HTMLParser(strict=True).parse(page.read_text(encoding="utf-8"))
    assert 'dir="rtl"' in (out / "ar" / "early-warning-centre.html").read_text(encoding="utf-8")
    report = json.loads((out / "reports" / "early-warning-centre.json").read_text(encoding="utf-8"))
    assert set(report["languages"]) == {"fr", "ar"}
    fr = report["languages"]["fr"]
    assert fr["status"] == "pseudo"
    assert {s["origin"] for s in fr["segments"]} <= {"mt", "kept"}
    assert any(s["id"] == "title" for s in fr["segments"])
    assert (out / "sitemap.xml").exists()
    assert result.machine_translated["fr"] > 0


def test_second_publish_reuses_memory(tmp_path: Path, release: Path) -> None:
    settings = make_settings(tmp_path, targets={"es": {"engine": "argos"}, "de": {"engine": "argos"}})
    engine = CountingEngine()
    publish_releases([release], settings, engines={"argos": engine})
    first = len(engine.asked())
    assert first > 0
    publish_releases([release], settings, engines={"argos": engine})
    assert len(engine.asked()) == first  # nothing new was sent
    report = json.loads((tmp_path / "out" / "reports" / "early-warning-centre.json").read_text(encoding="utf-8"))
    origins = {s["origin"] for s in report["languages"]["es"]["segments"]}
    assert origins <= {"memory", "kept"}


def test_edited_sentence_is_the_only_one_translated_again(tmp_path: Path, release: Path) -> None:
    settings = make_settings(tmp_path, targets={"es": {"engine": "argos"}, "de": {"engine": "argos"}})
    engine = CountingEngine()
    publish_releases([release], settings, engines={"argos": engine})
    engine.batches.clear()
    release.write_text(RELEASE.replace("40,000 people", "45,000 people"), encoding="utf-8")
    publish_releases([release], settings, engines={"argos": engine})
    assert len(engine.asked("es")) == 1 and len(engine.asked("de")) == 1
    assert "45,000" in engine.asked("es")[0]


def test_approved_wording_wins_and_page_says_reviewed(tmp_path: Path, release: Path) -> None:
    from transpub.memory.store import TranslationMemory

    settings = make_settings(tmp_path, targets={"es": {"engine": "argos"}})
    engine = CountingEngine()
    publish_releases([release], settings, engines={"argos": engine})
    report = json.loads((tmp_path / "out" / "reports" / "early-warning-centre.json").read_text(encoding="utf-8"))
    with TranslationMemory(tmp_path / "tm.sqlite") as tm:
        for seg in report["languages"]["es"]["segments"]:
            if seg["origin"] != "kept":
                tm.approve(seg["source"], seg["target"].replace("«es» ", "APROBADO "), "en", "es", reviewer="Ana")
    publish_releases([release], settings, engines={"argos": engine})
    page = (tmp_path / "out" / "es" / "early-warning-centre.html").read_text(encoding="utf-8")
    assert "APROBADO" in page
    report = json.loads((tmp_path / "out" / "reports" / "early-warning-centre.json").read_text(encoding="utf-8"))
    assert report["languages"]["es"]["status"] == "reviewed"


def test_missing_model_fails_before_writing(tmp_path: Path, release: Path) -> None:
    settings = make_settings(tmp_path, targets={"sw": {"engine": "argos"}})
    with pytest.raises(ModelNotInstalledError) as info:
        publish_releases([release], settings)
    assert "transpub models install en sw" in str(info.value)
    assert not (tmp_path / "out").exists()


def test_bad_release_fails_before_writing(tmp_path: Path, release: Path) -> None:
    (release.parent / "empty.txt").write_text("", encoding="utf-8")
    settings = make_settings(tmp_path, targets={"fr": {"engine": "pseudo"}})
    with pytest.raises(ReleaseError, match=r"empty\.txt"):
        publish_releases([release.parent], settings)
    assert not (tmp_path / "out").exists()


def test_language_not_in_run_is_refused(tmp_path: Path, release: Path) -> None:
    settings = make_settings(tmp_path, targets={"fr": {"engine": "pseudo"}})
    with pytest.raises(LanguageError, match="'es'"):
        publish_releases([release], settings, languages=["es"])


def test_two_releases_with_one_slug_are_refused(tmp_path: Path, release: Path) -> None:
    (release.parent / "copy.md").write_text(RELEASE, encoding="utf-8")
    settings = make_settings(tmp_path, targets={"fr": {"engine": "pseudo"}})
    with pytest.raises(ReleaseError, match="early-warning-centre"):
        publish_releases([release.parent], settings)


def test_republishing_one_language_keeps_the_others_in_the_report(tmp_path: Path, release: Path) -> None:
    settings = make_settings(tmp_path, targets={"fr": {"engine": "pseudo"}, "es": {"engine": "pseudo"}})
    publish_releases([release], settings)
    es_page = (tmp_path / "out" / "es" / "early-warning-centre.html").read_bytes()
    publish_releases([release], settings, languages=["fr"])
    report = json.loads((tmp_path / "out" / "reports" / "early-warning-centre.json").read_text(encoding="utf-8"))
    assert set(report["languages"]) == {"fr", "es"}
    assert (tmp_path / "out" / "es" / "early-warning-centre.html").read_bytes() == es_page


def test_hold_gate_keeps_the_last_page(tmp_path: Path, release: Path) -> None:
    class DroppingEngine(CountingEngine):
        """Returns an empty string for every segment: an 'empty target' critical flag everywhere."""

        def translate_batch(self, texts, source, target):  # type: ignore[override]
            super().translate_batch(texts, source, target)
            return ["" for _ in texts]

    first = make_settings(tmp_path, targets={"es": {"engine": "argos"}})
    publish_releases([release], first, engines={"argos": CountingEngine()})
    settings = make_settings(tmp_path, targets={"es": {"engine": "argos", "gate": "hold"}})
    page = tmp_path / "out" / "es" / "early-warning-centre.html"
    before = page.read_bytes()
    release.write_text(RELEASE.replace("Monday", "Tuesday"), encoding="utf-8")
    result = publish_releases([release], settings, engines={"argos": DroppingEngine(model="drop-1")})
    assert result.releases[0].languages["es"].status == "held"
    assert page.read_bytes() == before
    assert "Tuesday" in (tmp_path / "out" / "en" / "early-warning-centre.html").read_text(encoding="utf-8")


def test_a_broken_approval_is_ignored_and_flagged_not_fatal(tmp_path: Path, release: Path) -> None:
    from transpub.memory.store import TranslationMemory

    settings = make_settings(tmp_path, targets={"es": {"engine": "argos"}})
    publish_releases([release], settings, engines={"argos": CountingEngine()})
    report = json.loads((tmp_path / "out" / "reports" / "early-warning-centre.json").read_text(encoding="utf-8"))
    seg = next(s for s in report["languages"]["es"]["segments"] if s["id"] == "b1.s1")
    with TranslationMemory(tmp_path / "tm.sqlite") as tm:
        tm.approve(seg["source"], 'Hola <x id="999"/> mundo', "en", "es", reviewer="X")
    publish_releases([release], settings, engines={"argos": CountingEngine()})
    report = json.loads((tmp_path / "out" / "reports" / "early-warning-centre.json").read_text(encoding="utf-8"))
    seg = next(s for s in report["languages"]["es"]["segments"] if s["id"] == "b1.s1")
    assert seg["origin"] != "approved"
    assert "approval-invalid" in {f["code"] for f in seg["flags"]}
    assert "999" not in (tmp_path / "out" / "es" / "early-warning-centre.html").read_text(encoding="utf-8")
