"""Argos package discovery, index reading, download and installation, and the `transpub models` command."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from support.argos_builder import build_copy_package
from support.package_index import serve_package_index
from transpub.commands import models as models_command
from transpub.engines import packages as models
from transpub.errors import ConfigError, ModelInstallError


@pytest.fixture
def packages_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty Argos packages folder for one test (argostranslate reads it from its settings module)."""
    from argostranslate import settings

    folder = tmp_path / "argos-packages"
    folder.mkdir()
    monkeypatch.setattr(settings, "package_data_dir", folder)
    monkeypatch.setattr(settings, "package_dirs", [folder])
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Copy packages for a few pairs, plus a newer en->es."""
    folder = tmp_path_factory.mktemp("built")
    packages = {f"{a}-{b}": build_copy_package(folder, a, b) for a, b in [("en", "es"), ("en", "pb"), ("en", "ar")]}
    packages["en-es-1.1"] = build_copy_package(folder / "v11", "en", "es", version="1.1")
    return packages


@pytest.fixture
def index(tmp_path: Path, built: dict[str, Path]):
    with serve_package_index(tmp_path / "index", [built["en-es"], built["en-pb"], built["en-ar"]]) as served:
        yield served


def _cli() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="transpub")
    models_command.register(parser.add_subparsers(dest="command", required=True))
    return parser


def _run(*argv: str) -> int:
    args = _cli().parse_args(list(argv))
    return args.func(args)


@pytest.mark.parametrize(
    ("tag", "codes"),
    [
        ("es", ("es",)),
        ("pt-BR", ("pb", "pt")),
        ("pt_br", ("pb", "pt")),
        ("pt-PT", ("pt",)),
        ("zh-Hant", ("zt",)),
        ("zh-TW", ("zt",)),
        ("zh-Hans", ("zh",)),
        ("AR", ("ar",)),
    ],
)
def test_argos_codes(tag: str, codes: tuple[str, ...]) -> None:
    assert models.argos_codes(tag) == codes


@pytest.mark.parametrize(
    ("explicit", "env", "expected"),
    [
        ("http://h/i.json", "http://other/", "http://h/i.json"),
        (None, "http://mirror.example/argos/", "http://mirror.example/argos/index.json"),
        (None, "http://mirror.example/argos", "http://mirror.example/argos/index.json"),
        (None, "file:///srv/index.json", "file:///srv/index.json"),
        (None, None, models.DEFAULT_INDEX_URL),
    ],
)
def test_resolve_index_url(
    monkeypatch: pytest.MonkeyPatch, explicit: str | None, env: str | None, expected: str
) -> None:
    if env is None:
        monkeypatch.delenv("ARGOS_PACKAGE_INDEX", raising=False)
    else:
        monkeypatch.setenv("ARGOS_PACKAGE_INDEX", env)
    assert models.resolve_index_url(explicit) == expected


def test_fetch_index_reads_entries(index) -> None:
    available = models.fetch_index(index.url)
    assert sorted((m.from_code, m.to_code, m.version) for m in available) == [
        ("en", "ar", "1.0"),
        ("en", "es", "1.0"),
        ("en", "pb", "1.0"),
    ]
    es = models.find_available(available, "en", "es")
    assert es.links == (f"{index.base_url}packages/translate-en_es.argosmodel",)
    assert es.size == (index.root / "packages" / "translate-en_es.argosmodel").stat().st_size
    assert models.find_available(available, "en", "pt-BR").to_code == "pb"
    assert models.find_available(available, "en", "de") is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not json", "package index is not JSON"),
        (b'{"from_code": "en"}', "package index is not a JSON list"),
        (b"[1]", "entry 1 is not an object"),
        (b'[{"from_code": "en", "to_code": 3, "links": []}]', "entry 1 needs string from_code/to_code"),
    ],
)
def test_fetch_index_rejects_bad_indexes(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "index.json"
    path.write_bytes(content)
    with pytest.raises(ModelInstallError, match=message) as err:
        models.fetch_index(path.as_uri())
    assert err.value.value == path.as_uri()


def test_fetch_index_skips_non_translation_packages_and_resolves_relative_links(tmp_path: Path) -> None:
    entries = [
        {"type": "sbd", "from_code": "en", "links": ["sbd.argosmodel"]},
        {"from_code": "en", "to_code": "fr", "package_version": "1.9", "links": ["pk/en_fr.argosmodel"]},
        {"from_code": "en", "to_code": "fr", "package_version": "1.10", "links": ["pk/en_fr2.argosmodel"]},
    ]
    path = tmp_path / "index.json"
    path.write_text(json.dumps(entries))
    available = models.fetch_index(path.as_uri())
    assert [m.to_code for m in available] == ["fr", "fr"]
    newest = models.find_available(available, "en", "fr")
    assert newest.version == "1.10"
    assert newest.links == ((tmp_path / "pk" / "en_fr2.argosmodel").as_uri(),)


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/index.json", "ftp://example.org/index.json"])
def test_unreachable_or_unsupported_index(url: str) -> None:
    with pytest.raises(ModelInstallError) as err:
        models.fetch_index(url, timeout=5)
    assert err.value.value == url


def test_install_pair_end_to_end(packages_dir: Path, index) -> None:
    progress: list[tuple[int, int | None]] = []
    installed = models.install_pair("en", "pt-BR", index_url=index.url, progress=lambda d, t: progress.append((d, t)))
    assert installed.model_id == "argos:en-pb@1.0"
    assert installed.path == packages_dir / "translate-en_pb"
    assert progress[0][0] == 0
    assert progress[-1] == (installed_size := index.entries[1]["size"], installed_size)
    assert models.installed_models() == (installed,)
    assert models.find_installed("en", "pt-BR") == installed
    assert models.require_installed("en", "pt-BR") == installed
    assert list(packages_dir.parent.glob(".installing-*")) == []


def test_install_pair_errors(packages_dir: Path, tmp_path: Path, built: dict[str, Path]) -> None:
    bad = [
        {"from_code": "en", "to_code": "fr", "links": ["http://127.0.0.1:9/nothing.argosmodel"]},
        {"from_code": "en", "to_code": "de", "links": []},
    ]
    with serve_package_index(tmp_path / "bad", [built["en-es"]], extra_entries=bad) as served:
        entries = json.loads((served.root / "index.json").read_text())
        entries[0]["sha256"] = "0" * 64
        (served.root / "index.json").write_text(json.dumps(entries))
        with pytest.raises(ModelInstallError, match="does not match its sha256"):
            models.install_pair("en", "es", index_url=served.url)
        with pytest.raises(ModelInstallError, match="could not download en -> fr"):
            models.install_pair("en", "fr", index_url=served.url)
        with pytest.raises(ModelInstallError, match="the index lists no link"):
            models.install_pair("en", "de", index_url=served.url)
        with pytest.raises(ModelInstallError, match="has no model for en -> ja"):
            models.install_pair("en", "ja", index_url=served.url)
    assert models.installed_models() == ()


def test_reinstall_replaces_the_older_version(packages_dir: Path, built: dict[str, Path]) -> None:
    models.install_package_file(built["en-es"])
    newer = models.install_package_file(built["en-es-1.1"])
    assert models.installed_models() == (newer,)
    assert newer.model_id == "argos:en-es@1.1"
    assert [p.name for p in packages_dir.iterdir()] == ["translate-en_es"]


def _zip(path: Path, members: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


_META = json.dumps({"from_code": "en", "to_code": "es", "package_version": "1.0"})
_GOOD = {"p/metadata.json": _META, "p/model/model.bin": b"x", "p/sentencepiece.model": b"x"}


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({**_GOOD, "q/other.txt": "x"}, "exactly one top folder"),
        ({**_GOOD, "p/../../evil.txt": "x"}, "paths outside its folder"),
        ({k: v for k, v in _GOOD.items() if k != "p/metadata.json"}, "no metadata.json"),
        ({**_GOOD, "p/metadata.json": "{oops"}, "metadata.json is not JSON"),
        ({**_GOOD, "p/metadata.json": '{"from_code": "en"}'}, "must name from_code and to_code"),
        ({k: v for k, v in _GOOD.items() if k != "p/model/model.bin"}, "no CTranslate2 model"),
        ({k: v for k, v in _GOOD.items() if k != "p/sentencepiece.model"}, "no tokenizer"),
    ],
)
def test_install_file_rejects_bad_archives(
    packages_dir: Path, tmp_path: Path, members: dict[str, bytes | str], message: str
) -> None:
    archive = _zip(tmp_path / "bad.argosmodel", members)
    with pytest.raises(ModelInstallError, match=message) as err:
        models.install_package_file(archive)
    assert err.value.path == str(archive)
    assert list(packages_dir.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "content", "message"), [("missing.argosmodel", None, "not found"), ("t.argosmodel", b"plain", "not a zip")]
)
def test_install_file_rejects_non_packages(
    packages_dir: Path, tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ModelInstallError, match=message):
        models.install_package_file(path)


def test_remote_sizes_fill_gaps(tmp_path: Path, built: dict[str, Path]) -> None:
    with serve_package_index(tmp_path / "idx", [built["en-ar"]]) as served:
        listed = models.fetch_index(served.url)
        unsized = [models.AvailableModel(m.from_code, m.to_code, m.version, m.links) for m in listed]
        unsized.append(models.AvailableModel("en", "xx", "1", (f"{served.base_url}gone.argosmodel",)))
        sized = models.with_remote_sizes(unsized)
    assert [m.size for m in sized] == [built["en-ar"].stat().st_size, None]


def test_cli_list_and_install(packages_dir: Path, index, built: dict[str, Path], capsys) -> None:
    assert _run("models", "list", "--index-url", index.url) == 0
    out = capsys.readouterr().out
    assert "Installed" in out and "(none)" in out
    assert "en -> es     1.0       261.5 KB" in out.split("Available")[1]

    assert _run("models", "install", "en", "es", "--index-url", index.url) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == f"installed en -> es (argos:en-es@1.0) in {packages_dir / 'translate-en_es'}"
    assert "en -> es [" in captured.err and "100%" in captured.err

    assert _run("models", "install", str(built["en-ar"])) == 0
    assert "installed en -> ar (argos:en-ar@1.0)" in capsys.readouterr().out

    assert _run("models", "list", "--index-url", index.url) == 0
    installed, available = capsys.readouterr().out.split("Available")
    assert "en -> ar" in installed and "en -> es" in installed and "en -> pb" not in installed
    assert [line.split()[-1] for line in available.splitlines()[1:]] == ["installed", "installed", "KB"]

    assert _run("models", "list", "--installed") == 0
    assert "Available" not in capsys.readouterr().out


def test_cli_install_needs_a_pair_or_a_file() -> None:
    with pytest.raises(ConfigError, match="SOURCE TARGET"):
        _run("models", "install", "en", "es", "fr")


def test_console_script_end_to_end(tmp_path: Path, index) -> None:
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(tmp_path / "cli-packages"), "ARGOS_PACKAGE_INDEX": index.base_url}
    install = subprocess.run(
        [sys.executable, "-m", "transpub.cli", "models", "install", "en", "ar"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert install.returncode == 0, install.stderr
    assert "installed en -> ar (argos:en-ar@1.0)" in install.stdout
    missing = subprocess.run(
        [sys.executable, "-m", "transpub.cli", "models", "install", "en", "ja"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert missing.returncode == 2
    assert missing.stderr.startswith("transpub: error: the package index has no model for en -> ja")


@pytest.mark.parametrize("metadata", [None, "{not json"])
def test_broken_installed_package_is_reported(packages_dir: Path, metadata: str | None) -> None:
    broken = packages_dir / "translate-en_xx"
    broken.mkdir()
    if metadata is not None:
        (broken / "metadata.json").write_text(metadata)
    with pytest.raises(ModelInstallError, match="unreadable Argos package") as err:
        models.installed_models()
    assert err.value.path == str(packages_dir)
