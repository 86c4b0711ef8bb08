"""Every case route, for every role, both ways: the right person is let through and everyone
else (including the same role for someone else's case, report or force) is refused.

"Let through" means the access rules passed: any answer but 401, 403, 404 or a redirect to
sign in (a 409 or 422 from the business rules still counts as let through). Each call gets a
fresh case, so an allowed call never changes what the next caller sees (refused calls share
one, since a refusal changes nothing).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from hustings.cases.models import Case
from tests.factories.cases import World, draft, image_bytes, make_world, submitted_case

PERSONAS = (
    "candidate",
    "other_candidate",
    "staff",
    "undelegated_staff",
    "meta_member",
    "x_member",
    "meta_key",
    "x_key",
    "liaison",
    "other_liaison",
    "coordinator",
    "admin",
    "party_officer",
    "electoral_official",
)
OWNERS = {"candidate", "staff"}
READERS = OWNERS | {"coordinator", "admin"}
HUB = {"coordinator", "admin"}
META = {"meta_member", "meta_key"}
POLICE = {"liaison"}


@dataclass(frozen=True)
class Route:
    method: str
    path: Callable[[Case], str]
    allowed: set[str]
    state: str = "submitted"  # "draft", "submitted", "with_image" or "escalated"
    json: dict[str, Any] | None = None
    files: bool = False


def _fb_report(case: Case) -> int:
    return next(r.id for r in case.reports if r.platform_slug == "facebook")


def _fb_image(case: Case) -> int:
    return next(i.id for i in case.items if i.platform_slug == "facebook" and i.sha256)


ROUTES: dict[str, Route] = {
    # Any candidate or staff member may list and start cases: their own (see the tests below).
    "list cases": Route(
        "GET", lambda c: "/api/v1/cases", READERS | {"other_candidate", "undelegated_staff"}
    ),
    "start a case": Route(
        "POST",
        lambda c: "/api/v1/cases",
        OWNERS | {"other_candidate"},
        json={"summary": "x", "candidate_id": "CANDIDATE"},
    ),
    "see a case": Route("GET", lambda c: f"/api/v1/cases/{c.id}", READERS),
    "change a draft": Route(
        "PATCH", lambda c: f"/api/v1/cases/{c.id}", OWNERS, "draft", {"summary": "more"}
    ),
    "add texts": Route(
        "POST",
        lambda c: f"/api/v1/cases/{c.id}/items",
        OWNERS,
        "draft",
        {"items": [{"text": "hello", "platform": "x"}]},
    ),
    "add files": Route(
        "POST", lambda c: f"/api/v1/cases/{c.id}/files", OWNERS, "draft", files=True
    ),
    "confirm labels": Route(
        "PUT", lambda c: f"/api/v1/cases/{c.id}/labels", OWNERS, "draft", {"labels": {}}
    ),
    "submit": Route("POST", lambda c: f"/api/v1/cases/{c.id}/submit", OWNERS, "draft"),
    "send to police": Route(
        "POST",
        lambda c: f"/api/v1/cases/{c.id}/police",
        OWNERS,
        "submitted",
        {"force": "south-wales-police", "consent": True},
    ),
    "download own pack": Route("GET", lambda c: f"/api/v1/cases/{c.id}/pack", OWNERS),
    "set retention": Route(
        "PUT", lambda c: f"/api/v1/cases/{c.id}/retention", HUB, json={"retain_until": "2030-01-01"}
    ),
    "delete a case": Route("DELETE", lambda c: f"/api/v1/cases/{c.id}", HUB),
    "see deadlines": Route("GET", lambda c: "/api/v1/coordinator/deadlines", HUB),
    "set deadlines": Route(
        "PUT",
        lambda c: "/api/v1/coordinator/deadlines/x",
        HUB,
        json={"acknowledge_hours": 12, "decide_hours": 48},
    ),
    "platform queue": Route(
        "GET", lambda c: "/api/v1/platform/reports", META | {"x_member", "x_key"}
    ),
    "platform report": Route("GET", lambda c: f"/api/v1/platform/reports/{_fb_report(c)}", META),
    "platform image": Route(
        "GET",
        lambda c: f"/api/v1/platform/reports/{_fb_report(c)}/items/{_fb_image(c)}/image",
        META,
        "with_image",
    ),
    "acknowledge": Route(
        "POST", lambda c: f"/api/v1/platform/reports/{_fb_report(c)}/acknowledge", META
    ),
    "decide": Route(
        "POST",
        lambda c: f"/api/v1/platform/reports/{_fb_report(c)}/decision",
        META,
        json={"decision": "no_violation"},
    ),
    "list webhooks": Route(
        "GET", lambda c: "/api/v1/platform/webhooks", META | {"x_member", "x_key"}
    ),
    "add webhook": Route(
        "POST",
        lambda c: "/api/v1/platform/webhooks",
        META | {"x_member", "x_key"},
        json={"url": "http://127.0.0.1:9/hook"},
    ),
    "police list": Route("GET", lambda c: "/api/v1/police/cases", POLICE | {"other_liaison"}),
    "police case": Route("GET", lambda c: f"/api/v1/police/cases/{c.id}", POLICE, "escalated"),
    "police pack": Route("GET", lambda c: f"/api/v1/police/cases/{c.id}/pack", POLICE, "escalated"),
    "police update": Route(
        "PATCH",
        lambda c: f"/api/v1/police/cases/{c.id}",
        POLICE,
        "escalated",
        {"reference": "REF-1"},
    ),
}


def _case(db: Any, world: World, state: str) -> Case:
    from hustings.cases import police
    from hustings.cases.permissions import Acting

    if state == "draft":
        case = draft(db, world.candidate, platforms=["x"])
    else:
        case = submitted_case(db, world.candidate, image=state == "with_image")
        if state == "escalated":
            police.escalate(
                session=db,
                case=case,
                acting=Acting(world.candidate, world.candidate.id),
                force_slug="south-wales-police",
                consent=True,
            )
    db.commit()
    db.refresh(case)
    db.commit()  # SQLite: every transaction takes the write lock; let the app have it
    return case


def _refused(response: Any) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    return response.status_code == 303 and "/sign-in" in response.headers.get("location", "")


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_each_route_lets_in_exactly_the_right_people(name: str, db: Any, make_client: Any) -> None:
    route = ROUTES[name]
    world = make_world(db)
    db.commit()
    wrong: list[str] = []
    shared = _case(db, world, route.state)  # refused calls change nothing, so they share one
    for persona in PERSONAS:
        case = _case(db, world, route.state) if persona in route.allowed else shared
        client = make_client()
        headers = {"x-csrf-token": client.csrf}
        if persona.endswith("_key"):
            headers = {"authorization": f"Bearer {getattr(world, persona)}"}
        else:
            client.login(getattr(world, persona))
        kwargs: dict[str, Any] = {"headers": headers}
        if route.json is not None:
            kwargs["json"] = {
                k: world.candidate.id if v == "CANDIDATE" else v for k, v in route.json.items()
            }
        if route.files:
            kwargs["files"] = [("files", ("a.png", image_bytes(), "image/png"))]
        path = route.path(case)
        db.commit()
        response = client.request(route.method, path, **kwargs)
        expected_in = persona in route.allowed
        if expected_in == _refused(response):
            wrong.append(f"{persona}: {response.status_code} {response.text[:120]}")
    assert not wrong, f"{name}:\n" + "\n".join(wrong)


def test_nobody_signed_out_gets_anything(db: Any, client: Any) -> None:
    world = make_world(db)
    case = _case(db, world, "with_image")
    from hustings.cases import police
    from hustings.cases.permissions import Acting

    police.escalate(
        session=db,
        case=case,
        acting=Acting(world.candidate, world.candidate.id),
        force_slug="south-wales-police",
        consent=True,
    )
    db.commit()
    paths = {name: route.path(case) for name, route in ROUTES.items()}
    db.commit()
    for name, route in ROUTES.items():
        response = client.request(
            route.method, paths[name], headers={"x-csrf-token": client.csrf}, json=route.json
        )
        assert response.status_code == 401, name


def test_lists_hold_only_what_each_person_may_follow(db: Any, make_client: Any) -> None:
    world = make_world(db)
    case = submitted_case(db, world.candidate)
    db.commit()
    case_id = case.id
    for persona, expected in [
        ("candidate", [case_id]),
        ("staff", [case_id]),
        ("coordinator", [case_id]),
        ("other_candidate", []),
        ("undelegated_staff", []),
    ]:
        client = make_client().login(getattr(world, persona))
        assert [c["id"] for c in client.get("/api/v1/cases").json()] == expected, persona


def test_staff_can_only_start_cases_for_candidates_who_named_them(
    db: Any, make_client: Any
) -> None:
    world = make_world(db)
    db.commit()
    for persona, status in [("staff", 201), ("undelegated_staff", 404)]:
        client = make_client().login(getattr(world, persona))
        response = client.post(
            "/api/v1/cases",
            json={"summary": "x", "candidate_id": world.candidate.id},
            headers={"x-csrf-token": client.csrf},
        )
        assert response.status_code == status, persona
