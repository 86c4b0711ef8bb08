"""Schemathesis fuzzes every JSON API operation in /openapi.json: no input may cause a 500.

It calls each operation three ways: anonymously, with a platform API key holding every
scope, and as a signed-in coordinator, so that validation behind the permission check is
exercised too. Any 5xx is a bug: bad input must get a clear 4xx.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from hustings.auth.roles import Role
from hustings.main import create_app
from tests.factories.auth import make_api_key, make_user


@pytest.fixture
def callers(db: Any, make_client: Any) -> dict[str, dict[str, str]]:
    key = make_api_key(db)
    coordinator = make_user(db, Role.COORDINATOR)
    db.commit()
    session_client = make_client().login(coordinator)
    cookie = "; ".join(f"{k}={v}" for k, v in session_client.http.cookies.items())
    return {
        "anonymous": {},
        "api_key": {"authorization": f"Bearer {key.token}"},
        "coordinator": {"cookie": cookie, "x-csrf-token": session_client.csrf},
    }


# The app finds its database per request, so one app built at import serves every test's
# database (the `db` fixture points the settings at it before any call).
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app())


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_input_causes_a_server_error(case: Any, callers: dict[str, dict[str, str]]) -> None:
    for who, headers in callers.items():
        response = case.call(headers=headers)
        assert response.status_code < 500, (
            f"{case.method} {case.formatted_path} as {who}: {response.status_code}\n"
            f"{response.text[:500]}"
        )
