"""Real browser: every page a person can reach by following links passes axe, in both languages.

With the demo data loaded, the crawler signs in as each kind of user, follows every same-site
link from the start page (and the person's account page), and checks each distinct page (one
per route shape: `/cases/12` and `/cases/13` count once) in English and in Welsh. A page that
is only reachable by submitting a form is checked by its own domain's browser tests.
"""

from __future__ import annotations

import re
from collections import deque
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from sqlalchemy.orm import Session

from hustings.auth.models import User
from hustings.demo.data import DemoData
from hustings.domains import DOMAINS
from tests.browser_helpers import assert_accessible, sign_in_browser

pytestmark = pytest.mark.browser

# Links that end a session, download a file or leave the HTML pages.
SKIP = re.compile(r"^/(cy/)?(sign-out|static/|api/|taxii2|openapi|healthz)|\.(pdf|zip|json|csv)$")
MAX_PAGES_PER_VISITOR = 40
VISITORS = [
    None,
    "candidate",
    "candidate_staff",
    "party_officer",
    "electoral_official",
    "platform_member",
    "police_liaison",
    "coordinator",
    "admin",
]


def route_shape(path: str) -> str:
    """`/cases/12/items/3` -> `/cases/{}/items/{}`: one check per kind of page."""
    english = path[3:] or "/" if path.startswith("/cy/") or path == "/cy" else path
    return re.sub(r"/(\d+|[0-9a-f]{8,}|[0-9a-f-]{36})(?=/|$)", "/{}", english)


def _same_site_links(page: Any, base: str) -> list[str]:
    # A link marked `download` fetches a file (an evidence pack), not a page.
    hrefs: list[str] = page.eval_on_selector_all(
        "a[href]:not([download])", "els => els.map(e => e.href)"
    )
    links = []
    for href in hrefs:
        parts = urlsplit(urljoin(page.url, href))
        if f"{parts.scheme}://{parts.netloc}" != base or SKIP.search(parts.path):
            continue
        links.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return links


def _welsh(path: str) -> str:
    return "/cy" if path == "/" else "/cy" + path


@pytest.fixture
def demo_users(db: Session) -> dict[str, User]:
    demo = DemoData()
    for domain in DOMAINS:
        module = domain.module("demo")
        if module is not None:
            module.load(db, demo)
    db.commit()
    return {key[5:]: row for key, row in demo.rows.items() if key.startswith("user:")}


def test_every_reachable_page_passes_axe_in_both_languages(
    page: Any, live_server: str, demo_users: dict[str, User]
) -> None:
    checked: set[str] = set()
    visited_as: dict[str, list[str]] = {}
    for visitor in VISITORS:
        page.context.clear_cookies()
        if visitor is not None:
            sign_in_browser(page, live_server, demo_users[visitor])
        queue = deque(["/", "/account"] if visitor else ["/"])
        seen: set[str] = set(queue)
        queued_shapes: set[str] = set()
        visits = 0
        while queue and visits < MAX_PAGES_PER_VISITOR:
            path = queue.popleft()
            if visits > 1 and route_shape(urlsplit(path).path) in checked:
                continue
            response = page.goto(live_server + path)
            visits += 1
            if response is None or "text/html" not in response.headers.get("content-type", ""):
                continue
            for link in _same_site_links(page, live_server):
                shape = route_shape(urlsplit(link).path)
                if link.startswith("/cy") or link in seen or shape in queued_shapes:
                    continue
                seen.add(link)
                queued_shapes.add(shape)
                queue.append(link)
            shape = route_shape(urlsplit(page.url).path)
            if shape in checked or response.status >= 400:
                continue
            checked.add(shape)
            visited_as.setdefault(visitor or "anonymous", []).append(shape)
            assert_accessible(page)
            switch = page.locator("a[hreflang='cy']")
            assert switch.count() >= 1, f"{path} has no link to its Welsh version"
            welsh = page.goto(live_server + _welsh(urlsplit(page.url).path))
            assert welsh is not None and welsh.status < 400, f"{_welsh(path)}: {welsh}"
            assert page.evaluate("document.documentElement.lang") == "cy"
            assert_accessible(page)
    # The crawl must really reach the domains' pages, or it proves nothing.
    print(f"checked {len(checked)} kinds of page: {visited_as}")
    assert len(checked) >= 15, visited_as
