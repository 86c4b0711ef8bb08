"""Password reset links: signed, expiring, one-time tokens (itsdangerous).

A token names the user, a nonce stored on the user and a fingerprint of their password hash.
Issuing a new token replaces the nonce (older links stop working); using one clears it, and
changing the password changes the fingerprint, so a link works once, and only the newest.
Nothing about the token is stored except the nonce, and tokens are never logged.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from hustings.audit.service import record
from hustings.auth.models import User
from hustings.config import get_settings

SALT = "hustings.password-reset"
MAX_AGE_SECONDS = 3600


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(get_settings().secret_key, salt=SALT)


def _fingerprint(password_hash: str | None) -> str:
    return hashlib.sha256((password_hash or "no-password").encode()).hexdigest()[:16]


def issue_token(*, session: Session, user: User) -> str:
    """A new reset token for `user`; any earlier one stops working."""
    user.password_reset_nonce = secrets.token_urlsafe(16)
    session.flush()
    record(
        session=session,
        actor="system",
        action="auth.password_reset_link",
        subject_type="user",
        subject_id=user.id,
    )
    payload = {"u": user.id, "n": user.password_reset_nonce, "f": _fingerprint(user.password_hash)}
    return _serializer().dumps(payload)


def user_for_token(*, session: Session, token: str, max_age: int = MAX_AGE_SECONDS) -> User | None:
    """The user a still-valid token belongs to, or None (expired, used, superseded, forged)."""
    try:
        payload: Any = _serializer().loads(token, max_age=max_age)
    except BadData:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        return None
    user = session.get(User, payload["u"])
    if user is None or not user.is_active or user.password_reset_nonce is None:
        return None
    if not hmac.compare_digest(str(payload.get("n", "")), user.password_reset_nonce):
        return None
    if not hmac.compare_digest(str(payload.get("f", "")), _fingerprint(user.password_hash)):
        return None
    return user


def reset_password(*, session: Session, token: str, password: str) -> User | None:
    """Set a new password through a reset link; None when the link no longer works.

    Raises AccountError for a refused password, leaving the link usable for another try.
    """
    from hustings.auth.service import set_password

    user = user_for_token(session=session, token=token)
    if user is None:
        return None
    set_password(session=session, user=user, password=password, actor=f"user:{user.id}")
    return user
