"""What the accounts API takes and gives: people, organisations and API keys."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from hustings.auth.roles import OrgKind, Role


class OrganisationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: OrgKind
    slug: str
    name: str
    platform_slugs: list[str]


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    full_name: str
    role: Role
    organisation_id: int | None
    is_active: bool
    mfa_enabled: bool


class ApiKeyOut(BaseModel):
    """A key as listed: never the token, which exists only in the answer that created it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    organisation_id: int
    name: str
    prefix: str
    scopes: list[str]
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyOut):
    token: str = Field(description="Shown once. Send it as 'Authorization: Bearer <token>'.")


class ApiKeyIn(BaseModel):
    name: str = Field(max_length=1000)
    scopes: list[str] = Field(max_length=20)


class OrganisationIn(BaseModel):
    kind: str = Field(max_length=50)
    slug: str = Field(max_length=200)
    name: str = Field(max_length=1000)
    platform_slugs: list[str] = Field(default_factory=list, max_length=50)


class MeOut(BaseModel):
    """Who is calling: a signed-in person, or a platform's API key."""

    kind: Literal["person", "api_key"]
    user: UserOut | None
    organisation: OrganisationOut | None
    api_key: ApiKeyOut | None
    scopes: list[str]
