"""How long a case is kept, and deleting it for real.

Cases are kept until election day plus 12 months by default (the coordinator can change the
rule, or one case's date), and never deleted while the police are working on them. Deletion
removes the rows (evidence text, accounts, police notes) and the evidence files no other case
uses, after the commit; the audit chain keeps an entry that says it happened, with ids only.
"""

from __future__ import annotations

import calendar
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from hustings.cases import evidence_store
from hustings.cases.config import cases_settings
from hustings.cases.hooks import after_commit
from hustings.cases.models import (
    POLICE_ACTIVE,
    Case,
    CaseStatus,
    EvidenceItem,
    RetentionSetting,
)
from hustings.cases.service import audit
from hustings.db import utcnow


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def rule(session: Session) -> tuple[date, int]:
    """(election day, months after it) from the coordinator's setting or the defaults."""
    row = session.get(RetentionSetting, 1)
    if row is None:
        settings = cases_settings()
        return settings.election_day, settings.retention_months
    return row.election_day, row.months_after


def set_rule(*, session: Session, election_day: date, months_after: int, user_id: int) -> None:
    if not 0 <= months_after <= 120:
        raise ValueError("months must be between 0 and 120")
    row = session.get(RetentionSetting, 1)
    if row is None:
        row = RetentionSetting(id=1)
        session.add(row)
    row.election_day = election_day
    row.months_after = months_after
    row.updated_by_id = user_id
    row.updated_at = utcnow()
    session.flush()
    from hustings.audit.service import record

    record(
        session=session,
        actor=f"user:{user_id}",
        action="retention.rule_set",
        subject_type="retention",
        subject_id=1,
        details={"election_day": election_day.isoformat(), "months_after": months_after},
    )


def default_retain_until(session: Session) -> date:
    election_day, months = rule(session)
    return add_months(election_day, months)


def set_case_retention(*, session: Session, case: Case, retain_until: date, user_id: int) -> None:
    case.retain_until = retain_until
    session.flush()
    audit(session, f"user:{user_id}", "retention.set", case, retain_until=retain_until.isoformat())


def held_by_police(case: Case) -> bool:
    return case.escalation is not None and case.escalation.status in POLICE_ACTIVE


def delete_case(*, session: Session, case: Case, actor: str, reason: str) -> None:
    """Delete the case and everything in it; files go once the deletion has committed."""
    hashes = {item.sha256 for item in case.items if item.sha256}
    items = len(case.items)
    audit(session, actor, "case.deleted", case, reason=reason, items=items, files=len(hashes))
    session.delete(case)
    session.flush()
    still_used = set(
        session.scalars(select(EvidenceItem.sha256).where(EvidenceItem.sha256.in_(hashes)))
    )
    doomed = sorted(hashes - still_used)

    def remove_files() -> None:
        for digest in doomed:
            evidence_store.remove(digest)

    after_commit(session, remove_files)


def expired_cases(session: Session, today: date | None = None) -> list[Case]:
    today = today or utcnow().date()
    cases = session.scalars(
        select(Case).where(Case.retain_until.is_not(None)).where(Case.retain_until < today)
    ).all()
    return [case for case in cases if not held_by_police(case)]


def stale_drafts(session: Session, today: date | None = None, days: int = 90) -> list[Case]:
    """Drafts nobody has touched for `days`: abandoned, so not kept."""
    today = today or utcnow().date()
    return [
        case
        for case in session.scalars(select(Case).where(Case.status == CaseStatus.DRAFT))
        if (today - case.updated_at.date()).days > days
    ]


def apply_retention(*, session: Session, today: date | None = None) -> list[int]:
    """Delete every case past its date (unless held by the police) and abandoned drafts."""
    deleted: list[int] = []
    for case in expired_cases(session, today):
        deleted.append(case.id)
        delete_case(session=session, case=case, actor="system", reason="retention_expired")
    for case in stale_drafts(session, today):
        deleted.append(case.id)
        delete_case(session=session, case=case, actor="system", reason="draft_abandoned")
    return deleted
