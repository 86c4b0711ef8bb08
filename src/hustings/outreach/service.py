"""Outreach rules: invitations (issue, find, accept), acknowledging the guide, reach figures.

Keyword-only functions that flush but never commit. Invitation secrets are random (a long
URL-safe token for email links, an eight-character code for letters); only an HMAC-SHA256 of
each, keyed with the service secret, is stored, so a copy of the database opens no account.
An invitation works once, until it expires, and only the newest one of a person works.
Following one creates the person's account (or signs in to the account already linked),
through the same account rules, sessions and second-factor steps as hustings.auth.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import structlog
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from hustings.audit.service import record
from hustings.auth import service as accounts
from hustings.auth.models import Organisation, User
from hustings.auth.roles import OrgKind, Role
from hustings.auth.rules import AccountError
from hustings.config import get_settings
from hustings.db import utcnow
from hustings.outreach.models import (
    STAFF_ROLES,
    Area,
    Channel,
    Election,
    Invitation,
    Party,
    Person,
    PersonKind,
    Position,
    PositionRole,
    SocialAccount,
)
from hustings.outreach.permissions import Scope
from hustings.web.i18n import gettext as _

log = structlog.get_logger()

EMAIL_LINK_DAYS = 14
LETTER_CODE_DAYS = 60
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read off paper
CODE_LENGTH = 8
REMINDER_AFTER_DAYS = 7
MAX_REMINDERS = 2

ACCOUNT_ROLE: dict[PersonKind, Role] = {
    PersonKind.CANDIDATE: Role.CANDIDATE,
    PersonKind.AGENT: Role.CANDIDATE_STAFF,
    PersonKind.ELECTORAL_STAFF: Role.ELECTORAL_OFFICIAL,
}


def secret_hash(secret: str) -> str:
    """The stored form of an invitation secret (codes compared without case or dashes)."""
    key = get_settings().secret_key.encode()
    return hmac.new(key, normalise_secret(secret).encode(), hashlib.sha256).hexdigest()


def normalise_secret(secret: str) -> str:
    cleaned = secret.strip()
    if len(cleaned) <= CODE_LENGTH + 4:  # a letter code, as typed
        cleaned = cleaned.upper().replace("-", "").replace(" ", "")
    return cleaned


def format_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def _new_secret(channel: Channel) -> str:
    if channel == Channel.LETTER:
        return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return secrets.token_urlsafe(32)


# ---------------------------------------------------------------- issuing


@dataclass(frozen=True)
class Issued:
    """An invitation and its secret: the secret goes into one email or letter, never stored."""

    invitation: Invitation
    secret: str

    @property
    def code(self) -> str:
        return format_code(self.secret)


def issue_invitation(
    *, session: Session, person: Person, channel: Channel, actor: str, reminder: bool = False
) -> Issued:
    """A fresh invitation for `person`; every earlier unused one stops working."""
    now = utcnow()
    session.execute(
        update(Invitation)
        .where(Invitation.person_id == person.id)
        .where(Invitation.used_at.is_(None))
        .where(Invitation.superseded_at.is_(None))
        .values(superseded_at=now)
    )
    secret = _new_secret(channel)
    days = LETTER_CODE_DAYS if channel == Channel.LETTER else EMAIL_LINK_DAYS
    invitation = Invitation(
        person_id=person.id,
        channel=channel,
        language=person.language,
        secret_hash=secret_hash(secret),
        reminder=reminder,
        created_by=actor,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    session.add(invitation)
    session.flush()
    record(
        session=session,
        actor=actor,
        action="outreach.invitation_issue",
        subject_type="outreach_person",
        subject_id=person.id,
        details={"invitation_id": invitation.id, "channel": channel.value, "reminder": reminder},
    )
    return Issued(invitation, secret)


def mark_sent(*, session: Session, invitation: Invitation) -> None:
    now = utcnow()
    invitation.sent_at = now
    person = session.get(Person, invitation.person_id)
    if person is not None:
        person.invited_at = person.invited_at or now
        person.bounced_at = None
        if invitation.reminder:
            person.reminders_sent += 1
            person.last_reminded_at = now
    session.flush()


def mark_bounced(*, session: Session, invitation: Invitation) -> None:
    """The address refused the email: the person needs a letter or a better address."""
    now = utcnow()
    invitation.bounced_at = now
    invitation.superseded_at = now
    person = session.get(Person, invitation.person_id)
    if person is not None:
        person.invited_at = person.invited_at or now
        person.bounced_at = now
    session.flush()
    record(
        session=session,
        actor="system",
        action="outreach.invitation_bounced",
        subject_type="outreach_person",
        subject_id=invitation.person_id,
        details={"invitation_id": invitation.id},
    )


def can_email(person: Person) -> bool:
    return bool(person.email)


# ---------------------------------------------------------------- following an invitation


def find_invitation(*, session: Session, secret: str) -> Invitation | None:
    """The invitation this secret opens, if it still works (unused, newest, not expired)."""
    if not secret or len(secret) > 200:
        return None
    invitation = session.scalar(
        select(Invitation).where(Invitation.secret_hash == secret_hash(secret))
    )
    if invitation is None or invitation.used_at or invitation.superseded_at:
        return None
    if invitation.expires_at <= utcnow():
        return None
    return invitation


def account_for(*, session: Session, person: Person) -> User | None:
    """The account already linked to the person, or the active one with their email."""
    if person.user_id is not None:
        return session.get(User, person.user_id)
    if person.email:
        return accounts.find_user(session=session, email=person.email)
    return None


def _authority_of(session: Session, person: Person) -> Organisation | None:
    for position in person.positions:
        authority_id = position.authority_id
        if authority_id is None and position.area is not None:
            authority_id = position.area.authority_id
        if authority_id is not None:
            org = session.get(Organisation, authority_id)
            if org is not None and org.kind == OrgKind.ELECTORAL_AUTHORITY:
                return org
    return None


def accept_invitation(
    *,
    session: Session,
    invitation: Invitation,
    password: str,
    email: str | None = None,
) -> User:
    """Use an invitation: link (or create) the person's account and mark them signed in.

    An emailed link proves the person reads that mailbox, so it opens the account with that
    address; a letter's code does not, so the person gives an email address and, when it
    already has an account, that account's password. Raises AccountError per field.
    """
    person = session.get(Person, invitation.person_id)
    if person is None:
        raise AccountError.one("password", _("This invitation no longer works"))
    user = account_for(session=session, person=person)
    if invitation.channel == Channel.LETTER and user is None:
        if not email:
            raise AccountError.one("email", _("Enter your email address"))
        user = accounts.find_user(session=session, email=email)
        if user is not None:
            result = accounts.authenticate(session=session, email=email, password=password)
            if result.user is None:
                raise AccountError.one(
                    "password",
                    _("There is an account with this email address: enter its password"),
                )
    if user is not None:
        if not user.is_active:
            raise AccountError.one("password", _("This account has been closed"))
        if user.password_hash is None:
            accounts.set_password(
                session=session, user=user, password=password, actor=f"user:{user.id}"
            )
    else:
        role = ACCOUNT_ROLE[person.kind]
        organisation = _authority_of(session, person) if role == Role.ELECTORAL_OFFICIAL else None
        if role == Role.ELECTORAL_OFFICIAL and organisation is None:
            raise AccountError.one(
                "password", _("Your electoral authority is not set up yet: ask your coordinator")
            )
        user = accounts.create_user(
            session=session,
            email=email if invitation.channel == Channel.LETTER and email else person.email or "",
            full_name=person.full_name,
            role=role,
            organisation=organisation,
            password=password,
            preferred_language=person.language,
            actor="system",
        )
    _link(session=session, person=person, user=user)
    now = utcnow()
    invitation.used_at = now
    person.signed_in_at = person.signed_in_at or now
    session.flush()
    record(
        session=session,
        actor=f"user:{user.id}",
        action="outreach.invitation_accept",
        subject_type="outreach_person",
        subject_id=person.id,
        details={"invitation_id": invitation.id, "channel": invitation.channel.value},
    )
    return user


def _link(*, session: Session, person: Person, user: User) -> None:
    if person.user_id == user.id:
        return
    other = session.scalar(select(Person).where(Person.user_id == user.id))
    if other is not None and other.id != person.id:
        raise AccountError.one(
            "email", _("This account already belongs to someone else in the registry")
        )
    person.user_id = user.id
    session.flush()


def needs_new_password(*, session: Session, invitation: Invitation) -> bool:
    """Whether following this invitation asks for a new password (no usable account yet)."""
    person = session.get(Person, invitation.person_id)
    if person is None:
        return True
    user = account_for(session=session, person=person)
    return user is None or user.password_hash is None


# ---------------------------------------------------------------- the signed-in person


def person_of(*, session: Session, user: User) -> Person | None:
    """The registry entry of a signed-in person, linking it by email on first sight.

    People whose account existed before they were invited are linked here, the first time
    they sign in and open an outreach page (their address was proven when the account was
    set up).
    """
    person = session.scalar(select(Person).where(Person.user_id == user.id))
    if person is not None:
        return person
    person = session.scalar(
        select(Person)
        .where(Person.email == user.email)
        .where(Person.user_id.is_(None))
        .order_by(Person.id)
        .limit(1)
    )
    if person is None:
        return None
    person.user_id = user.id
    person.signed_in_at = person.signed_in_at or utcnow()
    session.flush()
    record(
        session=session,
        actor=f"user:{user.id}",
        action="outreach.person_link",
        subject_type="outreach_person",
        subject_id=person.id,
    )
    return person


def acknowledge_guide(*, session: Session, person: Person, version: str, actor: str) -> None:
    """'I have read the guide': kept with the guide's data version they read."""
    now = utcnow()
    person.acknowledged_at = now
    person.acknowledged_version = version
    person.signed_in_at = person.signed_in_at or now
    session.flush()
    record(
        session=session,
        actor=actor,
        action="outreach.guide_acknowledge",
        subject_type="outreach_person",
        subject_id=person.id,
        details={"guide_version": version},
    )


# ---------------------------------------------------------------- who to invite or remind


def not_yet_invited(*, session: Session, scope: Scope) -> list[Person]:
    return list(
        session.scalars(
            select(Person)
            .where(scope.condition())
            .where(Person.invited_at.is_(None))
            .order_by(Person.full_name, Person.id)
        )
    )


def due_reminders(*, session: Session, now: datetime | None = None) -> list[int]:
    """People emailed over a week ago (and not reminded in the last week) who have not
    signed in yet, with reminders left: the daily reminder job emails them a fresh link."""
    now = now or utcnow()
    cutoff = now - timedelta(days=REMINDER_AFTER_DAYS)
    return list(
        session.scalars(
            select(Person.id)
            .where(Person.invited_at.is_not(None))
            .where(Person.invited_at <= cutoff)
            .where(Person.signed_in_at.is_(None))
            .where(Person.bounced_at.is_(None))
            .where(Person.email.is_not(None))
            .where(Person.reminders_sent < MAX_REMINDERS)
            .where((Person.last_reminded_at.is_(None)) | (Person.last_reminded_at <= cutoff))
            .order_by(Person.id)
        )
    )


def due_acknowledgement_nudges(*, session: Session, now: datetime | None = None) -> list[int]:
    """People who signed in over a week ago but have not acknowledged the guide."""
    now = now or utcnow()
    cutoff = now - timedelta(days=REMINDER_AFTER_DAYS)
    return list(
        session.scalars(
            select(Person.id)
            .where(Person.signed_in_at.is_not(None))
            .where(Person.signed_in_at <= cutoff)
            .where(Person.acknowledged_at.is_(None))
            .where(Person.email.is_not(None))
            .where(Person.reminders_sent < MAX_REMINDERS)
            .where((Person.last_reminded_at.is_(None)) | (Person.last_reminded_at <= cutoff))
            .order_by(Person.id)
        )
    )


# ---------------------------------------------------------------- reach


@dataclass
class Tally:
    """Counts for one group (a party, an area, a role, or everyone)."""

    label: str
    total: int = 0
    invited: int = 0
    bounced: int = 0
    reached: int = 0  # signed in: we know the invitation got to them
    acknowledged: int = 0

    def share(self, count: int) -> int:
        return round(100 * count / self.total) if self.total else 0

    @property
    def reached_share(self) -> int:
        return self.share(self.reached)

    @property
    def acknowledged_share(self) -> int:
        return self.share(self.acknowledged)


@dataclass
class Reach:
    overall: Tally
    by_kind: list[Tally] = field(default_factory=list)
    by_party: list[Tally] = field(default_factory=list)
    by_area: list[Tally] = field(default_factory=list)
    by_role: list[Tally] = field(default_factory=list)


def _add(tally: Tally, invited: bool, bounced: bool, reached: bool, acknowledged: bool) -> None:
    tally.total += 1
    tally.invited += invited
    tally.bounced += bounced
    tally.reached += reached
    tally.acknowledged += acknowledged


def reach(*, session: Session, scope: Scope, kind_labels: dict[str, str]) -> Reach:
    """Reach within a scope, overall and by kind, party, area and role.

    Two queries: one row per person, one per position. A person counts once in each group
    they belong to (a candidate standing in two areas counts in both areas, once overall).
    """
    status: dict[int, tuple[str, bool, bool, bool, bool]] = {}
    for row in session.execute(
        select(
            Person.id,
            Person.kind,
            Person.invited_at.is_not(None),
            Person.bounced_at.is_not(None),
            Person.signed_in_at.is_not(None),
            Person.acknowledged_at.is_not(None),
        ).where(scope.condition())
    ):
        status[row[0]] = (row[1].value, bool(row[2]), bool(row[3]), bool(row[4]), bool(row[5]))
    overall = Tally(label="")
    kinds: dict[str, Tally] = {}
    for kind, *person_flags in status.values():
        _add(overall, *person_flags)
        _add(kinds.setdefault(kind, Tally(kind_labels.get(kind, kind))), *person_flags)
    parties: dict[str, Tally] = {}
    areas: dict[str, Tally] = {}
    roles: dict[str, Tally] = {}
    seen: set[tuple[str, str, int]] = set()
    no_party = _("No party")
    for person_id, party, area, role in session.execute(
        select(Position.person_id, Party.name, Area.name, Position.role)
        .outerjoin(Party, Party.id == Position.party_id)
        .outerjoin(Area, Area.id == Position.area_id)
        .join(Person, Person.id == Position.person_id)
        .where(scope.condition())
    ):
        flags = status.get(person_id)
        if flags is None:
            continue
        groups: list[tuple[str, dict[str, Tally], str]] = [("role", roles, role.value)]
        if role in (PositionRole.CANDIDATE, PositionRole.AGENT):
            groups.append(("party", parties, party or no_party))
        if area:
            groups.append(("area", areas, area))
        for name, table, label in groups:
            if (name, label, person_id) in seen:
                continue
            seen.add((name, label, person_id))
            _add(table.setdefault(label, Tally(label)), *flags[1:])
    order = [k.value for k in PersonKind]
    return Reach(
        overall=overall,
        by_kind=[kinds[k] for k in order if k in kinds],
        by_party=sorted(parties.values(), key=lambda t: t.label.lower()),
        by_area=sorted(areas.values(), key=lambda t: t.label.lower()),
        by_role=sorted(roles.values(), key=lambda t: -t.total),
    )


def not_reached(*, session: Session, scope: Scope, limit: int = 500) -> list[Person]:
    """People who have not signed in yet, bounced first, then never invited, by name."""
    return list(
        session.scalars(
            select(Person)
            .where(scope.condition())
            .where(Person.signed_in_at.is_(None))
            .order_by(
                Person.bounced_at.is_(None),
                Person.invited_at.is_not(None),
                Person.full_name,
                Person.id,
            )
            .limit(limit)
        )
    )


def count_people(*, session: Session, scope: Scope) -> int:
    return int(
        session.scalar(select(func.count()).select_from(Person).where(scope.condition())) or 0
    )


def positions_summary(person: Person) -> list[tuple[str, str | None, str | None]]:
    """(role, party name, area name) for each of a person's positions."""
    return [
        (p.role.value, p.party.name if p.party else None, p.area.name if p.area else None)
        for p in person.positions
    ]


def people_by_ids(*, session: Session, ids: Iterable[int]) -> list[Person]:
    return list(session.scalars(select(Person).where(Person.id.in_(list(ids)))))


def is_staff(person: Person) -> bool:
    return any(p.role in STAFF_ROLES for p in person.positions)


# ---------------------------------------------------------------- accounts platforms protect

# Our account platform names that belong to a knowledge-base platform slug.
ACCOUNT_PLATFORMS: dict[str, tuple[str, ...]] = {
    "facebook": ("facebook", "facebook_personal"),
    "instagram": ("instagram",),
    "threads": ("threads",),
    "x": ("x",),
    "youtube": ("youtube",),
    "tiktok": ("tiktok",),
}


def protected_accounts(
    *, session: Session, platforms: list[str], after: int, limit: int
) -> list[dict[str, Any]]:
    """Candidates' accounts on these platforms (knowledge-base slugs), with what a platform
    needs to recognise them: name, elections, areas. Two queries per page."""
    names = [n for slug in platforms for n in ACCOUNT_PLATFORMS.get(slug, ())]
    if not names:
        return []
    accounts = list(
        session.execute(
            select(SocialAccount.id, SocialAccount.platform, SocialAccount.value, Person.id,
                   Person.full_name)
            .join(Person, Person.id == SocialAccount.person_id)
            .where(SocialAccount.platform.in_(names))
            .where(SocialAccount.id > after)
            .where(Person.kind == PersonKind.CANDIDATE)
            .order_by(SocialAccount.id)
            .limit(limit)
        )
    )  # fmt: skip
    person_ids = {row[3] for row in accounts}
    standing: dict[int, tuple[set[str], set[str], date | None]] = {}
    if person_ids:
        for person_id, election, when, area in session.execute(
            select(Position.person_id, Election.slug, Election.election_date, Area.name)
            .outerjoin(Election, Election.id == Position.election_id)
            .outerjoin(Area, Area.id == Position.area_id)
            .where(Position.person_id.in_(person_ids))
            .where(Position.role == PositionRole.CANDIDATE)
        ):
            elections, areas, latest = standing.setdefault(person_id, (set(), set(), None))
            if election:
                elections.add(election)
            if area:
                areas.add(area)
            if when and (latest is None or when > latest):
                standing[person_id] = (elections, areas, when)
    result = []
    for account_id, platform, value, person_id, name in accounts:
        elections, areas, latest = standing.get(person_id, (set(), set(), None))
        result.append(
            {
                "id": account_id,
                "platform": "facebook" if platform == "facebook_personal" else platform,
                "account": value,
                "name": name,
                "elections": sorted(elections),
                "last_election_date": latest,
                "areas": sorted(areas),
            }
        )
    return result
