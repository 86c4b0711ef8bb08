"""The accounts API: /me for people and keys, a platform's own keys, admin organisations."""

from __future__ import annotations

from typing import Any

from hustings import writebehind
from hustings.auth.apikeys import find_key
from hustings.auth.roles import OrgKind, Role
from tests.factories.auth import make_api_key, make_org, make_user


def test_me_for_a_person(client: Any, db: Any) -> None:
    user = make_user(db, Role.PARTY_OFFICER)
    db.commit()
    body = client.login(user).get("/api/v1/me").json()
    assert body["kind"] == "person" and body["user"]["email"] == user.email
    assert body["organisation"]["kind"] == "party" and body["scopes"] == []
    assert "password_hash" not in str(body) and "totp" not in str(body).replace("mfa", "")


def test_me_for_an_api_key(client: Any, db: Any) -> None:
    issued = make_api_key(db, scopes=["exchange:read"])
    db.commit()
    response = client.get("/api/v1/me", headers={"authorization": f"Bearer {issued.token}"})
    body = response.json()
    assert body["kind"] == "api_key" and body["user"] is None
    assert (
        body["scopes"] == ["exchange:read"] and body["api_key"]["prefix"] == issued.api_key.prefix
    )
    assert issued.token not in response.text
    writebehind.flush()  # the last use is written behind
    assert find_key(session=db, token=issued.token).last_used_at is not None
    db.rollback()


def test_me_refuses_strangers_and_revoked_keys(client: Any, db: Any) -> None:
    from hustings.auth.apikeys import revoke_key

    issued = make_api_key(db)
    revoke_key(session=db, key=issued.api_key)
    db.commit()
    assert client.get("/api/v1/me").status_code == 401
    revoked = client.get("/api/v1/me", headers={"authorization": f"Bearer {issued.token}"})
    assert revoked.status_code == 401
    assert revoked.headers["content-type"] == "application/problem+json"


def test_member_manages_own_keys(client: Any, db: Any) -> None:
    member = make_user(db, Role.PLATFORM_MEMBER)
    db.commit()
    client.login(member)
    headers = {"x-csrf-token": client.csrf}
    created = client.post(
        "/api/v1/platform/api-keys", json={"name": "Queue", "scopes": ["triage"]}, headers=headers
    )
    assert created.status_code == 201, created.text
    token, key_id = created.json()["token"], created.json()["id"]
    listed = client.get("/api/v1/platform/api-keys").json()
    assert [k["id"] for k in listed] == [key_id] and "token" not in listed[0]
    me = client.get("/api/v1/me", headers={"authorization": f"Bearer {token}"})
    assert me.json()["organisation"]["id"] == member.organisation_id
    deleted = client.delete(f"/api/v1/platform/api-keys/{key_id}", headers=headers)
    assert deleted.status_code == 204
    assert client.get("/api/v1/me", headers={"authorization": f"Bearer {token}"}).status_code == 401


def test_bad_key_input_is_a_clear_422_and_writes_nothing(client: Any, db: Any) -> None:
    member = make_user(db, Role.PLATFORM_MEMBER)
    db.commit()
    client.login(member)
    headers = {"x-csrf-token": client.csrf}
    for body, field in [
        ({"name": "", "scopes": ["triage"]}, "name"),
        ({"name": "k", "scopes": []}, "scopes"),
        ({"name": "k", "scopes": ["root"]}, "scopes"),
    ]:
        response = client.post("/api/v1/platform/api-keys", json=body, headers=headers)
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        assert field in [e["field"] for e in response.json()["errors"]]
    assert client.get("/api/v1/platform/api-keys").json() == []


def test_a_platform_member_cannot_touch_another_platforms_key(db: Any, make_client: Any) -> None:
    member_a = make_user(db, Role.PLATFORM_MEMBER)
    other = make_org(db, OrgKind.PLATFORM)
    theirs = make_api_key(db, other)
    db.commit()
    client = make_client().login(member_a)
    response = client.delete(
        f"/api/v1/platform/api-keys/{theirs.api_key.id}", headers={"x-csrf-token": client.csrf}
    )
    assert response.status_code == 404
    assert theirs.api_key.id not in [
        k["id"] for k in client.get("/api/v1/platform/api-keys").json()
    ]
    assert find_key(session=db, token=theirs.token) is not None
    db.rollback()


def test_keys_cannot_manage_keys(client: Any, db: Any) -> None:
    issued = make_api_key(db)
    db.commit()
    headers = {"authorization": f"Bearer {issued.token}"}
    assert client.get("/api/v1/platform/api-keys", headers=headers).status_code == 401
    created = client.post(
        "/api/v1/platform/api-keys", json={"name": "k", "scopes": ["triage"]}, headers=headers
    )
    assert created.status_code in (401, 403)


def test_unsafe_api_calls_by_session_need_the_csrf_header(client: Any, db: Any) -> None:
    member = make_user(db, Role.PLATFORM_MEMBER)
    db.commit()
    response = client.login(member).post(
        "/api/v1/platform/api-keys", json={"name": "k", "scopes": ["triage"]}
    )
    assert response.status_code == 403
    assert client.get("/api/v1/platform/api-keys").json() == []


def test_admin_creates_and_lists_organisations(client: Any, db: Any) -> None:
    admin = make_user(db, Role.ADMIN)
    db.commit()
    client.login(admin)
    headers = {"x-csrf-token": client.csrf}
    body = {"kind": "police_force", "slug": "dyfed-powys", "name": "Dyfed-Powys Police"}
    created = client.post("/api/v1/admin/organisations", json=body, headers=headers)
    assert created.status_code == 201 and created.json()["slug"] == "dyfed-powys"
    again = client.post("/api/v1/admin/organisations", json=body, headers=headers)
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "slug"
    slugs = [o["slug"] for o in client.get("/api/v1/admin/organisations").json()]
    assert "dyfed-powys" in slugs
    emails = [u["email"] for u in client.get("/api/v1/admin/users").json()]
    assert admin.email in emails
