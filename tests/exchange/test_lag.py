"""Lag per pair of platforms: from the source's action to each receiver's match and action."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.factories.exchange import make_member, signal_body

from hustings import writebehind
from hustings.exchange.lag import percentile
from hustings.exchange.models import Receipt


def test_percentiles_interpolate() -> None:
    assert percentile([], 0.5) is None
    assert percentile([4.0], 0.9) == 4.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert percentile([float(n) for n in range(1, 11)], 0.9) == 9.1


def test_metrics_report_median_and_p90_per_pair(client: Any, db: Session) -> None:
    a, b, c = (make_member(db, f"lag-{n}") for n in "abc")
    db.commit()
    acted = datetime.now(UTC) - timedelta(minutes=10)
    bodies = [signal_body("md5", acted_at=acted.isoformat()) for _ in range(3)]
    shared = client.post(
        "/api/v1/exchange/signals", json={"signals": bodies}, headers=a.headers
    ).json()["signals"]
    queries = [{"type": "md5", "hash": body["hash"]} for body in bodies]
    client.post("/api/v1/exchange/match", json={"queries": queries}, headers=b.headers)
    client.post("/api/v1/exchange/match", json={"queries": queries[:1]}, headers=c.headers)
    client.post(
        f"/api/v1/exchange/signals/{shared[0]['id']}/opinions",
        json={
            "kind": "actioned",
            "action": "removed",
            "acted_at": (acted + timedelta(minutes=5)).isoformat(),
        },
        headers=b.headers,
    )
    # Receipts are written behind: once written, matching again does not move them.
    writebehind.flush()
    first = {(r.signal_id, r.organisation_id): r.matched_at for r in db.scalars(select(Receipt))}
    assert len(first) == 3 + 1 and all(first.values())
    db.rollback()  # end the read (SQLite: every transaction holds the write lock)
    client.post("/api/v1/exchange/match", json={"queries": queries}, headers=b.headers)
    writebehind.flush()
    db.expire_all()
    again = {(r.signal_id, r.organisation_id): r.matched_at for r in db.scalars(select(Receipt))}
    assert again == first
    db.rollback()

    pairs = client.get("/api/v1/exchange/metrics", headers=c.headers).json()["pairs"]
    by_pair = {(p["source"], p["receiver"]): p for p in pairs}
    assert set(by_pair) == {("lag-a", "lag-b"), ("lag-a", "lag-c")}
    ab = by_pair[("lag-a", "lag-b")]
    assert ab["matched"] == 3 and ab["acted"] == 1
    assert 590 <= ab["match_median_seconds"] <= 700
    assert ab["act_median_seconds"] == 300.0
    assert by_pair[("lag-a", "lag-c")]["acted"] == 0
