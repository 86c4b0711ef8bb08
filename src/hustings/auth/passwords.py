"""Password hashing with argon2 through pwdlib."""

from __future__ import annotations

from functools import cache

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

MIN_PASSWORD_LENGTH = 12


@cache
def _hasher() -> PasswordHash:
    return PasswordHash((Argon2Hasher(),))


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    """Constant work whether or not the account exists, so timing reveals nothing."""
    if password_hash is None:
        _hasher().hash(password)
        return False
    return _hasher().verify(password, password_hash)


def needs_rehash(password_hash: str) -> bool:
    return _hasher().current_hasher.check_needs_rehash(password_hash)
