"""In-memory matching indexes, kept up to date from the feed sequence.

- PDQ: exact multi-index hashing in NumPy (pdq_index.py, which says why it replaced
  python-threatexchange's faiss index), queried at a per-request distance up to 63;
- text: LSH over the MinHash values (16 bands of 4), then the estimated similarity;
- everything else (MD5, SHA-256, URL, account id and handle, exact text hash): dictionaries.

Indexes only grow: a withdrawn, expired or changed signal stays in the structures but its
entry is dropped from `live`, so a lookup never returns it, and `compact()` rebuilds without
the dead entries once they are a third of the live ones. `catch_up()` applies every change after
the last sequence seen, so a signal is matchable as soon as its transaction commits; `save()`
and `load()` keep a snapshot so a restart replays only what changed since.
"""

from __future__ import annotations

import pickle
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import structlog
from sqlalchemy import select
from sqlalchemy.orm import Session

from hustings.db import utcnow
from hustings.exchange import textprint
from hustings.exchange.config import exchange_settings
from hustings.exchange.models import FeedCounter, Signal, SignalKind, SignalStatus
from hustings.exchange.pdq_index import PdqIndex

log = structlog.get_logger()
BANDS = 16
ROWS = textprint.PERMUTATIONS // BANDS
SNAPSHOT_VERSION = 3
# Snapshots start with this line, so an older format is recognised before unpickling it.
SNAPSHOT_MAGIC = b"hustings-exchange-index %d\n" % SNAPSHOT_VERSION
CATCH_UP_BATCH = 5000


@dataclass(slots=True)
class Entry:
    """What a lookup needs to decide visibility and liveness without touching the database
    (slots: about half the memory of a plain instance, and there is one per live signal)."""

    id: int
    kind: SignalKind
    group_id: int
    source_org_id: int
    expires_at: datetime
    negative_count: int


@dataclass(frozen=True)
class Hit:
    signal_id: int
    distance: int | None = None
    similarity: float | None = None


class MatchIndex:
    """All the indexes for one process. Thread-safe: lookups and updates take one lock."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.epoch = ""
        self.last_seq = 0
        self.live: dict[int, Entry] = {}
        self.pdq = PdqIndex()
        self.exact: dict[tuple[str, str], set[int]] = defaultdict(set)
        self.handles: dict[tuple[str, str], set[int]] = defaultdict(set)
        self.bands: dict[tuple[int, bytes], set[int]] = defaultdict(set)
        self.minhash: dict[int, list[int]] = {}
        self.dead = 0

    # ------------------------------------------------------------ updates

    def apply(self, signal: Signal) -> None:
        """Bring one signal's state in: add it, refresh it, or drop it."""
        self.apply_all([signal])

    def apply_all(self, signals: Iterable[Signal], *, merge: bool = True) -> None:
        """Apply a batch of changes; new PDQ hashes go to the PDQ index in one call
        (merge=False: more batches follow, so the PDQ index sorts them in once at the end)."""
        now = utcnow()
        with self.lock:
            pending: list[tuple[str, int]] = []
            for signal in signals:
                previous = self.live.pop(signal.id, None)
                if signal.status == SignalStatus.ACTIVE and signal.expires_at > now:
                    self._add(signal, pending, indexed=previous is not None)
                elif previous is not None:
                    self.dead += 1
                self.last_seq = max(self.last_seq, signal.seq)
            self.pdq.add_all(pending, merge=merge)

    def _reset(self) -> None:
        fresh = MatchIndex()
        self.__dict__.update({k: v for k, v in fresh.__dict__.items() if k != "lock"})

    def _add(self, signal: Signal, pending: list[tuple[str, int]], *, indexed: bool) -> None:
        """Index a live signal. `indexed`: it was live already, so its (immutable) PDQ hash is
        in the PDQ index; one that comes back to life is added again (a duplicate row, which
        lookups fold by signal id and compact() drops)."""
        entry = Entry(
            id=signal.id,
            kind=signal.kind,
            group_id=signal.sharing_group_id,
            source_org_id=signal.source_org_id,
            expires_at=signal.expires_at,
            negative_count=signal.negative_count,
        )
        self.live[signal.id] = entry
        if signal.kind == SignalKind.PDQ:
            if not indexed:
                pending.append((signal.value, signal.id))
            return
        self.exact[(signal.kind.value, signal.value)].add(signal.id)
        if signal.kind == SignalKind.ACCOUNT and signal.details.get("handle"):
            platform = str(signal.details.get("platform", ""))
            self.handles[(platform, str(signal.details["handle"]))].add(signal.id)
        if signal.kind == SignalKind.TEXT and signal.details.get("minhash"):
            values = textprint.decode(str(signal.details["minhash"]))
            self.minhash[signal.id] = values
            for band, key in _band_keys(values):
                self.bands[(band, key)].add(signal.id)

    def catch_up(self, session: Session) -> int:
        """Apply every change committed after `last_seq`; returns how many were applied."""
        epoch = session.scalar(select(FeedCounter.epoch).where(FeedCounter.id == 1)) or ""
        with self.lock:
            if epoch != self.epoch:
                self._reset()
                self.epoch = epoch
        applied = 0
        while True:
            with self.lock:
                since = self.last_seq
            batch = list(
                session.scalars(
                    select(Signal)
                    .where(Signal.seq > since)
                    .order_by(Signal.seq)
                    .limit(CATCH_UP_BATCH)
                )
            )
            self.apply_all(batch, merge=len(batch) < CATCH_UP_BATCH)
            applied += len(batch)
            if len(batch) < CATCH_UP_BATCH:
                break
        with self.lock:
            if self.dead > 1000 and self.dead > len(self.live) // 3:
                self.compact(session)
        return applied

    def compact(self, session: Session) -> None:
        """Rebuild without dead entries (from the database, at the same sequence)."""
        with self.lock:
            fresh = MatchIndex()
            pending: list[tuple[str, int]] = []
            for chunk in _chunks(list(self.live), 900):
                for signal in session.scalars(select(Signal).where(Signal.id.in_(chunk))):
                    fresh._add(signal, pending, indexed=False)
            fresh.pdq.add_all(pending)
            fresh.last_seq = self.last_seq
            fresh.epoch = self.epoch
            self.__dict__.update({k: v for k, v in fresh.__dict__.items() if k != "lock"})
            log.info("exchange_index_compacted", live=len(self.live))

    # ------------------------------------------------------------ lookups

    def _usable(
        self, signal_id: int, visible: Any, include_suppressed: bool, now: datetime
    ) -> bool:
        entry = self.live.get(signal_id)
        if entry is None or entry.expires_at <= now:
            return False
        if not visible(entry):
            return False
        return (
            include_suppressed or entry.negative_count < exchange_settings().negatives_to_suppress
        )

    def lookup(
        self,
        kind: SignalKind,
        value: str,
        *,
        visible: Any,
        include_suppressed: bool = False,
        pdq_threshold: int = 31,
        min_similarity: float = 0.5,
        handle: tuple[str, str] | None = None,
        minhash: list[int] | None = None,
    ) -> list[Hit]:
        """Live, visible signals matching one query (visible: Entry -> bool)."""
        now = utcnow()
        with self.lock:
            hits: dict[int, Hit] = {}
            if kind == SignalKind.PDQ:
                for signal_id, distance in self.pdq.query_within(value, pdq_threshold):
                    hits.setdefault(signal_id, Hit(signal_id, distance=distance))
            else:
                for signal_id in self.exact.get((kind.value, value), ()):
                    hits[signal_id] = Hit(signal_id, distance=0, similarity=1.0)
                if handle is not None:
                    for signal_id in self.handles.get(handle, ()):
                        hits.setdefault(signal_id, Hit(signal_id, distance=0))
                if minhash is not None:
                    candidates: set[int] = set()
                    for band, key in _band_keys(minhash):
                        candidates |= self.bands.get((band, key), set())
                    for signal_id in candidates - set(hits):
                        score = textprint.similarity(minhash, self.minhash.get(signal_id, []))
                        if score >= min_similarity:
                            hits[signal_id] = Hit(signal_id, similarity=score)
            return [
                hit
                for hit in hits.values()
                if self._usable(hit.signal_id, visible, include_suppressed, now)
            ]

    # ------------------------------------------------------------ snapshots

    def save(self, path: Path) -> None:
        """Write a snapshot atomically (a temporary file, then a rename)."""
        with self.lock:
            state = {k: v for k, v in self.__dict__.items() if k != "lock"}
            state["exact"] = dict(state["exact"])
            state["handles"] = dict(state["handles"])
            state["bands"] = dict(state["bands"])
            data = pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(SNAPSHOT_MAGIC + data)
        temporary.replace(path)

    @classmethod
    def load(cls, path: Path) -> MatchIndex:
        """A snapshot written by save() (our own file, in our own data folder), or empty
        (then catch_up() rebuilds from the database): missing, unreadable, or older."""
        index = cls()
        if not path.exists():
            return index
        data = path.read_bytes()
        if not data.startswith(SNAPSHOT_MAGIC):
            log.warning("exchange_snapshot_outdated")
            return index
        try:
            state = pickle.loads(data[len(SNAPSHOT_MAGIC) :])  # noqa: S301 - our own snapshot
        except Exception:
            log.warning("exchange_snapshot_unreadable")
            return index
        for name in ("exact", "handles", "bands"):
            state[name] = defaultdict(set, state[name])
        index.__dict__.update(state)
        return index


def _band_keys(values: list[int]) -> Iterable[tuple[int, bytes]]:
    for band in range(BANDS):
        chunk = values[band * ROWS : (band + 1) * ROWS]
        yield band, b"".join(v.to_bytes(4, "big") for v in chunk)


def _chunks(items: list[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


_INDEXES: dict[str, MatchIndex] = {}
_INDEX_LOCK = threading.Lock()
_CATCHING: dict[str, threading.Lock] = {}


def snapshot_path() -> Path:
    from hustings.config import get_settings

    return get_settings().data_dir / exchange_settings().snapshot_name


def shared_index(session: Session) -> MatchIndex:
    """The process's index for this database: loaded from the snapshot once, then caught up.

    Up to date (the feed counter says nothing changed): one small read, no lock. Otherwise one
    thread catches up at a time and the others wait for it, then find nothing left to do:
    when lookups arrive together at a cold or lagging index, they must not each read and
    apply the same thousands of changes (which also made the index compact itself).
    """
    key = str(session.get_bind().engine.url)
    with _INDEX_LOCK:
        index = _INDEXES.get(key)
        if index is None:
            index = _INDEXES[key] = MatchIndex.load(snapshot_path())
        catching = _CATCHING.setdefault(key, threading.Lock())
    table = FeedCounter.__table__  # plain SQL (no ORM entities): this runs on every lookup
    counter = session.execute(
        select(table.c.last_seq, table.c.epoch).where(table.c.id == 1)
    ).first()
    last_seq, epoch = (counter[0], counter[1] or "") if counter is not None else (0, "")
    if index.last_seq == last_seq and index.epoch == epoch:
        return index
    with catching:
        index.catch_up(session)
    return index


def forget_shared_indexes() -> None:
    """Drop every cached index (the next lookup loads the snapshot and replays the feed)."""
    with _INDEX_LOCK:
        _INDEXES.clear()
