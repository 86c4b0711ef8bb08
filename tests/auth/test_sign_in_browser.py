"""Real browser: sign in through the forms by keyboard alone, and every account page passes axe
in English and Welsh (Debian's chromium through Playwright)."""

from __future__ import annotations

from typing import Any

import pyotp
import pytest
from playwright.sync_api import expect

from hustings.auth.apikeys import issue_key
from hustings.auth.resets import issue_token
from hustings.auth.roles import Role
from tests.browser_helpers import assert_accessible, sign_in_browser
from tests.factories.auth import DEFAULT_PASSWORD, make_user

pytestmark = pytest.mark.browser


def tab_to(page: Any, selector: str, limit: int = 60) -> None:
    """Press Tab until `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement === document.querySelector(s)", selector):
            return
    pytest.fail(f"{selector} could not be reached with the Tab key on {page.url}")


def submit(page: Any, key: str = "Enter") -> None:
    """Press a key that submits a form, and wait for the answer page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def test_sign_in_with_a_second_factor_by_keyboard(page: Any, live_server: str, db: Any) -> None:
    user = make_user(db, Role.POLICE_LIAISON)
    email, secret = user.email, user.totp_secret
    db.commit()
    page.goto(f"{live_server}/account")
    page.wait_for_url(f"{live_server}/sign-in?next=/account")
    assert_accessible(page)
    tab_to(page, "#email")
    page.keyboard.type(email)
    tab_to(page, "#password")
    page.keyboard.type(DEFAULT_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/sign-in/second-factor")
    assert_accessible(page)
    tab_to(page, "#code")
    page.keyboard.type("12")
    submit(page)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert_accessible(page)
    tab_to(page, "#code")
    page.keyboard.press("Control+A")
    page.keyboard.type(pyotp.TOTP(secret).now())
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/account")
    assert user.full_name in page.inner_text("main")
    assert_accessible(page)
    tab_to(page, "form[action='/sign-out'] button")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/signed-out")
    assert_accessible(page)


def test_first_sign_in_sets_up_a_second_factor_in_welsh(
    page: Any, live_server: str, db: Any
) -> None:
    user = make_user(db, Role.ADMIN, with_totp=False)
    email = user.email
    db.commit()
    page.goto(f"{live_server}/cy/sign-in")
    tab_to(page, "#email")
    page.keyboard.type(email)
    tab_to(page, "#password")
    page.keyboard.type(DEFAULT_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/cy/sign-in/set-up-second-factor")
    assert page.evaluate("document.documentElement.lang") == "cy"
    assert_accessible(page)
    tab_to(page, ".govuk-details__summary")
    page.keyboard.press("Enter")
    secret = page.inner_text("#secret").replace(" ", "")
    assert_accessible(page)
    tab_to(page, "#code")
    page.keyboard.type(pyotp.TOTP(secret).now())
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/cy/account")
    assert "Mae eich ail ffactor wedi’i osod" in page.inner_text("main")


SIGNED_OUT_PAGES = ["/sign-in", "/signed-out", "/forgot-password"]
SIGNED_IN_PAGES = [
    "/account",
    "/account/password",
    "/account/second-factor",
    "/account/api-keys",
    "/account/api-keys/new",
]


@pytest.mark.parametrize("language", ["", "/cy"])
def test_account_pages_pass_axe(page: Any, live_server: str, db: Any, language: str) -> None:
    member = make_user(db, Role.PLATFORM_MEMBER)
    key = issue_key(session=db, organisation=member.organisation, name="Queue", scopes=["triage"])
    candidate = make_user(db, Role.CANDIDATE, with_totp=True)
    staff = make_user(db, Role.CANDIDATE_STAFF)
    token = issue_token(session=db, user=staff)
    db.commit()
    key_id = key.api_key.id
    for path in [*SIGNED_OUT_PAGES, f"/reset-password/{token}", "/reset-password/expired"]:
        page.goto(live_server + language + path)
        assert_accessible(page)
    # Error states: the sign-in and reset forms sent empty.
    page.goto(f"{live_server}{language}/sign-in")
    page.keyboard.press("Tab")
    tab_to(page, "form[action$='/sign-in'] button[type=submit]")
    submit(page)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server}{language}/forgot-password")
    tab_to(page, "#email")
    page.keyboard.type("someone@example.org")
    submit(page)
    assert_accessible(page)

    sign_in_browser(page, live_server, member)
    for path in [*SIGNED_IN_PAGES, f"/account/api-keys/{key_id}/revoke"]:
        page.goto(live_server + language + path)
        assert_accessible(page)
    page.goto(f"{live_server}{language}/account/api-keys/new")
    tab_to(page, "#name")
    page.keyboard.type("Moderation queue")
    tab_to(page, "#scopes")
    page.keyboard.press("Space")
    tab_to(page, "form[action$='/account/api-keys'] button")
    submit(page)
    assert page.input_value("#token").startswith("hk_")
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in_browser(page, live_server, candidate)
    for path in ["/account", "/account/second-factor/turn-off"]:
        page.goto(live_server + language + path)
        assert_accessible(page)
    tab_to(page, "#password")
    submit(page)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
