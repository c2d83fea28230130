"""Deployments for a Prefect process work pool: ``transpub server deploy`` (or ``prefect deploy`` with prefect.yaml).

Two deployments, both run by any ``prefect worker start --pool transpub`` on a host with this checkout and its
models installed:

- ``publish-release/transpub-publish``: publish the files given as the run's ``inputs`` parameter;
- ``republish-on-edit/transpub-republish``: republish what changed in the releases folder (no schedule here:
  ``transpub serve`` or prefect.yaml add one).

Several workers may publish into one output folder: the publish lock serialises their writes.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
POOL = "transpub"


@dataclass(frozen=True)
class PoolDeployment:
    flow: str  # module:function under flows/
    name: str
    description: str


DEPLOYMENTS = (
    PoolDeployment("publish_release:publish_release", "transpub-publish", "Publish the release files in `inputs`."),
    PoolDeployment("republish_on_edit:republish_on_edit", "transpub-republish", "Republish changed releases."),
)


def ensure_pool(pool: str = POOL) -> None:
    """Create the process work pool unless it exists."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectAlreadyExists

    with get_client(sync_client=True) as client, contextlib.suppress(ObjectAlreadyExists):
        client.create_work_pool(WorkPoolCreate(name=pool, type="process"))


def deploy(pool: str = POOL, *, config: str | None = None) -> list[str]:
    """Create the pool and register both deployments on the server in ``PREFECT_API_URL``; returns their names."""
    from typing import Any

    from prefect import Flow

    ensure_pool(pool)
    names = []
    for d in DEPLOYMENTS:
        module, _, function = d.flow.partition(":")
        # from_source is sync here (no event loop runs); its type says "flow or coroutine".
        source: Any = Flow.from_source(source=str(REPO_ROOT), entrypoint=f"flows/{module}.py:{function}")
        source.deploy(
            name=d.name,
            work_pool_name=pool,
            description=d.description,
            parameters={} if config is None else {"config": str(Path(config).resolve())},
            build=False,
            push=False,
            print_next_steps=False,
            enforce_parameter_schema=False,
        )
        names.append(f"{source.name}/{d.name}")
    return names
