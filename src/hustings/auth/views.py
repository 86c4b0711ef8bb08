"""Signing in and out: password, second factor (or setting one up), forgotten passwords.

Every answer to a wrong email address or password is the same whether or not the account
exists, and so is the 'check your email' page after asking for a reset link.

Form routes are plain defs taking a PostedForm: the form is read on the event loop, the
database work runs in FastAPI's worker thread (see hustings.auth.forms.read_form).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from hustings.auth import second_factor as totp
from hustings.auth import service
from hustings.auth.access import public
from hustings.auth.account_views import router as account_router
from hustings.auth.forms import (
    PostedForm,
    client_ip,
    error_list,
    flash,
    pop_flash,
    redirect,
    safe_next,
    text,
    uk_time,
)
from hustings.auth.jobs import send_password_reset
from hustings.auth.key_views import router as key_router
from hustings.auth.models import User
from hustings.auth.pages import set_up_page
from hustings.auth.resets import reset_password, user_for_token
from hustings.auth.rules import AccountError, email_problem, normalise_email
from hustings.auth.sessions import (
    STAGE_COMPLETE,
    STAGE_NEEDS_ENROLMENT,
    STAGE_NEEDS_SECOND_FACTOR,
    end_session,
    pending_user,
    start_session,
)
from hustings.db import get_db
from hustings.web import ratelimit
from hustings.web.i18n import gettext as _
from hustings.web.templating import render

router = APIRouter(include_in_schema=False)
router.include_router(account_router)
router.include_router(key_router)

NEXT_KEY = "next"
IP_LIMIT = "20/minute"
ACCOUNT_LIMIT = "10/minute"
STAGES = {
    service.NextStep.DONE: STAGE_COMPLETE,
    service.NextStep.SECOND_FACTOR: STAGE_NEEDS_SECOND_FACTOR,
    service.NextStep.ENROL_SECOND_FACTOR: STAGE_NEEDS_ENROLMENT,
}


def _sign_in_page(
    request: Request,
    *,
    email: str = "",
    next_path: str | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "auth/sign_in.html",
        {
            "email": email,
            "next": next_path or "",
            "field_errors": errors or {},
            "errors": error_list(errors or {}),
            "flash": pop_flash(request),
        },
        status_code=status_code,
    )


def _locked_page(request: Request, until: datetime, email: str = "") -> HTMLResponse:
    message = _(
        "You have entered the wrong details too many times. Try again after %(time)s (UK time)",
        time=uk_time(until),
    )
    return _sign_in_page(request, email=email, errors={"email": message}, status_code=429)


def _finish(request: Request, db: Session, user: User, *, second_factor: bool) -> Response:
    """Every step done: a fresh, fully signed-in session, then where they were going."""
    next_path = safe_next(request.session.get(NEXT_KEY))
    start_session(request, user, STAGE_COMPLETE)
    service.complete_sign_in(session=db, user=user, second_factor=second_factor)
    db.commit()
    return redirect(request, next_path or "/account")


@router.get("/sign-in", response_class=HTMLResponse)
def sign_in_form(
    request: Request, user: Annotated[User | None, public()], next: str | None = None
) -> Response:
    if user is not None:
        return redirect(request, safe_next(next) or "/account")
    return _sign_in_page(request, next_path=safe_next(next))


@router.post("/sign-in", response_class=HTMLResponse, dependencies=[public()])
def sign_in(request: Request, form: PostedForm, db: Session = Depends(get_db)) -> Response:
    email, password = text(form, "email").strip(), text(form, "password")
    next_path = safe_next(text(form, "next"))
    errors: dict[str, str] = {}
    if not email:
        errors["email"] = _("Enter your email address")
    if not password:
        errors["password"] = _("Enter your password")
    if errors:
        return _sign_in_page(
            request, email=email, next_path=next_path, errors=errors, status_code=400
        )
    ratelimit.enforce(IP_LIMIT, "sign-in-ip", client_ip(request))
    ratelimit.enforce(ACCOUNT_LIMIT, "sign-in-account", service.email_key(normalise_email(email)))
    result = service.authenticate(session=db, email=email, password=password)
    db.commit()  # failures and lockouts count even though the answer is 'no'
    if result.locked_until is not None:
        return _locked_page(request, result.locked_until, email)
    if result.user is None or result.next_step is None:
        message = _("The email address or password is not correct")
        return _sign_in_page(
            request,
            email=email,
            next_path=next_path,
            errors={"email": message},
            status_code=400,
        )
    if result.next_step == service.NextStep.DONE:
        request.session[NEXT_KEY] = next_path
        return _finish(request, db, result.user, second_factor=False)
    start_session(request, result.user, STAGES[result.next_step])
    request.session[NEXT_KEY] = next_path
    if result.next_step == service.NextStep.SECOND_FACTOR:
        return redirect(request, "/sign-in/second-factor")
    return redirect(request, "/sign-in/set-up-second-factor")


def _code_page(
    request: Request, errors: dict[str, str] | None = None, status_code: int = 200
) -> HTMLResponse:
    return render(
        request,
        "auth/second_factor.html",
        {"field_errors": errors or {}, "errors": error_list(errors or {})},
        status_code=status_code,
    )


@router.get("/sign-in/second-factor", response_class=HTMLResponse, dependencies=[public()])
def second_factor_form(request: Request, db: Session = Depends(get_db)) -> Response:
    if pending_user(request, db, STAGE_NEEDS_SECOND_FACTOR) is None:
        return redirect(request, "/sign-in")
    return _code_page(request)


@router.post("/sign-in/second-factor", response_class=HTMLResponse, dependencies=[public()])
def second_factor(request: Request, form: PostedForm, db: Session = Depends(get_db)) -> Response:
    user = pending_user(request, db, STAGE_NEEDS_SECOND_FACTOR)
    if user is None:
        return redirect(request, "/sign-in")
    ratelimit.enforce(IP_LIMIT, "sign-in-ip", client_ip(request))
    ratelimit.enforce(ACCOUNT_LIMIT, "second-factor", str(user.id))
    if service.is_locked(user) and user.locked_until is not None:
        end_session(request)
        return _locked_page(request, user.locked_until)
    code = text(form, "code")
    result = totp.check_code(session=db, user=user, code=code)
    if result == totp.CodeCheck.OK:
        return _finish(request, db, user, second_factor=True)
    errors = {"code": totp.code_problem(code, result) or ""}
    if result != totp.CodeCheck.MALFORMED:
        failure = service.record_failed_second_factor(session=db, user=user)
        db.commit()
        if failure.locked_until is not None:
            end_session(request)
            return _locked_page(request, failure.locked_until)
    return _code_page(request, errors, status_code=400)


@router.get("/sign-in/set-up-second-factor", response_class=HTMLResponse, dependencies=[public()])
def set_up_form(request: Request, db: Session = Depends(get_db)) -> Response:
    user = pending_user(request, db, STAGE_NEEDS_ENROLMENT)
    if user is None:
        return redirect(request, "/sign-in")
    return set_up_page(request, db, user, action="/sign-in/set-up-second-factor")


@router.post("/sign-in/set-up-second-factor", response_class=HTMLResponse, dependencies=[public()])
def set_up(request: Request, form: PostedForm, db: Session = Depends(get_db)) -> Response:
    user = pending_user(request, db, STAGE_NEEDS_ENROLMENT)
    if user is None:
        return redirect(request, "/sign-in")
    ratelimit.enforce(ACCOUNT_LIMIT, "second-factor", str(user.id))
    code = text(form, "code")
    result = totp.confirm_enrolment(session=db, user=user, code=code)
    if result != totp.CodeCheck.OK:
        errors = {"code": totp.code_problem(code, result) or ""}
        return set_up_page(
            request,
            db,
            user,
            action="/sign-in/set-up-second-factor",
            errors=errors,
            status_code=400,
        )
    response = _finish(request, db, user, second_factor=True)
    flash(request, "second_factor_on")
    return response


@router.post("/sign-out", dependencies=[public()])
def sign_out(request: Request) -> Response:
    end_session(request)
    return redirect(request, "/signed-out")


@router.get("/signed-out", response_class=HTMLResponse, dependencies=[public()])
def signed_out(request: Request) -> HTMLResponse:
    return render(request, "auth/signed_out.html")


# ---------------------------------------------------------------- forgotten passwords


@router.get("/forgot-password", response_class=HTMLResponse, dependencies=[public()])
def forgot_password_form(request: Request) -> HTMLResponse:
    return render(request, "auth/forgot_password.html", {"email": "", "field_errors": {}})


@router.post("/forgot-password", response_class=HTMLResponse, dependencies=[public()])
def forgot_password(
    request: Request, form: PostedForm, db: Session = Depends(get_db)
) -> HTMLResponse:
    email = normalise_email(text(form, "email"))
    if problem := email_problem(email):
        errors = {"email": problem}
        return render(
            request,
            "auth/forgot_password.html",
            {"email": email, "field_errors": errors, "errors": error_list(errors)},
            status_code=400,
        )
    ratelimit.enforce("5/minute", "forgot-ip", client_ip(request))
    user = service.find_user(session=db, email=email)
    db.commit()  # the job writes in its own transaction
    # At most three emails an hour to one address, silently: the page must not differ.
    if user is not None and user.is_active and ratelimit.hit("3/hour", "reset-mail", str(user.id)):
        send_password_reset(user.id)
    return render(request, "auth/forgot_password_sent.html", {"email": email})


@router.get("/reset-password/{token}", response_class=HTMLResponse, dependencies=[public()])
def reset_password_form(
    request: Request, token: str, db: Session = Depends(get_db)
) -> HTMLResponse:
    if user_for_token(session=db, token=token) is None:
        return render(request, "auth/reset_link_invalid.html", status_code=400)
    return render(
        request,
        "auth/reset_password.html",
        {"token": token, "field_errors": {}},
        headers={"cache-control": "no-store"},
    )


@router.post("/reset-password/{token}", response_class=HTMLResponse, dependencies=[public()])
def reset_password_submit(
    request: Request, token: str, form: PostedForm, db: Session = Depends(get_db)
) -> Response:
    ratelimit.enforce("10/minute", "reset-ip", client_ip(request))
    password, confirm = text(form, "password"), text(form, "confirm_password")
    errors: dict[str, str] = {}
    if user_for_token(session=db, token=token) is None:
        return render(request, "auth/reset_link_invalid.html", status_code=400)
    if password and password != confirm:
        errors["confirm_password"] = _("The passwords do not match")
    else:
        try:
            reset_password(session=db, token=token, password=password)
        except AccountError as error:
            errors = {"password": error.errors.get("password", str(error))}
    if errors:
        db.rollback()
        return render(
            request,
            "auth/reset_password.html",
            {"token": token, "field_errors": errors, "errors": error_list(errors)},
            status_code=400,
            headers={"cache-control": "no-store"},
        )
    db.commit()  # the new session epoch has ended every session of theirs, this one too
    flash(request, "password_reset")
    return redirect(request, "/sign-in")
