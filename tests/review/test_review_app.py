"""The review web app through Starlette's test client, on a release really published by the pipeline.

``support.review_site.build_site`` (also used by the import and browser tests) publishes one GCRF release into
Portuguese with a deterministic engine that loses the inline codes of the sentence about Tidewatch, so that segment
is flagged critical (``inline-code-lost``), as happens with real models.
"""

from __future__ import annotations

import html
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from starlette.testclient import TestClient

from support.review_site import SLUG, Site, build_site
from transpub.commands.review import pipeline_republisher
from transpub.document import Origin
from transpub.errors import ReviewError
from transpub.review.app import SECURITY_HEADERS, TOKEN_COOKIE, create_app
from transpub.review.apply import ReviewDesk


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return build_site(tmp_path)


@pytest.fixture
def client(site: Site) -> Iterator[TestClient]:
    with site.memory() as memory:
        app = create_app(site.desk(memory), csrf="test-csrf", reviewer="Beatriz Souza")
        with TestClient(app, base_url="http://127.0.0.1:8765") as test_client:
            yield test_client


def test_the_release_list_counts_open_flags_per_language(client: TestClient, site: Site) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert "GCRF launches the Coastal Horizons Initiative" in response.text
    assert f'href="/review/{SLUG}/pt"' in response.text
    assert site.report().language("pt").open_flags >= 1
    assert f'data-lang="pt">{site.report().language("pt").open_flags} open flag(s)' in response.text


def test_an_output_folder_with_nothing_published_says_so(site: Site, tmp_path: Path) -> None:
    with site.memory() as memory:
        desk = ReviewDesk(tmp_path / "empty-out", memory, pipeline_republisher(site.settings, engines=site.engines))
        with TestClient(create_app(desk), base_url="http://127.0.0.1:8765") as empty:
            assert "No published release yet" in empty.get("/").text


def test_the_language_page_shows_each_flagged_segment_with_an_editor(client: TestClient, site: Site) -> None:
    flagged = site.report().language("pt").segment(site.flagged_id())
    html = client.get(f"/review/{SLUG}/pt").text
    assert html.count('<article class="seg"') == 1  # only the flagged segment
    assert f'data-segment="{flagged.id}"' in html
    assert "Tidewatch" in html
    assert "inline-code-lost" in html
    assert '<span class="code">{1}</span>' in html  # the source's link shown as a code chip
    assert 'name="csrf" value="test-csrf"' in html
    assert "Approve all unflagged" in html
    assert '<script src="/static/review.js" defer></script>' in html


def test_every_segment_is_escaped_when_all_are_shown(client: TestClient) -> None:
    html = client.get(f"/review/{SLUG}/pt?all=1").text
    assert html.count('<article class="seg"') >= 4
    assert '<p class="source" lang="en">Tags such as &lt;b&gt; stay text.</p>' in html  # shown as text
    # the editor shows the target as the translator types it (codes as {1}…{/1}, text unescaped), escaped for HTML
    assert re.search(r"<textarea[^>]*>[^<]*&lt;ƀ&gt;[^<]*</textarea>", html)
    assert "such as <b>" not in html and "<ƀ>" not in html


def test_responses_carry_the_security_headers(client: TestClient) -> None:
    response = client.get(f"/review/{SLUG}/pt")
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    assert client.get("/static/review.js").status_code == 200


def test_approving_an_edit_stores_it_and_republishes_the_page(client: TestClient, site: Site) -> None:
    seg_id = site.flagged_id()
    target = (
        "Os Estados-Membros financiarão um sistema de alerta precoce, com dados abertos no "
        '<g id="1">Tidewatch</g> para todos.'
    )
    before = site.page()
    response = client.post(
        f"/review/{SLUG}/pt/approve",
        data={"csrf": "test-csrf", "segment": seg_id, "target": target},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith(f"/review/{SLUG}/pt?msg=Approved")
    page = site.page()
    assert page != before
    assert '<a href="https://tidewatch.example.org/data">Tidewatch</a> para todos.' in page
    with site.memory() as memory:
        source = site.report().language("pt").segment(seg_id).source
        entry = memory.lookup_many([source], "en", "pt")[source]
    assert (entry.origin, entry.target, entry.reviewer) == (Origin.APPROVED, target, "Beatriz Souza")
    assert site.report().language("pt").open_flags == 0
    assert "No open flags in this language." in client.get(response.headers["location"]).text


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("Os Estados-Membros financiarão um sistema, com dados no Tidewatch.", "missing: g1"),
        ("", "target is empty"),
        ('Dados no <g id="1">Tidewatch</g> [T1].', "placeholder"),
    ],
)
def test_a_refused_edit_is_shown_again_with_the_reason(
    client: TestClient, site: Site, target: str, reason: str
) -> None:
    before = site.page()
    response = client.post(
        f"/review/{SLUG}/pt/approve", data={"csrf": "test-csrf", "segment": site.flagged_id(), "target": target}
    )
    assert response.status_code == 422
    assert reason in response.text
    assert f">{html.escape(target)}</textarea>" in response.text  # the edit comes back for fixing
    assert site.page() == before
    with site.memory() as memory:
        assert memory.count("pt", origin=Origin.APPROVED) == 0


def test_approve_all_unflagged_is_one_click(client: TestClient, site: Site) -> None:
    language = site.report().language("pt")
    unflagged = [s for s in language.segments if not s.flags and s.origin in (Origin.MT, Origin.MEMORY)]
    response = client.post(f"/review/{SLUG}/pt/approve-unflagged", data={"csrf": "test-csrf"}, follow_redirects=False)
    assert response.status_code == 303
    assert f"Approved+{len(unflagged)}+unflagged" in response.headers["location"]
    after = site.report().language("pt")
    assert all(after.segment(s.id).origin is Origin.APPROVED for s in unflagged)
    assert after.segment(site.flagged_id()).origin is not Origin.APPROVED  # flagged ones wait for a person


@pytest.mark.parametrize(
    ("data", "headers"),
    [
        ({"segment": "b1.s1", "target": "x"}, {}),
        ({"csrf": "guessed", "segment": "b1.s1", "target": "x"}, {}),
        ({"csrf": "test-csrf", "segment": "b1.s1", "target": "x"}, {"origin": "https://evil.example"}),
    ],
)
def test_forged_posts_are_refused(client: TestClient, site: Site, data: dict, headers: dict) -> None:
    response = client.post(f"/review/{SLUG}/pt/approve", data=data, headers=headers)
    assert response.status_code == 403
    with site.memory() as memory:
        assert memory.count("pt", origin=Origin.APPROVED) == 0


def test_on_loopback_only_loopback_host_names_are_answered(client: TestClient) -> None:
    assert client.get("/", headers={"host": "rebound.example:8765"}).status_code == 400
    assert client.get("/", headers={"host": "localhost:8765"}).status_code == 200


def test_an_unknown_release_or_language_is_a_404(client: TestClient) -> None:
    assert client.get("/review/no-such-release/pt").status_code == 404
    assert client.get(f"/review/{SLUG}/fr").status_code == 404


def test_beyond_loopback_a_token_is_required(site: Site) -> None:
    with site.memory() as memory:
        with pytest.raises(ReviewError, match="needs a token"):
            create_app(site.desk(memory), host="0.0.0.0")
        app = create_app(site.desk(memory), host="0.0.0.0", token="s3cret-token")
        with TestClient(app, base_url="http://192.0.2.10:8765") as anonymous:
            assert anonymous.get("/").status_code == 401
            assert anonymous.get("/?token=wrong").status_code == 401
            assert anonymous.get("/", headers={"authorization": "Bearer s3cret-token"}).status_code == 200
        with TestClient(app, base_url="http://192.0.2.10:8765") as browser:
            first = browser.get(f"/review/{SLUG}/pt?token=s3cret-token", follow_redirects=False)
            assert first.status_code == 303
            assert first.headers["location"] == f"/review/{SLUG}/pt"
            assert TOKEN_COOKIE in first.headers["set-cookie"]
            assert "httponly" in first.headers["set-cookie"].lower()
            assert browser.get(f"/review/{SLUG}/pt").status_code == 200  # the cookie now carries the token


def test_transpub_review_serve_starts_the_page_on_loopback(site: Site, tmp_path: Path) -> None:
    config = tmp_path / "transpub.toml"
    config.write_text(
        '[transpub]\ntargets = ["pt"]\nout = "out"\nmemory = "tm.sqlite"\ndefault_engine = "pseudo"\n', encoding="utf-8"
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    command = [sys.executable, "-m", "transpub.cli", "review", "serve", "--config", str(config), "--port", str(port)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as server:
        try:
            assert server.stdout.readline().strip() == f"review page: {url}"
            response = None
            pause = threading.Event()
            for _ in range(600):  # uvicorn binds just after printing: retry until it answers (or exits)
                if server.poll() is not None:
                    break
                try:
                    response = httpx.get(url, timeout=5)
                    break
                except httpx.ConnectError:
                    pause.wait(0.05)
            assert response is not None, server.stdout.read()
            assert response.status_code == 200
            assert SLUG in response.text
        finally:
            server.terminate()
            server.wait(timeout=30)
