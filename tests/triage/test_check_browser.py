"""A real browser: the page passes axe in both languages, and a screenshot upload gets the
right labels back with the message blurred until the user chooses to see it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser_helpers import assert_accessible
from tests.triage.screenshots import render_screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["", "/cy"])
def test_check_page_passes_axe(page: Any, live_server: str, language: str) -> None:
    page.goto(live_server + language + "/check")
    assert_accessible(page)


def test_uploading_a_screenshot_gives_the_right_labels(
    page: Any, live_server: str, tmp_path: Path
) -> None:
    shot = tmp_path / "threat.png"
    shot.write_bytes(render_screenshot(["Reply from @someone:", "I am going to kill you tonight"]))
    page.goto(live_server + "/check")
    page.set_input_files("#screenshot", str(shot))
    page.get_by_role("button", name="Check the message").click()
    page.wait_for_selector("#verdict")
    assert page.get_attribute("#verdict", "data-abusive") == "true"
    labels = page.eval_on_selector_all("#labels li", "els => els.map(e => e.dataset.label)")
    assert "threat" in labels
    message = page.locator("#checked-message")
    assert "hustings-blurred" in (message.get_attribute("class") or "")
    assert message.get_attribute("aria-hidden") == "true"
    page.get_by_role("button", name="Show the message").click()
    assert "hustings-revealed" in (message.get_attribute("class") or "")
    assert_accessible(page)


def test_welsh_result_page_passes_axe(page: Any, live_server: str) -> None:
    page.goto(live_server + "/cy/check")
    page.fill("#message", "Rwyt ti'n dwp. you are a worthless idiot")
    page.locator("form button.govuk-button").click()
    page.wait_for_selector("#verdict")
    assert page.evaluate("document.documentElement.lang") == "cy"
    assert_accessible(page)
