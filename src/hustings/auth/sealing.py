"""Sealed text: secrets the service must read back (TOTP seeds), kept encrypted in the database.

A password is hashed because it is only ever compared; a TOTP seed has to be read to check a
code, so it is encrypted instead. A copy of the database (a backup, a replica, a leaked dump)
then holds no one's second factor: the key lives in the environment, not in the database.

Fernet (from `cryptography`: AES-128-CBC with HMAC-SHA256, a random IV each time) under a key
derived from HUSTINGS_SECRET_KEY with HKDF, so the application secret itself is never used
as a cipher key. Rotating the secret: move the old one to HUSTINGS_PREVIOUS_SECRET_KEYS,
seeds sealed under it still open, and `hustings users reseal` seals them all under the new one.
"""

from __future__ import annotations

import base64
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import String
from sqlalchemy.types import TypeDecorator

from hustings.config import get_settings

# Binds the derived key to this one use: another use of the secret derives another key.
_PURPOSE = b"hustings sealed text v1"


class SealBroken(ValueError):
    """A sealed value that no configured key opens: the secret key changed without rotation."""


def _fernet(secret: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_PURPOSE).derive(
        secret.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


@lru_cache(maxsize=4)
def _sealer(secrets: tuple[str, ...]) -> MultiFernet:
    """Seals with the first secret's key, opens with any of them."""
    return MultiFernet([_fernet(secret) for secret in secrets])


def current_sealer() -> MultiFernet:
    settings = get_settings()
    return _sealer((settings.secret_key, *settings.previous_secret_keys))


def seal(text: str) -> str:
    return current_sealer().encrypt(text.encode()).decode("ascii")


def unseal(token: str) -> str:
    try:
        return current_sealer().decrypt(token.encode("ascii")).decode()
    except InvalidToken as error:
        raise SealBroken(
            "a sealed secret could not be opened: HUSTINGS_SECRET_KEY changed; put the old "
            "value in HUSTINGS_PREVIOUS_SECRET_KEYS"
        ) from error


def reseal(token: str) -> str:
    """The same secret sealed under the current key (after a rotation)."""
    try:
        return current_sealer().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken as error:
        raise SealBroken("a sealed secret could not be opened with any configured key") from error


class SealedText(TypeDecorator[str]):
    """A text column stored sealed and read back in the clear; it cannot be searched on."""

    # A 32-character seed seals to 140 characters; room for longer secrets.
    impl = String(255)
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        return None if value is None else seal(value)

    def process_result_value(self, value: str | None, dialect: Any) -> str | None:
        return None if value is None else unseal(value)
