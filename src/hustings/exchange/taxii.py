"""What the TAXII server serves: one collection per sharing group, its objects in feed order.

No web code here (the routes are in taxii_api.py). A collection's objects are, in order: the
fixed objects (the hub's identity, the extension definition, the TLP markings), then, for
each signal of the group in feed order (`seq`), its indicator and the opinions on it. An
object's place is (seq, index) and the paging token `next` is that place, so a page never
skips or repeats an object under concurrent writes, for the same reason the JSON feed does
not: a changed signal moves to a higher `seq` and comes again, whole, later on.

`date_added` is the signal's last change (`updated_at`, taken under the feed lock, so its
order is the commit order); the fixed objects count as added when the group was created.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hustings.audit.service import record
from hustings.exchange import present, service, stix
from hustings.exchange.models import Opinion, SharingGroup, Signal

BATCH = 200


def collection_id(group: SharingGroup) -> str:
    """A collection's id: stable for the group's slug."""
    return str(uuid.uuid5(stix.NAMESPACE, f"sharing-group:{group.slug}"))


def collections_for(session: Session, organisation_id: int) -> list[SharingGroup]:
    """The caller's collections: the sharing groups its organisation belongs to."""
    return service.groups_of(session, organisation_id)


def collection_for(session: Session, organisation_id: int, wanted: str) -> SharingGroup | None:
    """The group behind a collection id, if the organisation belongs to it (None otherwise:
    another organisation's group looks the same as no group at all).
    """
    for group in collections_for(session, organisation_id):
        if collection_id(group) == wanted:
            return group
    return None


@dataclass(frozen=True)
class Entry:
    seq: int
    index: int
    date_added: datetime
    obj: dict[str, Any]

    @property
    def token(self) -> str:
        return f"{self.seq}.{self.index}"


def parse_token(token: str) -> tuple[int, int]:
    """A `next` token back into (seq, index); ValueError if it is not one of ours."""
    seq_text, dot, index_text = token.partition(".")
    if not dot or not seq_text.isdigit() or not index_text.isdigit():
        raise ValueError("'next' is not a paging token from this server")
    seq, index = int(seq_text), int(index_text)
    if seq > 2**62 or index > 10**6:
        raise ValueError("'next' is not a paging token from this server")
    return seq, index


@dataclass(frozen=True)
class Filters:
    added_after: datetime | None = None
    ids: frozenset[str] = frozenset()
    types: frozenset[str] = frozenset()
    versions: frozenset[str] = frozenset()  # `modified` timestamps; empty: the latest
    after: tuple[int, int] = (-1, -1)

    def keeps(self, entry: Entry) -> bool:
        if (entry.seq, entry.index) <= self.after:
            return False
        if self.added_after is not None and entry.date_added <= self.added_after:
            return False
        if self.ids and entry.obj["id"] not in self.ids:
            return False
        if self.versions and stix.version_of(entry.obj) not in self.versions:
            return False
        return not (self.types and entry.obj["type"] not in self.types)


def _signal_entries(
    session: Session, group: SharingGroup, signals: list[Signal]
) -> Iterator[Entry]:
    names = present.Names(session)
    ids = [s.id for s in signals]
    opinions: dict[int, list[Opinion]] = {}
    if ids:
        for row in session.scalars(
            select(Opinion).where(Opinion.signal_id.in_(ids)).order_by(Opinion.id)
        ):
            opinions.setdefault(row.signal_id, []).append(row)
    for signal in signals:
        added = signal.updated_at
        objects = [
            stix.indicator(
                signal,
                source=names.org(signal.source_org_id),
                group=group.slug,
                suppressed=service.suppressed(signal),
            )
        ]
        objects += [stix.opinion(row, signal) for row in opinions.get(signal.id, [])]
        for index, obj in enumerate(objects):
            yield Entry(signal.seq, index, added, stix.as_dict(obj))


def entries(session: Session, group: SharingGroup, filters: Filters) -> Iterator[Entry]:
    """Every object of the collection after `filters.after`, in order, filtered."""
    if filters.after[0] <= 0:
        for index, obj in enumerate(stix.FIXED_OBJECTS):
            entry = Entry(0, index, group.created_at, stix.as_dict(obj))
            if filters.keeps(entry):
                yield entry
    since = max(filters.after[0] - 1, 0)  # the signal at `after` may have objects left
    while True:
        query = (
            select(Signal)
            .where(Signal.sharing_group_id == group.id)
            .where(Signal.seq > since)
            .order_by(Signal.seq)
            .limit(BATCH)
        )
        if filters.added_after is not None:
            query = query.where(Signal.updated_at > filters.added_after)
        batch = list(session.scalars(query))
        if not batch:
            return
        for entry in _signal_entries(session, group, batch):
            if filters.keeps(entry):
                yield entry
        since = batch[-1].seq


@dataclass(frozen=True)
class Page:
    entries: list[Entry]
    more: bool

    @property
    def next(self) -> str | None:
        return self.entries[-1].token if self.more and self.entries else None


def page(session: Session, group: SharingGroup, filters: Filters, limit: int) -> Page:
    """At most `limit` objects, and whether more follow."""
    found: list[Entry] = []
    more = False
    for entry in entries(session, group, filters):
        if len(found) == limit:
            more = True
            break
        found.append(entry)
    return Page(found, more)


def read_collection(
    *,
    session: Session,
    organisation_id: int,
    group: SharingGroup,
    filters: Filters,
    limit: int,
    actor: str,
) -> Page:
    """A page of a collection, as an audited read (the caller's membership already checked)."""
    result = page(session, group, filters, limit)
    record(
        session=session,
        actor=actor,
        action="exchange.taxii_read",
        subject_type="sharing_group",
        subject_id=group.id,
        details={
            "organisation_id": organisation_id,
            "objects": len(result.entries),
            "next": result.next,
        },
    )
    return result
