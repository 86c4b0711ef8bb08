"""Tables for the signal exchange: signals, sharing groups, opinions, receipts and the feed
counter.

A signal carries a hash, a normalised URL, an account or a text fingerprint, never content and
never a candidate's personal data. Every change to a signal takes the next number from the one
counter row (`exchange_feed_counter`) inside the writing transaction, so the feed's order is
the commit order and a cursor can neither skip nor repeat a change.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hustings.db import Base, UTCDateTime, enum_column, utcnow


class SignalKind(StrEnum):
    PDQ = "pdq"
    MD5 = "md5"
    SHA256 = "sha256"
    URL = "url"
    ACCOUNT = "account"
    TEXT = "text"


class SignalStatus(StrEnum):
    ACTIVE = "active"
    WITHDRAWN = "withdrawn"


class Tlp(StrEnum):
    """Traffic Light Protocol 2.0 markings: how far a receiver may pass a signal on."""

    CLEAR = "clear"
    GREEN = "green"
    AMBER = "amber"
    AMBER_STRICT = "amber+strict"
    RED = "red"


class SourceAction(StrEnum):
    """What the sharing platform did: a fixed list, so no free text (and no names) travel."""

    REMOVED = "removed"
    RESTRICTED = "restricted"
    ACCOUNT_SUSPENDED = "account_suspended"
    LABELLED = "labelled"
    REFERRED_TO_POLICE = "referred_to_police"
    NONE = "none"


class OpinionKind(StrEnum):
    POSITIVE = "positive"
    NEGATIVE = "negative"  # a false positive on the receiver's service
    ACTIONED = "actioned"


class SharingGroup(Base):
    """A set of member platforms that see each other's signals; hub staff manage them."""

    __tablename__ = "exchange_sharing_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    members: Mapped[list[GroupMember]] = relationship(
        back_populates="group", cascade="all, delete-orphan", passive_deletes=True
    )


class GroupMember(Base):
    __tablename__ = "exchange_group_members"
    __table_args__ = (UniqueConstraint("group_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("exchange_sharing_groups.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    group: Mapped[SharingGroup] = relationship(back_populates="members")


class FeedCounter(Base):
    """One row (id 1): the last feed sequence handed out. Writers lock it until they commit."""

    __tablename__ = "exchange_feed_counter"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    # Set when the row is created: an index built against another epoch (a restored or
    # emptied database) starts again rather than trusting its sequence numbers.
    epoch: Mapped[str] = mapped_column(String(32), default="")


class Signal(Base):
    """One shared clue: a kind, its normalised value, labels and how far it may travel."""

    __tablename__ = "exchange_signals"
    __table_args__ = (UniqueConstraint("source_org_id", "kind", "value", "sharing_group_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The feed position of the signal's latest change; unique, from FeedCounter.
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    version: Mapped[int] = mapped_column(Integer, default=1)  # 1 when new, +1 per change
    kind: Mapped[SignalKind] = mapped_column(enum_column(SignalKind), index=True)
    # The normalised form matched exactly: a hash, a URL, "platform:account id", a text hash.
    value: Mapped[str] = mapped_column(String(2048), index=True)
    # Kind-specific extras: PDQ quality, the URL as given, account handle, text fingerprint.
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    labels: Mapped[list[str]] = mapped_column(JSON, default=list)
    confidence: Mapped[float] = mapped_column(Float)
    source_org_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    source_action: Mapped[SourceAction] = mapped_column(enum_column(SourceAction))
    source_acted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sharing_group_id: Mapped[int] = mapped_column(
        ForeignKey("exchange_sharing_groups.id", ondelete="RESTRICT"), index=True
    )
    tlp: Mapped[Tlp] = mapped_column(enum_column(Tlp))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    # Hub staff only: the case this signal came from (never shown to platforms).
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    status: Mapped[SignalStatus] = mapped_column(
        enum_column(SignalStatus), default=SignalStatus.ACTIVE
    )
    positive_count: Mapped[int] = mapped_column(Integer, default=0)
    negative_count: Mapped[int] = mapped_column(Integer, default=0)
    actioned_count: Mapped[int] = mapped_column(Integer, default=0)
    disputed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    opinions: Mapped[list[Opinion]] = relationship(
        back_populates="signal", cascade="all, delete-orphan", passive_deletes=True
    )


class Opinion(Base):
    """A receiver's view of a signal: one row per organisation and kind, latest wins."""

    __tablename__ = "exchange_opinions"
    __table_args__ = (UniqueConstraint("signal_id", "organisation_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    signal_id: Mapped[int] = mapped_column(
        ForeignKey("exchange_signals.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[OpinionKind] = mapped_column(enum_column(OpinionKind))
    action: Mapped[SourceAction | None] = mapped_column(enum_column(SourceAction))
    acted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    signal: Mapped[Signal] = relationship(back_populates="opinions")


class Receipt(Base):
    """When a receiving platform first matched a signal and when it acted: the lag figures."""

    __tablename__ = "exchange_receipts"
    __table_args__ = (UniqueConstraint("signal_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    signal_id: Mapped[int] = mapped_column(
        ForeignKey("exchange_signals.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    matched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
