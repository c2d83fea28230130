"""Hostile input, round two (issue 15): each category refused with one error line, or handled in linear time.

Every refused case runs the real command (``transpub publish ... --no-prefect``, in process) and checks exit status
2, exactly one ``transpub: error:`` line naming the file (and line, where there is one) or the key, no traceback,
and nothing written: no page, no memory file. Linear time itself is shown by ``bench/hostile.py`` (time against
size); here the longest inputs simply have to publish.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support.publish_with_engine import write_config
from transpub import cli, config
from transpub.checks.language_fit import language_problem
from transpub.checks.validate import validate_target
from transpub.config import load_settings, settings_from_mapping
from transpub.config_schema import SCHEMA
from transpub.engines.argos import ArgosOptions
from transpub.engines.pseudo import PROTECTED
from transpub.errors import ConfigError, ReleaseError, ReviewError
from transpub.formats.limits import MAX_MARKDOWN_BRACKETS, MAX_MARKDOWN_CONTAINERS
from transpub.formats.loading import parse_release
from transpub.memory.state import scan_folder
from transpub.pipeline.publish import publish_releases
from transpub.review.xliff import MAX_INLINE_DEPTH, XliffDocument, XliffUnit, read_xliff, write_xliff
from transpub.text import sentences
from transpub.text.placeholders import EMAIL, LINK
from transpub.text.xmlsafe import UNSAFE

BODY = "The office serves coastal communities in 12 countries.\n"


@pytest.fixture
def site(tmp_path: Path) -> dict[str, Path]:
    folders = {"releases": tmp_path / "releases", "out": tmp_path / "out", "memory": tmp_path / "tm.sqlite"}
    folders["releases"].mkdir()
    folders["config"] = write_config(
        tmp_path / "transpub.toml", out=folders["out"], memory=folders["memory"], targets=("pt",)
    )
    return folders


def publish(args: Sequence[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    rc = cli.main(["publish", *args, "--no-prefect"])
    return rc, capsys.readouterr().err


def one_error_line(err: str, *fragments: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("transpub: error: "), lines[0]
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in lines[0], f"{fragment!r} missing from {lines[0]!r}"
    return lines[0]


def nothing_written(site: dict[str, Path]) -> None:
    written = list(site["out"].rglob("*")) if site["out"].exists() else []
    assert written == [], written
    assert not site["memory"].exists()


def refused_release(site: dict[str, Path], capsys: pytest.CaptureFixture[str], name: str, data: bytes) -> str:
    path = site["releases"] / name
    path.write_bytes(data)
    rc, err = publish([str(path), "--config", str(site["config"])], capsys)
    assert rc == 2
    line = one_error_line(err, name)
    nothing_written(site)
    with pytest.raises(ReleaseError):
        parse_release(data, path=path)
    return line


# --- super-linear time: long tokens ------------------------------------------------------------------------------

LONG_TOKENS = {
    "letters": "a" * 200_000,
    "capitals": "A" * 200_000,
    "digits": "1" * 200_000,
    "dotted": "a." * 100_000,
    "address-without-at": "ab.c-d_e+" * 22_000,
    "full-stops": "." * 200_000,
}


@pytest.mark.parametrize("token", LONG_TOKENS.values(), ids=LONG_TOKENS.keys())
def test_a_release_with_one_very_long_token_publishes(
    token: str, site: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = site["releases"] / "long.txt"
    path.write_text(f"A release with a long token\n\nThe token {token} ends here.\n", encoding="utf-8")
    rc, err = publish([str(path), "--config", str(site["config"])], capsys)
    assert rc == 0, err
    page = (site["out"] / "pt" / "a-release-with-a-long-token.html").read_text(encoding="utf-8")
    assert "ends here" in page or "éñðš" in page


@settings(max_examples=8, deadline=None)
@given(
    unit=st.text(alphabet="aZ9.@-_+é%:/[]T", min_size=1, max_size=6),
    length=st.integers(20_000, 60_000),
)
def test_any_long_random_token_publishes(unit: str, length: int, tmp_path_factory: pytest.TempPathFactory) -> None:
    root = tmp_path_factory.mktemp("token")
    release = root / "long.txt"
    release.write_text(f"Long token release\n\nThe token {(unit * length)[:length]} ends.\n", encoding="utf-8")
    config = write_config(root / "t.toml", out=root / "out", memory=root / "tm.sqlite", targets=("pt",))
    result = publish_releases([release], load_settings(config))
    assert [r.slug for r in result.releases] == ["long-token-release"]


# The patterns before they were made linear: the new ones must find exactly what these found (on inputs short
# enough for the old ones to finish).
OLD_CANDIDATE = re.compile(
    r"(?P<term>[.!?…‽]+)(?P<close>["
    + re.escape(sentences._CLOSERS)
    + r"]*)(?P<ws>[ \t\n\r\f]+)(?=(?P<next>[^ \t\n\r\f]))"
)
OLD_PLACEHOLDER_WORD = re.compile(r"[A-Za-z0-9]*[A-Z]{2,}[0-9]+[A-Za-z0-9]*")
OLD_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
TOKENISH = st.text(alphabet="aAbZ19.@-_ !?”\n", max_size=60)


@settings(max_examples=300, deadline=None)
@given(TOKENISH)
def test_linear_sentence_pattern_finds_what_the_old_one_found(text: str) -> None:
    old = [m.span() for m in OLD_CANDIDATE.finditer(text)]
    assert [m.span() for m in sentences._CANDIDATE.finditer(text)] == old


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aAXZ019 .é[]", max_size=40))
def test_linear_placeholder_word_pattern_finds_what_the_old_one_found(text: str) -> None:
    word = re.compile(PROTECTED.pattern.split("|")[3].split("#")[0].strip(), re.VERBOSE)
    assert [m.span() for m in word.finditer(text)] == [m.span() for m in OLD_PLACEHOLDER_WORD.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["ana", "b.c", "_x", "@", "gcrf", ".org", " ", "-", "9", "é"]), max_size=14))
def test_every_address_found_is_one_the_old_pattern_reads_as_a_whole(parts: list[str]) -> None:
    text = "".join(parts)
    for m in EMAIL.finditer(text):
        assert OLD_EMAIL.fullmatch(m.group(0)), m.group(0)
        assert m.start() == 0 or not re.match(r"[A-Za-z0-9._%+-]", text[m.start() - 1])
    assert [m.group(0) for m in LINK.finditer("mail press@gcrf.org, or www.gcrf.org.")] == [
        "press@gcrf.org",
        "www.gcrf.org",
    ]


# --- depth limits before recursive parsing (Markdown) ------------------------------------------------------------

NESTED_MARKDOWN = {
    "brackets": ("[" * 20_000 + "x" + "]" * 20_000, "brackets are nested"),
    "unclosed-link-parens": ("[a](" * 20_000, "brackets are nested"),
    "lists": ("\n".join("    " * i + "- item" for i in range(500)), "lists or quotes are nested"),
    "list-markers-in-a-row": ("- " * 5_000 + "item", "lists or quotes are nested"),
    "quotes-and-lists": ("> - " * 3_000 + "item", "lists or quotes are nested"),
    "unclosed-angle-brackets": ("<a " * 20_000, "brackets are nested"),
    "autolinks-never-closed": ("<http://a" * 20_000, "brackets are nested"),
    "dense-backticks": ("`a" * 20_000, "markup characters"),
    "dense-escapes": ("\\*" * 20_000, "markup characters"),
    "hard-line-breaks": ("word  \n" * 6_000, "markup characters"),
}


@pytest.mark.parametrize(("body", "says"), NESTED_MARKDOWN.values(), ids=NESTED_MARKDOWN.keys())
def test_deeply_nested_markdown_is_refused_before_parsing(
    body: str, says: str, site: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    data = f"---\ntitle: Nested\n---\n\n{body}\n".encode()
    line = refused_release(site, capsys, "nested.md", data)
    assert re.search(r"nested\.md:\d+: Markdown", line) and says in line


def test_a_long_plain_token_in_markdown_still_reads() -> None:
    release = parse_release(f"# Title\n\nThe token {'a' * 200_000} ends.\n".encode(), path=Path("long.md"))
    assert "ends." in release.body_html


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    depth=st.integers(MAX_MARKDOWN_BRACKETS + 1, 3_000),
    opener=st.sampled_from(["[", "(", "[a](", "!["]),
)
def test_any_bracket_depth_over_the_limit_is_a_release_error(depth: int, opener: str) -> None:
    with pytest.raises(ReleaseError, match="brackets are nested"):
        parse_release(f"# Title\n\nText {opener * depth} end.\n".encode(), path=Path("deep.md"))


@settings(max_examples=10, deadline=None)
@given(st.integers(1, MAX_MARKDOWN_CONTAINERS - 1))
def test_lists_within_the_limit_still_read(depth: int) -> None:
    body = "\n".join("    " * i + f"- item {i}" for i in range(depth))
    release = parse_release(f"# Title\n\nIntro text.\n\n{body}\n".encode(), path=Path("ok.md"))
    assert f"item {depth - 1}" in release.body_html


# --- YAML escapes, invisible files, control characters -----------------------------------------------------------

BAD_TEXT = {
    "yaml-nul": ("nul.md", b'---\ntitle: "GCRF\\0opens"\n---\n\n' + BODY.encode(), ("nul.md:2", "U+0000")),
    "yaml-lone-surrogate": ("sur.md", b'---\ntitle: "GCRF \\ud800"\n---\n\n' + BODY.encode(), ("U+D800",)),
    "yaml-bell-in-summary": ("bell.md", b'---\ntitle: GCRF\nsummary: "a\\ab"\n---\n\n' + BODY.encode(), ("U+0007",)),
    "zero-width-only": ("zw.txt", "\u200b\u200c\u200d\n\n\ufeff\u2060\u200b\n".encode(), ("no visible text",)),
    "zero-width-title": ("zwt.md", "---\ntitle: \u200b\u200b\n---\n\n".encode() + BODY.encode(), ("title",)),
    "bidi-marks-only": ("bidi.html", "<h1>\u200f\u202e</h1><p>\u2066\u2069</p>".encode(), ("has no text",)),
    "zero-width-markdown": ("zw.md", "# \u200b\n\n\u200d\u2060\n".encode(), ("has no text",)),
    "control-in-body": ("ctl.txt", b"GCRF opens\n\nThe office\x1b[31m opens.\n", ("ctl.txt:3", "U+001B")),
}


@pytest.mark.parametrize(("name", "data", "says"), BAD_TEXT.values(), ids=BAD_TEXT.keys())
def test_text_a_page_cannot_hold_is_refused(
    name: str, data: bytes, says: tuple[str, ...], site: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    line = refused_release(site, capsys, name, data)
    assert all(s in line for s in says), line


# --- XML-1.0-safe text end to end (review) -----------------------------------------------------------------------

CONTROL = st.characters(min_codepoint=0, max_codepoint=0x1F).filter(lambda c: c not in "\t\n\r")


@settings(max_examples=100, deadline=None)
@given(before=st.text(alphabet="Olá mundo", max_size=8), char=CONTROL | st.sampled_from(["\ud800", "\udfff", "\uffff"]))
def test_a_reviewed_target_with_a_character_xml_cannot_hold_is_refused(before: str, char: str) -> None:
    with pytest.raises(ReviewError, match=r"XML 1\.0 cannot hold"):
        validate_target("Hello world.", f"{before}{char}Olá.")


@pytest.mark.parametrize("ref", ["&#1;", "&#x1F;", "&#xD800;", "&#9999999;", "&#0;"])
def test_a_character_reference_xml_cannot_hold_is_refused(ref: str) -> None:
    with pytest.raises(ReviewError, match=r"XML 1\.0 cannot hold"):
        validate_target("Hello world.", f"Olá {ref} mundo.")


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0xFFFF), max_size=30))
def test_export_always_parses_back_whatever_a_target_holds(target: str) -> None:
    escaped = target.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    doc = XliffDocument("rel", "rel.md", "en", "pt", (XliffUnit("b1.s1", "Hello.", escaped, "translated"),))
    unit = read_xliff(write_xliff(doc)).units[0]
    assert not UNSAFE.search(unit.target or "")
    assert unit.source == "Hello."


def test_deeply_nested_inline_codes_in_an_xliff_file_are_refused(tmp_path: Path) -> None:
    depth = 5_000
    inner = "".join(f'<pc id="{i}">' for i in range(depth)) + "x" + "</pc>" * depth
    xml = (
        '<?xml version="1.0"?><xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en" '
        f'trgLang="pt"><file id="rel"><unit id="b1.s1"><segment state="reviewed"><source>Hi.</source>'
        f"<target>{inner}</target></segment></unit></file></xliff>"
    ).encode()
    with pytest.raises(ReviewError, match=f"nested more than {MAX_INLINE_DEPTH} deep") as caught:
        read_xliff(xml, path=tmp_path / "deep.xlf")
    assert "deep.xlf" in str(caught.value)


# --- review import: the target language is checked, not trusted ---------------------------------------------------

FRENCH = [
    "Les États membres ont promis leur soutien à la résilience climatique des communautés côtières.",
    "Le fonds ouvre un bureau régional pour les personnes déplacées.",
]
LANGUAGE_CASES = [
    (FRENCH, "ar", "Latin script, not Arabic"),
    (FRENCH, "pt", "reads like fr, not pt"),
    (FRENCH, "ru", "not Cyrillic"),
    (["The fund opens a regional office for the coastal communities of the region."], "fr", "reads like en"),
    (["Der Fonds eröffnet ein Büro für die Gemeinden an der Küste und ist nicht allein."], "es", "reads like de"),
    (["تعهدت الدول الأعضاء بدعم القدرة على الصمود في وجه المناخ لدى GCRF وTidewatch."], "ar", None),
    (["Os Estados-Membros prometeram apoio à resiliência climática das comunidades."], "pt", None),
    (["El fondo abre una oficina regional para las comunidades costeras."], "es", None),
    (FRENCH, "fr", None),
    (["GCRF"], "ar", None),  # too little text to judge
]


@pytest.mark.parametrize(("texts", "lang", "says"), LANGUAGE_CASES)
def test_target_language_plausibility(texts: list[str], lang: str, says: str | None) -> None:
    problem = language_problem(texts, lang)
    assert (problem is None) if says is None else (problem is not None and says in problem), problem


# --- strict config schema -----------------------------------------------------------------------------------------

CONFIGS = {
    "unknown-key-outt": ('[transpub]\noutt = "site"\n', ("transpub.outt", "did you mean 'out'")),
    "unknown-key-gaet": (
        '[transpub]\ntargets = ["pt"]\n[languages.pt]\ngaet = "hold"\n',
        ("languages.pt.gaet", "did you mean 'gate'"),
    ),
    "unknown-table": ("[shedule]\ninterval = 5\n", ("[shedule]", "did you mean 'schedule'")),
    "unknown-engine-option": ("[engines.argos]\nbeam = 2\n", ("engines.argos.beam", "beam_size")),
    "key-outside-a-table": ('out = "site"\n', ("out", "[transpub]")),
    "lock-timeout-nan": ("[transpub]\nlock_timeout = nan\n", ("transpub.lock_timeout", "nan")),
    "lock-timeout-inf": ("[transpub]\nlock_timeout = inf\n", ("transpub.lock_timeout", "inf")),
    "lock-timeout-negative": ("[transpub]\nlock_timeout = -3\n", ("transpub.lock_timeout", "-3")),
    "wrong-type-targets": ('[transpub]\ntargets = "pt"\n', ("transpub.targets", "list of strings", "'pt'")),
    "wrong-type-interval": ('[schedule]\ninterval = "5m"\n', ("schedule.interval", "'5m'")),
    "wrong-type-bool": ("[engines.argos]\ntrim_memory = 1\n", ("engines.argos.trim_memory", "true or false")),
    "wrong-type-table": ('[transpub]\ntargets = ["pt"]\nlanguages = "pt"\n', ("transpub.languages",)),
    "out-empty": ('[transpub]\nout = ""\n', ("transpub.out", "empty")),
    "out-root": ('[transpub]\nout = "/"\n', ("transpub.out", "root")),
    "out-etc": ('[transpub]\nout = "/etc"\n', ("transpub.out", "system folder")),
    "out-home": ('[transpub]\nout = "~"\n', ("transpub.out", "home folder")),
    "out-config-folder": ('[transpub]\nout = "."\n', ("transpub.out", "config file's folder")),
    "out-above-config": ('[transpub]\nout = ".."\n', ("transpub.out", "config file's folder")),
}


@pytest.mark.parametrize(("text", "says"), CONFIGS.values(), ids=CONFIGS.keys())
def test_bad_config_is_refused_naming_table_and_key(
    text: str, says: tuple[str, ...], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "conf" / "transpub.toml"
    config.parent.mkdir()
    config.write_text(text, encoding="utf-8")
    release = tmp_path / "r.txt"
    release.write_text("GCRF opens\n\n" + BODY, encoding="utf-8")
    rc, err = publish([str(release), "--config", str(config), "--to", "pt", "--engine", "pseudo"], capsys)
    assert rc == 2
    one_error_line(err, "transpub.toml", *says)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["conf", "r.txt", "transpub.toml"]
    with pytest.raises(ConfigError):
        load_settings(config)


def test_the_out_option_is_held_to_the_same_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    release = tmp_path / "r.txt"
    release.write_text("GCRF opens\n\n" + BODY, encoding="utf-8")
    rc, err = publish([str(release), "--to", "pt", "--engine", "pseudo", "--out", "/"], capsys)
    assert rc == 2
    one_error_line(err, "transpub.out", "root")


WRONG_VALUES = st.one_of(
    st.integers(), st.floats(), st.booleans(), st.text(max_size=5), st.lists(st.integers(), max_size=2)
)


@settings(max_examples=200, deadline=None)
@given(table=st.sampled_from(sorted(t for t in SCHEMA if "*" not in t)), data=st.data())
def test_a_value_of_the_wrong_type_is_named_with_its_table_and_key(table: str, data: st.DataObject) -> None:
    keys = SCHEMA[table]
    if not keys:
        return
    key = data.draw(st.sampled_from(sorted(keys)))
    value = data.draw(WRONG_VALUES.filter(lambda v: not keys[key].accepts(v)))
    nested: dict[str, object] = {key: value}
    for part in reversed(table.split(".")):
        nested = {part: nested}
    with pytest.raises(ConfigError) as caught:
        settings_from_mapping(nested, base_dir=Path("/srv/site"))
    message = str(caught.value)
    assert f"{table}.{key}" in message
    if not (isinstance(value, float) and math.isnan(value)):
        assert repr(value) in message


def test_the_example_config_passes_the_schema() -> None:
    assert load_settings(Path(__file__).resolve().parents[1].parent / "config" / "transpub.toml").languages


# --- realpath containment of release folders ----------------------------------------------------------------------


@pytest.mark.parametrize("target", ["/etc/passwd", "outside/secret.txt"])
def test_a_link_out_of_the_releases_folder_is_refused(
    target: str, site: dict[str, Path], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (site["releases"] / "a-good.txt").write_text("GCRF opens\n\n" + BODY, encoding="utf-8")
    if not target.startswith("/"):
        (tmp_path / "outside").mkdir()
        (tmp_path / target).write_text("Secret\n\nNot for publishing.\n", encoding="utf-8")
        target = str(tmp_path / target)
    os.symlink(target, site["releases"] / "b-link.txt")
    rc, err = publish([str(site["releases"]), "--config", str(site["config"])], capsys)
    assert rc == 2
    one_error_line(err, "b-link.txt", "outside the releases folder")
    nothing_written(site)


def test_a_link_inside_the_releases_folder_is_fine(site: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    (site["releases"] / "drafts").mkdir()
    (site["releases"] / "drafts" / "a.txt").write_text("GCRF opens\n\n" + BODY, encoding="utf-8")
    os.symlink(site["releases"] / "drafts" / "a.txt", site["releases"] / "a.txt")
    rc, err = publish([str(site["releases"]), "--config", str(site["config"])], capsys)
    assert rc == 0, err
    assert (site["out"] / "pt" / "gcrf-opens.html").exists()


def test_the_schema_knows_every_option_the_settings_hold() -> None:
    for table, holder in (
        ("orchestration", config.OrchestrationSettings),
        ("site", config.SiteSettings),
        ("review", config.ReviewSettings),
        ("engines.argos", ArgosOptions),
    ):
        fields = {f.name for f in dataclasses.fields(holder)}
        assert fields <= set(SCHEMA[table]), (table, fields - set(SCHEMA[table]))


def test_the_serve_folder_scan_refuses_a_link_out_too(tmp_path: Path) -> None:
    folder = tmp_path / "releases"
    folder.mkdir()
    (folder / "a.txt").write_text("GCRF opens\n\n" + BODY, encoding="utf-8")
    os.symlink("/etc/passwd", folder / "passwd.txt")
    with pytest.raises(ReleaseError, match="outside the releases folder") as caught:
        scan_folder(folder, (".txt",))
    assert caught.value.path is not None and caught.value.path.endswith("passwd.txt")
    (folder / "passwd.txt").unlink()
    assert [f.path.name for f in scan_folder(folder, (".txt",))] == ["a.txt"]


def test_engine_output_is_kept_xml_safe_for_pages_memory_and_xliff(tmp_path: Path) -> None:
    """An engine that returns control characters (a broken model, a hostile remote worker) never puts them into
    a translation: the run strips what XML 1.0 cannot hold, so the memory and the next XLIFF export stay valid."""
    from support.fakes import ScriptedEngine
    from transpub.document import Segment
    from transpub.languages import parse_language
    from transpub.memory.store import TranslationMemory
    from transpub.text.xmlsafe import first_unsafe
    from transpub.translate.run import translate_segments

    engine = ScriptedEngine(lambda text: "Ol\x00á\x1b mundo\x0c")
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        run = translate_segments(
            [Segment("s1", "Hello world")],
            source=parse_language("en"),
            target=parse_language("pt"),
            engine=engine,
            memory=memory,
        )
        target = run.for_segment(Segment("s1", "Hello world")).target
        assert target == "Olá mundo"
        stored = memory.lookup("Hello world", "en", "pt")
        assert stored is not None and first_unsafe(stored.target) is None
