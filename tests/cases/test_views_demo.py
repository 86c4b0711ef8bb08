"""The demo cases load through the real service and every role's case pages show them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from hustings.cases.models import CaseStatus, PoliceEscalation, ReportStatus, RoutedReport
from hustings.demo.data import DemoData
from hustings.domains import DOMAINS


def test_demo_cases_fill_every_role_s_pages(db: Any, make_client: Any) -> None:
    demo = DemoData()
    for domain in DOMAINS:
        module = domain.module("demo")
        if module is not None:
            module.load(db, demo)
    db.commit()
    answered, sent, draft = (
        demo.rows["case:answered"],
        demo.rows["case:sent"],
        demo.rows["case:draft"],
    )
    ids = {"answered": answered.id, "sent": sent.id, "draft": draft.id}
    assert draft.status == CaseStatus.DRAFT and sent.status == CaseStatus.SUBMITTED
    reports = {r.platform_slug: r for r in db.scalars(select(RoutedReport)).all()}
    assert reports["facebook"].status == ReportStatus.DECIDED
    assert reports["x"].acknowledge_overdue_at is not None  # flagged by the real check
    assert db.scalar(select(PoliceEscalation)).force_slug == "south-wales-police"
    users = {k[5:]: v for k, v in demo.rows.items() if k.startswith("user:")}
    db.commit()

    candidate = make_client().login(users["candidate"])
    listing = candidate.get("/cases").text
    assert all(f'href="/cases/{i}"' in listing for i in ids.values())
    page = candidate.get(f"/cases/{ids['answered']}").text
    assert "SWP-2026-11-0412" in page
    assert "Show the picture (it may be upsetting)" in page
    staff = make_client().login(users["candidate_staff"])
    assert staff.get(f"/cases/{ids['draft']}").status_code == 200
    meta = make_client().login(users["meta@demo.hustings.localhost"])
    assert meta.get(f"/platform/reports/{reports['facebook'].id}").status_code == 200
    x = make_client().login(users["x@demo.hustings.localhost"])
    assert "Overdue" in x.get("/platform/reports").text
    liaison = make_client().login(users["police_liaison"])
    assert f'href="/police/cases/{ids["answered"]}"' in liaison.get("/police/cases").text
    coordinator = make_client().login(users["coordinator"])
    assert "Flagged" in coordinator.get("/coordinator").text
