"""``transpub review export|import|serve``: translators review flagged segments.

- ``transpub review export RELEASE --lang pt [--only-flagged] [-o FILE]`` writes one XLIFF 2.1 file;
- ``transpub review import FILE... [--release SLUG]`` applies reviewed units and republishes what changed
  (exit status 1 when a unit or file was refused, after applying everything else);
- ``transpub review serve [--host 127.0.0.1] [--port 8765] [--token T]`` starts the review web page.
"""

from __future__ import annotations

import argparse
import dataclasses
import secrets
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from transpub.commands.publish import default_config
from transpub.config import LanguageSettings, Settings, load_settings
from transpub.engines.base import Engine
from transpub.errors import ReviewError
from transpub.formats.loading import load_release
from transpub.languages import parse_language
from transpub.memory.store import TranslationMemory
from transpub.pipeline.engines import EngineSet
from transpub.pipeline.publish import publish_releases
from transpub.publish.site import published_run
from transpub.review.apply import Republish, ReviewDesk
from transpub.review.workbench import LiveChecker

DEFAULT_PORT = 8765


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "review",
        help="export/import XLIFF for translators, or serve the review page",
        description="Translators review flagged segments: XLIFF 2.1 files or a small web page.",
    )
    actions = p.add_subparsers(dest="review_command", metavar="ACTION", required=True)

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", help="config file (default: config/transpub.toml when it exists)")
    common.add_argument("--out", help="output folder holding the published pages and reports (default from config)")

    e = actions.add_parser("export", parents=[common], help="write an XLIFF 2.1 file for one release and language")
    e.add_argument("release", metavar="RELEASE", help="the release's slug, or its release file")
    e.add_argument("--lang", required=True, help="target language, e.g. pt")
    e.add_argument("--only-flagged", action="store_true", help="only segments with open flags")
    e.add_argument("--reviewer", help="reviewer's name to put in the file")
    e.add_argument("-o", "--output", help="file to write (default: <slug>.<lang>.xlf in the current folder)")
    e.set_defaults(func=run_export)

    i = actions.add_parser("import", parents=[common], help="apply reviewed XLIFF files and republish")
    i.add_argument("files", nargs="+", metavar="FILE", help="XLIFF files")
    i.add_argument("--release", help="refuse files for any other release (slug)")
    i.set_defaults(func=run_import)

    s = actions.add_parser("serve", parents=[common], help="start the review web page")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    s.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    s.add_argument("--token", help="access token; generated when listening beyond loopback without one")
    s.add_argument("--reviewer", help="name recorded with every approval made through the page")
    s.set_defaults(func=run_serve)


def _settings(args: argparse.Namespace) -> Settings:
    settings = load_settings(args.config or default_config())
    return settings.with_overrides(out=None if args.out is None else Path(args.out))


def pipeline_republisher(settings: Settings, *, engines: Mapping[str, Engine] | None = None) -> Republish:
    """Republish through the library pipeline with ``settings`` (the gate per language applies there).

    ``engines`` are ready engines by name, as :func:`transpub.pipeline.publish.publish_releases` takes them (the review
    page passes the ones it already loaded). The review desk is handed this function, so :mod:`transpub.review`
    never imports the pipeline above it.
    """

    def republish(release_path: Path, languages: Sequence[str]) -> object:
        used = as_published(settings, release_path)
        return publish_releases([release_path], used, languages=list(languages), engines=engines)

    return republish


def as_published(settings: Settings, release_path: Path) -> Settings:
    """``settings`` with the target languages and glossaries the last publish of ``release_path`` used.

    A publish run with ``--to`` or ``--glossary`` is republished the same way after a review, whatever the config
    says. A language the config configures keeps the config's engine and gate; any other gets the ones the publish
    used. A release never published with a recorded run keeps ``settings``.
    """
    run = published_run(settings.out, release_path)
    if run is None:
        return settings
    configured = {ls.lang.tag: ls for ls in settings.languages}  # the config's own engine and gate win
    languages = tuple(
        configured.get(t["lang"]) or LanguageSettings(parse_language(t["lang"]), t["engine"], t["gate"])
        for t in run.get("targets", [])
    )
    glossaries = tuple(Path(g) for g in run.get("glossaries", []))
    return dataclasses.replace(settings, languages=languages or settings.languages, glossaries=glossaries)


def _desk(settings: Settings, engines: Mapping[str, Engine] | None = None) -> tuple[ReviewDesk, TranslationMemory]:
    """The review desk over the configured output folder and memory (the caller closes the memory)."""
    if settings.memory is None:
        raise ReviewError("review needs a translation memory: set `memory` in the config", value=None)
    memory = TranslationMemory(settings.memory)
    desk = ReviewDesk(
        settings.out,
        memory,
        pipeline_republisher(settings, engines=engines),
        max_release_bytes=settings.max_release_bytes,
    )
    return desk, memory


def _slug(release: str, settings: Settings) -> str:
    path = Path(release)
    if path.is_file():
        return load_release(path, max_bytes=settings.max_release_bytes).slug
    return release


def run_export(args: argparse.Namespace) -> int:
    settings = _settings(args)
    slug = _slug(args.release, settings)
    lang = parse_language(args.lang).tag
    desk, memory = _desk(settings)
    with memory:
        data = desk.export(slug, lang, only_flagged=args.only_flagged, reviewer=args.reviewer)
    output = Path(args.output or f"{slug}.{lang}.xlf")
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise ReviewError(f"cannot write the XLIFF file ({exc.strerror})", path=output) from exc
    print(f"wrote {output}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    settings = _settings(args)
    desk, memory = _desk(settings)
    with memory:
        outcome = desk.import_files([Path(f) for f in args.files], expect_slug=args.release)
    for result in outcome.results:
        for line in result.lines():
            print(line)
    for failure in outcome.failures:
        print(f"transpub: refused file: {failure}", file=sys.stderr)
    for slug, langs in outcome.republished:
        print(f"republished {slug}: {', '.join(langs)}")
    return 0 if outcome.ok else 1


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn  # lazy, with the app: Starlette and uvicorn are only needed by this command

    from transpub.review.app import create_app, is_loopback
    from transpub.review.server import check_token, uvicorn_options

    settings = _settings(args)
    token = check_token(args.host, args.token)  # `--token a` on 0.0.0.0 is refused
    if token is None and not is_loopback(args.host):
        token = secrets.token_urlsafe(24)
    # Engines are built once and kept for the server's life, so an approval does not reload a model.
    with EngineSet(settings) as engine_set:
        engines = {ls.engine: engine_set.get(ls.engine) for ls in settings.languages}
        desk, memory = _desk(settings, engines)
        with memory:
            checker = LiveChecker.from_settings(settings)  # checks while typing, with the run's glossary
            app = create_app(desk, host=args.host, token=token, reviewer=args.reviewer, memory=memory, checker=checker)
            url = f"http://{args.host}:{args.port}/" + (f"?token={token}" if token else "")
            print(f"review page: {url}", flush=True)
            # A deadline for request headers, keep-alive, header size and connection limits (review.server).
            uvicorn.run(app, host=args.host, port=args.port, log_level="warning", **uvicorn_options())
    return 0
