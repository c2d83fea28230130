"""The decode task (the only task that may run anywhere), its dispatch, the task runners and the slot limit.

Inputs and outputs are plain values (an engine name, its options, strings), so a thread, a Dask worker process or
a work-pool worker on another host can run it; each process builds its engines once
(:mod:`transpub.engines.workers`). Decoding is deterministic and cheap to redo, so nothing is cached or persisted.

Decoding slots per host are a Prefect global concurrency limit named :func:`limit_name`
(``transpub-decode-<hostname>``), created on first use and held at the publishing config's ``[orchestration]
decode_slots``; ``prefect gcl inspect transpub-decode-<hostname>`` shows it and its active slots.
"""

from __future__ import annotations

import socket
from collections.abc import Sequence
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner
from transpub_flows.slots import decode_slot

from transpub.config import OrchestrationSettings
from transpub.errors import OrchestrationError
from transpub.pipeline.decode import DecodeRequest, Dispatch, run_request

LIMIT_PREFIX = "transpub-decode-"
WORKER_TIMEOUT_S = 120


def limit_name(host: str | None = None) -> str:
    """The global concurrency limit on decoding slots of one host.

    >>> limit_name("gpu-01")
    'transpub-decode-gpu-01'
    """
    return f"{LIMIT_PREFIX}{host or socket.gethostname()}"


@task(name="decode", cache_policy=NO_CACHE, persist_result=False, log_prints=False)
def decode(
    engine: str,
    options: dict[str, Any],
    op: str,
    texts: list[str],
    source: str,
    target: str,
    candidates: list[str],
    slots: int = 0,
) -> list[Any]:
    """Decode one chunk; with ``slots``, inside one slot of this host's decoding limit."""
    request = DecodeRequest(engine, options, op, tuple(texts), source, target, tuple(candidates))
    if slots <= 0:
        return run_request(request)
    with decode_slot(limit_name(), slots=slots):
        return run_request(request)


def prefect_dispatch(orchestration: OrchestrationSettings) -> Dispatch:
    """A dispatch submitting one decode task per chunk to the current flow run's task runner."""

    def dispatch(requests: Sequence[DecodeRequest]) -> list[list[Any]]:
        futures = [decode.submit(**r.params(), slots=orchestration.decode_slots) for r in requests]
        return [list(f.result()) for f in futures]

    return dispatch


def start_runner() -> None:
    """Start the current flow run's task runner now: Dask's starts lazily, and two threads must not race to it."""
    from prefect.context import FlowRunContext

    context = FlowRunContext.get()
    runner: Any = None if context is None else context.task_runner
    if runner is not None and hasattr(type(runner), "client"):
        import dask

        # Dask starts worker processes with MALLOC_TRIM_THRESHOLD_=65536 and OMP_NUM_THREADS=1: the first makes
        # CTranslate2 decode about 3x slower (every freed buffer goes back to the kernel); engines set their own
        # thread counts. So a local cluster's workers get the publishing process's environment as it is.
        with dask.config.set({"distributed.nanny.pre-spawn-environ": {}}):
            client = runner.client  # the property starts the cluster and connects
        try:  # a cluster without workers would leave every decode task waiting for ever
            client.wait_for_workers(1, timeout=WORKER_TIMEOUT_S)
        except TimeoutError as exc:
            where = client.scheduler.address if client.scheduler is not None else "the Dask scheduler"
            raise OrchestrationError(f"no Dask worker joined {where} within {WORKER_TIMEOUT_S} s") from exc


def task_runner(orchestration: OrchestrationSettings) -> Any:
    """The runner for decode tasks: threads of this process, or Dask (a local cluster for the run, or a scheduler)."""
    if orchestration.task_runner == "dask":
        from prefect_dask.task_runners import DaskTaskRunner

        if orchestration.dask_address:
            return DaskTaskRunner(address=orchestration.dask_address)
        return DaskTaskRunner(
            cluster_kwargs={
                "n_workers": orchestration.workers or 2,
                "threads_per_worker": 1,
                "processes": True,
                "dashboard_address": ":0",  # a free port: never "8787 is already in use"
                "silence_logs": 40,  # logging.ERROR: a clean stderr
            }
        )
    return ThreadPoolTaskRunner(max_workers=orchestration.workers or 4)
