"""Tables for the people registry and for reaching them.

- `Election` (a Democracy Club election id such as ``parl.2024-07-04``),
- `Area` (a constituency, ward or other post; its police force and electoral authority),
- `Party` (optionally linked to the party's organisation, so its officers see its people),
- `Person` (a candidate, agent or member of electoral staff; optionally linked to a user),
- `Position` (what a person is in an election: a candidate on a ballot for a party, an agent
  for a party, or staff of an electoral authority),
- `SocialAccount` (a candidate's known accounts, so that platforms can protect them),
- `Invitation` (one email link or letter code; only a hash of the secret is kept).

Reach is tracked on the person (first invited, bounced, signed in, acknowledged) so that the
dashboard reads one row per person. See docs/outreach.md.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hustings.db import Base, UTCDateTime, enum_column, utcnow


class AreaKind(StrEnum):
    CONSTITUENCY = "constituency"
    WARD = "ward"
    OTHER = "other"


class PersonKind(StrEnum):
    CANDIDATE = "candidate"
    AGENT = "agent"
    ELECTORAL_STAFF = "electoral_staff"


class PositionRole(StrEnum):
    """What someone does in an election. Candidates come from Democracy Club; the rest from
    the staff import."""

    CANDIDATE = "candidate"
    AGENT = "agent"
    RETURNING_OFFICER = "returning_officer"
    DEPUTY_RETURNING_OFFICER = "deputy_returning_officer"
    ELECTORAL_SERVICES = "electoral_services"
    POLLING_STATION = "polling_station"
    COUNT = "count"


STAFF_ROLES: frozenset[PositionRole] = frozenset(PositionRole) - {
    PositionRole.CANDIDATE,
    PositionRole.AGENT,
}


class Channel(StrEnum):
    EMAIL = "email"
    LETTER = "letter"


class Election(Base):
    """One election, named by its Democracy Club id (``local.cardiff.2027-05-06``)."""

    __tablename__ = "outreach_elections"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    election_date: Mapped[date | None] = mapped_column(Date)


class Area(Base):
    """A constituency, ward or other post that people stand for or work in.

    `force_slug` is the police force (hustings.cases.geography slugs) when one force covers
    the area; `authority_id` the electoral authority organisation that runs it, whose
    officials see its people.
    """

    __tablename__ = "outreach_areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[AreaKind] = mapped_column(enum_column(AreaKind))
    name: Mapped[str] = mapped_column(String(200))
    force_slug: Mapped[str | None] = mapped_column(String(64))
    authority_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )


class Party(Base):
    """A political party as Democracy Club names it; `organisation_id` links its officers."""

    __tablename__ = "outreach_parties"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )


class Person(Base):
    """Someone we want to reach. `key` is stable across imports: ``dc:<person_id>`` for
    Democracy Club candidates, ``staff:<reference>`` for the staff list."""

    __tablename__ = "outreach_people"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[PersonKind] = mapped_column(enum_column(PersonKind), index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    language: Mapped[str] = mapped_column(String(2), default="en")
    postal_address: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), unique=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Reach, newest state only (the invitations table keeps the history).
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    bounced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    signed_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_version: Mapped[str | None] = mapped_column(String(64))
    reminders_sent: Mapped[int] = mapped_column(Integer, default=0)
    last_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    positions: Mapped[list[Position]] = relationship(
        back_populates="person", cascade="all, delete-orphan", passive_deletes=True
    )
    accounts: Mapped[list[SocialAccount]] = relationship(
        back_populates="person", cascade="all, delete-orphan", passive_deletes=True
    )


class Position(Base):
    """A person's part in an election. `key` is unique per person: the ballot paper id for
    a candidacy, the role (and area) for staff and agents."""

    __tablename__ = "outreach_positions"
    __table_args__ = (UniqueConstraint("person_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("outreach_people.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(200))
    role: Mapped[PositionRole] = mapped_column(enum_column(PositionRole), index=True)
    election_id: Mapped[int | None] = mapped_column(
        ForeignKey("outreach_elections.id", ondelete="RESTRICT"), index=True
    )
    area_id: Mapped[int | None] = mapped_column(
        ForeignKey("outreach_areas.id", ondelete="RESTRICT"), index=True
    )
    party_id: Mapped[int | None] = mapped_column(
        ForeignKey("outreach_parties.id", ondelete="RESTRICT"), index=True
    )
    # Electoral staff work for an authority even where no single area is named.
    authority_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )

    person: Mapped[Person] = relationship(back_populates="positions")
    election: Mapped[Election | None] = relationship()
    area: Mapped[Area | None] = relationship()
    party: Mapped[Party | None] = relationship()


class SocialAccount(Base):
    """A candidate's known account on a platform (a handle or profile address)."""

    __tablename__ = "outreach_social_accounts"
    __table_args__ = (UniqueConstraint("person_id", "platform"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("outreach_people.id", ondelete="CASCADE"), index=True
    )
    platform: Mapped[str] = mapped_column(String(32), index=True)
    value: Mapped[str] = mapped_column(String(500))

    person: Mapped[Person] = relationship(back_populates="accounts")


class Invitation(Base):
    """One invitation: an emailed link or a letter's code. Only an HMAC of the secret is
    kept; issuing a newer one supersedes it, and using it ends it."""

    __tablename__ = "outreach_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("outreach_people.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[Channel] = mapped_column(enum_column(Channel))
    language: Mapped[str] = mapped_column(String(2))
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    reminder: Mapped[bool] = mapped_column(default=False)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    bounced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
