"""Every page kind and feed checked with real tools: the Nu HTML checker, the sitemaps.org schema, Chromium at 390 px.

- Nu HTML checker (npm ``vnu-jar`` run by Debian's Java; ``.ci/run`` installs both into ``.tools/``): a release page
  per language (right-to-left Arabic included), every language index, an archive page and the root page, 0 errors.
- ``../shared/schemas/sitemap.xsd`` (when ``../shared`` is present): every sitemap file; the sitemap index by
  structure (sitemaps.org's siteindex schema is not in ``../shared``).
- Atom: the parts of RFC 4287 a reader needs, checked element by element (no RELAX NG for Atom is at hand).
- Chromium (Debian's, through Playwright) at 390 px: no page scrolls sideways, and the switcher's tap targets are
  at least 44 px high.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from defusedxml import ElementTree as SafeET
from lxml import etree

from support.fakes import CountingEngine
from support.sitemaps import NS, sitemap_files
from transpub.config import settings_from_mapping
from transpub.pipeline.publish import publish_releases

ROOT = Path(__file__).resolve().parents[1].parent
VNU = ROOT / ".tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCHEMAS = ROOT.parent / "shared" / "schemas"
CHROMIUM = Path("/usr/bin/chromium")
BASE = "https://news.gcrf.example"
ATOM = "{http://www.w3.org/2005/Atom}"

RELEASES = {
    "tidewatch.md": """---
title: Tidewatch reaches twelve countries
date: 2026-09-02
summary: The GCRF data platform now covers twelve countries.
---

# Tidewatch reaches twelve countries

<!-- editors: check the figures -->

The GCRF said that [Tidewatch](https://tidewatch.example.org/stations) now covers 12 countries, with data at
https://tidewatch.example.org/api/v1/stations/all/history/forecast/metadata/very/long/path/that/does/not/break.

```
curl "https://tidewatch.example.org/api/v1/stations?country=all&format=json&include=history,forecast,metadata,extra"
```

| Country | Stations | Since |
|---|---|---|
| Mozambique | 40 | 2024 |
""",
    "declaration.txt": """Member States renew the Port Elizabeth Declaration

Forty Member States renewed their commitment to climate resilience.

SDG 16 - Peace Justice and Strong Institutions
SDG 17 - Partnerships for the Goals
""",
    "office.html": """<!DOCTYPE html><html><head><title>GCRF opens an office in Maputo</title>
<meta name="description" content="The GCRF opens its first regional office."></head>
<body><h1>GCRF opens an office in Maputo</h1>
<p>Director-General <strong>Amara Okafor</strong> opened the office on <time datetime="2026-10-01">1 October</time>.</p>
<pre>Contact: press@gcrf.example.org — a preformatted line far longer than any phone screen is wide</pre>
</body></html>""",
}


class ArabicEngine(CountingEngine):
    """Arabic words around the source's Latin text, like a real Arabic translation with embedded names."""

    def translate_batch(self, texts, source, target):  # type: ignore[no-untyped-def]
        self.batches.append((source, target, list(texts)))
        return [f"قال الصندوق {t} اليوم" for t in texts]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    releases = root / "releases"
    releases.mkdir()
    for name, text in RELEASES.items():
        (releases / name).write_text(text, encoding="utf-8")
    settings = settings_from_mapping(
        {
            "transpub": {"targets": ["pt", "ar", "fr"], "out": "out", "memory": "", "base_url": BASE},
            "languages": {"pt": {"engine": "argos"}, "ar": {"engine": "bergamot"}, "fr": {"engine": "pseudo"}},
            "site": {"publisher": "Global Coastal Resilience Fund", "index_page_size": 2},
        },
        base_dir=root,
    )
    engines = {"argos": CountingEngine("argos"), "bergamot": ArabicEngine("bergamot")}
    publish_releases([releases], settings, engines=engines)  # type: ignore[dict-item]
    return settings.out


def every_page(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.html") if not any(part.startswith(".") for part in p.parts))


def test_the_site_has_every_page_kind(site: Path) -> None:
    names = {p.relative_to(site).as_posix() for p in every_page(site)}
    assert {"index.html", "en/index.html", "ar/index.html", "en/page-1.html", "en/page-2.html"} <= names
    assert "ar/tidewatch-reaches-twelve-countries.html" in names


@pytest.mark.slow
def test_nu_html_checker_finds_no_error_on_any_page_kind(site: Path) -> None:
    java = shutil.which("java")
    assert java is not None, "no Java runtime: .ci/run installs Debian's default-jre-headless"
    assert VNU.is_file(), f"{VNU} is missing: .ci/run installs it with npm install --prefix .tools vnu-jar"
    pages = every_page(site)
    proc = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(proc.stderr or proc.stdout)["messages"]
    errors = [f"{m.get('url', '').rsplit('/out/', 1)[-1]}: {m['message']}" for m in messages if m["type"] == "error"]
    assert errors == []
    assert len(pages) >= 20


def test_sitemaps_validate_against_the_sitemaps_org_schema(site: Path) -> None:
    if not SCHEMAS.is_dir():
        pytest.skip("../shared/schemas is not present (the schemas are third-party files kept outside the repo)")
    xsd = etree.parse(str(SCHEMAS / "sitemap.xsd"))
    # The schema declares no xhtml:link; its ##other wildcards are strict, so they are read laxly (schemas/README).
    for wildcard in xsd.iter("{http://www.w3.org/2001/XMLSchema}any"):
        wildcard.set("processContents", "lax")
    schema = etree.XMLSchema(xsd)
    files = sitemap_files(site)
    assert files
    for path in files:
        doc = etree.parse(str(path))
        assert schema.validate(doc), f"{path.name}: {schema.error_log}"
        assert len(doc.getroot()) <= 50_000


def test_the_sitemap_index_has_the_protocol_structure(site: Path) -> None:
    root = SafeET.fromstring((site / "sitemap.xml").read_bytes())
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    entries = list(root)
    assert 0 < len(entries) <= 50_000
    for entry in entries:
        assert entry.tag == f"{{{NS['sm']}}}sitemap"
        assert entry[0].tag == f"{{{NS['sm']}}}loc"
        loc = entry.findtext("sm:loc", namespaces=NS)
        assert loc.startswith(BASE + "/") and "/" not in loc.removeprefix(BASE + "/")  # beside sitemap.xml
        assert (site / loc.rsplit("/", 1)[1]).is_file()


def test_atom_feeds_have_the_structure_rfc_4287_requires(site: Path) -> None:
    feeds = sorted(site.glob("*/feed.xml"))
    assert [f.parent.name for f in feeds] == ["ar", "en", "fr", "pt"]
    for path in feeds:
        feed = SafeET.fromstring(path.read_bytes())
        assert feed.tag == f"{ATOM}feed"
        for name in ("id", "title", "updated"):
            assert len(feed.findall(f"{ATOM}{name}")) == 1, (path, name)
        assert feed.find(f"{ATOM}author/{ATOM}name") is not None  # entries have no author of their own
        entries = feed.findall(f"{ATOM}entry")
        assert entries
        ids = [e.findtext(f"{ATOM}id") for e in entries]
        assert len(set(ids)) == len(ids)
        for entry in entries:
            for name in ("id", "title", "updated"):
                assert len(entry.findall(f"{ATOM}{name}")) == 1, (path, name)
            alternates = [link for link in entry.findall(f"{ATOM}link") if link.get("rel") == "alternate"]
            pairs = [(link.get("type"), link.get("hreflang")) for link in alternates]
            assert len(set(pairs)) == len(pairs)  # at most one alternate per type and hreflang
            assert entry.find(f"{ATOM}content") is None or entry.find(f"{ATOM}summary") is not None


@pytest.mark.slow
def test_no_page_scrolls_sideways_at_390_px_and_tap_targets_are_44_px(site: Path) -> None:
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "Debian's chromium package is not installed (.ci/run installs it)"
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=args)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844})
            for path in every_page(site):
                if path.name == "index.html" and path.parent == site:
                    continue  # the root page redirects at once
                page.goto(path.as_uri())
                widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
                assert widths[0] <= widths[1], f"{path.relative_to(site)} scrolls sideways: {widths}"
                heights = page.evaluate(
                    "[...document.querySelectorAll('nav.languages a')].map(a => a.getBoundingClientRect().height)"
                )
                assert heights and min(heights) >= 44, f"{path.relative_to(site)}: tap targets {heights}"
        finally:
            browser.close()
