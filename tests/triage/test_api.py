"""POST /api/v1/triage gives the CLI's output for up to 1,000 messages, to `triage` keys only."""

from __future__ import annotations

from typing import Any

from hustings.auth.scopes import Scope
from tests.factories.auth import make_api_key


def _headers(db: Any, scopes: list[str]) -> dict[str, str]:
    token = make_api_key(db, scopes=scopes).token
    db.commit()
    return {"Authorization": f"Bearer {token}"}


def test_triage_returns_one_result_per_message_in_order(client: Any, db: Any) -> None:
    headers = _headers(db, [Scope.TRIAGE])
    body = {
        "messages": [
            {"id": "m1", "text": "Thanks for the leaflet, see you at the hustings"},
            {"id": "m2", "text": "I'm going to kill you", "platform": "meta"},
        ]
    }
    response = client.post("/api/v1/triage", json=body, headers=headers)
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["id"] for r in results] == ["m1", "m2"]
    assert results[0]["abusive"] is False
    assert results[1]["abusive"] is True and "threat" in results[1]["labels"]
    assert results[1]["rules"] and {r["platform"] for r in results[1]["rules"]} == {
        "facebook",
        "instagram",
        "threads",
    }


def test_more_than_a_thousand_messages_is_refused(client: Any, db: Any) -> None:
    headers = _headers(db, [Scope.TRIAGE])
    body = {"messages": [{"text": "hello"}] * 1001}
    response = client.post("/api/v1/triage", json=body, headers=headers)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")


def test_a_key_without_the_triage_scope_is_refused(client: Any, db: Any) -> None:
    headers = _headers(db, [Scope.REPORTS_READ])
    response = client.post("/api/v1/triage", json={"messages": [{"text": "hi"}]}, headers=headers)
    assert response.status_code == 403
