"""The in-memory matching index: incremental adds from the feed, withdrawn and expired
signals dropped, snapshot and replay after a restart, compaction, and a reset when the
database it was built on is emptied.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, update
from sqlalchemy.orm import Session
from tests.factories.exchange import GROUP, flip_bits, make_member, random_pdq

from hustings.auth.models import Organisation
from hustings.exchange import index as index_module
from hustings.exchange import kinds, service
from hustings.exchange.index import Entry, MatchIndex
from hustings.exchange.models import FeedCounter, Signal, SignalKind, SourceAction


def _share(db: Session, org: Organisation, *raws: dict[str, object]) -> list[Signal]:
    items = [
        service.NewSignal(
            indicator=kinds.normalise(raw),
            labels=["hate"],
            confidence=0.7,
            action=SourceAction.REMOVED,
            acted_at=datetime.now(UTC) - timedelta(minutes=1),
            sharing_group=GROUP,
        )
        for raw in raws
    ]
    signals = service.submit_signals(session=db, organisation=org, items=items, actor="t")
    db.commit()
    return signals


def _everyone(entry: Entry) -> bool:
    return True


def test_new_signals_are_added_without_a_rebuild_and_withdrawn_ones_dropped(
    db: Session,
) -> None:
    member = make_member(db)
    db.commit()
    first_hash = random_pdq()
    [first] = _share(db, member.org, {"type": "pdq", "hash": first_hash})
    index = MatchIndex()
    assert index.catch_up(db) == 1
    pdq_index = index.pdq
    [second] = _share(db, member.org, {"type": "md5", "hash": "ab" * 16})
    assert index.catch_up(db) == 1  # only the change since
    assert index.pdq is pdq_index  # the PDQ index grew in place
    near = flip_bits(first_hash, 10)
    hits = index.lookup(SignalKind.PDQ, near, visible=_everyone)
    assert [(h.signal_id, h.distance) for h in hits] == [(first.id, 10)]
    assert index.lookup(SignalKind.MD5, "ab" * 16, visible=_everyone)[0].signal_id == second.id
    service.withdraw_signal(session=db, organisation=member.org, signal_id=first.id, actor="t")
    db.commit()
    index.catch_up(db)
    assert index.lookup(SignalKind.PDQ, near, visible=_everyone) == []
    assert index.lookup(SignalKind.PDQ, near, visible=lambda e: False) == []
    db.rollback()


def test_expired_signals_stop_matching(db: Session) -> None:
    member = make_member(db)
    db.commit()
    [signal] = _share(db, member.org, {"type": "sha256", "hash": "cd" * 32})
    index = MatchIndex()
    index.catch_up(db)
    assert len(index.lookup(SignalKind.SHA256, "cd" * 32, visible=_everyone)) == 1
    index.live[signal.id].expires_at = datetime.now(UTC) - timedelta(seconds=1)
    assert index.lookup(SignalKind.SHA256, "cd" * 32, visible=_everyone) == []
    db.rollback()


def test_a_snapshot_replays_only_what_changed_since(db: Session, tmp_path: Path) -> None:
    member = make_member(db)
    db.commit()
    hashes = [random_pdq() for _ in range(20)]
    _share(db, member.org, *[{"type": "pdq", "hash": h} for h in hashes])
    index = MatchIndex()
    index.catch_up(db)
    path = tmp_path / "snapshot.pickle"
    index.save(path)
    [late] = _share(db, member.org, {"type": "url", "url": "https://example.org/late"})
    restarted = MatchIndex.load(path)
    assert restarted.last_seq == index.last_seq
    assert restarted.catch_up(db) == 1
    assert len(restarted.lookup(SignalKind.PDQ, hashes[7], visible=_everyone)) == 1
    assert (
        restarted.lookup(SignalKind.URL, "https://example.org/late", visible=_everyone)[0].signal_id
        == late.id
    )
    assert MatchIndex.load(tmp_path / "missing.pickle").last_seq == 0
    (tmp_path / "broken.pickle").write_bytes(b"not a pickle")
    assert MatchIndex.load(tmp_path / "broken.pickle").last_seq == 0
    db.rollback()


def test_compaction_keeps_live_signals_only(db: Session) -> None:
    member = make_member(db)
    db.commit()
    signals = _share(db, member.org, *[{"type": "pdq", "hash": random_pdq()} for _ in range(6)])
    for signal in signals[:4]:
        service.withdraw_signal(session=db, organisation=member.org, signal_id=signal.id, actor="t")
    db.commit()
    index = MatchIndex()
    index.catch_up(db)
    index.compact(db)
    assert set(index.live) == {s.id for s in signals[4:]}
    assert len(index.pdq) == 2 and index.dead == 0
    assert len(index.lookup(SignalKind.PDQ, signals[5].value, visible=_everyone)) == 1
    db.rollback()


def test_an_emptied_database_starts_the_index_again(db: Session) -> None:
    member = make_member(db)
    db.commit()
    _share(db, member.org, {"type": "md5", "hash": "12" * 16})
    index = MatchIndex()
    index.catch_up(db)
    db.execute(delete(Signal))
    db.execute(delete(FeedCounter))
    db.commit()
    [fresh] = _share(db, member.org, {"type": "md5", "hash": "34" * 16})
    assert fresh.seq == 1
    index.catch_up(db)
    assert index.lookup(SignalKind.MD5, "12" * 16, visible=_everyone) == []
    assert index.lookup(SignalKind.MD5, "34" * 16, visible=_everyone)[0].signal_id == fresh.id
    db.rollback()


def test_the_worker_job_writes_the_snapshot_web_processes_load(db: Session) -> None:
    from hustings.exchange.jobs import save_index_snapshot

    member = make_member(db)
    db.commit()
    _share(db, member.org, {"type": "md5", "hash": "56" * 16})
    db.execute(update(Signal).values(confidence=0.7))
    db.commit()
    index_module.forget_shared_indexes()
    assert save_index_snapshot() == 1
    assert index_module.snapshot_path().exists()
    loaded = MatchIndex.load(index_module.snapshot_path())
    assert len(loaded.live) == 1


def test_an_older_snapshot_is_rebuilt_from_the_database(db: Session, tmp_path: Path) -> None:
    member = make_member(db)
    db.commit()
    hashes = [random_pdq() for _ in range(5)]
    signals = _share(db, member.org, *[{"type": "pdq", "hash": h} for h in hashes])
    path = tmp_path / "snapshot.pickle"
    # Version 1 pickled (1, state) with python-threatexchange's faiss index inside: a class
    # that no longer exists, so unpickling it would fail. It is never unpickled.
    path.write_bytes(b"(I1\nchustings.exchange.index\nThresholdPDQIndex\nt.")
    index = MatchIndex.load(path)
    assert index.last_seq == 0 and not index.live
    assert index.catch_up(db) == 5
    hits = index.lookup(SignalKind.PDQ, flip_bits(hashes[2], 31), visible=_everyone)
    assert [(h.signal_id, h.distance) for h in hits] == [(signals[2].id, 31)]
    index.save(path)
    assert path.read_bytes().startswith(index_module.SNAPSHOT_MAGIC)
    again = MatchIndex.load(path)
    assert again.last_seq == index.last_seq and len(again.pdq) == 5
    assert again.catch_up(db) == 0
    assert [h.signal_id for h in again.lookup(SignalKind.PDQ, hashes[4], visible=_everyone)] == [
        signals[4].id
    ]
    db.rollback()


def test_a_changed_live_signal_keeps_one_pdq_row(db: Session) -> None:
    from hustings.exchange.models import OpinionKind

    member = make_member(db)
    other = make_member(db)
    db.commit()
    value = random_pdq()
    [signal] = _share(db, member.org, {"type": "pdq", "hash": value})
    index = MatchIndex()
    index.catch_up(db)
    service.add_opinion(
        session=db,
        organisation=other.org,
        signal_id=signal.id,
        kind=OpinionKind.NEGATIVE,
        actor="t",
    )
    db.commit()
    assert index.catch_up(db) == 1
    assert len(index.pdq) == 1 and index.dead == 0  # refreshed, not re-added
    assert index.live[signal.id].negative_count == 1
    [hit] = index.lookup(SignalKind.PDQ, value, visible=_everyone, include_suppressed=True)
    assert (hit.signal_id, hit.distance) == (signal.id, 0)
    service.withdraw_signal(session=db, organisation=member.org, signal_id=signal.id, actor="t")
    db.commit()
    index.catch_up(db)
    assert index.dead == 1 and signal.id not in index.live
    db.rollback()
