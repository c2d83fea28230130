"""``transpub memory search|export|import``: the translation memory outside transpub.

- ``transpub memory search TEXT [--lang L] [--limit N]`` prints where the words were translated before (concordance);
- ``transpub memory export FILE.tmx [--lang L]`` writes the memory as TMX 1.4b, approved entries with their reviewer
  and date;
- ``transpub memory import FILE.tmx [--as approved|mt]`` reads a TMX file (transpub's own, or another CAT tool's);
  every target must pass the review rules (the source's inline codes, not empty), else nothing is imported.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from transpub.config import Settings, load_settings
from transpub.errors import TranslationMemoryError
from transpub.languages import parse_language
from transpub.memory.concordance import DEFAULT_LIMIT, plain_text, search
from transpub.memory.history import utc_now
from transpub.memory.store import TranslationMemory
from transpub.memory.tmx import import_units, memory_units, read_tmx, write_tmx


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "memory",
        help="search the translation memory, or move it in and out as TMX",
        description="Concordance search over the translation memory, and TMX 1.4b export and import.",
    )
    actions = p.add_subparsers(dest="memory_command", metavar="ACTION", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", help="config file (default: config/transpub.toml when it exists)")
    common.add_argument("--memory", help="translation memory file (default from config)")

    s = actions.add_parser("search", parents=[common], help="find earlier translations of words or a phrase")
    s.add_argument("text", metavar="TEXT", help="words to look for, in the source or the target")
    s.add_argument("--lang", help="only this target language")
    s.add_argument("--limit", type=int, default=DEFAULT_LIMIT, help=f"at most this many hits (default {DEFAULT_LIMIT})")
    s.set_defaults(func=run_search)

    e = actions.add_parser("export", parents=[common], help="write the memory as a TMX 1.4b file")
    e.add_argument("file", metavar="FILE.tmx")
    e.add_argument("--lang", help="only this target language")
    e.set_defaults(func=run_export)

    i = actions.add_parser("import", parents=[common], help="read a TMX file into the memory")
    i.add_argument("file", metavar="FILE.tmx")
    i.add_argument(
        "--as",
        dest="origin",
        choices=("approved", "mt"),
        default="approved",
        help="origin of entries the file does not mark (default: approved, as a CAT tool's memory is human work)",
    )
    i.set_defaults(func=run_import)


def _settings(args: argparse.Namespace) -> Settings:
    from transpub.commands.publish import default_config

    settings = load_settings(args.config or default_config())
    return settings.with_overrides(memory=None if args.memory is None else Path(args.memory))


def _open(settings: Settings) -> TranslationMemory:
    if settings.memory is None:
        raise TranslationMemoryError("no translation memory: set `memory` in the config or give --memory")
    return TranslationMemory(settings.memory)


def _lang(value: str | None) -> str | None:
    return None if value is None else parse_language(value).tag


def run_search(args: argparse.Namespace) -> int:
    settings = _settings(args)
    with _open(settings) as memory, memory.connection() as conn:
        hits = search(conn, args.text, source_lang=settings.source.tag, target_lang=_lang(args.lang), limit=args.limit)
    for hit in hits:
        who = f", {hit.reviewer}" if hit.reviewer else ""
        print(
            f"[{hit.target_lang}] {plain_text(hit.source)}\n    -> {plain_text(hit.target)}  ({hit.origin.value}{who})"
        )
    print(f"{len(hits)} hit(s) for {args.text!r}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    settings = _settings(args)
    with _open(settings) as memory, memory.connection() as conn:
        units = memory_units(conn, source_lang=settings.source.tag, target_lang=_lang(args.lang))
    output = Path(args.file)
    try:
        output.write_bytes(write_tmx(units, source_lang=settings.source.tag))
    except OSError as exc:
        raise TranslationMemoryError(f"cannot write the TMX file ({exc.strerror})", path=output) from exc
    approved = sum(1 for u in units if u.origin == "approved")
    print(f"wrote {output}: {len(units)} entries ({approved} approved)")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from transpub.checks.validate import validate_target

    settings = _settings(args)
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TranslationMemoryError(f"cannot read the TMX file ({exc.strerror})", path=path) from exc
    units = read_tmx(data, path=path, default_origin=args.origin)
    with _open(settings) as memory, memory.connection(write=True) as conn:
        summary = import_units(conn, units, now=utc_now(), validate=validate_target, path=path)
    print(
        f"{path}: {len(units)} entries read, {summary.written} written, {summary.unchanged} already the same, "
        f"{summary.kept} kept (the memory's entry is approved or newer)"
    )
    return 0
