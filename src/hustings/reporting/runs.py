"""Report runs: a coordinator asks for a report on the page (or the weekly schedule makes one),
a background job counts the figures, and the page polls the run's progress until it is done.

The run row (reporting.models.ReportRun) holds the finished report. Progress while the job
works lives in the job queue's key-value store (huey's SQLite file or Redis), so a poll never
waits on the database lock the counting transaction holds on SQLite.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hustings.audit.service import record
from hustings.auth.models import User
from hustings.db import utcnow
from hustings.jobs.queue import huey
from hustings.reporting.campaign import STAGES, EmptyRange, check_range, has_activity
from hustings.reporting.models import ReportRun, RunStatus, RunTrigger
from hustings.reporting.schemas import CampaignReport
from hustings.web.i18n import gettext as _

# Stages as the job reports them, in order (campaign.campaign_report's `progress` calls).
STAGE_KEYS: tuple[str, ...] = (
    "counting",
    "platforms",
    "response times",
    "harms",
    "police",
    "concentration",
    "days",
    "signals",
    "done",
)


def _key(run_id: int) -> str:
    return f"hustings.reporting.run.{run_id}"


@dataclass(frozen=True)
class RunProgress:
    status: RunStatus
    done: int
    total: int
    stage: str

    @property
    def percent(self) -> int:
        if self.status in (RunStatus.DONE, RunStatus.FAILED):
            return 100
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)


def start_run(
    *,
    session: Session,
    first_day: date,
    last_day: date,
    user: User | None,
    trigger: RunTrigger,
) -> ReportRun:
    """Check the range (and that something happened in it), then record a queued run.

    The caller commits and then hands the run's id to jobs.generate_report_run.
    """
    check_range(first_day, last_day)
    if not has_activity(session=session, start=first_day, end=last_day):
        raise EmptyRange.for_range(first_day, last_day)
    run = ReportRun(
        first_day=first_day,
        last_day=last_day,
        status=RunStatus.QUEUED,
        trigger=trigger,
        requested_by_id=user.id if user else None,
    )
    session.add(run)
    session.flush()
    record(
        session=session,
        actor=f"user:{user.id}" if user else "system",
        action="report.requested",
        subject_type="report_run",
        subject_id=run.id,
        details={
            "from": first_day.isoformat(),
            "to": last_day.isoformat(),
            "trigger": trigger.value,
        },
    )
    return run


def set_progress(run_id: int, done: int, total: int, stage: str) -> None:
    huey.put(_key(run_id), {"done": done, "total": total, "stage": stage})


def clear_progress(run_id: int) -> None:
    huey.get(_key(run_id))  # reading without peek removes it


def progress_of(run: ReportRun) -> RunProgress:
    """Where the run stands: the live figure from the queue's store while it works."""
    if run.status in (RunStatus.DONE, RunStatus.FAILED):
        return RunProgress(run.status, STAGES, STAGES, "done")
    live: Any = huey.get(_key(run.id), peek=True)
    if isinstance(live, dict):
        return RunProgress(
            run.status,
            int(live.get("done", 0)),
            int(live.get("total", STAGES)),
            str(live.get("stage", "")),
        )
    return RunProgress(run.status, 0, STAGES, "queued")


def mark_running(*, session: Session, run: ReportRun) -> None:
    run.status = RunStatus.RUNNING
    run.started_at = utcnow()
    session.flush()


def finish(*, session: Session, run: ReportRun, report: CampaignReport) -> None:
    run.status = RunStatus.DONE
    run.result = report.model_dump(mode="json")
    run.finished_at = utcnow()
    run.error_code = None
    session.flush()


def fail(*, session: Session, run: ReportRun, code: str) -> None:
    run.status = RunStatus.FAILED
    run.error_code = code
    run.finished_at = utcnow()
    session.flush()


def report_of(run: ReportRun) -> CampaignReport | None:
    return CampaignReport.model_validate(run.result) if run.result else None


def recent_runs(*, session: Session, limit: int = 10) -> list[ReportRun]:
    return list(session.scalars(select(ReportRun).order_by(ReportRun.id.desc()).limit(limit)))


def stage_message(progress: RunProgress) -> str:
    """What the job is doing, in words, for the progress indicator."""
    words = {
        "queued": _("Waiting to start"),
        "counting": _("Counting cases and reports"),
        "platforms": _("Adding up each platform’s reports"),
        "response times": _("Measuring response times"),
        "harms": _("Counting kinds of harm"),
        "police": _("Counting cases sent to the police"),
        "concentration": _("Working out how concentrated the abuse is"),
        "days": _("Counting each day"),
        "signals": _("Counting signals shared between platforms"),
        "done": _("Finished"),
    }
    return words.get(progress.stage, _("Working"))


def status_names() -> dict[str, str]:
    return {
        RunStatus.QUEUED.value: _("Waiting to start"),
        RunStatus.RUNNING.value: _("Being made"),
        RunStatus.DONE.value: _("Ready"),
        RunStatus.FAILED.value: _("Not made"),
    }
