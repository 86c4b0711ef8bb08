"""Builders for the case flow: a small world of people and organisations, images, drafts."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from PIL import Image
from sqlalchemy.orm import Session

from hustings.auth.models import Delegation, Organisation, User
from hustings.auth.roles import OrgKind, Role
from hustings.cases import service
from hustings.cases.models import Case
from hustings.cases.permissions import Acting
from tests.factories.auth import make_api_key, make_org, make_user


@dataclass
class World:
    """A candidate, their delegated staff, two member platforms, a police force, and one of
    every other role; plus outsiders of each kind who must be refused."""

    candidate: User
    other_candidate: User
    staff: User
    undelegated_staff: User
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


def make_world(db: Session) -> World:
    meta = make_org(db, OrgKind.PLATFORM, slug="meta", platform_slugs=["facebook", "instagram"])
    xcorp = make_org(db, OrgKind.PLATFORM, slug="x-corp", platform_slugs=["x"])
    force = make_org(db, OrgKind.POLICE_FORCE, slug="south-wales-police", name="South Wales Police")
    other_force = make_org(db, OrgKind.POLICE_FORCE, slug="gwent-police", name="Gwent Police")
    candidate = make_user(db, Role.CANDIDATE)
    staff = make_user(db, Role.CANDIDATE_STAFF)
    db.add(Delegation(candidate_id=candidate.id, staff_id=staff.id))
    world = World(
        candidate=candidate,
        other_candidate=make_user(db, Role.CANDIDATE),
        staff=staff,
        undelegated_staff=make_user(db, Role.CANDIDATE_STAFF),
        meta=meta,
        xcorp=xcorp,
        meta_member=make_user(db, Role.PLATFORM_MEMBER, organisation=meta),
        x_member=make_user(db, Role.PLATFORM_MEMBER, organisation=xcorp),
        meta_key=make_api_key(db, meta).token,
        x_key=make_api_key(db, xcorp).token,
        force=force,
        other_force=other_force,
        liaison=make_user(db, Role.POLICE_LIAISON, organisation=force),
        other_liaison=make_user(db, Role.POLICE_LIAISON, organisation=other_force),
        coordinator=make_user(db, Role.COORDINATOR),
        admin=make_user(db, Role.ADMIN),
        party_officer=make_user(db, Role.PARTY_OFFICER),
        electoral_official=make_user(db, Role.ELECTORAL_OFFICIAL),
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


def submitted_case(db: Session, candidate: User, *, threat: bool = True) -> Case:
    """A sent case: one threat on Facebook and one insult on X."""
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
