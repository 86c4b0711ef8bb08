"""Builders for the case flow: a small world of people and organisations, images, drafts."""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass
from typing import Any

from PIL import Image
from sqlalchemy.orm import Session

from hustings.auth.models import Delegation, Organisation, User
from hustings.auth.roles import ROLE_ORG_KIND, OrgKind, Role
from hustings.cases import service
from hustings.cases.models import Case
from hustings.cases.permissions import Acting
from hustings.db import utcnow
from tests.factories.auth import make_api_key, make_org


@dataclass
class World:
    """A candidate, their delegated staff, two member platforms, a police force, and one of
    every other role; plus outsiders of each kind who must be refused (staff never named,
    staff whose consent the candidate withdrew, the other platform, the other force)."""

    candidate: User
    other_candidate: User
    staff: User
    undelegated_staff: User
    revoked_staff: User
    meta: Organisation
    xcorp: Organisation
    meta_member: User
    x_member: User
    meta_key: str
    x_key: str
    force: Organisation
    other_force: Organisation
    liaison: User
    other_liaison: User
    coordinator: User
    admin: User
    party_officer: User
    electoral_official: User


_people = itertools.count(1)


def person(db: Session, role: Role, organisation: Organisation | None = None) -> User:
    """A user who signs in by session in tests: no password, so no slow argon2 hashing."""
    n = next(_people)
    if organisation is None and role in ROLE_ORG_KIND:
        organisation = make_org(db, ROLE_ORG_KIND[role])
    user = User(
        email=f"{role.value}.{n}@cases.example.org",
        full_name=f"{role.value.replace('_', ' ').title()} {n}",
        role=role,
        organisation_id=organisation.id if organisation else None,
        password_hash=None,
    )
    db.add(user)
    db.flush()
    return user


def make_world(db: Session) -> World:
    meta = make_org(db, OrgKind.PLATFORM, slug="meta", platform_slugs=["facebook", "instagram"])
    xcorp = make_org(db, OrgKind.PLATFORM, slug="x-corp", platform_slugs=["x"])
    force = make_org(db, OrgKind.POLICE_FORCE, slug="south-wales-police", name="South Wales Police")
    other_force = make_org(db, OrgKind.POLICE_FORCE, slug="gwent-police", name="Gwent Police")
    candidate = person(db, Role.CANDIDATE)
    staff = person(db, Role.CANDIDATE_STAFF)
    db.add(Delegation(candidate_id=candidate.id, staff_id=staff.id))
    revoked_staff = person(db, Role.CANDIDATE_STAFF)
    db.add(Delegation(candidate_id=candidate.id, staff_id=revoked_staff.id, revoked_at=utcnow()))
    world = World(
        candidate=candidate,
        other_candidate=person(db, Role.CANDIDATE),
        staff=staff,
        undelegated_staff=person(db, Role.CANDIDATE_STAFF),
        revoked_staff=revoked_staff,
        meta=meta,
        xcorp=xcorp,
        meta_member=person(db, Role.PLATFORM_MEMBER, organisation=meta),
        x_member=person(db, Role.PLATFORM_MEMBER, organisation=xcorp),
        meta_key=make_api_key(db, meta).token,
        x_key=make_api_key(db, xcorp).token,
        force=force,
        other_force=other_force,
        liaison=person(db, Role.POLICE_LIAISON, organisation=force),
        other_liaison=person(db, Role.POLICE_LIAISON, organisation=other_force),
        coordinator=person(db, Role.COORDINATOR),
        admin=person(db, Role.ADMIN),
        party_officer=person(db, Role.PARTY_OFFICER),
        electoral_official=person(db, Role.ELECTORAL_OFFICIAL),
    )
    db.flush()
    return world


def image_bytes(
    fmt: str = "PNG", size: tuple[int, int] = (64, 48), color: Any = (200, 30, 30), **save: Any
) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format=fmt, **save)
    return out.getvalue()


def jpeg_with_gps() -> bytes:
    """A JPEG carrying EXIF with a camera make and a GPS position, as phone photos do."""
    image = Image.new("RGB", (40, 30), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = {1: "N", 2: (51.0, 29.0, 0.0), 3: "W", 4: (3.0, 10.0, 0.0)}
    exif[0x8825] = gps  # GPSInfo
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def draft(db: Session, candidate: User, **details: Any) -> Case:
    acting = Acting(candidate, candidate.id)
    case = service.start_case(session=db, acting=acting)
    service.update_details(
        session=db,
        case=case,
        acting=acting,
        details=service.Details(
            summary=details.pop("summary", "Abusive replies after the hustings"), **details
        ),
    )
    return case


def submitted_case(
    db: Session, candidate: User, *, threat: bool = True, image: bool = False
) -> Case:
    """A sent case: one threat on Facebook and one insult on X (and a screenshot on Facebook)."""
    acting = Acting(candidate, candidate.id)
    case = draft(db, candidate, platforms=["facebook", "x"], accounts=["@troll"])
    items = service.add_texts(
        session=db,
        case=case,
        acting=acting,
        entries=[
            service.NewText(
                text="I know where you live and I will hurt you", platform_slug="facebook"
            ),
            service.NewText(text="You are a disgrace and an idiot", platform_slug="x"),
        ],
    )
    if image:
        service.add_files(
            session=db,
            case=case,
            acting=acting,
            files=[("s.png", image_bytes())],
            platform_slug="facebook",
        )
    service.set_labels(
        session=db,
        case=case,
        acting=acting,
        labels={items[0].id: ["threat"] if threat else ["harassment"], items[1].id: ["harassment"]},
    )
    db.refresh(case)
    service.submit_case(session=db, case=case, acting=acting)
    db.flush()
    return case
