"""Engines of one worker process, built once and kept for the life of that process.

A decode task (:mod:`transpub_flows.decode`) runs wherever Prefect's task runner puts it: a thread of the publishing
process, a Dask worker process, a work-pool worker on a GPU host. It receives plain values only (an engine name, its
options, strings) and asks :func:`engine_for` for the engine, so a model is loaded once per process and reused by
every later chunk, language and run that process decodes.

This is the one process-level cache in transpub, an exception to "no global mutable caches" (conventions, point 8)
for a reason the rule itself gives: an object owns its cache, and here no object lives longer than one task. A Dask
or work-pool worker process outlives every task it runs, and loading a model costs seconds and hundreds of MB, so
the process is the only owner whose life matches the model's. The cache is keyed by everything that changes the
engine (name and options), never read at import, guarded by a lock (a process runs tasks on several threads), and
:func:`close_all` empties it (tests, and a worker that wants its memory back).

>>> a = engine_for("pseudo", {})
>>> a is engine_for("pseudo", {}), loads()[engine_key("pseudo", {})] >= 1
(True, True)
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from typing import Any

from transpub.engines import create_engine
from transpub.engines.base import Engine

_lock = threading.Lock()
_engines: dict[str, Engine] = {}
_loads: dict[str, int] = {}


def engine_key(name: str, options: Mapping[str, Any]) -> str:
    """The cache key: engine name plus its options, canonically ordered (``pseudo {}``)."""
    return f"{name} {json.dumps(dict(options), sort_keys=True, default=str)}"


def engine_for(name: str, options: Mapping[str, Any]) -> Engine:
    """This process's engine for ``name`` with ``options``, built on first use."""
    key = engine_key(name, options)
    with _lock:
        engine = _engines.get(key)
        if engine is None:
            engine = _engines[key] = create_engine(name, **dict(options))
            _loads[key] = _loads.get(key, 0) + 1
        return engine


def loads() -> dict[str, int]:
    """How many times each engine was built in this process (the Dask test asks every worker for this)."""
    with _lock:
        return dict(_loads)


def close_all() -> None:
    """Close and forget every cached engine of this process."""
    with _lock:
        engines = list(_engines.values())
        _engines.clear()
        _loads.clear()
    for engine in engines:
        engine.close()
