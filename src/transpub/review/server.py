"""Running the review page safely: a deadline for request headers, keep-alive and size limits, and a token
strong enough for a server other machines can reach.

uvicorn's ``timeout_keep_alive`` closes an idle connection between requests, but nothing bounds the time a client
may take to *send* a request's headers: a client trickling one byte every few seconds holds a connection (and a
slot) for ever. :class:`HeaderDeadlineProtocol` closes any connection whose request headers are not complete
``HEADER_TIMEOUT_S`` seconds after it opened or after its previous response.

>>> check_token("127.0.0.1", "a"), check_token("0.0.0.0", "k3J9-xQ2m_Lp7Zt4")
('a', 'k3J9-xQ2m_Lp7Zt4')
>>> check_token("0.0.0.0", "a")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
transpub.errors.ConfigError: --token is too weak for a server reachable from other machines (at least 16 ...
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from transpub.errors import ConfigError

HEADER_TIMEOUT_S = 10.0
KEEP_ALIVE_S = 5
MAX_HEADER_BYTES = 16 * 1024
MAX_CONNECTIONS = 64
MIN_TOKEN_LENGTH = 16
MIN_TOKEN_DISTINCT = 8


def check_token(host: str, token: str | None) -> str | None:
    """``token`` unchanged, or :class:`ConfigError` when it is too weak for a server beyond loopback."""
    from transpub.review.app import is_loopback

    if token is None or is_loopback(host):
        return token
    if len(token) < MIN_TOKEN_LENGTH or len(set(token)) < MIN_TOKEN_DISTINCT:
        raise ConfigError(
            "--token is too weak for a server reachable from other machines (at least "
            f"{MIN_TOKEN_LENGTH} characters, {MIN_TOKEN_DISTINCT} of them different; leave --token out to get a "
            "generated one)"
        )
    return token


class HeaderDeadlineProtocol(H11Protocol):
    """uvicorn's h11 protocol, closing connections whose request headers do not arrive in time."""

    header_timeout: float = HEADER_TIMEOUT_S

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._header_task: asyncio.TimerHandle | None = None
        self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._header_task = self.loop.call_later(self.header_timeout, self._expired)

    def _disarm(self) -> None:
        task = getattr(self, "_header_task", None)
        if task is not None:
            task.cancel()
            self._header_task = None

    def _expired(self) -> None:
        self._header_task = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()  # no complete request headers in time: a slow or stalled client

    def handle_events(self) -> None:
        super().handle_events()
        if self.conn.their_state is not h11.IDLE:
            self._disarm()  # the headers are in; the application has the request

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self._arm()  # the next request on this connection gets the same deadline

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


def uvicorn_options() -> dict[str, Any]:
    """What ``uvicorn.run`` gets besides the app, host and port."""
    return {
        "http": HeaderDeadlineProtocol,
        "timeout_keep_alive": KEEP_ALIVE_S,
        "h11_max_incomplete_event_size": MAX_HEADER_BYTES,
        "limit_concurrency": MAX_CONNECTIONS,
    }
