"""Reset links work once, for an hour, and only the newest one."""

from __future__ import annotations

import time
from typing import Any

import pytest
from itsdangerous import TimestampSigner

from hustings.auth import service
from hustings.auth.passwords import verify_password
from hustings.auth.resets import issue_token, reset_password, user_for_token
from hustings.auth.roles import Role
from hustings.auth.rules import AccountError
from tests.factories.auth import make_user

NEW = "amber kettle orbit lantern"


def test_a_token_works_once(db: Any) -> None:
    user = make_user(db, Role.CANDIDATE)
    epoch = user.session_epoch
    token = issue_token(session=db, user=user)
    assert user_for_token(session=db, token=token) is user
    assert reset_password(session=db, token=token, password=NEW) is user
    assert verify_password(NEW, user.password_hash)
    assert user.session_epoch == epoch + 1
    assert user_for_token(session=db, token=token) is None
    assert reset_password(session=db, token=token, password="another fine phrase") is None


def test_a_newer_token_supersedes_an_older_one(db: Any) -> None:
    user = make_user(db, Role.CANDIDATE)
    first = issue_token(session=db, user=user)
    second = issue_token(session=db, user=user)
    assert user_for_token(session=db, token=first) is None
    assert user_for_token(session=db, token=second) is user


def test_changing_the_password_another_way_kills_the_token(db: Any) -> None:
    user = make_user(db, Role.CANDIDATE)
    token = issue_token(session=db, user=user)
    service.set_password(session=db, user=user, password=NEW, actor="system")
    assert user_for_token(session=db, token=token) is None


def _issued_ago(db: Any, user: Any, seconds: int) -> str:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) - seconds)
        return issue_token(session=db, user=user)


def test_a_token_expires_after_an_hour(db: Any) -> None:
    user = make_user(db, Role.CANDIDATE)
    assert user_for_token(session=db, token=_issued_ago(db, user, 3590)) is user
    assert user_for_token(session=db, token=_issued_ago(db, user, 3610)) is None


@pytest.mark.parametrize("token", ["", "garbage", "eyJ1Ijo1fQ.AAAA.BBBB"])
def test_forged_tokens_fail(db: Any, token: str) -> None:
    make_user(db, Role.CANDIDATE)
    assert user_for_token(session=db, token=token) is None


def test_a_refused_password_leaves_the_token_usable(db: Any) -> None:
    user = make_user(db, Role.CANDIDATE)
    token = issue_token(session=db, user=user)
    with pytest.raises(AccountError):
        reset_password(session=db, token=token, password="short")
    assert user_for_token(session=db, token=token) is user


def test_reset_unlocks_the_account(db: Any) -> None:
    user = make_user(db, Role.CANDIDATE)
    for n in range(5):
        service.authenticate(session=db, email=user.email, password=f"wrong {n}")
    assert service.is_locked(user)
    reset_password(session=db, token=issue_token(session=db, user=user), password=NEW)
    assert service.authenticate(session=db, email=user.email, password=NEW).ok
