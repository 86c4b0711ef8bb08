"""API keys: `hk_<prefix>_<secret>`; the prefix finds the row, a SHA-256 of the secret checks it.

Keys are long random strings, so a fast hash is enough (unlike passwords, they cannot be guessed
from a dictionary) and checking one costs microseconds on every API call. Every call reads the
key's row, so a revoked key is refused at once; its last use is written behind
(hustings.writebehind), so that an API read never waits for a write.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Table, bindparam, or_, select, update
from sqlalchemy.orm import Session, joinedload

from hustings import writebehind
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
    key = session.scalar(
        select(ApiKey).where(ApiKey.prefix == prefix).options(joinedload(ApiKey.organisation))
    )
    if key is None or not hmac.compare_digest(key.secret_hash, _digest(secret)):
        return None
    if key.revoked_at is not None:
        return None
    return key


_KEYS = cast(Table, ApiKey.__table__)
_ORGS = cast(Table, Organisation.__table__)
_KEY_WITH_ORG = (
    select(*(c.label(f"k_{c.name}") for c in _KEYS.c), *(c.label(f"o_{c.name}") for c in _ORGS.c))
    .join_from(_KEYS, _ORGS, _ORGS.c.id == _KEYS.c.organisation_id)
    .where(_KEYS.c.prefix == bindparam("prefix"))
)


def find_key_snapshot(*, session: Session, token: str) -> ApiKey | None:
    """find_key() for read-only requests: the same checks, on a copy of the key (with its
    organisation) read in one plain SQL query, outside the session. On the busiest route,
    lookups, the ORM's entity loading cost more than the lookup itself. Never change or
    add the copy to a session.
    """
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        return None
    _, prefix, secret = parts
    row = session.execute(_KEY_WITH_ORG, {"prefix": prefix}).mappings().first()
    if row is None or not hmac.compare_digest(row["k_secret_hash"], _digest(secret)):
        return None
    if row["k_revoked_at"] is not None:
        return None
    key = ApiKey(**{c.key: row[f"k_{c.name}"] for c in _KEYS.c})
    key.organisation = Organisation(**{c.key: row[f"o_{c.name}"] for c in _ORGS.c})
    return key


def revoke_key(*, session: Session, key: ApiKey) -> None:
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        session.flush()


def _write_last_uses(session: Session, uses: Sequence[tuple[int, datetime]]) -> None:
    latest: dict[int, datetime] = {}
    for key_id, at in uses:
        if key_id not in latest or latest[key_id] < at:
            latest[key_id] = at
    table = cast(Table, ApiKey.__table__)
    session.execute(
        update(table)
        .where(table.c.id == bindparam("b_id"))
        .where(or_(table.c.last_used_at.is_(None), table.c.last_used_at < bindparam("b_at")))
        .values(last_used_at=bindparam("b_at")),
        [{"b_id": key_id, "b_at": at} for key_id, at in sorted(latest.items())],
    )


_LAST_USES = writebehind.channel("api_key_last_use", order=10, write=_write_last_uses)


def note_use(key: ApiKey) -> None:
    """Record that the key was used now (written within a moment; later uses win)."""
    _LAST_USES.submit((key.id, utcnow()))
