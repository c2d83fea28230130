"""``transpub serve [--config FILE] [--releases DIR] [--interval SECONDS | --cron EXPR] [--no-events]``.

Serves the ``republish-on-edit`` flow as a Prefect deployment against the server in ``PREFECT_API_URL``: it runs
on the schedule from the config (or the command line) and at once on a ``transpub.*`` event. Runs until Ctrl-C.
Without ``PREFECT_API_URL`` it uses the server of ``transpub server start`` (started on demand when
``[orchestration] server = true``). After its banner it prints one line per run (the flow's own summary line).
"""

from __future__ import annotations

import argparse
import os

from transpub.commands.publish import default_config
from transpub.commands.runner import prepare_environment
from transpub.commands.server import LocalServer, healthy
from transpub.config import load_settings
from transpub.errors import OrchestrationError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "serve",
        help="republish changed releases on a schedule and on events (needs `prefect server start`)",
        description=(
            "Serve the republish-on-edit flow as a Prefect deployment: every run publishes again only the "
            "releases of the watched folder that changed, and removes the pages of deleted ones. Needs a Prefect "
            "server: `prefect server start`, then PREFECT_API_URL=http://127.0.0.1:4200/api."
        ),
    )
    p.add_argument("--config", help="config file (default: config/transpub.toml when it exists)")
    p.add_argument("--releases", help="folder of releases to watch (default: releases in the config)")
    when = p.add_mutually_exclusive_group()
    when.add_argument("--interval", type=float, metavar="SECONDS", help="run every SECONDS (overrides config)")
    when.add_argument("--cron", metavar="EXPR", help='run on a cron schedule, e.g. "*/5 * * * *"')
    p.add_argument("--name", default=None, help="deployment name (default: transpub-republish)")
    p.add_argument("--no-events", action="store_true", help="do not republish on transpub.* Prefect events")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    prepare_environment(verbose=False)  # before anything imports Prefect
    config = args.config or default_config()
    settings = load_settings(config)
    if not os.environ.get("PREFECT_API_URL"):
        local = LocalServer.from_settings(settings.orchestration)
        if local.running() or settings.orchestration.server:
            os.environ["PREFECT_API_URL"] = local.start()  # `transpub server start`'s server
    from transpub_flows import deployments

    options = deployments.serve_options(
        settings,
        config=config,
        releases=args.releases,
        interval=args.interval,
        cron=args.cron,
        name=args.name or deployments.DEPLOYMENT_NAME,
        events=not args.no_events,
    )
    url = deployments.require_server()
    if not healthy(url, timeout=5):
        raise OrchestrationError(
            f"cannot reach the Prefect API at {url}: start it (`transpub server start` or `prefect server start`) "
            "or correct PREFECT_API_URL"
        )
    watched = options.parameters["releases"]
    print(f"transpub: serving {options.name} on {url}: {options.schedule_text}, watching {watched}", flush=True)
    try:
        deployments.serve(options)
    except OSError as exc:  # the server went away while serving (httpx errors are OSErrors underneath)
        raise OrchestrationError(f"lost the Prefect API at {url} ({exc})") from exc
    return 0
