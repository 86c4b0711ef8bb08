"""Sending a case to the police, with the candidate's explicit consent, and what the force's
liaison does with it: a reference number, their own notes, and the status the candidate sees.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hustings.auth.models import Organisation, User
from hustings.auth.roles import OrgKind
from hustings.cases import geography, notifications
from hustings.cases.models import Case, CaseStatus, PoliceEscalation, PoliceStatus
from hustings.cases.permissions import Acting
from hustings.cases.service import CaseInvalid, audit, may_be_crime
from hustings.db import utcnow
from hustings.web.i18n import gettext as _

# Bump when the consent wording on the page changes, so each record says what was agreed to.
CONSENT_WORDING = "2026-11-v1"


def suggested_forces(case: Case) -> list[geography.Force]:
    """The force(s) for the candidate's constituency; empty when it is not mapped."""
    return geography.forces_for_constituency(case.constituency) if case.constituency else []


def escalate(
    *, session: Session, case: Case, acting: Acting, force_slug: str, consent: bool
) -> PoliceEscalation:
    """Send the case to one force. Needs a sent case that may be a crime (triage or the
    candidate says so) and the candidate's consent, given now."""
    problems: dict[str, str] = {}
    if case.status != CaseStatus.SUBMITTED:
        problems["case"] = _("Send the case to the platforms before sending it to the police.")
    elif case.escalation is not None:
        problems["case"] = _("This case has already been sent to the police.")
    elif not may_be_crime(case):
        problems["case"] = _(
            "Nothing in this case has been marked as a possible crime. If you think it is one, "
            "say so on the case first."
        )
    if geography.force(force_slug) is None:
        problems["force"] = _("Choose your police force from the list.")
    if not consent:
        problems["consent"] = _("Confirm that you agree to the police seeing this case.")
    if problems:
        raise CaseInvalid(problems)
    now = utcnow()
    escalation = PoliceEscalation(
        case_id=case.id,
        force_slug=force_slug,
        consent_given_at=now,
        consent_by_id=acting.user.id,
        consent_on_behalf_of_id=acting.candidate_id if acting.delegated else None,
        consent_wording=CONSENT_WORDING,
        status=PoliceStatus.SENT,
        sent_at=now,
        updated_at=now,
    )
    session.add(escalation)
    session.flush()
    session.refresh(case)
    member = force_organisation(session, force_slug) is not None
    audit(
        session,
        acting.actor,
        "police.escalated",
        case,
        acting.on_behalf_of,
        force=force_slug,
        consent_wording=CONSENT_WORDING,
        member_force=member,
        delegated=acting.delegated,
    )
    notifications.police_escalated(session, escalation)
    return escalation


def force_organisation(session: Session, force_slug: str) -> Organisation | None:
    return session.scalar(
        select(Organisation)
        .where(Organisation.kind == OrgKind.POLICE_FORCE)
        .where(Organisation.slug == force_slug)
    )


def cases_for_force(*, session: Session, user: User) -> list[PoliceEscalation]:
    """The liaison's own force's cases, newest first; nobody else's."""
    org = user.organisation
    if org is None or org.kind != OrgKind.POLICE_FORCE:
        return []
    return list(
        session.scalars(
            select(PoliceEscalation)
            .where(PoliceEscalation.force_slug == org.slug)
            .order_by(PoliceEscalation.sent_at.desc())
        )
    )


def view(*, session: Session, escalation: PoliceEscalation, user: User) -> None:
    audit(session, f"user:{user.id}", "police.viewed", escalation.case, force=escalation.force_slug)
    if escalation.status == PoliceStatus.SENT:
        escalation.status = PoliceStatus.RECEIVED
        escalation.updated_at = utcnow()
        session.flush()
        audit(
            session,
            f"user:{user.id}",
            "police.updated",
            escalation.case,
            status=PoliceStatus.RECEIVED.value,
            fields=["status"],
        )
        notifications.police_updated(session, escalation)


def update(
    *,
    session: Session,
    escalation: PoliceEscalation,
    user: User,
    status: PoliceStatus | None = None,
    reference: str | None = None,
    notes: str | None = None,
) -> PoliceEscalation:
    """The liaison's update. The candidate sees the status and reference, not the notes."""
    changed: list[str] = []
    if status is not None and status != escalation.status:
        escalation.status = status
        changed.append("status")
    if reference is not None and reference.strip() != (escalation.reference or ""):
        if len(reference.strip()) > 64:
            raise CaseInvalid({"reference": _("Enter a reference of 64 characters or fewer.")})
        escalation.reference = reference.strip() or None
        changed.append("reference")
    if notes is not None and notes.strip() != (escalation.notes or ""):
        escalation.notes = notes.strip()[:10_000] or None
        changed.append("notes")
    if not changed:
        return escalation
    escalation.updated_at = utcnow()
    session.flush()
    audit(
        session,
        f"user:{user.id}",
        "police.updated",
        escalation.case,
        status=escalation.status.value,
        fields=changed,
    )
    if "status" in changed or "reference" in changed:
        notifications.police_updated(session, escalation)
    return escalation


def status_words(status: PoliceStatus) -> str:
    return {
        PoliceStatus.SENT: _("Sent to the police"),
        PoliceStatus.RECEIVED: _("Received by the police"),
        PoliceStatus.INVESTIGATING: _("Under investigation"),
        PoliceStatus.NO_FURTHER_ACTION: _("No further police action"),
        PoliceStatus.CHARGED: _("Someone has been charged"),
        PoliceStatus.CLOSED: _("Closed by the police"),
    }[status]
