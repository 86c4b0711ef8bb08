"""The feed under concurrent writers: real threads, each with its own connection, share and
withdraw signals while a reader pages through the feed. The reader must see every change
exactly once, in sequence order, whatever the interleaving (run on PostgreSQL by `make test`
with HUSTINGS_TEST_BACKEND=postgresql, where writers truly overlap; SQLite serialises them).
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.factories.exchange import GROUP, make_member, random_pdq

from hustings.auth.models import Organisation
from hustings.db import get_sessionmaker
from hustings.exchange import kinds, service
from hustings.exchange.models import Signal, SourceAction

WRITERS = 4
PER_WRITER = 15


def _new(value: str) -> service.NewSignal:
    return service.NewSignal(
        indicator=kinds.normalise({"type": "pdq", "hash": value}),
        labels=["hate"],
        confidence=0.8,
        action=SourceAction.REMOVED,
        acted_at=datetime.now(UTC) - timedelta(minutes=1),
        sharing_group=GROUP,
    )


def test_concurrent_writers_never_make_the_feed_skip_or_repeat(db: Session) -> None:
    writers = [make_member(db, f"writer-{n}") for n in range(WRITERS)]
    reader = make_member(db, "reader")
    db.commit()
    org_ids = [w.org.id for w in writers]
    reader_id = reader.org.id
    errors: list[BaseException] = []
    done = threading.Event()
    changes_written: list[int] = []  # (one entry per committed change)
    lock = threading.Lock()

    def write(org_id: int) -> None:
        try:
            for n in range(PER_WRITER):
                with get_sessionmaker()() as session:
                    org = session.get(Organisation, org_id)
                    assert org is not None
                    shared = service.submit_signals(
                        session=session, organisation=org, items=[_new(random_pdq())], actor="t"
                    )
                    session.commit()
                    with lock:
                        changes_written.append(shared[0].id)
                    if n % 5 == 4:  # now and then withdraw one: a change, not a new signal
                        service.withdraw_signal(
                            session=session,
                            organisation=org,
                            signal_id=shared[0].id,
                            actor="t",
                        )
                        session.commit()
                        with lock:
                            changes_written.append(shared[0].id)
        except BaseException as error:
            errors.append(error)

    seen: list[tuple[int, int]] = []  # (seq, signal id) in the order the reader got them

    def read() -> None:
        cursor = 0
        try:
            while True:
                finished = done.is_set()
                with get_sessionmaker()() as session:
                    page = [
                        (s.seq, s.id)
                        for s in service.signals_since(
                            session=session, organisation_id=reader_id, since=cursor, limit=7
                        )
                    ]
                    session.rollback()
                seen.extend(page)
                if page:
                    cursor = page[-1][0]
                elif finished:
                    return
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=write, args=(org_id,)) for org_id in org_ids]
    reader_thread = threading.Thread(target=read)
    reader_thread.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    done.set()
    reader_thread.join(timeout=120)
    assert not errors, errors

    sequences = [seq for seq, _ in seen]
    assert sequences == sorted(sequences), "the feed went backwards"
    assert len(set(sequences)) == len(sequences), "the feed repeated a change"
    final = {
        s.id: s.seq for s in db.scalars(select(Signal).execution_options(populate_existing=True))
    }
    assert len(final) == WRITERS * PER_WRITER
    # Every signal's latest change was seen, and nothing the reader saw was invented.
    latest_seen: dict[int, int] = {}
    for seq, signal_id in seen:
        latest_seen[signal_id] = seq
    assert latest_seen == final
    # A withdrawn signal was seen at least twice (new, then withdrawn) unless the reader only
    # caught it after withdrawal; either way no change was seen twice.
    assert len(seen) <= len(changes_written)
