"""Every route declares who may use it, and everyone else is refused.

The walker reads each route's dependencies for an AccessRule, then calls the route as an
anonymous visitor, as every role the rule does not admit, and (for API-key routes) with a
session instead of a key, expecting a refusal each time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from hustings.auth.access import AccessRule, access_rule_of
from hustings.auth.roles import Role
from tests.factories.auth import make_user

REFUSED = {401, 403}


def _rules(dependant: Dependant) -> list[AccessRule]:
    found = []
    rule = access_rule_of(dependant.call)
    if rule is not None:
        found.append(rule)
    for sub in dependant.dependencies:
        found.extend(_rules(sub))
    return found


@dataclass(frozen=True)
class WalkedRoute:
    """One route as the application serves it: included routers' prefixes applied."""

    path: str
    methods: set[str]
    dependant: Dependant


def api_routes(app: Any) -> list[WalkedRoute]:
    """Every FastAPI route, including those of included routers.

    FastAPI 0.165 keeps included routers as `_IncludedRouter` entries in `app.routes`, so a
    plain walk of `app.routes` sees none of the domains' routes; `iter_route_contexts` (what
    FastAPI's own OpenAPI generator walks) flattens them.
    """
    walked = []
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, APIRoute):
            walked.append(WalkedRoute(str(context.path), set(route.methods), route.dependant))
    return walked


def test_the_walker_sees_every_domains_routes(app: Any) -> None:
    paths = {route.path for route in api_routes(app)}
    for expected in ("/healthz", "/sign-in", "/api/v1/triage", "/guide", "/api/v1/cases"):
        assert any(p == expected or p.startswith(expected + "/") for p in paths), expected
    assert len(paths) > 50


def concrete_path(route: WalkedRoute) -> str:
    """Fill path parameters with plausible values; refusals come before any lookup."""
    return re.sub(r"\{[^}:]+(:[^}]+)?\}", "1", route.path)


def test_every_route_declares_exactly_one_access_rule(app: Any) -> None:
    missing, doubled = [], []
    for route in api_routes(app):
        rules = _rules(route.dependant)
        if not rules:
            missing.append(f"{sorted(route.methods)} {route.path}")
        elif len(rules) > 1:
            doubled.append(f"{sorted(route.methods)} {route.path}")
    assert not missing, f"routes without an access rule: {missing}"
    assert not doubled, f"routes with more than one access rule: {doubled}"


def _refused(response: Any) -> bool:
    if response.status_code in REFUSED:
        return True
    # People who are not signed in are sent to the sign-in page.
    return response.status_code == 303 and "/sign-in" in response.headers.get("location", "")


def test_everyone_else_is_refused(app: Any, db: Any, make_client: Any) -> None:
    users = {role: make_user(db, role) for role in Role}
    db.commit()
    failures: list[str] = []
    anonymous = make_client()
    signed_in = {role: make_client().login(user) for role, user in users.items()}
    for route in api_routes(app):
        rule = _rules(route.dependant)[0]
        if rule.kind == "public":
            continue
        path = concrete_path(route)
        for method in sorted(route.methods - {"HEAD"}):
            callers = [("anonymous", anonymous)]
            callers += [
                (role.value, c) for role, c in signed_in.items() if not rule.admits_role(role)
            ]
            for who, caller in callers:
                response = caller.request(
                    method, path, headers={"x-csrf-token": caller.csrf}, data={}
                )
                if not _refused(response):
                    failures.append(f"{method} {route.path} as {who}: {response.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("header", ["Bearer hk_nope_nope", "Bearer not-a-key"])
def test_api_key_routes_refuse_bad_keys(app: Any, client: Any, header: str) -> None:
    for route in api_routes(app):
        rule = _rules(route.dependant)[0]
        if rule.kind not in ("api_key", "platform", "identified"):
            continue
        for method in route.methods - {"HEAD"}:
            response = client.request(
                method, concrete_path(route), headers={"authorization": header}
            )
            assert response.status_code == 401, f"{method} {route.path}"
