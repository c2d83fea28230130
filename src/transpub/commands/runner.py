"""The thin runner between the command line and Prefect: quiet, offline-safe settings, then the flow.

Prefect reads its settings when first imported, so this module sets them in the environment before importing
anything of Prefect's, and only when a flow is actually run (never at import).
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator, Sequence
from typing import Any

from transpub.errors import OrchestrationError

QUIET_ENV = {
    # Offline, telemetry makes the temporary server log "database is locked" tracebacks.
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_LOG_PRINTS": "false",
    "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
    # The temporary server needs more than the default 20 s on a busy two-core machine.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
}


def prepare_environment(*, verbose: bool) -> None:
    """Set Prefect's environment defaults (a user's own settings win)."""
    for key, value in QUIET_ENV.items():
        if verbose and "LOGGING_LEVEL" in key:
            continue
        os.environ.setdefault(key, value)


@contextlib.contextmanager
def flow_settings() -> Iterator[None]:
    """Settings only Python can express: no heartbeat thread (it costs a second per run)."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


def run_publish(
    inputs: Sequence[str],
    *,
    config: str | None,
    targets: Sequence[str] | None,
    engine: str | None,
    glossaries: Sequence[str] | None,
    out: str | None,
    verbose: bool = False,
) -> dict[str, Any]:
    """Run the ``publish_release`` flow (against ``PREFECT_API_URL`` when set, else a temporary local server)."""
    prepare_environment(verbose=verbose)
    if not verbose:
        for name in ("prefect", "httpx", "uvicorn", "alembic", "sqlalchemy"):
            logging.getLogger(name).setLevel(logging.ERROR)
    from transpub_flows.publish_release import publish_release

    try:
        with flow_settings():
            return publish_release(
                list(inputs),
                config=config,
                targets=None if targets is None else list(targets),
                engine=engine,
                glossaries=None if glossaries is None else list(glossaries),
                out=out,
            )
    except RuntimeError as exc:
        if "Prefect API server" not in str(exc):
            raise
        raise OrchestrationError(
            f"{exc} Start one with `prefect server start` and set PREFECT_API_URL, or run with --no-prefect"
        ) from exc
