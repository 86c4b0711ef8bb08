"""API keys: `hk_<prefix>_<secret>`; the prefix finds the row, a SHA-256 of the secret checks it.

Keys are long random strings, so a fast hash is enough (unlike passwords, they cannot be guessed
from a dictionary) and checking one costs microseconds on every API call.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from hustings.auth.models import ApiKey, Organisation
from hustings.auth.roles import OrgKind
from hustings.auth.scopes import ALL_SCOPES
from hustings.db import utcnow

KEY_PREFIX = "hk"


@dataclass(frozen=True)
class IssuedKey:
    """A new key: `token` is shown once and never stored."""

    api_key: ApiKey
    token: str


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_key(
    *,
    session: Session,
    organisation: Organisation,
    name: str,
    scopes: list[str],
    created_by_id: int | None = None,
) -> IssuedKey:
    """Create a key for a platform organisation with the given scopes."""
    if organisation.kind != OrgKind.PLATFORM:
        raise ValueError("API keys are only issued to platform organisations")
    unknown = sorted(set(scopes) - set(ALL_SCOPES))
    if unknown or not scopes:
        raise ValueError(f"unknown or missing scopes: {unknown or 'none given'}")
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    key = ApiKey(
        organisation_id=organisation.id,
        name=name,
        prefix=prefix,
        secret_hash=_digest(secret),
        scopes=sorted(set(scopes)),
        created_by_id=created_by_id,
    )
    session.add(key)
    session.flush()
    return IssuedKey(api_key=key, token=f"{KEY_PREFIX}_{prefix}_{secret}")


def find_key(*, session: Session, token: str) -> ApiKey | None:
    """The active key matching a presented token, or None."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        return None
    _, prefix, secret = parts
    key = session.scalar(select(ApiKey).where(ApiKey.prefix == prefix))
    if key is None or not hmac.compare_digest(key.secret_hash, _digest(secret)):
        return None
    if key.revoked_at is not None:
        return None
    return key


def revoke_key(*, session: Session, key: ApiKey) -> None:
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        session.flush()
