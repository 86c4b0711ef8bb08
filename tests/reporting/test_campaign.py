"""The campaign report's figures equal what a plain count of the rows says (on SQLite and on
PostgreSQL), and ranges that cannot be reported are refused with a clear reason."""

from __future__ import annotations

import math
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from hustings.cases.models import Case, PoliceEscalation, ReportStatus, RoutedReport
from hustings.reporting.campaign import (
    EmptyRange,
    ReportRangeError,
    campaign_report,
    parse_day,
)
from hustings.reporting.schemas import CampaignReport
from tests.factories.reporting import spread_cases

FIRST = date(2026, 10, 1)
NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
ACTIONED = {"removed", "restricted", "account_suspended"}


def _in(moment: datetime | None, start: date, end: date) -> bool:
    return moment is not None and start <= moment.astimezone(UTC).date() <= end


def _nearest_rank(values: list[int], p: float) -> int:
    ordered = sorted(values)
    return ordered[math.ceil(p * len(ordered)) - 1]


def _seconds(later: datetime, earlier: datetime) -> int:
    return round((later - earlier).total_seconds())


@pytest.fixture
def spread(db: Session) -> None:
    spread_cases(db, first_day=FIRST, days=30, cases=80, candidates=15)
    db.commit()


def test_figures_equal_plain_counts(db: Session, spread: None) -> None:
    start, end = FIRST + timedelta(days=3), FIRST + timedelta(days=20)
    report = campaign_report(session=db, start=start, end=end, now=NOW)

    reports = [r for r in db.scalars(select(RoutedReport)) if _in(r.routed_at, start, end)]
    cases = [c for c in db.scalars(select(Case)) if _in(c.submitted_at, start, end)]
    escalations = [e for e in db.scalars(select(PoliceEscalation)) if _in(e.sent_at, start, end)]
    assert reports and cases and escalations

    assert report.totals.cases_submitted == len(cases)
    assert report.totals.reports_routed == len(reports)
    assert report.totals.reports_decided == sum(1 for r in reports if r.decided_at)
    actioned = sum(1 for r in reports if r.decision and r.decision.value in ACTIONED)
    assert report.totals.reports_actioned == actioned
    assert report.totals.police_escalations == len(escalations)

    by_platform = {p.platform: p for p in report.platforms}
    assert set(by_platform) == {r.platform_slug for r in reports}
    for slug, figures in by_platform.items():
        mine = [r for r in reports if r.platform_slug == slug]
        assert figures.received == len(mine)
        assert figures.ready_made == sum(1 for r in mine if r.status == ReportStatus.READY_MADE)
        assert figures.in_queue == figures.received - figures.ready_made
        assert figures.acknowledged == sum(1 for r in mine if r.acknowledged_at)
        decided = [r for r in mine if r.decided_at]
        assert figures.decided == len(decided)
        assert figures.decisions == {
            d: sum(1 for r in decided if r.decision and r.decision.value == d)
            for d in figures.decisions
        }
        assert figures.actioned == sum(
            1 for r in decided if r.decision and r.decision.value in ACTIONED
        )
        if figures.decided:
            assert figures.share_actioned == round(figures.actioned / figures.decided, 4)
        late_ack = [
            r
            for r in mine
            if r.acknowledge_due
            and (
                r.acknowledge_overdue_at
                or (r.acknowledged_at and r.acknowledged_at > r.acknowledge_due)
                or (r.acknowledged_at is None and r.acknowledge_due < NOW)
            )
        ]
        assert figures.missed_acknowledge_deadline == len(late_ack)
        from hustings.cases.routing import is_overdue

        assert figures.overdue_open == sum(1 for r in mine if is_overdue(r, NOW))
        acks = [_seconds(r.acknowledged_at, r.routed_at) for r in mine if r.acknowledged_at]
        assert figures.time_to_acknowledge.count == len(acks)
        if acks:
            assert figures.time_to_acknowledge.median_seconds == _nearest_rank(acks, 0.5)
            assert figures.time_to_acknowledge.p90_seconds == _nearest_rank(acks, 0.9)
        decides = [_seconds(r.decided_at, r.routed_at) for r in decided]  # type: ignore[arg-type]
        assert figures.time_to_decide.count == len(decides)
        if decides:
            assert figures.time_to_decide.median_seconds == _nearest_rank(decides, 0.5)
            assert figures.time_to_decide.p90_seconds == _nearest_rank(decides, 0.9)

    harm_counts = Counter(h for r in reports for h in r.harms)
    assert {h.harm: h.reports for h in report.harms} == dict(harm_counts)
    for harm in report.harms:
        naming = [r for r in reports if harm.harm in r.harms]
        assert harm.cases == len({r.case_id for r in naming})
        assert harm.actioned == sum(
            1 for r in naming if r.decision and r.decision.value in ACTIONED
        )

    statuses = Counter(e.status.value for e in escalations)
    assert {k: v for k, v in report.police.by_status.items() if v} == dict(statuses)
    assert report.police.by_force == dict(Counter(e.force_slug for e in escalations))
    assert report.police.charged == statuses["charged"]

    per_candidate = sorted(Counter(c.candidate_id for c in cases).values(), reverse=True)
    top = math.ceil(len(per_candidate) / 10)
    assert report.concentration.candidates == len(per_candidate)
    assert report.concentration.top_candidates == top
    assert report.concentration.cases_about_top == sum(per_candidate[:top])

    assert [d.day for d in report.days] == [start + timedelta(days=i) for i in range(18)]
    assert sum(d.cases_submitted for d in report.days) == len(cases)
    assert sum(d.reports_routed for d in report.days) == len(reports)
    assert sum(d.police_escalations for d in report.days) == len(escalations)
    day = report.days[5]
    assert day.routed_by_platform == dict(
        sorted(
            Counter(r.platform_slug for r in reports if _in(r.routed_at, day.day, day.day)).items()
        )
    )
    decided_that_day = [
        r for r in db.scalars(select(RoutedReport)) if _in(r.decided_at, day.day, day.day)
    ]
    assert day.reports_decided == len(decided_that_day)


def test_json_round_trip_keeps_every_figure(db: Session, spread: None) -> None:
    report = campaign_report(session=db, start=FIRST, end=FIRST + timedelta(days=29), now=NOW)
    again = CampaignReport.model_validate_json(report.model_dump_json())
    assert again == report
    assert report.signals.available is True


def test_a_case_outside_the_range_is_not_counted(db: Session, spread: None) -> None:
    whole = campaign_report(session=db, start=FIRST, end=FIRST + timedelta(days=29), now=NOW)
    first_half = campaign_report(session=db, start=FIRST, end=FIRST + timedelta(days=14), now=NOW)
    second_half = campaign_report(
        session=db, start=FIRST + timedelta(days=15), end=FIRST + timedelta(days=29), now=NOW
    )
    assert (
        first_half.totals.cases_submitted + second_half.totals.cases_submitted
        == whole.totals.cases_submitted
    )
    assert (
        first_half.totals.reports_routed + second_half.totals.reports_routed
        == whole.totals.reports_routed
    )


def test_a_range_with_nothing_in_it_is_refused(db: Session, spread: None) -> None:
    with pytest.raises(EmptyRange) as error:
        campaign_report(session=db, start=date(2026, 1, 1), end=date(2026, 1, 31), now=NOW)
    assert "Nothing was reported between 2026-01-01 and 2026-01-31" in error.value.message


@pytest.mark.parametrize(
    ("start", "end", "field", "words"),
    [
        (date(2026, 10, 5), date(2026, 10, 4), "to", "same as or after the start date"),
        (date(2026, 12, 1), date(2026, 12, 2), "from", "today or in the past"),
        (date(2025, 1, 1), date(2026, 10, 4), "to", "366 days or fewer"),
    ],
)
def test_bad_ranges_are_refused(
    db: Session, start: date, end: date, field: str, words: str
) -> None:
    with pytest.raises(ReportRangeError) as error:
        campaign_report(session=db, start=start, end=end, now=NOW)
    assert error.value.field == field
    assert words in error.value.message


@pytest.mark.parametrize("text", ["2026-13-01", "yesterday", "", "2026/11/01"])
def test_bad_dates_are_refused(text: str) -> None:
    with pytest.raises(ReportRangeError) as error:
        parse_day(text, "from")
    assert "YYYY-MM-DD" in error.value.message


def test_midnight_belongs_to_the_day_it_starts(db: Session) -> None:
    spread = spread_cases(db, first_day=FIRST, days=1, cases=1, candidates=1)
    case = spread.cases[0]
    midnight = datetime.combine(FIRST + timedelta(days=1), time(), tzinfo=UTC)
    case.submitted_at = midnight
    for r in db.scalars(select(RoutedReport).where(RoutedReport.case_id == case.id)):
        r.routed_at = midnight
    db.query(PoliceEscalation).delete()
    db.commit()
    with pytest.raises(EmptyRange):
        campaign_report(session=db, start=FIRST, end=FIRST, now=NOW)
    report = campaign_report(
        session=db, start=FIRST + timedelta(days=1), end=FIRST + timedelta(days=1), now=NOW
    )
    assert report.totals.cases_submitted == 1
