"""Who may use the exchange routes: platform keys with the right scope and platform members;
everyone else is refused (the route walker in tests/auth covers roles and anonymous calls).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session
from tests.factories.auth import make_user
from tests.factories.exchange import make_member, signal_body

from hustings.auth.roles import Role

SIGNALS = "/api/v1/exchange/signals"


def test_scopes_decide_what_a_key_may_do(client: Any, db: Session) -> None:
    reader = make_member(db, "reads-only", scopes=["exchange:read"])
    reports = make_member(db, "reports-only", scopes=["reports:read"])
    db.commit()
    refused = client.post(SIGNALS, json={"signals": [signal_body("md5")]}, headers=reader.headers)
    assert refused.status_code == 403 and "exchange:write" in refused.json()["detail"]
    assert client.get(SIGNALS, headers=reader.headers).status_code == 200
    assert client.get(SIGNALS, headers=reports.headers).status_code == 403
    match = {"queries": [{"type": "md5", "hash": "0" * 32}]}
    assert (
        client.post("/api/v1/exchange/match", json=match, headers=reports.headers).status_code
        == 403
    )


def test_platform_members_may_use_it_in_person_and_others_may_not(client: Any, db: Session) -> None:
    member = make_member(db, "in-person")
    person = make_user(db, Role.PLATFORM_MEMBER, organisation=member.org)
    coordinator = make_user(db, Role.COORDINATOR)
    db.commit()
    client.login(person)
    assert client.get(SIGNALS).status_code == 200
    body = {"signals": [signal_body("md5")]}
    assert client.post(SIGNALS, json=body).status_code == 403  # no CSRF header
    shared = client.post(SIGNALS, json=body, headers={"x-csrf-token": client.csrf})
    assert shared.status_code == 201
    client.login(coordinator)
    assert client.get(SIGNALS).status_code == 403
    client.logout()
    assert client.get(SIGNALS).status_code == 401
