"""Every outreach route both ways: coordinators see everyone; party officers only their
party's people and electoral officials only their area's; everyone else is refused.

"Let through" means any answer but 401, 403, 404 or a redirect to sign in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.orm import Session

from tests.factories.outreach import Registry, make_registry

REFUSED = {401, 403, 404}
CALLERS = (
    "coordinator",
    "admin",
    "green_officer",
    "civic_officer",
    "cardiff_official",
    "newport_official",
    "candidate_user",
    "staff_user",
    "platform_member",
    "police_liaison",
)
OUTREACH = {
    "coordinator",
    "admin",
    "green_officer",
    "civic_officer",
    "cardiff_official",
    "newport_official",
}
HUB = {"coordinator", "admin"}
# Whose people each person key is: hub staff see all.
SEES = {
    "dc:1000": HUB | {"green_officer", "cardiff_official"},  # Gwen, Green, Cardiff East
    "dc:1001": HUB | {"civic_officer", "cardiff_official"},  # Cai, Civic, Cardiff West
    "dc:1002": HUB | {"green_officer", "newport_official"},  # Nerys, Green, Newport East
    "dc:1003": HUB,  # Ifan, independent in Swansea West (no authority linked)
    "staff:RO-N": HUB | {"newport_official"},
    "staff:AG-G": HUB | {"green_officer", "cardiff_official"},
}


@dataclass(frozen=True)
class Route:
    method: str
    path: Callable[[int], str]
    allowed: set[str] | None  # None: decided per person by SEES


ROUTES = {
    "dashboard": Route("GET", lambda p: "/outreach", OUTREACH),
    "people list": Route("GET", lambda p: "/outreach/people", OUTREACH),
    "invite everyone": Route("POST", lambda p: "/outreach/invite", OUTREACH),
    "letters for everyone": Route("POST", lambda p: "/outreach/letters.pdf", OUTREACH),
    "import form": Route("GET", lambda p: "/outreach/import", HUB),
    "import upload": Route("POST", lambda p: "/outreach/import", HUB),
    "person": Route("GET", lambda p: f"/outreach/people/{p}", None),
    "resend": Route("POST", lambda p: f"/outreach/people/{p}/invite", None),
    "letter": Route("POST", lambda p: f"/outreach/people/{p}/letter.pdf", None),
}


def _let_through(response: Any) -> bool:
    if response.status_code in REFUSED:
        return False
    return not (response.status_code == 303 and "/sign-in" in response.headers.get("location", ""))


@pytest.fixture
def registry(db: Session, smtp_server: Any) -> Registry:
    return make_registry(db)


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_route_both_ways(name: str, registry: Registry, db: Session, make_client: Any) -> None:
    route = ROUTES[name]
    clients = {caller: make_client().login(getattr(registry, caller)) for caller in CALLERS}
    failures = []
    keys = list(SEES) if route.allowed is None else ["dc:1000"]
    for key in keys:
        person_id = registry.person(db, key).id
        allowed = SEES[key] if route.allowed is None else route.allowed
        db.rollback()
        for caller, client in clients.items():
            response = client.request(
                route.method,
                route.path(person_id),
                headers={"x-csrf-token": client.csrf},
                data={"csrf_token": client.csrf},
            )
            if _let_through(response) != (caller in allowed):
                failures.append(f"{caller} on {key}: {response.status_code}")
        anonymous = make_client()
        response = anonymous.request(
            route.method, route.path(person_id), data={"csrf_token": anonymous.csrf}
        )
        if _let_through(response):
            failures.append(f"anonymous on {key}: {response.status_code}")
    assert not failures, f"{name}: " + "; ".join(failures)


def test_lists_show_only_the_callers_people(
    registry: Registry, db: Session, make_client: Any
) -> None:
    names = {
        "dc:1000": "Gwen Green",
        "dc:1001": "Cai Civic",
        "dc:1002": "Nerys Newport",
        "dc:1003": "Ifan Independent",
        "staff:RO-N": "Nia Newport",
        "staff:AG-G": "Alun Agent",
    }
    clients = {caller: make_client().login(getattr(registry, caller)) for caller in OUTREACH}
    db.rollback()
    for caller, client in sorted(clients.items()):
        people = client.get("/outreach/people").text
        dashboard = client.get("/outreach").text
        for key, name in names.items():
            expected = caller in SEES[key]
            assert (name in people) == expected, f"{caller} people list, {name}"
            # The dashboard lists only people not reached yet: everyone, so far.
            assert (name in dashboard) == expected, f"{caller} dashboard, {name}"
