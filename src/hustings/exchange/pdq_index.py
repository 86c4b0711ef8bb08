"""Exact PDQ search: multi-index hashing in NumPy, at any distance from 0 to 256 bits.

Each 256-bit hash is cut into 16 chunks of 16 bits. For each chunk the rows are kept sorted
by that chunk's value, with a 65,537-entry offset table, so the rows whose chunk has a given
value are one contiguous slice. Pigeonhole: a hash within d bits of the query differs by at
most r_i bits in some chunk i whenever sum(r_i + 1) > d, so a query probes, in chunk i, every
value within r_i bits of its own (r_i = d // 16, one less in as many chunks as the sum
allows). Each sorted entry carries, next to its row number, 96 bits of the hash: the slices
are read sequentially and a lower bound of the distance from those bits rejects nearly every
candidate before the one random read of the full hash, whose exact distance decides. No
approximation: the answer is the brute-force answer at every distance.

Rows added since the last merge sit in a "recent" block, scanned brute force (vectorised).
Past RECENT_LIMIT rows a background thread merges it into the sorted arrays, one chunk at a
time (an O(n) copy each, so the extra memory is one chunk's array), swapping each chunk in
with one assignment: lookups never wait; rows not yet in every chunk are scanned meanwhile.

Why not python-threatexchange's PDQIndex (faiss IndexBinaryMultiHash), which this replaced:
measured with the same bench on this machine (docs/benchmarks.md, `python -m bench exchange`),
faiss took 926 s to build 10 million hashes (32 s for 1 million) and 4.13 GB, and a hit cost
2.26 ms CPU at the median (3.88 ms p99) at 1 million already. This index builds 10 million
in 18 to 25 s, holds them in 2.9 GB of arrays (3.9 GB peak while building), and a hit at
distance 31 costs about 0.5 ms CPU at the median (0.7 to 1.4 ms p99 on the loaded machine),
exactly (recall 1.000 against a scan).
faiss's multi-hash keeps ids in hash tables (an insert per hash and table, hence the build
time) and checks each candidate against its stored codes, a random read each; here the
sorted slices carry the filtering bits. python-threatexchange still hashes
(hashing.py), and its CLI and HMA keep their own faiss index when they fetch through our
extension (tx_extension).
"""

from __future__ import annotations

import contextlib
import os
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

CHUNKS = 16
CHUNK_VALUES = 1 << 16
WORDS = 4  # 256 bits as four uint64
BITS = 256
RECENT_LIMIT = 50_000
# The three 32-bit words of the hash copied into every sorted entry (of the eight).
KEPT = np.array([1, 4, 6])
MAX_PROBE_RADIUS = 3  # past 3 bits a chunk (distance 64 and over) a full scan is cheaper
SCAN_RATIO = 6  # scan every row rather than probe when candidates pass 1/6 of the rows
SCAN_BLOCK = 262_144
MERGE_NICENESS = 10

_ENTRY = np.dtype("V16")
# An entry's first uint64 (row number and first KEPT word) with the row number's bits cleared,
# whatever the byte order.
_NOT_ROW = np.array([0, 0xFFFFFFFF], dtype=np.uint32).view(np.uint64)[0]

Codes = npt.NDArray[np.uint64]
Rows = npt.NDArray[np.int64]

_POPCOUNT16 = np.bitwise_count(np.arange(CHUNK_VALUES, dtype=np.uint16))
# Every 16-bit mask with at most r bits set, for r = 0..MAX_PROBE_RADIUS.
_MASKS = [np.flatnonzero(r >= _POPCOUNT16).astype(np.int64) for r in range(MAX_PROBE_RADIUS + 1)]


def parse(pdq: str) -> Codes:
    """A 64-hex-digit PDQ hash as four uint64 words (byte order does not change distances)."""
    raw = bytes.fromhex(pdq)
    if len(raw) != BITS // 8:
        raise ValueError("a PDQ hash is 64 hexadecimal digits")
    return np.frombuffer(raw, dtype=np.uint64).copy()


def chunk_radii(distance: int) -> list[int]:
    """Per-chunk probe radius r_i with sum(r_i + 1) > distance, with as few probes as
    possible (-1: that chunk is not probed)."""
    base = distance // CHUNKS
    lowered = CHUNKS * (base + 1) - (distance + 1)
    return [base - 1] * lowered + [base] * (CHUNKS - lowered)


def distances(codes: Codes, query: Codes) -> Rows:
    """Hamming distance from the query to each row of a (k, 4) uint64 array (adding the
    four columns is 3x faster than numpy's sum along a 4-wide axis)."""
    bits = np.bitwise_count(codes ^ query)
    total = bits[:, 0].astype(np.int64)
    for word in range(1, WORDS):
        total += bits[:, word]
    return total


@dataclass(frozen=True)
class _Chunk:
    """Rows [0, count) sorted by one chunk's value. Replaced whole, never changed."""

    count: int
    entries: npt.NDArray[np.uint32]  # (count, 4): row number, then the KEPT words
    offsets: npt.NDArray[np.int64]  # (CHUNK_VALUES + 1,): where each value's slice starts


def _empty_chunk() -> _Chunk:
    return _Chunk(0, np.empty((0, 4), dtype=np.uint32), np.zeros(CHUNK_VALUES + 1, dtype=np.int64))


def _entries(rows: npt.NDArray[np.uint32], kept: npt.NDArray[np.uint32]) -> Any:
    entries = np.empty((len(rows), 4), dtype=np.uint32)
    entries[:, 0] = rows
    entries[:, 1:] = kept
    return entries


def _templates(codes: Codes, start: int = 0) -> Any:
    """One 16-byte entry per row (row number, then the KEPT words), as a flat void array:
    sorting a chunk is then one gather of whole entries."""
    rows = np.arange(start, start + len(codes), dtype=np.uint32)
    return _entries(rows, codes.view(np.uint32)[:, KEPT]).view(_ENTRY).ravel()


def _build_chunk(codes: Codes, c: int, templates: Any) -> _Chunk:
    """Sort every row by chunk c (a stable argsort of uint16 is a radix sort)."""
    column = np.ascontiguousarray(codes.view(np.uint16)[:, c])
    order = np.argsort(column, kind="stable")
    entries = templates[order].view(np.uint32).reshape(-1, 4)
    offsets = np.zeros(CHUNK_VALUES + 1, dtype=np.int64)
    np.cumsum(np.bincount(column, minlength=CHUNK_VALUES), out=offsets[1:])
    return _Chunk(len(codes), entries, offsets)


def _merge_chunk(old: _Chunk, codes: Codes, c: int) -> _Chunk:
    """`old` plus rows old.count .. len(codes) (`codes` holds every row up to there)."""
    added = codes[old.count :]
    column = added.view(np.uint16)[:, c]
    by_value = np.argsort(column, kind="stable")
    values = column[by_value].astype(np.int64)
    rows = (by_value + old.count).astype(np.uint32)
    new = _entries(rows, added.view(np.uint32)[:, KEPT][by_value])
    # Before the old rows of the same value (order within a slice does not matter). Whole
    # 16-byte entries are moved as one void item each: 3x faster than np.insert(axis=0).
    at = old.offsets[values] + np.arange(len(values))
    keep = np.ones(len(codes), dtype=bool)
    keep[at] = False
    entries = np.empty((len(codes), 4), dtype=np.uint32)
    flat = entries.view(_ENTRY).ravel()
    flat[keep] = old.entries.view(_ENTRY).ravel()
    flat[at] = new.view(_ENTRY).ravel()
    offsets = old.offsets.copy()
    offsets[1:] += np.cumsum(np.bincount(column, minlength=CHUNK_VALUES))
    return _Chunk(len(codes), entries, offsets)


class PdqIndex:
    """Exact PDQ lookups over (hash, signal id) rows; append-only (rebuild to drop rows).

    Writers are not locked here: MatchIndex serialises add() and lookups. A background merge
    only reads rows below the count it started with, and swaps chunks in whole.
    """

    def __init__(self, recent_limit: int = RECENT_LIMIT, background: bool = True) -> None:
        self.recent_limit = recent_limit
        self.background = background
        self._codes: Codes = np.empty((0, WORDS), dtype=np.uint64)
        self._ids: Rows = np.empty(0, dtype=np.int64)
        self._n = 0
        self._chunks: tuple[_Chunk, ...] = tuple(_empty_chunk() for _ in range(CHUNKS))
        self._merging: threading.Thread | None = None

    def __len__(self) -> int:
        return self._n

    @property
    def merged(self) -> int:
        """Rows in every chunk's sorted array; the rest are scanned."""
        return min(chunk.count for chunk in self._chunks)

    def nbytes(self) -> int:
        """Bytes held by the arrays (with the spare capacity of the growable ones)."""
        held = self._codes.nbytes + self._ids.nbytes
        return int(held + sum(ch.entries.nbytes + ch.offsets.nbytes for ch in self._chunks))

    # ------------------------------------------------------------ adding

    def add_all(self, entries: list[tuple[str, int]], *, merge: bool = True) -> None:
        """Append (hash, signal id) rows; they are searchable at once. merge=False leaves
        them in the recent block whatever its size (a backlog: merge() once at the end)."""
        if not entries:
            if merge:
                self._maybe_merge()
            return
        raw = b"".join(bytes.fromhex(pdq) for pdq, _ in entries)
        if len(raw) != len(entries) * BITS // 8:
            raise ValueError("a PDQ hash is 64 hexadecimal digits")
        codes = np.frombuffer(raw, dtype=np.uint64).reshape(-1, WORDS)
        ids = np.fromiter((i for _, i in entries), np.int64, len(entries))
        self.add_codes(codes, ids, merge=merge)

    def add_codes(self, codes: Codes, ids: Rows, *, merge: bool = True) -> None:
        """Append rows given as a (k, 4) uint64 array and their signal ids."""
        if len(codes):
            self._append(codes, ids)
        if merge:
            self._maybe_merge()

    def _append(self, codes: Codes, ids: Rows) -> None:
        end = self._n + len(codes)
        if end > len(self._codes):
            # Grown by copying: a running merge keeps reading the old array, same rows.
            capacity = max(end, 2 * len(self._codes), 1024)
            grown = np.empty((capacity, WORDS), dtype=np.uint64)
            grown[: self._n] = self._codes[: self._n]
            grown_ids = np.empty(capacity, dtype=np.int64)
            grown_ids[: self._n] = self._ids[: self._n]
            self._codes, self._ids = grown, grown_ids
        self._codes[self._n : end] = codes
        self._ids[self._n : end] = ids
        self._n = end

    def _maybe_merge(self) -> None:
        if self._n - self.merged <= self.recent_limit:
            return
        if not self.background or self._n - self.merged > max(self.merged, self.recent_limit):
            self.merge()  # a bulk load: sort now, while nobody waits on a merge thread
            return
        if self._merging is not None and self._merging.is_alive():
            return
        self._merging = threading.Thread(
            target=self._merge_upto, args=(self._codes[: self._n],), daemon=True
        )
        self._merging.start()

    def _merge_upto(self, codes: Codes) -> None:
        # A lower priority for this thread only (Linux: a thread is a task): on a busy
        # machine the lookups get the cores first. NumPy releases the GIL while it works.
        with contextlib.suppress(AttributeError, OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), MERGE_NICENESS)
        for c in range(CHUNKS):
            merged = _merge_chunk(self._chunks[c], codes, c)
            self._chunks = (*self._chunks[:c], merged, *self._chunks[c + 1 :])

    def merge(self) -> None:
        """Bring every row into the sorted arrays now (after a running merge ends)."""
        self.wait()
        merged = self.merged
        if merged == self._n:
            return
        codes = self._codes[: self._n]
        templates = _templates(codes) if self._n - merged > merged else None
        for c in range(CHUNKS):
            if templates is not None:
                chunk = _build_chunk(codes, c, templates)
            else:
                chunk = _merge_chunk(self._chunks[c], codes, c)
            self._chunks = (*self._chunks[:c], chunk, *self._chunks[c + 1 :])

    def wait(self) -> None:
        """Let a background merge finish (before a snapshot, a rebuild, or in tests)."""
        if self._merging is not None:
            self._merging.join()
            self._merging = None

    # ------------------------------------------------------------ searching

    def query_within(self, pdq: str, distance: int) -> list[tuple[int, int]]:
        """(signal id, distance) of every row within `distance` bits, each row once."""
        query = parse(pdq)
        codes, ids, n, chunks = self._codes, self._ids, self._n, self._chunks
        merged = min(chunk.count for chunk in chunks)
        rows = _probe(chunks, merged, query, distance)
        if rows is None:
            hits, near = _scan(codes[:n], query, distance)
        else:
            found = distances(codes[rows], query)
            hits, near = rows[found <= distance], found[found <= distance]
            if n > merged:  # the recent block, scanned in place
                fresh, close = _scan(codes[merged:n], query, distance, merged)
                hits, near = np.concatenate([hits, fresh]), np.concatenate([near, close])
        return list(zip(ids[hits].tolist(), near.tolist(), strict=True))

    # ------------------------------------------------------------ pickling

    def __getstate__(self) -> dict[str, Any]:
        """Rows only (a tenth of the memory): the sorted arrays are rebuilt on loading."""
        self.wait()
        return {
            "recent_limit": self.recent_limit,
            "background": self.background,
            "codes": self._codes[: self._n].copy(),
            "ids": self._ids[: self._n].copy(),
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["recent_limit"], state["background"])  # type: ignore[misc]
        self.add_codes(state["codes"], state["ids"])
        self.merge()


def _probe(chunks: tuple[_Chunk, ...], merged: int, query: Codes, distance: int) -> Rows | None:
    """Merged rows that may be within `distance`, unique: each shares a close enough chunk
    with the query and is not ruled out by the 96 bits its sorted entry carries. None when
    so many rows would be candidates that scanning every row is cheaper."""
    if merged == 0 or distance < 0:
        return np.empty(0, dtype=np.int64)
    if distance // CHUNKS > MAX_PROBE_RADIUS:
        return None
    wanted = query.view(np.uint16).astype(np.int64)
    spans = []
    total = 0
    for c, radius in enumerate(chunk_radii(distance)):
        if radius < 0:
            continue
        chunk = chunks[c]
        values = _MASKS[radius] ^ wanted[c]
        starts = chunk.offsets[values]
        ends = chunk.offsets[values + 1]
        total += int((ends - starts).sum())
        spans.append((chunk.entries, starts.tolist(), ends.tolist()))
    if total * SCAN_RATIO > merged:
        return None
    pieces = [
        entries[a:b]
        for entries, starts, ends in spans
        for a, b in zip(starts, ends, strict=True)
        if b > a
    ]
    if not pieces:
        return np.empty(0, dtype=np.int64)
    # Each entry read as two uint64: (row, w1) and (w2, w3); the row's bits masked out.
    found = np.concatenate(pieces)
    candidates = found.view(np.uint64)
    wanted_entry = _entries(np.zeros(1, dtype=np.uint32), query.view(np.uint32)[KEPT])
    first, rest = wanted_entry.view(np.uint64)[0]
    bound = np.bitwise_count((candidates[:, 0] ^ first) & _NOT_ROW)
    bound += np.bitwise_count(candidates[:, 1] ^ rest)
    rows = found[bound <= distance, 0].astype(np.int64)
    rows = rows[rows < merged]  # rows past `merged` are scanned with the recent block
    rows.sort()
    # A row found through several chunks is checked once.
    return rows[np.concatenate(([True], rows[1:] != rows[:-1]))] if len(rows) else rows


def _scan(codes: Codes, query: Codes, distance: int, start: int = 0) -> tuple[Rows, Rows]:
    """Rows (numbered from `start`) within `distance`, and their distances: brute force,
    in blocks so the temporaries stay small."""
    hits, near = [np.empty(0, dtype=np.int64)], [np.empty(0, dtype=np.int64)]
    for at in range(0, len(codes), SCAN_BLOCK):
        found = distances(codes[at : at + SCAN_BLOCK], query)
        rows = np.flatnonzero(found <= distance)
        hits.append(rows + (start + at))
        near.append(found[rows])
    return np.concatenate(hits), np.concatenate(near)
