"""The coordinator's page (overdue reports, default deadlines, retention) and the platform and
police forms' refusals: each bad form is shown again with the error and writes nothing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from hustings.cases import retention, routing
from hustings.cases.models import PlatformDeadline, PoliceEscalation, ReportStatus, RoutedReport
from hustings.cases.permissions import Acting
from hustings.db import utcnow
from tests.factories.cases import make_world, submitted_case


def _commit(db: Any) -> None:
    db.commit()  # SQLite: every transaction takes the write lock; let the app have it


def test_coordinator_sees_overdue_reports_only_once_late(db: Any, client: Any) -> None:
    world = make_world(db)
    case = submitted_case(db, world.candidate)
    _commit(db)
    client.login(world.coordinator)
    page = client.get("/coordinator")
    assert page.status_code == 200
    assert "No report is overdue." in page.text
    # Time passes honestly: the deadline check runs with a later 'now' and flags them.
    flagged = routing.flag_overdue(session=db, now=utcnow() + timedelta(days=5))
    assert {r.case_id for r in flagged} == {case.id}
    _commit(db)
    page = client.get("/coordinator")
    assert page.text.count("data-report=") == 2
    assert "Flagged" in page.text
    assert f'href="/cases/{case.id}"' in page.text
    # Once a platform decides, its report leaves the overdue list.
    report = db.scalar(select(RoutedReport).where(RoutedReport.platform_slug == "facebook"))
    routing.decide(
        session=db,
        report=report,
        actor="test",
        decision=routing.Decision.NO_VIOLATION,
        rule_applied=None,
    )
    _commit(db)
    assert client.get("/coordinator").text.count("data-report=") == 1


def test_check_deadlines_button_runs_the_check(db: Any, client: Any) -> None:
    world = make_world(db)
    case = submitted_case(db, world.candidate)
    for report in case.reports:
        report.acknowledge_due = utcnow() - timedelta(hours=1)
    _commit(db)
    client.login(world.admin)
    answer = client.post_form("/coordinator/check-deadlines")
    assert answer.status_code == 303
    db.expire_all()
    late = db.scalars(select(RoutedReport)).all()
    assert all(r.acknowledge_overdue_at is not None for r in late)
    _commit(db)
    assert "Deadlines checked" in client.get("/coordinator").text


def test_coordinator_sets_default_deadlines(db: Any, client: Any) -> None:
    world = make_world(db)
    _commit(db)
    client.login(world.coordinator)
    saved = client.post_form(
        "/coordinator/deadlines/tiktok", {"acknowledge_hours": "6", "decide_hours": "36"}
    )
    assert saved.status_code == 303
    db.expire_all()
    row = db.get(PlatformDeadline, "tiktok")
    assert (row.acknowledge_hours, row.decide_hours) == (6, 36)
    _commit(db)
    assert routing.deadlines_for(db, "tiktok").source in ("coordinator", "published")
    _commit(db)


@pytest.mark.parametrize(
    ("ack", "decide", "field"),
    [
        ("", "36", "ack-x"),
        ("0", "36", "ack-x"),
        ("abc", "36", "ack-x"),
        ("6", "99999", "decide-x"),
        ("48", "24", "decide-x"),
        ("-1", "24", "ack-x"),
    ],
)
def test_wrong_deadlines_write_nothing(
    db: Any, client: Any, ack: str, decide: str, field: str
) -> None:
    world = make_world(db)
    _commit(db)
    client.login(world.coordinator)
    answer = client.post_form(
        "/coordinator/deadlines/x", {"acknowledge_hours": ack, "decide_hours": decide}
    )
    assert answer.status_code == 400
    assert f'href="#{field}"' in answer.text
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(PlatformDeadline)) == 0
    _commit(db)


def test_unknown_platform_deadlines_are_not_found(db: Any, client: Any) -> None:
    world = make_world(db)
    _commit(db)
    client.login(world.coordinator)
    answer = client.post_form(
        "/coordinator/deadlines/myspace", {"acknowledge_hours": "1", "decide_hours": "2"}
    )
    assert answer.status_code == 404


def test_coordinator_sets_the_retention_rule(db: Any, client: Any) -> None:
    world = make_world(db)
    _commit(db)
    client.login(world.coordinator)
    form = {
        "election_day-day": "6",
        "election_day-month": "5",
        "election_day-year": "2027",
        "months_after": "6",
    }
    assert client.post_form("/coordinator/retention", form).status_code == 303
    db.expire_all()
    assert retention.rule(db) == (date(2027, 5, 6), 6)
    _commit(db)
    for wrong in ({"election_day-day": "31", "election_day-month": "2"}, {"months_after": "121"}):
        answer = client.post_form(
            "/coordinator/retention",
            {**form, **wrong, "months_after": wrong.get("months_after", "1")},
        )
        assert answer.status_code == 400
        db.expire_all()
        assert retention.rule(db) == (date(2027, 5, 6), 6)
        _commit(db)


def test_a_decision_that_acts_needs_the_rule_and_writes_nothing_without(
    db: Any, client: Any
) -> None:
    world = make_world(db)
    case = submitted_case(db, world.candidate)
    report_id = next(r.id for r in case.reports if r.platform_slug == "facebook")
    _commit(db)
    client.login(world.meta_member)
    for form in ({"decision": "removed", "rule_applied": ""}, {"decision": "banished"}, {}):
        answer = client.post_form(f"/platform/reports/{report_id}/decision", form)
        assert answer.status_code == 400, form
        assert "There is a problem" in answer.text
    db.expire_all()
    assert db.get(RoutedReport, report_id).status == ReportStatus.ROUTED
    _commit(db)
    done = client.post_form(
        f"/platform/reports/{report_id}/decision",
        {"decision": "removed", "rule_applied": "Violent threats policy"},
    )
    assert done.status_code == 303
    again = client.post_form(f"/platform/reports/{report_id}/acknowledge")
    assert again.status_code == 400  # already decided: shown, nothing changes
    db.expire_all()
    report = db.get(RoutedReport, report_id)
    assert (report.status, report.rule_applied) == (ReportStatus.DECIDED, "Violent threats policy")
    _commit(db)


def test_platform_queue_shows_only_its_own_reports_and_flags_late_ones(
    db: Any, make_client: Any
) -> None:
    world = make_world(db)
    case = submitted_case(db, world.candidate)
    routing.flag_overdue(session=db, now=utcnow() + timedelta(days=5))
    ids = {r.platform_slug: r.id for r in case.reports}
    _commit(db)
    meta = make_client().login(world.meta_member).get("/platform/reports").text
    x = make_client().login(world.x_member).get("/platform/reports").text
    assert f"/platform/reports/{ids['facebook']}" in meta
    assert f"/platform/reports/{ids['x']}" not in meta
    assert f"/platform/reports/{ids['x']}" in x
    assert f"/platform/reports/{ids['facebook']}" not in x
    assert "Overdue" in meta


def test_police_update_refuses_a_long_reference_and_writes_nothing(
    db: Any, client: Any, smtp_server: Any
) -> None:
    from hustings.cases import police

    world = make_world(db)
    case = submitted_case(db, world.candidate)
    police.escalate(
        session=db,
        case=case,
        acting=Acting(world.candidate, world.candidate.id),
        force_slug="south-wales-police",
        consent=True,
    )
    _commit(db)
    case_id = case.id
    client.login(world.liaison)
    answer = client.post_form(
        f"/police/cases/{case_id}", {"status": "investigating", "reference": "R" * 65}
    )
    assert answer.status_code == 400
    db.expire_all()
    escalation = db.scalar(select(PoliceEscalation))
    assert escalation.reference is None
    assert escalation.status.value in ("sent", "received")
    _commit(db)
    ok = client.post_form(
        f"/police/cases/{case_id}", {"status": "investigating", "reference": "SWP-2026-1"}
    )
    assert ok.status_code == 303
    client.login(world.candidate)
    _commit(db)  # signing in read the (expired) user row
    candidate_view = client.get(f"/cases/{case_id}").text
    assert "SWP-2026-1" in candidate_view
