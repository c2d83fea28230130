"""The argos engine end to end: install models from a package index served on 127.0.0.1 with `transpub models
install`, then `transpub publish` with them. The test package copies its input exactly, so every translated page
must carry the source page's body text, attributes and comments unchanged."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import html5lib
import pytest
from bs4 import BeautifulSoup, Comment

from support.argos_builder import build_copy_package
from support.package_index import serve_package_index

RELEASE = """<!DOCTYPE html>
<html><head><title>Tidewatch reaches the Sahel coast</title>
<meta name="description" content="Tidewatch now covers 12 more Member States."></head>
<body><article>
<h1>Tidewatch reaches the Sahel coast</h1>
<p>The <strong>Global Coastal Resilience Fund</strong> (GCRF) said on Monday that Tidewatch, its open data platform,
now serves 40,000 fishers. Mr. Okafor called it <em>“a turning point”</em>.</p>
<!-- editor: check the figure with the Dakar office -->
<p><img src="/img/gauge.jpg" alt="A tide gauge in Saint-Louis"> Read the
<a href="https://gcrf.example.org/tidewatch" title="Tidewatch data portal">data portal</a> or run
<code>tidewatch --region sahel</code>. <span translate="no">GCRF-TW-2026</span> is the project code.</p>
</article></body></html>
"""


def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "transpub.cli", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _body(path: Path) -> tuple[object, ...]:
    """Title, description, and the text nodes, (tag, attribute, value) triples and comments of the release body."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")
    body = soup.select_one("div.release-body")
    assert body is not None
    texts = [str(t) for t in body.find_all(string=True) if not isinstance(t, Comment)]
    attrs = [(el.name, k, str(v)) for el in body.find_all(True) for k, v in sorted(el.attrs.items())]
    comments = [str(c) for c in body.find_all(string=lambda s: isinstance(s, Comment))]
    description = soup.find("meta", attrs={"name": "description"})
    return soup.h1.get_text(), description["content"], texts, attrs, comments


def test_models_install_from_local_index_then_publish_with_argos(tmp_path: Path) -> None:
    built = [build_copy_package(tmp_path / "built", "en", code) for code in ("es", "ar")]
    env = {
        **os.environ,
        "ARGOS_PACKAGES_DIR": str(tmp_path / "packages"),
        "PYTHONPATH": os.pathsep.join(sys.path),
    }
    (tmp_path / "r.html").write_text(RELEASE, encoding="utf-8")
    with serve_package_index(tmp_path / "index", built) as index:
        env["ARGOS_PACKAGE_INDEX"] = index.base_url
        listed = _run(["models", "list"], env, tmp_path)
        assert listed.returncode == 0, listed.stderr
        assert "en" in listed.stdout and "ar" in listed.stdout
        for code in ("es", "ar"):
            done = _run(["models", "install", "en", code], env, tmp_path)
            assert done.returncode == 0, done.stderr
    published = _run(
        ["publish", "r.html", "--to", "es,ar", "--engine", "argos", "--out", "site", "--no-prefect"], env, tmp_path
    )
    assert published.returncode == 0, published.stderr
    slug = "tidewatch-reaches-the-sahel-coast"
    source = tmp_path / "site" / "en" / f"{slug}.html"
    for lang in ("es", "ar"):
        page = tmp_path / "site" / lang / f"{slug}.html"
        html5lib.HTMLParser(strict=True).parse(page.read_text(encoding="utf-8"))
        assert _body(page) == _body(source), lang
    assert 'dir="rtl"' in (tmp_path / "site" / "ar" / f"{slug}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("pair", [["en", "ja"]])
def test_publish_into_a_language_with_no_model_names_the_install_command(tmp_path: Path, pair: list[str]) -> None:
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(tmp_path / "none"), "PYTHONPATH": os.pathsep.join(sys.path)}
    (tmp_path / "r.html").write_text(RELEASE, encoding="utf-8")
    done = _run(
        ["publish", "r.html", "--to", pair[1], "--engine", "argos", "--out", "site", "--no-prefect"], env, tmp_path
    )
    assert done.returncode == 2
    assert f"transpub models install {pair[0]} {pair[1]}" in done.stderr
    assert not (tmp_path / "site").exists()
