"""The case flow's pages: candidates and staff report and follow cases, platform teams work
their queue, police liaison officers see their force's cases and download packs.

The same service functions and object rules as the JSON API (cases.api); each POST redirects
back to the page it came from (or re-renders it with the GOV.UK error summary, having written
nothing). Abusive words and images are hidden until the reader chooses to reveal them.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData, UploadFile

from hustings.auth.access import PlatformActor, allow_roles
from hustings.auth.forms import PostedForm, error_list, flash, pop_flash, redirect, text
from hustings.auth.models import User
from hustings.auth.roles import HUB_STAFF_ROLES, Role
from hustings.cases import (
    downloads,
    evidence_store,
    geography,
    permissions,
    police,
    present,
    retention,
    routing,
    service,
)
from hustings.cases.config import cases_settings
from hustings.cases.models import Case, Decision, ItemKind, PoliceStatus
from hustings.cases.notifications import when
from hustings.cases.permissions import CASE_READERS, CASE_WRITERS
from hustings.cases.policy_link import platform_name, platform_slugs
from hustings.cases.schemas import MAX_ID
from hustings.cases.triage_link import LABELS
from hustings.db import get_db
from hustings.web.errors import NotFound
from hustings.web.i18n import gettext as _
from hustings.web.i18n import lazy_gettext, pick
from hustings.web.templating import render

router = APIRouter(include_in_schema=False)
Reader = Annotated[User, allow_roles(*CASE_READERS)]
Writer = Annotated[User, allow_roles(*CASE_WRITERS)]
Liaison = Annotated[User, allow_roles(Role.POLICE_LIAISON)]
# Pages are for people: platform teams sign in; their systems use the API with a key.
PlatformMember = Annotated[User, allow_roles(Role.PLATFORM_MEMBER)]
DB = Annotated[Session, Depends(get_db)]
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
PLATFORM_IMAGE = "/api/v1/platform/reports/{report}/items/{item}/image"
# Fields the case page has inputs for; any other problem is shown by the "send" button.
ON_CASE_PAGE = frozenset({"text", "url", "platform", "files", "force", "consent"})

LABEL_WORDS = {
    "threat": lazy_gettext("Threat of violence or harm"),
    "harassment": lazy_gettext("Abuse or harassment"),
    "hate": lazy_gettext("Hate"),
    "sexual_harassment": lazy_gettext("Sexual harassment"),
    "private_information": lazy_gettext("Private information shared"),
    "intimidation": lazy_gettext("Intimidation"),
}
SEVERITY_WORDS = {
    "none": lazy_gettext("Not abuse"),
    "platform_violation": lazy_gettext("Breaks platform rules"),
    "possible_crime": lazy_gettext("May be a crime"),
    "urgent": lazy_gettext("Urgent: possible danger to life"),
}
STEP_WORDS = {
    "case.created": lazy_gettext("Report started"),
    "evidence.added": lazy_gettext("Evidence added"),
    "case.submitted": lazy_gettext("Report sent"),
    "report.routed": lazy_gettext("Sent to %(platform)s"),
    "report.acknowledged": lazy_gettext("%(platform)s acknowledged the report"),
    "report.decided": lazy_gettext("%(platform)s made a decision"),
    "report.overdue": lazy_gettext("%(platform)s missed its deadline"),
    "police.escalated": lazy_gettext("Sent to the police"),
    "police.updated": lazy_gettext("The police updated the case"),
    "pack.exported": lazy_gettext("Evidence pack downloaded"),
    "retention.set": lazy_gettext("Date for deletion set"),
}


def _step_text(action: str, details: dict[str, Any]) -> str:
    words = STEP_WORDS.get(action)
    if words is None:
        return action
    platform = details.get("platform")
    return str(words) % {"platform": platform_name(platform) if platform else ""}


def _problems(error: service.CaseInvalid) -> dict[str, str]:
    return dict(error.problems)


# ---------------------------------------------------------------- candidates and staff


@router.get("/cases", response_class=HTMLResponse)
def my_cases(request: Request, user: Reader, db: DB) -> HTMLResponse:
    cases = service.cases_for(session=db, user=user)
    return render(
        request,
        "cases/list.html",
        {
            "cases": cases,
            "may_report": user.role in CASE_WRITERS,
            "severity_words": SEVERITY_WORDS,
            "platform_name": platform_name,
        },
    )


def _candidates_for(db: Session, user: User) -> list[User]:
    if user.role == Role.CANDIDATE:
        return [user]
    return permissions.delegating_candidates(db, user)


def _new_page(
    request: Request,
    db: Session,
    user: User,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> HTMLResponse:
    return render(
        request,
        "cases/new.html",
        {
            "values": values or {"platforms": []},
            "field_errors": errors or {},
            "errors": error_list(errors or {}),
            "platforms": [(slug, platform_name(slug)) for slug in platform_slugs()],
            "candidates": _candidates_for(db, user),
            "for_someone": user.role == Role.CANDIDATE_STAFF,
            "constituencies": geography.constituencies(),
        },
        status_code=400 if errors else 200,
    )


@router.get("/cases/new", response_class=HTMLResponse)
def new_case_form(request: Request, user: Writer, db: DB) -> HTMLResponse:
    return _new_page(request, db, user)


def _date(form: FormData, errors: dict[str, str]) -> date | None:
    parts = [text(form, f"happened_on-{p}").strip() for p in ("day", "month", "year")]
    if not any(parts):
        return None
    try:
        return date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        errors["happened_on"] = _("Enter a real date, like 27 3 2026.")
        return None


# "Not sure" and no answer leave it to triage whether the case may be a crime.
THINKS_CRIME: dict[str, bool | None] = {"yes": True, "no": False, "unsure": None, "": None}


@router.post("/cases/new", response_class=HTMLResponse)
def new_case(request: Request, user: Writer, form: PostedForm, db: DB) -> Response:
    """Start the draft: saved at once, so closing the tab loses nothing."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {
        "summary": text(form, "summary"),
        "platforms": [p for p in form.getlist("platforms") if isinstance(p, str)],
        "accounts": text(form, "accounts"),
        "in_danger_now": text(form, "in_danger_now"),
        "candidate": text(form, "candidate"),
        "happened_on": {p: text(form, f"happened_on-{p}") for p in ("day", "month", "year")},
        "thinks_crime": text(form, "thinks_crime"),
        "constituency": text(form, "constituency"),
    }
    candidate_id = user.id
    if user.role == Role.CANDIDATE_STAFF:
        allowed = {str(c.id): c.id for c in _candidates_for(db, user)}
        if values["candidate"] not in allowed:
            errors["candidate"] = _("Choose the candidate you are reporting for.")
        else:
            candidate_id = allowed[values["candidate"]]
    if not values["summary"].strip():
        errors["summary"] = _("Say what happened.")
    if not values["platforms"]:
        errors["platforms"] = _("Choose at least one platform.")
    if values["in_danger_now"] not in ("yes", "no"):
        errors["in_danger_now"] = _("Say whether anyone is in danger now.")
    if values["thinks_crime"] not in THINKS_CRIME:
        errors["thinks_crime"] = _("Choose yes, no or not sure.")
    if values["constituency"] and values["constituency"] not in geography.constituencies():
        errors["constituency"] = _("Choose a constituency from the list, or leave it blank.")
    happened_on = _date(form, errors)
    if errors:
        return _new_page(request, db, user, values, errors)
    acting = permissions.acting_for(db, user, candidate_id)
    case = service.start_case(session=db, acting=acting)
    try:
        service.update_details(
            session=db,
            case=case,
            acting=acting,
            details=service.Details(
                summary=values["summary"],
                platforms=values["platforms"],
                accounts=values["accounts"].splitlines(),
                happened_on=happened_on,
                in_danger_now=values["in_danger_now"] == "yes",
                candidate_thinks_crime=THINKS_CRIME[values["thinks_crime"]],
                constituency=values["constituency"] or None,
            ),
        )
    except service.CaseInvalid as error:
        db.rollback()
        return _new_page(request, db, user, values, _problems(error))
    db.commit()
    return redirect(request, f"/cases/{case.id}")


def _case_page(
    request: Request,
    db: Session,
    user: User,
    case: Case,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
) -> HTMLResponse:
    errors = errors or {}
    escalation = case.escalation
    forces = police.suggested_forces(case) or geography.forces()
    return render(
        request,
        "cases/case.html",
        {
            "case": case,
            "draft": case.status.value == "draft",
            "may_change": user.role in CASE_WRITERS,
            "urgent": service.is_urgent(case),
            "may_be_crime": service.may_be_crime(case),
            "severity": service.case_severity(case),
            "items": case.items,
            "reports": [present.report_for_candidate(r) for r in case.reports],
            "escalation": present.escalation_for_candidate(case) if escalation else None,
            "forces": [(f.slug, pick(f.name)) for f in forces],
            "steps": [
                (s.at, _step_text(s.action, s.details), s.delegated)
                for s in service.timeline(session=db, case=case)
            ],
            "labels": LABELS,
            "label_words": LABEL_WORDS,
            "severity_words": SEVERITY_WORDS,
            "platform_name": platform_name,
            "case_platforms": [(slug, platform_name(slug)) for slug in case.platforms],
            "values": values or {},
            "field_errors": errors,
            "errors": [
                {"text": m, "href": f"#{k}" if k in ON_CASE_PAGE else "#case"}
                for k, m in errors.items()
            ],
            "case_error": " ".join(m for k, m in errors.items() if k not in ON_CASE_PAGE),
            "when": when,
            "max_mb": cases_settings().max_upload_bytes // (1024 * 1024),
        },
        status_code=400 if errors else 200,
    )


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(request: Request, case_id: Id, user: Reader, db: DB) -> HTMLResponse:
    case = permissions.readable_case(db, user, case_id)
    service.view_case(session=db, case=case, user=user)
    db.commit()
    return _case_page(request, db, user, case)


def _refuse(
    request: Request, db: Session, user: User, case_id: int, problems: dict[str, str], **values: Any
) -> HTMLResponse:
    """Write nothing, and show the case again with what to fix."""
    db.rollback()
    case, _acting = permissions.writable_case(db, user, case_id)
    return _case_page(request, db, user, case, problems, values)


@router.post("/cases/{case_id}/items", response_class=HTMLResponse)
def add_item(request: Request, case_id: Id, user: Writer, form: PostedForm, db: DB) -> Response:
    case, acting = permissions.writable_case(db, user, case_id)
    entry = service.NewText(
        text=text(form, "text"),
        url=text(form, "url"),
        platform_slug=text(form, "platform") or None,
        author_handle=text(form, "author"),
    )
    try:
        service.add_texts(session=db, case=case, acting=acting, entries=[entry])
    except service.CaseInvalid as error:
        return _refuse(request, db, user, case_id, _problems(error), text=entry.text, url=entry.url)
    db.commit()
    return redirect(request, f"/cases/{case_id}#evidence")


@router.post("/cases/{case_id}/files", response_class=HTMLResponse)
def add_files(request: Request, case_id: Id, user: Writer, form: PostedForm, db: DB) -> Response:
    """Screenshots, photos and exports; one bad file refuses the upload, saying which.

    check_writable ends the transaction the access check began, so none is open while the
    files are checked and OCR runs (see service.prepare_files). The files are already
    spooled by read_form: reading them here, in the worker thread, waits on no network.
    """
    permissions.check_writable(db, user, case_id)
    limit = cases_settings().max_upload_bytes
    uploads = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    if not uploads:
        return _refuse(request, db, user, case_id, {"files": _("Choose one or more files.")})
    if len(uploads) > cases_settings().max_files_per_upload:
        return _refuse(request, db, user, case_id, {"files": _("Upload fewer files at once.")})
    read = [(f.filename or "upload", f.file.read(limit + 1)) for f in uploads]
    try:
        prepared = service.prepare_files(read)
        case, acting = permissions.writable_case(db, user, case_id)
        service.add_files(
            session=db,
            case=case,
            acting=acting,
            prepared=prepared,
            platform_slug=text(form, "platform") or None,
        )
    except service.UploadsRefused as refused:
        problem = {"files": "; ".join(str(r) for r in refused.refused)}
        return _refuse(request, db, user, case_id, problem)
    except service.CaseInvalid as error:
        return _refuse(request, db, user, case_id, _problems(error))
    db.commit()
    return redirect(request, f"/cases/{case_id}#evidence")


@router.get("/cases/{case_id}/items/{item_id}/image", response_class=Response)
def item_image(case_id: Id, item_id: Id, user: Reader, db: DB) -> Response:
    """A screenshot as people see it: a PNG with the metadata stripped."""
    case = permissions.readable_case(db, user, case_id)
    item = service.item_of(case, item_id)
    if item is None or item.kind != ItemKind.IMAGE or item.sha256 is None:
        raise NotFound()
    png = evidence_store.display_copy(item.sha256)
    service.view_item(session=db, case=case, item=item, actor=f"user:{user.id}", what="display")
    db.commit()
    return Response(png, media_type="image/png")


@router.post("/cases/{case_id}/labels", response_class=HTMLResponse)
def confirm_labels(
    request: Request, case_id: Id, user: Writer, form: PostedForm, db: DB
) -> Response:
    """The candidate confirms or corrects what triage said about each item."""
    case, acting = permissions.writable_case(db, user, case_id)
    chosen = {
        item.id: [v for v in form.getlist(f"labels-{item.id}") if isinstance(v, str)]
        for item in case.items
        if item.kind != ItemKind.EXPORT
    }
    try:
        service.set_labels(session=db, case=case, acting=acting, labels=chosen)
    except service.CaseInvalid as error:
        return _refuse(request, db, user, case_id, _problems(error))
    db.commit()
    return redirect(request, f"/cases/{case_id}#send")


@router.post("/cases/{case_id}/submit", response_class=HTMLResponse)
def submit(request: Request, case_id: Id, user: Writer, db: DB) -> Response:
    case, acting = permissions.writable_case(db, user, case_id)
    try:
        service.submit_case(session=db, case=case, acting=acting)
    except service.CaseInvalid as error:
        return _refuse(request, db, user, case_id, _problems(error))
    db.commit()
    return redirect(request, f"/cases/{case_id}")


@router.post("/cases/{case_id}/police", response_class=HTMLResponse)
def send_to_police(
    request: Request, case_id: Id, user: Writer, form: PostedForm, db: DB
) -> Response:
    """Send the case to a police force, with the candidate's explicit consent."""
    case, acting = permissions.writable_case(db, user, case_id)
    force = text(form, "force")
    try:
        police.escalate(
            session=db,
            case=case,
            acting=acting,
            force_slug=force,
            consent=text(form, "consent") == "yes",
        )
    except service.CaseInvalid as error:
        return _refuse(request, db, user, case_id, _problems(error), force=force)
    db.commit()
    return redirect(request, f"/cases/{case_id}#police")


@router.get("/cases/{case_id}/pack", response_class=Response)
def case_pack(case_id: Id, user: Writer, db: DB) -> Response:
    return downloads.own_pack(db, user, case_id)


# ---------------------------------------------------------------- platforms


def _platform(user: User) -> PlatformActor:
    """The member's organisation, acting through them (the role guarantees one)."""
    if user.organisation is None:
        raise NotFound()
    return PlatformActor(organisation=user.organisation, user=user)


@router.get("/platform/reports", response_class=HTMLResponse)
def platform_queue(request: Request, member: PlatformMember, db: DB) -> HTMLResponse:
    actor = _platform(member)
    reports = routing.queue(session=db, organisation=actor.organisation)
    return render(
        request,
        "cases/platform_queue.html",
        {
            "organisation": actor.organisation,
            "reports": [present.platform_report(db, r, PLATFORM_IMAGE) for r in reports],
            "platform_name": platform_name,
            "decision_words": routing.decision_words,
            "when": when,
        },
    )


def _report_page(
    request: Request,
    db: Session,
    actor: PlatformActor,
    report_id: int,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
) -> HTMLResponse:
    report = permissions.platform_report(db, actor, report_id)
    return render(
        request,
        "cases/platform_report.html",
        {
            "report": present.platform_report(db, report, PLATFORM_IMAGE),
            "platform_name": platform_name,
            "decision_words": routing.decision_words,
            "decisions": [(d.value, routing.decision_words(d)) for d in Decision],
            "label_words": LABEL_WORDS,
            "when": when,
            "values": values or {},
            "field_errors": errors or {},
            "errors": error_list(errors or {}),
        },
        status_code=400 if errors else 200,
    )


@router.get("/platform/reports/{report_id}", response_class=HTMLResponse)
def platform_report(
    request: Request, report_id: Id, member: PlatformMember, db: DB
) -> HTMLResponse:
    actor = _platform(member)
    report = permissions.platform_report(db, actor, report_id)
    routing.view_report(session=db, report=report, actor=actor.label)
    db.commit()
    return _report_page(request, db, actor, report_id)


@router.post("/platform/reports/{report_id}/acknowledge", response_class=HTMLResponse)
def acknowledge(request: Request, report_id: Id, member: PlatformMember, db: DB) -> Response:
    actor = _platform(member)
    report = permissions.platform_report(db, actor, report_id)
    try:
        routing.acknowledge(session=db, report=report, actor=actor.label)
    except routing.ReportStateError as error:
        db.rollback()
        return _report_page(request, db, actor, report_id, {"acknowledge": str(error)})
    db.commit()
    return redirect(request, f"/platform/reports/{report_id}")


@router.post("/platform/reports/{report_id}/decision", response_class=HTMLResponse)
def decide(
    request: Request, report_id: Id, member: PlatformMember, form: PostedForm, db: DB
) -> Response:
    """The decision and the rule applied (needed to remove, restrict or suspend)."""
    actor = _platform(member)
    report = permissions.platform_report(db, actor, report_id)
    values = {k: text(form, k) for k in ("decision", "rule_applied", "note")}
    try:
        decision = Decision(values["decision"])
    except ValueError:
        return _report_page(
            request, db, actor, report_id, {"decision": _("Choose a decision.")}, values
        )
    if len(values["rule_applied"]) > 300 or len(values["note"]) > 5000:
        problem = {"rule_applied": _("Keep the rule to 300 characters and the note to 5,000.")}
        return _report_page(request, db, actor, report_id, problem, values)
    try:
        routing.decide(
            session=db,
            report=report,
            actor=actor.label,
            decision=decision,
            rule_applied=values["rule_applied"],
            note=values["note"],
        )
    except routing.ReportStateError as error:
        db.rollback()
        return _report_page(request, db, actor, report_id, {"rule_applied": str(error)}, values)
    db.commit()
    return redirect(request, f"/platform/reports/{report_id}")


# ---------------------------------------------------------------- police


@router.get("/police/cases", response_class=HTMLResponse)
def police_cases(request: Request, user: Liaison, db: DB) -> HTMLResponse:
    escalations = police.cases_for_force(session=db, user=user)
    return render(
        request,
        "cases/police_list.html",
        {"escalations": escalations, "status_words": police.status_words, "when": when},
    )


def _police_page(
    request: Request,
    db: Session,
    user: User,
    case_id: int,
    errors: dict[str, str] | None = None,
) -> HTMLResponse:
    escalation = permissions.police_escalation(db, user, case_id)
    return render(
        request,
        "cases/police_case.html",
        {
            "case": present.police_case(db, escalation.case),
            "statuses": [(s.value, police.status_words(s)) for s in PoliceStatus],
            "status_words": police.status_words,
            "platform_name": platform_name,
            "label_words": LABEL_WORDS,
            "severity_words": SEVERITY_WORDS,
            "when": when,
            "field_errors": errors or {},
            "errors": error_list(errors or {}),
        },
        status_code=400 if errors else 200,
    )


@router.get("/police/cases/{case_id}", response_class=HTMLResponse)
def police_case(request: Request, case_id: Id, user: Liaison, db: DB) -> HTMLResponse:
    escalation = permissions.police_escalation(db, user, case_id)
    police.view(session=db, escalation=escalation, user=user)
    db.commit()
    return _police_page(request, db, user, case_id)


@router.get("/police/cases/{case_id}/pack", response_class=Response)
def police_pack(case_id: Id, user: Liaison, db: DB) -> Response:
    return downloads.police_pack(db, user, case_id)


@router.post("/police/cases/{case_id}", response_class=HTMLResponse)
def police_update(
    request: Request, case_id: Id, user: Liaison, form: PostedForm, db: DB
) -> Response:
    """A reference number, notes (never shown to the candidate) and the status they see."""
    escalation = permissions.police_escalation(db, user, case_id)
    try:
        status = PoliceStatus(text(form, "status"))
    except ValueError:
        return _police_page(request, db, user, case_id, {"status": _("Choose a status.")})
    try:
        police.update(
            session=db,
            escalation=escalation,
            user=user,
            status=status,
            reference=text(form, "reference"),
            notes=text(form, "notes"),
        )
    except service.CaseInvalid as error:
        db.rollback()
        return _police_page(request, db, user, case_id, _problems(error))
    db.commit()
    return redirect(request, f"/police/cases/{case_id}")


# ---------------------------------------------------------------- coordinators

Hub = Annotated[User, allow_roles(*HUB_STAFF_ROLES)]
HUB_FLASHES = {
    "deadlines_saved": lazy_gettext("Deadlines saved"),
    "retention_saved": lazy_gettext("Retention rule saved"),
    "deadlines_checked": lazy_gettext("Deadlines checked"),
}
MAX_HOURS = 24 * 60


def _coordinator_page(
    request: Request,
    db: Session,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> HTMLResponse:
    election_day, months = retention.rule(db)
    flashed = pop_flash(request)
    return render(
        request,
        "cases/coordinator.html",
        {
            "overdue": routing.overdue_reports(session=db),
            "deadlines": [(slug, routing.deadlines_for(db, slug)) for slug in platform_slugs()],
            "election_day": election_day,
            "months": months,
            "retain_until": retention.default_retain_until(db),
            "platform_name": platform_name,
            "status_words": routing.status_words,
            "when": when,
            "flash": str(HUB_FLASHES[flashed]) if flashed in HUB_FLASHES else None,
            "values": values or {},
            "field_errors": errors or {},
            "errors": error_list(errors or {}),
        },
        status_code=400 if errors else 200,
    )


@router.get("/coordinator", response_class=HTMLResponse)
def coordinator(request: Request, user: Hub, db: DB) -> HTMLResponse:
    """Overdue reports across every platform, default deadlines and the retention rule."""
    return _coordinator_page(request, db)


def _whole(value: str, most: int) -> int | None:
    value = value.strip()
    if not value.isdigit() or len(value) > 6 or int(value) > most:
        return None
    return int(value)


@router.post("/coordinator/deadlines/{platform}", response_class=HTMLResponse)
def save_deadlines(
    request: Request, platform: str, user: Hub, form: PostedForm, db: DB
) -> Response:
    """A platform's default times to acknowledge and to decide (for reports routed later)."""
    if platform not in platform_slugs():
        raise NotFound()
    raw_ack, raw_decide = text(form, "acknowledge_hours"), text(form, "decide_hours")
    values = {f"ack-{platform}": raw_ack, f"decide-{platform}": raw_decide}
    ack, decide_hours = _whole(raw_ack, MAX_HOURS), _whole(raw_decide, MAX_HOURS)
    errors: dict[str, str] = {}
    if not ack:
        errors[f"ack-{platform}"] = _("Enter a whole number of hours from 1 to 1440")
    if not decide_hours:
        errors[f"decide-{platform}"] = _("Enter a whole number of hours from 1 to 1440")
    elif ack and decide_hours < ack:
        errors[f"decide-{platform}"] = _(
            "The time to decide must be at least the time to acknowledge"
        )
    if errors or not ack or not decide_hours:
        return _coordinator_page(request, db, values, errors)
    routing.set_deadlines(
        session=db,
        platform_slug=platform,
        acknowledge_hours=ack,
        decide_hours=decide_hours,
        user_id=user.id,
    )
    db.commit()
    flash(request, "deadlines_saved")
    return redirect(request, "/coordinator#deadlines")


@router.post("/coordinator/retention", response_class=HTMLResponse)
def save_retention(request: Request, user: Hub, form: PostedForm, db: DB) -> Response:
    """Election day and how many months after it cases are kept (then deleted for real)."""
    values = {p: text(form, f"election_day-{p}") for p in ("day", "month", "year")}
    values["months_after"] = text(form, "months_after")
    errors: dict[str, str] = {}
    day: date | None = None
    try:
        day = date(int(values["year"]), int(values["month"]), int(values["day"]))
    except ValueError:
        errors["election_day"] = _("Enter a real date, like 7 5 2026.")
    months = _whole(values["months_after"], 120)
    if months is None:
        errors["months_after"] = _("Enter a whole number of months from 0 to 120")
    if errors or day is None or months is None:
        return _coordinator_page(request, db, values, errors)
    retention.set_rule(session=db, election_day=day, months_after=months, user_id=user.id)
    db.commit()
    flash(request, "retention_saved")
    return redirect(request, "/coordinator#retention")


@router.post("/coordinator/check-deadlines")
def check_deadlines(request: Request, user: Hub, db: DB) -> Response:
    """Run the overdue check now (the scheduled job does the same on its own)."""
    routing.flag_overdue(session=db)
    db.commit()
    flash(request, "deadlines_checked")
    return redirect(request, "/coordinator#overdue")
