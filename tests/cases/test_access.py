"""Every case route, for every role, both ways: the right person is let through and everyone
else (including the same role for someone else's case, report or force) is refused.

"Let through" means the access rules passed: any answer but 401, 403, 404 or a redirect to
sign in (a 409 or 422 from the business rules still counts as let through). Each call gets a
fresh case, so an allowed call never changes what the next caller sees (refused calls share
one, since a refusal changes nothing).
"""

from __future__ import annotations

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
    "revoked_staff",
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
PLATFORMS = META | {"x_member", "x_key"}
POLICE = {"liaison"}
ANY_CANDIDATE_SIDE = {"candidate", "other_candidate", "staff", "undelegated_staff", "revoked_staff"}


@dataclass(frozen=True)
class Route:
    """One route: its path template, who must get in, and the state the case must be in.

    Everyone in PERSONAS who is not in `allowed` must be refused."""

    method: str
    template: str
    allowed: set[str]
    state: str = "submitted"  # "draft", "submitted", "with_image", "escalated" or "webhook"
    json: dict[str, Any] | None = None
    files: bool = False
    form: dict[str, str] | None = None


ROUTES: dict[str, Route] = {
    # Any candidate or staff member may list and start cases: their own (see the tests below).
    "list cases": Route("GET", "/api/v1/cases", READERS | ANY_CANDIDATE_SIDE - OWNERS),
    "start a case": Route(
        "POST",
        "/api/v1/cases",
        OWNERS | {"other_candidate"},
        json={"summary": "x", "candidate_id": "CANDIDATE"},
    ),
    "see a case": Route("GET", "/api/v1/cases/{case_id}", READERS),
    "change a draft": Route(
        "PATCH", "/api/v1/cases/{case_id}", OWNERS, "draft", {"summary": "more"}
    ),
    "add texts": Route(
        "POST",
        "/api/v1/cases/{case_id}/items",
        OWNERS,
        "draft",
        {"items": [{"text": "hello", "platform": "x"}]},
    ),
    "add files": Route("POST", "/api/v1/cases/{case_id}/files", OWNERS, "draft", files=True),
    "confirm labels": Route(
        "PUT", "/api/v1/cases/{case_id}/labels", OWNERS, "draft", {"labels": {}}
    ),
    "submit": Route("POST", "/api/v1/cases/{case_id}/submit", OWNERS, "draft"),
    "send to police": Route(
        "POST",
        "/api/v1/cases/{case_id}/police",
        OWNERS,
        "submitted",
        {"force": "south-wales-police", "consent": True},
    ),
    "download own pack": Route("GET", "/api/v1/cases/{case_id}/pack", OWNERS),
    "set retention": Route(
        "PUT", "/api/v1/cases/{case_id}/retention", HUB, json={"retain_until": "2030-01-01"}
    ),
    "delete a case": Route("DELETE", "/api/v1/cases/{case_id}", HUB),
    "see deadlines": Route("GET", "/api/v1/coordinator/deadlines", HUB),
    "set deadlines": Route(
        "PUT",
        "/api/v1/coordinator/deadlines/{platform}",
        HUB,
        json={"acknowledge_hours": 12, "decide_hours": 48},
    ),
    "platform queue": Route("GET", "/api/v1/platform/reports", PLATFORMS),
    "platform report": Route("GET", "/api/v1/platform/reports/{report_id}", META),
    "platform image": Route(
        "GET",
        "/api/v1/platform/reports/{report_id}/items/{item_id}/image",
        META,
        "with_image",
    ),
    "acknowledge": Route("POST", "/api/v1/platform/reports/{report_id}/acknowledge", META),
    "decide": Route(
        "POST",
        "/api/v1/platform/reports/{report_id}/decision",
        META,
        json={"decision": "no_violation"},
    ),
    "list webhooks": Route("GET", "/api/v1/platform/webhooks", PLATFORMS),
    "add webhook": Route(
        "POST", "/api/v1/platform/webhooks", PLATFORMS, json={"url": "http://127.0.0.1:9/hook"}
    ),
    "remove webhook": Route("DELETE", "/api/v1/platform/webhooks/{endpoint_id}", META, "webhook"),
    "police list": Route("GET", "/api/v1/police/cases", POLICE | {"other_liaison"}),
    "police case": Route("GET", "/api/v1/police/cases/{case_id}", POLICE, "escalated"),
    "police pack": Route("GET", "/api/v1/police/cases/{case_id}/pack", POLICE, "escalated"),
    "police update": Route(
        "PATCH", "/api/v1/police/cases/{case_id}", POLICE, "escalated", {"reference": "REF-1"}
    ),
    # ------------------------------------------------------------ pages (cases.views)
    "page: your cases": Route("GET", "/cases", READERS | ANY_CANDIDATE_SIDE - OWNERS),
    "page: report form": Route("GET", "/cases/new", ANY_CANDIDATE_SIDE),
    "page: start a case": Route(
        "POST",
        "/cases/new",
        ANY_CANDIDATE_SIDE,  # staff not named by anyone get the form back: nobody to report for
        form={"summary": "x", "platforms": "x", "in_danger_now": "no", "candidate": "CANDIDATE"},
    ),
    "page: a case": Route("GET", "/cases/{case_id}", READERS),
    "page: add a message": Route(
        "POST", "/cases/{case_id}/items", OWNERS, "draft", form={"text": "hi", "platform": "x"}
    ),
    "page: upload": Route("POST", "/cases/{case_id}/files", OWNERS, "draft", files=True, form={}),
    "page: an image": Route("GET", "/cases/{case_id}/items/{item_id}/image", READERS, "with_image"),
    "page: confirm labels": Route("POST", "/cases/{case_id}/labels", OWNERS, "draft", form={}),
    "page: send": Route("POST", "/cases/{case_id}/submit", OWNERS, "draft", form={}),
    "page: send to police": Route(
        "POST",
        "/cases/{case_id}/police",
        OWNERS,
        form={"force": "south-wales-police", "consent": "yes"},
    ),
    "page: own pack": Route("GET", "/cases/{case_id}/pack", OWNERS),
    "page: platform queue": Route("GET", "/platform/reports", {"meta_member", "x_member"}),
    "page: platform report": Route("GET", "/platform/reports/{report_id}", {"meta_member"}),
    "page: acknowledge": Route(
        "POST", "/platform/reports/{report_id}/acknowledge", {"meta_member"}, form={}
    ),
    "page: decide": Route(
        "POST",
        "/platform/reports/{report_id}/decision",
        {"meta_member"},
        form={"decision": "no_violation"},
    ),
    "page: police list": Route("GET", "/police/cases", POLICE | {"other_liaison"}),
    "page: police case": Route("GET", "/police/cases/{case_id}", POLICE, "escalated"),
    "page: police pack": Route("GET", "/police/cases/{case_id}/pack", POLICE, "escalated"),
    "page: police update": Route(
        "POST",
        "/police/cases/{case_id}",
        POLICE,
        "escalated",
        form={"status": "received", "reference": "REF-1"},
    ),
    "page: coordinator": Route("GET", "/coordinator", HUB),
    "page: set deadlines": Route(
        "POST",
        "/coordinator/deadlines/{platform}",
        HUB,
        form={"acknowledge_hours": "12", "decide_hours": "48"},
    ),
    "page: retention rule": Route(
        "POST",
        "/coordinator/retention",
        HUB,
        form={
            "election_day-day": "7",
            "election_day-month": "5",
            "election_day-year": "2026",
            "months_after": "12",
        },
    ),
    "page: check deadlines": Route("POST", "/coordinator/check-deadlines", HUB, form={}),
}


@dataclass(frozen=True)
class Target:
    """The objects a route's path names, made fresh for one call."""

    case: Case
    endpoint_id: int | None = None

    def path(self, template: str) -> str:
        values: dict[str, Any] = {"case_id": self.case.id, "platform": "x"}
        if "{report_id}" in template:
            values["report_id"] = next(
                r.id for r in self.case.reports if r.platform_slug == "facebook"
            )
        if "{item_id}" in template:
            values["item_id"] = next(
                i.id for i in self.case.items if i.platform_slug == "facebook" and i.sha256
            )
        if "{endpoint_id}" in template:
            values["endpoint_id"] = self.endpoint_id
        return template.format(**values)


def _target(db: Any, world: World, state: str) -> Target:
    from hustings.cases import police, webhooks
    from hustings.cases.permissions import Acting

    endpoint_id = None
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
        if state == "webhook":
            endpoint, _ = webhooks.register_endpoint(
                session=db, organisation=world.meta, url="http://127.0.0.1:9/hook"
            )
            endpoint_id = endpoint.id
    db.commit()
    db.refresh(case)
    db.commit()  # SQLite: every transaction takes the write lock; let the app have it
    return Target(case, endpoint_id)


def test_every_case_route_is_in_the_table() -> None:
    """A new route without a row here would go untested: fail instead."""
    from fastapi.routing import APIRoute

    from hustings.cases import api

    declared = {
        (method, route.path)
        for router in _routers()
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in route.methods
    }
    tested = {(r.method, r.template) for r in ROUTES.values()}
    assert declared - tested == set(), "case routes without access tests"
    assert tested - declared == set(), "access tests for routes that do not exist"
    assert api.router.routes  # the walk above saw something


def _routers() -> list[Any]:
    from hustings.domains import Domain

    cases = Domain("cases")
    return [m.router for m in (cases.module("api"), cases.module("views")) if m is not None]


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
    shared = _target(db, world, route.state)  # refused calls change nothing: they share one
    for persona in PERSONAS:
        target = _target(db, world, route.state) if persona in route.allowed else shared
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
        if route.form is not None:
            form = {
                k: str(world.candidate.id) if v == "CANDIDATE" else v for k, v in route.form.items()
            }
            kwargs["data"] = {"csrf_token": client.csrf, **form}
        path = target.path(route.template)
        db.commit()
        response = client.request(route.method, path, **kwargs)
        expected_in = persona in route.allowed
        if expected_in == _refused(response):
            wrong.append(f"{persona}: {response.status_code} {response.text[:120]}")
    assert not wrong, f"{name}:\n" + "\n".join(wrong)


def test_nobody_signed_out_gets_anything(db: Any, client: Any) -> None:
    world = make_world(db)
    targets = {state: _target(db, world, state) for state in {r.state for r in ROUTES.values()}}
    paths = {name: targets[r.state].path(r.template) for name, r in ROUTES.items()}
    db.commit()
    for name, route in ROUTES.items():
        response = client.request(
            route.method, paths[name], headers={"x-csrf-token": client.csrf}, json=route.json
        )
        assert _signed_out_refusal(route, response), f"{name}: {response.status_code}"


def _signed_out_refusal(route: Route, response: Any) -> bool:
    """The API answers 401; pages send people to sign in."""
    if route.template.startswith("/api/"):
        return bool(response.status_code == 401)
    return response.status_code == 303 and "/sign-in" in response.headers.get("location", "")


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
        ("revoked_staff", []),
    ]:
        client = make_client().login(getattr(world, persona))
        assert [c["id"] for c in client.get("/api/v1/cases").json()] == expected, persona


def test_staff_can_only_start_cases_for_candidates_who_named_them(
    db: Any, make_client: Any
) -> None:
    world = make_world(db)
    db.commit()
    for persona, status in [("staff", 201), ("undelegated_staff", 404), ("revoked_staff", 404)]:
        client = make_client().login(getattr(world, persona))
        response = client.post(
            "/api/v1/cases",
            json={"summary": "x", "candidate_id": world.candidate.id},
            headers={"x-csrf-token": client.csrf},
        )
        assert response.status_code == status, persona
