"""Config loading: valid files, overrides, and errors that name the file, key and value."""

from __future__ import annotations

from pathlib import Path

import pytest

from transpub.config import load_settings
from transpub.errors import ConfigError, LanguageError


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "transpub.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_bundled_config_is_valid(repo_root: Path) -> None:
    s = load_settings(repo_root / "config" / "transpub.toml")
    assert s.source.tag == "en"
    assert [(ls.lang.tag, ls.engine) for ls in s.languages] == [
        ("pt", "bergamot"),
        ("fr", "pseudo"),
        ("ar", "pseudo"),
    ]
    assert s.out == repo_root / "out"
    assert s.glossaries == (repo_root / "glossaries" / "gcrf.csv",)
    assert s.schedule.interval == 300


def test_paths_are_relative_to_the_config_file(tmp_path: Path) -> None:
    cfg = write(tmp_path, '[transpub]\ntargets=["es"]\nout="site"\nmemory="db/tm.sqlite"\n')
    s = load_settings(cfg)
    assert s.out == tmp_path / "site"
    assert s.memory == tmp_path / "db" / "tm.sqlite"


def test_overrides_keep_per_language_settings(tmp_path: Path) -> None:
    cfg = write(tmp_path, '[transpub]\ntargets=["es","pt"]\n[languages.pt]\nengine="bergamot"\ngate="hold"\n')
    s = load_settings(cfg).with_overrides(targets=["pt", "ar"])
    assert [(ls.lang.tag, ls.engine, ls.gate) for ls in s.languages] == [
        ("pt", "bergamot", "hold"),
        ("ar", "argos", "publish"),
    ]
    s2 = s.with_overrides(engine="pseudo")
    assert {ls.engine for ls in s2.languages} == {"pseudo"}


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('[transpub]\ntargets=["es",\n', "transpub.toml:"),
        ('[transpub]\ntargets=["xx-QQ-1"]\n', "bad language"),
        ('[transpub]\ntargets=["es","es"]\n', "duplicate target language: 'es'"),
        ('[transpub]\ntargets=["en"]\n', "target language is the source language"),
        ('[transpub]\ntargets=["es"]\n[languages.de]\nengine="pseudo"\n', "not in targets: 'de'"),
        ('[transpub]\ntargets=["es"]\n[languages.es]\nengine="google"\n', "unknown engine"),
        ('[transpub]\ntargets=["es"]\n[languages.es]\ngate="maybe"\n', "gate must be one of"),
        ('[transpub]\nbase_url="news.example.org"\n', "base_url must be an absolute"),
        ("[transpub]\nmax_release_bytes=0\n", "max_release_bytes must be positive"),
        ("[transpub]\n[schedule]\ninterval=-5\n", "schedule.interval"),
        ("[publish]\n", "[publish]: unknown table"),
    ],
)
def test_bad_config_names_file_and_value(tmp_path: Path, text: str, needle: str) -> None:
    cfg = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_settings(cfg)
    assert needle in str(info.value)
    assert str(cfg) in str(info.value)


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_settings(tmp_path / "nope.toml")


def test_override_with_unknown_language_is_a_language_error(tmp_path: Path) -> None:
    s = load_settings(write(tmp_path, '[transpub]\ntargets=["es"]\n'))
    with pytest.raises(LanguageError, match="'zz'"):
        s.with_overrides(targets=["zz"])
