"""Atomic writes: the old file survives every failure, no temporary file is left behind."""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from transpub.errors import PublishError
from transpub.languages import parse_language
from transpub.publish import PageContent, publish_release_pages, write_atomic, write_many_atomic

OLD = "<p>Versão anterior: comunidades costeiras.</p>"
NEW = "<p>Nova versão: resiliência climática.</p>"


class Boom(RuntimeError):
    """Raised by the tests to interrupt a write midway."""


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*.tmp"))


def chunks_then_fail() -> Iterator[str]:
    yield "<p>Nova versão, primeira metade"
    raise Boom("renderer crashed halfway")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("<p>Olá, الصندوق, 日本語</p>", "<p>Olá, الصندوق, 日本語</p>".encode()),
        (b"\x00\x01binary", b"\x00\x01binary"),
        (iter(["<p>", "partes ", b"em bytes", "</p>"]), b"<p>partes em bytes</p>"),
    ],
)
def test_writes_text_bytes_and_chunks(tmp_path: Path, data: object, expected: bytes) -> None:
    path = write_atomic(tmp_path / "pt" / "page.html", data)  # type: ignore[arg-type]
    assert path.read_bytes() == expected
    assert leftovers(tmp_path) == []


def test_failing_generator_leaves_old_file_intact(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(OLD, encoding="utf-8")
    with pytest.raises(Boom):
        write_atomic(page, chunks_then_fail())
    assert page.read_text(encoding="utf-8") == OLD
    assert leftovers(tmp_path) == []


def test_failing_replace_leaves_old_file_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = tmp_path / "page.html"
    page.write_text(OLD, encoding="utf-8")

    def refuse(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(PublishError, match="cannot replace file: No space left on device") as err:
        write_atomic(page, NEW)
    assert err.value.path == str(page)
    monkeypatch.undo()
    assert page.read_text(encoding="utf-8") == OLD
    assert leftovers(tmp_path) == []


def test_failing_fsync_leaves_old_file_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = tmp_path / "page.html"
    page.write_text(OLD, encoding="utf-8")

    def broken_disk(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken_disk)
    with pytest.raises(PublishError, match="cannot write file: Input/output error"):
        write_atomic(page, NEW)
    monkeypatch.undo()
    assert page.read_text(encoding="utf-8") == OLD
    assert leftovers(tmp_path) == []


def test_batch_replaces_nothing_when_one_file_fails(tmp_path: Path) -> None:
    files = {tmp_path / lang / "gcrf.html": OLD for lang in ("en", "pt", "ar")}
    for path, text in files.items():
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
    batch = {tmp_path / "en" / "gcrf.html": NEW, tmp_path / "pt" / "gcrf.html": NEW}
    batch[tmp_path / "ar" / "gcrf.html"] = chunks_then_fail()  # type: ignore[assignment]
    with pytest.raises(Boom):
        write_many_atomic(batch)
    assert all(path.read_text(encoding="utf-8") == OLD for path in files)
    assert leftovers(tmp_path) == []


def test_batch_writes_all_in_order(tmp_path: Path) -> None:
    batch = {tmp_path / "fr" / "a.html": "Communautés côtières", tmp_path / "reports" / "a.json": "{}"}
    assert write_many_atomic(batch) == list(batch)
    assert (tmp_path / "fr" / "a.html").read_text(encoding="utf-8") == "Communautés côtières"


def test_permissions_of_the_replaced_file_are_kept(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(OLD, encoding="utf-8")
    page.chmod(0o640)
    write_atomic(page, NEW)
    assert stat.S_IMODE(page.stat().st_mode) == 0o640
    fresh = write_atomic(tmp_path / "fresh.html", NEW)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644


def test_unwritable_location_is_a_publish_error(tmp_path: Path) -> None:
    blocker = tmp_path / "en"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    with pytest.raises(PublishError, match="cannot create a temporary file") as err:
        write_atomic(blocker / "page.html", NEW)
    assert err.value.path == str(blocker)


def test_release_pages_stay_old_when_rendering_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    en, pt = parse_language("en"), parse_language("pt")
    base = "https://news.gcrf.example"

    def pages(title: str) -> list[PageContent]:
        return [
            PageContent(
                en, f"{title} coastal communities", None, "<p>x</p>", date=dt.date(2026, 1, 9), status="source"
            ),
            PageContent(pt, f"{title} comunidades costeiras", None, "<p>x</p>", status="machine"),
        ]

    written = publish_release_pages(tmp_path, "gcrf", pages("Old"), source=en, base_url=base)
    before = {p: p.read_bytes() for p in written}
    sitemap = (tmp_path / "sitemap.xml").read_bytes()

    def refuse(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(PublishError):
        publish_release_pages(tmp_path, "gcrf", pages("New"), source=en, base_url=base)
    monkeypatch.undo()
    assert {p: p.read_bytes() for p in written} == before
    assert (tmp_path / "sitemap.xml").read_bytes() == sitemap
    assert leftovers(tmp_path) == []
