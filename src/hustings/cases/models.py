"""Tables for cases, their evidence, routed reports, deadlines, police escalation and webhooks.

Evidence files live outside the database, content-addressed by SHA-256 (see evidence_store);
rows here point at them by hash. Deleting a case cascades to everything below it, so that
retention removes personal data for real; the audit chain keeps only ids.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hustings.db import Base, UTCDateTime, enum_column, utcnow


class CaseStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CLOSED = "closed"


class ItemKind(StrEnum):
    TEXT = "text"  # pasted text
    LINK = "link"  # a link to the post
    IMAGE = "image"  # screenshot or photo (original kept byte for byte)
    EXPORT = "export"  # a CSV or JSON export of many posts (the file itself)
    POST = "post"  # one post read from an export (child of an EXPORT item)


class ReportStatus(StrEnum):
    ROUTED = "routed"  # in the platform's queue, not yet acknowledged
    ACKNOWLEDGED = "acknowledged"
    DECIDED = "decided"
    READY_MADE = "ready_made"  # not a member: the candidate files it with the ready-made text


class Decision(StrEnum):
    REMOVED = "removed"
    RESTRICTED = "restricted"
    ACCOUNT_SUSPENDED = "account_suspended"
    NO_VIOLATION = "no_violation"
    NEED_MORE_INFORMATION = "need_more_information"


class PoliceStatus(StrEnum):
    SENT = "sent"
    RECEIVED = "received"
    INVESTIGATING = "investigating"
    NO_FURTHER_ACTION = "no_further_action"
    CHARGED = "charged"
    CLOSED = "closed"


# While the police are working on it, retention never deletes the case.
POLICE_ACTIVE: frozenset[PoliceStatus] = frozenset(
    {PoliceStatus.SENT, PoliceStatus.RECEIVED, PoliceStatus.INVESTIGATING, PoliceStatus.CHARGED}
)


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"  # gave up after the last attempt


class Case(Base):
    """One report of abuse by (or for) one candidate, from draft to deletion."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    status: Mapped[CaseStatus] = mapped_column(enum_column(CaseStatus), default=CaseStatus.DRAFT)
    summary: Mapped[str] = mapped_column(Text, default="")
    platforms: Mapped[list[str]] = mapped_column(JSON, default=list)
    accounts: Mapped[list[str]] = mapped_column(JSON, default=list)
    happened_on: Mapped[date | None] = mapped_column(Date)
    in_danger_now: Mapped[bool] = mapped_column(Boolean, default=False)
    candidate_thinks_crime: Mapped[bool] = mapped_column(Boolean, default=False)
    constituency: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    retain_until: Mapped[date | None] = mapped_column(Date)

    items: Mapped[list[EvidenceItem]] = relationship(
        back_populates="case",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="EvidenceItem.id",
    )
    reports: Mapped[list[RoutedReport]] = relationship(
        back_populates="case",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="RoutedReport.id",
    )
    escalation: Mapped[PoliceEscalation | None] = relationship(
        back_populates="case", cascade="all, delete-orphan", passive_deletes=True
    )


class EvidenceItem(Base):
    """One piece of evidence. Files are referenced by SHA-256 and never altered."""

    __tablename__ = "evidence_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("evidence_items.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ItemKind] = mapped_column(enum_column(ItemKind))
    platform_slug: Mapped[str | None] = mapped_column(String(32))
    text: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(2048))
    author_handle: Mapped[str | None] = mapped_column(String(200))
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    size: Mapped[int | None] = mapped_column(Integer)
    media_type: Mapped[str | None] = mapped_column(String(64))
    original_name: Mapped[str | None] = mapped_column(String(255))
    # Where the item came from: {"source": "upload"|"paste"|"export", "row": 3, ...}.
    provenance: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    ocr_text: Mapped[str | None] = mapped_column(Text)
    # The triage result as the model gave it, and the labels the candidate confirmed.
    triage: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    severity: Mapped[str | None] = mapped_column(String(32))
    labels: Mapped[list[str]] = mapped_column(JSON, default=list)
    labels_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    added_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    added_on_behalf_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT")
    )
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="items")


class RoutedReport(Base):
    """The case as one platform sees it: in its queue (members) or ready-made (others)."""

    __tablename__ = "routed_reports"
    __table_args__ = (UniqueConstraint("case_id", "platform_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    platform_slug: Mapped[str] = mapped_column(String(32))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[ReportStatus] = mapped_column(enum_column(ReportStatus))
    harms: Mapped[list[str]] = mapped_column(JSON, default=list)
    routed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    acknowledge_due: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    decide_due: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    deadline_source: Mapped[str] = mapped_column(String(32), default="default")
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision: Mapped[Decision | None] = mapped_column(enum_column(Decision))
    rule_applied: Mapped[str | None] = mapped_column(String(300))
    platform_note: Mapped[str | None] = mapped_column(Text)
    acknowledge_overdue_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decide_overdue_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    case: Mapped[Case] = relationship(back_populates="reports")


class PlatformDeadline(Base):
    """A coordinator's default response times for one platform."""

    __tablename__ = "platform_deadlines"

    platform_slug: Mapped[str] = mapped_column(String(32), primary_key=True)
    acknowledge_hours: Mapped[int] = mapped_column(Integer)
    decide_hours: Mapped[int] = mapped_column(Integer)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RetentionSetting(Base):
    """The coordinator's retention rule: election day plus N months (one row, id 1)."""

    __tablename__ = "case_retention_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    election_day: Mapped[date] = mapped_column(Date)
    months_after: Mapped[int] = mapped_column(Integer)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PoliceEscalation(Base):
    """A case sent to one police force with the candidate's recorded consent."""

    __tablename__ = "police_escalations"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), unique=True, index=True
    )
    force_slug: Mapped[str] = mapped_column(String(64), index=True)
    consent_given_at: Mapped[datetime] = mapped_column(UTCDateTime)
    consent_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    consent_on_behalf_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT")
    )
    consent_wording: Mapped[str] = mapped_column(String(32))  # version of the consent text
    status: Mapped[PoliceStatus] = mapped_column(
        enum_column(PoliceStatus), default=PoliceStatus.SENT
    )
    reference: Mapped[str | None] = mapped_column(String(64))
    notes: Mapped[str | None] = mapped_column(Text)  # the force's own notes; not shown to others
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="escalation")


class WebhookEndpoint(Base):
    """Where a platform organisation wants routed reports pushed, with its signing secret."""

    __tablename__ = "webhook_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(String(2048))
    secret: Mapped[str] = mapped_column(String(128))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # What the endpoint receives: "reports" (routed reports) or "exchange" (shared signals).
    topic: Mapped[str] = mapped_column(String(32), default="reports", server_default="reports")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WebhookDelivery(Base):
    """The durable outbox: one row per event per endpoint, written with the change it reports."""

    __tablename__ = "webhook_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(
        ForeignKey("webhook_endpoints.id", ondelete="CASCADE"), index=True
    )
    event: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[DeliveryStatus] = mapped_column(
        enum_column(DeliveryStatus), default=DeliveryStatus.PENDING, index=True
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
