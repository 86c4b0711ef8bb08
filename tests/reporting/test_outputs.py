"""The report's three formats from the command line: the PDF opens (pdfinfo and pypdf) with its
charts, the HTML carries the charts as inline SVG, the JSON equals the database's counts, and
bad or empty ranges are refused with a clear message and no file."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from hustings.cases.models import Case, RoutedReport
from hustings.cli import app
from tests.factories.reporting import spread_cases

runner = CliRunner()
FIRST = date(2026, 10, 1)


@pytest.fixture
def spread(db: Session) -> None:
    spread_cases(db, first_day=FIRST, days=20, cases=50, candidates=10)
    db.commit()


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["report", "campaign", *args])
    return result.exit_code, result.output


def test_json_totals_equal_the_database(db: Session, spread: None, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    code, output = _run(
        "--from", "2026-10-01", "--to", "2026-10-31", "--format", "json", "-o", str(out)
    )
    assert code == 0, output
    data = json.loads(out.read_text())
    low = datetime(2026, 10, 1, tzinfo=UTC)
    high = datetime(2026, 11, 1, tzinfo=UTC)
    cases = db.scalar(
        select(func.count())
        .select_from(Case)
        .where(Case.submitted_at >= low, Case.submitted_at < high)
    )
    reports = db.scalar(
        select(func.count())
        .select_from(RoutedReport)
        .where(RoutedReport.routed_at >= low, RoutedReport.routed_at < high)
    )
    per_platform = dict(
        db.execute(
            select(RoutedReport.platform_slug, func.count())
            .where(RoutedReport.routed_at >= low, RoutedReport.routed_at < high)
            .group_by(RoutedReport.platform_slug)
        ).all()
    )
    assert data["totals"]["cases_submitted"] == cases == 50
    assert data["totals"]["reports_routed"] == reports
    assert {p["platform"]: p["received"] for p in data["platforms"]} == per_platform
    assert sum(d["cases_submitted"] for d in data["days"]) == cases
    assert "Wrote" in output and "50 cases" in output


def test_the_pdf_opens_with_its_charts(db: Session, spread: None, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    code, output = _run(
        "--from", "2026-10-01", "--to", "2026-10-20", "--format", "pdf", "-o", str(out)
    )
    assert code == 0, output
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert len(reader.pages) >= 2
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    assert "Campaign update report" in text
    # Words that only the charts draw: their axis titles.
    assert "Number per day" in text
    assert "Number of reports" in text
    assert "Reports routed per day" in text
    assert "Facebook" in text and "Threat of violence" in text
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
        assert "Campaign update report" in info.stdout


def test_the_html_in_welsh_carries_three_charts(db: Session, spread: None, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    code, output = _run(
        "--from",
        "2026-10-01",
        "--to",
        "2026-10-20",
        "--format",
        "html",
        "--language",
        "cy",
        "-o",
        str(out),
    )
    assert code == 0, output
    html = out.read_text()
    assert html.count("<svg ") == 3
    assert '<html lang="cy">' in html
    assert 'role="img"' in html


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--from", "2026-10-32", "--to", "2026-10-31"), "--from: Enter a real date"),
        (("--from", "2026-10-01", "--to", "soon"), "--to: Enter a real date"),
        (("--from", "2026-10-10", "--to", "2026-10-01"), "same as or after the start date"),
    ],
)
def test_bad_dates_are_refused(
    db: Session, tmp_path: Path, args: tuple[str, ...], words: str
) -> None:
    out = tmp_path / "x.json"
    code, output = _run(*args, "--format", "json", "-o", str(out))
    assert code == 2
    assert words in " ".join(output.split())
    assert not out.exists()


def test_an_empty_range_is_refused(db: Session, spread: None, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    code, output = _run("--from", "2026-01-01", "--to", "2026-01-31", "-o", str(out))
    assert code == 1
    assert "Nothing was reported between 2026-01-01 and 2026-01-31" in " ".join(output.split())
    assert not out.exists()


def test_a_pdf_never_goes_to_standard_output(db: Session) -> None:
    code, output = _run("--from", "2026-10-01", "--to", "2026-10-02", "-o", "-")
    assert code == 2 and "PDF cannot go to standard output" in output
