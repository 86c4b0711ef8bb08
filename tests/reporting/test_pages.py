"""The coordinator's report pages and API: only coordinators get in (every route, every other
role and nobody refused), the form refuses bad and empty ranges and writes nothing, and a
report made on the page can be read and downloaded in each format, in English and Welsh."""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hustings.audit.models import AuditEntry
from hustings.auth.roles import Role
from hustings.reporting.models import ReportRun, RunStatus
from tests.factories.cases import person
from tests.factories.reporting import spread_cases

FIRST = date(2026, 10, 1)
FORM = {
    "from-day": "1",
    "from-month": "10",
    "from-year": "2026",
    "to-day": "20",
    "to-month": "10",
    "to-year": "2026",
}


@pytest.fixture
def spread(db: Session) -> None:
    spread_cases(db, first_day=FIRST, days=20, cases=40, candidates=8)
    db.commit()


def _run(db: Session, status: RunStatus = RunStatus.QUEUED) -> ReportRun:
    run = ReportRun(first_day=FIRST, last_day=date(2026, 10, 20), status=status)
    db.add(run)
    db.commit()
    return run


def _routes(run_id: int) -> list[tuple[str, str]]:
    return [
        ("GET", "/reports/campaign"),
        ("POST", "/reports/campaign"),
        ("GET", f"/reports/campaign/runs/{run_id}"),
        ("GET", f"/reports/campaign/runs/{run_id}/report.pdf"),
        ("GET", f"/reports/campaign/runs/{run_id}/report.json"),
        ("GET", f"/api/v1/reports/runs/{run_id}"),
        ("GET", "/api/v1/reports/campaign?from=2026-10-01&to=2026-10-20"),
    ]


def test_only_coordinators_get_in(db: Session, spread: None, make_client: Any) -> None:
    from hustings.reporting.jobs import generate_report_run

    run = _run(db)
    generate_report_run.call_local(run.id)
    for role in Role:
        user = person(db, role)
        db.commit()
        caller = make_client().login(user)
        for method, path in _routes(run.id):
            post = method == "POST"
            response = caller.post_form(path, FORM) if post else caller.get(path)
            if role == Role.COORDINATOR:
                assert response.status_code in (200, 303), f"{method} {path} as {role}"
            else:
                assert response.status_code == 403, f"{method} {path} as {role}"
    anonymous = make_client()
    for method, path in _routes(run.id):
        response = anonymous.request(method, path, headers={"x-csrf-token": anonymous.csrf})
        assert response.status_code in (401, 303), f"{method} {path} anonymous"


def test_a_report_made_on_the_page_can_be_read_and_downloaded(
    db: Session, spread: None, client: Any
) -> None:
    coordinator = person(db, Role.COORDINATOR)
    db.commit()
    client.login(coordinator)
    form = client.get("/reports/campaign")
    assert form.status_code == 200 and "Make the report" in form.text
    response = client.post_form("/reports/campaign", FORM)
    assert response.status_code == 303
    location = response.headers["location"]
    run = db.scalar(select(ReportRun).order_by(ReportRun.id.desc()))
    assert run is not None and location == f"/reports/campaign/runs/{run.id}"
    db.refresh(run)
    assert run.status == RunStatus.DONE and run.requested_by_id == coordinator.id
    run_id, stored = run.id, run.result
    assert stored is not None
    db.rollback()  # let the app write (SQLite: one writer at a time); touch no row until the end

    page = client.get(location)
    assert page.status_code == 200
    assert page.text.count("<svg ") == 3
    assert "Reports and decisions by platform" in page.text
    assert f"/reports/campaign/runs/{run_id}/report.pdf" in page.text

    as_json = client.get(f"{location}/report.json")
    assert as_json.status_code == 200
    data = json.loads(as_json.content)
    assert data["totals"]["cases_submitted"] == 40 == stored["totals"]["cases_submitted"]
    assert "attachment" in as_json.headers["content-disposition"]

    pdf = client.get(f"{location}/report.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Number per day" in text

    welsh = client.get(f"/cy{location}")
    assert welsh.status_code == 200 and "Adroddiad diweddaru’r ymgyrch" in welsh.text
    welsh_html = client.get(f"/cy{location}/report.html")
    assert '<html lang="cy">' in welsh_html.text

    assert client.get(f"{location}/report.docx").status_code == 404
    assert client.get("/reports/campaign/runs/999999").status_code == 404
    actions = db.scalars(
        select(AuditEntry.action).where(
            AuditEntry.subject_type.in_(["report_run", "campaign_report"])
        )
    ).all()
    assert "report.requested" in actions and actions.count("report.generated") >= 4


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"from-day": "31", "from-month": "2"}, "Enter a real date"),
        ({"to-day": "", "to-month": "", "to-year": ""}, "Enter the date"),
        ({"from-day": "21", "to-day": "20"}, "same as or after the start date"),
        ({"from-year": "2024"}, "366 days or fewer"),
        (
            {"from-month": "1", "to-month": "1"},
            "Nothing was reported between 2026-01-01 and 2026-01-20",
        ),
        ({"from-year": "2099", "to-year": "2099"}, "today or in the past"),
    ],
)
def test_bad_and_empty_ranges_are_refused_and_nothing_is_written(
    db: Session, spread: None, client: Any, change: dict[str, str], message: str
) -> None:
    client.login(person(db, Role.COORDINATOR))
    db.commit()
    response = client.post_form("/reports/campaign", {**FORM, **change})
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert message in response.text.replace("&#39;", "'")
    assert db.scalar(select(func.count()).select_from(ReportRun)) == 0


def test_the_progress_of_a_queued_run(db: Session, spread: None, client: Any) -> None:
    from hustings.reporting import runs

    client.login(person(db, Role.COORDINATOR))
    run = _run(db)
    page = client.get(f"/reports/campaign/runs/{run.id}")
    assert "Making the report" in page.text and "<progress" in page.text
    runs.set_progress(run.id, 3, 7, "harms")
    status = client.get(f"/api/v1/reports/runs/{run.id}").json()
    assert status == {
        "id": run.id,
        "status": "queued",
        "percent": 43,
        "stage": "harms",
        "message": "Counting kinds of harm",
        "finished": False,
    }
    welsh = client.get(f"/cy/api/v1/reports/runs/{run.id}").json()
    assert welsh["message"] != "Counting kinds of harm"
    from hustings.reporting.jobs import generate_report_run

    generate_report_run.call_local(run.id)
    status = client.get(f"/api/v1/reports/runs/{run.id}").json()
    assert status["status"] == "done" and status["finished"] and status["percent"] == 100


def test_the_api_report_and_its_errors(db: Session, spread: None, client: Any) -> None:
    client.login(person(db, Role.COORDINATOR))
    db.commit()
    ok = client.get("/api/v1/reports/campaign", params={"from": "2026-10-01", "to": "2026-10-20"})
    assert ok.status_code == 200 and ok.json()["totals"]["cases_submitted"] == 40
    bad = client.get("/api/v1/reports/campaign", params={"from": "2026-10-41", "to": "2026-10-20"})
    assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"
    assert bad.json()["type"].endswith("#invalid_range")
    empty = client.get(
        "/api/v1/reports/campaign", params={"from": "2026-01-01", "to": "2026-01-02"}
    )
    assert empty.status_code == 422 and empty.json()["type"].endswith("#empty_range")
