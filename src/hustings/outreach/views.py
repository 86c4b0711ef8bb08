"""Outreach pages: following an invitation, acknowledging the guide, the reach dashboard,
people and their invitations, letters, and the import upload.

Invitation pages are public (the secret is the credential) and rate-limited. The dashboard
and people pages are for coordinators (everyone), party officers (their party) and electoral
officials (their area); object-level checks in permissions.py, and a person outside the
caller's scope is not found. Imports are for coordinators.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from hustings.audit.service import record
from hustings.auth import service as accounts
from hustings.auth.access import allow_roles, public, signed_in
from hustings.auth.forms import PostedForm, client_ip, error_list, flash, pop_flash, redirect, text
from hustings.auth.models import User
from hustings.auth.roles import HUB_STAFF_ROLES, Role
from hustings.auth.rules import AccountError
from hustings.auth.sessions import (
    STAGE_COMPLETE,
    STAGE_NEEDS_ENROLMENT,
    STAGE_NEEDS_SECOND_FACTOR,
    start_session,
)
from hustings.db import get_db
from hustings.outreach import imports, jobs, service
from hustings.outreach.labels import describe_position, kind_labels, role_label
from hustings.outreach.letters import letters_pdf
from hustings.outreach.models import Channel, Invitation, Person
from hustings.outreach.permissions import OUTREACH_ROLES, scope_for, visible_person
from hustings.policy import service as policy
from hustings.web import ratelimit
from hustings.web.i18n import gettext as _
from hustings.web.i18n import lazy_gettext
from hustings.web.templating import render

router = APIRouter(include_in_schema=False)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
PAGE_SIZE = 100
ACKNOWLEDGE_PATH = "/outreach/acknowledge"
FLASHES = {
    "acknowledged": lazy_gettext("Thank you: we have recorded that you have read the guide"),
    "invitation_sent": lazy_gettext("The invitation has been sent"),
    "invitation_bounced": lazy_gettext(
        "The email address refused the invitation: print a letter instead"
    ),
    "invitations_queued": lazy_gettext("Invitations are on their way to everyone not yet invited"),
    "no_letters": lazy_gettext("Everyone without an email address has already been sent a letter"),
}
STAGES = {
    accounts.NextStep.DONE: STAGE_COMPLETE,
    accounts.NextStep.SECOND_FACTOR: STAGE_NEEDS_SECOND_FACTOR,
    accounts.NextStep.ENROL_SECOND_FACTOR: STAGE_NEEDS_ENROLMENT,
}


# ---------------------------------------------------------------- following an invitation


def _invalid(request: Request) -> HTMLResponse:
    return render(request, "outreach/invitation_invalid.html", status_code=400)


def _invitation_page(
    request: Request,
    db: Session,
    invitation: Invitation,
    secret: str,
    errors: dict[str, str] | None = None,
    email: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    person = db.get(Person, invitation.person_id)
    assert person is not None
    has_account = service.account_for(session=db, person=person) is not None
    return render(
        request,
        "outreach/invitation.html",
        {
            "person": person,
            "positions": [describe_position(p) for p in person.positions],
            "secret": secret,
            "letter": invitation.channel == Channel.LETTER and not has_account,
            "new_password": service.needs_new_password(session=db, invitation=invitation),
            "email": email,
            "field_errors": errors or {},
            "errors": error_list(errors or {}),
        },
        status_code=status_code,
        headers={"cache-control": "no-store"},
    )


@router.get("/invitation", response_class=HTMLResponse, dependencies=[public()])
def code_form(request: Request) -> HTMLResponse:
    """Where a letter's code is typed in."""
    return render(request, "outreach/code.html", {"field_errors": {}, "code": ""})


@router.post("/invitation", response_class=HTMLResponse, dependencies=[public()])
def code_submit(request: Request, form: PostedForm, db: Session = Depends(get_db)) -> Response:
    ratelimit.enforce("10/minute", "invitation-ip", client_ip(request))
    code = service.normalise_secret(text(form, "code"))
    invitation = service.find_invitation(session=db, secret=code) if code else None
    if invitation is None or invitation.channel != Channel.LETTER:
        errors = {
            "code": _("Enter the code from your letter")
            if not code
            else _("This code does not work: check it, or ask for a new letter")
        }
        return render(
            request,
            "outreach/code.html",
            {"field_errors": errors, "errors": error_list(errors), "code": code},
            status_code=400,
        )
    return redirect(request, f"/invitation/{code}")


@router.get("/invitation/{secret}", response_class=HTMLResponse, dependencies=[public()])
def invitation_form(request: Request, secret: str, db: Session = Depends(get_db)) -> Response:
    """The page an invitation opens. Nothing is used up until the form is sent (mail
    scanners that follow links must not spend the invitation)."""
    ratelimit.enforce("30/minute", "invitation-ip", client_ip(request))
    invitation = service.find_invitation(session=db, secret=secret)
    if invitation is None:
        return _invalid(request)
    return _invitation_page(request, db, invitation, secret)


@router.post("/invitation/{secret}", response_class=HTMLResponse, dependencies=[public()])
def invitation_accept(
    request: Request, secret: str, form: PostedForm, db: Session = Depends(get_db)
) -> Response:
    ratelimit.enforce("10/minute", "invitation-ip", client_ip(request))
    invitation = service.find_invitation(session=db, secret=secret)
    if invitation is None:
        return _invalid(request)
    password, confirm, email = text(form, "password"), text(form, "confirm_password"), ""
    email = text(form, "email").strip()
    new_password = service.needs_new_password(session=db, invitation=invitation)
    try:
        if new_password and password and password != confirm:
            raise AccountError.one("confirm_password", _("The passwords do not match"))
        if new_password and not password:
            raise AccountError.one("password", _("Choose a password"))
        user = service.accept_invitation(
            session=db, invitation=invitation, password=password, email=email or None
        )
    except AccountError as error:
        db.rollback()
        return _invitation_page(
            request, db, invitation, secret, error.errors, email=email, status_code=400
        )
    db.commit()
    return _sign_in(request, db, user)


def _sign_in(request: Request, db: Session, user: User) -> Response:
    """The same steps as signing in with a password: a second factor when the role needs
    one, then the acknowledgement page."""
    step = accounts.next_step_for(user)
    start_session(request, user, STAGES[step])
    if step == accounts.NextStep.DONE:
        accounts.complete_sign_in(session=db, user=user, second_factor=False)
        db.commit()
        return redirect(request, ACKNOWLEDGE_PATH)
    request.session["next"] = ACKNOWLEDGE_PATH
    if step == accounts.NextStep.SECOND_FACTOR:
        return redirect(request, "/sign-in/second-factor")
    return redirect(request, "/sign-in/set-up-second-factor")


# ---------------------------------------------------------------- acknowledging the guide


def _guide_version() -> str:
    return str(policy.knowledge_base().data_version)


@router.get(ACKNOWLEDGE_PATH, response_class=HTMLResponse)
def acknowledge_form(
    request: Request, user: Annotated[User, signed_in()], db: Session = Depends(get_db)
) -> HTMLResponse:
    person = service.person_of(session=db, user=user)
    db.commit()
    return render(
        request,
        "outreach/acknowledge.html",
        {"person": person, "flash": FLASHES.get(pop_flash(request) or ""), "field_errors": {}},
    )


@router.post(ACKNOWLEDGE_PATH, response_class=HTMLResponse)
def acknowledge(
    request: Request,
    user: Annotated[User, signed_in()],
    form: PostedForm,
    db: Session = Depends(get_db),
) -> Response:
    person = service.person_of(session=db, user=user)
    if person is None:
        return redirect(request, ACKNOWLEDGE_PATH)
    if text(form, "read") != "yes":
        errors = {"read": _("Tick the box to say you have read the guide")}
        db.rollback()
        return render(
            request,
            "outreach/acknowledge.html",
            {"person": person, "field_errors": errors, "errors": error_list(errors)},
            status_code=400,
        )
    service.acknowledge_guide(
        session=db, person=person, version=_guide_version(), actor=f"user:{user.id}"
    )
    db.commit()
    flash(request, "acknowledged")
    return redirect(request, ACKNOWLEDGE_PATH)


# ---------------------------------------------------------------- the reach dashboard


def _bars(tallies: list[service.Tally]) -> list[dict[str, Any]]:
    return [
        {
            "label": t.label,
            "total": t.total,
            "invited": t.invited,
            "bounced": t.bounced,
            "reached": t.reached,
            "acknowledged": t.acknowledged,
            "reached_share": t.reached_share,
            "acknowledged_share": t.acknowledged_share,
        }
        for t in tallies
    ]


@router.get("/outreach", response_class=HTMLResponse)
def dashboard(
    request: Request,
    user: Annotated[User, allow_roles(*OUTREACH_ROLES)],
    db: Session = Depends(get_db),
) -> HTMLResponse:
    """Share of people reached and acknowledged, by kind, party, area and role."""
    scope = scope_for(user)
    reach = service.reach(session=db, scope=scope, kind_labels=kind_labels())
    for tally in reach.by_role:
        tally.label = role_label(tally.label)
    waiting = service.not_reached(session=db, scope=scope, limit=200)
    record(
        session=db,
        actor=f"user:{user.id}",
        action="outreach.reach_view",
        subject_type="outreach_scope",
        subject_id=scope.party_org_id or scope.authority_id or 0,
    )
    db.commit()
    return render(
        request,
        "outreach/dashboard.html",
        {
            "overall": _bars([reach.overall])[0],
            "groups": [
                ("kind", _("By kind"), _("Kind"), _bars(reach.by_kind)),
                ("party", _("By party"), _("Party"), _bars(reach.by_party)),
                ("area", _("By area"), _("Area"), _bars(reach.by_area)),
                ("role", _("By role"), _("Role"), _bars(reach.by_role)),
            ],
            "waiting": waiting,
            "waiting_total": reach.overall.total - reach.overall.reached,
            "is_hub": user.role in HUB_STAFF_ROLES,
            "flash": FLASHES.get(pop_flash(request) or ""),
            "describe": _describe,
        },
    )


def _describe(person: Person) -> str:
    return "; ".join(describe_position(p) for p in person.positions)


@router.post("/outreach/invite", response_class=HTMLResponse)
def invite_everyone(
    request: Request,
    user: Annotated[User, allow_roles(*OUTREACH_ROLES)],
    db: Session = Depends(get_db),
) -> Response:
    """Email everyone in the caller's scope who has an address and has not been invited."""
    people = [p.id for p in service.not_yet_invited(session=db, scope=scope_for(user)) if p.email]
    db.commit()  # the jobs write in their own transactions
    for person_id in people:
        jobs.send_invitation(person_id, f"user:{user.id}")
    flash(request, "invitations_queued")
    return redirect(request, "/outreach")


@router.post("/outreach/letters.pdf", response_class=Response)
def letters_for_everyone(
    request: Request,
    user: Annotated[User, allow_roles(*OUTREACH_ROLES)],
    db: Session = Depends(get_db),
) -> Response:
    """Letters for everyone in scope without an email address who has not been invited."""
    people = [p for p in service.not_yet_invited(session=db, scope=scope_for(user)) if not p.email]
    if not people:
        flash(request, "no_letters")
        return redirect(request, "/outreach")
    return _letters(db, user, people)


def _letters(db: Session, user: User, people: list[Person]) -> Response:
    letters = []
    for person in people:
        issued = service.issue_invitation(
            session=db, person=person, channel=Channel.LETTER, actor=f"user:{user.id}"
        )
        service.mark_sent(session=db, invitation=issued.invitation)
        letters.append((person, issued))
    pdf = letters_pdf(letters)
    db.commit()
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": 'attachment; filename="hustings-letters.pdf"',
            "Cache-Control": "no-store",
        },
    )


# ---------------------------------------------------------------- people


@router.get("/outreach/people", response_class=HTMLResponse)
def people(
    request: Request,
    user: Annotated[User, allow_roles(*OUTREACH_ROLES)],
    page: int = 1,
    db: Session = Depends(get_db),
) -> HTMLResponse:
    scope = scope_for(user)
    total = service.count_people(session=db, scope=scope)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    rows = list(
        db.scalars(
            select(Person)
            .where(scope.condition())
            .order_by(func.lower(Person.full_name), Person.id)
            .offset((page - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE)
        )
    )
    return render(
        request,
        "outreach/people.html",
        {
            "people": rows,
            "page": page,
            "pages": pages,
            "total": total,
            "describe": _describe,
        },
    )


def _person_page(request: Request, db: Session, person: Person) -> HTMLResponse:
    invitations = list(
        db.scalars(
            select(Invitation)
            .where(Invitation.person_id == person.id)
            .order_by(Invitation.created_at.desc(), Invitation.id.desc())
        )
    )
    return render(
        request,
        "outreach/person.html",
        {
            "person": person,
            "positions": [describe_position(p) for p in person.positions],
            "accounts": sorted(person.accounts, key=lambda a: a.platform),
            "invitations": invitations,
            "flash": FLASHES.get(pop_flash(request) or ""),
        },
    )


@router.get("/outreach/people/{person_id}", response_class=HTMLResponse)
def person_page(
    request: Request,
    person_id: int,
    user: Annotated[User, allow_roles(*OUTREACH_ROLES)],
    db: Session = Depends(get_db),
) -> HTMLResponse:
    person = visible_person(db, user, person_id)
    record(
        session=db,
        actor=f"user:{user.id}",
        action="outreach.person_view",
        subject_type="outreach_person",
        subject_id=person.id,
    )
    db.commit()
    return _person_page(request, db, person)


@router.post("/outreach/people/{person_id}/invite", response_class=HTMLResponse)
def resend_invitation(
    request: Request,
    person_id: int,
    user: Annotated[User, allow_roles(*OUTREACH_ROLES)],
    db: Session = Depends(get_db),
) -> Response:
    """Email a fresh invitation now (the earlier link stops working)."""
    person = visible_person(db, user, person_id)
    if not person.email:
        return redirect(request, f"/outreach/people/{person.id}")
    ratelimit.enforce("20/minute", "outreach-invite", str(user.id))
    delivered = jobs.deliver_invitation(
        session=db, person=person, actor=f"user:{user.id}", reminder=False
    )
    db.commit()
    flash(request, "invitation_sent" if delivered else "invitation_bounced")
    return redirect(request, f"/outreach/people/{person.id}")


@router.post("/outreach/people/{person_id}/letter.pdf", response_class=Response)
def print_letter(
    request: Request,
    person_id: int,
    user: Annotated[User, allow_roles(*OUTREACH_ROLES)],
    db: Session = Depends(get_db),
) -> Response:
    """A letter with a fresh code (any earlier link or code stops working)."""
    person = visible_person(db, user, person_id)
    return _letters(db, user, [person])


# ---------------------------------------------------------------- imports


def _import_page(
    request: Request,
    report: imports.ImportReport | None = None,
    errors: dict[str, str] | None = None,
    kind: str = "candidates",
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "outreach/import.html",
        {
            "report": report,
            "kind": kind,
            "field_errors": errors or {},
            "errors": error_list(errors or {}),
        },
        status_code=status_code,
    )


@router.get("/outreach/import", response_class=HTMLResponse)
def import_form(
    request: Request, user: Annotated[User, allow_roles(Role.COORDINATOR, Role.ADMIN)]
) -> HTMLResponse:
    return _import_page(request)


@router.post("/outreach/import", response_class=HTMLResponse)
def import_upload(
    request: Request,
    user: Annotated[User, allow_roles(Role.COORDINATOR, Role.ADMIN)],
    form: PostedForm,
    db: Session = Depends(get_db),
) -> HTMLResponse:
    """The CLI's import, with the same checks and the same report of bad rows.

    The upload is already spooled by read_form, so the plain file read here (in the worker
    thread) does not wait on the network."""
    kind = text(form, "kind")
    upload = form.get("file")
    errors: dict[str, str] = {}
    if kind not in ("candidates", "staff"):
        errors["kind"] = _("Choose what the file holds")
    data = b""
    if not isinstance(upload, UploadFile) or not upload.filename:
        errors["file"] = _("Choose a CSV file")
    else:
        data = upload.file.read(MAX_UPLOAD_BYTES + 1)
        if len(data) > MAX_UPLOAD_BYTES:
            errors["file"] = _("The file must be smaller than 20 MB")
        elif not data:
            errors["file"] = _("The file is empty")
    if errors:
        return _import_page(request, errors=errors, kind=kind, status_code=400)
    try:
        report = imports.run_import(
            session=db,
            kind=kind,
            data=data,
            dry_run=text(form, "dry_run") == "yes",
            atomic=text(form, "atomic") == "yes",
            actor=f"user:{user.id}",
        )
    except imports.ImportFileError as error:
        db.rollback()
        return _import_page(request, errors={"file": str(error)}, kind=kind, status_code=400)
    db.commit()
    return _import_page(request, report=report, kind=kind)
