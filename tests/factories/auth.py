"""Builders for organisations, users and API keys."""

from __future__ import annotations

import itertools

import pyotp
from sqlalchemy.orm import Session

from hustings.auth.apikeys import IssuedKey, issue_key
from hustings.auth.models import Organisation, User
from hustings.auth.passwords import hash_password
from hustings.auth.roles import MFA_OPTIONAL_ROLES, ROLE_ORG_KIND, OrgKind, Role

_counter = itertools.count(1)
DEFAULT_PASSWORD = "correct horse battery staple"


def make_org(
    db: Session,
    kind: OrgKind = OrgKind.PLATFORM,
    slug: str | None = None,
    name: str | None = None,
    platform_slugs: list[str] | None = None,
) -> Organisation:
    n = next(_counter)
    org = Organisation(
        kind=kind,
        slug=slug or f"{kind.value}-{n}",
        name=name or f"{kind.value.replace('_', ' ').title()} {n}",
        platform_slugs=platform_slugs
        if platform_slugs is not None
        else (["facebook"] if kind == OrgKind.PLATFORM else []),
    )
    db.add(org)
    db.flush()
    return org


def make_user(
    db: Session,
    role: Role = Role.CANDIDATE,
    organisation: Organisation | None = None,
    email: str | None = None,
    password: str = DEFAULT_PASSWORD,
    with_totp: bool | None = None,
) -> User:
    """A user of `role`; organisation roles get an organisation of the right kind if none given."""
    n = next(_counter)
    if organisation is None and role in ROLE_ORG_KIND:
        organisation = make_org(db, ROLE_ORG_KIND[role])
    if with_totp is None:
        with_totp = role not in MFA_OPTIONAL_ROLES
    user = User(
        email=email or f"{role.value}{n}@example.org",
        full_name=f"{role.value.replace('_', ' ').title()} {n}",
        role=role,
        organisation_id=organisation.id if organisation else None,
        password_hash=hash_password(password),
        totp_secret=pyotp.random_base32() if with_totp else None,
    )
    db.add(user)
    db.flush()
    return user


def make_api_key(
    db: Session, organisation: Organisation | None = None, scopes: list[str] | None = None
) -> IssuedKey:
    organisation = organisation or make_org(db, OrgKind.PLATFORM)
    from hustings.auth.scopes import ALL_SCOPES

    return issue_key(
        session=db,
        organisation=organisation,
        name="test key",
        scopes=scopes or list(ALL_SCOPES),
    )
