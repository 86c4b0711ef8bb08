"""Who may see and do what with a case, object by object. Routes first check the role
(hustings.auth.access); these rules then check the particular case, report or escalation.

- candidate: their own cases;
- candidate_staff: the cases of candidates who named them and have not revoked it; every
  action is recorded as done on behalf of the candidate;
- platform organisations: only the reports routed to them, never the case around them;
- police liaison: only cases escalated to their own force;
- coordinator and admin: every case (to run deadlines and retention), read-only for evidence;
- party officers and electoral officials: none (they need guidance, not other people's abuse).

A refusal on an object is "not found", so that nobody learns which case numbers exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from hustings.auth.access import PlatformActor
from hustings.auth.models import Delegation, User
from hustings.auth.roles import HUB_STAFF_ROLES, OrgKind, Role
from hustings.cases.models import Case, PoliceEscalation, RoutedReport
from hustings.web.errors import NotFound

CASE_WRITERS: frozenset[Role] = frozenset({Role.CANDIDATE, Role.CANDIDATE_STAFF})
CASE_READERS: frozenset[Role] = CASE_WRITERS | HUB_STAFF_ROLES


@dataclass(frozen=True)
class Acting:
    """Who is acting and for whom: the audit actor and, for staff, the candidate."""

    user: User
    candidate_id: int

    @property
    def actor(self) -> str:
        return f"user:{self.user.id}"

    @property
    def on_behalf_of(self) -> str | None:
        return None if self.user.id == self.candidate_id else f"user:{self.candidate_id}"

    @property
    def delegated(self) -> bool:
        return self.user.id != self.candidate_id


def active_delegation(session: Session, *, candidate_id: int, staff_id: int) -> Delegation | None:
    return session.scalar(
        select(Delegation)
        .where(Delegation.candidate_id == candidate_id)
        .where(Delegation.staff_id == staff_id)
        .where(Delegation.revoked_at.is_(None))
        .limit(1)
    )


def delegating_candidates(session: Session, staff: User) -> list[User]:
    """The candidates who have named this staff member (and not revoked it)."""
    return list(
        session.scalars(
            select(User)
            .join(Delegation, Delegation.candidate_id == User.id)
            .where(Delegation.staff_id == staff.id)
            .where(Delegation.revoked_at.is_(None))
            .where(User.is_active.is_(True))
            .order_by(User.full_name)
        ).unique()
    )


def acting_for(session: Session, user: User, candidate_id: int) -> Acting:
    """The user acting for a candidate: themselves, or staff with an active delegation."""
    if user.role == Role.CANDIDATE and user.id == candidate_id:
        return Acting(user, candidate_id)
    if user.role == Role.CANDIDATE_STAFF and active_delegation(
        session, candidate_id=candidate_id, staff_id=user.id
    ):
        candidate = session.get(User, candidate_id)
        if candidate is not None and candidate.role == Role.CANDIDATE and candidate.is_active:
            return Acting(user, candidate_id)
    raise NotFound()


def can_read_case(session: Session, user: User, case: Case) -> bool:
    if user.role in HUB_STAFF_ROLES:
        return True
    if user.role == Role.CANDIDATE:
        return case.candidate_id == user.id
    if user.role == Role.CANDIDATE_STAFF:
        return (
            active_delegation(session, candidate_id=case.candidate_id, staff_id=user.id) is not None
        )
    return False


def readable_case(session: Session, user: User, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None or not can_read_case(session, user, case):
        raise NotFound()
    return case


def writable_case(session: Session, user: User, case_id: int) -> tuple[Case, Acting]:
    """A case the user may change (their own, or delegated), and how they act on it."""
    case = session.get(Case, case_id)
    if case is None or user.role not in CASE_WRITERS:
        raise NotFound()
    return case, acting_for(session, user, case.candidate_id)


def check_writable(session: Session, user: User, case_id: int) -> None:
    """Refuse early (before an upload is read) if the user may not change the case, then end
    the transaction, so that none is held while files are read and OCR runs."""
    writable_case(session, user, case_id)
    session.rollback()


def platform_report(session: Session, actor: PlatformActor, report_id: int) -> RoutedReport:
    """A routed report of this platform organisation's; anyone else's is not found."""
    report = session.get(RoutedReport, report_id)
    if report is None or report.organisation_id != actor.organisation.id:
        raise NotFound()
    return report


def police_escalation(session: Session, user: User, case_id: int) -> PoliceEscalation:
    """A case escalated to the liaison's own force; any other is not found."""
    escalation = session.scalar(select(PoliceEscalation).where(PoliceEscalation.case_id == case_id))
    if escalation is None or not can_police_read(user, escalation):
        raise NotFound()
    return escalation


def can_police_read(user: User, escalation: PoliceEscalation) -> bool:
    org = user.organisation
    return (
        user.role == Role.POLICE_LIAISON
        and org is not None
        and org.kind == OrgKind.POLICE_FORCE
        and org.slug == escalation.force_slug
    )
