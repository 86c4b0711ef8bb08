"""Signed webhooks for platforms that prefer push: a durable outbox, HMAC-SHA256 signatures,
and retries with exponential back-off that survive a worker restart.

An event is written to the outbox (WebhookDelivery) in the same transaction as the change it
announces, then handed to the worker after commit. A delivery is claimed with a short lease
before the HTTP call (so no database lock is held while waiting on the network); a worker that
dies mid-call leaves the lease to expire, and the periodic re-scan (also run when a worker
starts) picks the delivery up again. Receivers may see an event twice: the delivery id header
lets them ignore repeats.

Payloads are thin: ids, statuses, harms and due times, never message text or names, so that
deleting a case leaves nothing personal in the outbox. Fetch the report by API for the rest.

Signature: X-Hustings-Signature: sha256=HEX(HMAC_SHA256(secret, "<timestamp>." + body)),
with the timestamp in X-Hustings-Timestamp (Unix seconds). See docs/api.md.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx
import structlog
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from hustings.auth.models import Organisation
from hustings.cases.config import cases_settings
from hustings.cases.hooks import after_commit
from hustings.cases.models import (
    DeliveryStatus,
    RoutedReport,
    WebhookDelivery,
    WebhookEndpoint,
)
from hustings.config import get_settings
from hustings.db import utcnow

log = structlog.get_logger()
SIGNATURE_HEADER = "X-Hustings-Signature"
TIMESTAMP_HEADER = "X-Hustings-Timestamp"
EVENT_HEADER = "X-Hustings-Event"
DELIVERY_HEADER = "X-Hustings-Delivery"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify_signature(
    secret: str, timestamp: str, body: bytes, signature: str, *, tolerance: int = 300
) -> bool:
    """What a receiver does (and what the tests do): check the MAC and the timestamp's age."""
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


def check_url(url: str) -> None:
    """Refuse what cannot be a receiver: not http(s), no host, or spaces and control
    characters (no URL holds them, and PostgreSQL cannot store a NUL)."""
    if not url.startswith(("https://", "http://")):
        raise ValueError("the webhook URL must start with https://")
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        raise ValueError("the webhook URL must not contain spaces or control characters")
    if not urlsplit(url).hostname:
        raise ValueError("the webhook URL must name a host")


def register_endpoint(
    *, session: Session, organisation: Organisation, url: str, topic: str = "reports"
) -> tuple[WebhookEndpoint, str]:
    """Add a receiver; the secret is returned once, for the platform to keep."""
    check_url(url)
    secret = secrets.token_urlsafe(32)
    endpoint = WebhookEndpoint(organisation_id=organisation.id, url=url, secret=secret, topic=topic)
    session.add(endpoint)
    session.flush()
    return endpoint, secret


def endpoints_of(session: Session, organisation_id: int) -> list[WebhookEndpoint]:
    return list(
        session.scalars(
            select(WebhookEndpoint)
            .where(WebhookEndpoint.organisation_id == organisation_id)
            .where(WebhookEndpoint.active.is_(True))
            .where(WebhookEndpoint.topic == "reports")
            .order_by(WebhookEndpoint.id)
        )
    )


def report_payload(report: RoutedReport, event: str) -> dict[str, Any]:
    base = get_settings().base_url.rstrip("/")

    def iso(value: datetime | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "event": event,
        "report": {
            "id": report.id,
            "platform": report.platform_slug,
            "status": report.status.value,
            "harms": list(report.harms),
            "routed_at": iso(report.routed_at),
            "acknowledge_due": iso(report.acknowledge_due),
            "decide_due": iso(report.decide_due),
            "acknowledged_at": iso(report.acknowledged_at),
            "decided_at": iso(report.decided_at),
            "decision": report.decision.value if report.decision else None,
            "overdue": bool(report.acknowledge_overdue_at or report.decide_overdue_at),
            "url": f"{base}/api/v1/platform/reports/{report.id}",
        },
    }


def announce(session: Session, report: RoutedReport, event: str) -> list[WebhookDelivery]:
    """Queue the event for each of the report's organisation's endpoints (after commit)."""
    if report.organisation_id is None:
        return []
    deliveries = [
        WebhookDelivery(
            endpoint_id=endpoint.id,
            event=event,
            payload=report_payload(report, event),
            next_attempt_at=utcnow(),
        )
        for endpoint in endpoints_of(session, report.organisation_id)
    ]
    queue_deliveries(session, deliveries)
    return deliveries


def queue_deliveries(session: Session, deliveries: list[WebhookDelivery]) -> list[int]:
    """Write deliveries to the outbox and hand them to the worker once the change commits.

    Every topic (routed reports, exchange signals) queues through here, so the outbox is
    written in the same transaction as the change it announces.
    """
    if not deliveries:
        return []
    session.add_all(deliveries)
    session.flush()
    ids = [d.id for d in deliveries]

    def hand_over() -> None:
        from hustings.cases.jobs import deliver_webhook

        for delivery_id in ids:
            deliver_webhook(delivery_id)

    after_commit(session, hand_over)
    return ids


def backoff_seconds(attempts: int) -> float:
    """30 s, 60 s, 2 min, 4 min... capped at 6 hours (configurable)."""
    settings = cases_settings()
    delay: float = settings.webhook_retry_base_seconds * (2 ** max(attempts - 1, 0))
    return min(delay, settings.webhook_retry_max_seconds)


def claim(session: Session, delivery_id: int) -> WebhookDelivery | None:
    """Take a due delivery for one attempt (a lease), or None if it is not due or is taken."""
    now = utcnow()
    lease = timedelta(seconds=cases_settings().webhook_lease_seconds)
    result = session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery_id)
        .where(WebhookDelivery.status == DeliveryStatus.PENDING)
        .where(WebhookDelivery.next_attempt_at <= now)
        .values(next_attempt_at=now + lease, attempts=WebhookDelivery.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        return None
    delivery = session.get(WebhookDelivery, delivery_id, populate_existing=True)
    return delivery


def post(endpoint: WebhookEndpoint, delivery: WebhookDelivery) -> tuple[int | None, str | None]:
    """Send one signed request; (status code, error) where 2xx with no error is success."""
    body = json.dumps(delivery.payload, sort_keys=True, separators=(",", ":")).encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Hustings-Webhooks/1",
        EVENT_HEADER: delivery.event,
        DELIVERY_HEADER: str(delivery.id),
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: sign(endpoint.secret, timestamp, body),
    }
    try:
        response = httpx.post(
            endpoint.url,
            content=body,
            headers=headers,
            timeout=cases_settings().webhook_timeout_seconds,
            follow_redirects=False,
        )
    except httpx.HTTPError as error:
        return None, type(error).__name__
    if 200 <= response.status_code < 300:
        return response.status_code, None
    return response.status_code, f"HTTP {response.status_code}"


def record_result(
    session: Session, delivery: WebhookDelivery, status_code: int | None, error: str | None
) -> float | None:
    """Store the attempt's outcome; the delay before the next attempt, or None when done."""
    delivery.last_status_code = status_code
    delivery.last_error = error
    if error is None:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = utcnow()
        session.flush()
        return None
    if delivery.attempts >= cases_settings().webhook_max_attempts:
        delivery.status = DeliveryStatus.FAILED
        session.flush()
        log.warning("webhook_gave_up", delivery_id=delivery.id, attempts=delivery.attempts)
        return None
    delay = backoff_seconds(delivery.attempts)
    delivery.next_attempt_at = utcnow() + timedelta(seconds=delay)
    session.flush()
    return delay


def due_ids(session: Session, *, limit: int = 500) -> list[int]:
    """Pending deliveries whose next attempt is due (the re-scan after a restart)."""
    return list(
        session.scalars(
            select(WebhookDelivery.id)
            .where(WebhookDelivery.status == DeliveryStatus.PENDING)
            .where(WebhookDelivery.next_attempt_at <= utcnow())
            .order_by(WebhookDelivery.id)
            .limit(limit)
        )
    )
