"""Email really goes over SMTP, and a refused recipient is a permanent failure (a bounce)."""

from __future__ import annotations

from typing import Any

import pytest

from hustings.notify.base import DeliveryFailed, Message
from hustings.notify.email import EmailNotifier


def test_a_message_arrives_with_text_and_html(smtp_server: Any) -> None:
    EmailNotifier().send(
        Message(to="carys@example.org", subject="Croeso", text="Hello", html="<p>Hello</p>")
    )
    (received,) = smtp_server.wait_for(1)
    assert received["Subject"] == "Croeso"
    assert received.get_body(preferencelist=("plain",)).get_content().strip() == "Hello"
    assert "<p>Hello</p>" in received.get_body(preferencelist=("html",)).get_content()


def test_a_refused_recipient_is_a_permanent_failure(smtp_server: Any) -> None:
    smtp_server.refuse.add("gone@example.org")
    with pytest.raises(DeliveryFailed) as failure:
        EmailNotifier().send(Message(to="gone@example.org", subject="x", text="x"))
    assert failure.value.permanent
