"""The ``argos`` engine: installed Argos Translate packages, driven directly through CTranslate2.

``argostranslate.translate`` is never called: it needs a network-downloaded sentence splitter and translates
paragraph by paragraph. transpub has already segmented the text, so this engine tokenises every text of a call
with the package's own tokenizer, sorts them by length, cuts them into token-bounded batches, submits all batches
to one ``ctranslate2.Translator`` (asynchronously, so ``inter_threads`` work in parallel), then restores the
original order.

Options (keyword arguments, from the ``[engines.argos]`` config table):

``beam_size`` (2), ``inter_threads`` (1), ``intra_threads`` (0: CTranslate2 decides), ``compute_type`` (``int8`` on
CPU, ``auto`` elsewhere), ``max_batch_tokens`` (1024 padded source tokens per batch), ``device`` (``cpu``, ``cuda``,
``auto``), ``release_models_after_run`` (False: when True, each ``translate_batch`` call unloads its model when it
returns, so a run over many languages holds one model at a time), ``decoding_length_ratio`` (None: decoding stops
at the model's end token, capped at twice the longest source plus 10 tokens; when set, every output is forced to
``ratio x`` its batch's source lengths with CTranslate2's ``min_decoding_length``/``max_decoding_length``. This
exists for benchmarks with random-weight models, which never emit an end token; do not set it for real models),
``parallel_translations`` (1: how many calls may decode at the same time; further calls, e.g. the other languages
of a run translated by concurrent tasks, wait for their turn), ``trim_memory`` (True: after each call, hand the heap
memory the decoder freed back to the operating system).

Memory: a loaded model costs about its ``model.bin`` size. A decoding call also needs a workspace (the attention
caches of one batch) of about ``max_batch_tokens x beam_size x 70 KB`` for a transformer-base model: about 145 MB
at the defaults (1024 tokens, beam 2; on CPU, 2048 tokens decode only about 1.5% faster for twice the memory).
CTranslate2 allocates it from its worker thread's own heap arena, and glibc keeps a freed arena's memory for that
thread, so four languages translated one after another would otherwise hold four workspaces;
``parallel_translations = 1`` with ``trim_memory`` keeps the peak at the models plus one workspace. On CPU, decoding
two models at once brings no speed (each call already uses every core through ``intra_threads``); raise
``parallel_translations`` only with spare cores or a GPU, and count one workspace per parallel call.
"""

from __future__ import annotations

import ctypes
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transpub.engines import packages as models
from transpub.errors import ConfigError, EngineError

_DEVICES = ("cpu", "cuda", "auto")


@dataclass(frozen=True)
class ArgosOptions:
    """Validated engine options; see the module docstring for what each one does."""

    beam_size: int = 2
    inter_threads: int = 1
    intra_threads: int = 0
    compute_type: str | None = None
    max_batch_tokens: int = 1024
    device: str = "cpu"
    release_models_after_run: bool = False
    decoding_length_ratio: float | None = None
    parallel_translations: int = 1
    trim_memory: bool = True

    def __post_init__(self) -> None:
        for name in ("beam_size", "inter_threads", "max_batch_tokens", "parallel_translations"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ConfigError(f"engines.argos.{name} must be a positive integer", value=value)
        if not isinstance(self.intra_threads, int) or self.intra_threads < 0:
            raise ConfigError("engines.argos.intra_threads must be 0 or more", value=self.intra_threads)
        if self.device not in _DEVICES:
            raise ConfigError(f"engines.argos.device must be one of {', '.join(_DEVICES)}", value=self.device)
        for name in ("release_models_after_run", "trim_memory"):
            if not isinstance(getattr(self, name), bool):
                raise ConfigError(f"engines.argos.{name} must be true or false", value=getattr(self, name))
        ratio = self.decoding_length_ratio
        if ratio is not None and (isinstance(ratio, bool) or not isinstance(ratio, int | float) or ratio <= 0):
            raise ConfigError("engines.argos.decoding_length_ratio must be a positive number", value=ratio)

    @property
    def effective_compute_type(self) -> str:
        if self.compute_type:
            return self.compute_type
        return "int8" if self.device == "cpu" else "auto"


class _LoadedModel:
    """One package loaded in memory: its CTranslate2 translator and its tokenizer."""

    def __init__(self, package: models.InstalledModel, options: ArgosOptions) -> None:
        import ctranslate2

        self.package = package
        try:
            self.translator = ctranslate2.Translator(
                str(package.path / "model"),
                device=options.device,
                compute_type=options.effective_compute_type,
                inter_threads=options.inter_threads,
                intra_threads=options.intra_threads,
            )
        except (RuntimeError, ValueError) as exc:
            raise EngineError(f"cannot load the Argos model ({exc})", path=package.path) from exc
        # Both come from untyped packages (sentencepiece, argostranslate); exactly one is set.
        self._sentencepiece: Any = None
        self._bpe: Any = None
        sp_path = package.path / "sentencepiece.model"
        if sp_path.exists():
            import sentencepiece

            self._sentencepiece = sentencepiece.SentencePieceProcessor(model_file=str(sp_path))
        elif (package.path / "bpe.model").exists():
            from argostranslate.tokenizer import BPETokenizer

            self._bpe = BPETokenizer(package.path / "bpe.model", package.from_code, package.to_code)
        else:
            raise EngineError("Argos package has no tokenizer", path=package.path)

    def encode(self, text: str) -> list[str]:
        pieces: list[str]
        if self._sentencepiece is not None:
            pieces = self._sentencepiece.encode(text, out_type=str)
            return pieces
        pieces = self._bpe.encode(text)
        return pieces

    def decode(self, tokens: list[str]) -> str:
        # SentencePiece's own decoder, not argostranslate's (which also turns every "_" into a space).
        text: str
        if self._sentencepiece is not None:
            text = self._sentencepiece.decode_pieces(tokens)
            return text
        text = self._bpe.decode(tokens)
        return text

    def unload(self) -> None:
        self.translator.unload_model()


class ArgosEngine:
    """Translate with installed Argos packages; each model is loaded once per engine and freed by :meth:`close`."""

    name = "argos"

    def __init__(self, **options: Any) -> None:
        try:
            self.options = ArgosOptions(**options)
        except TypeError as exc:
            raise ConfigError(f"unknown option in [engines.argos] ({exc})", value=sorted(options)) from exc
        self._loaded: dict[Path, _LoadedModel] = {}
        self._loading = threading.RLock()  # guards ``_loaded``: language tasks call from several threads
        self._decoding = threading.BoundedSemaphore(self.options.parallel_translations)

    @property
    def loaded_models(self) -> tuple[str, ...]:
        """Model ids currently held in memory, in load order."""
        with self._loading:
            return tuple(loaded.package.model_id for loaded in self._loaded.values())

    def supports(self, source: str, target: str) -> bool:
        return models.find_installed(source, target) is not None

    def model_id(self, source: str, target: str) -> str:
        return models.require_installed(source, target).model_id

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        return [text for text, _ in self._translate_pair(texts, source, target, scores=False)]

    def translate_scored(self, texts: Sequence[str], source: str, target: str) -> list[tuple[str, float | None]]:
        """Each target with its CTranslate2 score: the hypothesis log-probability divided by its length (the
        default ``length_penalty`` of 1), so scores of short and long sentences compare; ``None`` for an empty
        text."""
        return self._translate_pair(texts, source, target, scores=True)

    def _translate_pair(
        self, texts: Sequence[str], source: str, target: str, *, scores: bool
    ) -> list[tuple[str, float | None]]:
        # Resolve first: the pipeline probes a pair with an empty batch and expects ModelNotInstalledError.
        package = models.require_installed(source, target)
        if not texts:
            return []
        with self._decoding:
            loaded = self._load(package)
            try:
                if scores:
                    return self._decode(loaded, texts, scores=True)
                return [(text, None) for text in self._translate(loaded, texts)]
            finally:
                if self.options.release_models_after_run:
                    self._release(loaded.package.path)
                if self.options.trim_memory:
                    release_free_heap()

    def score_batch(self, sources: Sequence[str], targets: Sequence[str], source: str, target: str) -> list[float]:
        """How probable the model finds each given target for its source: the length-normalised log-probability
        (mean per target token, end token included) from CTranslate2's ``Translator.score_batch``, in one call for
        the batch; ``-inf`` for an empty source or target. The term strategies use it to pick among candidates."""
        if len(sources) != len(targets):
            raise EngineError(f"score_batch got {len(sources)} sources for {len(targets)} targets")
        package = models.require_installed(source, target)
        scores = [float("-inf")] * len(sources)
        todo = [i for i, (s, t) in enumerate(zip(sources, targets, strict=True)) if s.strip() and t.strip()]
        if not todo:
            return scores
        with self._decoding:
            loaded = self._load(package)
            try:
                prefix = loaded.package.target_prefix
                results = loaded.translator.score_batch(
                    [loaded.encode(sources[i]) for i in todo],
                    [([prefix] if prefix else []) + loaded.encode(targets[i]) for i in todo],
                    max_batch_size=self.options.max_batch_tokens,
                    batch_type="tokens",
                    offset=1 if prefix else 0,
                )
            except RuntimeError as exc:
                raise EngineError(f"CTranslate2 failed ({exc})", path=loaded.package.path) from exc
            finally:
                if self.options.release_models_after_run:
                    self._release(loaded.package.path)
                if self.options.trim_memory:
                    release_free_heap()
        for i, result in zip(todo, results, strict=True):
            scores[i] = sum(result.log_probs) / max(1, len(result.log_probs))
        return scores

    def close(self) -> None:
        with self._loading:
            paths = list(self._loaded)
        for path in paths:
            self._release(path)
        if self.options.trim_memory:
            release_free_heap()

    def __enter__(self) -> ArgosEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _load(self, package: models.InstalledModel) -> _LoadedModel:
        with self._loading:
            loaded = self._loaded.get(package.path)
            if loaded is None or loaded.package != package:  # first use, or the package was reinstalled
                self._release(package.path)
                loaded = self._loaded[package.path] = _LoadedModel(package, self.options)
            return loaded

    def _release(self, path: Path) -> None:
        with self._loading:
            loaded = self._loaded.pop(path, None)
            if loaded is not None:
                loaded.unload()

    def _translate(self, loaded: _LoadedModel, texts: Sequence[str]) -> list[str]:
        return [text for text, _ in self._decode(loaded, texts, scores=False)]

    def _decode(self, loaded: _LoadedModel, texts: Sequence[str], *, scores: bool) -> list[tuple[str, float | None]]:
        results: list[tuple[str, float | None]] = [(t, None) for t in texts]  # empty texts come back as they are
        tokenized = {i: loaded.encode(text) for i, text in enumerate(texts) if text.strip()}
        prefix = loaded.package.target_prefix
        pending = []
        for batch in plan_batches({i: len(t) for i, t in tokenized.items()}, self.options.max_batch_tokens):
            lengths = [len(tokenized[i]) for i in batch]
            pending.append(
                (
                    batch,
                    loaded.translator.translate_batch(
                        [tokenized[i] for i in batch],
                        target_prefix=[[prefix] for _ in batch] if prefix else None,
                        beam_size=self.options.beam_size,
                        max_batch_size=len(batch),
                        replace_unknowns=True,
                        return_scores=scores,
                        asynchronous=True,
                        **self._length_policy(min(lengths), max(lengths), prefix_tokens=1 if prefix else 0),
                    ),
                )
            )
        for batch, outputs in pending:
            for index, output in zip(batch, outputs, strict=True):
                try:
                    result = output.result()
                except RuntimeError as exc:
                    raise EngineError(f"CTranslate2 failed ({exc})", path=loaded.package.path) from exc
                tokens = result.hypotheses[0]
                if prefix and tokens[:1] == [prefix]:
                    tokens = tokens[1:]
                results[index] = (loaded.decode(tokens), float(result.scores[0]) if scores else None)
        return results

    def _length_policy(self, shortest: int, longest: int, *, prefix_tokens: int) -> dict[str, int]:
        ratio = self.options.decoding_length_ratio
        if ratio is None:
            return {"max_decoding_length": 2 * longest + 10 + prefix_tokens}
        return {
            "min_decoding_length": math.floor(ratio * shortest) + prefix_tokens,
            "max_decoding_length": max(1, math.ceil(ratio * longest)) + prefix_tokens,
        }


def plan_batches(lengths: dict[int, int], max_batch_tokens: int) -> list[list[int]]:
    """Group indices into batches of similar length whose padded size stays within ``max_batch_tokens``.

    Indices are sorted by length (ties keep their order), so padding is small; a text longer than the budget
    gets a batch of its own.

    >>> plan_batches({0: 5, 1: 1, 2: 4, 3: 2}, max_batch_tokens=8)
    [[1, 3], [2], [0]]
    >>> plan_batches({0: 3, 1: 3, 2: 3}, max_batch_tokens=100)
    [[0, 1, 2]]
    """
    batches: list[list[int]] = []
    current: list[int] = []
    for index in sorted(lengths, key=lambda i: (lengths[i], i)):
        if current and lengths[index] * (len(current) + 1) > max_batch_tokens:
            batches.append(current)
            current = []
        current.append(index)
    if current:
        batches.append(current)
    return batches


def release_free_heap() -> bool:
    """Hand the C heap's free memory back to the operating system; False where the C library cannot.

    glibc keeps memory freed by a thread in that thread's arena, for the thread to reuse; CTranslate2 decodes on
    its own worker threads, one per loaded model, so without this every model would keep a decoding workspace.
    ``malloc_trim(0)`` releases the free pages of every arena (glibc 2.8 and later); other C libraries (musl,
    macOS) have no such call and already return large blocks on free.
    """
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return False
    trim(0)
    return True
