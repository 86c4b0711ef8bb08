"""What the account rules accept: email addresses, passwords, names, slugs.

Each check returns a message a person can act on, or None. Messages are translated when made,
in the language of the request, job or command that asked.
"""

from __future__ import annotations

import re

from hustings.auth.passwords import MIN_PASSWORD_LENGTH
from hustings.web.i18n import gettext as _

MAX_PASSWORD_LENGTH = 128
MAX_EMAIL_LENGTH = 254
MAX_NAME_LENGTH = 200
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Passwords long enough to pass the length rule yet near the top of every cracking list.
# Compared without case, spaces or punctuation.
COMMON_PASSWORDS: frozenset[str] = frozenset(
    {
        "123456789012",
        "1234567890123",
        "12345678901234",
        "123456789123",
        "1q2w3e4r5t6y",
        "1qaz2wsx3edc",
        "abc123abc123",
        "abcdefghijkl",
        "administrator",
        "changemenow",
        "correcthorsebatterystaple",
        "iloveyouiloveyou",
        "letmeinletmein",
        "passwordpassword",
        "qazwsxedcrfv",
        "qwertyuiopasdfgh",
        "qwertyuiop",
        "qwertyuiopas",
        "qwertyqwerty",
        "trustno1trustno1",
        "zaq12wsxcde3",
        "zxcvbnmasdfg",
    }
)
# Words that, followed only by digits, make a guessable password (password2024...).
COMMON_STEMS: frozenset[str] = frozenset(
    {
        "admin",
        "candidate",
        "changeme",
        "election",
        "football",
        "hustings",
        "iloveyou",
        "letmein",
        "monkey",
        "password",
        "qwerty",
        "sunshine",
        "welcome",
    }
)


class AccountError(Exception):
    """Input the rules refuse: `errors` maps each field to a message a person can act on."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors

    @classmethod
    def one(cls, field: str, message: str) -> AccountError:
        return cls({field: message})


def normalise_email(email: str) -> str:
    """One spelling per address, so that uniqueness and sign-in ignore case and spaces."""
    return email.strip().lower()


def email_problem(email: str) -> str | None:
    if not email:
        return _("Enter an email address")
    if len(email) > MAX_EMAIL_LENGTH or not _EMAIL.match(email):
        return _("Enter an email address in the correct format, like name@example.com")
    return None


def _squash(password: str) -> str:
    return re.sub(r"[\W_]+", "", password.lower())


def password_problem(password: str, *, email: str | None = None) -> str | None:
    """Long enough, not absurdly long, and not one that attackers try first."""
    if not password:
        return _("Enter a password")
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("Your password must be at least %(n)s characters long", n=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        return _("Your password must be %(n)s characters or fewer", n=MAX_PASSWORD_LENGTH)
    squashed = _squash(password)
    stem = squashed.rstrip("0123456789")
    if (
        squashed in COMMON_PASSWORDS
        or stem in COMMON_STEMS
        or len(set(squashed)) <= 2
        or (email is not None and squashed in {_squash(email), _squash(email.split("@")[0])})
    ):
        return _("This password is too easy to guess. Choose a longer phrase of unrelated words")
    return None


def name_problem(name: str) -> str | None:
    if not name:
        return _("Enter a name")
    if len(name) > MAX_NAME_LENGTH:
        return _("The name must be %(n)s characters or fewer", n=MAX_NAME_LENGTH)
    return None


def slug_problem(slug: str) -> str | None:
    if not slug:
        return _("Enter a short name for web addresses")
    if len(slug) > 64 or not _SLUG.match(slug):
        return _(
            "The short name must use only lower-case letters, numbers and single hyphens, "
            "like south-wales-police"
        )
    return None
