"""Routing a case to each platform involved, the deadlines each report carries, and what a
platform does with its report (acknowledge, decide with the rule applied).

A platform organisation runs one or more knowledge-base platforms (Organisation.platform_slugs).
Where one runs the platform, its report goes in that organisation's queue (web, API, and any
webhooks it registered). Where none does, the candidate gets a ready-made report to file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from hustings.auth.models import Organisation
from hustings.auth.roles import OrgKind
from hustings.cases import notifications, policy_link, triage_link, webhooks
from hustings.cases.config import cases_settings
from hustings.cases.models import (
    Case,
    Decision,
    EvidenceItem,
    ItemKind,
    PlatformDeadline,
    ReportStatus,
    RoutedReport,
)
from hustings.cases.service import audit
from hustings.db import utcnow
from hustings.web.i18n import gettext as _

# Decisions that act on content or accounts must say which rule they applied.
NEEDS_RULE: frozenset[Decision] = frozenset(
    {Decision.REMOVED, Decision.RESTRICTED, Decision.ACCOUNT_SUSPENDED}
)


class ReportStateError(Exception):
    """The report is not in a state that allows this (already decided, ready-made...)."""


@dataclass(frozen=True)
class Deadlines:
    acknowledge_hours: int
    decide_hours: int
    source: str  # "published", "coordinator" or "default"


def deadlines_for(session: Session, platform_slug: str) -> Deadlines:
    """The platform's own public commitment if it has one, else the coordinator's setting,
    else the service default."""
    settings = cases_settings()
    published_ack, published_decide = policy_link.published_response_hours(platform_slug)
    row = session.get(PlatformDeadline, platform_slug)
    ack = row.acknowledge_hours if row else settings.default_acknowledge_hours
    decide = row.decide_hours if row else settings.default_decide_hours
    source = "coordinator" if row else "default"
    if published_ack or published_decide:
        ack, decide, source = published_ack or ack, published_decide or decide, "published"
    return Deadlines(ack, decide, source)


def set_deadlines(
    *,
    session: Session,
    platform_slug: str,
    acknowledge_hours: int,
    decide_hours: int,
    user_id: int | None,
) -> PlatformDeadline:
    """A coordinator's defaults for a platform; they apply to reports routed from now on."""
    if platform_slug not in policy_link.platform_slugs():
        raise ValueError("unknown platform")
    if not (1 <= acknowledge_hours <= decide_hours <= 24 * 60):
        raise ValueError("deadlines must be 1 hour or more, and acknowledging before deciding")
    row = session.get(PlatformDeadline, platform_slug)
    if row is None:
        row = PlatformDeadline(platform_slug=platform_slug)
        session.add(row)
    row.acknowledge_hours = acknowledge_hours
    row.decide_hours = decide_hours
    row.updated_by_id = user_id
    row.updated_at = utcnow()
    session.flush()
    from hustings.audit.service import record

    record(
        session=session,
        actor=f"user:{user_id}" if user_id else "cli",
        action="deadlines.set",
        subject_type="platform",
        subject_id=platform_slug,
        details={"acknowledge_hours": acknowledge_hours, "decide_hours": decide_hours},
    )
    return row


def platform_organisation(session: Session, platform_slug: str) -> Organisation | None:
    """The member organisation that runs this platform, if any."""
    for org in session.scalars(
        select(Organisation).where(Organisation.kind == OrgKind.PLATFORM).order_by(Organisation.id)
    ):
        if platform_slug in (org.platform_slugs or []):
            return org
    return None


def items_for(case: Case, platform_slug: str) -> list[EvidenceItem]:
    """The evidence a platform sees: items on its platform only (never an export file, which
    may hold posts from other platforms)."""
    return [
        item
        for item in case.items
        if item.platform_slug == platform_slug and item.kind != ItemKind.EXPORT
    ]


def route_case(*, session: Session, case: Case, actor: str) -> list[RoutedReport]:
    """One report per platform involved, with deadlines; announced after commit."""
    now = utcnow()
    reports: list[RoutedReport] = []
    for slug in case.platforms:
        items = items_for(case, slug)
        if not items:
            continue
        labels = sorted({label for item in items for label in item.labels})
        org = platform_organisation(session, slug)
        report = RoutedReport(
            case_id=case.id,
            platform_slug=slug,
            organisation_id=org.id if org else None,
            harms=triage_link.harms(labels),
            routed_at=now,
        )
        if org is None:
            report.status = ReportStatus.READY_MADE
            report.deadline_source = "none"
        else:
            deadlines = deadlines_for(session, slug)
            report.status = ReportStatus.ROUTED
            report.acknowledge_due = now + timedelta(hours=deadlines.acknowledge_hours)
            report.decide_due = now + timedelta(hours=deadlines.decide_hours)
            report.deadline_source = deadlines.source
        session.add(report)
        session.flush()
        reports.append(report)
        audit(
            session,
            actor,
            "report.routed",
            case,
            report_id=report.id,
            platform=slug,
            channel="queue" if org else "ready_made",
            items=len(items),
            harms=report.harms,
        )
        if org is not None:
            webhooks.announce(session, report, "report.routed")
            notifications.report_routed(session, report)
    return reports


def queue(
    *, session: Session, organisation: Organisation, status: Sequence[ReportStatus] | None = None
) -> list[RoutedReport]:
    """A platform organisation's own reports, oldest due first."""
    query = select(RoutedReport).where(RoutedReport.organisation_id == organisation.id)
    if status:
        query = query.where(RoutedReport.status.in_(list(status)))
    return list(session.scalars(query.order_by(RoutedReport.decide_due, RoutedReport.id)))


def view_report(*, session: Session, report: RoutedReport, actor: str) -> None:
    audit(session, actor, "report.viewed", report.case, report_id=report.id)


def acknowledge(*, session: Session, report: RoutedReport, actor: str) -> RoutedReport:
    if report.status != ReportStatus.ROUTED:
        raise ReportStateError(_("This report has already been acknowledged."))
    report.status = ReportStatus.ACKNOWLEDGED
    report.acknowledged_at = utcnow()
    session.flush()
    audit(
        session,
        actor,
        "report.acknowledged",
        report.case,
        report_id=report.id,
        platform=report.platform_slug,
        late=_late(report.acknowledge_due, report.acknowledged_at),
    )
    webhooks.announce(session, report, "report.acknowledged")
    notifications.report_changed(session, report)
    return report


def decide(
    *,
    session: Session,
    report: RoutedReport,
    actor: str,
    decision: Decision,
    rule_applied: str | None,
    note: str | None = None,
) -> RoutedReport:
    """Record the platform's decision; acting on content needs the rule it applied."""
    if report.status not in (ReportStatus.ROUTED, ReportStatus.ACKNOWLEDGED):
        raise ReportStateError(_("This report has already been decided."))
    rule = (rule_applied or "").strip()[:300] or None
    if decision in NEEDS_RULE and rule is None:
        raise ReportStateError(_("Say which of your rules you applied."))
    now = utcnow()
    if report.acknowledged_at is None:
        report.acknowledged_at = now
    report.status = ReportStatus.DECIDED
    report.decided_at = now
    report.decision = decision
    report.rule_applied = rule
    report.platform_note = (note or "").strip()[:5000] or None
    session.flush()
    audit(
        session,
        actor,
        "report.decided",
        report.case,
        report_id=report.id,
        platform=report.platform_slug,
        decision=decision.value,
        late=_late(report.decide_due, now),
    )
    webhooks.announce(session, report, "report.decided")
    notifications.report_changed(session, report)
    return report


def _late(due: datetime | None, at: datetime | None) -> bool:
    return bool(due and at and at > due)


def is_overdue(report: RoutedReport, now: datetime | None = None) -> bool:
    """Flagged overdue, or past a deadline the job has not flagged yet; never once decided."""
    if report.status not in (ReportStatus.ROUTED, ReportStatus.ACKNOWLEDGED):
        return False
    if report.decide_overdue_at or (
        report.status == ReportStatus.ROUTED and report.acknowledge_overdue_at
    ):
        return True
    now = now or utcnow()
    if (
        report.status == ReportStatus.ROUTED
        and report.acknowledge_due
        and now > report.acknowledge_due
    ):
        return True
    return bool(
        report.status in (ReportStatus.ROUTED, ReportStatus.ACKNOWLEDGED)
        and report.decide_due
        and now > report.decide_due
    )


def flag_overdue(*, session: Session, now: datetime | None = None) -> list[RoutedReport]:
    """Flag (once each) reports past their acknowledge or decide deadline, and tell the
    platform, the coordinators and the candidate."""
    now = now or utcnow()
    candidates = session.scalars(
        select(RoutedReport)
        .where(RoutedReport.status.in_([ReportStatus.ROUTED, ReportStatus.ACKNOWLEDGED]))
        .where(
            or_(
                (RoutedReport.status == ReportStatus.ROUTED)
                & (RoutedReport.acknowledge_due < now)
                & RoutedReport.acknowledge_overdue_at.is_(None),
                (RoutedReport.decide_due < now) & RoutedReport.decide_overdue_at.is_(None),
            )
        )
        .order_by(RoutedReport.id)
    ).all()
    flagged: list[RoutedReport] = []
    for report in candidates:
        kinds: list[str] = []
        if (
            report.status == ReportStatus.ROUTED
            and report.acknowledge_due
            and report.acknowledge_due < now
            and report.acknowledge_overdue_at is None
        ):
            report.acknowledge_overdue_at = now
            kinds.append("acknowledge")
        if report.decide_due and report.decide_due < now and report.decide_overdue_at is None:
            report.decide_overdue_at = now
            kinds.append("decide")
        if not kinds:
            continue
        flagged.append(report)
        audit(
            session,
            "system",
            "report.overdue",
            report.case,
            report_id=report.id,
            platform=report.platform_slug,
            deadlines=kinds,
        )
        webhooks.announce(session, report, "report.overdue")
        notifications.report_overdue(session, report)
    session.flush()
    return flagged


def status_words(report: RoutedReport) -> str:
    """Where the report stands, in words a candidate understands."""
    if report.status == ReportStatus.READY_MADE:
        return _("Ready for you to send")
    if report.status == ReportStatus.DECIDED and report.decision is not None:
        return decision_words(report.decision)
    if is_overdue(report):
        return _("Overdue")
    if report.status == ReportStatus.ACKNOWLEDGED:
        return _("Acknowledged: waiting for a decision")
    return _("Sent: waiting for the platform")


def decision_words(decision: Decision) -> str:
    return {
        Decision.REMOVED: _("Removed"),
        Decision.RESTRICTED: _("Restricted"),
        Decision.ACCOUNT_SUSPENDED: _("Account suspended"),
        Decision.NO_VIOLATION: _("No rule broken, says the platform"),
        Decision.NEED_MORE_INFORMATION: _("The platform needs more information"),
    }[decision]


def next_due(report: RoutedReport) -> datetime | None:
    """When the next answer is due (None once decided)."""
    if report.status == ReportStatus.ROUTED:
        return report.acknowledge_due
    if report.status == ReportStatus.ACKNOWLEDGED:
        return report.decide_due
    return None


def overdue_reports(*, session: Session, now: datetime | None = None) -> list[RoutedReport]:
    """Every open report past a deadline (flagged or not yet), most overdue first, for the
    coordinator's overview."""
    open_reports = session.scalars(
        select(RoutedReport)
        .where(RoutedReport.status.in_([ReportStatus.ROUTED, ReportStatus.ACKNOWLEDGED]))
        .order_by(RoutedReport.decide_due, RoutedReport.id)
    )
    return [report for report in open_reports if is_overdue(report, now)]
