"""The acceptance flow in a real browser, each page checked with axe: a candidate reports three
items on two platforms (one a threat); each platform sees its own report only; Meta
acknowledges and removes; X says nothing, its deadline passes (the deadline job runs with a
later 'now') and it is flagged; the candidate sends the case to the police; the liaison
downloads the pack; the candidate sees every step; emails go out through a real SMTP server.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from hustings.cases import routing
from hustings.db import utcnow
from tests.browser_helpers import assert_accessible, sign_in_browser
from tests.factories.cases import image_bytes, make_world

pytestmark = pytest.mark.browser
THREAT = "I know where you live and I will stab you"
INSULT = "Nobody wants you here, you useless idiot"


def _as(page: Any, live_server: str, user: Any) -> None:
    page.context.clear_cookies()
    sign_in_browser(page, live_server, user)


def _go(page: Any, url: str) -> None:
    page.goto(url)
    assert_accessible(page)


def test_report_route_flag_escalate_and_download_in_a_browser(
    page: Any, live_server: str, db: Any, smtp_server: Any, tmp_path: Path
) -> None:
    world = make_world(db)
    db.commit()
    people = {
        name: getattr(world, name)
        for name in ("candidate", "meta_member", "x_member", "liaison", "other_liaison")
    }
    emails = {name: user.email for name, user in people.items()}
    coordinator_email = world.coordinator.email
    db.commit()

    # The candidate starts a report: details first, saved as a draft.
    _as(page, live_server, people["candidate"])
    _go(page, f"{live_server}/cases")
    page.get_by_role("button", name="Report abuse").click()
    assert_accessible(page)
    page.get_by_role("button", name="Save and add evidence").click()  # nothing filled in
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("group", name="Is anyone in danger now?").get_by_label("No").check()
    page.get_by_label("Not sure", exact=True).check()
    page.select_option("#constituency", "Cardiff North")  # its force is South Wales Police
    page.fill("#summary", "Replies to my leaflet post, one of them a threat")
    page.get_by_label("Facebook", exact=True).check()
    page.get_by_label("X (formerly Twitter)", exact=True).check()
    page.fill("#accounts", "@angry_neighbour")
    page.get_by_role("button", name="Save and add evidence").click()
    page.wait_for_url("**/cases/*")
    case_id = int(page.url.rstrip("/").split("/")[-1].split("#")[0])
    assert_accessible(page)

    # Three items: the threat on Facebook, an insult and a screenshot on X.
    page.fill("#text", THREAT)
    page.select_option("#platform", "facebook")
    page.get_by_role("button", name="Add the message").click()
    page.wait_for_selector("[data-item]")
    page.fill("#text", INSULT)
    page.select_option("#platform", "x")
    page.get_by_role("button", name="Add the message").click()
    shot = tmp_path / "screenshot.png"
    shot.write_bytes(image_bytes(size=(120, 80)))
    page.set_input_files("#files", str(shot))
    page.select_option("#file-platform", "x")
    page.get_by_role("button", name="Upload").click()
    page.wait_for_function("document.querySelectorAll('[data-item]').length === 3")
    first = page.locator("[data-item]").first
    reveal = first.locator("details[data-reveal]").first
    preview = first.locator(".hustings-sensitive__preview").first
    assert "blur" in preview.evaluate("e => getComputedStyle(e).filter")  # blurred at first
    assert not reveal.evaluate("d => d.open")
    reveal.locator("summary").click()  # the reveal is a details element: no script needed
    assert reveal.evaluate("d => d.open")
    expect(preview).not_to_be_visible()
    assert_accessible(page)
    first_legend = page.locator("fieldset").filter(has_text="Item 1").first
    first_legend.get_by_label("Threat of violence or harm").check()
    page.get_by_role("button", name="Confirm what we found").click()
    page.wait_for_url(f"**/cases/{case_id}*")
    page.get_by_role("button", name="Send the report").click()
    page.wait_for_selector("#reports")
    assert page.locator("tr[data-report]").count() == 2
    assert_accessible(page)

    # Each platform sees its own report only.
    _as(page, live_server, people["meta_member"])
    _go(page, f"{live_server}/platform/reports")
    meta_rows = page.locator("#queue tbody tr")
    assert meta_rows.count() == 1
    meta_report = int(meta_rows.first.get_attribute("data-report") or 0)
    page.get_by_role("link", name=f"Report {meta_report}").click()
    assert_accessible(page)
    body = page.content()
    assert THREAT in body and INSULT not in body
    _as(page, live_server, people["x_member"])
    _go(page, f"{live_server}/platform/reports")
    x_rows = page.locator("#queue tbody tr")
    assert x_rows.count() == 1
    x_report = int(x_rows.first.get_attribute("data-report") or 0)
    assert x_report != meta_report
    assert page.goto(f"{live_server}/platform/reports/{meta_report}").status == 404
    _go(page, f"{live_server}/platform/reports/{x_report}")
    assert INSULT in page.content() and THREAT not in page.content()
    assert page.locator("img[alt^='Screenshot']").count() == 1

    # Meta acknowledges, then removes the post under a named rule.
    _as(page, live_server, people["meta_member"])
    page.goto(f"{live_server}/platform/reports/{meta_report}")
    page.get_by_role("button", name="Acknowledge the report").click()
    page.wait_for_selector("#report-status:has-text('Acknowledged')")
    assert_accessible(page)
    page.get_by_label("Removed", exact=True).check()
    page.get_by_role("button", name="Record the decision").click()  # no rule: refused
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.fill("#rule_applied", "Violence and Incitement")
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_selector("#report-status:has-text('Removed')")

    # X says nothing. Five days on, the deadline job flags it.
    flagged = routing.flag_overdue(session=db, now=utcnow() + timedelta(days=5))
    db.commit()
    assert [r.id for r in flagged] == [x_report]
    db.commit()
    _as(page, live_server, people["x_member"])
    _go(page, f"{live_server}/platform/reports/{x_report}")
    assert page.locator(".govuk-tag", has_text="Overdue").count() == 1

    # The candidate sees both answers and sends the case to the police, with consent.
    _as(page, live_server, people["candidate"])
    _go(page, f"{live_server}/cases/{case_id}")
    assert "Removed" in page.locator("tr[data-report='facebook']").inner_text()
    assert "Overdue" in page.locator("tr[data-report='x']").inner_text()
    page.select_option("#force", "south-wales-police")
    page.get_by_role("button", name="Send to the police").click()  # consent not ticked
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.select_option("#force", "south-wales-police")
    page.get_by_label("I agree to the police seeing this case and its evidence").check()
    page.get_by_role("button", name="Send to the police").click()
    page.wait_for_selector("#police-status")
    assert page.locator("#police-status").inner_text() == "Sent to the police"

    # The liaison of that force downloads the pack and adds a reference; another force sees
    # nothing.
    _as(page, live_server, people["other_liaison"])
    _go(page, f"{live_server}/police/cases")
    assert page.locator("#police-cases").count() == 0
    assert page.goto(f"{live_server}/police/cases/{case_id}").status == 404
    _as(page, live_server, people["liaison"])
    _go(page, f"{live_server}/police/cases")
    page.get_by_role("link", name=f"Case {case_id}").click()
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.locator("#download-pack").click()
    saved = tmp_path / "pack.zip"
    download_info.value.save_as(saved)
    archive = zipfile.ZipFile(io.BytesIO(saved.read_bytes()))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["case_id"] == case_id
    assert sum(1 for f in manifest["files"] if f["role"] == "original") == 1
    assert archive.read("summary.pdf").startswith(b"%PDF")
    page.select_option("#status", "investigating")
    page.fill("#reference", "SWP-2026-0042")
    page.fill("#notes", "Suspect known to us")
    page.get_by_role("button", name="Save the update").click()
    page.wait_for_url(f"**/police/cases/{case_id}")
    assert_accessible(page)

    # The candidate sees every step, the police status and reference, never the notes.
    _as(page, live_server, people["candidate"])
    _go(page, f"{live_server}/cases/{case_id}")
    assert page.locator("#police-status").inner_text() == "Under investigation"
    assert page.locator("#police-reference").inner_text() == "SWP-2026-0042"
    assert "Suspect known to us" not in page.content()
    steps = page.locator("#steps").inner_text()
    for step in (
        "Report started",
        "Evidence added",
        "Report sent",
        "Sent to Facebook",
        "Sent to X (formerly Twitter)",
        "Facebook acknowledged the report",
        "Facebook made a decision",
        "X (formerly Twitter) missed its deadline",
        "Sent to the police",
        "The police updated the case",
        "Evidence pack downloaded",
    ):
        assert step in steps, step
    _go(page, f"{live_server}/cy/cases/{case_id}")  # and in Welsh

    # Emails at each step, to the right people, never with the abusive words.
    smtp_server.wait_for(10)
    for name in ("candidate", "meta_member", "x_member", "liaison"):
        assert smtp_server.to(emails[name]), name
    assert smtp_server.to(coordinator_email)
    assert not smtp_server.to(emails["other_liaison"])
    assert not any("stab" in str(m) for m in smtp_server.messages)
