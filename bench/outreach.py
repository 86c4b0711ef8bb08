"""Outreach import benchmark: 10,000 Democracy Club rows imported, then the same file again
(nothing to write) and a file with 10% of the rows changed, on SQLite and PostgreSQL.

    python -m bench outreach

Each backend gets a fresh migrated database (a temporary SQLite file; a scratch PostgreSQL
database at HUSTINGS_TEST_DATABASE_URL's server, skipped when none answers).
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
import time
from pathlib import Path

from bench.report import write_section

ROWS = 10_000
PG_URL = os.environ.get("HUSTINGS_TEST_DATABASE_URL", "postgresql://127.0.0.1:5432/test")
SEATS = [f"seat-{n}" for n in range(650)]
PARTIES = ["Green Valley Party", "Civic Alliance", "Harbour Party", "Independent", "Hill Party"]


def dc_file(rows: int, changed_every: int = 0) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "person_id",
            "person_name",
            "election_id",
            "ballot_paper_id",
            "party_name",
            "post_label",
            "email",
            "twitter_username",
            "facebook_page_url",
            "unknown_column",
        ]
    )
    for n in range(rows):
        seat = SEATS[n % len(SEATS)]
        renamed = changed_every and n % changed_every == 0
        writer.writerow(
            [
                100_000 + n,
                f"Candidate {n}{' Jr' if renamed else ''}",
                "parl.2029-05-03",
                f"parl.{seat}.2029-05-03",
                PARTIES[n % len(PARTIES)],
                seat.replace("-", " ").title(),
                f"c{n}@example.org" if n % 4 else "",
                f"cand{n}" if n % 2 else "",
                f"https://facebook.com/c{n}" if n % 3 == 0 else "",
                "ignored",
            ]
        )
    return out.getvalue()


def _migrate(url: str) -> None:
    from alembic import command

    from hustings.migrations.config import alembic_config

    command.upgrade(alembic_config(url), "head")


def _measure(url: str) -> list[tuple[str, float, str]]:
    from sqlalchemy.orm import Session

    from hustings.db import build_engine
    from hustings.outreach import imports

    _migrate(url)
    engine = build_engine(url)
    results = []
    for label, data in (
        ("first import", dc_file(ROWS)),
        ("same file again", dc_file(ROWS)),
        ("10% of rows changed", dc_file(ROWS, changed_every=10)),
    ):
        with Session(engine) as session:
            started = time.perf_counter()
            report = imports.run_import(session=session, kind="candidates", data=data)
            session.commit()
            elapsed = time.perf_counter() - started
        summary = (
            f"{report.people.created} created, {report.people.updated} updated, "
            f"{report.people.unchanged} unchanged"
        )
        results.append((label, elapsed, summary))
        print(f"  {url.split(':')[0]} {label}: {elapsed:.2f} s ({summary})", flush=True)
    engine.dispose()
    return results


def _postgres() -> tuple[str, str] | None:
    try:
        import psycopg
        from sqlalchemy.engine import make_url

        admin = make_url(PG_URL)
        name = f"hustings_bench_outreach_{os.getpid()}"
        with psycopg.connect(str(admin.set(drivername="postgresql")), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return admin.set(database=name).render_as_string(hide_password=False), name
    except Exception as error:
        print(f"  PostgreSQL not available: {error}")
        return None


def _drop_postgres(name: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    admin = make_url(PG_URL)
    with psycopg.connect(str(admin.set(drivername="postgresql")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run() -> None:
    load_before = os.getloadavg()[0]
    table = ["| database | import | seconds | result |", "|---|---|---:|---|"]
    with tempfile.TemporaryDirectory() as folder:
        for label, seconds, summary in _measure(f"sqlite:///{Path(folder) / 'bench.db'}"):
            table.append(f"| SQLite | {label} | {seconds:.2f} | {summary} |")
    postgres = _postgres()
    if postgres is None:
        table.append("| PostgreSQL | not measured (no server) | | |")
    else:
        url, name = postgres
        try:
            for label, seconds, summary in _measure(url):
                table.append(f"| PostgreSQL | {label} | {seconds:.2f} | {summary} |")
        finally:
            _drop_postgres(name)
    body = (
        "## Outreach imports\n\n"
        f"Importing a Democracy Club candidate CSV of {ROWS:,} rows (650 constituencies, five "
        "parties, emails and social accounts on some rows), then the same file again (nothing "
        "to write), then a file with every tenth person renamed. Each import reads, checks "
        "and compares every row and writes in bulk (no per-row round trips); the time "
        "includes parsing, validation, planning and the commit. The machine is shared: the "
        f"one-minute load average was {load_before:.1f} before and {os.getloadavg()[0]:.1f} "
        "after the run (2 cores), so on a quiet machine these take less.\n\n" + "\n".join(table)
    )
    write_section("outreach", body, "python -m bench outreach")
