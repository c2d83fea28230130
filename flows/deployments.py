"""Serving ``republish-on-edit`` as a Prefect deployment: on a schedule, and at once on a transpub event.

``transpub serve`` calls :func:`serve_options` then :func:`serve`, which uses Prefect's own ``flow.serve``: the
process registers a deployment with the schedule from the config (``interval`` seconds or ``cron``) and an event
trigger (:func:`transpub_flows.events.republish_trigger`), then polls for runs and executes each in a subprocess.

Schedules need a real Prefect server: Prefect's temporary server refuses them ("Cannot schedule flows on an
ephemeral server"), so :func:`require_server` insists on ``PREFECT_API_URL`` (``prefect server start``). The
equivalent work-pool deployment is in ``prefect.yaml`` at the repository root.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from transpub_flows.events import republish_trigger
from transpub_flows.republish_on_edit import republish_on_edit

from transpub.config import Settings
from transpub.errors import ConfigError

DEPLOYMENT_NAME = "transpub-republish"


@dataclass(frozen=True)
class ServeOptions:
    """Everything ``flow.serve`` needs, validated (exactly one of ``interval`` and ``cron`` is set)."""

    name: str
    parameters: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    interval: float | None = None
    cron: str | None = None
    events: bool = True
    limit: int = 1  # one run at a time: a run that finds nothing to do is quick, and runs never overlap

    @property
    def schedule_text(self) -> str:
        return f"every {self.interval:g} s" if self.interval is not None else f"cron {self.cron!r}"


def _check_cron(cron: str, where: Path | None) -> str:
    from prefect.client.schemas.schedules import CronSchedule

    try:
        CronSchedule(cron=cron)
    except ValueError as exc:
        raise ConfigError("schedule cron is not a valid cron expression", path=where, value=cron) from exc
    return cron


def serve_options(
    settings: Settings,
    *,
    config: str | Path | None,
    releases: str | Path | None = None,
    interval: float | None = None,
    cron: str | None = None,
    name: str = DEPLOYMENT_NAME,
    events: bool = True,
) -> ServeOptions:
    """Resolve the schedule (command line over ``[schedule]``) and the flow's parameters, as absolute paths."""
    if interval is not None and cron is not None:
        raise ConfigError("give an interval or a cron schedule, not both")
    if interval is None and cron is None:
        interval, cron = settings.schedule.interval, settings.schedule.cron
    if interval is None and cron is None:
        raise ConfigError("no schedule: set interval or cron in [schedule] or pass one", path=settings.config_path)
    if interval is not None and interval <= 0:
        raise ConfigError("the interval must be a positive number of seconds", value=interval)
    folder = Path(releases) if releases is not None else settings.releases_dir
    if folder is None or not folder.is_dir():
        raise ConfigError("the releases folder to watch does not exist", path=settings.config_path, value=str(folder))
    parameters = {"releases": str(folder.resolve())}
    if config is not None:
        parameters["config"] = str(Path(config).resolve())
    return ServeOptions(
        name=name,
        parameters=MappingProxyType(parameters),
        interval=interval,
        cron=None if cron is None else _check_cron(cron, settings.config_path),
        events=events,
    )


def require_server() -> str:
    """The ``PREFECT_API_URL`` to serve against; schedules never fire on Prefect's temporary server."""
    url = os.environ.get("PREFECT_API_URL", "")
    if not url:
        from prefect.settings import get_current_settings

        url = str(get_current_settings().api.url or "")
    if not url:
        raise ConfigError(
            "serving needs a Prefect server: run `prefect server start` and set "
            "PREFECT_API_URL=http://127.0.0.1:4200/api (a temporary server cannot run schedules)"
        )
    return url


def serve(options: ServeOptions) -> None:
    """Register the deployment and run it until interrupted (Ctrl-C or SIGTERM pauses its schedule)."""
    from prefect.types.entrypoint import EntrypointType

    republish_on_edit.serve(
        name=options.name,
        interval=options.interval,
        cron=options.cron,
        parameters=dict(options.parameters),
        triggers=[republish_trigger()] if options.events else None,
        description=f"Republish changed releases of {options.parameters['releases']} ({options.schedule_text}).",
        limit=options.limit,
        entrypoint_type=EntrypointType.MODULE_PATH,
        print_starting_message=True,
    )
