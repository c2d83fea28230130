"""One decoding slot of a host's global concurrency limit, held while one chunk decodes.

Prefect's ``concurrency()`` acquires through a process-wide service whose client stays bound to the API of the
first acquisition, and releases through a fresh client of the current API: a process that talks to two APIs in
turn (a worker re-pointed at another server, a test session) acquires on the first and releases on the second,
the first's slots stay taken, and every later decode waits for them without end. Here acquiring, renewing and
releasing all go through one client of the API current when the slot is taken, the wait is bounded with a clear
error, and the lease is renewed while the chunk decodes (a killed holder's slot comes free when its lease ends).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate, GlobalConcurrencyLimitUpdate
from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound

from transpub.errors import OrchestrationError

LEASE_S = 120.0  # a killed holder's slot comes free after this (the API's least is 60 s); a live holder renews
WAIT_S = 3600.0  # how long a decode waits for a slot before the run fails with a clear message
HTTP_LOCKED = 423


def ensure_limit(name: str, slots: int, client: Any = None) -> None:
    """Create the limit, or set its slots, so that it holds the run's ``decode_slots`` (through ``client``, or a
    client of the current API)."""
    if client is None:
        with get_client(sync_client=True) as own:
            ensure_limit(name, slots, own)
        return
    try:
        current = client.read_global_concurrency_limit_by_name(name)
    except ObjectNotFound:
        with contextlib.suppress(ObjectAlreadyExists):  # another worker of this host was quicker
            client.create_global_concurrency_limit(GlobalConcurrencyLimitCreate(name=name, limit=slots))
        return
    if current.limit != slots or not current.active:
        client.update_global_concurrency_limit(name, GlobalConcurrencyLimitUpdate(limit=slots, active=True))


@contextlib.contextmanager
def decode_slot(
    name: str,
    *,
    slots: int | None = None,
    wait_s: float = WAIT_S,
    lease_s: float = LEASE_S,
    renew_s: float | None = None,
) -> Iterator[None]:
    """Hold one slot of limit ``name`` for the body, renewing its lease every ``renew_s`` (a third of the lease);
    with ``slots``, first make the limit hold that many (:func:`ensure_limit`, on the same client).
    :class:`OrchestrationError` when none came free within ``wait_s``."""
    with get_client(sync_client=True) as client:
        if slots is not None:
            ensure_limit(name, slots, client)
        lease = _acquire(client, name, wait_s, lease_s)
        stop = threading.Event()
        renewer = threading.Thread(
            target=_renew,
            args=(client, lease, lease_s, renew_s or lease_s / 3, stop),
            name="transpub-slot-lease",
            daemon=True,
        )
        renewer.start()
        try:
            yield
        finally:
            stop.set()
            renewer.join()
            with contextlib.suppress(Exception):  # the lease ends on its own if the API is gone
                client.release_concurrency_slots_with_lease(lease)


def _acquire(client: Any, name: str, wait_s: float, lease_s: float) -> Any:
    deadline = time.monotonic() + wait_s
    while True:
        try:
            response = client.increment_concurrency_slots_with_lease(
                names=[name], slots=1, mode="concurrency", lease_duration=lease_s
            )
        except httpx.HTTPStatusError as exc:
            if exc.response.status_code != HTTP_LOCKED:
                raise OrchestrationError(f"cannot take a decoding slot of {name}: {exc}") from exc
            left = deadline - time.monotonic()
            if left <= 0:
                raise OrchestrationError(
                    f"no decoding slot of {name} came free within {wait_s:.0f} s; "
                    f"`prefect gcl inspect {name}` shows who holds them"
                ) from None
            time.sleep(min(float(exc.response.headers.get("Retry-After", 1.0)), left))
            continue
        return response.json()["lease_id"]


def _renew(client: Any, lease: Any, lease_s: float, every_s: float, stop: threading.Event) -> None:
    while not stop.wait(every_s):
        with contextlib.suppress(Exception):  # a missed renewal is retried; the next one may get through
            client.renew_concurrency_lease(lease, lease_duration=lease_s)
