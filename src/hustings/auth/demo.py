"""Demo organisations and one user of every role, with fresh random passwords."""

from __future__ import annotations

import secrets

import pyotp
from sqlalchemy.orm import Session

from hustings.auth.models import Organisation, User
from hustings.auth.passwords import hash_password
from hustings.auth.roles import MFA_OPTIONAL_ROLES, OrgKind, Role
from hustings.demo.data import DemoAccount, DemoData

ORGANISATIONS = [
    (OrgKind.PLATFORM, "meta", "Meta", ["facebook", "instagram", "threads"]),
    (OrgKind.PLATFORM, "x-corp", "X", ["x"]),
    (OrgKind.PLATFORM, "google", "Google (YouTube)", ["youtube"]),
    (OrgKind.PLATFORM, "tiktok", "TikTok", ["tiktok"]),
    (OrgKind.PARTY, "green-valley-party", "Green Valley Party", []),
    (OrgKind.PARTY, "civic-alliance", "Civic Alliance", []),
    (OrgKind.POLICE_FORCE, "south-wales-police", "South Wales Police", []),
    (OrgKind.POLICE_FORCE, "metropolitan-police", "Metropolitan Police Service", []),
    (OrgKind.ELECTORAL_AUTHORITY, "cardiff-council", "Cardiff Council Electoral Services", []),
]

USERS = [
    (Role.CANDIDATE, "candidate@demo.hustings.localhost", "Carys Evans", None),
    (Role.CANDIDATE_STAFF, "agent@demo.hustings.localhost", "Aled Morgan", None),
    (Role.PARTY_OFFICER, "party@demo.hustings.localhost", "Priya Shah", "green-valley-party"),
    (
        Role.ELECTORAL_OFFICIAL,
        "electoral@demo.hustings.localhost",
        "Eleri Jones",
        "cardiff-council",
    ),
    (Role.PLATFORM_MEMBER, "meta@demo.hustings.localhost", "Morgan Lee", "meta"),
    (Role.PLATFORM_MEMBER, "x@demo.hustings.localhost", "Sam Taylor", "x-corp"),
    (
        Role.POLICE_LIAISON,
        "police@demo.hustings.localhost",
        "Sgt Rhys Powell",
        "south-wales-police",
    ),
    (Role.COORDINATOR, "coordinator@demo.hustings.localhost", "Fiona Grant", None),
    (Role.ADMIN, "admin@demo.hustings.localhost", "Alex Admin", None),
]


def load(session: Session, demo: DemoData) -> None:
    for kind, slug, name, platforms in ORGANISATIONS:
        org = Organisation(kind=kind, slug=slug, name=name, platform_slugs=platforms)
        session.add(org)
        demo.rows[f"org:{slug}"] = org
    session.flush()
    for role, email, full_name, org_slug in USERS:
        password = secrets.token_urlsafe(12)
        totp = None if role in MFA_OPTIONAL_ROLES else pyotp.random_base32()
        user = User(
            email=email,
            full_name=full_name,
            role=role,
            organisation_id=demo.rows[f"org:{org_slug}"].id if org_slug else None,
            password_hash=hash_password(password),
            totp_secret=totp,
        )
        session.add(user)
        demo.rows.setdefault(f"user:{role.value}", user)
        demo.rows[f"user:{email}"] = user
        demo.accounts.append(DemoAccount(role.value, email, password, totp or "offered"))
    session.flush()
