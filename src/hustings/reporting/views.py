"""The coordinator's report pages: choose a range, watch the report being made, read it, and
download it as PDF, HTML or JSON. Coordinators only; in English and Welsh.

Making a report over a long range takes a few seconds, so the form queues a job and sends the
coordinator to the run's page, which shows its progress (polled by a small script, with a
"check again" link for those without JavaScript) and then the report itself.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from hustings.auth.access import allow_roles
from hustings.auth.forms import PostedForm, redirect, text
from hustings.auth.models import User
from hustings.auth.roles import Role
from hustings.db import get_db, utcnow
from hustings.reporting import render, runs, service
from hustings.reporting.campaign import EmptyRange, ReportRangeError
from hustings.reporting.models import ReportRun, RunStatus, RunTrigger
from hustings.reporting.service import Format
from hustings.web.errors import NotFound
from hustings.web.i18n import current_language
from hustings.web.i18n import gettext as _
from hustings.web.templating import render as render_page

router = APIRouter(include_in_schema=False)
Coordinator = Annotated[User, allow_roles(Role.COORDINATOR)]
DB = Annotated[Session, Depends(get_db)]
RunId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _date_parts(form: Any, name: str) -> dict[str, str]:
    return {part: text(form, f"{name}-{part}").strip() for part in ("day", "month", "year")}


def _parse_parts(parts: dict[str, str], field: str) -> date:
    if not any(parts.values()):
        raise ReportRangeError(field, _("Enter the date"))
    try:
        return date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
    except ValueError:
        raise ReportRangeError(field, _("Enter a real date, like 23 11 2026")) from None


def _form_page(
    request: Request,
    db: Session,
    values: dict[str, dict[str, str]] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    today = utcnow().date()
    if values is None:
        start, end = today - timedelta(days=6), today
        values = {
            "from": {"day": str(start.day), "month": str(start.month), "year": str(start.year)},
            "to": {"day": str(end.day), "month": str(end.month), "year": str(end.year)},
        }
    errors = errors or {}
    return render_page(
        request,
        "reporting/campaign_form.html",
        {
            "values": values,
            "field_errors": errors,
            "errors": [
                {"text": message, "href": f"#{field}-day"} for field, message in errors.items()
            ],
            "runs": runs.recent_runs(session=db),
            "run_status_names": runs.status_names(),
        },
        status_code=status_code,
    )


@router.get("/reports/campaign", response_class=HTMLResponse)
def campaign_form(request: Request, user: Coordinator, db: DB) -> HTMLResponse:
    """Choose the range of days for a campaign update report."""
    return _form_page(request, db)


@router.post("/reports/campaign", response_class=HTMLResponse)
def request_report(request: Request, user: Coordinator, form: PostedForm, db: DB) -> Response:
    """Check the range, queue the report and go to its progress page."""
    values = {"from": _date_parts(form, "from"), "to": _date_parts(form, "to")}
    errors: dict[str, str] = {}
    first = last = None
    for field in ("from", "to"):
        try:
            parsed = _parse_parts(values[field], field)
        except ReportRangeError as error:
            errors[field] = error.message
            continue
        if field == "from":
            first = parsed
        else:
            last = parsed
    if first is not None and last is not None:
        try:
            run = runs.start_run(
                session=db, first_day=first, last_day=last, user=user, trigger=RunTrigger.PAGE
            )
        except ReportRangeError as error:
            errors[error.field] = error.message
    if errors:
        db.rollback()
        return _form_page(request, db, values, errors, status_code=400)
    db.commit()
    from hustings.reporting.jobs import generate_report_run

    generate_report_run(run.id)
    return redirect(request, f"/reports/campaign/runs/{run.id}")


def _run_or_404(db: Session, run_id: int) -> ReportRun:
    run = db.get(ReportRun, run_id)
    if run is None:
        raise NotFound(_("There is no report with that number."))
    return run


@router.get("/reports/campaign/runs/{run_id}", response_class=HTMLResponse)
def run_page(request: Request, run_id: RunId, user: Coordinator, db: DB) -> HTMLResponse:
    """The report once made; until then, its progress."""
    run = _run_or_404(db, run_id)
    progress = runs.progress_of(run)
    report = runs.report_of(run)
    context: dict[str, Any] = {
        "run": run,
        "progress": progress,
        "stage_message": runs.stage_message(progress),
        "formats": [Format.PDF, Format.HTML, Format.JSON],
    }
    if report is not None:
        language = current_language()
        context.update(render.context(report, language))
        service.record_generated(
            session=db, report=report, fmt="page", language=language, actor=f"user:{user.id}"
        )
        db.commit()
    elif run.status == RunStatus.FAILED:
        context["failure"] = (
            EmptyRange.for_range(run.first_day, run.last_day).message
            if run.error_code == "empty"
            else _(
                "Something went wrong while making this report. Try again, or ask for a "
                "shorter range."
            )
        )
    return render_page(request, "reporting/run.html", context)


@router.get("/reports/campaign/runs/{run_id}/report.{fmt}")
def download(request: Request, run_id: RunId, fmt: str, user: Coordinator, db: DB) -> Response:
    """The finished report as a file, in the page's language (the JSON has no language)."""
    try:
        chosen = Format(fmt)
    except ValueError:
        raise NotFound(_("Reports come as pdf, html or json.")) from None
    run = _run_or_404(db, run_id)
    report = runs.report_of(run)
    if report is None:
        raise NotFound(_("This report is not ready yet."))
    language = current_language()
    content = service.render_as(report, chosen, language)
    service.record_generated(
        session=db, report=report, fmt=chosen, language=language, actor=f"user:{user.id}"
    )
    db.commit()
    return Response(
        content,
        media_type=chosen.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{service.filename(report, chosen)}"',
            "Cache-Control": "no-store",
        },
    )
