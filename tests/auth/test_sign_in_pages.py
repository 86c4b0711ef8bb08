"""Signing in through the forms: password, second factor, set-up, lockout, limits, cookies."""

from __future__ import annotations

import contextvars
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pyotp
import pytest
from sqlalchemy import func, select

from hustings.audit.models import AuditEntry
from hustings.auth import views
from hustings.auth.forms import safe_next, uk_time
from hustings.auth.models import User
from hustings.auth.roles import Role
from hustings.web.i18n import Language, set_language
from tests.auth.helpers import snapshot
from tests.factories.auth import DEFAULT_PASSWORD, make_user


def _sign_in(client: Any, email: str, password: str = DEFAULT_PASSWORD, **extra: str) -> Any:
    return client.post_form("/sign-in", {"email": email, "password": password, **extra})


def _audit_count(db: Any) -> int:
    count = int(db.scalar(select(func.count()).select_from(AuditEntry)))
    db.rollback()  # SQLite: let the app write again
    return count


def test_candidate_without_second_factor_is_signed_in(client: Any, db: Any) -> None:
    user = make_user(db, Role.CANDIDATE)
    db.commit()
    response = _sign_in(client, user.email.upper())
    assert response.status_code == 303 and response.headers["location"] == "/account"
    page = client.get("/account")
    assert page.status_code == 200 and user.full_name in page.text
    assert snapshot(db, User, user.id).last_login_at is not None


def test_second_factor_is_asked_for_and_checked(client: Any, db: Any) -> None:
    user = make_user(db, Role.POLICE_LIAISON)
    db.commit()
    response = _sign_in(client, user.email)
    assert response.headers["location"] == "/sign-in/second-factor"
    assert client.get("/account").status_code == 303  # not signed in until the code is given
    wrong = client.post_form("/sign-in/second-factor", {"code": "12345"})
    assert wrong.status_code == 400 and "must be 6 digits" in wrong.text
    code = pyotp.TOTP(user.totp_secret).now()
    done = client.post_form("/sign-in/second-factor", {"code": code})
    assert done.status_code == 303 and done.headers["location"] == "/account"
    assert client.get("/account").status_code == 200
    # Signed out and back in, the same code is refused: it has been used.
    assert client.post_form("/sign-out").status_code == 303
    _sign_in(client.logout(), user.email)
    again = client.post_form("/sign-in/second-factor", {"code": code})
    assert again.status_code == 400 and "already been used" in again.text


def test_wrong_codes_lock_the_account(client: Any, db: Any) -> None:
    user = make_user(db, Role.COORDINATOR)
    db.commit()
    _sign_in(client, user.email)
    right = pyotp.TOTP(user.totp_secret).now()
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(4):
        response = client.post_form("/sign-in/second-factor", {"code": wrong})
        assert response.status_code == 400 and "not correct" in response.text
    locked = client.post_form("/sign-in/second-factor", {"code": wrong})
    assert locked.status_code == 429 and "Try again after" in locked.text
    # The half-finished session has ended, and the password alone no longer gets in.
    assert client.get("/sign-in/second-factor").headers["location"] == "/sign-in"
    assert _sign_in(client.logout(), user.email).status_code == 429


def test_roles_that_need_a_second_factor_set_one_up(client: Any, db: Any) -> None:
    user = make_user(db, Role.ADMIN, with_totp=False)
    db.commit()
    assert _sign_in(client, user.email).headers["location"] == "/sign-in/set-up-second-factor"
    page = client.get("/sign-in/set-up-second-factor")
    assert page.status_code == 200 and '<svg role="img"' in page.text
    assert page.headers["cache-control"] == "no-store"
    secret = snapshot(db, User, user.id).totp_pending_secret
    assert secret and " ".join(secret[i : i + 4] for i in range(0, 32, 4)) in page.text
    assert client.get("/account").status_code == 303
    bad = client.post_form("/sign-in/set-up-second-factor", {"code": "abc"})
    assert bad.status_code == 400 and "govuk-error-summary" in bad.text
    done = client.post_form("/sign-in/set-up-second-factor", {"code": pyotp.TOTP(secret).now()})
    assert done.headers["location"] == "/account"
    assert "Your second factor is set up" in client.get("/account").text
    assert snapshot(db, User, user.id).totp_secret == secret


def test_wrong_password_and_unknown_email_look_the_same(client: Any, db: Any) -> None:
    user = make_user(db, Role.CANDIDATE, email="known@example.org")
    db.commit()
    wrong = _sign_in(client, user.email, "not the password")
    unknown = _sign_in(client, "unknown@example.org", "not the password")
    assert wrong.status_code == unknown.status_code == 400
    assert "The email address or password is not correct" in wrong.text

    def strip(text: str) -> str:
        return re.sub(r"(known|unknown)@example\.org", "", text)

    assert strip(wrong.text) == strip(unknown.text)


def test_empty_form_shows_each_problem_and_writes_nothing(client: Any, db: Any) -> None:
    response = _sign_in(client, "", "")
    assert response.status_code == 400
    assert 'href="#email"' in response.text and 'href="#password"' in response.text
    assert "Enter your email address" in response.text and "Error:" in response.text
    assert _audit_count(db) == 0


def test_lockout_says_when_to_try_again(client: Any, db: Any) -> None:
    user = make_user(db, Role.CANDIDATE)
    db.commit()
    for n in range(4):
        assert _sign_in(client, user.email, f"wrong {n}").status_code == 400
    locked = _sign_in(client, user.email, "wrong again")
    assert locked.status_code == 429
    # Near midnight the lock ends tomorrow, and the date follows the time.
    assert re.search(r"Try again after \d\d:\d\d( \d{1,2} \w+ \d{4})? \(UK time\)", locked.text)
    assert _sign_in(client, user.email).status_code == 429  # even with the right password


def test_sign_in_is_rate_limited_per_address_and_per_ip(
    client: Any, db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "ACCOUNT_LIMIT", "2/minute")
    for _ in range(2):
        _sign_in(client, "someone@example.org", "wrong password")
    limited = _sign_in(client, "someone@example.org", "wrong password")
    assert limited.status_code == 429 and "Too many attempts" in limited.text
    monkeypatch.setattr(views, "IP_LIMIT", "3/minute")
    for n in range(3):
        _sign_in(client, f"person{n}@example.org", "wrong password")
    assert _sign_in(client, "fresh@example.org", "wrong password").status_code == 429


def test_a_form_without_its_csrf_token_is_refused(client: Any, db: Any) -> None:
    user = make_user(db, Role.CANDIDATE)
    db.commit()
    response = client.post("/sign-in", data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 403 and "expired" in response.text
    forged = client.post(
        "/sign-in",
        data={"email": user.email, "password": DEFAULT_PASSWORD, "csrf_token": "forged"},
    )
    assert forged.status_code == 403
    assert client.get("/account").status_code == 303
    assert _audit_count(db) == 0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/account/password", "/account/password"),
        ("/cy/account", "/account"),
        ("/cases?page=2", "/cases?page=2"),
        ("//evil.example/x", None),
        ("https://evil.example/", None),
        ("/\\evil.example", None),
        ("javascript:alert(1)", None),
        ("account", None),
        ("/ok\r\nSet-Cookie: x", None),
        ("", None),
    ],
)
def test_safe_next(value: str, expected: str | None) -> None:
    assert safe_next(value) == expected


def test_next_is_followed_after_the_second_factor(client: Any, db: Any) -> None:
    user = make_user(db, Role.COORDINATOR)
    db.commit()
    page = client.get("/account/password")
    assert page.headers["location"] == "/sign-in?next=/account/password"
    assert 'name="next" value="/account/password"' in client.get(page.headers["location"]).text
    _sign_in(client, user.email, next="/account/password")
    done = client.post_form("/sign-in/second-factor", {"code": pyotp.TOTP(user.totp_secret).now()})
    assert done.headers["location"] == "/account/password"


def test_an_offsite_next_is_ignored(client: Any, db: Any) -> None:
    user = make_user(db, Role.CANDIDATE)
    db.commit()
    response = _sign_in(client, user.email, next="//evil.example/")
    assert response.headers["location"] == "/account"


def test_welsh_sign_in_stays_in_welsh(client: Any, db: Any) -> None:
    user = make_user(db, Role.CANDIDATE)
    db.commit()
    page = client.get("/cy/sign-in")
    assert 'lang="cy"' in page.text and "Mewngofnodi" in page.text
    response = client.post_form("/cy/sign-in", {"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.headers["location"] == "/cy/account"
    assert "Eich cyfrif" in client.get("/cy/account").text


def test_sign_out_ends_the_session(client: Any, db: Any) -> None:
    user = make_user(db, Role.CANDIDATE)
    db.commit()
    _sign_in(client, user.email)
    assert client.get("/account").status_code == 200
    response = client.post_form("/sign-out")
    assert response.headers["location"] == "/signed-out"
    assert client.get("/account").status_code == 303


def test_session_cookie_flags(client: Any, db: Any) -> None:
    user = make_user(db, Role.CANDIDATE)
    db.commit()
    cookie = _sign_in(client, user.email).headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie


def test_session_cookie_is_secure_in_production(
    monkeypatch: pytest.MonkeyPatch, settings_env: None
) -> None:
    from fastapi.testclient import TestClient

    from hustings import db as dbmod
    from hustings.main import create_app

    monkeypatch.setenv("HUSTINGS_ENVIRONMENT", "production")
    dbmod.reset_caches()
    response = TestClient(create_app()).get("/sign-in")
    cookie = response.headers["set-cookie"].lower()
    assert "; secure" in cookie and "httponly" in cookie


def test_password_change_ends_other_sessions(db: Any, make_client: Any) -> None:
    user = make_user(db, Role.CANDIDATE)
    db.commit()
    here, elsewhere = make_client().login(user), make_client().login(user)
    response = here.post_form(
        "/account/password",
        {
            "current_password": DEFAULT_PASSWORD,
            "new_password": "amber kettle orbit lantern",
            "confirm_password": "amber kettle orbit lantern",
        },
    )
    assert response.status_code == 303
    assert here.get("/account").status_code == 200
    assert elsewhere.get("/account").status_code == 303


def test_a_lock_that_ends_tomorrow_gives_the_date_the_british_way() -> None:
    tomorrow_noon = (datetime.now(UTC) + timedelta(days=1)).replace(hour=12, minute=0)

    def shown(language: Language) -> str:
        def run() -> str:
            set_language(language)
            return uk_time(tomorrow_noon)

        return contextvars.copy_context().run(run)

    english = shown("en")
    assert re.fullmatch(r"\d\d:00 \d{1,2} [A-Z][a-z]+ 20\d\d", english)  # "12:00 25 November 2026"
    assert "," not in english  # not "November 25, 2026"
    assert re.search(r"\d\d:00 \d{1,2} \w+", shown("cy"))
