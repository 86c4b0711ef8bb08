"""API key pages: the token is shown once, never stored; each platform sees only its own."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, select

from hustings.auth.apikeys import find_key
from hustings.auth.models import ApiKey
from hustings.auth.roles import OrgKind, Role
from tests.factories.auth import make_api_key, make_org, make_user


def _key_count(db: Any) -> int:
    count = int(db.scalar(select(func.count()).select_from(ApiKey)))
    db.rollback()
    return count


def test_member_creates_a_key_and_sees_it_once(client: Any, db: Any) -> None:
    member = make_user(db, Role.PLATFORM_MEMBER)
    db.commit()
    client.login(member)
    assert client.get("/account/api-keys/new").status_code == 200
    response = client.post_form(
        "/account/api-keys", {"name": "Queue", "scopes": ["reports:read", "triage"]}
    )
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    token = re.search(r"hk_[0-9a-f]{12}_[A-Za-z0-9_-]{40,}", response.text)
    assert token is not None
    key = find_key(session=db, token=token.group(0))
    assert key is not None and key.organisation_id == member.organisation_id
    assert key.scopes == ["reports:read", "triage"]
    db.rollback()
    listing = client.get("/account/api-keys").text
    assert "Queue" in listing and token.group(0) not in listing


def test_bad_key_input_writes_nothing(client: Any, db: Any) -> None:
    member = make_user(db, Role.PLATFORM_MEMBER)
    db.commit()
    client.login(member)
    for data, field in [
        ({"name": "", "scopes": ["triage"]}, "name"),
        ({"name": "k"}, "scopes"),
        ({"name": "k", "scopes": ["root"]}, "scopes"),
    ]:
        response = client.post_form("/account/api-keys", data)
        assert response.status_code == 400 and f'href="#{field}"' in response.text
    assert _key_count(db) == 0


def test_revoke_through_the_confirmation_page(client: Any, db: Any) -> None:
    member = make_user(db, Role.PLATFORM_MEMBER)
    issued = make_api_key(db, member.organisation)
    db.commit()
    client.login(member)
    page = client.get(f"/account/api-keys/{issued.api_key.id}/revoke")
    assert page.status_code == 200 and issued.api_key.prefix in page.text
    done = client.post_form(f"/account/api-keys/{issued.api_key.id}/revoke")
    assert done.headers["location"] == "/account/api-keys"
    assert "The key has been revoked" in client.get("/account/api-keys").text
    assert find_key(session=db, token=issued.token) is None
    db.rollback()


def test_a_member_cannot_see_or_revoke_another_platforms_key(client: Any, db: Any) -> None:
    member = make_user(db, Role.PLATFORM_MEMBER)
    theirs = make_api_key(db, make_org(db, OrgKind.PLATFORM))
    db.commit()
    client.login(member)
    assert theirs.api_key.name not in client.get("/account/api-keys").text
    assert client.get(f"/account/api-keys/{theirs.api_key.id}/revoke").status_code == 404
    assert client.post_form(f"/account/api-keys/{theirs.api_key.id}/revoke").status_code == 404
    assert find_key(session=db, token=theirs.token) is not None
    db.rollback()


def test_admin_chooses_the_platform(client: Any, db: Any) -> None:
    admin = make_user(db, Role.ADMIN)
    platform = make_org(db, OrgKind.PLATFORM, name="Example Platform")
    party = make_org(db, OrgKind.PARTY)
    db.commit()
    platform_id, party_id = platform.id, party.id
    client.login(admin)
    assert "Example Platform" in client.get("/account/api-keys/new").text
    missing = client.post_form("/account/api-keys", {"name": "k", "scopes": ["triage"]})
    assert missing.status_code == 400 and 'href="#organisation"' in missing.text
    not_platform = client.post_form(
        "/account/api-keys", {"name": "k", "scopes": ["triage"], "organisation": str(party_id)}
    )
    assert not_platform.status_code == 400
    assert _key_count(db) == 0
    made = client.post_form(
        "/account/api-keys", {"name": "k", "scopes": ["triage"], "organisation": str(platform_id)}
    )
    assert made.status_code == 200
    assert db.scalar(select(ApiKey.organisation_id)) == platform_id
    db.rollback()
