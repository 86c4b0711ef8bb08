"""Protected accounts: each platform organisation sees only candidates' accounts on the
platforms it runs, by API key with the accounts:read scope or as a signed-in member."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hustings.audit.models import AuditEntry
from hustings.auth.roles import OrgKind, Role
from hustings.outreach import imports
from tests.factories.auth import make_api_key, make_org
from tests.factories.cases import person
from tests.factories.outreach import DC_HEADER, dc_row, to_csv

URL = "/api/v1/outreach/protected-accounts"


def test_platforms_see_only_their_own_platforms(db: Session, client: Any, make_client: Any) -> None:
    rows = [
        dc_row(1, twitter_username="one_x", facebook_page_url="https://facebook.com/one"),
        dc_row(2, twitter_username="two_x", instagram_url="https://instagram.com/two"),
        dc_row(3, twitter_username="", facebook_page_url=""),
    ]
    imports.run_import(session=db, kind="candidates", data=to_csv(rows, DC_HEADER))
    meta = make_org(db, OrgKind.PLATFORM, slug="meta", platform_slugs=["facebook", "instagram"])
    xcorp = make_org(db, OrgKind.PLATFORM, slug="x-corp", platform_slugs=["x"])
    meta_key = make_api_key(db, meta, scopes=["accounts:read"]).token
    x_key = make_api_key(db, xcorp, scopes=["accounts:read"]).token
    wrong_scope = make_api_key(db, xcorp, scopes=["reports:read"]).token
    member = person(db, Role.PLATFORM_MEMBER, organisation=xcorp)
    db.commit()

    seen = client.get(URL, headers={"authorization": f"Bearer {meta_key}"})
    assert seen.status_code == 200
    accounts = {(a["platform"], a["account"]) for a in seen.json()["accounts"]}
    assert accounts == {
        ("facebook", "https://facebook.com/one"),
        ("instagram", "https://instagram.com/two"),
    }
    first = seen.json()["accounts"][0]
    assert first["name"] == "Candidate 1" and first["elections"] == ["parl.2029-05-03"]
    assert first["areas"] == ["Cardiff West"]

    x = client.get(URL, headers={"authorization": f"Bearer {x_key}"}).json()
    assert {a["account"] for a in x["accounts"]} == {"one_x", "two_x"}
    page = client.get(f"{URL}?limit=1", headers={"authorization": f"Bearer {x_key}"}).json()
    assert len(page["accounts"]) == 1 and page["next_after"] is not None
    rest = client.get(
        f"{URL}?after={page['next_after']}", headers={"authorization": f"Bearer {x_key}"}
    ).json()
    assert [a["account"] for a in rest["accounts"]] == ["two_x"] and rest["next_after"] is None

    assert client.get(URL, headers={"authorization": f"Bearer {wrong_scope}"}).status_code == 403
    assert client.get(URL).status_code == 401
    signed = make_client().login(member)
    assert {a["account"] for a in signed.get(URL).json()["accounts"]} == {"one_x", "two_x"}
    for role in (Role.COORDINATOR, Role.CANDIDATE, Role.PARTY_OFFICER, Role.POLICE_LIAISON):
        other = person(db, role)
        db.commit()
        assert make_client().login(other).get(URL).status_code == 403
    db.rollback()
    exports = db.scalars(
        select(AuditEntry).where(AuditEntry.action == "outreach.accounts_export")
    ).all()
    assert len(exports) >= 5
