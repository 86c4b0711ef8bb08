"""Pushing shared signals to subscribers, through the cases domain's webhook outbox.

One mechanism for the whole service (hustings.cases.webhooks): endpoints with topic
"exchange" receive each new, changed or withdrawn signal their organisation may see, signed
with HMAC-SHA256, written to the durable outbox in the same transaction as the change, handed
to the worker after commit, retried with back-off and re-scanned after a restart. The source
platform is not told about its own signals.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hustings.auth.models import Organisation
from hustings.cases.models import WebhookDelivery, WebhookEndpoint
from hustings.cases.webhooks import queue_deliveries, register_endpoint
from hustings.config import get_settings
from hustings.db import utcnow
from hustings.exchange.models import GroupMember, SharingGroup, Signal, SignalStatus

TOPIC = "exchange"


def register(
    *, session: Session, organisation: Organisation, url: str
) -> tuple[WebhookEndpoint, str]:
    """Add a receiver of signals; the signing secret is returned once."""
    return register_endpoint(session=session, organisation=organisation, url=url, topic=TOPIC)


def endpoints_of(session: Session, organisation_id: int) -> list[WebhookEndpoint]:
    return list(
        session.scalars(
            select(WebhookEndpoint)
            .where(WebhookEndpoint.organisation_id == organisation_id)
            .where(WebhookEndpoint.topic == TOPIC)
            .where(WebhookEndpoint.active.is_(True))
            .order_by(WebhookEndpoint.id)
        )
    )


def endpoint_of(session: Session, organisation_id: int, endpoint_id: int) -> WebhookEndpoint | None:
    endpoint = session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None or endpoint.organisation_id != organisation_id or endpoint.topic != TOPIC:
        return None
    return endpoint


def _receivers(session: Session, signal: Signal) -> list[WebhookEndpoint]:
    members = select(GroupMember.organisation_id).where(
        GroupMember.group_id == signal.sharing_group_id
    )
    return list(
        session.scalars(
            select(WebhookEndpoint)
            .where(WebhookEndpoint.topic == TOPIC)
            .where(WebhookEndpoint.active.is_(True))
            .where(WebhookEndpoint.organisation_id.in_(members))
            .where(WebhookEndpoint.organisation_id != signal.source_org_id)
            .order_by(WebhookEndpoint.id)
        )
    )


def event_of(signal: Signal) -> str:
    if signal.status == SignalStatus.WITHDRAWN:
        return "withdrawn"
    return "new" if signal.version == 1 else "changed"


def payload(session: Session, signal: Signal) -> dict[str, Any]:
    """What a receiver needs to act (or to delete): the signal's matchable value and state."""
    base = get_settings().base_url.rstrip("/")
    source = session.get(Organisation, signal.source_org_id)
    group = session.get(SharingGroup, signal.sharing_group_id)
    return {
        "event": f"signal.{event_of(signal)}",
        "signal": {
            "id": signal.id,
            "seq": signal.seq,
            "version": signal.version,
            "event": event_of(signal),
            "type": signal.kind.value,
            "value": signal.value,
            "details": signal.details,
            "labels": list(signal.labels),
            "confidence": signal.confidence,
            "source": source.slug if source else None,
            "sharing_group": group.slug if group else None,
            "tlp": signal.tlp.value,
            "expires_at": signal.expires_at.isoformat(),
            "status": signal.status.value,
            "disputed": signal.disputed,
            "url": f"{base}/api/v1/exchange/signals/{signal.id}",
        },
    }


def announce(session: Session, signals: Sequence[Signal]) -> list[int]:
    """Queue one delivery per signal per subscribed endpoint; sent once the change commits."""
    deliveries: list[WebhookDelivery] = []
    for signal in signals:
        body = payload(session, signal)
        event = str(body["event"])
        deliveries.extend(
            WebhookDelivery(
                endpoint_id=endpoint.id,
                event=event,
                payload=body,
                next_attempt_at=utcnow(),
            )
            for endpoint in _receivers(session, signal)
        )
    return queue_deliveries(session, deliveries)
