"""Invitations: real emails to a local SMTP server, one-time hashed links that expire,
letters with codes, bounces, reminders, and the acknowledgement."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from hustings.auth.models import User
from hustings.auth.roles import Role
from hustings.db import utcnow
from hustings.outreach import jobs, service
from hustings.outreach.models import Channel, Invitation, Person
from tests.factories.outreach import Registry, make_registry

LINK = re.compile(r"https?://[^\s]+/invitation/([A-Za-z0-9_-]{20,})")
PASSWORD = "plum tractor window seventeen"


@pytest.fixture
def registry(db: Session, smtp_server: Any) -> Registry:
    return make_registry(db)


def invite(db: Session, key: str, registry: Registry) -> Person:
    person = registry.person(db, key)
    db.commit()
    jobs.send_invitation(person.id, "user:1")
    db.expire_all()
    person = registry.person(db, key)
    db.expunge(person)  # a snapshot: the test's session must not hold SQLite's write lock
    db.rollback()
    return person


def secret_from(message: Any) -> str:
    match = LINK.search(message.get_content())
    assert match, message.get_content()
    return match.group(1)


def test_email_link_signs_in_once(
    registry: Registry, db: Session, smtp_server: Any, client: Any
) -> None:
    person = invite(db, "dc:1000", registry)
    (message,) = smtp_server.wait_for(1)
    assert message["To"] == "gwen@example.org"
    assert "/guide.pdf" in message.get_content()
    secret = secret_from(message)
    assert person.invited_at is not None and person.signed_in_at is None
    # Only a keyed hash of the secret is stored.
    stored = db.execute(text("SELECT secret_hash FROM outreach_invitations")).scalars().all()
    assert stored == [service.secret_hash(secret)] and secret not in stored[0]
    db.rollback()

    page = client.get(f"/invitation/{secret}")
    assert page.status_code == 200 and "Gwen Green" in page.text
    assert page.headers["cache-control"] == "no-store"
    mismatch = client.post_form(
        f"/invitation/{secret}", {"password": PASSWORD, "confirm_password": "other words"}
    )
    assert mismatch.status_code == 400 and "do not match" in mismatch.text
    done = client.post_form(
        f"/invitation/{secret}", {"password": PASSWORD, "confirm_password": PASSWORD}
    )
    assert done.status_code == 303 and done.headers["location"] == "/outreach/acknowledge"
    assert client.get("/account").status_code == 200  # signed in
    db.expire_all()
    person = registry.person(db, "dc:1000")
    user = db.get(User, person.user_id)
    assert user is not None and user.role == Role.CANDIDATE and user.email == "gwen@example.org"
    assert person.signed_in_at is not None
    db.rollback()
    # The link works once.
    assert client.get(f"/invitation/{secret}").status_code == 400
    again = client.post_form(
        f"/invitation/{secret}", {"password": PASSWORD, "confirm_password": PASSWORD}
    )
    assert again.status_code == 400


def test_acknowledging_the_guide(registry: Registry, db: Session, client: Any) -> None:
    person = registry.person(db, "dc:1000")
    user = User(email="gwen@example.org", full_name="Gwen Green", role=Role.CANDIDATE)
    db.add(user)
    db.commit()
    client.login(user)
    db.rollback()
    page = client.get("/outreach/acknowledge")
    assert page.status_code == 200 and "I have read the guide" in page.text
    db.expire_all()
    assert registry.person(db, "dc:1000").user_id == user.id  # linked by email on first sight
    db.rollback()
    refused = client.post_form("/outreach/acknowledge", {})
    assert refused.status_code == 400 and "Tick the box" in refused.text
    assert client.post_form("/outreach/acknowledge", {"read": "yes"}).status_code == 303
    db.expire_all()
    person = registry.person(db, "dc:1000")
    assert person.acknowledged_at is not None and person.acknowledged_version
    assert person.signed_in_at is not None


def test_expired_and_superseded_links_do_not_work(
    registry: Registry, db: Session, smtp_server: Any, client: Any
) -> None:
    invite(db, "dc:1000", registry)
    invite(db, "dc:1000", registry)
    first, second = (secret_from(m) for m in smtp_server.wait_for(2))
    assert client.get(f"/invitation/{first}").status_code == 400  # superseded
    assert client.get(f"/invitation/{second}").status_code == 200
    db.execute(update(Invitation).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.commit()
    assert client.get(f"/invitation/{second}").status_code == 400  # expired
    assert client.get("/invitation/not-a-real-secret").status_code == 400


def test_a_refused_address_is_a_bounce(
    registry: Registry, db: Session, smtp_server: Any, client: Any
) -> None:
    smtp_server.refuse.add("gwen@example.org")
    person = invite(db, "dc:1000", registry)
    assert person.bounced_at is not None and person.invited_at is not None
    invitation = db.scalar(select(Invitation))
    assert invitation.bounced_at is not None and invitation.sent_at is None
    client.login(registry.coordinator)
    db.rollback()
    assert "Email bounced" in client.get("/outreach").text


def test_letter_code_sets_up_an_account(
    registry: Registry, db: Session, client: Any, make_client: Any
) -> None:
    wil_id = registry.person(db, "dc:1005").id  # no email address
    officer = make_client().login(registry.civic_officer)
    db.rollback()
    response = officer.post_form(f"/outreach/people/{wil_id}/letter.pdf")
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    letter = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Wil West" in letter
    code = re.search(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b", letter)
    assert code, letter
    db.expire_all()
    assert registry.person(db, "dc:1005").invited_at is not None
    db.rollback()

    assert client.post_form("/invitation", {"code": "ZZZZ-ZZZZ"}).status_code == 400
    found = client.post_form("/invitation", {"code": code.group(1).lower()})
    assert found.status_code == 303
    path = found.headers["location"]
    page = client.get(path)
    assert page.status_code == 200 and 'name="email"' in page.text
    missing = client.post_form(path, {"password": PASSWORD, "confirm_password": PASSWORD})
    assert missing.status_code == 400 and "email" in missing.text.lower()
    done = client.post_form(
        path, {"email": "wil@example.org", "password": PASSWORD, "confirm_password": PASSWORD}
    )
    assert done.status_code == 303
    db.expire_all()
    person = registry.person(db, "dc:1005")
    assert db.get(User, person.user_id).email == "wil@example.org"


def test_electoral_staff_must_set_up_a_second_factor(
    registry: Registry, db: Session, smtp_server: Any, client: Any
) -> None:
    invite(db, "staff:RO-N", registry)
    secret = secret_from(smtp_server.wait_for(1)[0])
    done = client.post_form(
        f"/invitation/{secret}", {"password": PASSWORD, "confirm_password": PASSWORD}
    )
    assert done.status_code == 303
    assert done.headers["location"] == "/sign-in/set-up-second-factor"
    assert client.get("/account").status_code in (303, 401)  # not signed in until then
    db.expire_all()
    user = db.get(User, registry.person(db, "staff:RO-N").user_id)
    assert user.role == Role.ELECTORAL_OFFICIAL and user.organisation_id == registry.newport.id


def test_invitations_in_welsh(registry: Registry, db: Session, smtp_server: Any) -> None:
    registry.person(db, "dc:1000").language = "cy"
    db.commit()
    invite(db, "dc:1000", registry)
    (message,) = smtp_server.wait_for(1)
    assert "/cy/invitation/" in message.get_content()
    assert "Hustings" in message["Subject"] and "invitation" not in message["Subject"]


def test_reminders_on_schedule(registry: Registry, db: Session, smtp_server: Any) -> None:
    invite(db, "dc:1000", registry)
    assert jobs.send_reminders() == 0  # too soon
    db.execute(
        update(Person)
        .where(Person.key == "dc:1000")
        .values(invited_at=utcnow() - timedelta(days=8))
    )
    db.commit()
    assert jobs.send_reminders() == 1
    messages = smtp_server.wait_for(2)
    assert "Reminder" in messages[1]["Subject"]
    db.expire_all()
    person = registry.person(db, "dc:1000")
    assert person.reminders_sent == 1
    db.rollback()
    assert jobs.send_reminders() == 0  # not again within a week
    from hustings.jobs.schedule import SCHEDULE

    assert any(e.task == "hustings.outreach.jobs:send_reminders" for e in SCHEDULE)


def test_resend_by_an_officer(
    registry: Registry, db: Session, smtp_server: Any, make_client: Any
) -> None:
    gwen_id = registry.person(db, "dc:1000").id
    officer = make_client().login(registry.green_officer)
    db.rollback()
    response = officer.post_form(f"/outreach/people/{gwen_id}/invite")
    assert response.status_code == 303
    assert smtp_server.wait_for(1)[0]["To"] == "gwen@example.org"
    page = officer.get(f"/outreach/people/{gwen_id}")
    assert "The invitation has been sent" in page.text
    db.expire_all()
    assert db.scalar(select(Invitation)).channel == Channel.EMAIL


def test_cli_invites_everyone_not_yet_invited(
    registry: Registry, db: Session, smtp_server: Any, tmp_path: Any
) -> None:
    from typer.testing import CliRunner

    from hustings.cli import app as cli

    db.rollback()
    letters = tmp_path / "letters.pdf"
    result = CliRunner().invoke(cli, ["outreach", "invite", "--letters", str(letters)])
    assert result.exit_code == 0, result.output
    assert "7 invitations queued; 1 letters written" in result.output
    assert len(smtp_server.wait_for(7)) == 7
    text_of_letters = "".join(p.extract_text() for p in PdfReader(str(letters)).pages)
    assert "Wil West" in text_of_letters
    again = CliRunner().invoke(cli, ["outreach", "invite"])
    assert "0 invitations queued" in again.output
