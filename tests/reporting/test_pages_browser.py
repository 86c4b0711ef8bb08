"""Real browser: the coordinator's report pages pass axe in English and Welsh (the form, its
errors, the progress indicator and the finished report with its charts), and the progress page
turns into the report by itself when the job finishes."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session

from hustings.auth.roles import Role
from hustings.reporting.models import ReportRun, RunStatus
from tests.browser_helpers import assert_accessible, sign_in_browser
from tests.factories.cases import person
from tests.factories.reporting import spread_cases

pytestmark = pytest.mark.browser


@pytest.fixture
def coordinator(db: Session) -> Any:
    spread_cases(db, first_day=date(2026, 10, 1), days=20, cases=40, candidates=8)
    user = person(db, Role.COORDINATOR)
    db.commit()
    return user


def _fill(page: Any, name: str, day: str, month: str, year: str) -> None:
    page.fill(f"#{name}-day", day)
    page.fill(f"#{name}-month", month)
    page.fill(f"#{name}-year", year)


@pytest.mark.parametrize("language", ["", "/cy"])
def test_form_errors_and_report_pass_axe(
    page: Any, live_server: str, coordinator: Any, language: str
) -> None:
    sign_in_browser(page, live_server, coordinator)
    page.goto(f"{live_server}{language}/reports/campaign")
    assert_accessible(page)

    _fill(page, "from", "1", "1", "2026")
    _fill(page, "to", "5", "1", "2026")
    page.click("form button")
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)

    _fill(page, "from", "1", "10", "2026")
    _fill(page, "to", "20", "10", "2026")
    page.click("form button")
    page.wait_for_url("**/reports/campaign/runs/*")
    assert page.locator("svg[role=img]").count() == 3
    assert page.evaluate("document.documentElement.lang") == (language.strip("/") or "en")
    assert_accessible(page)

    page.goto(f"{live_server}{language}/reports/campaign")
    assert page.locator("table a.govuk-link").count() == 1  # the run just made
    assert_accessible(page)


def test_the_progress_page_becomes_the_report(
    page: Any, live_server: str, coordinator: Any, db: Session
) -> None:
    run = ReportRun(
        first_day=date(2026, 10, 1), last_day=date(2026, 10, 20), status=RunStatus.QUEUED
    )
    db.add(run)
    db.commit()
    sign_in_browser(page, live_server, coordinator)
    page.goto(f"{live_server}/cy/reports/campaign/runs/{run.id}")
    assert page.locator("progress").count() == 1
    assert_accessible(page)

    from hustings.reporting.jobs import generate_report_run

    generate_report_run.call_local(run.id)
    page.wait_for_selector("svg[role=img]", timeout=15_000)
    assert page.locator("progress").count() == 0
    assert page.url.endswith(f"/cy/reports/campaign/runs/{run.id}")
    assert_accessible(page)
