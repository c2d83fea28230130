"""``transpub publish RELEASE... --to es,fr,ar,pt [--engine NAME] [--glossary FILE] [--out DIR] [--config FILE]``."""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
import time
from pathlib import Path
from typing import Any

from transpub.commands.runner import run_publish
from transpub.config import TASK_RUNNERS, Settings, load_settings
from transpub.errors import ConfigError
from transpub.pipeline import publish as pipeline
from transpub.publish.site import check_slugs
from transpub.review.notify import notify_review_needed


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
    p.add_argument("--replace-slug", action="store_true", help="let these files take over slugs other files published")
    p.add_argument("--verbose", action="store_true", help="show Prefect's own logging")
    p.add_argument(
        "--task-runner",
        choices=TASK_RUNNERS,
        help="where decoding runs: threads of this process or a Dask cluster (default from [orchestration])",
    )
    p.add_argument("--workers", type=int, metavar="N", help="decode threads, or Dask worker processes")
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


def with_orchestration(settings: Settings, task_runner: str | None, workers: int | None) -> Settings:
    """``--task-runner`` and ``--workers`` over ``[orchestration]``."""
    if workers is not None and workers < 1:
        raise ConfigError("--workers must be a positive number", value=workers)
    orchestration = settings.orchestration
    if task_runner is not None:
        orchestration = dataclasses.replace(orchestration, task_runner=task_runner)
    if workers is not None:
        orchestration = dataclasses.replace(orchestration, workers=workers)
    return dataclasses.replace(settings, orchestration=orchestration)


def run(args: argparse.Namespace) -> int:
    config = args.config or default_config()
    targets = None if args.targets is None else [t for t in args.targets.split(",") if t.strip()]
    settings = load_settings(config).with_overrides(
        targets=targets,
        engine=args.engine,
        glossaries=None if args.glossaries is None else [Path(g) for g in args.glossaries],
        out=None if args.out is None else Path(args.out),
    )
    settings = with_orchestration(settings, args.task_runner, args.workers)
    log = _progress_logger(args.verbose)
    # Validate everything cheap before starting Prefect: bad input fails at once and writes nothing.
    batch = pipeline.prepare(args.releases, settings)
    if args.replace_slug:
        settings = dataclasses.replace(settings, site=dataclasses.replace(settings.site, replace_slugs=True))
    claims = [(sr.release.slug, sr.release.source_path) for sr in batch]
    check_slugs(settings.out, claims, replace=settings.site.replace_slugs)  # the slug registry, at once
    with pipeline.EngineSet(settings) as engines:
        engines.check_available(pipeline.select_languages(settings, None))
    pipeline.load_glossary(settings)

    started = time.perf_counter()
    if args.no_prefect:
        summary: dict[str, Any] = pipeline.publish_releases(args.releases, settings, progress=log.info).as_dict()
        notify_review_needed(settings, [rel["slug"] for rel in summary["releases"]])  # the flow does it with Prefect
    else:
        summary = run_publish(args.releases, settings, verbose=args.verbose)
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
