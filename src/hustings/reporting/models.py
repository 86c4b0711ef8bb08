"""Report runs: one row per campaign report made on the coordinator's page or by the weekly
schedule, holding the finished report's JSON (the HTML and PDF are drawn from it on demand).

Live progress while a run works is kept in the job queue's own store (see reporting.runs), not
here, so that polling never waits on the database while the figures are being counted.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from hustings.db import Base, UTCDateTime, enum_column, utcnow


class RunStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class RunTrigger(StrEnum):
    PAGE = "page"  # a coordinator asked for it
    SCHEDULE = "schedule"  # the weekly report


class ReportRun(Base):
    """One campaign report for one range of days."""

    __tablename__ = "report_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    status: Mapped[RunStatus] = mapped_column(
        enum_column(RunStatus), default=RunStatus.QUEUED, index=True
    )
    trigger: Mapped[RunTrigger] = mapped_column(enum_column(RunTrigger), default=RunTrigger.PAGE)
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The report itself (CampaignReport as JSON) once done.
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Why it failed: "empty" (nothing in the range) or "error"; shown in the reader's language.
    error_code: Mapped[str | None] = mapped_column(String(32))
