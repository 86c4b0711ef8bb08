"""The audit chain: each entry's hash covers its content and the previous entry's hash."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hustings.db import Base, UTCDateTime, utcnow


class AuditEntry(Base):
    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))  # "user:12", "api_key:ab12cd", "system"
    on_behalf_of: Mapped[str | None] = mapped_column(String(100))  # delegated actions
    action: Mapped[str] = mapped_column(String(100), index=True)
    subject_type: Mapped[str] = mapped_column(String(50))
    subject_id: Mapped[str] = mapped_column(String(100), index=True)
    details: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Null only between the insert that assigns the id and the hash computed from it.
    entry_hash: Mapped[str | None] = mapped_column(String(64), unique=True)


class AuditHead(Base):
    """The chain's last hash and length, so that deleting the newest entries is detected too."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    length: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64))
