"""The whole outreach journey in a real browser, axe-checked in English and Welsh: a
coordinator sends invitations; a candidate follows the emailed link, sets up an account,
acknowledges the guide; the dashboard shows reach move."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy.orm import Session

from tests.browser_helpers import assert_accessible, sign_in_browser
from tests.factories.outreach import make_registry

pytestmark = pytest.mark.browser
LINK = re.compile(r"https?://[^\s]+(/invitation/[A-Za-z0-9_-]{20,})")
PASSWORD = "plum tractor window seventeen"


def share(page: Any, element_id: str) -> str:
    return str(page.locator(f"#{element_id}").inner_text()).strip()


def test_invite_sign_in_acknowledge_and_reach_moves(
    live_server: str, page: Any, browser: Any, db: Session, smtp_server: Any
) -> None:
    registry = make_registry(db)
    sign_in_browser(page, live_server, registry.coordinator)
    db.rollback()
    page.goto(f"{live_server}/outreach")
    assert_accessible(page)
    assert share(page, "reached-share") == "0%"
    assert share(page, "acknowledged-share") == "0%"
    expect(page.get_by_role("table", name="By party")).to_be_visible()
    page.get_by_role("button", name="Email invitations to everyone not yet invited").click()
    page.wait_for_url(f"{live_server}/outreach")
    expect(page.get_by_text("Invitations are on their way")).to_be_visible()
    messages = smtp_server.wait_for(4)
    gwen = next(m for m in messages if m["To"] == "gwen@example.org")
    path = LINK.search(gwen.get_content()).group(1)

    candidate = browser.new_context().new_page()
    candidate.goto(f"{live_server}{path}")
    expect(candidate.get_by_role("heading", name="Welcome to Hustings, Gwen Green")).to_be_visible()
    assert_accessible(candidate)
    candidate.get_by_label("Password", exact=True).fill(PASSWORD)
    candidate.get_by_label("Type the password again").fill(PASSWORD)
    candidate.get_by_role("button", name="Set up my account").click()
    candidate.wait_for_url(f"{live_server}/outreach/acknowledge")
    assert_accessible(candidate)
    candidate.get_by_role("button", name="Confirm").click()
    expect(candidate.get_by_text("Tick the box").first).to_be_visible()
    assert_accessible(candidate)
    candidate.get_by_label("I have read the guide").check()
    candidate.get_by_role("button", name="Confirm").click()
    expect(candidate.get_by_text("we have recorded that you have read the guide")).to_be_visible()

    page.goto(f"{live_server}/outreach")
    total = 8  # five candidates, two returning officers, one agent
    expected = f"{round(100 / total)}%"
    assert share(page, "reached-share") == expected
    assert share(page, "acknowledged-share") == expected
    expect(page.get_by_text(f"reached: 1 of {total} people")).to_be_visible()
    not_reached = page.locator("#not-reached ~ table")
    assert "Gwen Green" not in not_reached.inner_text()
    assert_accessible(page)


def test_outreach_pages_in_welsh_pass_axe(
    live_server: str, page: Any, db: Session, smtp_server: Any
) -> None:
    registry = make_registry(db)
    person_id = registry.person(db, "dc:1000").id
    sign_in_browser(page, live_server, registry.coordinator)
    db.rollback()
    for path in (
        "/cy/outreach",
        "/cy/outreach/people",
        f"/cy/outreach/people/{person_id}",
        "/cy/outreach/import",
        "/cy/invitation",
        "/cy/invitation/no-such-link",
        "/cy/outreach/acknowledge",
    ):
        page.goto(f"{live_server}{path}")
        assert page.locator("html").get_attribute("lang") == "cy", path
        assert_accessible(page)
    page.goto(f"{live_server}/outreach/import")
    page.get_by_label("Candidates (Democracy Club CSV export)").check()
    page.get_by_label("CSV file").set_input_files(
        files=[
            {
                "name": "bad.csv",
                "mimeType": "text/csv",
                "buffer": b"person_id,person_name,election_id,ballot_paper_id,party_name,"
                b"post_label\nx,,parl.2029-05-03,parl.a.2029-05-03,P,A\n",
            }
        ]
    )
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#bad-rows")).to_be_visible()
    assert "person_id" in page.locator("#bad-rows").inner_text()
    assert_accessible(page)
