"""One-time codes: one step of drift either way, each step once, set up before use."""

from __future__ import annotations

from typing import Any

import pyotp
import pytest
from sqlalchemy import select

from hustings.audit.models import AuditEntry
from hustings.auth import second_factor as totp
from hustings.auth.roles import Role
from hustings.auth.rules import AccountError
from tests.factories.auth import DEFAULT_PASSWORD, make_user

NOW = 1_800_000_000.0  # a fixed moment, in the middle of a 30-second step


def test_current_and_neighbouring_steps_are_accepted_once(db: Any) -> None:
    user = make_user(db, Role.COORDINATOR)
    code = pyotp.TOTP(user.totp_secret).at(NOW)
    assert totp.check_code(session=db, user=user, code=code, now=NOW) == totp.CodeCheck.OK
    assert totp.check_code(session=db, user=user, code=code, now=NOW) == totp.CodeCheck.REUSED
    later = pyotp.TOTP(user.totp_secret).at(NOW + 30)
    assert totp.check_code(session=db, user=user, code=later, now=NOW) == totp.CodeCheck.OK
    # A code from before the last accepted step is a replay too.
    result = totp.check_code(session=db, user=user, code=code, now=NOW + 30)
    assert result == totp.CodeCheck.REUSED


@pytest.mark.parametrize("offset", [-90, -60, 60, 90])
def test_codes_further_away_are_wrong(db: Any, offset: int) -> None:
    user = make_user(db, Role.COORDINATOR)
    code = pyotp.TOTP(user.totp_secret).at(NOW + offset)
    assert totp.check_code(session=db, user=user, code=code, now=NOW) == totp.CodeCheck.WRONG
    assert user.totp_last_counter is None


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef"])
def test_malformed_codes(db: Any, code: str) -> None:
    user = make_user(db, Role.COORDINATOR)
    assert totp.check_code(session=db, user=user, code=code) == totp.CodeCheck.MALFORMED


def test_spaces_in_a_code_are_ignored(db: Any) -> None:
    user = make_user(db, Role.COORDINATOR)
    code = pyotp.TOTP(user.totp_secret).now()
    spaced = f"{code[:3]} {code[3:]}"
    assert totp.check_code(session=db, user=user, code=spaced) == totp.CodeCheck.OK


def test_enrolment_keeps_one_pending_secret_until_confirmed(db: Any) -> None:
    user = make_user(db, Role.ADMIN, with_totp=False)
    secret = totp.pending_secret(session=db, user=user)
    assert totp.pending_secret(session=db, user=user) == secret
    assert user.totp_secret is None
    wrong = totp.confirm_enrolment(session=db, user=user, code="000000", now=NOW)
    if pyotp.TOTP(secret).at(NOW) == "000000":  # pragma: no cover - one in a million
        return
    assert wrong == totp.CodeCheck.WRONG and user.totp_secret is None
    code = pyotp.TOTP(secret).at(NOW)
    assert totp.confirm_enrolment(session=db, user=user, code=code, now=NOW) == totp.CodeCheck.OK
    assert user.totp_secret == secret and user.totp_pending_secret is None
    # The code used to confirm cannot then be used to sign in.
    assert totp.check_code(session=db, user=user, code=code, now=NOW) == totp.CodeCheck.REUSED
    assert db.scalars(select(AuditEntry.action)).all() == ["auth.totp_enrol"]


def test_only_optional_roles_may_turn_it_off_and_only_with_the_password(db: Any) -> None:
    coordinator = make_user(db, Role.COORDINATOR)
    with pytest.raises(AccountError):
        totp.turn_off(session=db, user=coordinator, password=DEFAULT_PASSWORD)
    candidate = make_user(db, Role.CANDIDATE, with_totp=True)
    with pytest.raises(AccountError):
        totp.turn_off(session=db, user=candidate, password="not my password")
    assert candidate.totp_secret is not None
    totp.turn_off(session=db, user=candidate, password=DEFAULT_PASSWORD)
    assert candidate.totp_secret is None


def test_qr_code_is_inline_svg_with_a_name() -> None:
    svg = str(totp.qr_svg("otpauth://totp/Hustings:a%40b.org?secret=ABC", "QR <code>"))
    assert svg.startswith('<svg role="img"') and "<title>QR &lt;code&gt;</title>" in svg
    assert "style=" not in svg  # the CSP forbids inline styles


def test_provisioning_uri_names_the_service(db: Any) -> None:
    user = make_user(db, Role.ADMIN)
    uri = totp.provisioning_uri(user, user.totp_secret or "")
    assert uri.startswith("otpauth://totp/Hustings:") and "issuer=Hustings" in uri
