"""The reach figures per scope, the import upload page, and the Welsh pages."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from hustings.db import utcnow
from hustings.outreach import service
from hustings.outreach.models import Person
from hustings.outreach.permissions import scope_for
from tests.factories.outreach import DC_HEADER, Registry, dc_row, make_registry, to_csv


def _mark(db: Session, keys: list[str], **values: Any) -> None:
    db.execute(update(Person).where(Person.key.in_(keys)).values(**values))
    db.commit()


def test_reach_counts_by_scope(db: Session, smtp_server: Any) -> None:
    registry: Registry = make_registry(db)
    now = utcnow()
    _mark(db, ["dc:1000", "dc:1002", "dc:1001"], invited_at=now, signed_in_at=now)
    _mark(db, ["dc:1000"], acknowledged_at=now)
    labels = {"candidate": "Candidates", "agent": "Agents", "electoral_staff": "Electoral staff"}
    everyone = service.reach(session=db, scope=scope_for(registry.coordinator), kind_labels=labels)
    assert (everyone.overall.total, everyone.overall.reached, everyone.overall.acknowledged) == (
        8,
        3,
        1,
    )
    parties = {t.label: (t.total, t.reached, t.acknowledged) for t in everyone.by_party}
    assert parties == {
        "Green Valley Party": (3, 2, 1),  # Gwen, Nerys and the agent
        "Civic Alliance": (2, 1, 0),
        "No party": (1, 0, 0),
    }
    kinds = {t.label: t.total for t in everyone.by_kind}
    assert kinds == {"Candidates": 5, "Agents": 1, "Electoral staff": 2}
    green = service.reach(session=db, scope=scope_for(registry.green_officer), kind_labels=labels)
    assert (green.overall.total, green.overall.reached) == (3, 2)
    assert green.overall.reached_share == 67
    cardiff = service.reach(
        session=db, scope=scope_for(registry.cardiff_official), kind_labels=labels
    )
    areas = {t.label: t.total for t in cardiff.by_area}
    assert areas == {"Cardiff East": 3, "Cardiff West": 2}
    newport = service.reach(
        session=db, scope=scope_for(registry.newport_official), kind_labels=labels
    )
    assert newport.overall.total == 2
    waiting = service.not_reached(session=db, scope=scope_for(registry.cardiff_official))
    assert {p.key for p in waiting} == {"dc:1005", "staff:RO-C", "staff:AG-G"}


def test_dashboard_page_shows_figures_and_text(
    db: Session, smtp_server: Any, make_client: Any
) -> None:
    registry = make_registry(db)
    _mark(db, ["dc:1000"], invited_at=utcnow(), signed_in_at=utcnow())
    client = make_client().login(registry.green_officer)
    db.rollback()
    page = client.get("/outreach")
    assert page.status_code == 200
    assert "33%" in page.text and "1 of 3" in page.text
    assert "<svg" in page.text and 'aria-hidden="true"' in page.text
    welsh = client.get("/cy/outreach")
    assert welsh.status_code == 200 and 'lang="cy"' in welsh.text


def test_import_upload_reports_bad_rows(db: Session, make_client: Any, smtp_server: Any) -> None:
    registry = make_registry(db)
    rows = [dc_row(n) for n in range(10, 14)]
    rows[1]["person_id"] = "oops"
    data = to_csv(rows, DC_HEADER).encode()
    client = make_client().login(registry.coordinator)
    db.rollback()

    def upload(**options: str) -> Any:
        return client.post(
            "/outreach/import",
            data={"csrf_token": client.csrf, "kind": "candidates", **options},
            files={"file": ("dc.csv", data, "text/csv")},
        )

    before = len(db.scalars(select(Person)).all())
    db.rollback()
    dry = upload(dry_run="yes")
    assert dry.status_code == 200 and "Checked: nothing was written" in dry.text
    atomic = upload(atomic="yes")
    assert "Nothing was imported" in atomic.text and "3 good, 1 bad" in atomic.text
    assert len(db.scalars(select(Person)).all()) == before
    db.rollback()
    done = upload()
    assert "Imported" in done.text and "person_id" in done.text
    assert len(db.scalars(select(Person)).all()) == before + 3
    db.rollback()
    again = upload()
    assert "0 new, 0 updated, 3 unchanged" in again.text
    missing = client.post("/outreach/import", data={"csrf_token": client.csrf})
    assert missing.status_code == 400 and "Choose a CSV file" in missing.text


def test_reach_link_in_the_navigation_for_outreach_roles_only(
    db: Session, smtp_server: Any, make_client: Any
) -> None:
    registry = make_registry(db)
    shown = make_client().login(registry.green_officer)
    hidden = make_client().login(registry.candidate_user)
    db.rollback()
    assert 'href="/outreach"' in shown.get("/account").text
    assert 'href="/cy/outreach"' in shown.get("/cy/account").text
    assert 'href="/outreach"' not in hidden.get("/account").text
    # An error page renders after the rollback: no database access for the menu.
    assert hidden.get("/outreach").status_code == 403
