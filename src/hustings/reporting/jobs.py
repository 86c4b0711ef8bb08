"""Background work for reports: make a requested report (the page polls it), and the weekly
campaign report emailed to every coordinator with the PDF attached.

Tasks take ids and open their own transactions. The weekly job is a plain function that
hustings.jobs.schedule names and the worker wraps.
"""

from __future__ import annotations

from datetime import date, timedelta

import structlog

from hustings.db import session_scope, utcnow
from hustings.jobs.queue import huey
from hustings.reporting import runs, service, weekly
from hustings.reporting.campaign import EmptyRange
from hustings.reporting.models import ReportRun, RunTrigger

log = structlog.get_logger()


@huey.task()
def generate_report_run(run_id: int) -> None:
    """Count the figures for a queued run, reporting progress as each stage finishes."""
    with session_scope() as session:
        run = session.get(ReportRun, run_id)
        if run is None or run.result is not None:
            return
        runs.mark_running(session=session, run=run)
        first, last, requested_by = run.first_day, run.last_day, run.requested_by_id
    try:
        with session_scope() as session:
            report = service.compute(
                session=session,
                start=first,
                end=last,
                progress=lambda done, total, stage: runs.set_progress(run_id, done, total, stage),
            )
    except EmptyRange:
        _fail(run_id, "empty")
        return
    except Exception:
        log.exception("report_run_failed", run_id=run_id)
        _fail(run_id, "error")
        return
    with session_scope() as session:
        run = session.get(ReportRun, run_id)
        if run is None:
            return
        runs.finish(session=session, run=run, report=report)
        service.record_generated(
            session=session,
            report=report,
            fmt="json",
            language="en",
            actor=f"user:{requested_by}" if requested_by else "system",
        )
    runs.clear_progress(run_id)
    log.info("report_run_done", run_id=run_id, cases=report.totals.cases_submitted)


def _fail(run_id: int, code: str) -> None:
    with session_scope() as session:
        run = session.get(ReportRun, run_id)
        if run is not None:
            runs.fail(session=session, run=run, code=code)
    runs.clear_progress(run_id)


def last_week(today: date) -> tuple[date, date]:
    """The most recent whole Monday-to-Sunday week before `today`."""
    last_sunday = today - timedelta(days=today.weekday() + 1)
    return last_sunday - timedelta(days=6), last_sunday


def weekly_campaign_report() -> int:
    """Make last week's report and email it to every coordinator; returns emails sent."""
    first, last = last_week(utcnow().date())
    with session_scope() as session:
        try:
            run = runs.start_run(
                session=session,
                first_day=first,
                last_day=last,
                user=None,
                trigger=RunTrigger.SCHEDULE,
            )
        except EmptyRange:
            run = None
        run_id = run.id if run else None
    if run_id is not None:
        generate_report_run.call_local(run_id)
    return weekly.send_to_coordinators(run_id=run_id, first_day=first, last_day=last)
