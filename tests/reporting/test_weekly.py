"""The weekly campaign report: on the schedule, made for last Monday to Sunday, and emailed
through a real SMTP server to every coordinator (and nobody else) in their own language with
the PDF attached; a quiet week sends a short note instead."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from hustings.auth.roles import Role
from hustings.db import utcnow
from hustings.jobs.schedule import SCHEDULE
from hustings.reporting.jobs import last_week, weekly_campaign_report
from hustings.reporting.models import ReportRun, RunStatus, RunTrigger
from tests.factories.cases import person
from tests.factories.reporting import spread_cases


def test_last_week_is_the_previous_monday_to_sunday() -> None:
    assert last_week(date(2026, 11, 23)) == (date(2026, 11, 16), date(2026, 11, 22))  # a Monday
    assert last_week(date(2026, 11, 29)) == (date(2026, 11, 16), date(2026, 11, 22))  # a Sunday
    assert last_week(date(2026, 11, 24)) == (date(2026, 11, 16), date(2026, 11, 22))


def test_the_weekly_report_is_on_the_schedule() -> None:
    entry = next(e for e in SCHEDULE if e.task.endswith(":weekly_campaign_report"))
    assert entry.resolve() is weekly_campaign_report
    assert entry.when == {"minute": "0", "hour": "7", "day_of_week": "1"}


def test_coordinators_get_last_weeks_report_with_the_pdf(db: Session, smtp_server: Any) -> None:
    first, last = last_week(utcnow().date())
    spread_cases(db, first_day=first, days=7, cases=30, candidates=6)
    english = person(db, Role.COORDINATOR)
    welsh = person(db, Role.COORDINATOR)
    welsh.preferred_language = "cy"
    gone = person(db, Role.COORDINATOR)
    gone.is_active = False
    admin = person(db, Role.ADMIN)
    db.commit()

    assert weekly_campaign_report() == 2
    messages = smtp_server.wait_for(2)
    assert len(messages) == 2
    assert not smtp_server.to(gone.email) and not smtp_server.to(admin.email)

    run = db.scalar(select(ReportRun))
    assert run is not None and run.status == RunStatus.DONE
    assert run.trigger == RunTrigger.SCHEDULE
    assert (run.first_day, run.last_day) == (first, last)

    (mail,) = smtp_server.to(english.email)
    assert mail["Subject"].startswith("Weekly campaign update report")
    body = mail.get_body(("plain",)).get_content()
    assert "Cases sent: 30." in body
    assert f"/reports/campaign/runs/{run.id}" in body
    (attachment,) = list(mail.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == f"campaign-report-{first}-to-{last}.pdf"
    reader = PdfReader(io.BytesIO(attachment.get_content()))
    assert "Number per day" in "".join(p.extract_text() or "" for p in reader.pages)

    (cymraeg,) = smtp_server.to(welsh.email)
    assert cymraeg["Subject"].startswith("Adroddiad")
    assert f"/cy/reports/campaign/runs/{run.id}" in cymraeg.get_body(("plain",)).get_content()
    (welsh_pdf,) = list(cymraeg.iter_attachments())
    text = "".join(
        p.extract_text() or "" for p in PdfReader(io.BytesIO(welsh_pdf.get_content())).pages
    )
    assert "Adroddiad diweddaru" in text


def test_a_quiet_week_sends_a_note_without_a_report(db: Session, smtp_server: Any) -> None:
    coordinator = person(db, Role.COORDINATOR)
    db.commit()
    assert weekly_campaign_report() == 1
    (mail,) = smtp_server.wait_for(1)
    assert mail["To"] == coordinator.email
    assert "Nothing was reported" in mail.get_body(("plain",)).get_content()
    assert not list(mail.iter_attachments())
    assert db.scalar(select(ReportRun)) is None


def test_a_refused_address_does_not_stop_the_others(db: Session, smtp_server: Any) -> None:
    first, _ = last_week(utcnow().date())
    spread_cases(db, first_day=first, days=7, cases=5, candidates=2)
    bounced = person(db, Role.COORDINATOR)
    fine = person(db, Role.COORDINATOR)
    db.commit()
    smtp_server.refuse.add(bounced.email)
    assert weekly_campaign_report() == 1
    smtp_server.wait_for(1)
    assert smtp_server.to(fine.email) and not smtp_server.to(bounced.email)
