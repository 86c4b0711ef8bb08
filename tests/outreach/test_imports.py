"""Imports: idempotent, every bad row reported by line, dry runs and --atomic write nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from hustings.auth.roles import OrgKind
from hustings.cli import app as cli
from hustings.outreach import imports
from hustings.outreach.models import (
    Area,
    AreaKind,
    Election,
    Party,
    Person,
    PersonKind,
    Position,
    PositionRole,
    SocialAccount,
)
from tests.factories.auth import make_org
from tests.factories.outreach import DC_HEADER, STAFF_HEADER, dc_csv, dc_row, to_csv


def snapshot(db: Session) -> dict[str, list[tuple[Any, ...]]]:
    """Every registry row, every column: equal snapshots mean nothing changed."""
    db.expire_all()
    tables = {
        "elections": Election,
        "areas": Area,
        "parties": Party,
        "people": Person,
        "positions": Position,
        "accounts": SocialAccount,
    }
    return {
        name: sorted(
            tuple(getattr(row, c.key) for c in model.__table__.columns)
            for row in db.scalars(select(model))
        )
        for name, model in tables.items()
    }


def run(db: Session, data: str, kind: str = "candidates", **options: Any) -> imports.ImportReport:
    report = imports.run_import(session=db, kind=kind, data=data, **options)
    db.commit()
    return report


def test_importing_the_same_file_twice_changes_nothing_the_second_time(db: Session) -> None:
    data = dc_csv(40)
    first = run(db, data)
    assert (first.people.created, first.positions.created) == (40, 40)
    assert first.elections_created == 1 and first.areas_created == 4
    assert first.parties_created == 2  # Independents have no party
    before = snapshot(db)
    second = run(db, data)
    assert second.changes == 0
    assert second.people.unchanged == 40 and second.positions.unchanged == 40
    assert snapshot(db) == before


def test_reimport_updates_in_place(db: Session) -> None:
    run(db, dc_csv(8))
    rows = [dc_row(n) for n in range(8)]
    rows[2]["person_name"] = "Renamed Person"
    rows[3]["twitter_username"] = "new_handle"
    rows[6]["party_name"] = "Civic Alliance"
    report = run(db, to_csv(rows, DC_HEADER))
    assert report.people.updated == 1 and report.people.created == 0
    assert report.accounts.updated + report.accounts.created == 1
    assert report.positions.updated == 1
    assert db.scalar(select(Person).where(Person.key == "dc:1002")).full_name == "Renamed Person"
    assert len(db.scalars(select(Person)).all()) == 8


def test_registry_shape(db: Session) -> None:
    run(db, dc_csv(4))
    area = db.scalar(select(Area).where(Area.slug == "parl.cardiff-east"))
    assert area is not None and area.kind == AreaKind.CONSTITUENCY
    assert area.force_slug == "south-wales-police"  # from hustings.cases.geography
    assert db.scalar(select(Area).where(Area.slug == "parl.newport-east")).force_slug == (
        "gwent-police"
    )
    person = db.scalar(select(Person).where(Person.key == "dc:1001"))
    assert person.kind == PersonKind.CANDIDATE and person.email == "candidate1@example.org"
    (position,) = person.positions
    assert (
        position.role == PositionRole.CANDIDATE and position.key == "parl.cardiff-west.2029-05-03"
    )
    assert position.party.name == "Civic Alliance"
    assert {a.platform: a.value for a in person.accounts} == {"x": "cand1"}


def test_party_links_to_its_organisation_by_name(db: Session) -> None:
    org = make_org(db, OrgKind.PARTY, slug="green-valley-party")
    db.commit()
    run(db, dc_csv(3))
    assert db.scalar(select(Party).where(Party.slug == "green-valley-party")).organisation_id == (
        org.id
    )


BAD_ROWS = {
    2: {"person_id": "abc"},
    4: {"person_name": ""},
    5: {"ballot_paper_id": "local.cardiff.adamsdown.2029-05-03"},
    7: {"email": "not-an-email"},
    8: {"election_id": "parl.2029-13-45", "ballot_paper_id": "parl.x.2029-13-45"},
}


def bad_file() -> str:
    rows = [dc_row(n, **BAD_ROWS.get(n, {})) for n in range(10)]
    rows.append(dict(rows[0]))  # the same candidacy again: line 12
    return to_csv(rows, DC_HEADER)


def test_bad_rows_are_listed_and_the_good_ones_imported(db: Session) -> None:
    report = run(db, bad_file())
    lines = {bad.line: bad.reason for bad in report.bad_rows}
    # Line 1 is the header, so row n is on line n + 2.
    assert set(lines) == {n + 2 for n in BAD_ROWS} | {12}
    assert "person_id" in lines[4]
    assert "person_name" in lines[6]
    assert "ballot_paper_id is not a ballot of election_id" in lines[7]
    assert "email" in lines[9]
    assert "real date" in lines[10]
    assert "repeats line 2" in lines[12]
    assert report.people.created == 5
    assert len(db.scalars(select(Person)).all()) == 5


def test_atomic_imports_none_when_any_row_is_bad(db: Session) -> None:
    report = run(db, bad_file(), atomic=True)
    assert len(report.bad_rows) == 6 and not report.written
    assert db.scalars(select(Person)).all() == []
    assert db.scalars(select(Election)).all() == []


def test_dry_run_writes_nothing_but_reports_what_it_would_do(db: Session) -> None:
    report = run(db, dc_csv(12), dry_run=True)
    assert report.people.created == 12 and not report.written
    assert snapshot(db) == {k: [] for k in snapshot(db)}


def test_unknown_columns_are_ignored_and_missing_ones_refused(db: Session) -> None:
    rows = [{**dc_row(1), "favourite_colour": "green"}]
    assert run(db, to_csv(rows)).people.created == 1
    with pytest.raises(imports.ImportFileError, match="ballot_paper_id"):
        run(db, "person_id,person_name\n1,A\n")
    with pytest.raises(imports.ImportFileError):
        run(db, b"\xff\xfe\x00garbage")


def test_ragged_rows_are_bad_rows(db: Session) -> None:
    data = dc_csv(2) + "1,too,many,values,,,,,,,,,,,,,,,\n"
    report = run(db, data)
    assert [b.line for b in report.bad_rows] == [4]


def staff_file(authority: str = "cardiff-council") -> str:
    rows = [
        {
            "reference": "RO-1",
            "name": "Rhian Roberts",
            "role": "returning_officer",
            "authority": authority,
            "area": "Cardiff East",
            "email": "rhian@example.org",
            "language": "cy",
        },
        {
            "reference": "PS-7",
            "name": "Pat Singh",
            "role": "polling_station",
            "authority": authority,
            "area": "parl.cardiff-west",
        },
        {
            "reference": "AG-1",
            "name": "Alun Agent",
            "role": "agent",
            "area": "Cardiff East",
            "party": "Green Valley Party",
            "email": "alun@example.org",
        },
        {"reference": "bad ref", "name": "", "role": "mayor"},
        {"reference": "X-2", "name": "Nobody", "role": "count", "authority": "nowhere"},
        {
            "reference": "X-3",
            "name": "Lost",
            "role": "count",
            "authority": authority,
            "area": "Atlantis",
        },
    ]
    return to_csv(rows, STAFF_HEADER)


def test_staff_import(db: Session) -> None:
    council = make_org(db, OrgKind.ELECTORAL_AUTHORITY, slug="cardiff-council")
    db.commit()
    run(db, dc_csv(4))
    report = run(db, staff_file(), kind="staff")
    assert {b.line for b in report.bad_rows} == {5, 6, 7}
    reasons = {b.line: b.reason for b in report.bad_rows}
    assert "reference" in reasons[5] and "name is empty" in reasons[5] and "role" in reasons[5]
    assert "authority" in reasons[6]
    assert "area" in reasons[7]
    assert report.people.created == 3 and report.areas_linked == 2
    ro = db.scalar(select(Person).where(Person.key == "staff:RO-1"))
    assert ro.kind == PersonKind.ELECTORAL_STAFF and ro.language == "cy"
    assert ro.positions[0].authority_id == council.id
    assert db.scalar(select(Area).where(Area.slug == "parl.cardiff-east")).authority_id == (
        council.id
    )
    agent = db.scalar(select(Person).where(Person.key == "staff:AG-1"))
    assert agent.kind == PersonKind.AGENT and agent.positions[0].party.slug == "green-valley-party"
    before = snapshot(db)
    assert run(db, staff_file(), kind="staff").changes == 0
    assert snapshot(db) == before


def test_cli_import_reports_bad_lines_and_honours_options(db: Session, tmp_path: Any) -> None:
    path = tmp_path / "candidates.csv"
    path.write_text(bad_file(), encoding="utf-8")
    runner = CliRunner()
    dry = runner.invoke(cli, ["outreach", "import-candidates", str(path), "--dry-run"])
    assert dry.exit_code == 1 and "Dry run" in dry.output
    assert db.scalars(select(Person)).all() == []
    db.rollback()  # SQLite: let the command's transaction in
    atomic = runner.invoke(cli, ["outreach", "import-candidates", str(path), "--atomic"])
    assert atomic.exit_code == 1 and "nothing was written" in atomic.output
    assert db.scalars(select(Person)).all() == []
    db.rollback()
    result = runner.invoke(cli, ["outreach", "import-candidates", str(path)])
    assert result.exit_code == 1
    for line in (4, 6, 7, 9, 10, 12):
        assert f"│ {line:>4} │" in result.output or f" {line} " in result.output
    db.expire_all()
    assert len(db.scalars(select(Person)).all()) == 5
    db.rollback()
    good = tmp_path / "good.csv"
    good.write_text(dc_csv(5), encoding="utf-8")
    assert runner.invoke(cli, ["outreach", "import-candidates", str(good)]).exit_code == 0
