"""Builders for outreach: Democracy Club and staff CSV text, and a small registry."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from hustings.auth.models import Organisation, User
from hustings.auth.roles import OrgKind, Role
from hustings.outreach import imports
from hustings.outreach.models import Area, Person
from tests.factories.auth import make_org
from tests.factories.cases import person

DC_HEADER = [
    "person_id",
    "person_name",
    "election_id",
    "ballot_paper_id",
    "election_date",
    "party_id",
    "party_name",
    "post_label",
    "email",
    "twitter_username",
    "facebook_page_url",
    "instagram_url",
    "gender",
]
STAFF_HEADER = ["reference", "name", "role", "authority", "area", "party", "email", "language"]


def dc_row(n: int, **overrides: Any) -> dict[str, str]:
    """One Democracy Club row: candidate n, in one of four Welsh constituencies."""
    seats = [
        ("cardiff-east", "Cardiff East"),
        ("cardiff-west", "Cardiff West"),
        ("newport-east", "Newport East"),
        ("swansea-west", "Swansea West"),
    ]
    slug, label = seats[n % len(seats)]
    parties = ["Green Valley Party", "Civic Alliance", "Independent"]
    row = {
        "person_id": str(1000 + n),
        "person_name": f"Candidate {n}",
        "election_id": "parl.2029-05-03",
        "ballot_paper_id": f"parl.{slug}.2029-05-03",
        "election_date": "2029-05-03",
        "party_id": f"PP{n % 3}",
        "party_name": parties[n % len(parties)],
        "post_label": label,
        "email": f"candidate{n}@example.org" if n % 5 else "",
        "twitter_username": f"cand{n}" if n % 2 else "",
        "facebook_page_url": f"https://facebook.com/cand{n}" if n % 3 == 0 else "",
        "instagram_url": "",
        "gender": "",
    }
    row.update({k: str(v) for k, v in overrides.items()})
    return row


def to_csv(rows: Iterable[dict[str, str]], header: list[str] | None = None) -> str:
    rows = list(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header or list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def dc_csv(count: int, **overrides: Any) -> str:
    return to_csv([dc_row(n, **overrides) for n in range(count)], DC_HEADER)


@dataclass
class Registry:
    """Two parties and two electoral authorities with their officers, candidates in three
    constituencies (two run by Cardiff, one by Newport), an agent and electoral staff."""

    green: Organisation
    civic: Organisation
    cardiff: Organisation
    newport: Organisation
    green_officer: User
    civic_officer: User
    cardiff_official: User
    newport_official: User
    coordinator: User
    admin: User
    candidate_user: User
    platform_member: User
    police_liaison: User
    staff_user: User

    def person(self, db: Session, key: str) -> Person:
        found = db.scalar(select(Person).where(Person.key == key))
        assert found is not None, key
        return found


REGISTRY_CSV = to_csv(
    [
        dc_row(
            0, person_name="Gwen Green", party_name="Green Valley Party", email="gwen@example.org"
        ),  # cardiff-east
        dc_row(1, person_name="Cai Civic", party_name="Civic Alliance"),  # cardiff-west
        dc_row(2, person_name="Nerys Newport", party_name="Green Valley Party"),  # newport-east
        dc_row(3, person_name="Ifan Independent", party_name="Independent"),  # swansea-west
        dc_row(5, person_name="Wil West", party_name="Civic Alliance", email=""),  # cardiff-west
    ],
    DC_HEADER,
)
REGISTRY_STAFF = to_csv(
    [
        {"reference": "RO-C", "name": "Rhian Roberts", "role": "returning_officer",
         "authority": "cardiff-council", "area": "Cardiff East", "email": "rhian@example.org"},
        {"reference": "RO-N", "name": "Nia Newport", "role": "returning_officer",
         "authority": "newport-council", "area": "Newport East", "email": "nian@example.org"},
        {"reference": "AG-G", "name": "Alun Agent", "role": "agent", "area": "Cardiff East",
         "party": "Green Valley Party", "email": "alun@example.org"},
    ],
    STAFF_HEADER,
)  # fmt: skip


def make_registry(db: Session) -> Registry:
    green = make_org(db, OrgKind.PARTY, slug="green-valley-party")
    civic = make_org(db, OrgKind.PARTY, slug="civic-alliance")
    cardiff = make_org(db, OrgKind.ELECTORAL_AUTHORITY, slug="cardiff-council")
    newport = make_org(db, OrgKind.ELECTORAL_AUTHORITY, slug="newport-council")
    imports.run_import(session=db, kind="candidates", data=REGISTRY_CSV)
    imports.run_import(session=db, kind="staff", data=REGISTRY_STAFF)
    db.execute(update(Area).where(Area.slug == "parl.cardiff-west").values(authority_id=cardiff.id))
    registry = Registry(
        green=green,
        civic=civic,
        cardiff=cardiff,
        newport=newport,
        green_officer=person(db, Role.PARTY_OFFICER, green),
        civic_officer=person(db, Role.PARTY_OFFICER, civic),
        cardiff_official=person(db, Role.ELECTORAL_OFFICIAL, cardiff),
        newport_official=person(db, Role.ELECTORAL_OFFICIAL, newport),
        coordinator=person(db, Role.COORDINATOR),
        admin=person(db, Role.ADMIN),
        candidate_user=person(db, Role.CANDIDATE),
        platform_member=person(db, Role.PLATFORM_MEMBER),
        police_liaison=person(db, Role.POLICE_LIAISON),
        staff_user=person(db, Role.CANDIDATE_STAFF),
    )
    db.commit()
    return registry
