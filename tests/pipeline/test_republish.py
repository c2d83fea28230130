"""Incremental republishing with a counting engine: only what changed is translated, approved wording survives."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from support.sitemaps import sitemap_text
from transpub.config import load_settings
from transpub.engines.pseudo import pseudo_localise
from transpub.memory.state import Reason
from transpub.memory.store import TranslationMemory
from transpub.pipeline import publish as pipeline
from transpub.pipeline.republish import republish

TARGETS = ["pt", "es", "fr", "ar"]

# Thirty distinct sentences about the shared fictional world; three carry mandated glossary terms.
SENTENCES = [
    "The Global Coastal Resilience Fund opened its new regional office in Maputo on Monday.",
    "The office will coordinate flood preparedness work across eleven countries.",
    "Member States approved the budget for the next three years.",
    "The fund expects to train four thousand volunteers before the rainy season.",
    "Local engineers will install tide gauges along the northern shoreline.",
    "Each gauge sends readings to the Tidewatch platform every ten minutes.",
    "Farmers near the estuary asked for earlier warnings about storm surges.",
    "The first pilot villages were chosen after public consultations.",
    "Schools in the district will hold evacuation drills twice a year.",
    "Support for coastal communities remains the priority of the programme.",
    "Women lead half of the village preparedness committees.",
    "Mangrove planting will protect two hundred hectares of farmland.",
    "The regional office will publish its accounts every quarter.",
    "An independent panel will review the programme after two years.",
    "Radio stations will broadcast alerts in four local languages.",
    "Fishing cooperatives will receive waterproof radios and life jackets.",
    "A new early warning system links the gauges to village sirens.",
    "Health workers will keep emergency kits in every clinic.",
    "The district government donated land for a storm shelter.",
    "Builders will raise the shelter floors above the highest recorded flood.",
    "Students from the local university will map drainage channels.",
    "The maps will be shared freely with every municipality.",
    "Donors pledged additional funds during the opening ceremony.",
    "The ceremony ended with a minute of silence for flood victims.",
    "Journalists visited a village that was rebuilt after the last cyclone.",
    "Residents described how the new sirens gave them time to leave.",
    "The next regional office is planned for the western coast.",
    "Applications for small grants open at the end of the month.",
    "Community groups can apply in any of the four local languages.",
    "More information is available from the press office.",
]
TITLE = "GCRF opens regional office in Maputo"
EDITED = (5, "Each gauge sends readings to the Tidewatch platform every five minutes.")

GLOSSARY = """en,pt,es,fr,ar,type
GCRF,,,,,keep
Tidewatch,,,,,keep
Member States,Estados-Membros,Estados Miembros,États membres,الدول الأعضاء,translate
coastal communities,comunidades costeiras,comunidades costeras,communautés côtières,المجتمعات الساحلية,translate
early warning system,sistema de alerta precoce,sistema de alerta temprana,système d'alerte précoce,\
نظام الإنذار المبكر,translate
"""


class CountingEngine:
    """A pseudo-localising engine that records every string it is asked to translate."""

    def __init__(self, name: str = "counting", model: str = "count-1") -> None:
        self.name = name
        self.model = model
        self.requests: list[tuple[str, str]] = []  # (target language, text)

    def supports(self, source: str, target: str) -> bool:
        return True

    def model_id(self, source: str, target: str) -> str:
        return self.model

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        self.requests.extend((target, text) for text in texts)
        return [pseudo_localise(text) for text in texts]

    def close(self) -> None:
        return None

    def reset(self) -> None:
        self.requests.clear()


def release_text(sentences: Sequence[str], title: str = TITLE) -> str:
    paragraphs = [" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5)]
    return "\n\n".join([title, *paragraphs]) + "\n"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "releases").mkdir()
    (tmp_path / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
    (tmp_path / "releases" / "maputo.txt").write_text(release_text(SENTENCES), encoding="utf-8")
    (tmp_path / "transpub.toml").write_text(
        f"""
[transpub]
source = "en"
targets = {json.dumps(TARGETS)}
default_engine = "pseudo"
glossaries = ["glossary.csv"]
out = "out"
memory = "tm.sqlite"
releases = "releases"
base_url = "https://news.example.org"
""",
        encoding="utf-8",
    )
    return tmp_path


def settings_of(site: Path):
    return load_settings(site / "transpub.toml")


def report(site: Path, slug: str) -> dict:
    return json.loads((site / "out" / "reports" / f"{slug}.json").read_text(encoding="utf-8"))


def segments_of(site: Path, slug: str, lang: str) -> dict[str, dict]:
    return {seg["source"]: seg for seg in report(site, slug)["languages"][lang]["segments"]}


def page_times(site: Path) -> dict[str, int]:
    out = site / "out"
    return {str(p.relative_to(out)): p.stat().st_mtime_ns for p in sorted(out.rglob("*")) if p.is_file()}


def edit_sentence(site: Path, index: int, text: str) -> None:
    sentences = list(SENTENCES)
    sentences[index] = text
    (site / "releases" / "maputo.txt").write_text(release_text(sentences), encoding="utf-8")


def test_one_edited_sentence_is_all_the_engine_sees(site: Path) -> None:
    engine = CountingEngine()
    first = republish(settings_of(site), engines={"pseudo": engine})
    segment_count = len(segments_of(site, "gcrf-opens-regional-office-in-maputo", "pt"))
    assert [str(c.reason) for c in first.changes.changed] == ["new"]
    assert len(engine.requests) == segment_count * len(TARGETS) >= 31 * len(TARGETS)

    engine.reset()
    edit_sentence(site, *EDITED)
    second = republish(settings_of(site), engines={"pseudo": engine})

    assert [c.reason for c in second.changes.changed] == [Reason.EDITED]
    assert sorted(lang for lang, _ in engine.requests) == sorted(TARGETS)  # exactly one segment per language
    assert all(text.endswith("every five minutes.") for _, text in engine.requests)  # terms arrive masked
    for lang in TARGETS:
        segs = segments_of(site, "gcrf-opens-regional-office-in-maputo", lang)
        assert segs[EDITED[1]]["origin"] == "mt"
        others = {seg["origin"] for src, seg in segs.items() if src != EDITED[1]}
        assert others <= {"memory", "approved"}, (lang, others)
    assert {(c.lang, c.retranslated) for c in second.counts} == {(lang, 1) for lang in TARGETS}


def test_nothing_changed_translates_nothing_and_touches_no_file(site: Path) -> None:
    engine = CountingEngine()
    republish(settings_of(site), engines={"pseudo": engine})
    before = page_times(site)
    engine.reset()

    again = republish(settings_of(site), engines={"pseudo": engine})

    assert again.changes.empty
    assert again.changes.unchanged == ("gcrf-opens-regional-office-in-maputo",)
    assert engine.requests == []
    assert again.pages_written == 0
    assert page_times(site) == before


def test_an_edit_of_an_approved_sentence_is_flagged_with_the_old_wording(site: Path) -> None:
    settings = settings_of(site)
    engine = CountingEngine()
    republish(settings, engines={"pseudo": engine})
    old = SENTENCES[EDITED[0]]
    with TranslationMemory(settings.memory) as tm:
        tm.approve(old, "Cada medidor envia leituras ao Tidewatch a cada dez minutos.", "en", "pt", reviewer="ana")

    edit_sentence(site, *EDITED)
    republish(settings, engines={"pseudo": engine})

    pt = segments_of(site, "gcrf-opens-regional-office-in-maputo", "pt")[EDITED[1]]
    assert pt["origin"] == "mt"
    assert pt["suggestion"] == "Cada medidor envia leituras ao Tidewatch a cada dez minutos."
    assert "source-changed-since-approval" in {f["code"] for f in pt["flags"]}
    es = segments_of(site, "gcrf-opens-regional-office-in-maputo", "es")[EDITED[1]]
    assert es["suggestion"] is None
    assert "source-changed-since-approval" not in {f["code"] for f in es["flags"]}


def test_an_approved_translation_survives_rerun_engine_change_and_unrelated_glossary_change(site: Path) -> None:
    settings = settings_of(site)
    slug = "gcrf-opens-regional-office-in-maputo"
    approved_source = SENTENCES[1]
    wording = "O escritório coordenará a preparação para cheias em onze países."
    republish(settings, engines={"pseudo": CountingEngine()})
    with TranslationMemory(settings.memory) as tm:
        tm.approve(approved_source, wording, "en", "pt", reviewer="ana")
    # An edit elsewhere republishes the page, which now carries the approved wording.
    edit_sentence(site, *EDITED)
    republish(settings, engines={"pseudo": CountingEngine()})
    assert segments_of(site, slug, "pt")[approved_source]["origin"] == "approved"

    # 1. A re-run with nothing changed.
    republish(settings, engines={"pseudo": CountingEngine()})
    # 2. A new model: every machine entry is refreshed, the approved one is not even sent.
    newer = CountingEngine(model="count-2")
    result = republish(settings, engines={"pseudo": newer})
    assert [c.reason for c in result.changes.changed] == [Reason.ENGINE]
    sent_pt = {text for lang, text in newer.requests if lang == "pt"}
    assert approved_source not in sent_pt
    assert len(sent_pt) == len(segments_of(site, slug, "pt")) - 1
    assert {seg["origin"] for src, seg in segments_of(site, slug, "pt").items() if src != approved_source} == {"mt"}
    # 3. A glossary change about a term the approved sentence does not contain.
    glossary = site / "glossary.csv"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace("comunidades costeiras", "populações costeiras"))
    republish(settings, engines={"pseudo": newer})

    segment = segments_of(site, slug, "pt")[approved_source]
    assert (segment["origin"], segment["target"]) == ("approved", wording)
    assert wording in (site / "out" / "pt" / f"{slug}.html").read_text(encoding="utf-8")


def test_a_glossary_change_retranslates_only_segments_with_that_term(site: Path) -> None:
    settings = settings_of(site)
    engine = CountingEngine()
    republish(settings, engines={"pseudo": engine})
    engine.reset()
    glossary = site / "glossary.csv"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace("comunidades costeiras", "populações costeiras"))

    result = republish(settings, engines={"pseudo": engine})

    assert [c.reason for c in result.changes.changed] == [Reason.GLOSSARY]
    assert [lang for lang, _ in engine.requests] == ["pt"]  # one sentence holds the term; only pt changed
    segment = segments_of(site, "gcrf-opens-regional-office-in-maputo", "pt")[SENTENCES[9]]
    assert segment["origin"] == "mt"
    assert "populações costeiras" in segment["target"]


def test_a_new_target_language_translates_only_that_language(site: Path) -> None:
    engine = CountingEngine()
    republish(settings_of(site), engines={"pseudo": engine})
    engine.reset()
    config = site / "transpub.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('"ar"]', '"ar", "de"]'), encoding="utf-8")

    result = republish(settings_of(site), engines={"pseudo": engine})

    assert [c.reason for c in result.changes.changed] == [Reason.LANGUAGES]
    assert {lang for lang, _ in engine.requests} == {"de"}
    assert (site / "out" / "de" / "gcrf-opens-regional-office-in-maputo.html").is_file()


def test_deleting_a_release_removes_its_pages_and_sitemap_entries(site: Path) -> None:
    other = site / "releases" / "tidewatch.txt"
    other.write_text("Tidewatch reaches ten countries\n\nThe platform now covers ten countries.\n", encoding="utf-8")
    republish(settings_of(site), engines={"pseudo": CountingEngine()})
    assert "tidewatch-reaches-ten-countries" in sitemap_text(site / "out")

    other.unlink()
    result = republish(settings_of(site), engines={"pseudo": CountingEngine()})

    assert result.removed == ("tidewatch-reaches-ten-countries",)
    assert not list((site / "out").rglob("tidewatch-reaches-ten-countries*"))
    assert "tidewatch-reaches-ten-countries" not in sitemap_text(site / "out")
    assert "gcrf-opens-regional-office-in-maputo" in sitemap_text(site / "out")
    with TranslationMemory(settings_of(site).memory) as tm:
        assert tm.published_slugs() == ("gcrf-opens-regional-office-in-maputo",)
    assert [row["reason"] for row in result.rows()] == ["deleted"]


def test_a_release_renamed_to_a_new_slug_replaces_the_old_pages(site: Path) -> None:
    republish(settings_of(site), engines={"pseudo": CountingEngine()})
    path = site / "releases" / "maputo.txt"
    path.write_text(release_text(SENTENCES, title="GCRF opens Maputo office"), encoding="utf-8")

    result = republish(settings_of(site), engines={"pseudo": CountingEngine()})

    assert result.removed == ("gcrf-opens-regional-office-in-maputo",)
    assert (site / "out" / "pt" / "gcrf-opens-maputo-office.html").is_file()
    assert not (site / "out" / "pt" / "gcrf-opens-regional-office-in-maputo.html").exists()


# Each publisher is its own process, as two `transpub publish --no-prefect` runs started at once would be.
PUBLISHER = """
import sys
from transpub.pipeline import publish as pipeline
from transpub.config import load_settings

pipeline.publish_releases([sys.argv[2]], load_settings(sys.argv[1]))
"""


def test_two_publishes_of_different_releases_at_once_both_complete_and_lose_no_entry(site: Path) -> None:
    second = site / "elsewhere" / "drills.txt"
    second.parent.mkdir()
    drills = [f"Village number {n} held its flood drill with {n * 7} residents." for n in range(1, 16)]
    second.write_text(release_text(drills, title="Villages hold flood drills"), encoding="utf-8")
    first = site / "releases" / "maputo.txt"
    config = str(site / "transpub.toml")

    procs = [
        subprocess.Popen([sys.executable, "-c", PUBLISHER, config, str(path)], stderr=subprocess.PIPE)
        for path in (first, second)
    ]
    errors = [proc.communicate(timeout=300)[1].decode() for proc in procs]

    assert [proc.returncode for proc in procs] == [0, 0], errors
    settings = settings_of(site)
    batch = pipeline.prepare([first, second], settings)
    expected = {seg.source for sr in batch for seg in sr.segments if any(ch.isalpha() for ch in seg.source)}
    with TranslationMemory(settings.memory) as tm:
        for lang in TARGETS:
            assert set(tm.lookup_many(expected, "en", lang)) == expected, lang
        assert tm.published_slugs() == ("gcrf-opens-regional-office-in-maputo", "villages-hold-flood-drills")
    sitemap = sitemap_text(site / "out")
    assert "villages-hold-flood-drills" in sitemap
    assert "gcrf-opens-regional-office-in-maputo" in sitemap


def test_an_unreadable_file_is_reported_and_does_not_hold_back_the_others(site: Path) -> None:
    republish(settings_of(site), engines={"pseudo": CountingEngine()})
    page = site / "out" / "en" / "gcrf-opens-regional-office-in-maputo.html"
    (site / "releases" / "draft.txt").write_bytes(b"\x00\x01 half-saved \xff")
    edit_sentence(site, *EDITED)

    result = republish(settings_of(site), engines={"pseudo": CountingEngine()})

    assert [r.path.name for r in result.rejected] == ["draft.txt"]
    assert [row["status"] for row in result.rows() if row["release"] == "draft.txt"] == ["error"]
    assert "every five minutes" in page.read_text(encoding="utf-8")


def test_an_approval_alone_republishes_that_release_without_the_engine(site: Path) -> None:
    settings = settings_of(site)
    slug = "gcrf-opens-regional-office-in-maputo"
    republish(settings, engines={"pseudo": CountingEngine()})
    wording = "Os Estados-Membros aprovaram o orçamento para os próximos três anos."
    with TranslationMemory(settings.memory) as tm:
        tm.approve(SENTENCES[2], wording, "en", "pt", reviewer="ana")  # e.g. an XLIFF import without republish
    engine = CountingEngine()

    result = republish(settings, engines={"pseudo": engine})
    again = republish(settings, engines={"pseudo": engine})

    assert [c.reason for c in result.changes.changed] == [Reason.APPROVED]
    assert engine.requests == []
    assert wording in (site / "out" / "pt" / f"{slug}.html").read_text(encoding="utf-8")
    assert again.changes.empty


def test_a_publish_of_some_languages_leaves_the_others_to_the_next_run(site: Path) -> None:
    settings = settings_of(site)
    republish(settings, engines={"pseudo": CountingEngine()})
    edit_sentence(site, *EDITED)
    # The review page republishes only the language it reviewed.
    pipeline.publish_releases(
        [site / "releases" / "maputo.txt"], settings, languages=["pt"], engines={"pseudo": CountingEngine()}
    )
    engine = CountingEngine()

    result = republish(settings, engines={"pseudo": engine})

    assert [c.reason for c in result.changes.changed] == [Reason.EDITED]
    assert sorted(lang for lang, _ in engine.requests) == ["ar", "es", "fr"]  # pt's edit is in memory already
