"""The PDQ index returns exactly the brute-force answer: at every distance 0..63 (and past
it), for hashes planted at exactly d and d + 1 bits (spread over the chunks as evenly as the
pigeonhole allows, or bunched into one), before and after merges, and after pickling.
"""

from __future__ import annotations

import pickle
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hustings.exchange.pdq_index import CHUNKS, PdqIndex, chunk_radii, distances, parse


def _flip(code: np.ndarray, bits: list[int]) -> np.ndarray:
    raw = bytearray(code.tobytes())
    for bit in bits:
        raw[bit // 8] ^= 1 << (bit % 8)
    return np.frombuffer(bytes(raw), dtype=np.uint64).copy()


def _at_distance(code: np.ndarray, count: int, rng: random.Random, how: str) -> np.ndarray:
    """`code` with `count` bits flipped: at random, round-robin over the 16-bit chunks (each
    chunk as close to the query as possible: the pigeonhole's worst case), or in one run."""
    if how == "random":
        bits = rng.sample(range(256), count)
    elif how == "even":
        order = [c * 16 + i for i in range(16) for c in range(CHUNKS)]
        bits = order[:count]
    else:
        start = rng.randrange(256)
        bits = [(start + i) % 256 for i in range(count)]
    return _flip(code, bits)


def _brute(codes: np.ndarray, ids: np.ndarray, query: str, distance: int) -> list[tuple[int, int]]:
    found = distances(codes, parse(query))
    return sorted((int(ids[i]), int(found[i])) for i in np.flatnonzero(found <= distance))


def _dataset(seed: int, rows: int, distance: int) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Random rows plus, around each of a few query hashes, rows at d - 1, d and d + 1 bits."""
    rng = random.Random(seed)
    generator = np.random.default_rng(seed)
    codes = [generator.integers(0, 2**64, size=(rows, 4), dtype=np.uint64)]
    queries = []
    for _ in range(4):
        centre = generator.integers(0, 2**64, size=4, dtype=np.uint64)
        queries.append(centre.tobytes().hex())
        planted = [
            _at_distance(centre, count, rng, how)
            for count in (distance - 1, distance, distance + 1)
            if 0 <= count <= 256
            for how in ("random", "even", "run")
        ]
        codes.append(np.array(planted, dtype=np.uint64))
    every = np.concatenate(codes)
    order = np.array(rng.sample(range(len(every)), len(every)))
    return every[order], np.arange(1000, 1000 + len(every), dtype=np.int64), queries


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    distance=st.integers(0, 63),
    batches=st.integers(1, 5),
    recent_limit=st.sampled_from([8, 100, 10_000]),
)
def test_lookups_are_exactly_the_brute_force_answer(
    seed: int, distance: int, batches: int, recent_limit: int
) -> None:
    codes, ids, queries = _dataset(seed, 3000, distance)
    index = PdqIndex(recent_limit=recent_limit, background=False)
    for part in np.array_split(np.arange(len(codes)), batches):
        index.add_codes(codes[part], ids[part])
    for query in queries:
        expected = _brute(codes, ids, query, distance)
        assert sorted(index.query_within(query, distance)) == expected
        # The planted rows at exactly d are found, the ones at d + 1 are not.
        assert any(d == distance for _, d in expected)
        assert all(d <= distance for _, d in expected)


def test_every_distance_and_past_63_on_one_index() -> None:
    codes, ids, queries = _dataset(5, 20_000, 31)
    index = PdqIndex(recent_limit=500, background=False)
    index.add_codes(codes, ids)
    for distance in [*range(0, 80), 128, 200, 256]:
        for query in queries[:2]:
            assert sorted(index.query_within(query, distance)) == _brute(
                codes, ids, query, distance
            ), distance


def test_pigeonhole_radii_cover_every_distance() -> None:
    for distance in range(257):
        radii = chunk_radii(distance)
        assert len(radii) == CHUNKS
        assert sum(r + 1 for r in radii) == distance + 1  # just enough: sum > distance


def test_recent_rows_match_before_and_after_a_background_merge() -> None:
    codes, ids, queries = _dataset(9, 4000, 20)
    index = PdqIndex(recent_limit=300, background=True)
    index.add_codes(codes[:2000], ids[:2000])  # a bulk load: sorted at once
    assert index.merged == 2000
    seen = 2000
    for start in range(2000, len(codes), 250):
        index.add_codes(codes[start : start + 250], ids[start : start + 250])
        seen = min(len(codes), start + 250)
        for query in queries:
            # Whatever a merge thread has swapped in so far, the answer is the same.
            assert sorted(index.query_within(query, 20)) == _brute(
                codes[:seen], ids[:seen], query, 20
            )
    index.wait()
    index.merge()
    assert index.merged == len(index) == len(codes)
    for query in queries:
        assert sorted(index.query_within(query, 20)) == _brute(codes, ids, query, 20)


def test_hex_rows_duplicates_and_pickling() -> None:
    rng = random.Random(4)
    hashes = [f"{rng.getrandbits(256):064x}" for _ in range(50)]
    index = PdqIndex(recent_limit=10)
    index.add_all([(h, n) for n, h in enumerate(hashes)])
    index.add_all([(hashes[3], 3)])  # the same signal added twice is reported twice
    assert index.query_within(hashes[3], 0) == [(3, 0), (3, 0)]
    assert index.query_within(hashes[3], -1) == []
    copy = pickle.loads(pickle.dumps(index))  # noqa: S301 - our own bytes
    assert copy.merged == len(copy) == 51
    for h in hashes:
        assert sorted(copy.query_within(h, 40)) == sorted(index.query_within(h, 40))
    with pytest.raises(ValueError):
        index.query_within("abc", 31)
    with pytest.raises(ValueError):
        index.add_all([("ab" * 31, 1)])
    assert PdqIndex().query_within(hashes[0], 31) == []


def test_a_backlog_is_merged_once_at_the_end() -> None:
    codes, ids, queries = _dataset(2, 3000, 25)
    index = PdqIndex(recent_limit=100, background=False)
    for start in range(0, len(codes), 500):
        index.add_codes(codes[start : start + 500], ids[start : start + 500], merge=False)
    assert index.merged == 0  # all scanned, and still exact
    assert sorted(index.query_within(queries[0], 25)) == _brute(codes, ids, queries[0], 25)
    index.add_all([])  # the last (empty) batch of a catch-up
    assert index.merged == len(codes)
    assert sorted(index.query_within(queries[1], 25)) == _brute(codes, ids, queries[1], 25)
