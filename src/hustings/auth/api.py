"""The accounts JSON API: who am I, a platform's own API keys, and organisations for admins.

A platform team member manages only their own organisation's keys: another platform's key is
'not found'. Keys are managed by people, never by keys, so a leaked key cannot mint others.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from hustings.auth import service
from hustings.auth.access import Caller, allow_roles, signed_in_or_api_key
from hustings.auth.models import Organisation, User
from hustings.auth.roles import Role
from hustings.auth.rules import AccountError
from hustings.auth.schemas import (
    ApiKeyCreated,
    ApiKeyIn,
    ApiKeyOut,
    MeOut,
    OrganisationIn,
    OrganisationOut,
    UserOut,
)
from hustings.db import get_db
from hustings.web.errors import AppError, NotFound

router = APIRouter(prefix="/api/v1", tags=["accounts"])


class InvalidInput(AppError):
    """Input the account rules refused, field by field (the same shape as 422 validation)."""

    status_code = 422
    code = "invalid_input"


def _invalid(error: AccountError) -> InvalidInput:
    errors = [{"field": field, "message": message} for field, message in error.errors.items()]
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return InvalidInput(detail, errors=errors)


@router.get("/me", response_model=MeOut)
def me(caller: Annotated[Caller, signed_in_or_api_key()], db: Session = Depends(get_db)) -> Any:
    """Who the API thinks you are: the person or key, its organisation and scopes."""
    db.commit()  # keeps the key's last_used_at
    key = caller.api_key
    return MeOut(
        kind="api_key" if key else "person",
        user=UserOut.model_validate(caller.user) if caller.user else None,
        organisation=(
            OrganisationOut.model_validate(caller.organisation) if caller.organisation else None
        ),
        api_key=ApiKeyOut.model_validate(key) if key else None,
        scopes=list(key.scopes) if key else [],
    )


def _own_organisation(user: User) -> Organisation:
    if user.organisation is None:  # a platform member always has one; be explicit anyway
        raise NotFound()
    return user.organisation


@router.get("/platform/api-keys", response_model=list[ApiKeyOut])
def list_platform_keys(
    user: Annotated[User, allow_roles(Role.PLATFORM_MEMBER)], db: Session = Depends(get_db)
) -> Any:
    """Your platform's keys, newest first, revoked ones included (never their tokens)."""
    organisation = _own_organisation(user)
    return service.keys_of(session=db, organisation_id=organisation.id)


@router.post("/platform/api-keys", response_model=ApiKeyCreated, status_code=201)
def create_platform_key(
    body: ApiKeyIn,
    user: Annotated[User, allow_roles(Role.PLATFORM_MEMBER)],
    db: Session = Depends(get_db),
) -> Any:
    """A new key for your platform. The token is in this answer only: store it now."""
    try:
        issued = service.issue_api_key(
            session=db,
            organisation=_own_organisation(user),
            name=body.name,
            scopes=body.scopes,
            actor=service.actor_of(user),
            created_by=user,
        )
    except AccountError as error:
        db.rollback()
        raise _invalid(error) from error
    db.commit()
    return ApiKeyCreated(
        **ApiKeyOut.model_validate(issued.api_key).model_dump(), token=issued.token
    )


@router.delete("/platform/api-keys/{key_id}", status_code=204)
def revoke_platform_key(
    key_id: int,
    user: Annotated[User, allow_roles(Role.PLATFORM_MEMBER)],
    db: Session = Depends(get_db),
) -> Response:
    """Revoke one of your platform's keys; it stops working at once. Repeating is harmless."""
    key = service.key_of(session=db, key_id=key_id, organisation_id=_own_organisation(user).id)
    if key is None:
        raise NotFound()
    service.revoke_api_key(session=db, key=key, actor=service.actor_of(user))
    db.commit()
    return Response(status_code=204)


@router.get("/admin/organisations", response_model=list[OrganisationOut])
def list_organisations(
    _user: Annotated[User, allow_roles(Role.ADMIN)], db: Session = Depends(get_db)
) -> Any:
    return list(db.scalars(select(Organisation).order_by(Organisation.kind, Organisation.slug)))


@router.post("/admin/organisations", response_model=OrganisationOut, status_code=201)
def create_organisation(
    body: OrganisationIn,
    user: Annotated[User, allow_roles(Role.ADMIN)],
    db: Session = Depends(get_db),
) -> Any:
    try:
        organisation = service.create_organisation(
            session=db,
            kind=body.kind,
            slug=body.slug,
            name=body.name,
            platform_slugs=body.platform_slugs,
            actor=service.actor_of(user),
        )
    except AccountError as error:
        db.rollback()
        raise _invalid(error) from error
    db.commit()
    return organisation


@router.get("/admin/users", response_model=list[UserOut])
def list_users(
    _user: Annotated[User, allow_roles(Role.ADMIN)], db: Session = Depends(get_db)
) -> Any:
    return list(db.scalars(select(User).order_by(User.id)))
