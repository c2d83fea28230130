"""The command line: a one-line error naming the problem, exit status 2, and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from transpub.cli import main

GOOD = "Coastal Horizons Initiative expands\n\nThe Coastal Horizons Initiative now covers ten countries.\n"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.txt").write_text(GOOD, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["publish", "missing.txt", "--to", "fr", "--engine", "pseudo"], "missing.txt: no such release"),
        (["publish", "r.txt", "--to", "xx", "--engine", "pseudo"], "unknown language code: 'xx'"),
        (["publish", "r.txt", "--to", "fr,fr", "--engine", "pseudo"], "duplicate target language: 'fr'"),
        (["publish", "r.txt", "--to", "f!r", "--engine", "pseudo"], "malformed language code: 'f!r'"),
        (["publish", "r.txt", "--to", "fr", "--engine", "deepl"], "unknown engine"),
        (["publish", "r.txt", "--to", "sw", "--engine", "argos"], "transpub models install en sw"),
        (["publish", "empty.txt", "--to", "fr", "--engine", "pseudo"], "empty.txt"),
        (["publish", "r.txt", "--to", "fr", "--engine", "pseudo", "--glossary", "nope.csv"], "nope.csv"),
    ],
)
def test_errors_are_one_line_and_write_nothing(
    workdir: Path, capsys: pytest.CaptureFixture[str], argv: list[str], needle: str
) -> None:
    (workdir / "empty.txt").write_text("   \n", encoding="utf-8")
    code = main([*argv, "--out", "site", "--no-prefect"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert err[-1].startswith("transpub: error: ")
    assert needle in err[-1]
    assert sum("error" in line for line in err) == 1
    assert not (workdir / "site").exists()


def test_publish_without_prefect_prints_a_summary(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["publish", "r.txt", "--to", "fr,ar", "--engine", "pseudo", "--out", "site", "--no-prefect"])
    out = capsys.readouterr().out
    assert code == 0
    assert "coastal-horizons-initiative-expands:" in out
    assert "ar " in out and "site/ar/coastal-horizons-initiative-expands.html" in out
    assert (workdir / "site" / "fr" / "coastal-horizons-initiative-expands.html").exists()
