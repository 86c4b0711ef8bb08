"""Account rules: who can be created, how signing in counts failures and locks, delegations."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from hustings.audit.models import AuditEntry
from hustings.auth import service
from hustings.auth.models import Delegation, Organisation, User
from hustings.auth.passwords import hash_password, verify_password
from hustings.auth.roles import OrgKind, Role
from hustings.auth.rules import AccountError, password_problem
from hustings.db import utcnow
from tests.factories.auth import DEFAULT_PASSWORD, make_org, make_user

GOOD_PASSWORD = "amber kettle orbit lantern"


def _count(db: Any, model: Any) -> int:
    return int(db.scalar(select(func.count()).select_from(model)))


def test_create_user_normalises_email_and_hashes_password(db: Any) -> None:
    user = service.create_user(
        session=db,
        email="  Carys.Evans@Example.ORG ",
        full_name=" Carys Evans ",
        role=Role.CANDIDATE,
        password=GOOD_PASSWORD,
    )
    assert user.email == "carys.evans@example.org"
    assert user.full_name == "Carys Evans"
    assert user.password_hash and GOOD_PASSWORD not in user.password_hash
    assert verify_password(GOOD_PASSWORD, user.password_hash)
    assert user.totp_secret is None
    actions = db.scalars(select(AuditEntry.action)).all()
    assert actions == ["user.create"]


def test_email_is_unique_whatever_its_case(db: Any) -> None:
    service.create_user(session=db, email="a@example.org", full_name="A", role="candidate")
    with pytest.raises(AccountError) as refused:
        service.create_user(session=db, email="A@EXAMPLE.org", full_name="B", role="candidate")
    assert "already an account" in refused.value.errors["email"]
    assert _count(db, User) == 1


@pytest.mark.parametrize(
    ("role", "kind", "ok"),
    [
        (Role.PARTY_OFFICER, OrgKind.PARTY, True),
        (Role.PARTY_OFFICER, OrgKind.PLATFORM, False),
        (Role.PARTY_OFFICER, None, False),
        (Role.PLATFORM_MEMBER, OrgKind.PLATFORM, True),
        (Role.POLICE_LIAISON, OrgKind.POLICE_FORCE, True),
        (Role.ELECTORAL_OFFICIAL, OrgKind.ELECTORAL_AUTHORITY, True),
        (Role.ELECTORAL_OFFICIAL, OrgKind.POLICE_FORCE, False),
        (Role.CANDIDATE, OrgKind.PARTY, False),
        (Role.COORDINATOR, None, True),
        (Role.ADMIN, OrgKind.PLATFORM, False),
    ],
)
def test_role_must_match_its_organisation_kind(
    db: Any, role: Role, kind: OrgKind | None, ok: bool
) -> None:
    organisation = make_org(db, kind) if kind else None
    arguments = {"session": db, "email": "x@example.org", "full_name": "X", "role": role}
    if ok:
        service.create_user(organisation=organisation, **arguments)
        assert _count(db, User) == 1
    else:
        with pytest.raises(AccountError) as refused:
            service.create_user(organisation=organisation, **arguments)
        assert "organisation" in refused.value.errors
        assert _count(db, User) == 0


@pytest.mark.parametrize(
    "password",
    [
        "short",
        "password2024",
        "Password1234!",
        "123456789012",
        "qwertyuiopas",
        "aaaaaaaaaaaaaa",
        "x" * 129,
        "carys.evans@example.org",
        "correct horse battery staple",
    ],
)
def test_weak_passwords_are_refused(password: str) -> None:
    assert password_problem(password, email="carys.evans@example.org") is not None


@pytest.mark.parametrize("password", [GOOD_PASSWORD, "Tr4ffic-cone-Mountain", "x" * 11 + "yz"])
def test_reasonable_passwords_pass(password: str) -> None:
    assert password_problem(password, email="carys.evans@example.org") is None


def test_bad_input_reports_every_field_and_writes_nothing(db: Any) -> None:
    with pytest.raises(AccountError) as refused:
        service.create_user(
            session=db, email="not-an-email", full_name="", role="wizard", password="short"
        )
    assert set(refused.value.errors) == {"email", "full_name", "role", "password"}
    assert _count(db, User) == 0 and _count(db, AuditEntry) == 0


def test_with_totp_gives_a_secret(db: Any) -> None:
    user = service.create_user(
        session=db, email="c@example.org", full_name="C", role=Role.COORDINATOR, with_totp=True
    )
    assert user.totp_secret and len(user.totp_secret) >= 16


def test_create_organisation_rules(db: Any) -> None:
    org = service.create_organisation(
        session=db, kind="platform", slug="Meta", name="Meta", platform_slugs=["Facebook", "x"]
    )
    assert (org.slug, org.platform_slugs) == ("meta", ["facebook", "x"])
    for kind, slug, platforms, field in [
        ("platform", "meta", ["facebook"], "slug"),
        ("platform", "tiktok", [], "platform_slugs"),
        ("party", "a-party", ["facebook"], "platform_slugs"),
        ("party", "Bad Slug!", [], "slug"),
        ("guild", "guild", [], "kind"),
    ]:
        with pytest.raises(AccountError) as refused:
            service.create_organisation(
                session=db, kind=kind, slug=slug, name="N", platform_slugs=platforms
            )
        assert field in refused.value.errors, (kind, slug)
    assert _count(db, Organisation) == 1


# ---------------------------------------------------------------- signing in


def test_authenticate_right_password_and_next_steps(db: Any) -> None:
    candidate = make_user(db, Role.CANDIDATE, email="cand@example.org")
    officer = make_user(db, Role.PARTY_OFFICER, email="officer@example.org")
    admin_without = make_user(db, Role.ADMIN, email="admin@example.org", with_totp=False)
    cases = [(candidate, service.NextStep.DONE), (officer, service.NextStep.SECOND_FACTOR)]
    cases.append((admin_without, service.NextStep.ENROL_SECOND_FACTOR))
    for user, step in cases:
        result = service.authenticate(
            session=db, email=user.email.upper(), password=DEFAULT_PASSWORD
        )
        assert result.user is user and result.next_step == step


def test_wrong_password_and_unknown_email_get_the_same_answer(db: Any) -> None:
    make_user(db, Role.CANDIDATE, email="cand@example.org")
    wrong = service.authenticate(session=db, email="cand@example.org", password="nope nope nope")
    unknown = service.authenticate(session=db, email="who@example.org", password="nope nope nope")
    assert wrong == unknown == service.SignInResult()


def test_lockout_after_max_failures_then_right_password_refused(db: Any) -> None:
    user = make_user(db, Role.CANDIDATE, email="cand@example.org")
    for attempt in range(4):
        result = service.authenticate(session=db, email=user.email, password=f"wrong {attempt}")
        assert not result.ok and result.locked_until is None
    locked = service.authenticate(session=db, email=user.email, password="wrong again")
    assert locked.locked_until is not None
    assert timedelta(minutes=14) < locked.locked_until - utcnow() <= timedelta(minutes=15)
    still = service.authenticate(session=db, email=user.email, password=DEFAULT_PASSWORD)
    assert not still.ok and still.locked_until == locked.locked_until
    actions = db.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions.count("auth.sign_in_failed") == 5 and actions[-1] == "auth.locked_out"
    user.locked_until = utcnow() - timedelta(seconds=1)  # the lock runs out
    assert service.authenticate(session=db, email=user.email, password=DEFAULT_PASSWORD).ok


def test_unknown_email_locks_at_the_same_point(db: Any) -> None:
    results = [
        service.authenticate(session=db, email="ghost@example.org", password=f"guess {n}")
        for n in range(6)
    ]
    assert [r.locked_until is not None for r in results] == [False] * 4 + [True, True]


def test_inactive_user_cannot_sign_in(db: Any) -> None:
    user = make_user(db, Role.CANDIDATE)
    service.deactivate_user(session=db, user=user)
    assert service.authenticate(session=db, email=user.email, password=DEFAULT_PASSWORD) == (
        service.SignInResult()
    )


def test_outdated_hash_is_upgraded_on_sign_in(db: Any) -> None:
    from pwdlib.hashers.argon2 import Argon2Hasher

    user = make_user(db, Role.CANDIDATE)
    user.password_hash = Argon2Hasher(time_cost=1, memory_cost=8192).hash(DEFAULT_PASSWORD)
    old = user.password_hash
    assert service.authenticate(session=db, email=user.email, password=DEFAULT_PASSWORD).ok
    assert user.password_hash != old and verify_password(DEFAULT_PASSWORD, user.password_hash)


def test_change_password_checks_the_old_one_and_ends_sessions(db: Any) -> None:
    user = make_user(db, Role.CANDIDATE)
    epoch = user.session_epoch
    with pytest.raises(AccountError) as refused:
        service.change_password(
            session=db, user=user, current_password="wrong one", new_password=GOOD_PASSWORD
        )
    assert set(refused.value.errors) == {"current_password"}
    assert user.session_epoch == epoch
    service.change_password(
        session=db, user=user, current_password=DEFAULT_PASSWORD, new_password=GOOD_PASSWORD
    )
    assert user.session_epoch == epoch + 1 and verify_password(GOOD_PASSWORD, user.password_hash)


# ---------------------------------------------------------------- delegations


def test_candidate_names_staff_and_revokes(db: Any) -> None:
    candidate = make_user(db, Role.CANDIDATE)
    staff = make_user(db, Role.CANDIDATE_STAFF, email="agent@example.org")
    delegation = service.grant_delegation(
        session=db, candidate=candidate, staff_email="Agent@Example.org"
    )
    assert service.can_act_for(session=db, staff=staff, candidate_id=candidate.id)
    assert service.candidates_for(session=db, staff=staff) == [candidate]
    with pytest.raises(AccountError):
        service.grant_delegation(session=db, candidate=candidate, staff_email=staff.email)
    assert service.revoke_delegation(session=db, candidate=candidate, delegation_id=delegation.id)
    assert not service.can_act_for(session=db, staff=staff, candidate_id=candidate.id)
    kept = db.get(Delegation, delegation.id)
    assert kept is not None and kept.revoked_at is not None  # revoked, never deleted
    # A fresh grant after a revocation is a new consent.
    service.grant_delegation(session=db, candidate=candidate, staff_email=staff.email)
    assert service.can_act_for(session=db, staff=staff, candidate_id=candidate.id)


def test_delegation_only_to_campaign_staff_and_only_by_candidates(db: Any) -> None:
    candidate = make_user(db, Role.CANDIDATE)
    other = make_user(db, Role.COORDINATOR, email="coord@example.org")
    staff = make_user(db, Role.CANDIDATE_STAFF, email="agent@example.org")
    for email in ["coord@example.org", "nobody@example.org", "bad address"]:
        with pytest.raises(AccountError):
            service.grant_delegation(session=db, candidate=candidate, staff_email=email)
    with pytest.raises(AccountError):
        service.grant_delegation(session=db, candidate=other, staff_email=staff.email)
    assert _count(db, Delegation) == 0


def test_someone_elses_delegation_cannot_be_revoked(db: Any) -> None:
    first, second = make_user(db, Role.CANDIDATE), make_user(db, Role.CANDIDATE)
    make_user(db, Role.CANDIDATE_STAFF, email="agent@example.org")
    delegation = service.grant_delegation(
        session=db, candidate=first, staff_email="agent@example.org"
    )
    assert not service.revoke_delegation(session=db, candidate=second, delegation_id=delegation.id)
    assert delegation.revoked_at is None


# ---------------------------------------------------------------- API keys


def test_key_is_hashed_at_rest_and_revocable(db: Any) -> None:
    from hustings.auth.apikeys import find_key

    org = make_org(db, OrgKind.PLATFORM)
    issued = service.issue_api_key(
        session=db, organisation=org, name="queue", scopes=["reports:read"], actor="system"
    )
    row = issued.api_key
    assert issued.token not in (row.secret_hash, row.prefix)
    secret = issued.token.split("_", 2)[2]
    stored = db.execute(select(*row.__table__.columns)).one()
    assert all(secret not in str(value) for value in stored)
    assert find_key(session=db, token=issued.token) is row
    assert find_key(session=db, token=issued.token[:-1] + "x") is None
    service.revoke_api_key(session=db, key=row, actor="system")
    assert find_key(session=db, token=issued.token) is None
    actions = db.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["api_key.issue", "api_key.revoke"]


def test_key_input_is_checked(db: Any) -> None:
    platform, party = make_org(db, OrgKind.PLATFORM), make_org(db, OrgKind.PARTY)
    for organisation, name, scopes, field in [
        (platform, "", ["triage"], "name"),
        (platform, "k", [], "scopes"),
        (platform, "k", ["everything"], "scopes"),
        (party, "k", ["triage"], "organisation"),
    ]:
        with pytest.raises(AccountError) as refused:
            service.issue_api_key(
                session=db, organisation=organisation, name=name, scopes=scopes, actor="system"
            )
        assert field in refused.value.errors


def test_key_of_is_scoped_to_the_organisation(db: Any) -> None:
    mine, theirs = make_org(db, OrgKind.PLATFORM), make_org(db, OrgKind.PLATFORM)
    key = service.issue_api_key(
        session=db, organisation=theirs, name="k", scopes=["triage"], actor="system"
    ).api_key
    assert service.key_of(session=db, key_id=key.id, organisation_id=mine.id) is None
    assert service.key_of(session=db, key_id=key.id, organisation_id=theirs.id) is key
    assert service.key_of(session=db, key_id=key.id, organisation_id=None) is key


def test_hash_password_never_holds_the_password() -> None:
    assert "secret phrase here" not in hash_password("secret phrase here")


def test_ids_beyond_the_column_range_are_simply_not_found(db: Any) -> None:
    candidate = make_user(db, Role.CANDIDATE)
    for huge in (2**31, 2**63, -1, 0):
        assert service.key_of(session=db, key_id=huge, organisation_id=None) is None
        assert not service.revoke_delegation(session=db, candidate=candidate, delegation_id=huge)
