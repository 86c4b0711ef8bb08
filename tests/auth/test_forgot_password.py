"""Forgotten passwords: a one-time link by email, in the user's language, without enumeration."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, select

from hustings.audit.models import AuditEntry
from hustings.auth.roles import Role
from tests.factories.auth import make_user

NEW = "amber kettle orbit lantern"


def _link(message: Any) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    found = re.search(r"http://\S+/reset-password/(\S+)", body)
    assert found, body
    return found.group(0)


def _path(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def test_known_and_unknown_addresses_get_the_same_page(
    client: Any, db: Any, smtp_server: Any
) -> None:
    make_user(db, Role.CANDIDATE, email="known@example.org")
    db.commit()
    known = client.post_form("/forgot-password", {"email": "Known@Example.org"})
    unknown = client.post_form("/forgot-password", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200
    assert known.text.replace("known@example.org", "X") == unknown.text.replace(
        "nobody@example.org", "X"
    )
    assert "we have sent a link" in known.text
    messages = smtp_server.wait_for(1)
    assert len(messages) == 1 and messages[0]["To"] == "known@example.org"


def test_the_link_resets_once(client: Any, db: Any, smtp_server: Any) -> None:
    user = make_user(db, Role.CANDIDATE)
    db.commit()
    client.post_form("/forgot-password", {"email": user.email})
    (message,) = smtp_server.wait_for(1)
    path = _path(_link(message))
    assert message["Subject"] == "Reset your Hustings password"
    form = client.get(path)
    assert form.status_code == 200 and "Choose a new password" in form.text
    mismatch = client.post_form(path, {"password": NEW, "confirm_password": "different"})
    assert mismatch.status_code == 400 and "do not match" in mismatch.text
    weak = client.post_form(path, {"password": "password2024", "confirm_password": "password2024"})
    assert weak.status_code == 400 and "too easy to guess" in weak.text
    done = client.post_form(path, {"password": NEW, "confirm_password": NEW})
    assert done.headers["location"] == "/sign-in"
    assert "Your password has been reset" in client.get("/sign-in").text
    signed_in = client.post_form("/sign-in", {"email": user.email, "password": NEW})
    assert signed_in.headers["location"] == "/account"
    again = client.get(path)
    assert again.status_code == 400 and "This link no longer works" in again.text
    reused = client.post_form(path, {"password": "another long phrase", "confirm_password": "x"})
    assert reused.status_code == 400 and "This link no longer works" in reused.text
    actions = db.scalars(select(AuditEntry.action)).all()
    db.rollback()
    assert "auth.password_reset_link" in actions and "auth.password_reset" in actions


def test_welsh_users_get_welsh_email_and_links(client: Any, db: Any, smtp_server: Any) -> None:
    user = make_user(db, Role.CANDIDATE)
    user.preferred_language = "cy"
    db.commit()
    client.post_form("/forgot-password", {"email": user.email})
    (message,) = smtp_server.wait_for(1)
    assert message["Subject"] == "Ailosod eich cyfrinair Hustings"
    assert "/cy/reset-password/" in _link(message)


def test_bad_address_is_explained_and_nothing_is_sent(
    client: Any, db: Any, smtp_server: Any
) -> None:
    response = client.post_form("/forgot-password", {"email": "not an address"})
    assert response.status_code == 400 and "correct format" in response.text
    assert smtp_server.messages == []
    assert db.scalar(select(func.count()).select_from(AuditEntry)) == 0
    db.rollback()


def test_at_most_three_emails_an_hour(client: Any, db: Any, smtp_server: Any) -> None:
    user = make_user(db, Role.CANDIDATE)
    db.commit()
    for _ in range(4):
        response = client.post_form("/forgot-password", {"email": user.email})
        assert response.status_code == 200
    assert len(smtp_server.wait_for(3)) == 3
    assert len(smtp_server.messages) == 3
