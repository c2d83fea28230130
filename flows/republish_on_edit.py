"""The ``republish-on-edit`` flow: publish again only what changed in a folder of releases.

The logic is :func:`transpub.pipeline.republish.republish` (plain Python, tested without Prefect); this flow runs it
with decoding spread by the task runner (:mod:`transpub_flows.decode`) and leaves a Prefect table artifact (key
``transpub-republish``): per release and language, how many segments were reused from the memory, re-translated,
and flagged. ``transpub serve`` runs this flow on the configured schedule and on ``transpub.*`` events
(:mod:`transpub_flows.events`); ``prefect.yaml`` deploys it to a process work pool.
"""

from __future__ import annotations

from typing import Any

from prefect import flow
from prefect.artifacts import create_table_artifact
from transpub_flows.decode import prefect_dispatch, start_runner

from transpub.config import load_settings, settings_from_plain
from transpub.pipeline.republish import RepublishSummary, releases_folder, republish

ARTIFACT_KEY = "transpub-republish"


def describe(summary: RepublishSummary) -> str:
    republished = len(summary.changes.changed) - len(summary.rejected)
    return (
        f"{republished} release file(s) republished, {len(summary.removed)} removed, "
        f"{len(summary.rejected)} refused, {len(summary.changes.unchanged)} unchanged; "
        f"{summary.retranslated} segment(s) re-translated."
    )


def run_line(summary: RepublishSummary) -> str:
    """The one line ``transpub serve`` shows per run: releases with languages and counts, then the rest."""
    per_release: dict[str, list[str]] = {}
    for c in summary.counts:
        per_release.setdefault(c.release, []).append(
            f"{c.lang} {c.retranslated} re-translated/{c.reused} reused/{c.flagged} flagged"
        )
    releases = "; ".join(f"{slug} [{', '.join(langs)}]" for slug, langs in per_release.items())
    rest = (
        f"{len(summary.removed)} removed, {len(summary.rejected)} refused, {len(summary.changes.unchanged)} unchanged"
    )
    return f"transpub: run: {releases or 'nothing to republish'}; {rest}"


@flow(name="republish-on-edit", validate_parameters=False, log_prints=False)
def republish_on_edit(
    config: str | None = None, releases: str | None = None, settings: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Republish the releases of a folder that changed since their last publish (see the module docstring)."""
    resolved = settings_from_plain(settings) if settings is not None else load_settings(config)
    folder = releases_folder(resolved, releases)
    start_runner()
    summary = republish(resolved, folder, dispatch=prefect_dispatch(resolved.orchestration))
    create_table_artifact(table=summary.rows(), key=ARTIFACT_KEY, description=describe(summary))
    print(run_line(summary), flush=True)  # the one line per run that `transpub serve` shows
    return summary.as_dict()
