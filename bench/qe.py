"""Quality-estimation checks against human labels: recall and false-flag rate on a calibration set and a blind
held-out set.

* Calibration: ``bench/data/qe_set.json`` (154 en -> pt-BR segments of bergamot output, labelled by hand). The
  checks were written and tuned on all of it (its old ``split`` field is kept for history; its "held-out" and
  "test" splits were seen while tuning), and the round-trip thresholds (chrF, content-word coverage) are chosen on
  it by grid search (best recall minus false-flag rate overall, ties to the laxer thresholds).
* Held-out: ``bench/data/qe_blind.json`` (89 segments from 64 new sentences, built by ``bench/qe_build_blind.py``),
  labelled before any check was run on it; its figures were measured once, with every threshold frozen.

For each segment every registered check runs (glossary matches from ``glossaries/gcrf.csv`` for the segments
translated with the glossary; the stored back-translation, or a fresh one with ``--engine``), and the script prints
per check and overall:

* recall: the share of "needs a human" segments flagged at warning or above;
* false-flag rate: the share of "publishable" segments flagged at warning or above.

``--rebuild`` re-translates the calibration sources with the engine and rewrites targets and back-translations (the
labels are kept, and a changed target is reported so it can be labelled again).

Usage: ``python bench/qe.py [--engine bergamot] [--json] [--rebuild]``
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from transpub.checks import REGISTRY, CheckContext, run_checks
from transpub.checks.qe import qe_inputs
from transpub.checks.qeconfig import DEFAULT_QE, RoundTrip
from transpub.checks.roundtrip import compare
from transpub.document import Flag, Segment, Severity
from transpub.engines import create_engine
from transpub.glossary import Glossary, load_glossaries
from transpub.languages import parse_language
from transpub.text.tagged import escape, to_plain

ROOT = Path(__file__).resolve().parent.parent
SET = ROOT / "bench" / "data" / "qe_set.json"
BLIND = ROOT / "bench" / "data" / "qe_blind.json"
GLOSSARY = ROOT / "glossaries" / "gcrf.csv"
NEEDS = "needs a human"
ROUNDTRIP = "roundtrip-divergent"
CHRF_GRID = [float(x) for x in range(40, 100, 2)]
COVERAGE_GRID = [round(0.5 + 0.05 * i, 2) for i in range(11)]


@dataclass(frozen=True)
class Item:
    data: dict[str, Any]
    segment: Segment
    ctx: CheckContext

    @property
    def needs_human(self) -> bool:
        return bool(self.data["label"] == NEEDS)


def load_items(data: dict[str, Any], glossary: Glossary) -> list[Item]:
    source, target = parse_language(data["source"]), parse_language(data["target"])
    items = []
    for row in data["segments"]:
        seg = Segment(row["id"], escape(row["source"]))
        with_glossary = bool(row["glossary"])
        ctx = CheckContext(
            source=source,
            target=target,
            matches=glossary.find(seg.source) if with_glossary else (),
            glossary=glossary if with_glossary else None,
            back_translation=row.get("back"),
            engine="bergamot",
        )
        items.append(Item(row, seg, ctx))
    return items


def flags_for(item: Item, roundtrip: RoundTrip) -> list[Flag]:
    qe = replace(DEFAULT_QE, roundtrip={**DEFAULT_QE.roundtrip, "bergamot": roundtrip})
    ctx = replace(item.ctx, qe=qe)
    flags = run_checks(item.segment, escape(item.data["target"]), ctx)
    return [f for f in flags if f.severity is not Severity.INFO]


def rates(items: Sequence[Item], flagged: Sequence[bool]) -> tuple[float, float, int, int, int, int]:
    needs = [f for i, f in zip(items, flagged, strict=True) if i.needs_human]
    fine = [f for i, f in zip(items, flagged, strict=True) if not i.needs_human]
    recall = sum(needs) / len(needs) if needs else 0.0
    false_rate = sum(fine) / len(fine) if fine else 0.0
    return recall, false_rate, sum(needs), len(needs), sum(fine), len(fine)


def calibrate(items: Sequence[Item]) -> RoundTrip:
    """The round-trip thresholds with the best overall recall minus false-flag rate on ``items``."""
    others = [bool({f.code for f in flags_for(i, RoundTrip(0.0, 0.0))} - {ROUNDTRIP}) for i in items]
    scores = [compare(to_plain(i.segment.source), i.data["back"]) for i in items]
    best: tuple[float, float, float, RoundTrip] | None = None
    for chrf, coverage in itertools.product(CHRF_GRID, COVERAGE_GRID):
        flagged = [
            other or bool(s.missing_numbers or s.missing_names) or s.chrf < chrf or s.coverage < coverage
            for other, s in zip(others, scores, strict=True)
        ]
        recall, false_rate, *_ = rates(items, flagged)
        key = (recall - false_rate, -chrf, -coverage)
        if best is None or key > best[:3]:
            best = (*key, RoundTrip(chrf, coverage))
    assert best is not None
    return best[3]


def table(items: Sequence[Item], limits: RoundTrip) -> list[dict[str, Any]]:
    per_item = [{f.code for f in flags_for(i, limits)} for i in items]
    rows = []
    for check_id in [*REGISTRY, "overall"]:
        if check_id != "overall" and REGISTRY[check_id].severity is Severity.INFO:
            continue
        flagged = [bool(codes) if check_id == "overall" else check_id in codes for codes in per_item]
        recall, false_rate, hit, needs, wrong, fine = rates(items, flagged)
        if check_id != "overall" and not hit and not wrong:
            continue
        rows.append(
            {
                "check": check_id,
                "recall": recall,
                "false_flag_rate": false_rate,
                "caught": hit,
                "needs": needs,
                "false_flags": wrong,
                "publishable": fine,
            }
        )
    return rows


def rebuild(data: dict[str, Any], glossary: Glossary, engine_name: str) -> list[str]:
    """Re-translate the set's sources (with and without the glossary) and back-translate; returns changed ids."""
    from transpub.translate.protect import translate_protected  # only for --rebuild

    source, target = parse_language(data["source"]), parse_language(data["target"])
    engine = create_engine(engine_name)
    changed = []
    try:
        for with_glossary in (False, True):
            rows = [r for r in data["segments"] if bool(r["glossary"]) == with_glossary]
            segments = [Segment(r["id"], escape(r["source"])) for r in rows]
            results = translate_protected(
                engine, segments, source=source, target=target, glossary=glossary if with_glossary else None
            )
            for row, result in zip(rows, results, strict=True):
                new = to_plain(result.target)
                if new != row["target"]:
                    changed.append(row["id"])
                    row["target"] = new
        batch = qe_inputs(
            engine,
            [r["source"] for r in data["segments"]],
            [r["target"] for r in data["segments"]],
            source=source.tag,
            target=target.tag,
        )
        for row, qe_input in zip(data["segments"], batch.inputs, strict=True):
            row["back"] = qe_input.back_translation
    finally:
        engine.close()
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--engine", help="back-translate now with this engine instead of the stored back-translations")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--rebuild", action="store_true", help="re-translate the set with --engine (default bergamot)")
    args = parser.parse_args(argv)

    data = json.loads(SET.read_text(encoding="utf-8"))
    glossary = load_glossaries([GLOSSARY], source=data["source"], targets=[data["target"]])
    if args.rebuild:
        changed = rebuild(data, glossary, args.engine or "bergamot")
        SET.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"rebuilt {len(data['segments'])} segments; targets changed (label them again): {changed or 'none'}")
    elif args.engine:
        engine = create_engine(args.engine)
        try:
            batch = qe_inputs(
                engine,
                [r["source"] for r in data["segments"]],
                [r["target"] for r in data["segments"]],
                source=data["source"],
                target=data["target"],
            )
        finally:
            engine.close()
        for row, qe_input in zip(data["segments"], batch.inputs, strict=True):
            row["back"] = qe_input.back_translation

    # Every segment of qe_set.json calibrates (its old held-out and test splits were seen while tuning); the
    # held-out figures come from qe_blind.json, written and labelled after the checks were frozen.
    calibration = load_items(data, glossary)
    held_out: list[Item] = []
    if BLIND.exists():
        blind = json.loads(BLIND.read_text(encoding="utf-8"))
        held_out = load_items(blind, glossary)
    limits = calibrate(calibration)
    report: dict[str, Any] = {
        "set": f"{SET.relative_to(ROOT)} (calibration) + {BLIND.relative_to(ROOT)} (held-out)",
        "segments": {"calibration": len(calibration), "held_out": len(held_out)},
        "roundtrip_thresholds": {"chrf": limits.chrf, "coverage": limits.coverage},
        "configured_thresholds": vars(DEFAULT_QE.roundtrip_for("bergamot")),
        "calibration": table(calibration, limits),
        "held_out": table(held_out, limits),
        "held_out_misses": [
            {"id": i.data["id"], "reason": i.data["reason"]}
            for i in held_out
            if i.needs_human and not flags_for(i, limits)
        ],
        "held_out_false_flags": [
            {"id": i.data["id"], "flags": sorted({f.code for f in flags_for(i, limits)})}
            for i in held_out
            if not i.needs_human and flags_for(i, limits)
        ],
        "calibration_misses": [
            {"id": i.data["id"], "reason": i.data["reason"]}
            for i in calibration
            if i.needs_human and not flags_for(i, limits)
        ],
        "calibration_false_flags": [
            {"id": i.data["id"], "flags": sorted({f.code for f in flags_for(i, limits)})}
            for i in calibration
            if not i.needs_human and flags_for(i, limits)
        ],
    }
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    print(f"set: {report['set']} ({len(calibration)} calibration + {len(held_out)} held-out segments)")
    print(
        f"round-trip thresholds calibrated: chrF < {limits.chrf:g} or coverage < {limits.coverage:.0%}"
        f" (configured for bergamot: {report['configured_thresholds']})"
    )
    for name in ("calibration", "held_out"):
        print(f"\n{name.replace('_', '-')}")
        print(f"| {'check':<22} | {'recall':>14} | {'false flags':>14} |")
        print(f"|{'-' * 24}|{'-' * 16}:|{'-' * 16}:|")
        for row in report[name]:
            recall = f"{row['recall']:.0%} ({row['caught']}/{row['needs']})"
            false = f"{row['false_flag_rate']:.0%} ({row['false_flags']}/{row['publishable']})"
            label = f"**{row['check']}**" if row["check"] == "overall" else f"`{row['check']}`"
            print(f"| {label:<22} | {recall:>14} | {false:>14} |")
    print()
    for name in ("calibration", "held_out"):
        what = name.replace("_", "-")
        print(f"{what} misses:", *(f"  {m['id']}: {m['reason']}" for m in report[f"{name}_misses"]), sep="\n")
        flags = report[f"{name}_false_flags"]
        print(f"{what} false flags:", *(f"  {m['id']}: {m['flags']}" for m in flags), sep="\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
