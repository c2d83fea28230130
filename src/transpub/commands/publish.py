"""``transpub publish RELEASE... --to es,fr,ar,pt [--engine NAME] [--glossary FILE] [--out DIR] [--config FILE]``."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path
from typing import Any

from transpub.config import load_settings


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "publish",
        help="translate releases and write linked pages for every language",
        description="Translate release files (or folders of them) and publish one HTML page per language.",
    )
    p.add_argument("releases", nargs="+", metavar="RELEASE", help="a .txt, .md or .html release, or a folder")
    p.add_argument("--to", dest="targets", help="comma-separated target languages, e.g. es,fr,ar,pt")
    p.add_argument("--engine", help="engine for every language (argos, bergamot, pseudo)")
    p.add_argument("--glossary", action="append", dest="glossaries", metavar="FILE", help="CSV or TBX; repeatable")
    p.add_argument("--out", help="output folder (default from config)")
    p.add_argument("--config", help="config file (default: config/transpub.toml when it exists)")
    p.add_argument("--verbose", action="store_true", help="show Prefect's own logging")
    p.add_argument(
        "--no-prefect",
        action="store_true",
        help="run the same stages in this process without starting Prefect (debugging, constrained hosts)",
    )
    p.set_defaults(func=run)


def default_config() -> str | None:
    candidate = Path("config/transpub.toml")
    return str(candidate) if candidate.exists() else None


class _ProgressHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Progress lines on whatever ``sys.stderr`` is at the time of each message."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def _progress_logger(verbose: bool) -> logging.Logger:
    logger = logging.getLogger("transpub")
    if not any(isinstance(h, _ProgressHandler) for h in logger.handlers):
        handler = _ProgressHandler()
        handler.setFormatter(logging.Formatter("transpub: %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False
    return logger


def run(args: argparse.Namespace) -> int:
    from transpub.pipeline import publish as pipeline

    config = args.config or default_config()
    targets = None if args.targets is None else [t for t in args.targets.split(",") if t.strip()]
    settings = load_settings(config).with_overrides(
        targets=targets,
        engine=args.engine,
        glossaries=None if args.glossaries is None else [Path(g) for g in args.glossaries],
        out=None if args.out is None else Path(args.out),
    )
    log = _progress_logger(args.verbose)
    # Validate everything cheap before starting Prefect: bad input fails at once and writes nothing.
    pipeline.prepare(args.releases, settings)
    with pipeline.EngineSet(settings) as engines:
        engines.check_available(pipeline.select_languages(settings, None))
    pipeline.load_glossary(settings)

    started = time.perf_counter()
    if args.no_prefect:
        summary: dict[str, Any] = pipeline.publish_releases(args.releases, settings, progress=log.info).as_dict()
    else:
        from transpub.commands.runner import run_publish

        summary = run_publish(
            args.releases,
            config=config,
            targets=targets,
            engine=args.engine,
            glossaries=args.glossaries,
            out=args.out,
            verbose=args.verbose,
        )
    print_summary(summary, settings.out, time.perf_counter() - started)
    return 0


def _shown(path: Path) -> Path:
    """``path`` relative to the working folder when it is inside it (shorter summary lines)."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def print_summary(summary: dict[str, Any], out: Path, seconds: float) -> None:
    out = _shown(out)
    for rel in summary["releases"]:
        print(f"{rel['slug']}:")
        for lang, info in rel["languages"].items():
            print(
                f"  {lang:<6} {info['segments']:>4} segments  {info['flagged']:>3} flagged"
                f"  ({info['critical']} critical)  {info['status']:<9} {out / lang / (rel['slug'] + '.html')}"
            )
        if rel["report"]:
            print(f"  report {_shown(Path(rel['report']))}")
    mt = sum(summary["machine_translated"].values())
    reused = sum(summary["reused"].values())
    print(f"done in {seconds:.1f}s: {mt} segment(s) machine-translated, {reused} reused; pages under {out}")
