"""Faults, round two (issue 15): damaged memory files, a full disk, killed runs' temporary files, a slow older run
racing a newer one, a review file whose language is not the one it claims, and a review server facing slow or
weakly guarded clients. Each gives one clear error line (exit status 2, no traceback) or keeps the site right.
"""

from __future__ import annotations

import errno
import os
import re
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
import uvicorn

from support.publish_with_engine import write_config
from transpub import cli
from transpub.config import load_settings
from transpub.document import Origin
from transpub.engines.pseudo import PseudoEngine
from transpub.memory.store import TranslationMemory
from transpub.pipeline.publish import publish_releases
from transpub.review.redact import public_message
from transpub.review.server import HeaderDeadlineProtocol, check_token

RELEASE_A = "GCRF opens a regional office\n\nThe office serves coastal communities in 12 countries.\n"
RELEASE_B = "GCRF opens a regional office\n\nThe office now serves coastal communities in 15 countries.\n"


@pytest.fixture
def site(tmp_path: Path) -> dict[str, Path]:
    folders = {
        "release": tmp_path / "releases" / "office.txt",
        "out": tmp_path / "out",
        "memory": tmp_path / "tm.sqlite",
    }
    folders["release"].parent.mkdir()
    folders["release"].write_text(RELEASE_A, encoding="utf-8")
    folders["config"] = write_config(
        tmp_path / "transpub.toml", out=folders["out"], memory=folders["memory"], targets=("pt", "ar")
    )
    return folders


def run(args: Sequence[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    rc = cli.main(list(args))
    captured = capsys.readouterr()
    return rc, captured.out, captured.err


def one_error_line(err: str, *fragments: str) -> str:
    """The one error line of ``err`` (progress lines, ``transpub: reading …``, may come before it)."""
    lines = [ln for ln in err.strip().splitlines() if not re.match(r"transpub: (reading|translating) ", ln)]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in lines[0], f"{fragment!r} missing from {lines[0]!r}"
    return lines[0]


def publish_args(site: dict[str, Path]) -> list[str]:
    return ["publish", str(site["release"]), "--config", str(site["config"]), "--no-prefect"]


# --- a damaged translation memory ---------------------------------------------------------------------------------


def healthy_memory(path: Path, entries: int = 3_000) -> None:
    with TranslationMemory(path) as tm:
        items = [(f"Sentence number {i} about coastal resilience. " * 3, f"Frase {i}. " * 3) for i in range(entries)]
        tm.store_machine(items, "en", "pt", engine="pseudo", model="m", fingerprints={})
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


def sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in statements:
        conn.execute(statement)
    conn.close()


def damage_interior_page(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    interior = next(i for i in range(1, len(data) // page_size) if data[i * page_size] == 0x05)
    start = interior * page_size
    data[start + 12 : start + 40] = b"\xab" * 28  # its cell pointers
    path.write_bytes(bytes(data))


DAMAGE = {
    "interior-page": (damage_interior_page, "quick_check"),
    "negative-user-version": (lambda p: sql(p, "PRAGMA user_version = -7"), "schema version is -7"),
    "user-version-zero": (lambda p: sql(p, "PRAGMA user_version = 0"), "no schema version"),
    "user-version-behind-its-tables": (lambda p: sql(p, "PRAGMA user_version = 2"), "older than its tables"),
    "missing-table": (lambda p: sql(p, "DROP TABLE release_segments"), "'release_segments' is missing"),
    "missing-column": (lambda p: sql(p, "ALTER TABLE entries DROP COLUMN reviewer"), "no column 'reviewer'"),
    "row-breaking-a-constraint": (
        lambda p: sql(p, "PRAGMA ignore_check_constraints = 1", "UPDATE entries SET origin = 'weird' WHERE rowid = 5"),
        "CHECK constraint",
    ),
    "row-with-a-blob-target": (lambda p: sql(p, "UPDATE entries SET target = x'00ff' WHERE rowid = 9"), "malformed"),
    "garbage-after-the-header": (
        lambda p: p.write_bytes(p.read_bytes()[:100] + os.urandom(20_000)),
        "damaged",
    ),
}


@pytest.mark.parametrize(("damage", "says"), DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_memory_gives_one_error_naming_the_file(
    damage: object, says: str, site: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    healthy_memory(site["memory"])
    damage(site["memory"])  # type: ignore[operator]
    rc, _, err = run(publish_args(site), capsys)
    assert rc == 2
    one_error_line(err, "transpub: error:", str(site["memory"]), says)
    assert not site["out"].exists()


# --- the lock file on a full disk, and killed runs' temporary files -----------------------------------------------


def test_a_full_disk_when_the_output_folder_is_new_gives_one_error_and_leaves_no_folder(
    site: dict[str, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int, data: bytes, offset: int) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "pwrite", full)  # the lock file's one write (SQLite and page writes do not use it)
    rc, _, err = run(publish_args(site), capsys)
    assert rc == 2
    one_error_line(err, "transpub: error:", ".transpub.lock", "No space left on device")
    assert not site["out"].exists()


def test_killed_runs_temporary_files_are_swept_under_the_lock(
    site: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(publish_args(site), capsys)[0] == 0
    stale = [
        site["out"] / "pt" / ".gcrf-opens-a-regional-office.html.k2j_9xq1.tmp",
        site["out"] / "reports" / ".gcrf-opens-a-regional-office.json.zz81ab0c.tmp",
        site["out"] / ".sitemap.xml.abcdefgh.tmp",
    ]
    kept = site["out"] / "pt" / ".htaccess"
    for path in [*stale, kept]:
        path.write_text("half a page", encoding="utf-8")
    # a run that released the lock emptied the lock file: nothing to sweep, the site is not walked
    assert (site["out"] / ".transpub.lock").read_text() == ""
    assert run(publish_args(site), capsys)[0] == 0
    assert all(p.exists() for p in stale)
    # a killed run leaves its holder record in the lock file: the next run sweeps its temporary files
    (site["out"] / ".transpub.lock").write_text('{"pid": 999999, "host": "h", "since": "2026-01-01T00:00:00+00:00"}\n')
    assert run(publish_args(site), capsys)[0] == 0
    assert [p for p in stale if p.exists()] == []
    assert kept.exists() and (site["out"] / "pt" / "gcrf-opens-a-regional-office.html").exists()


# --- freshness: an older, slower run never overwrites a newer run's pages -----------------------------------------


class NewerRunMeanwhile(PseudoEngine):
    """While this (older) run translates version A, the source becomes B and a newer run publishes B."""

    def __init__(self, site: dict[str, Path]) -> None:
        super().__init__()
        self.site = site
        self.done = False

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        if not self.done:
            self.done = True
            self.site["release"].write_text(RELEASE_B, encoding="utf-8")
            assert cli.main(publish_args(self.site)) == 0
        return super().translate_batch(texts, source, target)


def test_an_older_slower_run_does_not_overwrite_pages_a_newer_run_wrote(site: dict[str, Path]) -> None:
    said: list[str] = []
    settings = load_settings(site["config"])
    result = publish_releases(
        [site["release"]], settings, engines={"pseudo": NewerRunMeanwhile(site)}, progress=said.append
    )
    assert result.releases == ()
    assert any(re.search(r"skipped gcrf-opens-a-regional-office: its source changed", s) for s in said), said
    page = (site["out"] / "en" / "gcrf-opens-a-regional-office.html").read_text(encoding="utf-8")
    assert "15 countries" in page and "12 countries" not in page


# --- review import: a file's trgLang is checked against its text --------------------------------------------------


def test_french_approved_as_arabic_is_refused_on_import(
    site: dict[str, Path], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(publish_args(site), capsys)[0] == 0
    xlf = tmp_path / "ar.xlf"
    config = ["--config", str(site["config"])]
    rc, _, err = run(
        ["review", "export", "gcrf-opens-a-regional-office", "--lang", "ar", "-o", str(xlf), *config], capsys
    )
    assert rc == 0, err
    french = iter(
        ["GCRF ouvre un bureau régional pour les communautés", "Le bureau sert les communautés côtières de la région."]
    )
    text = re.sub(
        r'<segment state="[^"]*">(\s*<source>.*?</source>\s*)<target>.*?</target>',
        lambda m: f'<segment state="reviewed">{m.group(1)}<target>{next(french, "Et le reste aussi.")}</target>',
        xlf.read_text(encoding="utf-8"),
        flags=re.DOTALL,
    )
    xlf.write_text(text, encoding="utf-8")
    rc, _, err = run(["review", "import", str(xlf), *config], capsys)
    assert rc != 0
    one_error_line(err, "ar.xlf", "Latin script, not Arabic script", "trgLang")
    with TranslationMemory(site["memory"]) as tm:
        assert tm.count("ar", origin=Origin.APPROVED) == 0


# --- the review server: header deadline, token strength, error text -----------------------------------------------


class QuickDeadline(HeaderDeadlineProtocol):
    header_timeout = 0.4


async def tiny_app(scope: dict, receive: object, send: object) -> None:  # type: ignore[type-arg]
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})  # type: ignore[operator]
    await send({"type": "http.response.body", "body": b"ok"})  # type: ignore[operator]


@pytest.fixture
def server() -> Iterator[int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(
        tiny_app,
        host="127.0.0.1",
        port=port,
        http=QuickDeadline,
        lifespan="off",
        log_level="error",
        timeout_keep_alive=30,
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    while not srv.started:
        time.sleep(0.02)
    yield port
    srv.should_exit = True
    thread.join(10)


def closed_by_server(conn: socket.socket) -> bool:
    conn.settimeout(10)
    try:
        while chunk := conn.recv(4096):
            if b"HTTP/1.1" in chunk:
                return False
        return True
    except TimeoutError:
        return False


def test_a_client_that_never_finishes_its_headers_is_cut_off(server: int) -> None:
    with socket.create_connection(("127.0.0.1", server)) as conn:
        conn.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # and then nothing
        assert closed_by_server(conn)


def test_the_next_request_on_a_kept_alive_connection_has_the_same_deadline(server: int) -> None:
    with socket.create_connection(("127.0.0.1", server)) as conn:
        conn.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        conn.settimeout(10)
        assert conn.recv(4096).startswith(b"HTTP/1.1 200")
        conn.sendall(b"GET / HTTP/1.1\r\nHo")
        assert closed_by_server(conn)


@pytest.mark.parametrize(
    ("host", "token", "ok"),
    [
        ("127.0.0.1", "a", True),
        ("::1", None, True),
        ("0.0.0.0", None, True),  # a strong one is generated
        ("0.0.0.0", "a", False),
        ("0.0.0.0", "aaaaaaaaaaaaaaaaaaaaaaaa", False),
        ("192.0.2.7", "hunter2", False),
        ("0.0.0.0", "Zq8-wL3_vN6xPb2T", True),
    ],
)
def test_a_token_off_loopback_must_be_strong(host: str, token: str | None, ok: bool) -> None:
    if ok:
        assert check_token(host, token) == token
    else:
        with pytest.raises(Exception, match="too weak"):
            check_token(host, token)


def test_review_serve_refuses_a_weak_token_on_all_interfaces(
    site: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    rc, _, err = run(["review", "serve", "--host", "0.0.0.0", "--token", "a", "--config", str(site["config"])], capsys)
    assert rc == 2
    one_error_line(err, "transpub: error:", "--token is too weak")


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        ("slug 'a' is also the slug of /srv/news/releases/a.md", "slug 'a' is also the slug of …/a.md"),
        ("cannot read /home/ana/site/out/reports/x.json (denied)", "cannot read …/x.json (denied)"),
        ("see https://news.example.org/pt/a.html", "see https://news.example.org/pt/a.html"),
        ("relative releases/a.md stays", "relative releases/a.md stays"),
    ],
)
def test_error_text_shown_by_the_review_page_has_no_absolute_paths(message: str, shown: str) -> None:
    assert public_message(message) == shown
