"""The thin runner between the command line and Prefect: which server, quiet settings, then the flow.

Which Prefect API a publish talks to, first match wins:

1. ``PREFECT_API_URL`` in the environment (a server of the user's own, e.g. a shared one on PostgreSQL);
2. the local background server of ``transpub server start`` when it answers;
3. that server started on demand, when ``[orchestration] server = true``;
4. a temporary server for this run only (:func:`transpub.commands.server.temporary_server`), which dies with the
   publish even when the publish is killed.

Prefect reads its settings when first imported, so this module sets them in the environment before importing
anything of Prefect's, and only when a flow is actually run (never at import).
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from transpub.commands.server import LocalServer, healthy, temporary_server
from transpub.errors import OrchestrationError, TranspubError

if TYPE_CHECKING:
    from transpub.config import Settings

QUIET_ENV = {
    # Offline, telemetry makes the temporary server log "database is locked" tracebacks.
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",  # Prefect's client telemetry: 0.3 s of every import, and nothing to send offline
    # Errors only: Prefect re-applies its logging configuration at every flow run, so levels must come from here.
    "PREFECT_LOGGING_LEVEL": "ERROR",
    "DASK_LOGGING__DISTRIBUTED": "error",
    "PREFECT_LOGGING_LOG_PRINTS": "false",
    "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
    # The temporary server needs more than the default 20 s on a busy two-core machine.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    # Nothing to resume from a result store: decode tasks are cheap to redo, pages are written by the flow.
    "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
}
QUIET_LOGGERS = ("prefect", "httpx", "uvicorn", "alembic", "sqlalchemy", "distributed", "prefect_dask", "bokeh")
# Prefect's background services log under their class names ("Still processing items" when a run ends).
SERVICE_LOGGERS = ("EventsWorker", "APILogWorker")


def prepare_environment(*, verbose: bool) -> None:
    """Set Prefect's environment defaults (a user's own settings win)."""
    for key, value in QUIET_ENV.items():
        if verbose and "LOGGING_LEVEL" in key:
            continue
        os.environ.setdefault(key, value)
    quiet_loggers(verbose=verbose)


def quiet_loggers(*, verbose: bool) -> None:
    """Only errors from Prefect, Dask and the server libraries; again after Prefect configured its logging."""
    if not verbose:
        for name in (*QUIET_LOGGERS, *SERVICE_LOGGERS):
            logging.getLogger(name).setLevel(logging.ERROR)
    for name in ("prefect.flow_runs", "prefect.task_runs"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _ExpectedErrors) for f in logger.filters):
            logger.addFilter(_ExpectedErrors())


class _ExpectedErrors(logging.Filter):
    """Drop Prefect's ERROR-with-traceback record for a :class:`TranspubError` (bad input, a held lock).

    The error still fails the run (its state says why) and reaches the command line, which prints it as one line.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if error is None and record.levelno >= logging.ERROR:
            error = _error_in_message(record)
        return not isinstance(error, TranspubError)


def _error_in_message(record: logging.LogRecord) -> BaseException | None:
    # Prefect logs "Encountered exception during execution: LockedError(...)" with the traceback in exc_info;
    # some versions log the failure a second time without it ("Finished in state Failed(...LockedError...)").
    text = record.getMessage()
    return TranspubError(text) if any(f"{name}(" in text for name in _error_names()) else None


def _error_names() -> frozenset[str]:
    names: set[str] = set()
    todo: list[type[BaseException]] = [TranspubError]
    while todo:
        kind = todo.pop()
        names.add(kind.__name__)
        todo.extend(kind.__subclasses__())
    return frozenset(names)


@contextlib.contextmanager
def flow_settings() -> Iterator[None]:
    """Settings only Python can express: no heartbeat thread (it costs a second per run)."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


@contextlib.contextmanager
def prefect_api(settings: Settings) -> Iterator[str]:
    """The API URL this run uses (see the module docstring), exported as ``PREFECT_API_URL`` meanwhile.

    The environment carries it to every process the run starts (Dask workers ask the same server).
    """
    own = os.environ.get("PREFECT_API_URL", "")
    if own:
        if not healthy(own, timeout=5):
            raise OrchestrationError(
                f"cannot reach the Prefect API at {own} (PREFECT_API_URL): start that server, unset "
                "PREFECT_API_URL, or run with --no-prefect"
            )
        yield own
        return
    local = LocalServer.from_settings(settings.orchestration)
    if local.running() or settings.orchestration.server:
        with _exported(local.start()) as url:
            yield url
        return
    with temporary_server() as temporary, _exported(temporary) as url:
        yield url


@contextlib.contextmanager
def _exported(url: str) -> Iterator[str]:
    os.environ["PREFECT_API_URL"] = url
    try:
        yield url
    finally:
        os.environ.pop("PREFECT_API_URL", None)


def run_publish(
    inputs: Sequence[str], settings: Settings, *, languages: Sequence[str] | None = None, verbose: bool = False
) -> dict[str, Any]:
    """Run the ``publish-release`` flow in this process with the validated ``settings``."""
    prepare_environment(verbose=verbose)
    with prefect_api(settings) as url:
        from prefect.settings import PREFECT_API_URL, temporary_settings
        from transpub_flows.publish_release import run

        quiet_loggers(verbose=verbose)  # importing Prefect applied its own logging configuration
        try:
            with temporary_settings({PREFECT_API_URL: url}), flow_settings():
                return run(inputs, settings, languages)
        finally:
            drain()


def drain(timeout: float = 10) -> None:
    """Deliver queued logs and events now, while the server (maybe a temporary one) still listens."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=timeout)
    EventsWorker.drain_all(timeout=timeout)
