"""Importing reviewed XLIFF: what is approved, what is refused (one unit at a time), and the publishing gate."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from support.review_site import Site, build_site
from transpub.checks.gate import gate_allows, open_critical
from transpub.checks.validate import validate_target
from transpub.document import Flag, InlineCode, Origin, Segment, Severity, Translation
from transpub.engines.pseudo import pseudo_localise
from transpub.errors import ConfigError, ReviewError
from transpub.languages import parse_language
from transpub.publish.notices import notice
from transpub.publish.report import ReleaseReport
from transpub.review.apply import Approval, Refusal, check_document
from transpub.review.current import CurrentRelease, current_from_segments
from transpub.review.export import build_document
from transpub.review.xliff import State, XliffDocument, read_xliff, write_xliff

SLUG = "gcrf-coastal-horizons"
LINK = InlineCode("1", '<a href="https://gcrf.example.org/tidewatch">', "</a>")
BREAK = InlineCode("2", "<br>")

SEGMENTS = (
    Segment("title", "GCRF launches the Coastal Horizons Initiative", context="title"),
    Segment("b1.s1", 'The fund protects <g id="1">coastal communities</g>.<x id="2"/>', (LINK, BREAK)),
    Segment("b1.s2", "Member States pledged support for climate resilience."),
    Segment("b2.s1", "Amara Okafor is the Director-General."),
    Segment("b2.s2", "2026"),
)
TARGETS = {
    "title": ("GCRF lança a Coastal Horizons Initiative", "mt", []),
    "b1.s1": (
        'O fundo protege <g id="1">comunidades costeiras</g>.<x id="2"/>',
        "mt",
        [{"code": "glossary-forbidden", "severity": "critical", "message": "forbidden term", "span": "x"}],
    ),
    "b1.s2": (
        "Os Estados membros prometeram apoio à resiliência do clima.",
        "mt",
        [{"code": "glossary-mandated-missing", "severity": "critical", "message": "use Estados-Membros"}],
    ),
    "b2.s1": ("Amara Okafor é a Diretora-Geral.", "approved", []),
    "b2.s2": ("2026", "kept", []),
}


def report_data(slug: str = SLUG) -> dict:
    segments = []
    for seg in SEGMENTS:
        target, origin, flags = TARGETS[seg.id]
        segments.append(
            {
                "id": seg.id,
                "context": seg.context,
                "source": seg.source,
                "target": target,
                "origin": origin,
                "flags": flags,
                "terms": [{"source": "GCRF", "kind": "keep", "target": "GCRF", "status": "enforced", "reason": None}],
                "suggestion": None,
            }
        )
    return {
        "release": {"slug": slug, "title": "GCRF", "source_path": "news/gcrf.md", "content_hash": "abc"},
        "source_lang": "en",
        "generated_at": "2026-11-28T08:00:00+00:00",
        "languages": {
            "pt": {"engine": "bergamot", "model": "m", "status": "machine", "page": "pt/x.html", "segments": segments}
        },
    }


@pytest.fixture
def current() -> CurrentRelease:
    return current_from_segments(ReleaseReport.from_json(report_data()), SEGMENTS, content_hash="abc")


def exported(current: CurrentRelease, **kwargs: object) -> XliffDocument:
    """The document as a translator receives it: written to bytes and read back."""
    return read_xliff(write_xliff(build_document(current, "pt", **kwargs)))


def edit(doc: XliffDocument, unit_id: str, **changes: object) -> XliffDocument:
    units = tuple(dataclasses.replace(u, **changes) if u.id == unit_id else u for u in doc.units)
    return dataclasses.replace(doc, units=units)


# ------------------------------------------------------------------------------------------- validation


GOOD_TARGETS = [
    ("Hello", "Olá"),
    ('Read <g id="1">this</g>.<x id="2"/>', 'Leia <g id="1">isto</g>.<x id="2"/>'),
    ('<g id="1">A</g> and <g id="2">B</g>', '<g id="2">B</g> e <g id="1">A</g>'),  # codes may move
    ("Fish &amp; chips", "Peixe &#38; batatas"),  # escaping spelled either way
    ("40,000 people", "40.000 pessoas"),
]
BAD_TARGETS = [
    ('Read <g id="1">this</g>.', "Leia isto.", "inline codes differ from the source (missing: g1)"),
    ("Read this.", 'Leia <g id="1">isto</g>.', "inline codes differ from the source (unexpected: g1)"),
    ('A<x id="2"/>', 'A<x id="2"/><x id="2"/>', "unexpected: x2"),
    ('Read <g id="1">this</g>.', 'Leia <g id="1">isto.', "inline markup is broken"),
    ("Read this.", "Leia <b>isto</b>.", "inline markup is broken"),
    ("Read this.", "   ", "target is empty"),
    ('Read <g id="1">this</g>.', '<g id="1"> </g>', "target is empty"),
    ("The GCRF said.", "O [T1] disse.", "masking placeholder '[T1]'"),
    ("The GCRF said.", "O XTERM1X disse.", "masking placeholder"),
]


@pytest.mark.parametrize(("source", "target"), GOOD_TARGETS)
def test_good_targets_pass(source: str, target: str) -> None:
    assert validate_target(source, target)


@pytest.mark.parametrize(("source", "target", "reason"), BAD_TARGETS)
def test_bad_targets_fail_with_the_reason(source: str, target: str, reason: str) -> None:
    with pytest.raises(ReviewError) as info:
        validate_target(source, target)
    assert reason in info.value.message
    assert info.value.value == target


# ------------------------------------------------------------------------------------------- export


def test_export_has_one_unit_per_translatable_segment_with_codes_and_notes(current: CurrentRelease) -> None:
    doc = build_document(current, "pt", reviewer="Beatriz Souza")
    assert [u.id for u in doc.units] == ["title", "b1.s1", "b1.s2", "b2.s1"]  # the kept "2026" is left out
    by_id = {u.id: u for u in doc.units}
    assert by_id["b1.s1"].codes == (LINK, BREAK)
    assert [u.state for u in doc.units] == [State.TRANSLATED, State.TRANSLATED, State.TRANSLATED, State.FINAL]
    notes = {(n.category, n.text) for n in by_id["b1.s2"].notes}
    assert ("flag", "critical: glossary-mandated-missing: use Estados-Membros") in notes
    assert ("term", "keep: GCRF -> GCRF (enforced)") in notes
    assert ("context", "body") in notes
    assert doc.reviewer == "Beatriz Souza"


def test_only_flagged_exports_open_flags_only(current: CurrentRelease) -> None:
    assert [u.id for u in build_document(current, "pt", only_flagged=True).units] == ["b1.s1", "b1.s2"]


def test_export_refuses_a_release_edited_since_publishing(current: CurrentRelease) -> None:
    edited = dataclasses.replace(current, content_hash="def")
    with pytest.raises(ReviewError, match="changed since it was last published"):
        build_document(edited, "pt")


def test_export_refuses_an_unpublished_language(current: CurrentRelease) -> None:
    with pytest.raises(ReviewError, match="has no published language 'fr'"):
        build_document(current, "fr")


# ------------------------------------------------------------------------------------------- import


def test_reviewed_and_final_units_become_approvals_with_the_reviewer(current: CurrentRelease) -> None:
    doc = exported(current, reviewer="Ana")
    doc = edit(doc, "b1.s2", target="Os Estados-Membros prometeram apoio à resiliência climática.", state="reviewed")
    doc = edit(doc, "b1.s1", state="final")
    result = check_document(doc, current, path="pt.xlf")
    assert result.approvals == (
        Approval(SLUG, "pt", "b1.s1", SEGMENTS[1].source, TARGETS["b1.s1"][0], "Ana"),
        Approval(
            SLUG,
            "pt",
            "b1.s2",
            SEGMENTS[2].source,
            "Os Estados-Membros prometeram apoio à resiliência climática.",
            "Ana",
        ),
    )
    assert result.refusals == ()
    # "title" is only translated, "b2.s1" already approved with the same wording: both left alone
    assert result.untouched == ("title", "b2.s1")


def test_stale_units_are_refused_one_by_one_and_the_rest_applies(current: CurrentRelease) -> None:
    doc = exported(current)
    doc = edit(doc, "title", source="GCRF launches the Coastal Horizons Programme", state="reviewed")
    doc = edit(doc, "b1.s2", target="Os Estados-Membros apoiam a resiliência climática.", state="reviewed")
    result = check_document(doc, current, path="pt.xlf")
    assert [r.segment_id for r in result.refusals] == ["title"]
    assert "source changed since export" in result.refusals[0].reason
    assert "Coastal Horizons Initiative" in result.refusals[0].reason  # quotes what the release says now
    assert [a.segment_id for a in result.approvals] == ["b1.s2"]
    assert result.lines()[1].startswith("pt.xlf: refused unit title: source changed since export")


@pytest.mark.parametrize(
    ("unit_id", "changes", "reason"),
    [
        ("b1.s1", {"target": "O fundo protege comunidades costeiras.", "state": "reviewed"}, "missing: g1, x2"),
        ("b1.s1", {"target": 'O fundo <g id="1">protege</g><x id="7"/>', "state": "final"}, "unexpected: x7"),
        ("b1.s2", {"target": "", "state": "reviewed"}, "target is empty"),
        ("b1.s2", {"target": None, "state": "reviewed"}, "has no target"),
        ("b1.s2", {"target": "Os [T1] prometeram.", "state": "reviewed"}, "placeholder"),
        ("b1.s2", {"id": "b9.s9", "state": "reviewed"}, "no segment with this id"),
        ("b1.s2", {"state": "signed-off"}, "unknown state"),
    ],
)
def test_a_broken_unit_is_refused_and_names_itself(
    current: CurrentRelease, unit_id: str, changes: dict, reason: str
) -> None:
    doc = edit(exported(current), unit_id, **changes)
    doc = edit(doc, "title", target="GCRF lança a Coastal Horizons Initiative!", state="reviewed")
    result = check_document(doc, current)
    assert len(result.refusals) == 1
    refusal = result.refusals[0]
    assert isinstance(refusal, Refusal)
    assert refusal.segment_id == changes.get("id", unit_id)
    assert reason in refusal.reason
    assert [a.segment_id for a in result.approvals] == ["title"]  # the good unit still applies


def test_a_unit_reviewer_wins_over_the_file_reviewer(current: CurrentRelease) -> None:
    doc = read_xliff((Path(__file__).parents[1] / "data" / "xliff" / "cat-tool.xlf").read_bytes())
    segments = (
        Segment("b1.s1", 'The <g id="1">GCRF</g> invests in climate resilience.<x id="2"/>', (LINK, BREAK)),
        Segment("b1.s2", "Member States agreed &amp; signed."),
        Segment("b2.s1", "Tidewatch data is open."),
    )
    data = report_data()
    data["languages"]["pt-BR"] = data["languages"].pop("pt")
    data["languages"]["pt-BR"]["segments"] = [
        {"id": s.id, "context": "body", "source": s.source, "target": "x", "origin": "mt", "flags": [], "terms": []}
        for s in segments
    ]
    cat_current = current_from_segments(ReleaseReport.from_json(data), segments, content_hash="abc")
    result = check_document(doc, cat_current)
    assert [(a.segment_id, a.reviewer) for a in result.approvals] == [
        ("b1.s1", "Beatriz Souza"),
        ("b1.s2", "Carlos Lima"),
    ]
    assert result.approvals[0].target == 'O <g id="1">GCRF</g> investe em resiliência climática.<x id="2"/>'
    assert result.lang == "pt-BR"


@pytest.mark.parametrize(
    ("changes", "expect_slug", "message"),
    [
        ({"slug": "another-release"}, None, "file is for release 'another-release', not 'gcrf-coastal-horizons'"),
        ({}, "another-release", "file is for release 'gcrf-coastal-horizons', not 'another-release'"),
        ({"src_lang": "fr"}, None, "source language is not the release's"),
        ({"trg_lang": "es"}, None, "not published in this language"),
        ({"trg_lang": "zz-!!"}, None, "bad language in file"),
    ],
)
def test_a_file_for_another_release_or_language_is_refused_whole(
    current: CurrentRelease, changes: dict, expect_slug: str | None, message: str
) -> None:
    doc = dataclasses.replace(exported(current), **changes)
    with pytest.raises(ReviewError, match=message) as info:
        check_document(doc, current, path="pt.xlf", expect_slug=expect_slug)
    assert info.value.path == "pt.xlf"


# ------------------------------------------------------------------------------------------- the gate


CRITICAL = Flag("glossary-forbidden", Severity.CRITICAL, "forbidden term 'refugiados climáticos'")
WARNING = Flag("length-ratio", Severity.WARNING, "target is 2.4 times the source")


def tr(origin: Origin, *flags: Flag) -> Translation:
    return Translation("b1.s1", "pt", "climate refugees", "refugiados climáticos", origin, flags)


@pytest.mark.parametrize(
    ("gate", "translations", "allowed"),
    [
        ("publish", [tr(Origin.MT, CRITICAL)], True),
        ("hold", [tr(Origin.MT, CRITICAL)], False),
        ("hold", [tr(Origin.MEMORY, WARNING, CRITICAL)], False),
        ("hold", [tr(Origin.MT, WARNING), tr(Origin.MT)], True),
        ("hold", [tr(Origin.APPROVED, CRITICAL)], True),  # a translator approved exactly this wording
        ("hold", [], True),
    ],
)
def test_gate(gate: str, translations: list[Translation], allowed: bool) -> None:
    assert gate_allows(gate, translations) is allowed


def test_open_critical_names_the_segments_that_hold_a_language() -> None:
    held = tr(Origin.MT, CRITICAL)
    assert open_critical([held, tr(Origin.MT, WARNING), tr(Origin.APPROVED, CRITICAL)]) == (held,)


def test_an_unknown_gate_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="'wait'"):
        gate_allows("wait", [])


# ------------------------------------------------------------------------------------------- end to end
# A release really published by the pipeline (see support.review_site.build_site), exported, edited as a translator
# edits XML, imported, republished.


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return build_site(tmp_path)


def unit_block(xml: str, unit_id: str) -> str:
    match = re.search(rf'<unit id="{re.escape(unit_id)}">.*?</unit>', xml, re.DOTALL)
    assert match, unit_id
    return match.group(0)


def translator_edit(xml: str, unit_id: str, new_target: str, *, state: str = "reviewed") -> str:
    """Replace one unit's target and state in the XML text, the way a translator's editor would."""
    old = unit_block(xml, unit_id)
    new = re.sub(r"<target>.*?</target>", f"<target>{new_target}</target>", old, flags=re.DOTALL)
    new = re.sub(r'state="\w+"', f'state="{state}"', new)
    return xml.replace(old, new)


EDITED_XML = 'Os Estados-Membros financiarão um sistema de alerta precoce, com dados no <pc id="1">Tidewatch</pc>.'
EDITED_HTML = 'com dados no <a href="https://tidewatch.example.org/data">Tidewatch</a>.'


def unflagged_targets(report: ReleaseReport, ids: set[str] | None = None) -> dict[str, str]:
    """Target per unflagged segment (or per segment of ``ids``)."""
    return {s.id: s.target for s in report.language("pt").segments if (not s.flags if ids is None else s.id in ids)}


def test_round_trip_export_edit_import_republish(site: Site, tmp_path: Path) -> None:
    flagged = site.flagged_id()
    before = site.report()
    assert notice(parse_language("pt"), "reviewed").text not in site.page()
    xlf = tmp_path / "pt.xlf"
    with site.memory() as memory:
        xlf.write_bytes(site.desk(memory).export(SLUG, "pt", reviewer="Beatriz Souza"))
        # The translator fixes the flagged unit and signs off every other unit as it stands.
        xml = translator_edit(xlf.read_text(encoding="utf-8"), flagged, EDITED_XML)
        xlf.write_text(xml.replace('state="translated"', 'state="reviewed"'), encoding="utf-8")
        outcome = site.desk(memory).import_files([xlf])
        approved = memory.lookup_many([before.language("pt").segment(flagged).source], "en", "pt")
    assert outcome.ok, [line for r in outcome.results for line in r.lines()]
    assert outcome.republished == ((SLUG, ("pt",)),)
    page = site.page()
    assert EDITED_HTML in page
    assert notice(parse_language("pt"), "reviewed").text in page
    after = site.report()
    assert after.language("pt").status == "reviewed"
    unflagged = unflagged_targets(before)
    assert unflagged_targets(after, set(unflagged)) == unflagged  # nothing unflagged changed
    (entry,) = approved.values()
    assert (entry.origin, entry.reviewer) == (Origin.APPROVED, "Beatriz Souza")


def test_only_flagged_round_trip_leaves_the_rest_to_approve_in_one_go(site: Site, tmp_path: Path) -> None:
    flagged = site.flagged_id()
    before = site.report()
    xlf = tmp_path / "pt-flagged.xlf"
    with site.memory() as memory:
        desk = site.desk(memory)
        xml = desk.export(SLUG, "pt", only_flagged=True).decode("utf-8")
        assert re.findall(r'<unit id="([^"]+)"', xml) == [flagged]
        xlf.write_text(translator_edit(xml, flagged, EDITED_XML), encoding="utf-8")
        outcome = desk.import_files([xlf])
        assert outcome.ok
        assert EDITED_HTML in site.page()
        assert site.report().language("pt").status == "machine"  # unflagged segments are still machine output
        unflagged = unflagged_targets(before)
        assert unflagged_targets(site.report(), set(unflagged)) == unflagged
        desk.approve_unflagged(SLUG, "pt", reviewer="Beatriz Souza")
    assert site.report().language("pt").status == "reviewed"
    assert notice(parse_language("pt"), "reviewed").text in site.page()


def test_stale_and_broken_units_are_refused_and_the_rest_still_applies(site: Site, tmp_path: Path) -> None:
    flagged = site.flagged_id()
    xlf = tmp_path / "pt.xlf"
    with site.memory() as memory:
        desk = site.desk(memory)
        xml = desk.export(SLUG, "pt").decode("utf-8")
        xml = translator_edit(xml, "title", "GCRF lança a Coastal Horizons Initiative")
        xml = translator_edit(xml, "b1.s1", "O fundo lançou hoje a Coastal Horizons Initiative.")
        xml = translator_edit(xml, flagged, "Os Estados-Membros financiarão dados no Tidewatch.")  # link lost
        xlf.write_text(xml, encoding="utf-8")
        # The author edits the first paragraph after the export: that unit is now stale.
        site.release.write_text(
            site.release.read_text(encoding="utf-8").replace("today launched", "launched on Monday"),
            encoding="utf-8",
        )
        outcome = desk.import_files([xlf])
    (result,) = outcome.results
    assert {r.segment_id: r.reason.split(":")[0] for r in result.refusals} == {
        "b1.s1": "source changed since export",
        flagged: "inline codes differ from the source (missing",
    }
    assert [a.segment_id for a in result.approvals] == ["title"]
    assert outcome.republished == ((SLUG, ("pt",)),)
    assert "GCRF lança a Coastal Horizons Initiative" in site.page()
    assert not outcome.ok


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("malformed.xlf", "malformed XML"),
        ("billion-laughs.xlf", "refused hostile XML"),
        ("external-entity.xlf", "refused hostile XML"),
    ],
)
def test_bad_files_are_refused_whole_and_change_nothing(site: Site, fixture: str, message: str) -> None:
    before = site.page()
    path = Path(__file__).parents[1] / "data" / "xliff" / fixture
    with site.memory() as memory:
        outcome = site.desk(memory).import_files([path])
        assert memory.count("pt", origin=Origin.APPROVED) == 0
    (failure,) = outcome.failures
    assert message in failure.message
    assert failure.path == str(path)
    assert outcome.results == () and outcome.republished == ()
    assert site.page() == before


def test_a_file_for_another_release_is_refused_and_a_good_file_beside_it_applies(site: Site, tmp_path: Path) -> None:
    with site.memory() as memory:
        desk = site.desk(memory)
        xml = translator_edit(desk.export(SLUG, "pt").decode("utf-8"), "title", "GCRF lança a iniciativa")
        good, other = tmp_path / "good.xlf", tmp_path / "other.xlf"
        good.write_text(xml, encoding="utf-8")
        other.write_text(xml.replace(f'<file id="{SLUG}"', '<file id="ocean-data-2027"'), encoding="utf-8")
        outcome = desk.import_files([other, good])
        with pytest.raises(ReviewError, match=f"file is for release '{SLUG}', not 'ocean-data-2027'"):
            desk.import_file(good, expect_slug="ocean-data-2027")
        traversal = tmp_path / "traversal.xlf"
        traversal.write_text(xml.replace(f'<file id="{SLUG}"', '<file id="../../reports/x"'), encoding="utf-8")
        with pytest.raises(ReviewError, match=re.escape("file's <file id> is not a release slug: '../../reports/x'")):
            desk.import_file(traversal)
    (failure,) = outcome.failures
    assert failure.path == str(other)
    assert "file is for release 'ocean-data-2027', which is not published" in failure.message
    assert [a.segment_id for r in outcome.results for a in r.approvals] == ["title"]
    assert "GCRF lança a iniciativa" in site.page()


def test_hold_keeps_the_last_page_while_a_critical_flag_is_open(site: Site) -> None:
    pt_before, en_before = site.page("pt"), site.page("en")
    site.release.write_text(
        site.release.read_text(encoding="utf-8").replace("today launched", "launched on Monday"), encoding="utf-8"
    )
    held = site.with_gate("hold")
    held.publish()
    assert held.report().language("pt").status == "held"
    assert held.page("en") != en_before and "launched on Monday" in held.page("en")
    assert held.page("pt") == pt_before  # the last published version stays online untouched

    # A translator fixes the flagged segment; nothing critical is open any more, so the language goes out.
    with held.memory() as memory:
        held.desk(memory).approve(SLUG, "pt", held.flagged_id(), EDITED_XML.replace("pc", "g"))
    assert held.report().language("pt").status != "held"
    assert EDITED_HTML in held.page("pt")
    assert pseudo_localise("Monday").removeprefix("[!!! ").removesuffix(" !!!]") in held.page("pt")  # the edit


def test_an_import_republishes_the_affected_language_only(tmp_path: Path) -> None:
    site = build_site(tmp_path, targets=("pt", "es"))
    es_before = site.page("es")
    xlf = tmp_path / "pt.xlf"
    with site.memory() as memory:
        desk = site.desk(memory)
        xml = desk.export(SLUG, "pt", only_flagged=True).decode("utf-8")
        xlf.write_text(translator_edit(xml, site.flagged_id("pt"), EDITED_XML), encoding="utf-8")
        outcome = desk.import_files([xlf])
    assert outcome.republished == ((SLUG, ("pt",)),)
    assert EDITED_HTML in site.page("pt")
    assert site.page("es") == es_before


def test_the_command_line_exports_and_imports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from transpub.cli import main

    site = build_site(tmp_path)
    config = tmp_path / "transpub.toml"
    config.write_text(
        '[transpub]\ntargets = ["pt"]\nout = "out"\nmemory = "tm.sqlite"\nglossaries = ["glossary.csv"]\n'
        'default_engine = "pseudo"\n',
        encoding="utf-8",
    )
    xlf = tmp_path / "review.xlf"
    args = ["--config", str(config)]
    assert main(["review", "export", str(site.release), "--lang", "pt", "--only-flagged", "-o", str(xlf), *args]) == 0
    assert f"wrote {xlf}" in capsys.readouterr().out
    xlf.write_text(translator_edit(xlf.read_text(encoding="utf-8"), site.flagged_id(), EDITED_XML), encoding="utf-8")
    assert main(["review", "import", str(xlf), *args]) == 0
    out = capsys.readouterr().out
    assert f"{SLUG} [pt] 1 approved, 0 refused, 0 untouched" in out
    assert f"republished {SLUG}: pt" in out
    assert EDITED_HTML in site.page()

    bomb = Path(__file__).parents[1] / "data" / "xliff" / "billion-laughs.xlf"
    assert main(["review", "import", str(bomb), *args]) == 1
    assert f"transpub: refused file: {bomb}: refused hostile XML" in capsys.readouterr().err
    assert main(["review", "export", "no-such-release", "--lang", "pt", *args]) == 2
    assert "transpub: error: " in capsys.readouterr().err
