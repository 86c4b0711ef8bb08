"""Accounts: creating people and organisations, signing in, passwords, delegations, API keys.

Keyword-only functions that flush but never commit: the request, job or command owns the
transaction. Refused input raises `AccountError` with a message per field, before anything is
written. Passwords, tokens and codes are never logged or audited.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

import pyotp
import structlog
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hustings.audit.service import record
from hustings.auth.apikeys import IssuedKey, issue_key, revoke_key
from hustings.auth.labels import ORG_KIND_LABELS
from hustings.auth.models import ApiKey, Delegation, Organisation, User
from hustings.auth.passwords import hash_password, needs_rehash, verify_password
from hustings.auth.roles import MFA_OPTIONAL_ROLES, ROLE_ORG_KIND, OrgKind, Role
from hustings.auth.rules import (
    AccountError,
    email_problem,
    name_problem,
    normalise_email,
    password_problem,
    slug_problem,
)
from hustings.auth.scopes import ALL_SCOPES
from hustings.config import get_settings
from hustings.db import utcnow
from hustings.web import ratelimit
from hustings.web.i18n import gettext as _

log = structlog.get_logger()


MAX_ID = 2**31 - 1  # integer primary keys; a larger id would overflow PostgreSQL's int4


def _valid_id(row_id: int) -> bool:
    """Ids from URLs are looked up only if a row could have them (no database errors)."""
    return 0 < row_id <= MAX_ID


def actor_of(user: User | None) -> str:
    """The audit label for a person (or the system, for the CLI and jobs)."""
    return f"user:{user.id}" if user is not None else "system"


# ---------------------------------------------------------------- organisations


def create_organisation(
    *,
    session: Session,
    kind: OrgKind | str,
    slug: str,
    name: str,
    platform_slugs: list[str] | None = None,
    actor: str = "system",
) -> Organisation:
    """A platform, party, police force or electoral authority. Platforms name what they run."""
    errors: dict[str, str] = {}
    try:
        kind = OrgKind(kind)
    except ValueError:
        errors["kind"] = _("Choose the kind of organisation")
    slug, name = slug.strip().lower(), name.strip()
    platforms = sorted({p.strip().lower() for p in platform_slugs or [] if p.strip()})
    if problem := slug_problem(slug):
        errors["slug"] = problem
    elif session.scalar(select(Organisation.id).where(Organisation.slug == slug)):
        errors["slug"] = _("An organisation with this short name already exists")
    if problem := name_problem(name):
        errors["name"] = problem
    if kind == OrgKind.PLATFORM and not platforms:
        errors["platform_slugs"] = _("Name at least one platform this organisation runs")
    elif platforms and kind != OrgKind.PLATFORM:
        errors["platform_slugs"] = _("Only platform organisations run platforms")
    elif any(slug_problem(p) for p in platforms):
        errors["platform_slugs"] = _("Platform names use only lower-case letters and hyphens")
    if errors:
        raise AccountError(errors)
    organisation = Organisation(kind=kind, slug=slug, name=name, platform_slugs=platforms)
    _add_unique(
        session, organisation, "slug", _("An organisation with this short name already exists")
    )
    record(
        session=session,
        actor=actor,
        action="organisation.create",
        subject_type="organisation",
        subject_id=organisation.id,
        details={"kind": organisation.kind.value, "slug": slug},
    )
    return organisation


def _add_unique(session: Session, row: User | Organisation, field: str, message: str) -> None:
    """Insert, turning a lost race on a unique column into the same clear error."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError as error:
        raise AccountError.one(field, message) from error


def organisation_by_slug(*, session: Session, slug: str) -> Organisation | None:
    return session.scalar(select(Organisation).where(Organisation.slug == slug.strip().lower()))


# ---------------------------------------------------------------- people


def create_user(
    *,
    session: Session,
    email: str,
    full_name: str,
    role: Role | str,
    organisation: Organisation | None = None,
    password: str | None = None,
    preferred_language: str = "en",
    with_totp: bool = False,
    actor: str = "system",
) -> User:
    """A person with one role. Without a password they set one through a reset link.

    `with_totp` gives them a second-factor secret now (the CLI prints it); otherwise a role that
    needs one is asked to set it up at first sign-in.
    """
    errors: dict[str, str] = {}
    email, full_name = normalise_email(email), full_name.strip()
    if problem := email_problem(email):
        errors["email"] = problem
    elif find_user(session=session, email=email) is not None:
        errors["email"] = _("There is already an account with this email address")
    if problem := name_problem(full_name):
        errors["full_name"] = problem
    try:
        role = Role(role)
    except ValueError:
        errors["role"] = _("Choose a role")
    else:
        if problem := _organisation_problem(role, organisation):
            errors["organisation"] = problem
    if password is not None and (problem := password_problem(password, email=email)):
        errors["password"] = problem
    if preferred_language not in ("en", "cy"):
        errors["preferred_language"] = _("Choose English or Welsh")
    if errors:
        raise AccountError(errors)
    user = User(
        email=email,
        full_name=full_name,
        role=role,
        organisation_id=organisation.id if organisation else None,
        password_hash=hash_password(password) if password is not None else None,
        totp_secret=pyotp.random_base32() if with_totp else None,
        preferred_language=preferred_language,
    )
    _add_unique(session, user, "email", _("There is already an account with this email address"))
    record(
        session=session,
        actor=actor,
        action="user.create",
        subject_type="user",
        subject_id=user.id,
        details={"role": user.role.value, "organisation_id": user.organisation_id},
    )
    return user


def _organisation_problem(role: Role, organisation: Organisation | None) -> str | None:
    wanted = ROLE_ORG_KIND.get(role)
    if wanted is None:
        return _("This role does not belong to an organisation") if organisation else None
    if organisation is None or organisation.kind != wanted:
        return _(
            "Choose the organisation this person acts for: it must be a %(kind)s",
            kind=str(ORG_KIND_LABELS[wanted]).lower(),
        )
    return None


def find_user(*, session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == normalise_email(email)))


def deactivate_user(*, session: Session, user: User, actor: str = "system") -> None:
    """Stop someone signing in and end their sessions; their records stay."""
    if not user.is_active:
        return
    user.is_active = False
    user.session_epoch += 1
    session.flush()
    record(
        session=session,
        actor=actor,
        action="user.deactivate",
        subject_type="user",
        subject_id=user.id,
    )


def set_preferred_language(*, session: Session, user: User, language: str) -> None:
    """The language of the emails we send them."""
    if language not in ("en", "cy"):
        raise AccountError.one("language", _("Choose English or Welsh"))
    user.preferred_language = language
    session.flush()


# ---------------------------------------------------------------- signing in


class NextStep(StrEnum):
    """What a person who gave the right password must do before they are signed in."""

    DONE = "done"
    SECOND_FACTOR = "second_factor"
    ENROL_SECOND_FACTOR = "enrol_second_factor"


@dataclass(frozen=True)
class SignInResult:
    """Either `user` and `next_step`, or neither (wrong details), or `locked_until`."""

    user: User | None = None
    next_step: NextStep | None = None
    locked_until: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.user is not None


def _lockout_limit() -> str:
    s = get_settings()
    return f"{s.login_max_failures}/{s.login_lockout_minutes} minutes"


def email_key(email: str) -> str:
    """Rate-limit keys name an address without holding it."""
    return hashlib.sha256(email.encode()).hexdigest()[:32]


def authenticate(*, session: Session, email: str, password: str) -> SignInResult:
    """Check a password. Unknown and known addresses get the same answers and similar timing.

    Failures are counted per account; enough of them lock it for a while. Failures for an
    address with no account are counted in the rate limiter, so that its 'locked' answer comes
    at the same point and nobody can tell which addresses have accounts.
    """
    email = normalise_email(email)
    user = find_user(session=session, email=email)
    if user is None or not user.is_active:
        return _unknown_account(email, password)
    now = utcnow()
    if user.locked_until is not None and user.locked_until > now:
        return SignInResult(locked_until=user.locked_until)
    if not verify_password(password, user.password_hash):
        return _failed(session=session, user=user, stage="password")
    if user.password_hash is not None and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    session.flush()
    return SignInResult(user=user, next_step=next_step_for(user))


def next_step_for(user: User) -> NextStep:
    if user.totp_secret is not None:
        return NextStep.SECOND_FACTOR
    if user.role in MFA_OPTIONAL_ROLES:
        return NextStep.DONE
    return NextStep.ENROL_SECOND_FACTOR


def _unknown_account(email: str, password: str) -> SignInResult:
    limit, key = _lockout_limit(), email_key(email)
    left, reset_at = ratelimit.remaining(limit, "sign-in-unknown", key)
    if left <= 0:
        return SignInResult(locked_until=datetime.fromtimestamp(reset_at, tz=utcnow().tzinfo))
    verify_password(password, None)  # the same work as checking a real password
    ratelimit.hit(limit, "sign-in-unknown", key)
    log.info("sign_in_failed", account="unknown")
    left, reset_at = ratelimit.remaining(limit, "sign-in-unknown", key)
    if left <= 0:
        return SignInResult(locked_until=datetime.fromtimestamp(reset_at, tz=utcnow().tzinfo))
    return SignInResult()


def _failed(*, session: Session, user: User, stage: str) -> SignInResult:
    """Count a failure atomically (parallel guesses all count); lock at the limit."""
    settings = get_settings()
    session.execute(
        update(User).where(User.id == user.id).values(failed_logins=User.failed_logins + 1)
    )
    session.refresh(user, ["failed_logins"])
    record(
        session=session,
        actor="anonymous",
        action="auth.sign_in_failed",
        subject_type="user",
        subject_id=user.id,
        details={"stage": stage},
    )
    if user.failed_logins < settings.login_max_failures:
        return SignInResult()
    user.locked_until = utcnow() + timedelta(minutes=settings.login_lockout_minutes)
    user.failed_logins = 0
    session.flush()
    record(
        session=session,
        actor="anonymous",
        action="auth.locked_out",
        subject_type="user",
        subject_id=user.id,
        details={"minutes": settings.login_lockout_minutes},
    )
    log.info("account_locked", user_id=user.id)
    return SignInResult(locked_until=user.locked_until)


def record_failed_second_factor(*, session: Session, user: User) -> SignInResult:
    """A wrong code counts towards the same lockout as a wrong password."""
    return _failed(session=session, user=user, stage="second_factor")


def is_locked(user: User) -> bool:
    return user.locked_until is not None and user.locked_until > utcnow()


def complete_sign_in(*, session: Session, user: User, second_factor: bool) -> None:
    """Every step is done: note it and audit it."""
    user.last_login_at = utcnow()
    user.failed_logins = 0
    session.flush()
    record(
        session=session,
        actor=actor_of(user),
        action="auth.sign_in",
        subject_type="user",
        subject_id=user.id,
        details={"second_factor": second_factor},
    )


# ---------------------------------------------------------------- passwords


def change_password(
    *, session: Session, user: User, current_password: str, new_password: str
) -> None:
    """Change a password knowing the old one; every other session of theirs ends."""
    errors: dict[str, str] = {}
    if not current_password:
        errors["current_password"] = _("Enter your current password")
    elif not verify_password(current_password, user.password_hash):
        errors["current_password"] = _("Your current password is not correct")
    if problem := password_problem(new_password, email=user.email):
        errors["new_password"] = problem
    elif new_password == current_password:
        errors["new_password"] = _("Your new password must be different from your current one")
    if errors:
        raise AccountError(errors)
    _set_password(session=session, user=user, password=new_password)
    record(
        session=session,
        actor=actor_of(user),
        action="auth.password_change",
        subject_type="user",
        subject_id=user.id,
    )


def _set_password(*, session: Session, user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    user.password_reset_nonce = None  # outstanding reset links stop working
    user.session_epoch += 1
    session.flush()


def set_password(*, session: Session, user: User, password: str, actor: str) -> None:
    """Set a password without the old one (a reset link, or an administrator on the CLI)."""
    if problem := password_problem(password, email=user.email):
        raise AccountError.one("password", problem)
    _set_password(session=session, user=user, password=password)
    user.failed_logins = 0
    user.locked_until = None
    session.flush()
    record(
        session=session,
        actor=actor,
        action="auth.password_reset",
        subject_type="user",
        subject_id=user.id,
    )


def end_other_sessions(*, session: Session, user: User) -> None:
    """Sign out everywhere: older session cookies stop working."""
    user.session_epoch += 1
    session.flush()
    record(
        session=session,
        actor=actor_of(user),
        action="auth.sessions_ended",
        subject_type="user",
        subject_id=user.id,
    )


# ---------------------------------------------------------------- delegations


def grant_delegation(*, session: Session, candidate: User, staff_email: str) -> Delegation:
    """A candidate lets a named member of campaign staff report and follow cases for them."""
    if candidate.role != Role.CANDIDATE:
        raise AccountError.one("email", _("Only candidates can name people to act for them"))
    email = normalise_email(staff_email)
    if problem := email_problem(email):
        raise AccountError.one("email", problem)
    staff = find_user(session=session, email=email)
    if staff is None or not staff.is_active or staff.role != Role.CANDIDATE_STAFF:
        raise AccountError.one(
            "email",
            _(
                "There is no campaign staff account with this email address. "
                "Ask them to get a campaign staff account first"
            ),
        )
    if any(d.staff_id == staff.id for d in delegations_of(session=session, candidate=candidate)):
        raise AccountError.one("email", _("This person can already act for you"))
    delegation = Delegation(candidate_id=candidate.id, staff_id=staff.id, granted_at=utcnow())
    session.add(delegation)
    session.flush()
    record(
        session=session,
        actor=actor_of(candidate),
        action="delegation.grant",
        subject_type="delegation",
        subject_id=delegation.id,
        details={"candidate_id": candidate.id, "staff_id": staff.id},
    )
    return delegation


def revoke_delegation(*, session: Session, candidate: User, delegation_id: int) -> bool:
    """Withdraw consent. The row stays (with revoked_at) so the history is kept."""
    if not _valid_id(delegation_id):
        return False
    delegation = session.scalar(
        select(Delegation)
        .where(Delegation.id == delegation_id)
        .where(Delegation.candidate_id == candidate.id)
        .where(Delegation.revoked_at.is_(None))
    )
    if delegation is None:
        return False
    delegation.revoked_at = utcnow()
    session.flush()
    record(
        session=session,
        actor=actor_of(candidate),
        action="delegation.revoke",
        subject_type="delegation",
        subject_id=delegation.id,
        details={"candidate_id": candidate.id, "staff_id": delegation.staff_id},
    )
    return True


def delegations_of(*, session: Session, candidate: User) -> list[Delegation]:
    """Active delegations a candidate has granted, oldest first."""
    return list(
        session.scalars(
            select(Delegation)
            .where(Delegation.candidate_id == candidate.id)
            .where(Delegation.revoked_at.is_(None))
            .order_by(Delegation.granted_at, Delegation.id)
        )
    )


def candidates_for(*, session: Session, staff: User) -> list[User]:
    """The active candidates a member of staff may act for now."""
    return list(
        session.scalars(
            select(User)
            .join(Delegation, Delegation.candidate_id == User.id)
            .where(Delegation.staff_id == staff.id)
            .where(Delegation.revoked_at.is_(None))
            .where(User.is_active.is_(True))
            .order_by(User.full_name, User.id)
        )
    )


def can_act_for(*, session: Session, staff: User, candidate_id: int) -> bool:
    """Whether `staff` holds the candidate's current consent (other domains ask this)."""
    if staff.id == candidate_id:
        return True
    return any(c.id == candidate_id for c in candidates_for(session=session, staff=staff))


# ---------------------------------------------------------------- API keys


def issue_api_key(
    *,
    session: Session,
    organisation: Organisation,
    name: str,
    scopes: list[str],
    actor: str,
    created_by: User | None = None,
) -> IssuedKey:
    """A key for a platform organisation. The token in the result is shown once, never stored."""
    errors: dict[str, str] = {}
    name = name.strip()
    if not name:
        errors["name"] = _("Enter a name for the key, like the system that will use it")
    elif len(name) > 100:
        errors["name"] = _("The key name must be 100 characters or fewer")
    if not scopes:
        errors["scopes"] = _("Choose at least one thing this key may do")
    elif set(scopes) - set(ALL_SCOPES):
        errors["scopes"] = _("Choose only from the listed permissions")
    if organisation.kind != OrgKind.PLATFORM:
        errors["organisation"] = _("API keys are only for platform organisations")
    if errors:
        raise AccountError(errors)
    issued = issue_key(
        session=session,
        organisation=organisation,
        name=name,
        scopes=scopes,
        created_by_id=created_by.id if created_by else None,
    )
    record(
        session=session,
        actor=actor,
        action="api_key.issue",
        subject_type="api_key",
        subject_id=issued.api_key.id,
        details={
            "organisation_id": organisation.id,
            "prefix": issued.api_key.prefix,
            "scopes": issued.api_key.scopes,
        },
    )
    return issued


def keys_of(*, session: Session, organisation_id: int | None = None) -> list[ApiKey]:
    """Keys, newest first; one organisation's, or all of them (administrators)."""
    query = select(ApiKey).order_by(ApiKey.created_at.desc(), ApiKey.id.desc())
    if organisation_id is not None:
        query = query.where(ApiKey.organisation_id == organisation_id)
    return list(session.scalars(query))


def key_of(*, session: Session, key_id: int, organisation_id: int | None) -> ApiKey | None:
    """One key, only if it belongs to `organisation_id` (None: any, for administrators)."""
    key = session.get(ApiKey, key_id) if _valid_id(key_id) else None
    if key is None or (organisation_id is not None and key.organisation_id != organisation_id):
        return None
    return key


def revoke_api_key(*, session: Session, key: ApiKey, actor: str) -> None:
    """Stop a key working at once. The row stays, for the audit trail."""
    if key.revoked_at is not None:
        return
    revoke_key(session=session, key=key)
    record(
        session=session,
        actor=actor,
        action="api_key.revoke",
        subject_type="api_key",
        subject_id=key.id,
        details={"organisation_id": key.organisation_id, "prefix": key.prefix},
    )
