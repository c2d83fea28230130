"""Remote decode, central write: the one part of a publish that may leave the publishing host.

Decoding is 93% of a publish and a pure function of strings, so it is the only stage a task runner spreads over
threads, Dask workers or work-pool hosts. Everything around it (reading, memory look-up, masking, restoring, checks,
memory writes, pages) stays in the publishing process, which keeps the SQLite memory and the output folder's lock
local.

:class:`RemoteEngine` stands in for a real engine inside :func:`transpub.translate.run.translate_segments`: its
``translate_batch`` cuts the (already masked) strings into chunks of about ``chunk_tokens`` tokens, hands them to a
``Dispatch`` (the flow's: one Prefect task per chunk) and joins the answers in order. Chunks depend only on the texts
and the budget, never on the runner, so the pages are the same whichever runner decoded them.

>>> plan_chunks(["a" * 40, "b" * 40, "c" * 40], chunk_tokens=25)
[(0, 2), (2, 3)]
>>> run_request(DecodeRequest("pseudo", {}, "translate", ("Hi",), "en", "fr"))
['[!!! Ĥí !!!]']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from transpub.engines.base import Engine
from transpub.engines.workers import engine_for
from transpub.errors import EngineError

#: The operations a decode task can run: the engine interface's own, plus the optional scoring capabilities.
OPERATIONS = ("translate", "translate_scored", "score")
DEFAULT_CHUNK_TOKENS = 2048


@dataclass(frozen=True)
class DecodeRequest:
    """One chunk of decoding work, in plain values only (what a decode task receives)."""

    engine: str
    options: Mapping[str, Any]
    op: str
    texts: tuple[str, ...]
    source: str
    target: str
    candidates: tuple[str, ...] = ()  # target candidates, for ``score`` only

    def params(self) -> dict[str, Any]:
        """The task's keyword arguments (JSON-able)."""
        return {
            "engine": self.engine,
            "options": dict(self.options),
            "op": self.op,
            "texts": list(self.texts),
            "source": self.source,
            "target": self.target,
            "candidates": list(self.candidates),
        }


Dispatch = Callable[[Sequence[DecodeRequest]], list[list[Any]]]


def approx_tokens(text: str) -> int:
    """A subword-token estimate (about four characters a token), enough to size chunks."""
    return len(text) // 4 + 1


def plan_chunks(texts: Sequence[str], *, chunk_tokens: int) -> list[tuple[int, int]]:
    """Consecutive ``(start, end)`` ranges of ``texts``, each within ``chunk_tokens`` (a longer text goes alone)."""
    chunks: list[tuple[int, int]] = []
    start, used = 0, 0
    for i, text in enumerate(texts):
        size = approx_tokens(text)
        if i > start and used + size > chunk_tokens:
            chunks.append((start, i))
            start, used = i, 0
        used += size
    if start < len(texts):
        chunks.append((start, len(texts)))
    return chunks


def run_request(request: DecodeRequest) -> list[Any]:
    """Decode one chunk with this process's engine (built once per process, see :mod:`transpub.engines.workers`)."""
    engine: Any = engine_for(request.engine, request.options)
    if request.op == "translate":
        return list(engine.translate_batch(list(request.texts), request.source, request.target))
    if request.op == "translate_scored":
        return [list(pair) for pair in engine.translate_scored(list(request.texts), request.source, request.target)]
    if request.op == "score":
        return list(engine.score_batch(list(request.texts), list(request.candidates), request.source, request.target))
    raise EngineError(f"unknown decode operation (known: {', '.join(OPERATIONS)})", value=request.op)


def dispatch_here(requests: Sequence[DecodeRequest]) -> list[list[Any]]:
    """The plain dispatch: every chunk in this thread, in order (tests, and the library without Prefect)."""
    return [run_request(r) for r in requests]


@dataclass
class RemoteEngine:
    """An engine whose decoding goes through ``dispatch``; names and model ids come from the ``local`` engine.

    ``local`` is built on the publishing host without loading a model (engines load models on first decode), so
    the memory records the same engine and model id as a local publish would.
    """

    local: Engine
    options: Mapping[str, Any]
    dispatch: Dispatch
    chunk_tokens: int = DEFAULT_CHUNK_TOKENS
    calls: list[int] = field(default_factory=list)  # chunk count per call, for progress and tests
    name: str = field(init=False)

    def __post_init__(self) -> None:
        self.name = self.local.name

    def supports(self, source: str, target: str) -> bool:
        return self.local.supports(source, target)

    def model_id(self, source: str, target: str) -> str:
        return self.local.model_id(source, target)

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        if not texts:
            return self.local.translate_batch([], source, target)  # the engine's own "no model" error
        return [str(t) for t in self._run("translate", texts, source, target)]

    def __getattr__(self, name: str) -> Any:
        # The optional capabilities exist on the proxy exactly when the real engine has them.
        if name in ("translate_scored", "score_batch") and hasattr(self.local, name):
            return self._translate_scored if name == "translate_scored" else self._score_batch
        raise AttributeError(name)

    def close(self) -> None:
        """Nothing to release here: worker processes keep their engines."""

    def _translate_scored(self, texts: Sequence[str], source: str, target: str) -> list[tuple[str, float | None]]:
        return [(str(t), s) for t, s in self._run("translate_scored", texts, source, target)]

    def _score_batch(self, sources: Sequence[str], targets: Sequence[str], source: str, target: str) -> list[float]:
        return [float(s) for s in self._run("score", sources, source, target, candidates=targets)]

    def _run(
        self, op: str, texts: Sequence[str], source: str, target: str, *, candidates: Sequence[str] = ()
    ) -> list[Any]:
        chunks = plan_chunks(texts, chunk_tokens=self.chunk_tokens)
        requests = [
            DecodeRequest(
                self.local.name,
                dict(self.options),
                op,
                tuple(texts[a:b]),
                source,
                target,
                tuple(candidates[a:b]) if candidates else (),
            )
            for a, b in chunks
        ]
        self.calls.append(len(requests))
        answers = self.dispatch(requests)
        out = [item for answer in answers for item in answer]
        if len(out) != len(texts):
            raise EngineError(f"decoding returned {len(out)} results for {len(texts)} texts", value=op)
        return out
