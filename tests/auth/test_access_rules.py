"""The access dependencies themselves: scopes, platforms acting for themselves, who is calling."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import FastAPI

from hustings.auth.access import (
    Caller,
    PlatformActor,
    allow_api_key,
    allow_platform,
    signed_in_or_api_key,
)
from hustings.auth.apikeys import revoke_key
from hustings.auth.roles import OrgKind, Role
from tests.factories.auth import make_api_key, make_org, make_user


def _add_routes(app: FastAPI) -> None:
    """Three routes guarded by each dependency, on the real app (sessions, errors, CSRF)."""

    @app.get("/api/v1/triage-only")
    def triage_only(actor: Annotated[PlatformActor, allow_api_key("triage")]) -> dict[str, Any]:
        return {"organisation": actor.organisation.slug}

    @app.get("/api/v1/platform-only")
    def platform_only(
        actor: Annotated[PlatformActor, allow_platform("reports:read")],
    ) -> dict[str, Any]:
        return {"organisation": actor.organisation.slug, "by": actor.label.split(":")[0]}

    @app.get("/api/v1/anyone")
    def anyone(caller: Annotated[Caller, signed_in_or_api_key()]) -> dict[str, Any]:
        return {"user": caller.user.id if caller.user else None}


def test_a_key_needs_the_routes_scope(app: Any, client: Any, db: Any) -> None:
    _add_routes(app)
    with_scope = make_api_key(db, scopes=["triage"])
    without = make_api_key(db, scopes=["exchange:read"])
    revoked = make_api_key(db, scopes=["triage"])
    revoke_key(session=db, key=revoked.api_key)
    db.commit()

    def call(token: str) -> int:
        response = client.get("/api/v1/triage-only", headers={"authorization": f"Bearer {token}"})
        return response.status_code

    assert call(with_scope.token) == 200
    assert call(without.token) == 403
    assert call(revoked.token) == 401
    assert client.get("/api/v1/triage-only").status_code == 401


def test_a_platform_acts_as_itself_by_key_or_member(
    app: Any, client: Any, db: Any, make_client: Any
) -> None:
    _add_routes(app)
    platform = make_org(db, OrgKind.PLATFORM, slug="meta")
    key = make_api_key(db, platform, scopes=["reports:read"])
    member = make_user(db, Role.PLATFORM_MEMBER, organisation=platform)
    candidate = make_user(db, Role.CANDIDATE)
    db.commit()
    by_key = client.get("/api/v1/platform-only", headers={"authorization": f"Bearer {key.token}"})
    assert by_key.json() == {"organisation": "meta", "by": "api_key"}
    by_member = make_client().login(member).get("/api/v1/platform-only")
    assert by_member.json() == {"organisation": "meta", "by": "user"}
    assert make_client().login(candidate).get("/api/v1/platform-only").status_code == 403


def test_anyone_identified(app: Any, client: Any, db: Any, make_client: Any) -> None:
    _add_routes(app)
    key = make_api_key(db, scopes=["exchange:read"])
    user = make_user(db, Role.CANDIDATE)
    db.commit()
    assert client.get("/api/v1/anyone").status_code == 401
    response = client.get("/api/v1/anyone", headers={"authorization": f"Bearer {key.token}"})
    assert response.json() == {"user": None}
    assert make_client().login(user).get("/api/v1/anyone").json() == {"user": user.id}
    bad = client.get("/api/v1/anyone", headers={"authorization": "Bearer hk_x_y"})
    assert bad.status_code == 401
