"""The news site around the release pages: language indexes, Atom feeds, JSON-LD, sitemap index, the site index.

Publishes real releases (Markdown, plain text, HTML) through the library pipeline with a deterministic engine for
Portuguese and pseudo-translation for French, then reads what was written under OUT.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree as SafeET

from support.fakes import CountingEngine
from support.sitemaps import NS, sitemap_files, sitemap_locs
from transpub.config import settings_from_mapping
from transpub.errors import ConfigError, PublishError
from transpub.languages import parse_language
from transpub.memory.site_index import PageRecord, SiteIndex, index_path
from transpub.pipeline.publish import publish_releases
from transpub.publish import PageContent, publish_release_pages
from transpub.publish.index import IndexEntry, paginate
from transpub.publish.site import finish_run

BASE = "https://news.gcrf.example"
ATOM = "{http://www.w3.org/2005/Atom}"

MD = """---
title: Tidewatch reaches twelve countries
date: 2026-09-02
summary: The GCRF data platform now covers twelve countries.
---

# Tidewatch reaches twelve countries

<!-- editors: check the figures before Friday -->

The GCRF said on Tuesday that Tidewatch now covers 12 countries.

```
curl https://tidewatch.example.org/api/v1/stations?country=all&format=json&include=history,forecast,metadata
```
"""

TXT = """Member States renew the Port Elizabeth Declaration

Forty Member States renewed their commitment to climate resilience.

The declaration serves these goals:
SDG 16 - Peace Justice and Strong Institutions
SDG 17 - Partnerships for the Goals
"""


def settings_for(root: Path, **site: object):  # -> Settings
    data = {
        "transpub": {
            "source": "en",
            "targets": ["pt", "fr"],
            "out": str(root / "out"),
            "memory": "",
            "base_url": BASE,
        },
        "languages": {"pt": {"engine": "argos"}, "fr": {"engine": "pseudo"}},
        "site": {"publisher": "Global Coastal Resilience Fund", "publisher_url": "https://gcrf.example", **site},
    }
    return settings_from_mapping(data, base_dir=root)


def publish(root: Path, files: dict[str, str], **site: object) -> Path:
    releases = root / "releases"
    releases.mkdir(exist_ok=True)
    for name, text in files.items():
        (releases / name).write_text(text, encoding="utf-8")
    settings = settings_for(root, **site)
    publish_releases([releases / n for n in files], settings, engines={"argos": CountingEngine("argos")})
    return settings.out


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return publish(tmp_path, {"tidewatch.md": MD, "declaration.txt": TXT})


SLUG_MD = "tidewatch-reaches-twelve-countries"
SLUG_TXT = "member-states-renew-the-port-elizabeth-declaration"


# ------------------------------------------------------------------------------------------- language indexes


def test_every_language_has_an_index_newest_first_with_title_date_summary_and_link(site: Path) -> None:
    for lang in ("en", "pt", "fr"):
        page = soup_of(site / lang / "index.html")
        assert page.html["lang"] == lang
        items = page.select("ul.release-list > li")
        links = [li.h2.a["href"] for li in items]
        # The text release has no date: it counts from the day it was published, after 2026-09-02.
        assert links == [f"{SLUG_TXT}.html", f"{SLUG_MD}.html"]
        dated = items[1]
        assert dated.find("time")["datetime"] == "2026-09-02"
        assert dated.find("p", class_="summary").get_text().strip()
        for href in links:
            assert (site / lang / href).is_file()
    en = soup_of(site / "en" / "index.html")
    assert en.select("ul.release-list time")[0].get_text() == "September 2, 2026"


def test_index_switcher_and_hreflang_follow_the_release_page_rules(site: Path) -> None:
    en = soup_of(site / "en" / "index.html")
    switcher = {a["lang"]: a["href"] for a in en.select("nav.languages a")}
    assert switcher == {"en": "../en/index.html", "pt": "../pt/index.html", "fr": "../fr/index.html"}
    alternates = {link["hreflang"]: link["href"] for link in en.head.find_all("link", hreflang=True)}
    # French is a pseudo-translation only: noindex, so no language index links to it as an alternate.
    assert alternates == {
        "en": f"{BASE}/en/index.html",
        "pt": f"{BASE}/pt/index.html",
        "x-default": f"{BASE}/en/index.html",
    }
    fr = soup_of(site / "fr" / "index.html")
    assert fr.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert fr.head.find_all("link", hreflang=True) == []


def test_root_index_leads_to_the_source_language_index(site: Path) -> None:
    root = soup_of(site / "index.html")
    assert root.html["lang"] == "en"
    assert root.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=en/index.html"
    assert [a["href"] for a in root.select("nav a")] == ["en/index.html", "fr/index.html", "pt/index.html"]


def test_pagination_keeps_archive_pages_stable_as_releases_arrive() -> None:
    en = parse_language("en")
    entries = [IndexEntry(f"r{i}", f"Release {i}", None, None) for i in range(7)]
    before = {p.name: p for p in paginate(en, entries[:6], size=3, versions=(en,), indexable=("en",))}
    after = {p.name: p for p in paginate(en, entries, size=3, versions=(en,), indexable=("en",))}
    assert [e.slug for e in after["index.html"].entries] == ["r6", "r5", "r4"]
    assert after["page-1.html"] == before["page-1.html"]  # the oldest archive page does not move
    assert [e.slug for e in after["page-3.html"].entries] == ["r6"]
    assert after["index.html"].older == 2


# ---------------------------------------------------------------------------------------------------- feeds


def test_atom_feed_per_language_with_required_elements(site: Path) -> None:
    for lang in ("en", "pt"):
        feed = SafeET.fromstring((site / lang / "feed.xml").read_bytes())
        assert feed.tag == f"{ATOM}feed"
        assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
        for child in ("id", "title", "updated", "author"):
            assert feed.find(f"{ATOM}{child}") is not None, child
        assert feed.find(f"{ATOM}author/{ATOM}name").text == "Global Coastal Resilience Fund"
        self_link = [link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
        assert self_link[0].get("href") == f"{BASE}/{lang}/feed.xml"
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) == 2
        for entry in entries:
            for child in ("id", "title", "updated", "summary"):
                assert (entry.findtext(f"{ATOM}{child}") or "").strip(), child
            dt.datetime.fromisoformat(entry.findtext(f"{ATOM}updated").replace("Z", "+00:00"))
            links = {link.get("hreflang"): link.get("href") for link in entry.findall(f"{ATOM}link")}
            assert links[lang] == entry.findtext(f"{ATOM}id")
            assert set(links) == {"en", "pt"}  # the other language version, never the noindex French one
        updated = max(e.findtext(f"{ATOM}updated") for e in entries)
        assert feed.findtext(f"{ATOM}updated") == updated


def test_feed_keeps_the_latest_entries_only(tmp_path: Path) -> None:
    out = publish(tmp_path, {"tidewatch.md": MD, "declaration.txt": TXT}, feed_entries=1)
    feed = SafeET.fromstring((out / "en" / "feed.xml").read_bytes())
    assert [e.findtext(f"{ATOM}id") for e in feed.findall(f"{ATOM}entry")] == [f"{BASE}/en/{SLUG_TXT}.html"]


def test_every_page_of_a_language_links_its_feed(site: Path) -> None:
    for lang in ("en", "pt", "fr"):
        for page in (f"{SLUG_MD}.html", f"{SLUG_TXT}.html", "index.html"):
            head = soup_of(site / lang / page).head
            feeds = head.find_all("link", type="application/atom+xml")
            assert [link["href"] for link in feeds] == [f"{BASE}/{lang}/feed.xml"], (lang, page)


# ------------------------------------------------------------------------------------------------ JSON-LD


def jsonld(path: Path) -> dict:
    (script,) = soup_of(path).find_all("script", type="application/ld+json")
    return json.loads(script.string)


def test_news_article_structured_data_links_the_language_versions(site: Path) -> None:
    en = jsonld(site / "en" / f"{SLUG_MD}.html")
    assert en["@type"] == "NewsArticle"
    assert en["headline"] == "Tidewatch reaches twelve countries"
    assert en["datePublished"] == "2026-09-02"
    dt.date.fromisoformat(en["dateModified"])
    assert en["inLanguage"] == "en"
    assert en["publisher"] == {
        "@type": "Organization",
        "name": "Global Coastal Resilience Fund",
        "url": "https://gcrf.example",
    }
    assert [w["@id"] for w in en["workTranslation"]] == [f"{BASE}/pt/{SLUG_MD}.html"]
    pt = jsonld(site / "pt" / f"{SLUG_MD}.html")
    assert pt["inLanguage"] == "pt"
    assert pt["translationOfWork"]["@id"] == f"{BASE}/en/{SLUG_MD}.html"
    assert soup_of(site / "fr" / f"{SLUG_MD}.html").find("script") is None  # a noindex preview has none


def test_structured_data_cannot_close_its_script_element(tmp_path: Path) -> None:
    en = parse_language("en")
    title = "GCRF </script><script>alert(1)</script> & partners"
    publish_release_pages(
        tmp_path, "x", [PageContent(en, title, None, "<p>x</p>", status="source")], source=en, base_url=BASE
    )
    html = (tmp_path / "en" / "x.html").read_text(encoding="utf-8")
    assert html.count("<script") == 1
    assert jsonld(tmp_path / "en" / "x.html")["headline"] == title


# ------------------------------------------------------------------------------------------------- defects


def test_editorial_comments_never_reach_a_public_page(site: Path) -> None:
    for lang in ("en", "pt", "fr"):
        html = (site / lang / f"{SLUG_MD}.html").read_text(encoding="utf-8")
        assert "editors" not in html and "<!--" not in html


def test_hreflang_alternates_and_sitemap_agree_and_leave_out_noindex_pages(site: Path) -> None:
    listed = sitemap_locs(site)
    for slug in (SLUG_MD, SLUG_TXT):
        for lang in ("en", "pt"):
            head = soup_of(site / lang / f"{slug}.html").head
            page_links = {link["hreflang"]: link["href"] for link in head.find_all("link", hreflang=True)}
            assert page_links == {
                "en": f"{BASE}/en/{slug}.html",
                "pt": f"{BASE}/pt/{slug}.html",
                "x-default": f"{BASE}/en/{slug}.html",
            }
        assert f"{BASE}/fr/{slug}.html" not in listed
    for path in sitemap_files(site):
        root = SafeET.fromstring(path.read_bytes())
        for url in root.findall("sm:url", NS):
            loc = url.findtext("sm:loc", namespaces=NS)
            lang, name = loc.removeprefix(BASE + "/").split("/")
            head = soup_of(site / lang / name).head
            page_links = {link["hreflang"]: link["href"] for link in head.find_all("link", hreflang=True)}
            sitemap_links = {link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)}
            assert page_links == sitemap_links, loc


def test_og_locale_has_a_territory(site: Path) -> None:
    head = soup_of(site / "pt" / f"{SLUG_MD}.html").head
    assert head.find("meta", property="og:locale")["content"] == "pt_BR"
    assert [m["content"] for m in head.find_all("meta", property="og:locale:alternate")] == ["en_US"]


def test_source_locale_is_configurable(tmp_path: Path) -> None:
    out = publish(tmp_path, {"tidewatch.md": MD}, source_locale="en-GB")
    page = soup_of(out / "en" / f"{SLUG_MD}.html")
    assert page.find("p", class_="dateline").get_text() == "2 September 2026"
    assert page.find("meta", property="og:locale")["content"] == "en_GB"
    assert soup_of(out / "en" / "index.html").find("time").get_text() == "2 September 2026"
    with pytest.raises(ConfigError, match="source_locale"):
        settings_for(tmp_path, source_locale="english please")


def test_markdown_title_is_shown_once(site: Path) -> None:
    page = soup_of(site / "en" / f"{SLUG_MD}.html")
    assert [h.get_text() for h in page.find_all("h1")] == ["Tidewatch reaches twelve countries"]


def test_list_like_lines_of_a_text_paragraph_keep_their_breaks(site: Path) -> None:
    body = soup_of(site / "en" / f"{SLUG_TXT}.html").find("div", class_="release-body")
    paragraphs = [" ".join(p.get_text().split()) for p in body.find_all("p")]
    assert "SDG 16 - Peace Justice and Strong Institutions" in paragraphs
    assert "SDG 17 - Partnerships for the Goals" in paragraphs


def test_arabic_pages_isolate_embedded_latin_names_and_urls(tmp_path: Path) -> None:
    en, ar = parse_language("en"), parse_language("ar")
    body = (
        '<p>أطلق GCRF منصة <a href="https://tidewatch.example.org">Tidewatch</a> عبر https://gcrf.example.org/data.</p>'
    )
    pages = [
        PageContent(en, "GCRF launches Tidewatch", None, "<p>GCRF launched Tidewatch.</p>", status="source"),
        PageContent(ar, "أطلق GCRF منصة Tidewatch", None, body, status="machine"),
    ]
    publish_release_pages(tmp_path, "tidewatch", pages, source=en, base_url=BASE)
    page = soup_of(tmp_path / "ar" / "tidewatch.html")
    assert page.html["dir"] == "rtl"
    isolated = [b.get_text() for b in page.find("article").find_all("bdi")]
    assert isolated == ["GCRF", "Tidewatch", "GCRF", "Tidewatch", "https://gcrf.example.org/data"]
    assert page.find("div", class_="release-body").p.get_text().endswith("data.")  # the full stop stays outside
    assert soup_of(tmp_path / "en" / "tidewatch.html").find("bdi") is None


# ------------------------------------------------------------------------------- the index and the slug registry


def test_a_second_file_claiming_a_published_slug_is_refused_with_one_error(tmp_path: Path) -> None:
    out = publish(tmp_path, {"tidewatch.md": MD})
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "copy.md").write_text(MD.replace("12 countries", "13 countries"), encoding="utf-8")
    before = (out / "en" / f"{SLUG_MD}.html").read_bytes()
    with pytest.raises(PublishError, match=f"slug '{SLUG_MD}' is already published from .*tidewatch.md"):
        publish_releases([other / "copy.md"], settings_for(tmp_path), engines={"argos": CountingEngine("argos")})
    assert (out / "en" / f"{SLUG_MD}.html").read_bytes() == before
    # The same file again is no claim.
    publish(tmp_path, {"tidewatch.md": MD})
    # A release file that was renamed keeps its slug: the file it was published from is gone.
    (tmp_path / "releases" / "tidewatch.md").rename(tmp_path / "releases" / "renamed.md")
    publish_releases(
        [tmp_path / "releases" / "renamed.md"], settings_for(tmp_path), engines={"argos": CountingEngine("argos")}
    )


def test_the_command_line_refuses_a_slug_taken_by_another_file_unless_told(tmp_path: Path, capsys) -> None:
    from transpub.cli import main

    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        folder.mkdir()
        (folder / "release.md").write_text(MD, encoding="utf-8")
    common = ["--to", "pt", "--engine", "pseudo", "--no-prefect", "--out", str(tmp_path / "out")]
    assert main(["publish", str(first / "release.md"), *common]) == 0
    capsys.readouterr()
    assert main(["publish", str(second / "release.md"), *common]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("transpub: error:") and "already published from" in err[0]
    assert main(["publish", str(second / "release.md"), *common, "--replace-slug"]) == 0


def test_a_run_rewrites_only_the_site_files_whose_inputs_changed(site: Path, tmp_path: Path) -> None:
    stamps = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file() and ".transpub" not in p.parts}
    (tmp_path / "releases" / "declaration.txt").write_text(TXT.replace("Forty", "Forty-one"), encoding="utf-8")
    settings = settings_for(tmp_path)
    publish_releases([tmp_path / "releases" / "declaration.txt"], settings, engines={"argos": CountingEngine("argos")})
    changed = {p.relative_to(site).as_posix() for p, t in stamps.items() if p.stat().st_mtime_ns != t}
    assert f"en/{SLUG_MD}.html" not in changed and "index.html" not in changed
    assert f"en/{SLUG_TXT}.html" in changed
    # Nothing changed at all: the site-wide files are left alone.
    stamps = {p: p.stat().st_mtime_ns for p in site.rglob("*.xml")}
    assert finish_run(site, settings=settings) == []
    assert all(p.stat().st_mtime_ns == t for p, t in stamps.items())


def test_sitemap_index_splits_files_by_release_order(tmp_path: Path) -> None:
    en = parse_language("en")
    for i in range(5):
        pages = [PageContent(en, f"Release {i}", None, "<p>x</p>", date=dt.date(2026, 1, 1 + i), status="source")]
        publish_release_pages(tmp_path, f"r{i}", pages, source=en, base_url=BASE, finish=False)
    settings = settings_for(tmp_path, sitemap_releases=2)
    finish_run(tmp_path, settings=settings)
    names = [p.name for p in sitemap_files(tmp_path)]
    assert names == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap-languages.xml"]
    assert len(sitemap_locs(tmp_path)) == 5
    root = SafeET.fromstring((tmp_path / "sitemap-3.xml").read_bytes())
    assert [u.findtext("sm:loc", namespaces=NS) for u in root.findall("sm:url", NS)] == [f"{BASE}/en/r4.html"]


def test_a_site_published_before_the_index_is_indexed_from_its_pages_once(site: Path) -> None:
    index_path(site).unlink()
    (site / "sitemap.xml").unlink()
    finish_run(site, base_url=BASE)
    assert sitemap_locs(site) == {f"{BASE}/{lang}/{slug}.html" for lang in ("en", "pt") for slug in (SLUG_MD, SLUG_TXT)}
    with SiteIndex.for_output(site) as index:
        page = index.pages(SLUG_MD)["en"]
    assert isinstance(page, PageRecord) and page.title == "Tidewatch reaches twelve countries"
    assert page.date == "2026-09-02" and page.status == "source"


def test_reserved_names_cannot_be_slugs(tmp_path: Path) -> None:
    en = parse_language("en")
    for slug in ("index", "feed", "page-2"):
        with pytest.raises(PublishError, match="reserved"):
            publish_release_pages(
                tmp_path, slug, [PageContent(en, "x", None, "<p>x</p>", status="source")], source=en, base_url=BASE
            )
