"""The case flow's JSON API under /api/v1: candidates and staff (signed-in session with the
CSRF header), platforms (API key or signed-in member), police liaison, coordinators.

Every route declares its audience (hustings.auth.access); every object is then checked in
cases.permissions. Each handler owns its transaction and commits once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Path, Query, UploadFile
from fastapi.responses import Response
from sqlalchemy.orm import Session

from hustings.auth.access import PlatformActor, allow_platform, allow_roles
from hustings.auth.models import User
from hustings.auth.roles import Role
from hustings.auth.scopes import Scope
from hustings.cases import (
    downloads,
    evidence_store,
    permissions,
    police,
    present,
    retention,
    routing,
    service,
    webhooks,
)
from hustings.cases.config import cases_settings
from hustings.cases.models import Case, ReportStatus, WebhookEndpoint
from hustings.cases.permissions import CASE_READERS, CASE_WRITERS
from hustings.cases.policy_link import platform_slugs
from hustings.cases.schemas import (
    MAX_ID,
    CaseDetailsIn,
    CaseOut,
    CaseSummaryOut,
    DeadlineIn,
    DeadlineOut,
    DecisionIn,
    LabelsIn,
    NewCaseIn,
    PlatformReportListOut,
    PlatformReportOut,
    PoliceCaseOut,
    PoliceIn,
    PoliceUpdateIn,
    RetentionIn,
    TextItemsIn,
    WebhookIn,
    WebhookOut,
)
from hustings.db import get_db
from hustings.web.errors import AppError, Conflict, NotFound

router = APIRouter(prefix="/api/v1", tags=["cases"])
Reader = Annotated[User, allow_roles(*CASE_READERS)]
Writer = Annotated[User, allow_roles(*CASE_WRITERS)]
Hub = Annotated[User, allow_roles(Role.COORDINATOR, Role.ADMIN)]
Liaison = Annotated[User, allow_roles(Role.POLICE_LIAISON)]
PlatformReader = Annotated[PlatformActor, allow_platform(Scope.REPORTS_READ)]
PlatformWriter = Annotated[PlatformActor, allow_platform(Scope.REPORTS_WRITE)]
DB = Annotated[Session, Depends(get_db)]
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
FILE_URL = "/api/v1/platform/reports/{report}/items/{item}/image"


class Unprocessable(AppError):
    status_code = 422
    code = "invalid_input"


def _invalid(error: service.CaseInvalid) -> Unprocessable:
    return Unprocessable(
        "; ".join(error.problems.values()),
        errors=[{"field": k, "message": v} for k, v in error.problems.items()],
    )


def _details(body: CaseDetailsIn) -> service.Details:
    return service.Details(**body.model_dump(exclude_unset=True, exclude={"candidate_id"}))


def _case_response(db: Session, case: Case) -> CaseOut:
    db.refresh(case)
    return present.case_out(db, case)


def _change(
    db: Session, user: User, case_id: int, change: Callable[[Case, permissions.Acting], object]
) -> CaseOut:
    """One change to a case the user may change (theirs, or delegated); a problem is a 422
    and nothing is written."""
    case, acting = permissions.writable_case(db, user, case_id)
    try:
        change(case, acting)
    except service.CaseInvalid as error:
        raise _invalid(error) from error
    db.commit()
    return _case_response(db, case)


# ---------------------------------------------------------------- candidates and staff


@router.get("/cases", response_model=list[CaseSummaryOut])
def list_cases(user: Reader, db: DB) -> list[CaseSummaryOut]:
    return [present.case_summary(c) for c in service.cases_for(session=db, user=user)]


@router.post("/cases", response_model=CaseOut, status_code=201)
def create_case(body: NewCaseIn, user: Writer, db: DB) -> CaseOut:
    """Start a draft (staff give `candidate_id`, the candidate who named them)."""
    candidate_id = body.candidate_id if user.role == Role.CANDIDATE_STAFF else user.id
    if candidate_id is None:
        raise Unprocessable("candidate_id: name the candidate you are reporting for")
    acting = permissions.acting_for(db, user, candidate_id)
    case = service.start_case(session=db, acting=acting)
    try:
        service.update_details(session=db, case=case, acting=acting, details=_details(body))
    except service.CaseInvalid as error:
        raise _invalid(error) from error
    db.commit()
    return _case_response(db, case)


@router.get("/cases/{case_id}", response_model=CaseOut)
def get_case(case_id: Id, user: Reader, db: DB) -> CaseOut:
    case = permissions.readable_case(db, user, case_id)
    service.view_case(session=db, case=case, user=user)
    db.commit()
    return _case_response(db, case)


@router.patch("/cases/{case_id}", response_model=CaseOut)
def update_case(case_id: Id, body: CaseDetailsIn, user: Writer, db: DB) -> CaseOut:
    details = _details(body)
    return _change(
        db,
        user,
        case_id,
        lambda case, acting: service.update_details(
            session=db, case=case, acting=acting, details=details
        ),
    )


@router.post("/cases/{case_id}/items", response_model=CaseOut, status_code=201)
def add_items(case_id: Id, body: TextItemsIn, user: Writer, db: DB) -> CaseOut:
    """Pasted texts and links, triaged together."""
    entries = [
        service.NewText(
            text=i.text,
            url=i.url,
            platform_slug=i.platform,
            author_handle=i.author,
            posted_at=i.posted_at,
        )
        for i in body.items
    ]
    return _change(
        db,
        user,
        case_id,
        lambda case, acting: service.add_texts(
            session=db, case=case, acting=acting, entries=entries
        ),
    )


@router.post("/cases/{case_id}/files", response_model=CaseOut, status_code=201)
def add_files(
    case_id: Id,
    files: Annotated[list[UploadFile], File(description="Screenshots, photos or exports")],
    user: Writer,
    db: DB,
    platform: Annotated[str | None, Form()] = None,
) -> CaseOut:
    """Screenshots and photos (JPEG, PNG, WebP, HEIC; 20 MB each) or CSV/JSON exports.
    One bad file refuses the whole upload, with a message per file.

    FastAPI has spooled the files before this plain def runs in its worker thread, so
    reading them waits on no network; check_writable ends the access check's transaction,
    so none is open while OCR runs.
    """
    permissions.check_writable(db, user, case_id)
    limit = cases_settings().max_upload_bytes
    if len(files) > cases_settings().max_files_per_upload:
        raise Unprocessable("files: too many files in one upload")
    read = [(upload.filename or "upload", upload.file.read(limit + 1)) for upload in files]
    try:
        prepared = service.prepare_files(read)
        case, acting = permissions.writable_case(db, user, case_id)
        service.add_files(
            session=db, case=case, acting=acting, prepared=prepared, platform_slug=platform
        )
    except service.UploadsRefused as refused:
        raise Unprocessable(
            "; ".join(str(r) for r in refused.refused),
            errors=[{"field": r.name, "message": r.message} for r in refused.refused],
        ) from refused
    except service.CaseInvalid as error:
        raise _invalid(error) from error
    db.commit()
    out = _case_response(db, case)
    db.rollback()  # the response's reads: let go of SQLite's lock here, not at teardown
    return out


@router.put("/cases/{case_id}/labels", response_model=CaseOut)
def confirm_labels(case_id: Id, body: LabelsIn, user: Writer, db: DB) -> CaseOut:
    return _change(
        db,
        user,
        case_id,
        lambda case, acting: service.set_labels(
            session=db, case=case, acting=acting, labels=body.labels
        ),
    )


@router.post("/cases/{case_id}/submit", response_model=CaseOut)
def submit(case_id: Id, user: Writer, db: DB) -> CaseOut:
    """Send the case: one report per platform, each with its deadlines."""
    return _change(
        db,
        user,
        case_id,
        lambda case, acting: service.submit_case(session=db, case=case, acting=acting),
    )


@router.post("/cases/{case_id}/police", response_model=CaseOut)
def send_to_police(case_id: Id, body: PoliceIn, user: Writer, db: DB) -> CaseOut:
    """Send the case to a police force, with the candidate's explicit consent."""
    return _change(
        db,
        user,
        case_id,
        lambda case, acting: police.escalate(
            session=db, case=case, acting=acting, force_slug=body.force, consent=body.consent
        ),
    )


@router.get("/cases/{case_id}/pack", response_class=Response)
def case_pack(case_id: Id, user: Writer, db: DB) -> Response:
    """The evidence pack (ZIP with the PDF, originals, manifest.json and SHA256SUMS)."""
    return downloads.own_pack(db, user, case_id)


# ---------------------------------------------------------------- coordinators


@router.put("/cases/{case_id}/retention", response_model=CaseOut)
def set_retention(case_id: Id, body: RetentionIn, user: Hub, db: DB) -> CaseOut:
    case = permissions.readable_case(db, user, case_id)
    retention.set_case_retention(
        session=db, case=case, retain_until=body.retain_until, user_id=user.id
    )
    db.commit()
    return _case_response(db, case)


@router.delete("/cases/{case_id}", status_code=204, response_class=Response)
def delete_case(case_id: Id, user: Hub, db: DB) -> Response:
    """Delete a case now (on request): rows and files go for real; the audit entry stays."""
    case = permissions.readable_case(db, user, case_id)
    if retention.held_by_police(case):
        raise Conflict("The police are working on this case: it cannot be deleted yet.")
    retention.delete_case(session=db, case=case, actor=f"user:{user.id}", reason="request")
    db.commit()
    return Response(status_code=204)


@router.get("/coordinator/deadlines", response_model=list[DeadlineOut])
def list_deadlines(user: Hub, db: DB) -> list[DeadlineOut]:
    out = []
    for slug in platform_slugs():
        d = routing.deadlines_for(db, slug)
        out.append(
            DeadlineOut(
                platform=slug,
                acknowledge_hours=d.acknowledge_hours,
                decide_hours=d.decide_hours,
                source=d.source,
            )
        )
    return out


@router.put("/coordinator/deadlines/{platform}", response_model=DeadlineOut)
def put_deadlines(platform: str, body: DeadlineIn, user: Hub, db: DB) -> DeadlineOut:
    try:
        routing.set_deadlines(
            session=db,
            platform_slug=platform,
            acknowledge_hours=body.acknowledge_hours,
            decide_hours=body.decide_hours,
            user_id=user.id,
        )
    except ValueError as error:
        raise Unprocessable(str(error)) from error
    db.commit()
    d = routing.deadlines_for(db, platform)
    return DeadlineOut(
        platform=platform,
        acknowledge_hours=d.acknowledge_hours,
        decide_hours=d.decide_hours,
        source=d.source,
    )


# ---------------------------------------------------------------- platforms


@router.get("/platform/reports", response_model=PlatformReportListOut)
def platform_reports(
    actor: PlatformReader,
    db: DB,
    status: Annotated[list[ReportStatus] | None, Query()] = None,
) -> PlatformReportListOut:
    """This organisation's routed reports (never another's), oldest due first; filter with
    one or more `status` parameters (routed, acknowledged, decided)."""
    reports = routing.queue(session=db, organisation=actor.organisation, status=status)
    return PlatformReportListOut(
        reports=[present.platform_report(db, r, FILE_URL) for r in reports]
    )


@router.get("/platform/reports/{report_id}", response_model=PlatformReportOut)
def platform_report(
    report_id: Id,
    actor: PlatformReader,
    db: DB,
) -> PlatformReportOut:
    report = permissions.platform_report(db, actor, report_id)
    routing.view_report(session=db, report=report, actor=actor.label)
    db.commit()
    return present.platform_report(db, report, FILE_URL)


@router.get("/platform/reports/{report_id}/items/{item_id}/image", response_class=Response)
def platform_item_image(
    report_id: Id,
    item_id: Id,
    actor: PlatformReader,
    db: DB,
) -> Response:
    """An image on the report, with its metadata stripped (PNG)."""
    report = permissions.platform_report(db, actor, report_id)
    item = next(
        (i for i in routing.items_for(report.case, report.platform_slug) if i.id == item_id), None
    )
    if item is None or item.sha256 is None:
        raise NotFound()
    png = evidence_store.display_copy(item.sha256)
    service.view_item(session=db, case=report.case, item=item, actor=actor.label, what="display")
    db.commit()
    return Response(png, media_type="image/png")


@router.post("/platform/reports/{report_id}/acknowledge", response_model=PlatformReportOut)
def acknowledge(
    report_id: Id,
    actor: PlatformWriter,
    db: DB,
) -> PlatformReportOut:
    report = permissions.platform_report(db, actor, report_id)
    try:
        routing.acknowledge(session=db, report=report, actor=actor.label)
    except routing.ReportStateError as error:
        raise Conflict(str(error)) from error
    db.commit()
    return present.platform_report(db, report, FILE_URL)


@router.post("/platform/reports/{report_id}/decision", response_model=PlatformReportOut)
def decide(
    report_id: Id,
    body: DecisionIn,
    actor: PlatformWriter,
    db: DB,
) -> PlatformReportOut:
    """Record the decision and the rule applied (needed for removed, restricted, suspended)."""
    report = permissions.platform_report(db, actor, report_id)
    try:
        routing.decide(
            session=db,
            report=report,
            actor=actor.label,
            decision=body.decision,
            rule_applied=body.rule_applied,
            note=body.note,
        )
    except routing.ReportStateError as error:
        raise Conflict(str(error)) from error
    db.commit()
    return present.platform_report(db, report, FILE_URL)


@router.get("/platform/webhooks", response_model=list[WebhookOut])
def list_webhooks(actor: PlatformReader, db: DB) -> list[WebhookOut]:
    return [
        WebhookOut(id=e.id, url=e.url, active=e.active)
        for e in webhooks.endpoints_of(db, actor.organisation.id)
    ]


@router.post("/platform/webhooks", response_model=WebhookOut, status_code=201)
def add_webhook(
    body: WebhookIn,
    actor: PlatformWriter,
    db: DB,
) -> WebhookOut:
    """Register a receiver; the signing secret is in this response only."""
    try:
        endpoint, secret = webhooks.register_endpoint(
            session=db, organisation=actor.organisation, url=body.url
        )
    except ValueError as error:
        raise Unprocessable(str(error)) from error
    db.commit()
    return WebhookOut(id=endpoint.id, url=endpoint.url, active=True, secret=secret)


@router.delete("/platform/webhooks/{endpoint_id}", status_code=204, response_class=Response)
def remove_webhook(
    endpoint_id: Id,
    actor: PlatformWriter,
    db: DB,
) -> Response:
    endpoint = db.get(WebhookEndpoint, endpoint_id)
    if endpoint is None or endpoint.organisation_id != actor.organisation.id:
        raise NotFound()
    endpoint.active = False
    db.commit()
    return Response(status_code=204)


# ---------------------------------------------------------------- police


@router.get("/police/cases", response_model=list[PoliceCaseOut])
def police_cases(user: Liaison, db: DB) -> list[PoliceCaseOut]:
    """Cases sent to the liaison's own force."""
    return [present.police_case(db, e.case) for e in police.cases_for_force(session=db, user=user)]


@router.get("/police/cases/{case_id}", response_model=PoliceCaseOut)
def police_case(case_id: Id, user: Liaison, db: DB) -> PoliceCaseOut:
    escalation = permissions.police_escalation(db, user, case_id)
    police.view(session=db, escalation=escalation, user=user)
    db.commit()
    return present.police_case(db, escalation.case)


@router.get("/police/cases/{case_id}/pack", response_class=Response)
def police_pack(case_id: Id, user: Liaison, db: DB) -> Response:
    return downloads.police_pack(db, user, case_id)


@router.patch("/police/cases/{case_id}", response_model=PoliceCaseOut)
def police_update(case_id: Id, body: PoliceUpdateIn, user: Liaison, db: DB) -> PoliceCaseOut:
    escalation = permissions.police_escalation(db, user, case_id)
    try:
        police.update(
            session=db,
            escalation=escalation,
            user=user,
            status=body.status,
            reference=body.reference,
            notes=body.notes,
        )
    except service.CaseInvalid as error:
        raise _invalid(error) from error
    db.commit()
    return present.police_case(db, escalation.case)
