"""Your account: who you are, your password, your second factor, who may act for you.

Form routes are plain defs taking a PostedForm: the form is read on the event loop, the
database work runs in FastAPI's worker thread (see hustings.auth.forms.read_form).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from hustings.auth import second_factor as totp
from hustings.auth import service
from hustings.auth.access import allow_roles, signed_in
from hustings.auth.forms import PostedForm, error_list, flash, pop_flash, redirect, text
from hustings.auth.labels import ORG_KIND_LABELS, ROLE_LABELS
from hustings.auth.models import User
from hustings.auth.pages import set_up_page
from hustings.auth.roles import MFA_OPTIONAL_ROLES, Role
from hustings.auth.rules import AccountError
from hustings.auth.sessions import STAGE_COMPLETE, start_session
from hustings.db import get_db
from hustings.web.errors import NotFound
from hustings.web.i18n import gettext as _
from hustings.web.i18n import lazy_gettext
from hustings.web.templating import render

router = APIRouter(include_in_schema=False)

FLASHES = {
    "password_changed": lazy_gettext("Your password has been changed"),
    "second_factor_on": lazy_gettext("Your second factor is set up"),
    "second_factor_off": lazy_gettext("Your second factor is turned off"),
    "delegation_added": lazy_gettext("They can now act for you"),
    "delegation_revoked": lazy_gettext("They can no longer act for you"),
    "language_saved": lazy_gettext("Your email language has been saved"),
    "sessions_ended": lazy_gettext("You have been signed out everywhere else"),
}


def account_page(
    request: Request,
    db: Session,
    user: User,
    errors: dict[str, str] | None = None,
    email: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    """The account page; `errors` and `email` come from a refused 'add someone' form."""
    delegations = []
    if user.role == Role.CANDIDATE:
        for delegation in service.delegations_of(session=db, candidate=user):
            delegations.append((delegation, db.get(User, delegation.staff_id)))
    acting_for = (
        service.candidates_for(session=db, staff=user) if user.role == Role.CANDIDATE_STAFF else []
    )
    flash_key = pop_flash(request)
    return render(
        request,
        "auth/account.html",
        {
            "user": user,
            "role_label": ROLE_LABELS[user.role],
            "org_kind_label": ORG_KIND_LABELS[user.organisation.kind] if user.organisation else "",
            "mfa_optional": user.role in MFA_OPTIONAL_ROLES,
            "delegations": delegations,
            "acting_for": acting_for,
            "can_manage_keys": user.role in (Role.PLATFORM_MEMBER, Role.ADMIN),
            "flash": FLASHES.get(flash_key or ""),
            "email": email,
            "field_errors": errors or {},
            "errors": error_list(errors or {}),
        },
        status_code=status_code,
    )


@router.get("/account", response_class=HTMLResponse)
def account(
    request: Request, user: Annotated[User, signed_in()], db: Session = Depends(get_db)
) -> HTMLResponse:
    return account_page(request, db, user)


# ---------------------------------------------------------------- password


def _password_page(
    request: Request, errors: dict[str, str] | None = None, status_code: int = 200
) -> HTMLResponse:
    return render(
        request,
        "auth/change_password.html",
        {"field_errors": errors or {}, "errors": error_list(errors or {})},
        status_code=status_code,
    )


@router.get("/account/password", response_class=HTMLResponse, dependencies=[signed_in()])
def change_password_form(request: Request) -> HTMLResponse:
    return _password_page(request)


@router.post("/account/password", response_class=HTMLResponse)
def change_password(
    request: Request,
    user: Annotated[User, signed_in()],
    form: PostedForm,
    db: Session = Depends(get_db),
) -> Response:
    new_password = text(form, "new_password")
    try:
        if new_password and new_password != text(form, "confirm_password"):
            raise AccountError.one("confirm_password", _("The new passwords do not match"))
        service.change_password(
            session=db,
            user=user,
            current_password=text(form, "current_password"),
            new_password=new_password,
        )
    except AccountError as error:
        db.rollback()
        return _password_page(request, error.errors, status_code=400)
    db.commit()
    start_session(request, user, STAGE_COMPLETE)  # this browser stays signed in; others end
    flash(request, "password_changed")
    return redirect(request, "/account")


@router.post("/account/sign-out-everywhere")
def sign_out_everywhere(
    request: Request, user: Annotated[User, signed_in()], db: Session = Depends(get_db)
) -> Response:
    service.end_other_sessions(session=db, user=user)
    db.commit()
    start_session(request, user, STAGE_COMPLETE)
    flash(request, "sessions_ended")
    return redirect(request, "/account")


@router.post("/account/language")
def email_language(
    request: Request,
    user: Annotated[User, signed_in()],
    form: PostedForm,
    db: Session = Depends(get_db),
) -> Response:
    try:
        service.set_preferred_language(session=db, user=user, language=text(form, "language"))
    except AccountError as error:
        db.rollback()
        return account_page(request, db, user, error.errors, status_code=400)
    db.commit()
    flash(request, "language_saved")
    return redirect(request, "/account")


# ---------------------------------------------------------------- second factor


@router.get("/account/second-factor", response_class=HTMLResponse)
def second_factor_form(
    request: Request, user: Annotated[User, signed_in()], db: Session = Depends(get_db)
) -> Response:
    if user.mfa_enabled:
        return redirect(request, "/account")
    return set_up_page(request, db, user, action="/account/second-factor", cancel="/account")


@router.post("/account/second-factor", response_class=HTMLResponse)
def second_factor(
    request: Request,
    user: Annotated[User, signed_in()],
    form: PostedForm,
    db: Session = Depends(get_db),
) -> Response:
    if user.mfa_enabled:
        return redirect(request, "/account")
    code = text(form, "code")
    result = totp.confirm_enrolment(session=db, user=user, code=code)
    if result != totp.CodeCheck.OK:
        db.rollback()
        errors = {"code": totp.code_problem(code, result) or ""}
        return set_up_page(
            request,
            db,
            user,
            action="/account/second-factor",
            cancel="/account",
            errors=errors,
            status_code=400,
        )
    db.commit()
    flash(request, "second_factor_on")
    return redirect(request, "/account")


def _turn_off_page(
    request: Request, errors: dict[str, str] | None = None, status_code: int = 200
) -> HTMLResponse:
    return render(
        request,
        "auth/turn_off_second_factor.html",
        {"field_errors": errors or {}, "errors": error_list(errors or {})},
        status_code=status_code,
    )


@router.get("/account/second-factor/turn-off", response_class=HTMLResponse)
def turn_off_form(request: Request, user: Annotated[User, signed_in()]) -> Response:
    if not user.mfa_enabled or user.role not in MFA_OPTIONAL_ROLES:
        return redirect(request, "/account")
    return _turn_off_page(request)


@router.post("/account/second-factor/turn-off", response_class=HTMLResponse)
def turn_off(
    request: Request,
    user: Annotated[User, signed_in()],
    form: PostedForm,
    db: Session = Depends(get_db),
) -> Response:
    if not user.mfa_enabled or user.role not in MFA_OPTIONAL_ROLES:
        return redirect(request, "/account")
    try:
        totp.turn_off(session=db, user=user, password=text(form, "password"))
    except AccountError as error:
        db.rollback()
        return _turn_off_page(request, error.errors, status_code=400)
    db.commit()
    flash(request, "second_factor_off")
    return redirect(request, "/account")


# ---------------------------------------------------------------- delegations


@router.post("/account/delegations", response_class=HTMLResponse)
def add_delegation(
    request: Request,
    user: Annotated[User, allow_roles(Role.CANDIDATE)],
    form: PostedForm,
    db: Session = Depends(get_db),
) -> Response:
    email = text(form, "email")
    try:
        service.grant_delegation(session=db, candidate=user, staff_email=email)
    except AccountError as error:
        db.rollback()
        return account_page(request, db, user, error.errors, email=email, status_code=400)
    db.commit()
    flash(request, "delegation_added")
    return redirect(request, "/account")


@router.post("/account/delegations/{delegation_id}/revoke")
def revoke_delegation(
    request: Request,
    delegation_id: int,
    user: Annotated[User, allow_roles(Role.CANDIDATE)],
    db: Session = Depends(get_db),
) -> Response:
    if not service.revoke_delegation(session=db, candidate=user, delegation_id=delegation_id):
        raise NotFound()
    db.commit()
    flash(request, "delegation_revoked")
    return redirect(request, "/account")
