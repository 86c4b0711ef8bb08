"""`hustings users` and `hustings orgs`: clear refusals with exit 2 and nothing written."""

from __future__ import annotations

import re
from typing import Any

import pyotp
import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from hustings.audit.models import AuditEntry
from hustings.auth.apikeys import find_key
from hustings.auth.models import ApiKey, Organisation, User
from hustings.auth.passwords import verify_password
from hustings.cli import app

runner = CliRunner()
GOOD = "amber kettle orbit lantern"


def run(*args: str, input: str | None = None) -> Any:
    return runner.invoke(app, list(args), input=input)


def count(db: Any, model: Any) -> int:
    value = int(db.scalar(select(func.count()).select_from(model)))
    db.rollback()
    return value


def test_orgs_create_and_list(db: Any) -> None:
    result = run(
        "orgs",
        "create",
        "--kind",
        "platform",
        "--slug",
        "meta",
        "--name",
        "Meta",
        "--platform",
        "facebook",
        "--platform",
        "instagram",
    )
    assert result.exit_code == 0, result.output
    listed = run("orgs", "list")
    assert "meta" in listed.output and "facebook, instagram" in listed.output


@pytest.mark.parametrize(
    "args",
    [
        ["--kind", "platform", "--slug", "meta", "--name", "Meta"],
        ["--kind", "party", "--slug", "Bad Slug", "--name", "P"],
        ["--kind", "party", "--slug", "p", "--name", "P", "--platform", "x"],
    ],
)
def test_orgs_create_refuses_bad_input(db: Any, args: list[str]) -> None:
    result = run("orgs", "create", *args)
    assert result.exit_code == 2 and result.output.strip()
    assert count(db, Organisation) == 0 and count(db, AuditEntry) == 0


def test_users_create_with_a_second_factor_for_roles_that_need_one(db: Any) -> None:
    run("orgs", "create", "--kind", "police_force", "--slug", "swp", "--name", "SWP")
    result = run(
        "users",
        "create",
        "--email",
        "Rhys@Example.org",
        "--name",
        "Rhys Powell",
        "--role",
        "police_liaison",
        "--org",
        "swp",
        "--password",
        GOOD,
    )
    assert result.exit_code == 0, result.output
    secret = re.search(r"secret=([A-Z2-7]+)", result.output)
    assert secret is not None
    user = db.scalar(select(User))
    assert user.email == "rhys@example.org" and user.totp_secret == secret.group(1)
    assert verify_password(GOOD, user.password_hash)
    assert pyotp.TOTP(secret.group(1)).now()
    db.rollback()


def test_users_create_prompts_for_the_password(db: Any) -> None:
    result = run(
        "users",
        "create",
        "--email",
        "c@example.org",
        "--name",
        "C",
        "--role",
        "candidate",
        input=f"{GOOD}\n{GOOD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "secret=" not in result.output  # offered, not forced, for candidates
    assert verify_password(GOOD, db.scalar(select(User.password_hash)))
    db.rollback()


def test_users_create_generates_a_password(db: Any) -> None:
    result = run(
        "users",
        "create",
        "--email",
        "a@example.org",
        "--name",
        "A",
        "--role",
        "admin",
        "--generate-password",
    )
    assert result.exit_code == 0, result.output
    password = re.search(r"Password \(shown once\): (\S+)", result.output)
    assert password and verify_password(password.group(1), db.scalar(select(User.password_hash)))
    db.rollback()


@pytest.mark.parametrize(
    "args",
    [
        ["--email", "bad", "--name", "X", "--role", "candidate", "--password", GOOD],
        ["--email", "x@example.org", "--name", "X", "--role", "candidate", "--password", "short"],
        ["--email", "x@example.org", "--name", "X", "--role", "party_officer", "--password", GOOD],
        [
            "--email",
            "x@example.org",
            "--name",
            "X",
            "--role",
            "coordinator",
            "--org",
            "nowhere",
            "--password",
            GOOD,
        ],
    ],
)
def test_users_create_refuses_bad_input(db: Any, args: list[str]) -> None:
    result = run("users", "create", *args)
    assert result.exit_code == 2 and result.output.strip()
    assert count(db, User) == 0 and count(db, AuditEntry) == 0


def test_users_list_deactivate_and_reset(db: Any, smtp_server: Any) -> None:
    run(
        "users",
        "create",
        "--email",
        "c@example.org",
        "--name",
        "Carys",
        "--role",
        "candidate",
        "--password",
        GOOD,
    )
    assert "c@example.org" in run("users", "list").output
    reset = run("users", "reset-password", "c@example.org")
    assert reset.exit_code == 0, reset.output
    assert len(smtp_server.wait_for(1)) == 1
    assert run("users", "deactivate", "c@example.org").exit_code == 0
    assert db.scalar(select(User.is_active)) is False
    db.rollback()
    assert run("users", "deactivate", "nobody@example.org").exit_code == 2


def test_keys_issue_list_and_revoke(db: Any) -> None:
    run(
        "orgs",
        "create",
        "--kind",
        "platform",
        "--slug",
        "meta",
        "--name",
        "Meta",
        "--platform",
        "facebook",
    )
    issued = run(
        "orgs",
        "issue-key",
        "--org",
        "meta",
        "--name",
        "Queue",
        "--scope",
        "reports:read",
        "--scope",
        "triage",
    )
    assert issued.exit_code == 0, issued.output
    token = re.search(r"hk_[0-9a-f]{12}_\S+", issued.output)
    assert token is not None
    key = find_key(session=db, token=token.group(0))
    assert key is not None and key.scopes == ["reports:read", "triage"]
    prefix = key.prefix
    db.rollback()
    listed = run("orgs", "keys", "--org", "meta")
    assert prefix in listed.output and token.group(0) not in listed.output
    assert run("orgs", "revoke-key", "--org", "meta", prefix).exit_code == 0
    assert find_key(session=db, token=token.group(0)) is None
    db.rollback()


def test_issue_key_refuses_bad_scopes_and_non_platforms(db: Any) -> None:
    run("orgs", "create", "--kind", "party", "--slug", "party", "--name", "Party")
    run(
        "orgs",
        "create",
        "--kind",
        "platform",
        "--slug",
        "meta",
        "--name",
        "Meta",
        "--platform",
        "facebook",
    )
    assert (
        run("orgs", "issue-key", "--org", "party", "--name", "k", "--scope", "triage").exit_code
        == 2
    )
    assert (
        run("orgs", "issue-key", "--org", "meta", "--name", "k", "--scope", "root").exit_code == 2
    )
    assert (
        run("orgs", "issue-key", "--org", "nowhere", "--name", "k", "--scope", "triage").exit_code
        == 2
    )
    assert count(db, ApiKey) == 0
