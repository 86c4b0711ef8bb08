"""Real browser: every guide page passes axe in English and Welsh, and the matrix works by
keyboard alone, on a desktop and on a phone-sized screen."""

from __future__ import annotations

from typing import Any

import pytest

from hustings.policy import service
from tests.browser_helpers import assert_accessible

pytestmark = pytest.mark.browser

PAGES = [
    "/guide",
    "/guide/matrix",
    "/guide/police",
    "/guide/protect-yourself",
    "/guide/platforms/no-such-platform",
    *[f"/guide/platforms/{p.slug}" for p in service.platforms()],
    *[f"/guide/harms/{h.slug}" for h in service.harms()],
]


@pytest.mark.parametrize("language", ["", "/cy"])
@pytest.mark.parametrize("path", PAGES)
def test_guide_page_passes_axe(page: Any, live_server: str, language: str, path: str) -> None:
    response = page.goto(live_server + language + path)
    assert response is not None
    assert response.status == (404 if "no-such" in path else 200)
    assert page.evaluate("document.documentElement.lang") == (language.strip("/") or "en")
    assert_accessible(page)


def _tab_until(page: Any, predicate: str, limit: int = 200) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(predicate):
            return
    pytest.fail(f"keyboard focus never reached: {predicate}")


def test_matrix_by_keyboard_reaches_a_cell_and_opens_its_details(
    page: Any, live_server: str
) -> None:
    page.goto(live_server + "/guide/matrix")
    _tab_until(page, "document.activeElement.getAttribute('role') === 'region'")
    # From the table region, Tab walks into the table: headers first, then the cells.
    _tab_until(
        page,
        "document.activeElement.getAttribute('href') === '/guide/platforms/x#hate'",
    )
    label = page.evaluate("document.activeElement.textContent").strip()
    assert "details" in label and "Hate on X (formerly Twitter)" in " ".join(label.split())
    page.keyboard.press("Enter")
    page.wait_for_url(live_server + "/guide/platforms/x#hate")
    assert page.evaluate("document.getElementById('hate').getBoundingClientRect().top") < 200


def test_matrix_scrolls_sideways_by_keyboard_on_a_small_screen(page: Any, live_server: str) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server + "/cy/guide/matrix")
    region = page.locator("[role=region][tabindex='0']")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    _tab_until(page, "document.activeElement.getAttribute('role') === 'region'")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    # The browser may scroll smoothly, after the key presses return: wait for it (5 s at most).
    page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle(), timeout=5000)
    assert_accessible(page)


def test_the_pack_link_is_reachable_by_keyboard(page: Any, live_server: str) -> None:
    page.goto(live_server + "/guide")
    _tab_until(page, "(document.activeElement.getAttribute('href') || '') === '/guide.pdf'")
