"""The engines of one run: built on first use, checked for models before any work, closed together."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from transpub.engines import create_engine
from transpub.errors import EngineError

if TYPE_CHECKING:
    from transpub.config import LanguageSettings, Settings
    from transpub.engines.base import Engine


class EngineSet:
    """The engines of one run, built on first use and closed together; each loads its models once."""

    def __init__(self, settings: Settings, provided: Mapping[str, Engine] | None = None) -> None:
        self._settings = settings
        self._engines: dict[str, Engine] = dict(provided or {})
        self._owned: set[str] = set()

    def get(self, name: str) -> Engine:
        engine = self._engines.get(name)
        if engine is None:
            engine = create_engine(name, **dict(self._settings.options_for(name)))
            self._engines[name] = engine
            self._owned.add(name)
        return engine

    def check_available(self, languages: Sequence[LanguageSettings]) -> None:
        """Fail before any work when a language has no model, naming the pair and how to install it."""
        for ls in languages:
            engine = self.get(ls.engine)
            if not engine.supports(self._settings.source.tag, ls.lang.tag):
                # translate_batch raises the engine's own ModelNotInstalledError, with the install command.
                engine.translate_batch([], self._settings.source.tag, ls.lang.tag)
                raise EngineError(
                    f"engine {ls.engine!r} has no model for {self._settings.source.tag} -> {ls.lang.tag}",
                    value=ls.lang.tag,
                )

    def close(self) -> None:
        for name in self._owned:
            self._engines[name].close()
        self._owned.clear()

    def __enter__(self) -> EngineSet:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
