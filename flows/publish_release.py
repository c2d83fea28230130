"""The ``publish-release`` flow: the shared orchestration, with decoding spread by Prefect's task runner.

The flow runs on the publishing host and calls :func:`transpub.pipeline.publish.publish_releases`, the same function
``--no-prefect`` runs: reading, memory look-up, masking, restoring, checks, memory writes and pages stay in this
process (the SQLite memory and the output folder's lock are local). Only decoding leaves it, as ``decode`` tasks
of plain strings in chunks per language and token budget (:mod:`transpub_flows.decode`), so a thread pool, a Dask
cluster or several hosts share one big run and the pages are the same whichever runner decoded them.

The command line passes its validated :class:`~transpub.config.Settings` in plain form (``settings``); a deployment
passes ``config`` (a path on the worker's host) instead.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from prefect import flow
from transpub_flows import events
from transpub_flows.decode import prefect_dispatch, start_runner, task_runner

from transpub.config import Settings, load_settings, settings_from_plain, settings_to_plain
from transpub.pipeline import publish as pipeline
from transpub.review.notify import notify_review_needed

log = logging.getLogger("transpub")


@flow(name="publish-release", validate_parameters=False, log_prints=False)
def publish_release(
    inputs: list[str],
    settings: dict[str, Any] | None = None,
    config: str | None = None,
    languages: list[str] | None = None,
) -> dict[str, Any]:
    """Publish release files (or folders of them) into every target language; returns a JSON-able summary."""
    resolved = settings_from_plain(settings) if settings is not None else load_settings(config)
    start_runner()
    result = pipeline.publish_releases(
        inputs,
        resolved,
        languages=languages,
        progress=log.info,
        dispatch=prefect_dispatch(resolved.orchestration),
    )
    notify_review_needed(resolved, [r.slug for r in result.releases], emit=events.emit_review_needed)
    return result.as_dict()


def run(inputs: Sequence[str], settings: Settings, languages: Sequence[str] | None = None) -> dict[str, Any]:
    """Run the flow in this process with the task runner ``settings.orchestration`` names."""
    runner = task_runner(settings.orchestration)
    configured = publish_release.with_options(task_runner=runner)
    chosen = None if languages is None else list(languages)
    return configured(list(inputs), settings=settings_to_plain(settings), languages=chosen)
