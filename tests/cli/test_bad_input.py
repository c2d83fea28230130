"""Bad input gets one clear error line and writes nothing; messy but readable input publishes safely.

Every refused case runs the real command (``transpub publish ... --no-prefect``, in process) and checks: exit
status 2, exactly one ``transpub: error:`` line naming the file (or the value) and the problem, no traceback, no
output folder content and no memory file. The library call raises the matching :class:`TranspubError` subclass.
"""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from support.publish_with_engine import write_config
from transpub import cli
from transpub.config import load_settings
from transpub.errors import ConfigError, GlossaryError, LanguageError, ReleaseError, TranspubError
from transpub.pipeline.publish import publish_releases

LIMIT = 1_500_000  # max_release_bytes in the test config; the size error must name it
TARGETS = ("pt", "fr")
GOOD_TXT = "GCRF opens a regional office\n\nThe office serves coastal communities in 12 countries.\n"
TEXT = "Café in São Paulo\n\nCoastal communities meet in São Paulo for the Tidewatch launch.\n"
WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


@dataclass(frozen=True)
class Refused:
    """A release file that must be refused: its name and bytes, the error class and what the message must say."""

    id: str
    filename: str
    data: bytes
    error: type[TranspubError]
    says: tuple[str, ...]


def md(front: str, body: str = "The office serves coastal communities.\n") -> bytes:
    return f"---\n{front}---\n\n{body}".encode()


REFUSED = (
    Refused("empty", "empty.txt", b"", ReleaseError, ("empty",)),
    Refused("whitespace-only", "blank.md", b"\n  \n\t\n", ReleaseError, ("empty",)),
    Refused("binary-png", "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), ReleaseError, ("binary",)),
    Refused("binary-as-html", "page.html", bytes(range(256)) * 4, ReleaseError, ("binary",)),
    Refused("latin-1", "latin.txt", TEXT.encode("latin-1"), ReleaseError, ("UTF-8", "Latin-1")),
    Refused("utf-16-without-bom", "utf16.txt", TEXT.encode("utf-16-le"), ReleaseError, ("UTF-16",)),
    Refused(
        "five-megabytes",
        "huge.txt",
        ("Huge release\n\n" + "Coastal communities need climate resilience. " * 120_000).encode(),
        ReleaseError,
        (f"{LIMIT}",),
    ),
    Refused("front-matter-bad-yaml", "yaml.md", md("title: [GCRF opens\ndate: 2026-03-14\n"), ReleaseError, ("YAML",)),
    Refused("front-matter-unclosed", "open.md", b"---\ntitle: GCRF\n\nBody text.\n", ReleaseError, ("never closed",)),
    Refused("bad-date", "date.md", md("title: GCRF opens\ndate: 2026-13-45\n"), ReleaseError, ("date", "2026-13-45")),
    Refused("date-not-a-date", "when.md", md("title: GCRF opens\ndate: next Tuesday\n"), ReleaseError, ("date",)),
    Refused("html-without-text", "blank.html", b"<html><body><p></p><div> </div></body></html>", ReleaseError, ()),
    Refused(
        "html-title-only",
        "title.html",
        b"<html><body><h1>GCRF opens Tidewatch</h1></body></html>",
        ReleaseError,
        ("body",),
    ),
    Refused(
        "html-quote-swallows-all",
        "quote.html",
        b'<h1 class="a>GCRF opens Tidewatch</h1><p>Coastal communities gather.</p>',
        ReleaseError,
        ("title",),
    ),
    Refused("slug-traversal", "slug.md", md("title: GCRF\nslug: ../../etc\n"), ReleaseError, ("slug", "../../etc")),
    Refused("slug-reserved-name", "con.md", md("title: GCRF\nslug: con\n"), ReleaseError, ("slug", "reserved")),
    Refused("slug-absolute-path", "abs.md", md("title: GCRF\nslug: /etc/passwd\n"), ReleaseError, ("slug",)),
)


@pytest.fixture
def site(tmp_path: Path) -> dict[str, Path]:
    folders = {"releases": tmp_path / "releases", "out": tmp_path / "out", "memory": tmp_path / "tm.sqlite"}
    folders["releases"].mkdir()
    folders["config"] = write_config(
        tmp_path / "transpub.toml",
        out=folders["out"],
        memory=folders["memory"],
        targets=TARGETS,
        max_release_bytes=LIMIT,
    )
    return folders


def publish_cli(args: Sequence[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    rc = cli.main(["publish", *args, "--no-prefect"])
    captured = capsys.readouterr()
    return rc, captured.out, captured.err


def assert_one_error_line(err: str, *fragments: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    line = lines[0]
    assert line.startswith("transpub: error: "), line
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in line, f"{fragment!r} missing from {line!r}"
    return line


def assert_nothing_written(site: dict[str, Path]) -> None:
    written = list(site["out"].rglob("*")) if site["out"].exists() else []
    assert written == [], f"refused run wrote {written}"
    assert not site["memory"].exists(), "refused run created the translation memory"


@pytest.mark.parametrize("case", REFUSED, ids=[c.id for c in REFUSED])
def test_bad_release_is_refused_clearly_and_writes_nothing(
    case: Refused, site: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = site["releases"] / case.filename
    path.write_bytes(case.data)

    rc, out, err = publish_cli([str(path), "--config", str(site["config"])], capsys)
    assert rc == 2
    assert out == ""
    assert_one_error_line(err, case.filename, *case.says)
    with pytest.raises(case.error) as raised:
        publish_releases([path], load_settings(site["config"]))
    assert raised.value.path is not None and raised.value.path.endswith(case.filename)
    assert_nothing_written(site)


def test_one_bad_release_in_a_folder_stops_the_good_ones_too(
    site: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    (site["releases"] / "a-good.txt").write_text(GOOD_TXT, encoding="utf-8")
    (site["releases"] / "b-bad.md").write_bytes(md("title: GCRF\ndate: 2026-02-30\n"))

    rc, _, err = publish_cli([str(site["releases"]), "--config", str(site["config"])], capsys)
    assert rc == 2
    assert_one_error_line(err, "b-bad.md", "2026-02-30")
    assert_nothing_written(site)


def test_utf16_with_byte_order_mark_is_detected_and_published_correctly(site: dict[str, Path]) -> None:
    path = site["releases"] / "utf16.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"))

    result = publish_releases([path], load_settings(site["config"]))
    (release,) = result.releases
    page = BeautifulSoup((site["out"] / "en" / f"{release.slug}.html").read_text(encoding="utf-8"), "html5lib")
    assert page.h1.get_text() == "Café in São Paulo"
    assert "Coastal communities meet in São Paulo" in page.get_text()


@dataclass(frozen=True)
class BadOption:
    """A command line whose language or glossary options must be refused before anything is read or written."""

    id: str
    args: tuple[str, ...]
    error: type[TranspubError]
    says: tuple[str, ...]
    glossary: str | None = None
    config_targets: tuple[str, ...] = field(default=TARGETS)


BAD_OPTIONS = (
    BadOption("unknown-language", ("--to", "pt,xx"), LanguageError, ("unknown language", "'xx'")),
    BadOption("malformed-language", ("--to", "p!t"), LanguageError, ("malformed language", "'p!t'")),
    BadOption("malformed-region", ("--to", "pt-BR-!"), LanguageError, ("malformed language",)),
    BadOption("duplicate-language", ("--to", "fr,pt,FR"), LanguageError, ("duplicate", "'fr'")),
    BadOption("target-is-source", ("--to", "pt,en"), LanguageError, ("source language", "'en'")),
    BadOption("config-unknown-language", (), ConfigError, ("language", "'zz-ZZ-qq'"), config_targets=("zz-ZZ-qq",)),
    BadOption("config-duplicate", (), ConfigError, ("duplicate", "'pt'"), config_targets=("pt", "pt")),
    BadOption(
        "glossary-language-not-in-run",
        ("--to", "pt", "--glossary", "{glossary}"),
        GlossaryError,
        ("terms.csv", "de"),
        glossary="en,de\nclimate resilience,Klimaresilienz\nGCRF,GCRF\n",
    ),
)


@pytest.mark.parametrize("case", BAD_OPTIONS, ids=[c.id for c in BAD_OPTIONS])
def test_bad_language_or_glossary_option_is_refused_and_writes_nothing(
    case: BadOption, tmp_path: Path, site: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    release = site["releases"] / "good.txt"
    release.write_text(GOOD_TXT, encoding="utf-8")
    config = site["config"]
    if case.config_targets != TARGETS:
        config = write_config(
            tmp_path / "custom.toml", out=site["out"], memory=site["memory"], targets=case.config_targets
        )
    glossary = tmp_path / "terms.csv"
    if case.glossary is not None:
        glossary.write_text(case.glossary, encoding="utf-8")
    args = [a.replace("{glossary}", str(glossary)) for a in case.args]

    rc, _, err = publish_cli([str(release), "--config", str(config), *args], capsys)
    assert rc == 2
    assert_one_error_line(err, *case.says)
    assert_nothing_written(site)
    options = dict(zip(args[::2], args[1::2], strict=True))
    with pytest.raises(case.error):
        settings = load_settings(config).with_overrides(
            targets=options["--to"].split(",") if "--to" in options else None,
            glossaries=[Path(options["--glossary"])] if "--glossary" in options else None,
        )
        publish_releases([release], settings)
    assert_nothing_written(site)


LENIENT_HTML = {
    "unclosed-everything": "<html><body><h1>GCRF opens Tidewatch</h1><p>Coastal communities <b>gather <i>today<p>Now",
    "misnested-inline": "<h1>GCRF <b>opens <i>Tidewatch</b> now</i></h1><p>Coastal <em>communities <b>gather</em></b>.",
    "stray-closing-tags": "<h1>GCRF opens Tidewatch</h1></div></span><p>Coastal communities gather.</p></p></li></ul>",
    "block-in-inline": "<h1>GCRF opens Tidewatch</h1><span><p>Coastal communities <div>gather</div> today.</p></span>",
    "table-soup": "<h1>GCRF opens Tidewatch</h1><table><p>Coastal communities<tr><td>gather<td>today</table>",
    "unterminated-comment": "<h1>GCRF opens Tidewatch</h1><p>Coastal communities gather.</p><!-- never closed <p>x",
    "stray-quotes": "<h1 class=a\"b>GCRF opens Tidewatch</h1><p title=x'y>Coastal communities gather.</p>",
}


@pytest.mark.parametrize("html", LENIENT_HTML.values(), ids=list(LENIENT_HTML))
def test_unclosed_and_misnested_html_is_parsed_leniently(html: str, site: dict[str, Path]) -> None:
    path = site["releases"] / "messy.html"
    path.write_text(html, encoding="utf-8")
    result = publish_releases([path], load_settings(site["config"]))
    (release,) = result.releases
    assert [p.relative_to(site["out"]).as_posix() for p in release.pages] == [
        f"{lang}/{release.slug}.html" for lang in ("en", *TARGETS)
    ]
    source_page = BeautifulSoup(release.pages[0].read_text(encoding="utf-8"), "html5lib")
    words = " ".join(source_page.get_text().split())
    assert "Coastal communities" in words or "GCRF opens" in words, words


DANGEROUS_TITLES = {
    "path-traversal": "../../etc/passwd",
    "windows-device": "CON",
    "windows-device-lower": "nul",
    "device-with-extension": "aux.txt",
    "only-punctuation": "!!! ??? ...",
    "dots": "..",
    "slashes": "/ \\ /",
    "non-ascii-only": "مؤتمر صحفي",
}


@pytest.mark.parametrize("title", DANGEROUS_TITLES.values(), ids=list(DANGEROUS_TITLES))
def test_title_that_would_make_a_dangerous_slug_gets_a_safe_one(
    title: str, tmp_path: Path, site: dict[str, Path]
) -> None:
    path = site["releases"] / "release.txt"
    path.write_text(f"{title}\n\nCoastal communities gather in Port Elizabeth.\n", encoding="utf-8")
    before = {p for p in tmp_path.rglob("*") if p.is_file()}

    result = publish_releases([path], load_settings(site["config"]))
    (release,) = result.releases
    slug = release.slug
    assert slug.lower() == slug and slug not in WINDOWS_RESERVED and slug.split(".")[0] not in WINDOWS_RESERVED
    assert all(part.isalnum() and part.isascii() for part in slug.split("-")), slug
    out = site["out"].resolve()
    memory_files = {site["memory"].name + suffix for suffix in ("", "-wal", "-shm", "-journal")}
    new_files = {p for p in tmp_path.rglob("*") if p.is_file()} - before
    outside = [p for p in new_files if not p.resolve().is_relative_to(out) and p.name not in memory_files]
    assert outside == [], f"files written outside the output folder: {outside}"
    for page in release.pages:
        assert page.resolve().parent.parent == out
        assert page.name == f"{slug}.html"
    source_page = BeautifulSoup(release.pages[0].read_text(encoding="utf-8"), "html5lib")
    assert " ".join(source_page.h1.get_text().split()) == " ".join(title.split())
