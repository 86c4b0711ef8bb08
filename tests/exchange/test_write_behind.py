"""Lookups only read: their receipts, audit entries and the key's last use are written behind
(hustings.writebehind), and none of it is lost, reordered or left stale.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.factories.exchange import Member, share_via_api, signal_body
from typer.testing import CliRunner

from hustings import writebehind
from hustings.audit.models import AuditEntry
from hustings.audit.service import record, verify
from hustings.auth.apikeys import find_key, revoke_key
from hustings.cli import app as cli
from hustings.exchange import service
from hustings.exchange.models import Receipt

SIGNALS = "/api/v1/exchange/signals"
MATCH = "/api/v1/exchange/match"


def _match(client: Any, member: Member, *bodies: dict[str, Any]) -> Any:
    queries = [{"type": b["type"], "hash": b["hash"]} for b in bodies]
    return client.post(MATCH, json={"queries": queries}, headers=member.headers)


def _receipts(db: Session) -> dict[tuple[int, int], datetime | None]:
    found = {(r.signal_id, r.organisation_id): r.matched_at for r in db.scalars(select(Receipt))}
    db.rollback()  # end the read (SQLite: every transaction holds the write lock)
    return found


def test_a_lookup_is_recorded_behind_then_flushed(client: Any, db: Session, pair: Any) -> None:
    a, b = pair
    bodies = [signal_body("md5"), signal_body("sha256")]
    shared = share_via_api(client, a, *bodies)
    writebehind.flush()
    entries_before = len(list(db.scalars(select(AuditEntry))))
    db.rollback()
    before = datetime.now(UTC)
    response = _match(client, b, *bodies)
    after = datetime.now(UTC)
    assert response.status_code == 200
    assert [len(r["matches"]) for r in response.json()["results"]] == [1, 1]

    writebehind.flush()  # the key's last use, the receipts, the audit entry (if not yet)
    receipts = _receipts(db)
    assert set(receipts) == {(s["id"], b.org.id) for s in shared}
    # Stamped when the lookup happened, not when it was written: the lag figures stay right.
    assert all(before <= when <= after for when in receipts.values() if when)
    entries = list(db.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    assert len(entries) == entries_before + 1
    lookup = entries[-1]
    assert lookup.action == "exchange.match" and lookup.actor == f"api_key:{b.key.api_key.prefix}"
    assert lookup.details == {"matched_signal_ids": sorted(s["id"] for s in shared), "matched": 2}
    assert before <= lookup.at <= after
    used = find_key(session=db, token=b.key.token)
    assert used is not None and used.last_used_at is not None
    assert before <= used.last_used_at <= after
    assert verify(session=db) == []
    db.rollback()


def test_own_signals_make_no_receipt(client: Any, db: Session, pair: Any) -> None:
    a, _ = pair
    body = signal_body("md5")
    share_via_api(client, a, body)
    assert len(_match(client, a, body).json()["results"][0]["matches"]) == 1
    writebehind.flush()
    assert _receipts(db) == {}


def test_the_first_match_wins_whatever_order_writes_arrive_in(db: Session, pair: Any) -> None:
    a, b = pair
    signal = service.submit_signals(
        session=db,
        organisation=a.org,
        items=[_new_signal()],
        actor="test",
    )[0]
    db.commit()
    early = datetime.now(UTC) - timedelta(minutes=5)
    late = early + timedelta(minutes=2)
    # Written later, matched later (say by another worker process): the stored time stays.
    note = service.MatchNote
    _write(db, [note(b.org.id, (signal.id,), early)])
    _write(db, [note(b.org.id, (signal.id,), late)])
    assert _receipts(db) == {(signal.id, b.org.id): early}
    # Written later, matched earlier: the earlier time replaces it; within a batch too.
    earliest = early - timedelta(minutes=1)
    _write(db, [note(b.org.id, (signal.id,), late), note(b.org.id, (signal.id,), earliest)])
    assert _receipts(db) == {(signal.id, b.org.id): earliest}


def test_a_receipt_made_by_an_opinion_gets_its_match_time(
    client: Any, db: Session, pair: Any
) -> None:
    """An 'actioned' opinion can arrive before the lookup that preceded it is written."""
    a, b = pair
    body = signal_body("md5")
    shared = share_via_api(client, a, body)[0]
    writebehind.flush()
    before = datetime.now(UTC)
    _match(client, b, body)  # queued, not written yet
    acted = (datetime.now(UTC) - timedelta(seconds=1)).isoformat()
    opinion = client.post(
        f"{SIGNALS}/{shared['id']}/opinions",
        json={"kind": "actioned", "action": "removed", "acted_at": acted},
        headers=b.headers,
    )
    assert opinion.status_code == 200
    writebehind.flush()
    receipt = db.scalar(select(Receipt).where(Receipt.organisation_id == b.org.id))
    assert receipt is not None and receipt.acted_at is not None
    assert receipt.matched_at is not None and receipt.matched_at >= before
    db.rollback()


def test_a_revoked_key_is_refused_at_once(client: Any, db: Session, pair: Any) -> None:
    _, b = pair
    body = signal_body("md5")
    assert _match(client, b, body).status_code == 200
    revoke_key(session=db, key=b.key.api_key)
    db.commit()
    refused = _match(client, b, body)  # no flush, no wait: the key is read on every lookup
    assert refused.status_code == 401
    assert "revoked" in refused.json()["detail"]


def test_the_chain_holds_with_entries_written_now_and_behind(
    client: Any, db: Session, pair: Any
) -> None:
    a, b = pair
    body = signal_body("md5")
    share_via_api(client, a, body)
    for _ in range(3):
        _match(client, b, body)
        record(session=db, actor="test", action="test.now", subject_type="test", subject_id=1)
        db.commit()
        writebehind.flush()
    _match(client, b, body)
    writebehind.flush()
    actions = list(db.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    db.rollback()
    # Entries written behind join the chain when written (their `at` is the lookup's time).
    assert sorted(actions[-7:]) == ["exchange.match"] * 4 + ["test.now"] * 3
    result = CliRunner().invoke(cli, ["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "intact" in result.output


def test_nothing_is_lost_on_a_clean_shutdown(app: Any, db: Session, pair: Any) -> None:
    from fastapi.testclient import TestClient

    a, b = pair
    body = signal_body("md5")
    with TestClient(app) as client:  # runs the app's lifespan, as uvicorn does
        shared = share_via_api(client, a, body)[0]
        for _ in range(5):
            assert _match(client, b, body).status_code == 200
    assert writebehind.pending() == 0
    assert set(_receipts(db)) == {(shared["id"], b.org.id)}
    lookups = db.scalars(select(AuditEntry).where(AuditEntry.action == "exchange.match"))
    assert len(list(lookups)) == 5
    db.rollback()


def test_a_failed_write_is_kept_and_retried(db: Session, pair: Any) -> None:
    _, b = pair
    failures = ["database went away"]

    def write(session: Session, items: Sequence[Any]) -> None:
        if failures:
            raise RuntimeError(failures.pop())
        service.write_receipts(session, items)

    a_signal = service.submit_signals(
        session=db, organisation=pair[0].org, items=[_new_signal()], actor="test"
    )[0]
    db.commit()
    when = datetime.now(UTC)
    channel = writebehind.channel("test_flaky_receipts", order=60, write=write)
    try:
        channel.submit(service.MatchNote(b.org.id, (a_signal.id,), when))
        for _ in range(2):  # the first write fails (here or in the background thread)
            with contextlib.suppress(RuntimeError):
                writebehind.flush()
        assert failures == []
        assert writebehind.pending() == 0
        assert _receipts(db) == {(a_signal.id, b.org.id): when}
    finally:
        writebehind.forget_channel("test_flaky_receipts")


def _write(db: Session, notes: list[service.MatchNote]) -> None:
    service.write_receipts(db, notes)
    db.commit()


def _new_signal() -> service.NewSignal:
    from hustings.exchange import kinds
    from hustings.exchange.models import SourceAction

    body = signal_body("md5")
    return service.NewSignal(
        indicator=kinds.normalise({"type": "md5", "hash": body["hash"]}),
        labels=body["labels"],
        confidence=0.9,
        action=SourceAction.REMOVED,
        acted_at=datetime.now(UTC) - timedelta(hours=1),
        sharing_group=body["sharing_group"],
    )
