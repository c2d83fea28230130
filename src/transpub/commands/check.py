"""``transpub check FILE.xlf... [--glossary F] [--engine NAME] [--json]``: QA flags for any XLIFF 2.x file.

Prints the flags per unit and a summary (or, with ``--json``, exactly one JSON document on stdout:
``{"units": [{"id": ..., "flags": [{"code", "severity", "message"}]}]}``). Exits 0 when nothing is critical, 1
when something is (like a linter), 2 on bad input with one error line. ``--engine`` adds the engine-based checks
(round trip through the reverse model, model confidence). All logic lives in :mod:`transpub.pipeline.check`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from transpub.document import Severity
from transpub.engines import create_engine
from transpub.pipeline.check import FileCheck, check_files


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``check`` to the CLI."""
    parser = sub.add_parser(
        "check",
        help="run every QA check on the translations of XLIFF 2 files",
        description="Run every QA check on the translations in XLIFF 2.x files (languages from srcLang/trgLang). "
        "Exit status: 0 nothing critical, 1 something critical, 2 bad input.",
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE.xlf")
    parser.add_argument("--glossary", action="append", type=Path, default=[], help="glossary file (repeatable)")
    parser.add_argument("--engine", help="engine for the round-trip and confidence checks (bergamot, argos…)")
    parser.add_argument("--json", action="store_true", help="print one JSON document instead of text")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    engine = create_engine(args.engine) if args.engine else None
    try:
        checked = check_files(args.files, glossaries=args.glossary, engine=engine)
    finally:
        if engine is not None:
            engine.close()
    if args.json:
        units = [
            {
                "id": unit.id,
                "flags": [{"code": f.code, "severity": f.severity.value, "message": f.message} for f in unit.flags],
            }
            for file in checked
            for unit in file.units
        ]
        json.dump({"units": units}, sys.stdout, ensure_ascii=False)
        print()
    else:
        for file in checked:
            print_file(file)
        print_summary(checked)
    critical = sum(file.count(Severity.CRITICAL) for file in checked)
    return 1 if critical else 0


def print_file(file: FileCheck) -> None:
    print(f"{file.path} ({file.src_lang} -> {file.trg_lang})")
    for note in file.notes:
        print(f"  note: {note}")
    for unit in file.units:
        if not unit.flags:
            continue
        print(f"  {unit.id}")
        for flag in unit.flags:
            print(f"    {flag.severity.value:<8} {flag.code:<22} {flag.message}")


def print_summary(checked: list[FileCheck]) -> None:
    units = sum(len(f.units) for f in checked)
    flagged = sum(1 for f in checked for u in f.units if u.flags)
    counts = {s: sum(f.count(s) for f in checked) for s in Severity}
    skipped = sum(f.skipped for f in checked)
    untranslated = f", {skipped} without a target skipped" if skipped else ""
    print(
        f"{units} units checked in {len(checked)} file{'s' if len(checked) != 1 else ''}{untranslated}: "
        f"{flagged} flagged ({counts[Severity.CRITICAL]} critical, {counts[Severity.WARNING]} warning, "
        f"{counts[Severity.INFO]} info)"
    )
