"""Real browser: every shell page passes axe in both languages and works by keyboard."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser_helpers import assert_accessible

pytestmark = pytest.mark.browser

PAGES = ["/", "/accessibility", "/no-such-page"]


@pytest.mark.parametrize("language", ["", "/cy"])
@pytest.mark.parametrize("path", PAGES)
def test_page_passes_axe(page: Any, live_server: str, language: str, path: str) -> None:
    page.goto(live_server + language + (path if path != "/" or not language else ""))
    assert_accessible(page)


def test_keyboard_reaches_skip_link_and_language_switch(page: Any, live_server: str) -> None:
    page.goto(live_server + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main-content")
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('hreflang')") == "cy":
            break
    else:
        pytest.fail("the Welsh link was not reachable by keyboard")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server + "/cy")
    assert page.evaluate("document.documentElement.lang") == "cy"
