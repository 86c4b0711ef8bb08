"""Background work for cases: webhook deliveries (with back-off), emails, and the periodic
jobs in hustings.jobs.schedule (overdue flags, the outbox re-scan, retention, orphan sweep).

Tasks take ids and open their own transaction; periodic entries are plain functions that the
worker wraps.
"""

from __future__ import annotations

import structlog

from hustings.auth.models import User
from hustings.cases import evidence_store, retention, routing, service, webhooks
from hustings.cases.config import cases_settings
from hustings.cases.models import WebhookDelivery, WebhookEndpoint
from hustings.cases.notifications import compose
from hustings.db import session_scope
from hustings.jobs.queue import huey
from hustings.notify.base import DeliveryFailed
from hustings.notify.email import default_notifier

log = structlog.get_logger()


@huey.task()
def deliver_webhook(delivery_id: int) -> None:
    """One attempt: claim (lease), POST outside any transaction, record, schedule a retry."""
    with session_scope() as session:
        delivery = webhooks.claim(session, delivery_id)
        if delivery is None:
            return
        endpoint = session.get(WebhookEndpoint, delivery.endpoint_id)
        if endpoint is None or not endpoint.active:
            return
    status_code, error = webhooks.post(endpoint, delivery)
    with session_scope() as session:
        fresh = session.get(WebhookDelivery, delivery_id)
        if fresh is None:
            return
        delay = webhooks.record_result(session, fresh, status_code, error)
    log.info("webhook_attempt", delivery_id=delivery_id, status=status_code, ok=error is None)
    if delay is not None and not huey.immediate:
        deliver_webhook.schedule((delivery_id,), delay=delay)


def dispatch_due_webhooks() -> int:
    """Hand every due delivery to the queue (periodic, and when a worker starts)."""
    with session_scope() as session:
        ids = webhooks.due_ids(session)
    for delivery_id in ids:
        deliver_webhook(delivery_id)
    return len(ids)


@huey.on_startup()
def _rescan_outbox_on_start() -> None:
    try:
        dispatch_due_webhooks()
    except Exception:
        log.exception("webhook_rescan_failed")


@huey.task(retries=3, retry_delay=60)
def send_case_email(kind: str, object_id: int, user_id: int) -> None:
    """Compose in the recipient's language and send; a bounce is not retried."""
    with session_scope() as session:
        user = session.get(User, user_id)
        if user is None or not user.is_active:
            return
        message = compose(session, kind, object_id, user)
    if message is None:
        return
    try:
        default_notifier().send(message)
    except DeliveryFailed as failure:
        if failure.permanent:
            log.warning("case_email_bounced", kind=kind, user_id=user_id)
            return
        raise


def flag_overdue_reports() -> int:
    with session_scope() as session:
        return len(routing.flag_overdue(session=session))


def apply_retention() -> int:
    with session_scope() as session:
        return len(retention.apply_retention(session=session))


def sweep_evidence() -> int:
    """Remove evidence files no case refers to (left by a crash mid-upload)."""
    with session_scope() as session:
        referenced = service.referenced_hashes(session)
    grace = cases_settings().orphan_grace_minutes * 60
    return len(evidence_store.sweep_orphans(referenced, older_than_seconds=grace))
