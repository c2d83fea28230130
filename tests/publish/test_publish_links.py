"""Language links: URLs, hreflang reciprocity across a published release, held languages, slugs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from transpub.errors import LanguageError, PublishError
from transpub.languages import parse_language
from transpub.publish import PageContent, existing_languages, publish_release_pages
from transpub.publish.links import (
    alternates,
    check_slug,
    display_name,
    normalize_base_url,
    order_versions,
    page_url,
    relative_href,
)

BASE = "https://news.gcrf.example/releases"
SLUG = "2026-04-tidewatch-launch"
EN = parse_language("en")

TITLES = {
    "en": "Tidewatch goes live for coastal communities",
    "pt": "Tidewatch entra em operação para comunidades costeiras",
    "es": "Tidewatch entra en funcionamiento para las comunidades costeras",
    "fr": "Tidewatch est mis en service pour les communautés côtières",
    "ar": "إطلاق منصة Tidewatch لخدمة المجتمعات الساحلية",
}


def contents(*tags: str, title_suffix: str = "") -> list[PageContent]:
    return [
        PageContent(
            parse_language(tag),
            TITLES[tag] + title_suffix,
            None,
            f"<p>{TITLES[tag]}</p>",
            date=dt.date(2026, 4, 22),
            status="source" if tag == "en" else "machine",
        )
        for tag in tags
    ]


def hreflangs(page: Path) -> dict[str, str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html5lib")
    return {link["hreflang"]: link["href"] for link in soup.head.find_all("link", rel="alternate", hreflang=True)}


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("https://news.gcrf.example/releases/", "https://news.gcrf.example/releases/fr/s.html"),
        ("http://localhost:8000", "http://localhost:8000/fr/s.html"),
    ],
)
def test_page_url(base: str, expected: str) -> None:
    assert page_url(base, "fr", "s") == expected


@pytest.mark.parametrize("base", ["releases", "ftp://news.example/x", "https://", "https://x.example/?q=1", 42])
def test_base_url_must_be_absolute_http(base: object) -> None:
    with pytest.raises(PublishError, match="absolute http") as err:
        normalize_base_url(base)  # type: ignore[arg-type]
    assert err.value.value == base


@pytest.mark.parametrize("slug", ["../x", "a/b", ".hidden", "", "a..b", "é-accent", "x" * 201])
def test_unsafe_slugs_are_refused(slug: str) -> None:
    with pytest.raises(PublishError, match="not a safe file name"):
        check_slug(slug)


def test_alternates_list_every_version_and_x_default_source() -> None:
    versions = order_versions(EN, ["ar", "pt", "en"])
    links = alternates(BASE, SLUG, versions)
    assert [a.hreflang for a in links] == ["en", "ar", "pt", "x-default"]
    assert links[-1].href == f"{BASE}/en/{SLUG}.html"


def test_order_versions_rejects_unknown_language() -> None:
    with pytest.raises(LanguageError):
        order_versions(EN, ["xx"])


@pytest.mark.parametrize(
    ("tag", "name"),
    [
        ("es", "Español"),
        ("fr", "Français"),
        ("ar", "العربية"),
        ("pt-BR", "Português (Brasil)"),
        ("hi", "हिन्दी"),
        ("ru", "Русский"),
        ("tr", "Türkçe"),
        ("zh-Hant", "中文 (繁體)"),
    ],
)
def test_display_names(tag: str, name: str) -> None:
    assert display_name(parse_language(tag)) == name


def test_relative_href_points_at_the_sibling_folder() -> None:
    assert relative_href("pt-BR", "ar", SLUG) == f"../ar/{SLUG}.html"


def test_hreflang_reciprocity_across_a_published_release(tmp_path: Path) -> None:
    pages = publish_release_pages(tmp_path, SLUG, contents("en", "pt", "es", "fr", "ar"), source=EN, base_url=BASE)
    assert [p.relative_to(tmp_path).as_posix() for p in pages] == [
        f"{tag}/{SLUG}.html" for tag in ("en", "pt", "es", "fr", "ar")
    ]
    expected = {tag: f"{BASE}/{tag}/{SLUG}.html" for tag in ("en", "pt", "es", "fr", "ar")}
    expected["x-default"] = f"{BASE}/en/{SLUG}.html"
    for page in pages:
        assert hreflangs(page) == expected, page


def test_switcher_links_resolve_to_published_files(tmp_path: Path) -> None:
    pages = publish_release_pages(tmp_path, SLUG, contents("en", "pt", "ar"), source=EN, base_url=BASE)
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html5lib")
        for link in soup.find("nav", class_="languages").find_all("a"):
            assert (page.parent / link["href"]).resolve().is_file()


def test_held_language_keeps_its_page_and_stays_linked(tmp_path: Path) -> None:
    publish_release_pages(tmp_path, SLUG, contents("en", "pt", "ar"), source=EN, base_url=BASE)
    held = tmp_path / "ar" / f"{SLUG}.html"
    before = held.read_bytes()
    publish_release_pages(tmp_path, SLUG, contents("en", "pt", title_suffix=" (atualizado)"), source=EN, base_url=BASE)
    assert held.read_bytes() == before
    assert "ar" in hreflangs(tmp_path / "pt" / f"{SLUG}.html")
    assert "(atualizado)" in (tmp_path / "pt" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert existing_languages(tmp_path, SLUG) == ("ar", "en", "pt")


def test_republishing_one_language_links_to_the_existing_source(tmp_path: Path) -> None:
    publish_release_pages(tmp_path, SLUG, contents("en", "pt"), source=EN, base_url=BASE)
    (pt_page,) = publish_release_pages(tmp_path, SLUG, contents("pt"), source=EN, base_url=BASE)
    assert hreflangs(pt_page)["x-default"] == f"{BASE}/en/{SLUG}.html"


def test_explicit_versions_override_the_scan(tmp_path: Path) -> None:
    pages = publish_release_pages(
        tmp_path, SLUG, contents("en", "pt"), source=EN, base_url=BASE, versions=["en", "pt", "fr"]
    )
    assert set(hreflangs(pages[0])) == {"en", "pt", "fr", "x-default"}


def test_source_page_must_exist_or_be_given(tmp_path: Path) -> None:
    with pytest.raises(PublishError, match="source page is neither given nor published"):
        publish_release_pages(tmp_path, SLUG, contents("pt"), source=EN, base_url=BASE)
    assert not (tmp_path / "pt").exists()


def test_duplicate_languages_are_refused(tmp_path: Path) -> None:
    with pytest.raises(PublishError, match="same language"):
        publish_release_pages(tmp_path, SLUG, contents("en", "pt", "pt"), source=EN, base_url=BASE)


def test_existing_languages_of_an_unpublished_folder(tmp_path: Path) -> None:
    assert existing_languages(tmp_path / "never-published", SLUG) == ()
    publish_release_pages(tmp_path, SLUG, contents("en", "fr"), source=EN, base_url=BASE)
    assert existing_languages(tmp_path, SLUG) == ("en", "fr")
    assert existing_languages(tmp_path, "another-release") == ()
