"""Several candidates uploading screenshots at once, through one real server (uvicorn, one
event loop, as in production) on the test database.

On SQLite every write transaction begins IMMEDIATE, so a request whose first query waits
for the write lock must wait in a worker thread. The upload routes used to query on the
event loop: one upload waited there for the lock while the request holding it needed the
loop to finish, and after SQLite's 30 s busy timeout the upload failed with "database is
locked" (HTTP 500). Every upload must now succeed, whatever the interleaving.
"""

from __future__ import annotations

import threading
from typing import Any

import httpx
import pytest

from tests.factories.cases import image_bytes, make_world

CLIENTS = 4
ROUNDS = 3


def _screenshot(client: int, round_: int) -> bytes:
    # Different bytes for each upload: no shortcut for a file the store already holds.
    return image_bytes(color=(40 * client + 10, 20 * round_ + 5, 90))


def _api_reports(base: str, cookie: str, csrf: str, client: int) -> list[str]:
    """Start a case and upload a screenshot to it, ROUNDS times; the problems seen."""
    problems: list[str] = []
    with httpx.Client(base_url=base, timeout=120, headers={"x-csrf-token": csrf}) as http:
        http.cookies.set("hustings_session", cookie)
        for round_ in range(ROUNDS):
            case = http.post(
                "/api/v1/cases",
                json={"summary": f"Replies ({client}/{round_})", "platforms": ["facebook"]},
            )
            if case.status_code != 201:
                problems.append(f"start {case.status_code}: {case.text[:200]}")
                continue
            upload = http.post(
                f"/api/v1/cases/{case.json()['id']}/files",
                files=[("files", ("reply.png", _screenshot(client, round_), "image/png"))],
                data={"platform": "facebook"},
            )
            if upload.status_code != 201 or len(upload.json()["items"]) != 1:
                problems.append(f"upload {upload.status_code}: {upload.text[:200]}")
    return problems


def _page_reports(base: str, cookie: str, csrf: str, client: int) -> list[str]:
    """The same through the report pages (forms, redirects), as a browser sends them."""
    problems: list[str] = []
    with httpx.Client(base_url=base, timeout=120, follow_redirects=False) as http:
        http.cookies.set("hustings_session", cookie)
        for round_ in range(ROUNDS):
            case = http.post(
                "/cases/new",
                data={
                    "csrf_token": csrf,
                    "summary": f"Replies ({client}/{round_})",
                    "platforms": "facebook",
                    "in_danger_now": "no",
                    "thinks_crime": "unsure",
                },
            )
            if case.status_code != 303:
                problems.append(f"start {case.status_code}: {case.text[:200]}")
                continue
            case_url = case.headers["location"]
            upload = http.post(
                f"{case_url}/files",
                data={"csrf_token": csrf, "platform": "facebook"},
                files=[("files", ("reply.png", _screenshot(client, round_), "image/png"))],
            )
            if upload.status_code != 303:
                problems.append(f"upload {upload.status_code}: {upload.text[:200]}")
    return problems


@pytest.mark.parametrize("flow", [_api_reports, _page_reports], ids=["api", "pages"])
def test_candidates_upload_at_once(db: Any, make_client: Any, live_server: str, flow: Any) -> None:
    world = make_world(db)
    db.commit()
    signed_in = make_client().login(world.candidate)
    cookie, csrf = signed_in.http.cookies["hustings_session"], signed_in.csrf
    start = threading.Barrier(CLIENTS)
    problems: dict[int, list[str]] = {}

    def run(client: int) -> None:
        start.wait()
        try:
            problems[client] = flow(live_server, cookie, csrf, client)
        except Exception as error:  # a timeout or a dropped connection is a failure too
            problems[client] = [repr(error)]

    threads = [threading.Thread(target=run, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {n: p for n, p in problems.items() if p} == {}
    assert len(problems) == CLIENTS

    from hustings.cases.models import EvidenceItem

    db.rollback()
    assert db.query(EvidenceItem).count() == CLIENTS * ROUNDS
