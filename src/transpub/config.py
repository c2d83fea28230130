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

import dataclasses
import os
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

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
    schedule: ScheduleSettings = ScheduleSettings()
    config_path: Path | None = None

    @property
    def targets(self) -> tuple[Language, ...]:
        return tuple(ls.lang for ls in self.languages)

    def language(self, tag: str) -> LanguageSettings:
        wanted = parse_language(tag).tag
        for ls in self.languages:
            if ls.lang.tag == wanted:
                return ls
        raise LanguageError("language is not a target of this run", value=tag)

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
            out=self.out if out is None else Path(out),
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


def settings_from_mapping(data: Mapping[str, Any], *, base_dir: Path, path: Path | None = None) -> Settings:
    """Validate a parsed TOML mapping. ``base_dir`` anchors relative paths."""
    unknown = set(data) - {"transpub", "languages", "engines", "schedule", "checks"}
    if unknown:
        raise ConfigError("unknown section", path=path, value=sorted(unknown)[0])
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
            table = next((v for k, v in per_lang.items() if parse_language(k).tag == lang.tag), {})
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
        out=resolve(_get(main, "out", str, path, "out")),
        base_url=base_url,
        memory=None if memory_value == "" else resolve(memory_value),
        glossaries=tuple(resolve(g) for g in _get(main, "glossaries", list, path, [])),
        engine_options=MappingProxyType({k: MappingProxyType(dict(v)) for k, v in engines.items()}),
        releases_dir=None if releases_dir is None else resolve(releases_dir),
        max_release_bytes=max_bytes,
        lock_timeout=float(_get(main, "lock_timeout", (int, float), path, 60.0)),
        ignore_checks=frozenset(str(i) for i in ignore),
        schedule=ScheduleSettings(interval=None if interval is None else float(interval), cron=cron),
        config_path=path,
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
