"""The account page: details, password, second factor, delegations, email language."""

from __future__ import annotations

from typing import Any

import pyotp
from sqlalchemy import func, select

from hustings.auth.models import Delegation, User
from hustings.auth.passwords import verify_password
from hustings.auth.roles import Role
from tests.auth.helpers import snapshot
from tests.factories.auth import DEFAULT_PASSWORD, make_user

NEW = "amber kettle orbit lantern"


def test_account_shows_who_you_are_in_both_languages(client: Any, db: Any) -> None:
    user = make_user(db, Role.PLATFORM_MEMBER)
    org_name = user.organisation.name
    db.commit()
    client.login(user)
    page = client.get("/account").text
    assert user.full_name in page and user.email in page and org_name in page
    assert "Platform team member" in page and "required for your role" in page
    assert "/account/api-keys" in page
    welsh = client.get("/cy/account").text
    assert "Aelod o dîm platfform" in welsh and "yn ofynnol ar gyfer eich rôl" in welsh


def test_change_password_bad_input_changes_nothing(client: Any, db: Any) -> None:
    user = make_user(db, Role.CANDIDATE)
    db.commit()
    client.login(user)
    for data, field, message in [
        (
            {"current_password": "wrong", "new_password": NEW, "confirm_password": NEW},
            "current_password",
            "Your current password is not correct",
        ),
        (
            {
                "current_password": DEFAULT_PASSWORD,
                "new_password": "short",
                "confirm_password": "short",
            },
            "new_password",
            "at least 12 characters",
        ),
        (
            {
                "current_password": DEFAULT_PASSWORD,
                "new_password": NEW,
                "confirm_password": "other",
            },
            "confirm_password",
            "do not match",
        ),
    ]:
        response = client.post_form("/account/password", data)
        assert response.status_code == 400, field
        assert f'href="#{field}"' in response.text and message in response.text
    assert verify_password(DEFAULT_PASSWORD, snapshot(db, User, user.id).password_hash)
    assert client.get("/account").status_code == 200  # still signed in


def test_change_password_works_and_says_so(client: Any, db: Any) -> None:
    user = make_user(db, Role.CANDIDATE)
    db.commit()
    client.login(user)
    response = client.post_form(
        "/account/password",
        {"current_password": DEFAULT_PASSWORD, "new_password": NEW, "confirm_password": NEW},
    )
    assert response.headers["location"] == "/account"
    assert "Your password has been changed" in client.get("/account").text
    assert verify_password(NEW, snapshot(db, User, user.id).password_hash)


def test_candidate_sets_up_and_turns_off_a_second_factor(client: Any, db: Any) -> None:
    user = make_user(db, Role.CANDIDATE)
    db.commit()
    client.login(user)
    assert "/account/second-factor" in client.get("/account").text
    assert client.get("/account/second-factor").status_code == 200
    secret = snapshot(db, User, user.id).totp_pending_secret
    response = client.post_form("/account/second-factor", {"code": pyotp.TOTP(secret).now()})
    assert response.headers["location"] == "/account"
    assert snapshot(db, User, user.id).totp_secret == secret
    refused = client.post_form("/account/second-factor/turn-off", {"password": "wrong"})
    assert refused.status_code == 400 and "Your password is not correct" in refused.text
    client.post_form("/account/second-factor/turn-off", {"password": DEFAULT_PASSWORD})
    assert snapshot(db, User, user.id).totp_secret is None


def test_required_roles_cannot_turn_it_off(client: Any, db: Any) -> None:
    user = make_user(db, Role.COORDINATOR)
    db.commit()
    client.login(user)
    response = client.post_form("/account/second-factor/turn-off", {"password": DEFAULT_PASSWORD})
    assert response.status_code == 303
    assert snapshot(db, User, user.id).totp_secret is not None


def test_candidate_adds_and_removes_staff(db: Any, make_client: Any) -> None:
    candidate = make_user(db, Role.CANDIDATE)
    staff = make_user(db, Role.CANDIDATE_STAFF, email="agent@example.org")
    db.commit()
    candidate_client = make_client().login(candidate)
    staff_client = make_client().login(staff)
    assert "No candidate has named you yet" in staff_client.get("/account").text
    response = candidate_client.post_form("/account/delegations", {"email": "agent@example.org"})
    assert response.status_code == 303
    page = candidate_client.get("/account").text
    assert "They can now act for you" in page and staff.full_name in page
    assert candidate.full_name in staff_client.get("/account").text
    delegation_id = db.scalar(select(Delegation.id))
    db.rollback()
    revoke = candidate_client.post_form(f"/account/delegations/{delegation_id}/revoke")
    assert revoke.status_code == 303
    assert "No candidate has named you yet" in staff_client.get("/account").text
    assert snapshot(db, Delegation, delegation_id).revoked_at is not None


def test_bad_delegation_input_shows_the_problem_and_writes_nothing(client: Any, db: Any) -> None:
    candidate = make_user(db, Role.CANDIDATE)
    make_user(db, Role.COORDINATOR, email="coord@example.org")
    db.commit()
    client.login(candidate)
    for email, message in [
        ("", "Enter an email address"),
        ("not an address", "correct format"),
        ("coord@example.org", "no campaign staff account"),
    ]:
        response = client.post_form("/account/delegations", {"email": email})
        assert response.status_code == 400 and message in response.text
        assert 'href="#email"' in response.text
    assert db.scalar(select(func.count()).select_from(Delegation)) == 0
    db.rollback()


def test_another_candidates_delegation_is_not_found(db: Any, make_client: Any) -> None:
    first, second = make_user(db, Role.CANDIDATE), make_user(db, Role.CANDIDATE)
    staff = make_user(db, Role.CANDIDATE_STAFF)
    delegation = Delegation(candidate_id=first.id, staff_id=staff.id)
    db.add(delegation)
    db.commit()
    response = make_client().login(second).post_form(f"/account/delegations/{delegation.id}/revoke")
    assert response.status_code == 404
    assert snapshot(db, Delegation, delegation.id).revoked_at is None


def test_email_language(client: Any, db: Any) -> None:
    user = make_user(db, Role.CANDIDATE)
    db.commit()
    client.login(user)
    assert client.post_form("/account/language", {"language": "cy"}).status_code == 303
    assert snapshot(db, User, user.id).preferred_language == "cy"
    bad = client.post_form("/account/language", {"language": "fr"})
    assert bad.status_code == 400 and "Choose English or Welsh" in bad.text
    assert snapshot(db, User, user.id).preferred_language == "cy"


def test_sign_out_everywhere_keeps_this_browser(db: Any, make_client: Any) -> None:
    user = make_user(db, Role.CANDIDATE)
    db.commit()
    here, there = make_client().login(user), make_client().login(user)
    assert here.post_form("/account/sign-out-everywhere").status_code == 303
    assert here.get("/account").status_code == 200
    assert there.get("/account").status_code == 303
