"""The lag page in a real browser: members see the chart and table, in English and Welsh,
with no accessibility violations; other people are refused."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session
from tests.browser_helpers import assert_accessible, sign_in_browser
from tests.factories.auth import make_user
from tests.factories.exchange import make_member, signal_body

from hustings.auth.roles import Role

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["", "/cy"])
def test_the_lag_page_shows_each_pair_accessibly(
    page: Any, live_server: str, db: Session, client: Any, language: str
) -> None:
    a, b = make_member(db, "page-a"), make_member(db, "page-b")
    person = make_user(db, Role.PLATFORM_MEMBER, organisation=b.org)
    db.commit()
    body = signal_body("md5")
    client.post("/api/v1/exchange/signals", json={"signals": [body]}, headers=a.headers)
    client.post(
        "/api/v1/exchange/match",
        json={"queries": [{"type": "md5", "hash": body["hash"]}]},
        headers=b.headers,
    )
    sign_in_browser(page, live_server, person)
    response = page.goto(f"{live_server}{language}/exchange/lag")
    assert response is not None and response.status == 200
    heading = page.locator("h1").inner_text()
    assert heading == (
        "Cyfnewid signalau: pa mor gyflym mae signalau’n helpu"
        if language
        else "Signal exchange: how fast signals help"
    )
    assert page.locator("table tbody tr").count() == 1
    assert "page-a" in page.locator("table").inner_text()
    assert page.locator("img[src^='data:image/svg+xml']").count() == 1
    assert_accessible(page)


def test_the_lag_page_is_for_members_only(page: Any, live_server: str, db: Session) -> None:
    candidate = make_user(db, Role.CANDIDATE)
    db.commit()
    sign_in_browser(page, live_server, candidate)
    response = page.goto(f"{live_server}/exchange/lag")
    assert response is not None and response.status == 403
