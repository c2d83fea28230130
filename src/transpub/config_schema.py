"""The config file's schema: every table and key transpub knows, with its type. Nothing else is accepted.

:func:`check_schema` runs on the parsed TOML before anything reads it. An unknown table or key is named with its
closest known spelling (``transpub.outt: unknown key (did you mean 'out'?)``); a value of the wrong type is named
with its table, key and value (``transpub.lock_timeout must be a finite number: nan``). What a value *means*
(a known engine, a positive interval) is checked where it is read, in :mod:`transpub.config`; a safe output
folder by :func:`check_output_folder` here.

**Adding a key is one line**: put ``"name": KIND,`` in its table below (and read it where it is used). A new table
is one line too: ``"table": {...}``. ``"languages.*"`` stands for every ``[languages.X]``; a key of kind ``OPEN``
holds a table its owner validates (``[checks.qe]``: :mod:`transpub.checks.qeconfig`).

>>> check_schema({"transpub": {"outt": "site"}})
Traceback (most recent call last):
...
transpub.errors.ConfigError: transpub.outt: unknown key (did you mean 'out'?)
>>> check_schema({"languages": {"pt": {"gaet": "hold"}}})
Traceback (most recent call last):
...
transpub.errors.ConfigError: languages.pt.gaet: unknown key (did you mean 'gate'?)
>>> check_schema({"languages": {"pt": {"gate": 1}}})
Traceback (most recent call last):
...
transpub.errors.ConfigError: languages.pt.gate must be a string: 1
"""

from __future__ import annotations

import difflib
import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transpub.errors import ConfigError


@dataclass(frozen=True)
class Kind:
    """A value's type as the error message names it, and the test a value must pass."""

    name: str
    accepts: Callable[[Any], bool]


def _number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


STR = Kind("a string", lambda v: isinstance(v, str))
BOOL = Kind("true or false", lambda v: isinstance(v, bool))
INT = Kind("an integer", lambda v: isinstance(v, int) and not isinstance(v, bool))
NUMBER = Kind("a finite number", _number)
SECONDS = Kind("a finite number of seconds, 0 or more", lambda v: _number(v) and v >= 0)
STR_LIST = Kind("a list of strings", lambda v: isinstance(v, list) and all(isinstance(i, str) for i in v))
OPEN = Kind("a table", lambda v: isinstance(v, Mapping))  # its keys are checked by the table's owner

#: table -> key -> kind. One line per key; see the module docstring.
SCHEMA: Mapping[str, Mapping[str, Kind]] = {
    "transpub": {
        "source": STR,
        "targets": STR_LIST,
        "default_engine": STR,
        "glossaries": STR_LIST,
        "out": STR,
        "base_url": STR,
        "memory": STR,
        "releases": STR,
        "max_release_bytes": INT,
        "lock_timeout": SECONDS,
    },
    "languages.*": {"engine": STR, "gate": STR},
    "engines.argos": {
        "beam_size": INT,
        "inter_threads": INT,
        "intra_threads": INT,
        "compute_type": STR,
        "max_batch_tokens": INT,
        "device": STR,
        "release_models_after_run": BOOL,
        "decoding_length_ratio": NUMBER,
        "parallel_translations": INT,
        "trim_memory": BOOL,
        "index_url": STR,
    },
    "engines.bergamot": {"postprocess": BOOL, "threads": INT},
    "engines.pseudo": {},
    "schedule": {"interval": NUMBER, "cron": STR, "releases": STR},
    "checks": {"ignore": STR_LIST, "qe": OPEN},
    "glossary": {"strategy": STR},  # "auto" | "mask" (transpub.translate.strategies)
    "orchestration": {
        "task_runner": STR,
        "workers": INT,
        "dask_address": STR,
        "server": BOOL,
        "server_port": INT,
        "server_home": STR,
        "decode_slots": INT,
        "chunk_tokens": INT,
    },
    "site": {
        "name": STR,
        "publisher": STR,
        "publisher_url": STR,
        "publisher_logo": STR,
        "source_locale": STR,
        "feed_entries": INT,
        "index_page_size": INT,
        "sitemap_releases": INT,
        "replace_slugs": BOOL,  # also set by `publish --replace-slug`
    },
    "review": {"url": STR, "notify": STR_LIST, "fuzzy_threshold": NUMBER, "matches": BOOL},
}


def _suggest(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(sorted(known))})"


def _table_for(dotted: str) -> str | None:
    """The schema entry for a table at ``dotted`` (``languages.pt`` -> ``languages.*``)."""
    if dotted in SCHEMA:
        return dotted
    parent, _, _ = dotted.rpartition(".")
    wildcard = f"{parent}.*"
    return wildcard if parent and wildcard in SCHEMA else None


def _children(prefix: str) -> list[str]:
    """The names the schema knows directly under ``prefix`` ("" for the top level)."""
    depth = prefix.count(".") + 1 if prefix else 0
    names = {
        t.split(".")[depth] for t in SCHEMA if (not prefix or t.startswith(prefix + ".")) and t.count(".") >= depth
    }
    return sorted(n for n in names if n != "*")


def check_schema(data: Mapping[str, Any], path: Path | None = None, prefix: str = "") -> None:
    """Raise :class:`ConfigError` for the first unknown table or key, or value of the wrong type, in ``data``."""
    for name, value in data.items():
        dotted = f"{prefix}.{name}" if prefix else name
        table = _table_for(dotted)
        if table is not None:
            if not isinstance(value, Mapping):
                raise ConfigError(f"[{dotted}] must be a table", path=path, value=value)
            _check_table(dotted, SCHEMA[table], value, path)
        elif any(t.startswith(dotted + ".") for t in SCHEMA):
            if not isinstance(value, Mapping):
                raise ConfigError(f"[{dotted}] must be a table", path=path, value=value)
            check_schema(value, path, dotted)
        elif not prefix and name in SCHEMA["transpub"]:
            raise ConfigError(f"{name}: this key belongs in the [transpub] table", path=path)
        else:
            known = _children(prefix)
            raise ConfigError(f"[{dotted}]: unknown table{_suggest(name, known)}", path=path)


def _check_table(dotted: str, keys: Mapping[str, Kind], table: Mapping[str, Any], path: Path | None) -> None:
    for key, value in table.items():
        kind = keys.get(key)
        if kind is None:
            raise ConfigError(f"{dotted}.{key}: unknown key{_suggest(key, list(keys))}", path=path)
        if not kind.accepts(value):
            raise ConfigError(f"{dotted}.{key} must be {kind.name}", path=path, value=value)


# Top-level folders of the system that are never a web root of their own (subfolders such as /var/www are fine).
_SYSTEM_FOLDERS = frozenset("bin boot dev etc home lib lib64 opt proc root run sbin srv sys tmp usr var".split())  # noqa: SIM905


def check_output_folder(out: Path, written: object, base_dir: Path | None, path: Path | None) -> Path:
    """``out`` when it is a safe output folder; :class:`ConfigError` for ``""``, ``/``, a top-level system folder,
    the home folder or any folder above it, and the config file's own folder or any folder above it (pages,
    reports and the sitemap would be written among other files, and removed releases' pages deleted there)."""
    if written == "":
        raise ConfigError('transpub.out is empty ("" would mean the config\'s own folder)', path=path)
    real = Path(os.path.realpath(out))
    if real == Path(real.anchor):
        raise ConfigError("transpub.out is the root folder, not an output folder", path=path, value=str(out))
    for folder, what in ((Path.home(), "the home folder"), (base_dir, "the config file's folder")):
        if folder is not None and real in (Path(os.path.realpath(folder)), *Path(os.path.realpath(folder)).parents):
            raise ConfigError(f"transpub.out is {what} or a folder above it", path=path, value=str(out))
    if len(real.parts) == 2 and real.parts[1] in _SYSTEM_FOLDERS:
        raise ConfigError("transpub.out is a system folder, not an output folder", path=path, value=str(out))
    return out
