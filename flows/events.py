"""Prefect events that ask for an immediate republish, and the trigger that listens for them.

A CMS hook (after saving a release) or the review page (after approving a translation) emits
``transpub.release.changed``; the deployment served by ``transpub serve`` carries a
:func:`republish_trigger` for these events and starts a ``republish-on-edit`` run at once instead of waiting for
the next scheduled one. The flow itself still decides what changed by comparing content hashes, so an event only
says *when* to look, never *what* to publish.

Prefect is imported inside the functions: importing this module costs nothing.

>>> sorted(EVENTS)
['transpub.glossary.changed', 'transpub.release.changed', 'transpub.release.deleted', 'transpub.review.approved']
>>> resource_id("gcrf-coastal-fund")
'transpub.release.gcrf-coastal-fund'
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from transpub.errors import TranspubError

if TYPE_CHECKING:
    from prefect.events import DeploymentEventTrigger

RELEASE_CHANGED = "transpub.release.changed"
RELEASE_DELETED = "transpub.release.deleted"
GLOSSARY_CHANGED = "transpub.glossary.changed"
REVIEW_APPROVED = "transpub.review.approved"

# event name -> what it means; every one of them triggers a republish.
EVENTS: Mapping[str, str] = MappingProxyType(
    {
        RELEASE_CHANGED: "a release file was created or edited",
        RELEASE_DELETED: "a release file was deleted",
        GLOSSARY_CHANGED: "a glossary file was edited",
        REVIEW_APPROVED: "a translator approved translations of a release",
    }
)
# event name -> what it means; these only inform (a person, a chat hook) and never trigger a republish.
REVIEW_NEEDED = "transpub.review.needed"
NOTICES: Mapping[str, str] = MappingProxyType(
    {REVIEW_NEEDED: "a publish left segments of a language for a translator (release, language, counts, review URL)"}
)
RESOURCE_PREFIX = "transpub.release."


class EventError(TranspubError):
    """An event name is not one transpub emits, or Prefect refused the event."""


def resource_id(slug: str) -> str:
    """The Prefect resource id of a release (``transpub.release.<slug>``)."""
    return f"{RESOURCE_PREFIX}{slug}"


def emit(event: str, slug: str, *, payload: Mapping[str, Any] | None = None) -> str:
    """Emit one transpub event about release ``slug`` (``*`` when it concerns every release); returns its id.

    The event goes to the Prefect server in ``PREFECT_API_URL``; without one, :class:`EventError` says so.
    """
    if event not in EVENTS and event not in NOTICES:
        raise EventError(f"unknown event (known: {', '.join(sorted({*EVENTS, *NOTICES}))})", value=event)
    from prefect.events import emit_event
    from prefect.settings import get_current_settings

    if not get_current_settings().api.url:
        # Without a server no deployment can be listening; say so rather than drop the event.
        raise EventError("no Prefect server to send the event to: set PREFECT_API_URL", value=event)
    sent = emit_event(
        event=event,
        resource={"prefect.resource.id": resource_id(slug), "prefect.resource.name": slug},
        payload=dict(payload or {}),
    )
    if sent is None:
        raise EventError("Prefect did not accept the event", value=event)
    from prefect.events.worker import EventsWorker

    EventsWorker.drain_all(timeout=10)  # deliver now: a CMS hook process may exit right after this call
    return str(sent.id)


def emit_release_changed(slug: str, **payload: Any) -> str:
    """Shorthand for :func:`emit` of ``transpub.release.changed`` (the CMS hook's call)."""
    return emit(RELEASE_CHANGED, slug, payload=payload)


def republish_trigger() -> DeploymentEventTrigger:
    """The deployment trigger that starts a republish run on every transpub event about any release.

    Runs started this way queue behind each other (the deployment allows one at a time), and a run that finds
    nothing changed ends without writing anything, so a burst of events costs little.
    """
    from prefect.events import DeploymentEventTrigger

    return DeploymentEventTrigger(
        name="transpub-republish-on-event",
        expect=set(EVENTS),
        match={"prefect.resource.id": f"{RESOURCE_PREFIX}*"},
    )


def emit_review_needed(notice: Any) -> str:
    """Emit ``transpub.review.needed`` for one :class:`transpub.review.notify.ReviewNeeded` notice."""
    return emit(REVIEW_NEEDED, notice.slug, payload=notice.payload())
