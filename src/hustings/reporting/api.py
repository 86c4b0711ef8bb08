"""Reports as JSON under /api/v1, for coordinators: a report for a range (made at once) and
where a queued report run stands (the page polls it to show progress)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel
from sqlalchemy.orm import Session

from hustings.auth.access import allow_roles
from hustings.auth.models import User
from hustings.auth.roles import Role
from hustings.db import get_db
from hustings.reporting import runs, service
from hustings.reporting.campaign import EmptyRange, ReportRangeError
from hustings.reporting.models import ReportRun
from hustings.reporting.schemas import CampaignReport
from hustings.web.errors import AppError, NotFound
from hustings.web.i18n import current_language
from hustings.web.i18n import gettext as _

router = APIRouter(prefix="/api/v1/reports", tags=["reporting"])
Coordinator = Annotated[User, allow_roles(Role.COORDINATOR)]
DB = Annotated[Session, Depends(get_db)]


class InvalidRange(AppError):
    status_code = 422
    code = "invalid_range"


class NothingToReport(AppError):
    status_code = 422
    code = "empty_range"


class RunProgressOut(BaseModel):
    id: int
    status: str
    percent: int
    stage: str
    message: str
    finished: bool


@router.get("/campaign", response_model=CampaignReport)
def campaign(
    user: Coordinator,
    db: DB,
    start: Annotated[str, Query(alias="from", max_length=40, description="YYYY-MM-DD")],
    end: Annotated[str, Query(alias="to", max_length=40, description="YYYY-MM-DD")],
) -> CampaignReport:
    """The campaign update report for the UTC days from..to (both included)."""
    try:
        first = service.parse_day(start, "from")
        last = service.parse_day(end, "to")
        report = service.compute(session=db, start=first, end=last)
    except EmptyRange as error:
        raise NothingToReport(
            error.message, errors=[{"field": error.field, "message": error.message}]
        ) from None
    except ReportRangeError as error:
        raise InvalidRange(
            error.message, errors=[{"field": error.field, "message": error.message}]
        ) from None
    service.record_generated(
        session=db, report=report, fmt="json", language=current_language(), actor=f"user:{user.id}"
    )
    db.commit()
    return report


@router.get("/runs/{run_id}", response_model=RunProgressOut)
def run_progress(
    user: Coordinator, db: DB, run_id: Annotated[int, Path(ge=1, le=2**31 - 1)]
) -> RunProgressOut:
    """Where a queued report stands: status, percent done and what it is doing now."""
    run = db.get(ReportRun, run_id)
    if run is None:
        raise NotFound(_("There is no report with that number."))
    progress = runs.progress_of(run)
    return RunProgressOut(
        id=run.id,
        status=run.status.value,
        percent=progress.percent,
        stage=progress.stage,
        message=runs.stage_message(progress),
        finished=progress.finished,
    )
