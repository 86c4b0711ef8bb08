"""Exchange benchmarks: PDQ conformance, PDQ index memory and lookup time. (The HTTP match
endpoint under load and the time from one platform's share to another's match and webhook
are in bench/exchange_http.py, its own section.)

    python -m bench exchange            (EXCHANGE_BENCH_SIZES="1000000 10000000" to choose)

Index figures come from a fresh subprocess per size (hustings.exchange.pdq_index built from
random hashes: build and merge time, array bytes and resident memory, lookup wall and CPU
time for hits and misses, recall against brute force on a sample).
"""

from __future__ import annotations

import csv
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.report import write_section

ROOT = Path(__file__).resolve().parents[1]
COMMAND = "python -m bench exchange"


INDEX_HEADER = (
    "| signals | index arrays | process RSS (peak) | build | merge 50,000 recent "
    "| hit p50 | hit p99 | hit CPU p50 | hit CPU p99 | miss p99 | miss CPU p99 "
    "| CPU p50 at d 15 / 47 / 63 | recall (wrong) | load |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
)


def _pdq_dir() -> Path:
    for base in (ROOT.parent, ROOT.parent.parent):
        if (base / "shared" / "data" / "pdq").is_dir():
            return base / "shared" / "data" / "pdq"
    raise SystemExit("../shared/data/pdq is not beside the checkout")


def _quantile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


# ---------------------------------------------------------------- conformance


def conformance() -> dict[str, Any]:
    from threatexchange.signal_type.pdq.pdq_utils import simple_distance

    from hustings.exchange.hashing import hash_bytes

    root = _pdq_dir()
    rows = []
    with (root / "reference-hashes.csv").open() as handle:
        for row in csv.DictReader(handle):
            hashed = hash_bytes((root / row["path"]).read_bytes())
            distance = simple_distance(row["pdq_hex"], hashed.pdq) if hashed.pdq else None
            rows.append((row["path"], hashed.quality, distance))
    good = [r for r in rows if (r[1] or 0) >= 80]
    bridge = root / "bridge-mods"
    original = hash_bytes((bridge / "aaa-orig.jpg").read_bytes()).pdq
    edits = []
    for path in sorted(bridge.glob("*.jpg")):
        if path.name != "aaa-orig.jpg":
            edited = hash_bytes(path.read_bytes()).pdq
            edits.append((path.name, simple_distance(original, edited) if edited else 999))
    return {
        "reference_images": len(rows),
        "quality_80_images": len(good),
        "within_16": sum(1 for r in good if r[2] is not None and r[2] <= 16),
        "max_distance_q80": max(r[2] or 0 for r in good),
        "edits": len(edits),
        "edits_within_31": sum(1 for _, d in edits if d <= 31),
        "max_edit_distance": max(d for _, d in edits),
    }


# ---------------------------------------------------------------- index memory and lookups


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _cpu_and_wall(
    index: Any, queries: list[str], distance: int
) -> tuple[list[float], list[float], list[list[tuple[int, int]]]]:
    wall: list[float] = []
    cpu: list[float] = []
    answers = []
    for query in queries:
        t0, c0 = time.perf_counter(), time.thread_time()
        answers.append(index.query_within(query, distance))
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.thread_time() - c0) * 1000)
    return wall, cpu, answers


def index_child(size: int) -> None:
    """Run in a subprocess: build the PDQ index with `size` random hashes, time lookups,
    check a sample against brute force."""
    import random
    import resource

    import numpy as np

    from hustings.exchange.pdq_index import RECENT_LIMIT, PdqIndex, distances

    load_before = os.getloadavg()[0]
    rng = np.random.default_rng(7)
    codes = rng.integers(0, 2**64, size=(size, 4), dtype=np.uint64)  # not timed
    before = _rss_mb()
    # The build as a catch-up or compaction does it: hex hashes in batches, sorted once.
    index = PdqIndex()
    build = 0.0
    batch = 100_000
    for start in range(0, size, batch):
        part = codes[start : start + batch]
        pairs = [(row.tobytes().hex(), start + n) for n, row in enumerate(part)]
        t0 = time.perf_counter()
        index.add_all(pairs, merge=False)
        build += time.perf_counter() - t0
    t0 = time.perf_counter()
    index.merge()
    build += time.perf_counter() - t0
    after = _rss_mb()
    # A merge of a full recent block (what a background thread does, lookups not waiting).
    extra = rng.integers(0, 2**64, size=(RECENT_LIMIT, 4), dtype=np.uint64)
    index.add_codes(extra, np.arange(size, size + RECENT_LIMIT), merge=False)
    t0, c0 = time.perf_counter(), time.thread_time()
    index.merge()
    merge_s, merge_cpu_s = time.perf_counter() - t0, time.thread_time() - c0
    # The same in the background, as add() starts it, with lookups running meanwhile.
    more = rng.integers(0, 2**64, size=(RECENT_LIMIT + 1, 4), dtype=np.uint64)
    every = np.concatenate([codes, extra, more])
    del codes
    pick = random.Random(3)

    def near(row: int, bits: int) -> str:
        raw = bytearray(every[row].tobytes())
        for bit in pick.sample(range(256), bits):
            raw[bit // 8] ^= 1 << (bit % 8)
        return bytes(raw).hex()

    during_q = [near(pick.randrange(len(every)), 15) for _ in range(20_000)]
    t0 = time.perf_counter()
    index.add_codes(more, np.arange(size + RECENT_LIMIT, len(every)))
    during_wall: list[float] = []
    during_cpu: list[float] = []
    for query in during_q:
        if index._merging is None or not index._merging.is_alive():
            break
        wall, cpu, _ = _cpu_and_wall(index, [query], 31)
        during_wall += wall
        during_cpu += cpu
    index.wait()
    background_s = time.perf_counter() - t0
    assert index.merged == len(index) == len(every)

    hits_q = [near(pick.randrange(len(every)), 15) for _ in range(2000)]
    miss_q = [f"{pick.getrandbits(256):064x}" for _ in range(500)]
    hit_wall, hit_cpu, hit_answers = _cpu_and_wall(index, hits_q, 31)
    miss_wall, miss_cpu, _ = _cpu_and_wall(index, miss_q, 31)
    by_distance = {}
    for distance in (15, 47, 63):
        queries = [near(pick.randrange(len(every)), distance // 2) for _ in range(50)]
        _, cpu, _ = _cpu_and_wall(index, queries, distance)
        by_distance[distance] = statistics.median(cpu)
    # Recall and exactness against brute force, on a sample (each scan reads every hash).
    sample = hits_q[:150] + miss_q[:50]
    _, _, answers = _cpu_and_wall(index, sample, 31)
    expected_total = found_total = wrong = 0
    for query, answer in zip(sample, answers, strict=True):
        query_code = np.frombuffer(bytes.fromhex(query), dtype=np.uint64)
        found = distances(every, query_code)
        expected = {(int(r), int(found[r])) for r in np.flatnonzero(found <= 31)}
        got = set(answer)
        expected_total += len(expected)
        found_total += len(expected & got)
        wrong += len(got - expected) + (len(answer) - len(got))
    print(
        json.dumps(
            {
                "size": size,
                "index_mb": index.nbytes() / 1024 / 1024,
                "index_rss_mb": after - before,
                "rss_mb": after,
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "build_s": build,
                "merge_rows": RECENT_LIMIT,
                "merge_s": merge_s,
                "merge_cpu_s": merge_cpu_s,
                "background_merge_s": background_s,
                "during_merge_lookups": len(during_wall),
                "during_merge_p50_ms": statistics.median(during_wall) if during_wall else None,
                "during_merge_p99_ms": _quantile(during_wall, 0.99) if during_wall else None,
                "during_merge_cpu_p99_ms": _quantile(during_cpu, 0.99) if during_cpu else None,
                "hit_p50_ms": statistics.median(hit_wall),
                "hit_p99_ms": _quantile(hit_wall, 0.99),
                "hit_cpu_p50_ms": statistics.median(hit_cpu),
                "hit_cpu_p99_ms": _quantile(hit_cpu, 0.99),
                "miss_p50_ms": statistics.median(miss_wall),
                "miss_p99_ms": _quantile(miss_wall, 0.99),
                "miss_cpu_p50_ms": statistics.median(miss_cpu),
                "miss_cpu_p99_ms": _quantile(miss_cpu, 0.99),
                "hits_found": sum(bool(a) for a in hit_answers) / len(hit_answers),
                "cpu_p50_by_distance_ms": by_distance,
                "recall": found_total / expected_total if expected_total else 1.0,
                "recall_sample": len(sample),
                "wrong": wrong,
                "load_average": load_before,
                "load_average_after": os.getloadavg()[0],
            }
        )
    )


def match_index_child(size: int) -> None:
    """Run in a subprocess: the whole MatchIndex (live entries plus the PDQ index) holding
    `size` PDQ signals, applied in catch-up batches of transient Signal rows."""
    import random

    from hustings.exchange.index import CATCH_UP_BATCH, MatchIndex
    from hustings.exchange.models import Signal, SignalKind, SignalStatus

    rng = random.Random(13)
    expires = datetime.now(UTC) + timedelta(days=60)
    index = MatchIndex()
    before = _rss_mb()
    applying = 0.0
    for start in range(0, size, CATCH_UP_BATCH):
        batch = [
            Signal(
                id=n + 1,
                seq=n + 1,
                kind=SignalKind.PDQ,
                value=f"{rng.getrandbits(256):064x}",
                details={},
                status=SignalStatus.ACTIVE,
                expires_at=expires,
                sharing_group_id=1 + n % 3,
                source_org_id=1 + n % 7,
                negative_count=0,
            )
            for n in range(start, min(size, start + CATCH_UP_BATCH))
        ]
        t0 = time.perf_counter()
        index.apply_all(batch, merge=len(batch) < CATCH_UP_BATCH or start + len(batch) == size)
        applying += time.perf_counter() - t0
    t0 = time.perf_counter()
    index.pdq.merge()
    applying += time.perf_counter() - t0
    after = _rss_mb()
    print(
        json.dumps(
            {
                "size": size,
                "match_index_mb": after - before,
                "pdq_mb": index.pdq.nbytes() / 1024 / 1024,
                "rss_mb": after,
                "apply_s": applying,
                "load_average": os.getloadavg()[0],
            }
        )
    )


def match_index_figures(size: int) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-m", "bench.exchange", "matchindex", str(size)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def index_figures(size: int) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-m", "bench.exchange", "index", str(size)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def index_text(indexes: list[dict[str, Any]], wholes: list[dict[str, Any]]) -> str:
    """The PDQ index paragraph and table of docs/benchmarks.md."""

    def ms(figures: dict[str, Any], key: str) -> str:
        return f"{figures[key]:.2f} ms" if key in figures else "-"

    def by_distance(figures: dict[str, Any]) -> str:
        values = figures.get("cpu_p50_by_distance_ms", {})
        return " / ".join(f"{values[k]:.1f}" for k in ("15", "47", "63")) + " ms"

    rows = "\n".join(
        f"| {f['size']:,} | {f['index_mb'] / 1024:.2f} GB | {f['rss_mb'] / 1024:.2f} GB "
        f"({f['peak_rss_mb'] / 1024:.2f} GB) | {f['build_s']:.1f} s | {f['merge_s']:.2f} s "
        f"({f['merge_cpu_s']:.2f} s CPU) | {ms(f, 'hit_p50_ms')} | {ms(f, 'hit_p99_ms')} | "
        f"{ms(f, 'hit_cpu_p50_ms')} | {ms(f, 'hit_cpu_p99_ms')} | {ms(f, 'miss_p99_ms')} | "
        f"{ms(f, 'miss_cpu_p99_ms')} | {by_distance(f)} | {f['recall']:.3f} ({f['wrong']}) | "
        f"{f['load_average']:.1f} to {f['load_average_after']:.1f} |"
        for f in indexes
    )
    during = " ".join(
        f"At {f['size']:,}: {f['during_merge_lookups']:,} lookups during a "
        f"{f['background_merge_s']:.1f} s background merge, wall p50 "
        f"{f['during_merge_p50_ms']:.2f} ms, p99 {f['during_merge_p99_ms']:.2f} ms, CPU p99 "
        f"{f['during_merge_cpu_p99_ms']:.2f} ms."
        for f in indexes
        if f.get("during_merge_lookups")
    )
    whole = "; ".join(
        f"{f['size']:,} signals: {f['match_index_mb'] / 1024:.2f} GB, of which the PDQ index "
        f"{f['pdq_mb'] / 1024:.2f} GB (process RSS {f['rss_mb'] / 1024:.2f} GB; applied in "
        f"{f['apply_s']:.0f} s, load {f['load_average']:.1f}"
        + (
            "; measured in a run of its own, `python -m bench.exchange matchindex N`)"
            if f.get("alone")
            else ")"
        )
        for f in wholes
    )
    return f"""**PDQ index** (`hustings.exchange.pdq_index`: exact multi-index hashing in NumPy, 16
chunks of 16 bits; random hashes, integer ids; each size in a fresh process). Build: hex
hashes added in batches of 100,000 as a catch-up or compaction does, then sorted once. Merge:
50,000 recent rows merged into the sorted arrays (done by a background thread; lookups do
not wait). Lookups at distance 31: 2,000 hits (queries 15 bits from a stored hash; all
found) and 500 random misses; CPU p50 at other distances from 50 queries each. Recall: 200
sampled queries (150 hits, 50 misses) against a brute-force scan of every hash; "wrong"
counts rows returned that the scan did not (or twice).

{INDEX_HEADER}
{rows}

Lookups while the merge thread (lower priority) works scan the 50,000 recent rows too, and
share the cores with it. {during}

The whole `MatchIndex` (an `Entry` per live signal plus the PDQ index), PDQ signals applied
in catch-up batches of 5,000 transient `Signal` rows: {whole}.

Wall times (p50, p99) include waiting for a core: the machine has 2 cores shared with other
engineers' test runs ("load" is the one-minute load average before and after the row), so
the lookup thread's own CPU time is nearer what a lookup costs on an unshared core (though
other processes' use of the shared caches and memory inflates it too). Targets: 10
million signals in under 8 GB; lookup p99 under 5 ms in process. Before (python-threatexchange's
faiss `PDQIndex`, measured 2026-11-24 04:34 with the same bench): 1 million in 0.53 GB, built in
32 s, hit CPU p50 2.26 ms, p99 3.88 ms; 10 million in 4.13 GB, built in 926 s, wall p99 1.8 s.
"""


def run() -> None:
    conf = conformance()
    print(json.dumps(conf), flush=True)
    sizes = [int(s) for s in os.environ.get("EXCHANGE_BENCH_SIZES", "1000000 10000000").split()]
    indexes = []
    for size in sizes:
        figures = index_figures(size)
        print(json.dumps(figures), flush=True)
        indexes.append(figures)
    # Sizes too slow to build within a run on a shared machine can be measured on their own
    # (`python -m bench.exchange index 10000000 > FILE`) and named here to be reported too.
    for extra in os.environ.get("EXCHANGE_BENCH_INDEX_RESULTS", "").split():
        indexes.append(json.loads(Path(extra).read_text().strip().splitlines()[-1]))
    # The whole MatchIndex: 10 million transient Signal rows take about 20 minutes to make
    # here, so that size is measured on its own like the index sizes above.
    wholes = []
    for size in os.environ.get("EXCHANGE_BENCH_MATCH_SIZES", "1000000").split():
        wholes.append(match_index_figures(int(size)))
        print(json.dumps(wholes[-1]), flush=True)
    for extra in os.environ.get("EXCHANGE_BENCH_MATCH_RESULTS", "").split():
        wholes.append(json.loads(Path(extra).read_text().strip().splitlines()[-1]))
        wholes[-1]["alone"] = True

    body = f"""## Exchange

**PDQ conformance** (`../shared/data/pdq`, hashed with `hustings.exchange.hashing`, which is
python-threatexchange's PDQ hasher): {conf["within_16"]} of {conf["quality_80_images"]} images
of quality >= 80 hash within 16 bits of the reference (furthest: {conf["max_distance_q80"]}
bits; target: all within 16). {conf["edits_within_31"]} of {conf["edits"]} bridge-mods edits
are within 31 bits of the original (furthest: {conf["max_edit_distance"]}; target: all).

{index_text(indexes, wholes)}
The HTTP match endpoint under load, and the time from a share to another platform's match
and webhook: section "Exchange over HTTP" (`python -m bench exchange_http`).
"""
    write_section("exchange", body, COMMAND)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "index":
        index_child(int(sys.argv[2]))
    elif len(sys.argv) == 3 and sys.argv[1] == "matchindex":
        match_index_child(int(sys.argv[2]))
    else:
        run()
