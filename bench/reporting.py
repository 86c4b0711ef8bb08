"""Campaign report benchmark: 100,000 synthetic sent cases (with their routed reports and
police escalations, bulk-inserted), the report made as JSON and as PDF, on SQLite and on
PostgreSQL.

    python -m bench reporting

Each timing is the median of three runs in this process (imports and the first matplotlib and
WeasyPrint start-up excluded by a warm-up run on a small range). PostgreSQL is measured when
HUSTINGS_TEST_DATABASE_URL (default postgresql://127.0.0.1:5432/test) answers.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.report import write_section

CASES = 100_000
CANDIDATES = 4_000
DAYS = 60
FIRST = date(2026, 9, 1)
PLATFORMS = ("facebook", "instagram", "x", "tiktok", "youtube", "threads")
HARMS = (
    "threat_of_violence",
    "harassment_and_bullying",
    "hate",
    "sexual_harassment",
    "private_information",
)
DECISIONS = ("removed", "restricted", "account_suspended", "no_violation", "need_more_information")
POLICE = ("sent", "received", "investigating", "no_further_action", "charged", "closed")
REPEATS = 3


def _migrate(url: str) -> None:
    from alembic import command

    from hustings.migrations.config import alembic_config

    command.upgrade(alembic_config(url), "head")


def _rows(
    seed: int = 1,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Candidates, cases, routed reports and escalations as plain rows."""
    rng = random.Random(seed)
    now = datetime(2026, 11, 20, tzinfo=UTC)
    users = [
        {
            "id": n,
            "email": f"candidate{n}@bench.example.org",
            "full_name": f"Candidate {n}",
            "role": "candidate",
            "preferred_language": "en",
            "is_active": True,
            "session_epoch": 0,
            "failed_logins": 0,
            "created_at": now,
        }
        for n in range(1, CANDIDATES + 1)
    ]
    # A few candidates draw most of the abuse (Pareto-like weights).
    weights = [1 / (n**1.1) for n in range(1, CANDIDATES + 1)]
    candidate_ids = rng.choices(range(1, CANDIDATES + 1), weights=weights, k=CASES)
    cases, reports, escalations = [], [], []
    report_id = 0
    for case_id in range(1, CASES + 1):
        sent = datetime.combine(
            FIRST + timedelta(days=rng.randrange(DAYS)), datetime.min.time(), tzinfo=UTC
        )
        sent += timedelta(seconds=rng.randrange(86_400))
        candidate = candidate_ids[case_id - 1]
        cases.append(
            {
                "id": case_id,
                "candidate_id": candidate,
                "created_by_id": candidate,
                "status": "submitted",
                "summary": "",
                "platforms": [],
                "accounts": [],
                "in_danger_now": False,
                "candidate_thinks_crime": False,
                "created_at": sent,
                "updated_at": sent,
                "submitted_at": sent,
            }
        )
        for slug in rng.sample(PLATFORMS, rng.randint(1, 3)):
            report_id += 1
            row: dict[str, Any] = {
                "id": report_id,
                "case_id": case_id,
                "platform_slug": slug,
                "harms": sorted(rng.sample(HARMS, rng.randint(1, 2))),
                "routed_at": sent,
                "deadline_source": "default",
                "status": "ready_made" if slug == "threads" else "routed",
                "acknowledge_due": None,
                "decide_due": None,
                "acknowledged_at": None,
                "decided_at": None,
                "decision": None,
                "acknowledge_overdue_at": None,
                "decide_overdue_at": None,
            }
            if slug != "threads":
                row["acknowledge_due"] = sent + timedelta(hours=24)
                row["decide_due"] = sent + timedelta(hours=72)
                state = rng.random()
                if state > 0.15:
                    row["acknowledged_at"] = sent + timedelta(seconds=rng.randrange(600, 172_800))
                    row["status"] = "acknowledged"
                if state > 0.35:
                    row["decided_at"] = row["acknowledged_at"] + timedelta(
                        seconds=rng.randrange(600, 345_600)
                    )
                    row["decision"] = rng.choice(DECISIONS)
                    row["status"] = "decided"
            reports.append(row)
        if rng.random() < 0.08:
            escalations.append(
                {
                    "case_id": case_id,
                    "force_slug": rng.choice(
                        (
                            "south-wales-police",
                            "gwent-police",
                            "dyfed-powys-police",
                            "north-wales-police",
                        )
                    ),
                    "consent_given_at": sent,
                    "consent_by_id": candidate,
                    "consent_wording": "bench",
                    "status": rng.choice(POLICE),
                    "sent_at": sent + timedelta(hours=1),
                    "updated_at": sent + timedelta(hours=1),
                }
            )
    return users, cases, reports, escalations


def _load(url: str) -> float:
    """Bulk-insert the synthetic rows; returns the seconds it took."""
    from sqlalchemy import insert

    from hustings.auth.models import User
    from hustings.cases.models import Case, PoliceEscalation, RoutedReport
    from hustings.db import build_engine

    users, cases, reports, escalations = _rows()
    engine = build_engine(url)
    started = time.perf_counter()
    with engine.begin() as conn:
        for table, rows in (
            (User, users),
            (Case, cases),
            (RoutedReport, reports),
            (PoliceEscalation, escalations),
        ):
            for chunk in range(0, len(rows), 20_000):
                conn.execute(insert(table), rows[chunk : chunk + 20_000])
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
    engine.dispose()
    return time.perf_counter() - started


def _median_seconds(action: Callable[[], Any]) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of this process (the CPU figure is steadier when
    other work shares the machine; PostgreSQL's own CPU is not in it)."""
    walls, cpus = [], []
    for _ in range(REPEATS):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


@contextmanager
def _sqlite() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as folder:
        yield f"sqlite:///{Path(folder) / 'bench.db'}"


@contextmanager
def _postgres() -> Iterator[str | None]:
    import psycopg
    from sqlalchemy.engine import make_url

    base = make_url(
        os.environ.get("HUSTINGS_TEST_DATABASE_URL", "postgresql://127.0.0.1:5432/test")
    )
    admin = str(base.set(drivername="postgresql"))
    name = f"hustings_bench_reporting_{os.getpid()}"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error:
        yield None
        return
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        from hustings.db import reset_caches

        reset_caches()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _measure(url: str) -> dict[str, float]:
    from sqlalchemy.orm import Session

    from hustings.db import build_engine
    from hustings.reporting import render, service
    from hustings.reporting.service import Format

    _migrate(url)
    loaded = _load(url)
    engine = build_engine(url)
    end = FIRST + timedelta(days=DAYS - 1)
    figures: dict[str, Any] = {"load": loaded, "loadavg": os.getloadavg()[0]}
    with Session(engine) as session:
        # Warm-up: imports, fonts, matplotlib and WeasyPrint start-up, the database's caches.
        warm = service.compute(session=session, start=FIRST, end=FIRST + timedelta(days=2))
        render.render_pdf(warm, "en")
        report = service.compute(session=session, start=FIRST, end=end)
        figures["cases"] = report.totals.cases_submitted
        figures["reports"] = report.totals.reports_routed
        figures["compute"] = _median_seconds(
            lambda: service.compute(session=session, start=FIRST, end=end)
        )
        figures["json"] = _median_seconds(
            lambda: service.render_as(
                service.compute(session=session, start=FIRST, end=end), Format.JSON, "en"
            )
        )
        figures["pdf"] = _median_seconds(
            lambda: service.render_as(
                service.compute(session=session, start=FIRST, end=end), Format.PDF, "en"
            )
        )
        figures["pdf_bytes"] = len(service.render_as(report, Format.PDF, "en"))
        session.rollback()
    engine.dispose()
    return figures


def run() -> None:
    results: dict[str, dict[str, Any]] = {}
    with _sqlite() as url:
        print("SQLite ...", flush=True)
        results["SQLite"] = _measure(url)
    with _postgres() as pg_url:
        if pg_url is not None:
            print("PostgreSQL ...", flush=True)
            results["PostgreSQL"] = _measure(pg_url)
    lines = [
        "## Campaign update report",
        "",
        f"{CASES:,} sent cases about {CANDIDATES:,} candidates over {DAYS} days (1 to 3 routed "
        "reports each, about 8% sent to the police), bulk-inserted; the report covers all "
        f"{DAYS} days. Median of {REPEATS} runs in one process, after a warm-up.",
        "",
        "Each cell is wall-clock seconds, then this process's CPU seconds in brackets; the "
        "load average is the machine's (other people's tests ran alongside).",
        "",
        "| database | cases | routed reports | bulk insert (s) | figures only | JSON | PDF "
        "| PDF size | load average |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, f in results.items():
        lines.append(
            f"| {name} | {f['cases']:,} | {f['reports']:,} | {f['load']:.1f} "
            f"| {f['compute'][0]:.1f} ({f['compute'][1]:.1f}) "
            f"| {f['json'][0]:.1f} ({f['json'][1]:.1f}) | {f['pdf'][0]:.1f} ({f['pdf'][1]:.1f}) "
            f"| {f['pdf_bytes'] / 1024:.0f} KiB | {f['loadavg']:.1f} |"
        )
        print(name, f, flush=True)
    if "PostgreSQL" not in results:
        lines += ["", "PostgreSQL was not reachable, so it was not measured this time."]
    lines += [
        "",
        "JSON and PDF include computing the figures; the PDF time is mostly WeasyPrint laying out "
        "the document and its three SVG charts. `hustings report campaign` adds the command's "
        "start-up (importing the application) to these figures.",
    ]
    write_section("reporting", "\n".join(lines), "python -m bench reporting")
