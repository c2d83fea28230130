"""One page per language: valid HTML5, babel for lang/dir/names/dates, notices, metadata, and escaping."""

from __future__ import annotations

import datetime as dt

import html5lib
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from transpub.errors import PublishError
from transpub.languages import parse_language
from transpub.publish import PageContent, render_page
from transpub.publish.notices import TEXTS

BASE = "https://news.gcrf.example/releases"
SLUG = "2026-03-coastal-horizons"
DATE = dt.date(2026, 3, 5)
EN = parse_language("en")

# (tag, title, body paragraph) in the GCRF world; keep-terms stay in English.
PAGES = {
    "en": ("GCRF launches the Coastal Horizons Initiative", "Amara Okafor presented Tidewatch to Member States."),
    "pt": ("GCRF lança a Coastal Horizons Initiative", "Amara Okafor apresentou o Tidewatch aos Estados-Membros."),
    "es": ("El GCRF lanza la Coastal Horizons Initiative", "Amara Okafor presentó Tidewatch a los Estados Miembros."),
    "fr": ("Le GCRF lance la Coastal Horizons Initiative", "Amara Okafor a présenté Tidewatch aux États membres."),
    "ar": (
        "الصندوق GCRF يطلق مبادرة Coastal Horizons Initiative",
        "قدّمت Amara Okafor منصة Tidewatch إلى الدول الأعضاء.",
    ),
    "he": ("GCRF משיקה את Coastal Horizons Initiative", "Amara Okafor הציגה את Tidewatch למדינות החברות."),
    "fa": (
        "GCRF طرح Coastal Horizons Initiative را آغاز کرد",
        "Amara Okafor سامانهٔ Tidewatch را به کشورهای عضو معرفی کرد.",
    ),
    "ur": ("GCRF نے Coastal Horizons Initiative کا آغاز کیا", "Amara Okafor نے رکن ممالک کو Tidewatch پیش کیا۔"),
    "ja": ("GCRF、Coastal Horizons Initiative を開始", "Amara Okafor 氏が加盟国に Tidewatch を紹介した。"),
    "de": ("GCRF startet die Coastal Horizons Initiative", "Amara Okafor stellte den Mitgliedstaaten Tidewatch vor."),
    "sw": ("GCRF yazindua Coastal Horizons Initiative", "Amara Okafor aliwasilisha Tidewatch kwa Nchi Wanachama."),
}
VERSIONS = [parse_language(tag) for tag in PAGES]


def content(tag: str, *, status: str | None = None, **changes: object) -> PageContent:
    title, sentence = PAGES[tag]
    fields: dict[str, object] = {
        "lang": parse_language(tag),
        "title": title,
        "summary": None,
        "body_html": f'<p>{sentence} <a href="https://tidewatch.example/?a=1&amp;b=2">Tidewatch</a></p>',
        "meta": {"description": title},
        "date": DATE,
        "status": status or ("source" if tag == "en" else "machine"),
    }
    fields.update(changes)
    return PageContent(**fields)  # type: ignore[arg-type]


def render(page: PageContent, versions: object = VERSIONS) -> str:
    return render_page(page, slug=SLUG, versions=versions, source=EN, base_url=BASE)  # type: ignore[arg-type]


def parse(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html5lib")


def assert_strict_html5(html: str) -> None:
    parser = html5lib.HTMLParser(strict=True)
    parser.parse(html)  # raises html5lib.html5parser.ParseError on the first error
    assert parser.errors == []


@pytest.mark.parametrize("tag", list(PAGES))
def test_every_page_is_strict_html5(tag: str) -> None:
    assert_strict_html5(render(content(tag)))


@pytest.mark.parametrize(
    ("tag", "direction"),
    [("ar", "rtl"), ("he", "rtl"), ("fa", "rtl"), ("ur", "rtl"), ("pt", "ltr"), ("ja", "ltr"), ("en", "ltr")],
)
def test_html_lang_and_dir_come_from_babel(tag: str, direction: str) -> None:
    root = parse(render(content(tag))).html
    assert root["lang"] == tag
    assert root["dir"] == direction


def test_regional_tag_is_kept_in_lang_and_urls() -> None:
    pt_br = parse_language("pt-BR")
    page = content("pt", lang=pt_br)
    soup = parse(render(page, versions=[EN, pt_br]))
    assert soup.html["lang"] == "pt-BR"
    assert soup.find("link", rel="canonical")["href"] == f"{BASE}/pt-BR/{SLUG}.html"
    assert soup.find("meta", property="og:locale")["content"] == "pt_BR"


def test_switcher_names_each_language_in_itself_capitalised() -> None:
    soup = parse(render(content("fr")))
    menu = soup.find("nav", class_="languages")
    names = {a["lang"]: a.get_text() for a in menu.find_all("a")}
    assert names["es"] == "Español"
    assert names["fr"] == "Français"
    assert names["pt"] == "Português"
    assert names["ar"] == "العربية"
    assert names["ja"] == "日本語"
    assert names["sw"] == "Kiswahili"
    assert menu["aria-label"] == "Langues"


def test_switcher_marks_the_current_page_and_links_the_others_relatively() -> None:
    soup = parse(render(content("ar")))
    links = soup.find("nav", class_="languages").find_all("a")
    current = [a for a in links if a.get("aria-current") == "page"]
    assert [a["lang"] for a in current] == ["ar"]
    others = {a["lang"]: a for a in links if a not in current}
    assert others["en"]["href"] == f"../en/{SLUG}.html"
    assert others["en"]["hreflang"] == "en"
    assert others["en"]["dir"] == "ltr"
    assert current[0]["dir"] == "rtl"


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("pt", "5 de março de 2026"),
        ("fr", "5 mars 2026"),
        ("ar", "5 مارس 2026"),
        ("ja", "2026年3月5日"),
        ("de", "5. März 2026"),
        ("en", "March 5, 2026"),
    ],
)
def test_publication_date_is_localized(tag: str, expected: str) -> None:
    time = parse(render(content(tag))).find("time")
    assert time.get_text() == expected
    assert time["datetime"] == "2026-03-05"


def test_no_date_means_no_dateline() -> None:
    soup = parse(render(content("pt", date=None)))
    assert soup.find("time") is None
    assert soup.find("meta", property="article:published_time") is None


@pytest.mark.parametrize(
    ("tag", "status", "expected"),
    [
        ("pt", "machine", "Esta página foi traduzida automaticamente."),
        ("es", "reviewed", "Esta página se ha traducido automáticamente y la ha revisado un traductor."),
        ("fr", "pseudo", "Cette page est un aperçu de pseudo-traduction, pas une vraie traduction."),
        ("ar", "machine", "تُرجمت هذه الصفحة آليًا."),
        ("ja", "reviewed", "このページは機械翻訳され、翻訳者が確認したものです。"),
    ],
)
def test_translated_pages_carry_a_notice_in_their_language(tag: str, status: str, expected: str) -> None:
    note = parse(render(content(tag, status=status))).find(class_="notice")
    assert note.get_text() == expected
    assert note.find("span") is None
    assert f"notice-{status}" in note["class"]


def test_source_page_has_no_notice() -> None:
    assert parse(render(content("en"))).find(class_="notice") is None


@pytest.mark.parametrize(("status", "indexed"), [("pseudo", False), ("machine", True), ("reviewed", True)])
def test_only_pseudo_pages_are_kept_out_of_search_engines(status: str, indexed: bool) -> None:
    robots = parse(render(content("de", status=status))).find("meta", attrs={"name": "robots"})
    assert (robots is None) is indexed
    if robots is not None:
        assert robots["content"] == "noindex"


def test_language_without_texts_falls_back_to_english_marked_as_such() -> None:
    yoruba = parse_language("yo")
    assert "yo" not in TEXTS
    page = PageContent(yoruba, "GCRF ṣe ifilọlẹ Tidewatch", None, "<p>Ẹ ku aaro.</p>", status="pseudo")
    html = render(page, versions=[EN, yoruba])
    assert_strict_html5(html)
    span = parse(html).find(class_="notice").find("span")
    assert span["lang"] == "en"
    assert span.get_text() == "This page is a pseudo-translation preview, not a real translation."


def test_every_shipped_language_has_all_three_notices() -> None:
    for key, texts in TEXTS.items():
        assert all((texts.machine, texts.reviewed, texts.pseudo, texts.languages)), key
        assert len({texts.machine, texts.reviewed, texts.pseudo}) == 3, key
    for required in ("es", "fr", "pt", "ar", "de", "it", "zh", "ru", "ja", "sw", "hi", "tr", "uk", "nl", "pl"):
        assert required in TEXTS


def test_head_metadata() -> None:
    page = content(
        "pt",
        summary="O fundo apoia comunidades costeiras.",
        meta={"description": "Resiliência climática para comunidades costeiras", "og:title": "GCRF e Tidewatch"},
    )
    soup = parse(render(page))
    head = soup.head
    assert head.find("meta", charset=True)["charset"] == "utf-8"
    assert "width=device-width" in head.find("meta", attrs={"name": "viewport"})["content"]
    assert head.title.get_text() == "GCRF lança a Coastal Horizons Initiative"
    assert head.find("meta", attrs={"name": "description"})["content"] == (
        "Resiliência climática para comunidades costeiras"
    )
    assert head.find("meta", property="og:title")["content"] == "GCRF e Tidewatch"
    assert head.find("meta", property="og:description")["content"] == (
        "Resiliência climática para comunidades costeiras"
    )
    assert head.find("meta", property="og:url")["content"] == f"{BASE}/pt/{SLUG}.html"
    assert head.find("link", rel="canonical")["href"] == f"{BASE}/pt/{SLUG}.html"
    alternates = {m["content"] for m in head.find_all("meta", property="og:locale:alternate")}
    assert "ar_EG" in alternates and "pt_BR" not in alternates  # Open Graph's language_TERRITORY form
    assert head.find("meta", property="og:locale")["content"] == "pt_BR"
    assert "border-inline-start" in head.style.string
    assert soup.find("p", class_="summary").get_text() == "O fundo apoia comunidades costeiras."


def test_description_falls_back_to_summary() -> None:
    soup = parse(render(content("fr", meta={}, summary="Le GCRF soutient les communautés côtières.")))
    assert soup.find("meta", attrs={"name": "description"})["content"] == "Le GCRF soutient les communautés côtières."


HOSTILE = [
    '<script>alert("x")</script>',
    'Tom & Jerry\'s "quoted" <b>bold</b>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "</title><script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
]


@pytest.mark.parametrize("text", HOSTILE)
def test_title_summary_and_meta_text_stay_text(text: str) -> None:
    page = content("es", title=text, summary=text, meta={"description": text, "og:title": text})
    html = render(page)
    assert_strict_html5(html)
    soup = parse(html)
    assert soup.find("script", type=lambda t: t != "application/ld+json") is None
    assert soup.find("img") is None
    assert soup.title.get_text() == text
    assert soup.h1.get_text() == text
    assert soup.find("p", class_="summary").get_text() == text
    assert soup.find("meta", attrs={"name": "description"})["content"] == text
    assert soup.find("meta", property="og:title")["content"] == text


def test_escaped_markup_in_the_body_stays_text() -> None:
    body = "<p>O código &lt;script&gt;alert(1)&lt;/script&gt; aparece como texto &amp; não executa.</p>"
    html = render(content("pt", body_html=body))
    assert_strict_html5(html)
    soup = parse(html)
    assert soup.find("script", type=lambda t: t != "application/ld+json") is None
    assert soup.find("div", class_="release-body").p.get_text() == (
        "O código <script>alert(1)</script> aparece como texto & não executa."
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_body_structure_and_links_survive_and_editorial_comments_do_not() -> None:
    body = (
        "<h2>Tidewatch</h2>\n<!-- editor note -->\n"
        '<ul><li>Um <em>sistema de alerta precoce</em></li><li><a href="/r?x=1&amp;y=2" title="Relatório">'
        'relatório</a></li></ul>\n<p translate="no">Port Elizabeth Declaration</p>'
    )
    html = render(content("pt", body_html=body))
    assert_strict_html5(html)
    assert "editor note" not in html and "<!--" not in html  # comments stay in the source file
    div = parse(html).find("div", class_="release-body")
    assert [t.name for t in div.find_all(recursive=False)] == ["h2", "ul", "p"]
    link = div.find("a")
    assert link["href"] == "/r?x=1&y=2"
    assert link["title"] == "Relatório"
    assert div.find("em").get_text() == "sistema de alerta precoce"


def test_status_must_match_source_language() -> None:
    with pytest.raises(PublishError, match="must have status 'source'"):
        render(content("pt", status="source"))
    with pytest.raises(PublishError, match="must have status 'source'"):
        render(content("en", status="machine"))


def test_unknown_status_and_empty_title_are_refused() -> None:
    with pytest.raises(PublishError, match="unknown page status: 'draft'"):
        content("pt", status="draft")
    with pytest.raises(PublishError, match="empty title"):
        content("pt", title="  ")


def test_page_language_must_be_a_version() -> None:
    with pytest.raises(PublishError, match="not among the release's versions") as err:
        render(content("ar"), versions=[EN, parse_language("pt")])
    assert err.value.value == "ar"


def test_bad_base_url_is_refused() -> None:
    with pytest.raises(PublishError, match="absolute http"):
        render_page(content("pt"), slug=SLUG, versions=VERSIONS, source=EN, base_url="news.example/releases")


def test_meta_is_frozen_and_rendering_twice_is_identical() -> None:
    meta = {"description": "Resiliência climática"}
    page = content("pt", meta=meta)
    meta["description"] = "changed by the caller afterwards"
    assert page.meta["description"] == "Resiliência climática"
    with pytest.raises(TypeError):
        page.meta["description"] = "x"  # type: ignore[index]
    assert render(page) == render(page)


def test_translated_attributes_in_the_body_stay_attribute_text() -> None:
    body = (
        '<p><img src="/img/coast.jpg" alt="&quot;Costa&quot; &lt;script&gt;alert(1)&lt;/script&gt; &amp; mar">'
        ' <abbr title="Fundo Global para a Resiliência Costeira">GCRF</abbr></p>'
    )
    html = render(content("pt", body_html=body))
    assert_strict_html5(html)
    soup = parse(html)
    assert soup.find("script", type=lambda t: t != "application/ld+json") is None
    assert soup.find("img")["alt"] == '"Costa" <script>alert(1)</script> & mar'
    assert soup.find("abbr")["title"] == "Fundo Global para a Resiliência Costeira"


# Any printable text, with markup characters and bidi marks mixed in (control characters never reach a page:
# the release loader refuses them, and HTML forbids most of them).
TEXT = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn")),
        st.sampled_from(list("<>&\"'/=;\u200f\u200e")),
    ),
    min_size=1,
    max_size=60,
).filter(lambda s: s.strip())


@settings(max_examples=60, deadline=None)
@given(title=TEXT, summary=TEXT, description=TEXT)
def test_any_text_stays_text_and_the_page_stays_valid(title: str, summary: str, description: str) -> None:
    html = render(content("ar", title=title, summary=summary, meta={"description": description}))
    assert_strict_html5(html)
    soup = parse(html)
    assert soup.h1.get_text() == title
    assert soup.find("p", class_="summary").get_text() == summary
    assert soup.find("meta", attrs={"name": "description"})["content"] == description
