"""Signals pushed to subscribers through the shared webhook outbox: signed, retried, durable,
only to organisations that may see them, never to the source.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from tests.exchange.receiver import Receiver
from tests.factories.exchange import make_member, signal_body

from hustings.cases.jobs import dispatch_due_webhooks
from hustings.cases.models import DeliveryStatus, WebhookDelivery
from hustings.cases.webhooks import verify_signature
from hustings.db import utcnow

SIGNALS = "/api/v1/exchange/signals"
HOOKS = "/api/v1/exchange/webhooks"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.close()


def subscribe(client: Any, member: Any, url: str) -> str:
    response = client.post(HOOKS, json={"url": url}, headers=member.headers)
    assert response.status_code == 201, response.text
    return str(response.json()["secret"])


def test_new_and_withdrawn_signals_are_pushed_signed(
    client: Any, db: Session, receiver: Receiver
) -> None:
    a, b = make_member(db, "hook-a"), make_member(db, "hook-b")
    outsider = make_member(db, "hook-out", groups=("other",))
    db.commit()
    secret = subscribe(client, b, receiver.url)
    other = Receiver()
    try:
        subscribe(client, outsider, other.url)
        subscribe(client, a, other.url)  # the source is not told about its own signals
        shared = client.post(SIGNALS, json={"signals": [signal_body("url")]}, headers=a.headers)
        signal_id = shared.json()["signals"][0]["id"]
        client.delete(f"{SIGNALS}/{signal_id}", headers=a.headers)
        got = receiver.wait_for(2)
        assert [g["json"]["event"] for g in got] == ["signal.new", "signal.withdrawn"]
        first = got[0]
        assert verify_signature(
            secret,
            first["headers"]["x-hustings-timestamp"],
            first["body"],
            first["headers"]["x-hustings-signature"],
        )
        assert not verify_signature(
            "wrong",
            first["headers"]["x-hustings-timestamp"],
            first["body"],
            first["headers"]["x-hustings-signature"],
        )
        assert first["json"]["signal"]["id"] == signal_id
        assert "case_id" not in first["json"]["signal"]
        assert other.received == []
    finally:
        other.close()
    listed = client.get(HOOKS, headers=b.headers).json()
    assert [h["url"] for h in listed] == [receiver.url] and listed[0]["secret"] is None
    # Report webhooks (cases) never receive signals, and signal webhooks never list there.
    assert client.get("/api/v1/platform/webhooks", headers=b.headers).json() == []


def test_a_failed_push_is_retried_from_the_durable_outbox(
    client: Any, db: Session, receiver: Receiver
) -> None:
    a, b = make_member(db, "retry-a"), make_member(db, "retry-b")
    db.commit()
    subscribe(client, b, receiver.url)
    receiver.fail_next = 1
    client.post(SIGNALS, json={"signals": [signal_body("md5")]}, headers=a.headers)
    delivery = db.scalar(select(WebhookDelivery))
    assert delivery is not None
    db.refresh(delivery)
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert delivery.next_attempt_at > utcnow()  # backing off
    assert receiver.received == []
    # Time passes (or the worker restarts): the periodic re-scan sends it again.
    db.execute(update(WebhookDelivery).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
    db.commit()
    assert dispatch_due_webhooks() == 1
    assert len(receiver.wait_for(1)) == 1
    db.refresh(delivery)
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 2


def test_webhook_endpoints_are_each_platforms_own(client: Any, db: Session) -> None:
    a, b = make_member(db, "own-a"), make_member(db, "own-b")
    db.commit()
    response = client.post(HOOKS, json={"url": "https://a.example/hook"}, headers=a.headers)
    endpoint_id = response.json()["id"]
    assert client.delete(f"{HOOKS}/{endpoint_id}", headers=b.headers).status_code == 404
    assert client.post(HOOKS, json={"url": "ftp://x"}, headers=a.headers).status_code == 422
    assert client.delete(f"{HOOKS}/{endpoint_id}", headers=a.headers).status_code == 204
    assert client.get(HOOKS, headers=a.headers).json() == []


@pytest.mark.parametrize(
    "url", ["http://\x00", "https://example.org/hook\x00", "https://exa mple.org/", "https:///x"]
)
@pytest.mark.parametrize("route", [HOOKS, "/api/v1/platform/webhooks"])
def test_a_webhook_url_that_cannot_be_a_receiver_is_refused_and_nothing_stored(
    client: Any, db: Session, route: str, url: str
) -> None:
    member = make_member(db, "hook-bad")
    db.commit()
    response = client.post(route, json={"url": url}, headers=member.headers)
    assert response.status_code == 422, response.text
    assert "webhook URL" in response.json()["detail"] or "url" in response.text
    assert client.get(route, headers=member.headers).json() == []
