"""API keys for platform organisations: list, create (the token is shown once), revoke.

Platform team members manage their own organisation's keys only; administrators manage any
platform's. Someone else's key is 'not found', never 'forbidden', so ids reveal nothing.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from hustings.auth import service
from hustings.auth.access import allow_roles
from hustings.auth.forms import PostedForm, error_list, flash, pop_flash, redirect, text
from hustings.auth.labels import SCOPE_LABELS
from hustings.auth.models import ApiKey, Organisation, User
from hustings.auth.roles import OrgKind, Role
from hustings.auth.rules import AccountError
from hustings.auth.scopes import ALL_SCOPES
from hustings.db import get_db
from hustings.web.errors import NotFound
from hustings.web.i18n import gettext as _
from hustings.web.templating import render

router = APIRouter(include_in_schema=False)
KEY_MANAGERS = (Role.PLATFORM_MEMBER, Role.ADMIN)


def own_organisation_id(user: User) -> int | None:
    """The organisation whose keys `user` may manage; None means every platform (admins)."""
    return None if user.role == Role.ADMIN else user.organisation_id


def _platforms(db: Session, user: User) -> list[Organisation]:
    if user.role == Role.ADMIN:
        query = select(Organisation).where(Organisation.kind == OrgKind.PLATFORM)
        return list(db.scalars(query.order_by(Organisation.name)))
    return [user.organisation] if user.organisation else []


def _key_or_404(db: Session, user: User, key_id: int) -> ApiKey:
    key = service.key_of(session=db, key_id=key_id, organisation_id=own_organisation_id(user))
    if key is None:
        raise NotFound()
    return key


@router.get("/account/api-keys", response_class=HTMLResponse)
def list_keys(
    request: Request,
    user: Annotated[User, allow_roles(*KEY_MANAGERS)],
    db: Session = Depends(get_db),
) -> HTMLResponse:
    keys = service.keys_of(session=db, organisation_id=own_organisation_id(user))
    revoked = pop_flash(request) == "key_revoked"
    return render(
        request,
        "auth/api_keys.html",
        {
            "keys": keys,
            "scope_labels": SCOPE_LABELS,
            "show_organisation": user.role == Role.ADMIN,
            "flash": _("The key has been revoked") if revoked else None,
        },
    )


def _new_key_page(
    request: Request,
    db: Session,
    user: User,
    values: dict[str, object] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    values = values or {"name": "", "scopes": [], "organisation": ""}
    chosen_scopes = values.get("scopes") or []
    platform_items = [{"value": "", "text": _("Choose a platform")}] + [
        {
            "value": str(platform.id),
            "text": platform.name,
            "selected": values.get("organisation") == str(platform.id),
        }
        for platform in _platforms(db, user)
    ]
    scope_items = [
        {
            "value": scope,
            "text": str(SCOPE_LABELS[scope]),
            "hint": {"text": scope},
            "checked": isinstance(chosen_scopes, list) and scope in chosen_scopes,
        }
        for scope in ALL_SCOPES
    ]
    return render(
        request,
        "auth/api_key_new.html",
        {
            "platform_items": platform_items,
            "choose_platform": user.role == Role.ADMIN,
            "scope_items": scope_items,
            "values": values,
            "field_errors": errors or {},
            "errors": error_list(errors or {}),
        },
        status_code=status_code,
    )


@router.get("/account/api-keys/new", response_class=HTMLResponse)
def new_key_form(
    request: Request,
    user: Annotated[User, allow_roles(*KEY_MANAGERS)],
    db: Session = Depends(get_db),
) -> HTMLResponse:
    return _new_key_page(request, db, user)


@router.post("/account/api-keys", response_class=HTMLResponse)
def create_key(
    request: Request,
    user: Annotated[User, allow_roles(*KEY_MANAGERS)],
    form: PostedForm,
    db: Session = Depends(get_db),
) -> HTMLResponse:
    scopes = [s for s in form.getlist("scopes") if isinstance(s, str)]
    values: dict[str, object] = {
        "name": text(form, "name"),
        "scopes": scopes,
        "organisation": text(form, "organisation"),
    }
    organisation = _chosen_platform(db, user, text(form, "organisation"))
    try:
        if organisation is None:
            raise AccountError.one("organisation", _("Choose the platform this key is for"))
        issued = service.issue_api_key(
            session=db,
            organisation=organisation,
            name=text(form, "name"),
            scopes=scopes,
            actor=service.actor_of(user),
            created_by=user,
        )
    except AccountError as error:
        db.rollback()
        return _new_key_page(request, db, user, values, error.errors, status_code=400)
    db.commit()
    return render(
        request,
        "auth/api_key_created.html",
        {"key": issued.api_key, "token": issued.token, "scope_labels": SCOPE_LABELS},
        headers={"cache-control": "no-store"},
    )


def _chosen_platform(db: Session, user: User, chosen: str) -> Organisation | None:
    if user.role != Role.ADMIN:
        return user.organisation
    if not chosen.isdigit():
        return None
    organisation = db.get(Organisation, int(chosen))
    return organisation if organisation and organisation.kind == OrgKind.PLATFORM else None


@router.get("/account/api-keys/{key_id}/revoke", response_class=HTMLResponse)
def revoke_key_form(
    request: Request,
    key_id: int,
    user: Annotated[User, allow_roles(*KEY_MANAGERS)],
    db: Session = Depends(get_db),
) -> Response:
    key = _key_or_404(db, user, key_id)
    if not key.is_active:
        return redirect(request, "/account/api-keys")
    return render(request, "auth/api_key_revoke.html", {"key": key})


@router.post("/account/api-keys/{key_id}/revoke")
def revoke_key(
    request: Request,
    key_id: int,
    user: Annotated[User, allow_roles(*KEY_MANAGERS)],
    db: Session = Depends(get_db),
) -> Response:
    key = _key_or_404(db, user, key_id)
    service.revoke_api_key(session=db, key=key, actor=service.actor_of(user))
    db.commit()
    flash(request, "key_revoked")
    return redirect(request, "/account/api-keys")
