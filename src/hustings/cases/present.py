"""Turning rows into each audience's view (schemas), shared by the JSON API and the pages."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy.orm import Session

from hustings.auth.models import User
from hustings.cases import geography, police, policy_link, routing, service
from hustings.cases.models import Case, EvidenceItem, ItemKind, ReportStatus, RoutedReport
from hustings.cases.schemas import (
    CaseOut,
    CaseSummaryOut,
    EscalationForCandidate,
    ItemOut,
    PlatformItemOut,
    PlatformReportOut,
    PoliceCaseOut,
    ReportForCandidate,
    StepOut,
)
from hustings.web.i18n import pick


def item_out(item: EvidenceItem) -> ItemOut:
    return ItemOut(
        id=item.id,
        kind=item.kind,
        parent_id=item.parent_id,
        platform=item.platform_slug,
        text=item.text or item.ocr_text,
        url=item.url,
        author=item.author_handle,
        posted_at=item.posted_at,
        sha256=item.sha256,
        size=item.size,
        media_type=item.media_type,
        provenance=item.provenance,
        labels=item.labels,
        labels_confirmed=item.labels_confirmed,
        severity=item.severity,
        triage=item.triage,
        added_at=item.added_at,
        added_by=f"user:{item.added_by_id}",
        added_on_behalf_of=(
            f"user:{item.added_on_behalf_of_id}" if item.added_on_behalf_of_id else None
        ),
    )


def ready_made(report: RoutedReport) -> dict[str, Any] | None:
    if report.status != ReportStatus.READY_MADE:
        return None
    links = [i.url for i in routing.items_for(report.case, report.platform_slug) if i.url]
    found = policy_link.ready_made_report(report.platform_slug, report.harms, links)
    return asdict(found) if found is not None else None


def report_for_candidate(report: RoutedReport) -> ReportForCandidate:
    return ReportForCandidate(
        id=report.id,
        platform=report.platform_slug,
        status=report.status,
        status_text=routing.status_words(report),
        harms=report.harms,
        routed_at=report.routed_at,
        acknowledge_due=report.acknowledge_due,
        decide_due=report.decide_due,
        next_due=routing.next_due(report),
        overdue=routing.is_overdue(report),
        acknowledged_at=report.acknowledged_at,
        decided_at=report.decided_at,
        decision=report.decision,
        rule_applied=report.rule_applied,
        platform_note=report.platform_note,
        ready_made=ready_made(report),
    )


def escalation_for_candidate(case: Case) -> EscalationForCandidate | None:
    escalation = case.escalation
    if escalation is None:
        return None
    force = geography.force(escalation.force_slug)
    return EscalationForCandidate(
        force=escalation.force_slug,
        force_name=pick(force.name) if force else escalation.force_slug,
        status=escalation.status,
        status_text=police.status_words(escalation.status),
        reference=escalation.reference,
        sent_at=escalation.sent_at,
        updated_at=escalation.updated_at,
    )


def case_out(session: Session, case: Case) -> CaseOut:
    return CaseOut(
        id=case.id,
        status=case.status.value,
        candidate_id=case.candidate_id,
        summary=case.summary,
        platforms=case.platforms,
        accounts=case.accounts,
        happened_on=case.happened_on,
        in_danger_now=case.in_danger_now,
        candidate_thinks_crime=case.candidate_thinks_crime,
        constituency=case.constituency,
        urgent=service.is_urgent(case),
        may_be_crime=service.may_be_crime(case),
        severity=service.case_severity(case),
        created_at=case.created_at,
        submitted_at=case.submitted_at,
        retain_until=case.retain_until,
        items=[item_out(item) for item in case.items],
        reports=[report_for_candidate(r) for r in case.reports],
        police=escalation_for_candidate(case),
        timeline=[
            StepOut(at=s.at, action=s.action, details=s.details, delegated=s.delegated)
            for s in service.timeline(session=session, case=case)
        ],
    )


def case_summary(case: Case) -> CaseSummaryOut:
    return CaseSummaryOut(
        id=case.id,
        status=case.status.value,
        summary=case.summary,
        platforms=case.platforms,
        severity=service.case_severity(case),
        urgent=service.is_urgent(case),
        created_at=case.created_at,
        submitted_at=case.submitted_at,
    )


def platform_report(session: Session, report: RoutedReport, file_url: str) -> PlatformReportOut:
    """`file_url` has {report} and {item} placeholders for the image display copies."""
    case = report.case
    candidate = session.get(User, case.candidate_id)
    items = routing.items_for(case, report.platform_slug)
    return PlatformReportOut(
        id=report.id,
        platform=report.platform_slug,
        status=report.status,
        harms=report.harms,
        summary=case.summary,
        accounts=case.accounts,
        target_name=candidate.full_name if candidate else "",
        routed_at=report.routed_at,
        acknowledge_due=report.acknowledge_due,
        decide_due=report.decide_due,
        overdue=routing.is_overdue(report),
        acknowledged_at=report.acknowledged_at,
        decided_at=report.decided_at,
        decision=report.decision,
        rule_applied=report.rule_applied,
        items=[
            PlatformItemOut(
                id=item.id,
                kind=item.kind,
                text=item.text,
                ocr_text=item.ocr_text,
                url=item.url,
                author=item.author_handle,
                posted_at=item.posted_at,
                sha256=item.sha256,
                media_type=item.media_type,
                labels=item.labels,
                severity=item.severity,
                file_url=(
                    file_url.format(report=report.id, item=item.id)
                    if item.kind == ItemKind.IMAGE
                    else None
                ),
            )
            for item in items
        ],
    )


def police_case(session: Session, case: Case) -> PoliceCaseOut:
    escalation = case.escalation
    assert escalation is not None
    candidate = session.get(User, case.candidate_id)
    return PoliceCaseOut(
        case_id=case.id,
        force=escalation.force_slug,
        status=escalation.status,
        reference=escalation.reference,
        notes=escalation.notes,
        sent_at=escalation.sent_at,
        consent_given_at=escalation.consent_given_at,
        consent_wording=escalation.consent_wording,
        candidate_name=candidate.full_name if candidate else "",
        summary=case.summary,
        accounts=case.accounts,
        platforms=case.platforms,
        severity=service.case_severity(case),
        items=[item_out(item) for item in case.items],
        reports=[report_for_candidate(r) for r in case.reports],
    )
