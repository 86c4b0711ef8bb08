"""Sent cases with routed reports and police escalations, made straight as rows with chosen
times, so a report's figures can be checked against a known spread of platforms, harms,
decisions, deadlines and days."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from hustings.auth.models import User
from hustings.auth.roles import Role
from hustings.cases.models import (
    Case,
    CaseStatus,
    Decision,
    PoliceEscalation,
    PoliceStatus,
    ReportStatus,
    RoutedReport,
)
from tests.factories.cases import person

PLATFORMS = ("facebook", "instagram", "x", "tiktok", "youtube")
HARMS = (
    "threat_of_violence",
    "harassment_and_bullying",
    "hate",
    "sexual_harassment",
    "private_information",
)
FORCES = ("south-wales-police", "gwent-police", "dyfed-powys-police")


@dataclass
class Spread:
    candidates: list[User]
    cases: list[Case]


def spread_cases(
    db: Session,
    *,
    first_day: date,
    days: int,
    cases: int = 60,
    candidates: int = 12,
    seed: int = 7,
) -> Spread:
    """`cases` sent cases over `days` days from `first_day`, each routed to one to three
    platforms in every state (ready-made, waiting, acknowledged, decided every way, late and
    on time), some escalated to the police; a few candidates get most of them."""
    rng = random.Random(seed)
    people = [person(db, Role.CANDIDATE) for _ in range(candidates)]
    weights = [2**i for i in range(candidates, 0, -1)]  # a few candidates are targeted most
    made: list[Case] = []
    for n in range(cases):
        day = first_day + timedelta(days=rng.randrange(days))
        sent = datetime.combine(day, time(rng.randrange(24), rng.randrange(60)), tzinfo=UTC)
        candidate = rng.choices(people, weights=weights)[0]
        case = Case(
            candidate_id=candidate.id,
            created_by_id=candidate.id,
            status=CaseStatus.SUBMITTED,
            summary=f"case {n}",
            platforms=[],
            accounts=[],
            created_at=sent - timedelta(hours=1),
            updated_at=sent,
            submitted_at=sent,
        )
        db.add(case)
        db.flush()
        chosen = rng.sample(PLATFORMS, rng.randint(1, 3))
        case.platforms = chosen
        for slug in chosen:
            db.add(_report(rng, case, slug, sent))
        if rng.random() < 0.3:
            db.add(
                PoliceEscalation(
                    case_id=case.id,
                    force_slug=rng.choice(FORCES),
                    consent_given_at=sent + timedelta(hours=2),
                    consent_by_id=candidate.id,
                    consent_wording="test",
                    status=rng.choice(list(PoliceStatus)),
                    sent_at=sent + timedelta(hours=2),
                    updated_at=sent + timedelta(hours=3),
                )
            )
        made.append(case)
    # A draft never counts: it has not been sent.
    db.add(
        Case(
            candidate_id=people[0].id,
            created_by_id=people[0].id,
            status=CaseStatus.DRAFT,
            platforms=["x"],
            accounts=[],
            created_at=datetime.combine(first_day, time(12), tzinfo=UTC),
        )
    )
    db.flush()
    return Spread(candidates=people, cases=made)


def _report(rng: random.Random, case: Case, slug: str, sent: datetime) -> RoutedReport:
    harms = sorted(rng.sample(HARMS, rng.randint(0, 2)))
    report = RoutedReport(
        case_id=case.id, platform_slug=slug, harms=harms, routed_at=sent, deadline_source="test"
    )
    if slug == "youtube":  # not a member: the candidate files it
        report.status = ReportStatus.READY_MADE
        report.deadline_source = "none"
        return report
    report.acknowledge_due = sent + timedelta(hours=24)
    report.decide_due = sent + timedelta(hours=72)
    state = rng.choice(["routed", "acknowledged", "decided", "decided", "decided"])
    if state == "routed":
        report.status = ReportStatus.ROUTED
        if rng.random() < 0.5:
            report.acknowledge_overdue_at = sent + timedelta(hours=25)
        return report
    report.acknowledged_at = sent + timedelta(minutes=rng.randrange(10, 60 * 48))
    if report.acknowledged_at > report.acknowledge_due:
        report.acknowledge_overdue_at = report.acknowledge_due + timedelta(minutes=5)
    if state == "acknowledged":
        report.status = ReportStatus.ACKNOWLEDGED
        return report
    report.status = ReportStatus.DECIDED
    report.decided_at = report.acknowledged_at + timedelta(minutes=rng.randrange(5, 60 * 96))
    report.decision = rng.choice(list(Decision))
    if report.decided_at > report.decide_due:
        report.decide_overdue_at = report.decide_due + timedelta(minutes=5)
    return report
