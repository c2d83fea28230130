"""Reading and validating ``config/transpub.toml`` into a frozen :class:`Settings`.

Relative paths in the file are taken relative to the file's own folder, so a config works from any working
directory. Every problem is a :class:`~transpub.errors.ConfigError` naming the file and the key.

>>> s = settings_from_mapping({"transpub": {"targets": ["pt", "ar"], "out": "site"}}, base_dir=Path("/srv"))
>>> [(l.lang.tag, l.engine, l.gate) for l in s.languages]
[('pt', 'argos', 'publish'), ('ar', 'argos', 'publish')]
>>> str(s.out)
'/srv/site'
"""

from __future__ import annotations

import collections.abc
import dataclasses
import os
import tomllib
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

from transpub.config_schema import check_output_folder, check_schema
from transpub.engines import ENGINES
from transpub.errors import ConfigError, LanguageError
from transpub.languages import Language, parse_language, parse_languages

GATES = ("publish", "hold")
DEFAULT_MAX_RELEASE_BYTES = 2_000_000


@dataclass(frozen=True)
class LanguageSettings:
    """How one target language is produced: which engine, and whether open critical flags hold its page."""

    lang: Language
    engine: str
    gate: str = "publish"


@dataclass(frozen=True)
class ScheduleSettings:
    """When ``transpub serve`` republishes: every ``interval`` seconds or on a ``cron`` expression."""

    interval: float | None = None
    cron: str | None = None


TASK_RUNNERS = ("thread", "dask")


@dataclass(frozen=True)
class OrchestrationSettings:
    """How Prefect runs a publish (``[orchestration]``; README, "Orchestration").

    ``task_runner`` decodes in threads of the publishing process or on Dask (``workers`` processes of a local
    cluster started for the run, or the scheduler at ``dask_address``); ``server`` starts the local background
    Prefect server (``transpub server start``) on demand, on ``server_port`` with its own ``server_home``;
    ``decode_slots`` is the per-host global concurrency limit on decoding; ``chunk_tokens`` sizes decode tasks.
    """

    task_runner: str = "thread"
    workers: int | None = None
    dask_address: str | None = None
    server: bool = False
    server_port: int = 4270
    server_home: Path | None = None
    decode_slots: int = 2
    chunk_tokens: int = 2048


@dataclass(frozen=True)
class SiteSettings:
    """The public site (``[site]``; README, "Publishing"): name, publisher, the source's locale, page sizes."""

    name: str = ""  # the site's name in feeds and index pages (default: the publisher, else "News")
    publisher: str = ""  # the organisation, for JSON-LD ``publisher`` and feed authors
    publisher_url: str = ""
    publisher_logo: str = ""
    source_locale: str = ""  # how source pages write dates, e.g. "en-GB" (default: the source language's)
    feed_entries: int = 20  # entries per Atom feed (the latest)
    index_page_size: int = 50  # releases per language index page
    sitemap_releases: int = 100  # releases per sitemap file (at most 50,000 URLs each)
    replace_slugs: bool = False  # let a release file take over a slug another file published (--replace-slug)


@dataclass(frozen=True)
class ReviewSettings:
    """The review workbench (``[review]``; README, "The translator's workbench"): the page's URL for notices,
    Apprise URLs to notify, the least fuzzy-match similarity, and whether to look for fuzzy matches at all."""

    url: str = "http://127.0.0.1:8765"
    notify: tuple[str, ...] = ()
    fuzzy_threshold: float = 0.75
    matches: bool = True


@dataclass(frozen=True)
class Settings:
    source: Language
    languages: tuple[LanguageSettings, ...]
    out: Path
    base_url: str
    memory: Path | None
    glossaries: tuple[Path, ...] = ()
    engine_options: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: MappingProxyType({}))
    releases_dir: Path | None = None
    max_release_bytes: int = DEFAULT_MAX_RELEASE_BYTES
    lock_timeout: float = 60.0
    ignore_checks: frozenset[str] = frozenset()
    qe_table: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))  # [checks.qe]: checks.qeconfig
    term_strategy: str = "auto"  # [glossary] strategy: "auto" or "mask" (transpub.translate.strategies)
    schedule: ScheduleSettings = ScheduleSettings()
    config_path: Path | None = None
    orchestration: OrchestrationSettings = OrchestrationSettings()
    site: SiteSettings = SiteSettings()
    review: ReviewSettings = ReviewSettings()

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle as the plain form (MappingProxyType fields do not pickle): Dask and Prefect can ship a Settings.
        return (settings_from_plain, (settings_to_plain(self),))

    @property
    def targets(self) -> tuple[Language, ...]:
        return tuple(ls.lang for ls in self.languages)

    def language(self, tag: str) -> LanguageSettings:
        wanted = parse_language(tag).tag
        for ls in self.languages:
            if ls.lang.tag == wanted:
                return ls
        raise LanguageError("language is not a target of this run", value=tag)

    def _config_dir(self) -> Path | None:
        return None if self.config_path is None else self.config_path.resolve().parent

    def options_for(self, engine: str) -> Mapping[str, Any]:
        return self.engine_options.get(engine, MappingProxyType({}))

    def with_overrides(
        self,
        *,
        targets: Sequence[str] | None = None,
        engine: str | None = None,
        glossaries: Sequence[Path] | None = None,
        out: Path | None = None,
        memory: Path | None = None,
    ) -> Settings:
        """A copy with command-line overrides applied (``--to``, ``--engine``, ``--glossary``, ``--out``)."""
        languages = self.languages
        if targets is not None:
            known = {ls.lang.tag: ls for ls in self.languages}
            langs = parse_languages(targets, source=self.source.tag)
            default_engine = self.languages[0].engine if self.languages else "argos"
            languages = tuple(known.get(lang.tag, LanguageSettings(lang, default_engine)) for lang in langs)
        if engine is not None:
            _check_engine(engine, "--engine", None)
            languages = tuple(dataclasses.replace(ls, engine=engine) for ls in languages)
        return dataclasses.replace(
            self,
            languages=languages,
            glossaries=self.glossaries if glossaries is None else tuple(Path(g) for g in glossaries),
            out=self.out if out is None else check_output_folder(Path(out), str(out), self._config_dir(), None),
            memory=self.memory if memory is None else Path(memory),
        )


def _check_engine(name: object, key: str, path: Path | None) -> str:
    if not isinstance(name, str) or name not in ENGINES:
        raise ConfigError(f"{key}: unknown engine (known: {', '.join(sorted(ENGINES))})", path=path, value=name)
    return name


def _get(table: Mapping[str, Any], key: str, kind: type | tuple[type, ...], path: Path | None, default: Any) -> Any:
    if key not in table:
        return default
    value = table[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind in (int, float, (int, float))):
        raise ConfigError(f"{key} has the wrong type", path=path, value=value)
    return value


def _qe_table(table: Any, path: Path | None) -> Mapping[str, Any]:
    """``[checks.qe]`` as given; its owner validates it (:func:`transpub.checks.qeconfig.qe_config_from_table`)."""
    if not isinstance(table, Mapping):
        raise ConfigError("[checks.qe] must be a table", path=path, value=table)
    return MappingProxyType(dict(table))


def _term_strategy(table: Any, path: Path | None) -> str:
    """``[glossary] strategy``: ``auto`` (the default) or ``mask`` (see :mod:`transpub.translate.strategies`)."""
    value = _get(table, "strategy", str, path, "auto") if isinstance(table, Mapping) else "auto"
    if value not in TERM_STRATEGIES:
        raise ConfigError(f"glossary.strategy must be one of {', '.join(TERM_STRATEGIES)}", path=path, value=value)
    return str(value)


TERM_STRATEGIES = ("auto", "mask")


def settings_from_mapping(data: Mapping[str, Any], *, base_dir: Path, path: Path | None = None) -> Settings:
    """Validate a parsed TOML mapping. ``base_dir`` anchors relative paths."""
    # Every table and key, with its type, is listed in transpub.config_schema.SCHEMA: a new key is one line there.
    check_schema(data, path)
    main = data.get("transpub", {})
    if not isinstance(main, Mapping):
        raise ConfigError("[transpub] must be a table", path=path)

    def resolve(p: str) -> Path:
        q = Path(p).expanduser()
        return Path(os.path.normpath(q if q.is_absolute() else (base_dir / q)))

    try:
        source = parse_language(_get(main, "source", str, path, "en"))
        default_engine = _check_engine(_get(main, "default_engine", str, path, "argos"), "default_engine", path)
        target_codes = _get(main, "targets", list, path, [])
        per_lang = data.get("languages", {})
        if not isinstance(per_lang, Mapping):
            raise ConfigError("[languages] must be a table", path=path)
        langs = parse_languages([str(c) for c in target_codes], source=source.tag) if target_codes else ()
        languages: list[LanguageSettings] = []
        tags = {lang.tag for lang in langs}
        for code in per_lang:
            if parse_language(code).tag not in tags:
                raise ConfigError("[languages] names a language that is not in targets", path=path, value=code)
        for lang in langs:
            table: Mapping[str, Any] = next((v for k, v in per_lang.items() if parse_language(k).tag == lang.tag), {})
            engine = _check_engine(table.get("engine", default_engine), f"languages.{lang.tag}.engine", path)
            gate = table.get("gate", "publish")
            if gate not in GATES:
                raise ConfigError(f"languages.{lang.tag}.gate must be one of {GATES}", path=path, value=gate)
            languages.append(LanguageSettings(lang, engine, gate))
    except LanguageError as exc:
        raise ConfigError(f"bad language: {exc.message}", path=path, value=exc.value) from exc

    base_url = _get(main, "base_url", str, path, "https://example.org/news").rstrip("/")
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError("base_url must be an absolute http(s) URL", path=path, value=base_url)

    memory_value = _get(main, "memory", str, path, ".transpub/memory.sqlite")
    engines = data.get("engines", {})
    if not isinstance(engines, Mapping) or any(not isinstance(v, Mapping) for v in engines.values()):
        raise ConfigError("[engines] must hold one table per engine", path=path)
    for name in engines:
        _check_engine(name, f"engines.{name}", path)

    schedule_table = data.get("schedule", {})
    interval = _get(schedule_table, "interval", (int, float), path, None)
    cron = _get(schedule_table, "cron", str, path, None)
    if interval is not None and interval <= 0:
        raise ConfigError("schedule.interval must be a positive number of seconds", path=path, value=interval)
    if interval is not None and cron is not None:
        raise ConfigError("schedule: give interval or cron, not both", path=path)
    releases_dir = _get(schedule_table, "releases", str, path, None) or _get(main, "releases", str, path, None)

    checks = data.get("checks", {})
    ignore = _get(checks, "ignore", list, path, [])
    max_bytes = _get(main, "max_release_bytes", int, path, DEFAULT_MAX_RELEASE_BYTES)
    if max_bytes <= 0:
        raise ConfigError("max_release_bytes must be positive", path=path, value=max_bytes)

    return Settings(
        source=source,
        languages=tuple(languages),
        out=check_output_folder(resolve(_get(main, "out", str, path, "out")), main.get("out"), base_dir, path),
        base_url=base_url,
        memory=None if memory_value == "" else resolve(memory_value),
        glossaries=tuple(resolve(g) for g in _get(main, "glossaries", list, path, [])),
        engine_options=MappingProxyType({k: MappingProxyType(dict(v)) for k, v in engines.items()}),
        releases_dir=None if releases_dir is None else resolve(releases_dir),
        max_release_bytes=max_bytes,
        lock_timeout=float(_get(main, "lock_timeout", (int, float), path, 60.0)),
        ignore_checks=frozenset(str(i) for i in ignore),
        qe_table=_qe_table(checks.get("qe", {}), path),
        term_strategy=_term_strategy(data.get("glossary", {}), path),
        schedule=ScheduleSettings(interval=None if interval is None else float(interval), cron=cron),
        config_path=path,
        orchestration=orchestration_settings(data.get("orchestration", {}), path, resolve),
        site=site_settings(data.get("site", {}), path),
        review=review_settings(data.get("review", {}), path),
    )


def review_settings(table: Any, path: Path | None) -> ReviewSettings:
    """Validate ``[review]`` (keys and types: config_schema): an http(s) URL, Apprise URLs, a threshold in (0, 1]."""
    url = _get(table, "url", str, path, ReviewSettings.url).rstrip("/")
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        raise ConfigError("review.url must be an absolute http(s) URL", path=path, value=url)
    notify = _get(table, "notify", list, path, [])
    if any(not isinstance(n, str) or "://" not in n for n in notify):
        raise ConfigError("review.notify must be a list of Apprise URLs (scheme://...)", path=path, value=notify)
    threshold = float(_get(table, "fuzzy_threshold", (int, float), path, ReviewSettings.fuzzy_threshold))
    if not 0 < threshold <= 1:
        raise ConfigError("review.fuzzy_threshold must be above 0 and at most 1", path=path, value=threshold)
    matches = _get(table, "matches", bool, path, True)
    return ReviewSettings(url=url, notify=tuple(notify), fuzzy_threshold=threshold, matches=matches)


def site_settings(table: Any, path: Path | None) -> SiteSettings:
    """Validate ``[site]`` (unknown keys are refused; the source locale must be a language code)."""
    if not isinstance(table, Mapping):
        raise ConfigError("[site] must be a table", path=path)
    values: dict[str, Any] = {}
    for f in dataclasses.fields(SiteSettings):
        kind = bool if isinstance(f.default, bool) else int if isinstance(f.default, int) else str
        values[f.name] = _get(table, f.name, kind, path, f.default)
        if kind is int and values[f.name] < 1:
            raise ConfigError(f"site.{f.name} must be a positive integer", path=path, value=values[f.name])
    for key in set(table) - set(values):
        raise ConfigError(f"site.{key}: unknown key (known: {', '.join(sorted(values))})", path=path)
    if values["source_locale"]:
        try:
            values["source_locale"] = parse_language(values["source_locale"]).tag
        except LanguageError as exc:
            raise ConfigError(f"site.source_locale: {exc.message}", path=path, value=exc.value) from exc
    return SiteSettings(**values)


def orchestration_settings(table: Any, path: Path | None, resolve: Any) -> OrchestrationSettings:
    """Validate ``[orchestration]`` (unknown keys are refused)."""
    if not isinstance(table, Mapping):
        raise ConfigError("[orchestration] must be a table", path=path)
    fields = {f.name for f in dataclasses.fields(OrchestrationSettings)}
    for key in table:
        if key not in fields:
            raise ConfigError(f"orchestration.{key}: unknown key (known: {', '.join(sorted(fields))})", path=path)
    runner = _get(table, "task_runner", str, path, "thread")
    if runner not in TASK_RUNNERS:
        raise ConfigError(f"orchestration.task_runner must be one of {TASK_RUNNERS}", path=path, value=runner)
    counts = {k: _get(table, k, int, path, d) for k, d in (("workers", None), ("decode_slots", 2))}
    counts["chunk_tokens"] = _get(table, "chunk_tokens", int, path, 2048)
    counts["server_port"] = _get(table, "server_port", int, path, 4270)
    for key, value in counts.items():
        if value is not None and value < 1:
            raise ConfigError(f"orchestration.{key} must be a positive integer", path=path, value=value)
    home = _get(table, "server_home", str, path, ".transpub/prefect")
    return OrchestrationSettings(
        task_runner=runner,
        workers=counts["workers"],
        dask_address=_get(table, "dask_address", str, path, None),
        server=_get(table, "server", bool, path, False),
        server_port=counts["server_port"],
        server_home=resolve(home),
        decode_slots=counts["decode_slots"],
        chunk_tokens=counts["chunk_tokens"],
    )


def load_settings(path: str | Path | None = None) -> Settings:
    """Read a TOML config file; with no path, defaults anchored at the current folder."""
    if path is None:
        return settings_from_mapping({}, base_dir=Path.cwd())
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read config file ({exc.strerror})", path=path) from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError("config file is not UTF-8", path=path) from exc
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        raise ConfigError(f"invalid TOML ({exc.msg if hasattr(exc, 'msg') else exc})", path=path, line=line) from exc
    return settings_from_mapping(data, base_dir=path.resolve().parent, path=path)


# -- the plain form: what crosses a process or a Prefect API (JSON-able, so pickle-safe too) -----------------------


def settings_to_plain(settings: Settings) -> dict[str, Any]:
    """``settings`` as JSON-able values (paths and languages as strings, mappings as dicts, sets as sorted lists).

    Generic over the dataclass fields, so a new option crosses the CLI -> flow boundary without a signature change.
    """
    return {f.name: _to_plain(getattr(settings, f.name)) for f in dataclasses.fields(settings)}


def settings_from_plain(data: Mapping[str, Any]) -> Settings:
    """The inverse of :func:`settings_to_plain` (``settings_from_plain(settings_to_plain(s)) == s``)."""
    return _from_plain(Settings, data)  # type: ignore[no-any-return]


def _to_plain(value: Any) -> Any:
    if isinstance(value, Language):
        return value.tag
    if isinstance(value, Path):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _to_plain(v) for k, v in value.items()}
    if isinstance(value, frozenset | set):
        return sorted(_to_plain(v) for v in value)
    if isinstance(value, tuple | list):
        return [_to_plain(v) for v in value]
    return value


def _from_plain(kind: Any, value: Any) -> Any:
    if value is None:
        return None
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if kind is Language:
        return parse_language(value)
    if kind is Path:
        return Path(value)
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        hints = typing.get_type_hints(kind)
        return kind(
            **{f.name: _from_plain(hints[f.name], value[f.name]) for f in dataclasses.fields(kind) if f.name in value}
        )
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return _from_plain(inner[0], value) if len(inner) == 1 else value
    if origin is tuple:
        item = args[0] if args else Any
        return tuple(_from_plain(item, v) for v in value)
    if origin is frozenset:
        return frozenset(_from_plain(args[0], v) for v in value)
    if origin in (Mapping, collections.abc.Mapping, dict):
        inner_kind = args[1] if len(args) == 2 else Any
        return MappingProxyType({k: _from_plain(inner_kind, v) for k, v in value.items()})
    return value
