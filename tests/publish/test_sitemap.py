"""OUT/sitemap.xml: valid XML, every page with xhtml:link alternates, rebuilt from what is on disk."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import defusedxml.ElementTree as SafeET
import pytest

from transpub.languages import parse_language
from transpub.publish import PageContent, publish_release_pages, published_pages, rebuild_sitemap, remove_release
from transpub.publish.report import report_path

BASE = "https://news.gcrf.example/releases"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
EN = parse_language("en")

RELEASES = {
    "2026-03-port-elizabeth": {
        "en": "Member States sign the Port Elizabeth Declaration",
        "fr": "Les États membres signent la Port Elizabeth Declaration",
        "ar": "الدول الأعضاء توقّع على Port Elizabeth Declaration",
    },
    "2026-04-early-warning": {
        "en": "A new early warning system for coastal communities",
        "es": "Un nuevo sistema de alerta temprana para las comunidades costeras",
    },
}


def publish(out: Path, slug: str) -> list[Path]:
    pages = [
        PageContent(
            parse_language(tag),
            title,
            None,
            f"<p>{title}</p>",
            date=dt.date(2026, 4, 1),
            status="source" if tag == "en" else "machine",
        )
        for tag, title in RELEASES[slug].items()
    ]
    return publish_release_pages(out, slug, pages, source=EN, base_url=BASE)


def sitemap_files(out: Path) -> list[str]:
    """The release sitemap files ``OUT/sitemap.xml`` indexes (file names; the language-index sitemap aside)."""
    root = SafeET.fromstring((out / "sitemap.xml").read_bytes())
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    names = [(loc.text or "").rsplit("/", 1)[-1] for loc in root.iterfind("sm:sitemap/sm:loc", NS)]
    return [n for n in names if n != "sitemap-languages.xml"]


def read_sitemap(out: Path) -> dict[str, dict[str, str]]:
    """loc -> {hreflang: href} over every release sitemap file, checking each entry's shape on the way."""
    entries: dict[str, dict[str, str]] = {}
    for name in sitemap_files(out):
        root = SafeET.fromstring((out / name).read_bytes())
        assert root.tag == f"{{{NS['sm']}}}urlset"
        for url in root.findall("sm:url", NS):
            loc = url.findtext("sm:loc", namespaces=NS)
            dt.date.fromisoformat(url.findtext("sm:lastmod", namespaces=NS))
            links = url.findall("xhtml:link", NS)
            assert all(link.get("rel") == "alternate" for link in links)
            entries[loc] = {link.get("hreflang"): link.get("href") for link in links}
    return entries


def test_sitemap_lists_every_page_with_reciprocal_alternates(tmp_path: Path) -> None:
    publish(tmp_path, "2026-03-port-elizabeth")
    entries = read_sitemap(tmp_path)
    urls = {tag: f"{BASE}/{tag}/2026-03-port-elizabeth.html" for tag in ("en", "fr", "ar")}
    assert set(entries) == set(urls.values())
    for alternates in entries.values():
        assert alternates == {**urls, "x-default": urls["en"]}


def test_sitemap_is_well_formed_utf8_with_declared_namespaces(tmp_path: Path) -> None:
    publish(tmp_path, "2026-03-port-elizabeth")
    raw = (tmp_path / sitemap_files(tmp_path)[0]).read_bytes()
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert b'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"' in raw
    assert b'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in raw


def test_earlier_releases_stay_listed(tmp_path: Path) -> None:
    publish(tmp_path, "2026-03-port-elizabeth")
    publish(tmp_path, "2026-04-early-warning")
    entries = read_sitemap(tmp_path)
    assert len(entries) == 5
    assert entries[f"{BASE}/es/2026-04-early-warning.html"]["x-default"] == f"{BASE}/en/2026-04-early-warning.html"
    assert entries[f"{BASE}/ar/2026-03-port-elizabeth.html"]["fr"] == f"{BASE}/fr/2026-03-port-elizabeth.html"


def test_remove_release_deletes_pages_and_report_and_updates_sitemap(tmp_path: Path) -> None:
    publish(tmp_path, "2026-03-port-elizabeth")
    publish(tmp_path, "2026-04-early-warning")
    report = report_path(tmp_path, "2026-03-port-elizabeth")
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text("{}", encoding="utf-8")
    removed = remove_release(tmp_path, "2026-03-port-elizabeth", BASE)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in removed) == [
        "ar/2026-03-port-elizabeth.html",
        "en/2026-03-port-elizabeth.html",
        "fr/2026-03-port-elizabeth.html",
        "reports/2026-03-port-elizabeth.json",
    ]
    assert set(read_sitemap(tmp_path)) == {
        f"{BASE}/en/2026-04-early-warning.html",
        f"{BASE}/es/2026-04-early-warning.html",
    }
    assert remove_release(tmp_path, "2026-03-port-elizabeth", BASE) == []


def test_scan_ignores_what_is_not_a_page(tmp_path: Path) -> None:
    publish(tmp_path, "2026-04-early-warning")
    (tmp_path / "reports").mkdir(exist_ok=True)
    (tmp_path / "reports" / "stray.html").write_text("x", encoding="utf-8")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "logo.html").write_text("x", encoding="utf-8")
    (tmp_path / "es" / ".2026-04-early-warning.html.abc.tmp").write_text("half", encoding="utf-8")
    (tmp_path / "es" / "notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / "pt_BR").mkdir()
    (tmp_path / "pt_BR" / "x.html").write_text("x", encoding="utf-8")
    assert {slug: sorted(langs) for slug, langs in published_pages(tmp_path).items()} == {
        "2026-04-early-warning": ["en", "es"]
    }


def test_x_default_is_read_from_the_pages(tmp_path: Path) -> None:
    fr = parse_language("fr")
    pages = [
        PageContent(fr, "Communiqué du GCRF", None, "<p>Texte source en français.</p>", status="source"),
        PageContent(EN, "GCRF statement", None, "<p>Translated text.</p>", status="machine"),
    ]
    publish_release_pages(tmp_path, "fr-first", pages, source=fr, base_url=BASE)
    for alternates in read_sitemap(tmp_path).values():
        assert alternates["x-default"] == f"{BASE}/fr/fr-first.html"


@pytest.mark.parametrize("base", [BASE, BASE + "/"])
def test_rebuild_on_empty_folder_gives_an_empty_sitemap_index(tmp_path: Path, base: str) -> None:
    path = rebuild_sitemap(tmp_path, base)
    assert path == tmp_path / "sitemap.xml"
    assert read_sitemap(tmp_path) == {}


def test_urls_with_special_characters_are_escaped(tmp_path: Path) -> None:
    base = "https://news.gcrf.example/a&b"
    pages = [PageContent(EN, "Fish & chips", None, "<p>x</p>", status="source")]
    publish_release_pages(tmp_path, "fish", pages, source=EN, base_url=base)
    assert b"a&amp;b" in (tmp_path / sitemap_files(tmp_path)[0]).read_bytes()
    assert set(read_sitemap(tmp_path)) == {"https://news.gcrf.example/a&b/en/fish.html"}


def test_pseudo_previews_are_not_submitted(tmp_path: Path) -> None:
    pages = [
        PageContent(EN, "Tidewatch goes live", None, "<p>x</p>", status="source"),
        PageContent(parse_language("pt"), "Tidewatch entra em operação", None, "<p>x</p>", status="machine"),
        PageContent(parse_language("fr"), "[!!! Ţíðéŵáţçĥ !!!]", None, "<p>x</p>", status="pseudo"),
    ]
    publish_release_pages(tmp_path, "tidewatch", pages, source=EN, base_url=BASE)
    entries = read_sitemap(tmp_path)
    assert set(entries) == {f"{BASE}/en/tidewatch.html", f"{BASE}/pt/tidewatch.html"}
    assert all(set(alternates) == {"en", "pt", "x-default"} for alternates in entries.values())
