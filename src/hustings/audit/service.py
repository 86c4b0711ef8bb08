"""Recording to and verifying the audit chain.

Writers are serialised (an advisory lock on PostgreSQL; BEGIN IMMEDIATE on SQLite) so the chain
never forks. Details must hold ids and labels only: never message text or personal data.

`record()` appends in the caller's transaction. `record_later()` is for audited reads on hot
paths (API lookups): the entry, stamped with the time of the read, is queued and appended
with others in one write (hustings.writebehind), so the read never takes the chain's lock.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, insert, select, text, update
from sqlalchemy.orm import Session

from hustings import writebehind
from hustings.audit.models import AuditEntry, AuditHead
from hustings.db import utcnow

GENESIS = "0" * 64
_LOCK_KEY = 7_201_144  # any constant shared by every writer of the chain


def _canonical(entry: AuditEntry) -> bytes:
    payload = {
        "id": entry.id,
        "at": entry.at.isoformat(),
        "actor": entry.actor,
        "on_behalf_of": entry.on_behalf_of,
        "action": entry.action,
        "subject_type": entry.subject_type,
        "subject_id": entry.subject_id,
        "details": entry.details,
        "prev_hash": entry.prev_hash,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str).encode()


def compute_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(_canonical(entry)).hexdigest()


def _lock_chain(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})


def _locked_head(session: Session) -> AuditHead:
    _lock_chain(session)
    head = session.get(AuditHead, 1, with_for_update=True)
    if head is None:
        head = AuditHead(id=1, length=0, last_hash=GENESIS)
        session.add(head)
        session.flush()
    return head


def record(
    *,
    session: Session,
    actor: str,
    action: str,
    subject_type: str,
    subject_id: str | int,
    details: dict[str, Any] | None = None,
    on_behalf_of: str | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Append one entry to the chain (in the caller's transaction)."""
    head = _locked_head(session)
    entry = AuditEntry(
        at=at or utcnow(),
        actor=actor,
        on_behalf_of=on_behalf_of,
        action=action,
        subject_type=subject_type,
        subject_id=str(subject_id),
        details=details or {},
        prev_hash=head.last_hash,
    )
    session.add(entry)
    session.flush()  # assigns the id, which the hash covers
    session.refresh(entry)  # read back exactly what the database stored
    entry.entry_hash = compute_hash(entry)
    head.length += 1
    head.last_hash = entry.entry_hash
    session.flush()
    return entry


@dataclass(frozen=True)
class Draft:
    """An entry waiting to be appended: everything but its place in the chain."""

    at: datetime
    actor: str
    action: str
    subject_type: str
    subject_id: str
    details: dict[str, Any]
    on_behalf_of: str | None = None


def record_later(
    *,
    actor: str,
    action: str,
    subject_type: str,
    subject_id: str | int,
    details: dict[str, Any] | None = None,
    on_behalf_of: str | None = None,
) -> None:
    """Queue one entry, stamped now, to be appended within a moment (see the module note)."""
    _LATER.submit(
        Draft(
            at=utcnow(),
            actor=actor,
            action=action,
            subject_type=subject_type,
            subject_id=str(subject_id),
            # As the JSON column will give it back, so the hash is computed over that.
            details=json.loads(json.dumps(details or {}, default=str)),
            on_behalf_of=on_behalf_of,
        )
    )


def _new_ids(session: Session, count: int) -> list[int]:
    """`count` ids above every entry's, taken under the chain's lock (so ids follow the chain,
    which verify() walks in id order).
    """
    if session.get_bind().dialect.name == "postgresql":
        rows = session.execute(
            text(
                "SELECT nextval(pg_get_serial_sequence('audit_entries', 'id')) "
                "FROM generate_series(1, :n)"
            ),
            {"n": count},
        )
        return sorted(int(r[0]) for r in rows)
    last = session.scalar(select(func.max(AuditEntry.id))) or 0
    return list(range(last + 1, last + 1 + count))


def append_drafts(session: Session, drafts: Sequence[Draft]) -> None:
    """Append queued entries (in the caller's transaction) with a handful of statements
    however many there are: insert them, read back exactly what the database stored (as
    record() does), then chain their hashes in order.
    """
    if not drafts:
        return
    head = _locked_head(session)
    ids = _new_ids(session, len(drafts))
    table = cast(Table, AuditEntry.__table__)
    session.execute(
        insert(table),
        [
            {
                "id": entry_id,
                "at": draft.at,
                "actor": draft.actor,
                "on_behalf_of": draft.on_behalf_of,
                "action": draft.action,
                "subject_type": draft.subject_type,
                "subject_id": draft.subject_id,
                "details": draft.details,
                "prev_hash": f"pending:{entry_id}",  # unique until chained below
                "entry_hash": None,
            }
            for entry_id, draft in zip(ids, drafts, strict=True)
        ],
    )
    stored = session.execute(
        select(table).where(table.c.id >= ids[0], table.c.id <= ids[-1]).order_by(table.c.id)
    ).mappings()
    previous = head.last_hash
    chained = []
    for row in stored:
        entry = AuditEntry(**{**row, "prev_hash": previous})
        current = compute_hash(entry)
        chained.append({"b_id": row["id"], "b_prev": previous, "b_hash": current})
        previous = current
    session.execute(
        update(table)
        .where(table.c.id == bindparam("b_id"))
        .values(prev_hash=bindparam("b_prev"), entry_hash=bindparam("b_hash")),
        chained,
    )
    head.length += len(chained)
    head.last_hash = previous
    session.flush()


_LATER = writebehind.channel("audit", order=100, write=append_drafts)


@dataclass(frozen=True)
class ChainProblem:
    entry_id: int | None
    problem: str


def verify(*, session: Session, batch_size: int = 5000) -> list[ChainProblem]:
    """Walk the chain; report every edited, inserted or deleted entry. Empty means intact."""
    problems: list[ChainProblem] = []
    expected_prev: str | None = GENESIS
    count = 0
    for entry in _entries(session, batch_size):
        count += 1
        if entry.prev_hash != expected_prev:
            problems.append(ChainProblem(entry.id, "link to the previous entry is broken"))
        if compute_hash(entry) != entry.entry_hash:
            problems.append(ChainProblem(entry.id, "content does not match its hash"))
        expected_prev = entry.entry_hash
    head = session.get(AuditHead, 1)
    if head is not None:
        if head.length != count:
            problems.append(
                ChainProblem(None, f"chain holds {count} entries but {head.length} were written")
            )
        if head.last_hash != expected_prev:
            problems.append(ChainProblem(None, "the newest entries are missing or altered"))
    elif count:
        problems.append(ChainProblem(None, "the chain head is missing"))
    return problems


def _entries(session: Session, batch_size: int) -> Iterator[AuditEntry]:
    last_id = 0
    while True:
        batch = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.id > last_id)
            .order_by(AuditEntry.id)
            .limit(batch_size)
        ).all()
        if not batch:
            return
        yield from batch
        last_id = batch[-1].id


def entries_for(*, session: Session, subject_type: str, subject_id: str | int) -> list[AuditEntry]:
    """The history of one subject, oldest first."""
    return list(
        session.scalars(
            select(AuditEntry)
            .where(AuditEntry.subject_type == subject_type)
            .where(AuditEntry.subject_id == str(subject_id))
            .order_by(AuditEntry.id)
        )
    )
