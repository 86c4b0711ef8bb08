"""The exchange over HTTP: the match endpoint under load, and the time from one platform's
share to another's match and webhook, on SQLite and on PostgreSQL.

    python -m bench exchange_http      (needs wrk: `bash scripts/setup-system.sh --bench`)

Each backend gets a fresh database (a temporary SQLite file; a scratch PostgreSQL database
created and dropped here, beside HUSTINGS_BENCH_POSTGRES_URL, default
postgresql://127.0.0.1:5432/test) seeded with 20,000 PDQ signals, then uvicorn serves it with
as many workers as the machine has cores (docs/operations.md: one process per core) and
jobs run in process, so a webhook leaves as soon as its transaction commits. Load comes from
wrk (C, one thread, 8 connections, one PDQ lookup per request; one query in ten is a near
copy of a stored hash, so receipts are written too), so the load generator takes little of
the server's CPU; its own CPU time is reported beside the figures.
"""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

from bench.report import write_section
from bench.serve import free_port, scratch_database, start_app, wait_healthy

ROOT = Path(__file__).resolve().parents[1]
COMMAND = "python -m bench exchange_http"
SEED_SIGNALS = 20_000
SECONDS = int(os.environ.get("EXCHANGE_HTTP_SECONDS", "30"))
CONNECTIONS = 8
SHARES = 100
HEADER = (
    "| database | workers | requests/s | p50 | p95 | p99 | errors | requests | client CPU "
    "| load | receipts / audit | chain |\n|---|---|---|---|---|---|---|---|---|---|---|---|"
)
PG_ADMIN = os.environ.get("HUSTINGS_BENCH_POSTGRES_URL", "postgresql://127.0.0.1:5432/test")

WRK_SCRIPT = r"""
local hex = "0123456789abcdef"
local stored = {}
local token = os.getenv("BENCH_TOKEN")
local hit_share = tonumber(os.getenv("BENCH_HIT_SHARE"))

init = function(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
  for line in io.lines(os.getenv("BENCH_HASHES")) do stored[#stored + 1] = line end
end

local function random_hash()
  local t = {}
  for i = 1, 64 do local n = math.random(1, 16); t[i] = hex:sub(n, n) end
  return table.concat(t)
end

local function near(value)
  -- change four hexadecimal digits: at most 16 bits, well within the threshold of 31
  local t = {}
  for i = 1, 64 do t[i] = value:sub(i, i) end
  for _ = 1, 4 do
    local i = math.random(1, 64); local n = math.random(1, 16); t[i] = hex:sub(n, n)
  end
  return table.concat(t)
end

request = function()
  local value
  if math.random() < hit_share then value = near(stored[math.random(1, #stored)])
  else value = random_hash() end
  local body = '{"queries":[{"type":"pdq","hash":"' .. value .. '"}]}'
  return wrk.format("POST", "/api/v1/exchange/match",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"duration_us":%d,"status_errors":%d,"socket_errors":%d,' ..
    '"timeouts":%d,"p50_ms":%.3f,"p95_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def _quantile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class _Receiver:
    """A webhook endpoint noting when each signal first arrives."""

    def __init__(self) -> None:
        self.arrivals: dict[int, float] = {}
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["content-length"])))
                receiver.arrivals.setdefault(body["signal"]["id"], time.perf_counter())
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"


def _seed(signals: int, hashes_file: Path) -> tuple[str, str]:
    """Two platforms in one group, `signals` PDQ signals from the first; their API tokens.
    Two stored hashes from each batch of 500 go to `hashes_file` for wrk's near-copy queries.
    """
    from hustings.auth.apikeys import issue_key
    from hustings.auth.models import Organisation
    from hustings.auth.roles import OrgKind
    from hustings.db import session_scope
    from hustings.exchange import kinds, service
    from hustings.exchange.models import SourceAction

    tokens = []
    rng = random.Random(11)
    stored: list[str] = []
    with session_scope() as session:
        group = service.create_group(session=session, slug="bench", name="Bench", actor="bench")
        orgs = []
        for slug in ("bench-a", "bench-b"):
            org = Organisation(kind=OrgKind.PLATFORM, slug=slug, name=slug, platform_slugs=[])
            session.add(org)
            session.flush()
            service.add_member(session=session, group=group, organisation=org, actor="bench")
            tokens.append(
                issue_key(
                    session=session,
                    organisation=org,
                    name="bench",
                    scopes=["exchange:read", "exchange:write"],
                ).token
            )
            orgs.append(org)
        acted = datetime.now(UTC) - timedelta(minutes=1)
        for start in range(0, signals, 500):
            values = [f"{rng.getrandbits(256):064x}" for _ in range(min(500, signals - start))]
            stored.extend(values[:2])
            items = [
                service.NewSignal(
                    indicator=kinds.normalise({"type": "pdq", "hash": value}),
                    labels=["hate"],
                    confidence=0.8,
                    action=SourceAction.REMOVED,
                    acted_at=acted,
                    sharing_group="bench",
                )
                for value in values
            ]
            service.submit_signals(session=session, organisation=orgs[0], items=items, actor="b")
    hashes_file.write_text("\n".join(stored) + "\n")
    return tokens[0], tokens[1]


def _wrk(
    port: int, seconds: int, env: dict[str, str], script: Path, *, close: bool = False
) -> dict[str, Any]:
    """One wrk run; its figures plus its own CPU seconds and the load average after it.
    `close`: a new connection per request (the warm-up, so that every worker gets some).
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            *(["-H", "Connection: close"] if close else []),
            "-s",
            str(script),
            f"http://127.0.0.1:{port}/api/v1/exchange/match",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    line = next(x for x in result.stdout.splitlines() if x.startswith("RESULT "))
    figures: dict[str, Any] = json.loads(line.removeprefix("RESULT "))
    figures["per_second"] = figures["requests"] / (figures["duration_us"] / 1e6)
    figures["errors"] = figures["status_errors"] + figures["socket_errors"] + figures["timeouts"]
    figures["client_cpu_s"] = (after.ru_utime - before.ru_utime) + (
        after.ru_stime - before.ru_stime
    )
    figures["load_average"] = os.getloadavg()[0]
    return figures


def _share_to_match(client: httpx.Client, base: str, a: dict[str, str], b: dict[str, str]) -> Any:
    """Share one signal at a time as A; time until B's match finds it and B's webhook gets it."""
    receiver = _Receiver()
    client.post(f"{base}/webhooks", json={"url": receiver.url}, headers=b).raise_for_status()
    rng = random.Random(5)
    to_match, to_push = [], []
    for _ in range(SHARES):
        value = f"{rng.getrandbits(256):064x}"
        body = {
            "signals": [
                {
                    "type": "pdq",
                    "hash": value,
                    "labels": ["hate"],
                    "confidence": 0.9,
                    "action": "removed",
                    "acted_at": datetime.now(UTC).isoformat(),
                    "sharing_group": "bench",
                }
            ]
        }
        t0 = time.perf_counter()
        shared = client.post(f"{base}/signals", json=body, headers=a)
        signal_id = shared.json()["signals"][0]["id"]
        query = {"queries": [{"type": "pdq", "hash": value}]}
        while True:
            hits = client.post(f"{base}/match", json=query, headers=b).json()
            if hits["results"][0]["matches"]:
                to_match.append((time.perf_counter() - t0) * 1000)
                break
        deadline = time.monotonic() + 10
        while signal_id not in receiver.arrivals and time.monotonic() < deadline:
            time.sleep(0.001)
        if signal_id in receiver.arrivals:
            to_push.append((receiver.arrivals[signal_id] - t0) * 1000)
    receiver.server.shutdown()
    return {
        "shares": SHARES,
        "match_p50_ms": statistics.median(to_match),
        "match_p99_ms": _quantile(to_match, 0.99),
        "pushed": len(to_push),
        "push_p50_ms": statistics.median(to_push) if to_push else None,
        "push_p99_ms": _quantile(to_push, 0.99) if to_push else None,
    }


def _receipts_and_audit(database_url: str) -> dict[str, Any]:
    """What the run left in the database: receipts, match audit entries, chain intact."""
    from sqlalchemy import func, select
    from sqlalchemy.orm import Session

    from hustings.audit.models import AuditEntry
    from hustings.audit.service import verify
    from hustings.db import build_engine
    from hustings.exchange.models import Receipt

    engine = build_engine(database_url)
    try:
        with Session(engine) as session:
            receipts = session.scalar(select(func.count()).select_from(Receipt)) or 0
            audited = (
                session.scalar(
                    select(func.count())
                    .select_from(AuditEntry)
                    .where(AuditEntry.action == "exchange.match")
                )
                or 0
            )
            problems = verify(session=session)
    finally:
        engine.dispose()
    return {"receipts": receipts, "match_audit_entries": audited, "chain_ok": not problems}


def http_figures(backend: str, workers: int, seconds: int = SECONDS) -> dict[str, Any]:
    tmp = Path(tempfile.mkdtemp(prefix="hustings-bench-http-"))
    with scratch_database(backend, tmp, PG_ADMIN, "hustings_bench_http") as database_url:
        env = dict(os.environ)
        env.update(
            {
                "HUSTINGS_DATABASE_URL": database_url,
                "HUSTINGS_DATA_DIR": str(tmp),
                "HUSTINGS_ENVIRONMENT": "development",
                "HUSTINGS_JOBS_IMMEDIATE": "true",
                "HUSTINGS_EXCHANGE_RATE_LIMIT": "10000000/minute",
            }
        )
        os.environ.update(env)
        from hustings import db as dbmod

        dbmod.reset_caches()
        bin_dir = Path(sys.executable).parent
        subprocess.run([str(bin_dir / "hustings"), "db", "upgrade"], env=env, check=True)
        hashes = tmp / "hashes.txt"
        token_a, token_b = _seed(SEED_SIGNALS, hashes)
        script = tmp / "match.lua"
        script.write_text(WRK_SCRIPT)
        port = free_port()
        server = start_app(env, port, workers=workers)
        base = f"http://127.0.0.1:{port}/api/v1/exchange"
        a = {"Authorization": f"Bearer {token_a}"}
        b = {"Authorization": f"Bearer {token_b}"}
        wrk_env = dict(env, BENCH_TOKEN=token_b, BENCH_HASHES=str(hashes), BENCH_HIT_SHARE="0.1")
        try:
            with httpx.Client(timeout=30) as client:
                wait_healthy(f"http://127.0.0.1:{port}", server)
                load_before = os.getloadavg()[0]  # the machine before this run's load
                warm = time.perf_counter()
                client.post(
                    f"{base}/match",
                    json={"queries": [{"type": "md5", "hash": "0" * 32}]},
                    headers=b,
                ).raise_for_status()
                first_match_s = time.perf_counter() - warm
                # Every worker builds its own index from the feed on its first lookup.
                _wrk(port, 10, wrk_env, script, close=True)
                figures = _wrk(port, seconds, wrk_env, script)
                shares = _share_to_match(client, base, a, b)
        finally:
            server.terminate()  # a clean shutdown: pending receipts and audit are written
            server.wait(timeout=60)
        stored = _receipts_and_audit(database_url)
    return {
        "backend": backend,
        "workers": workers,
        "first_match_s": first_match_s,
        "load_before": load_before,
        **figures,
        **shares,
        **stored,
    }


def _postgres_available() -> bool:
    try:
        import psycopg
        from sqlalchemy.engine import make_url

        url = make_url(PG_ADMIN).set(drivername="postgresql")
        with psycopg.connect(url.render_as_string(hide_password=False), connect_timeout=3):
            return True
    except Exception:
        return False


def _row(f: dict[str, Any]) -> str:
    return (
        f"| {f['backend']} | {f['workers']} | {f['per_second']:.0f} | {f['p50_ms']:.1f} ms "
        f"| {f['p95_ms']:.1f} ms | {f['p99_ms']:.1f} ms | {f['errors']} "
        f"| {f['requests']:,} | {f['client_cpu_s'] / (f['duration_us'] / 1e6) * 100:.0f}% "
        f"| {f['load_before']:.1f} / {f['load_average']:.1f} "
        f"| {f['receipts']:,} / {f['match_audit_entries']:,} "
        f"| {'yes' if f['chain_ok'] else 'NO'} |"
    )


def run() -> None:
    if subprocess.run(["which", "wrk"], capture_output=True, check=False).returncode:
        raise SystemExit("wrk is missing: bash scripts/setup-system.sh --bench")
    backends = ["sqlite"] + (["postgresql"] if _postgres_available() else [])
    workers = [int(w) for w in os.environ.get("EXCHANGE_HTTP_WORKERS", "2 1").split()]
    results = []
    for backend in backends:
        for count in workers:
            figures = http_figures(backend, count)
            print(json.dumps(figures), flush=True)
            results.append(figures)
    rows = "\n".join(_row(f) for f in results)
    main = results[0]
    body = f"""## Exchange over HTTP

**Match endpoint** (`POST /api/v1/exchange/match`, uvicorn with 1 or 2 worker processes
(production runs one per core, docs/operations.md; each worker keeps its own index),
{SEED_SIGNALS:,} PDQ signals, wrk with {CONNECTIONS} connections on the same machine for
{SECONDS} s, one PDQ lookup per request, one in ten a near copy of a stored hash; every
request authenticated against the database, audited, and its receipts recorded, written
behind in batches; "client CPU" is wrk's share of one core; "load" the one-minute load
average before the run (the other engineers' work on this shared 2-core machine) and after
it (theirs and this run's); "receipts / audit" what the run left in the database after a
clean shutdown (lookups, then the share-to-match polls below), and "chain" whether
`hustings audit verify` passed on it):

{HEADER}
{rows}

Target: 500 a second with p99 under 50 ms. First match after start (the index built from
the feed): {main["first_match_s"]:.2f} s. Where the time goes (py-spy, one worker, SQLite):
about 3 ms of CPU a lookup, over a third in FastAPI's routing and dependencies, uvicorn and
asyncio, about a quarter in SQLAlchemy (three small reads: the key with its organisation,
the sharing groups, the feed counter), the rest thread hand-offs, the index lookup and the
write-behind batches; no lookup waits on a lock. The rate therefore follows the CPU the
server gets on this shared machine (see "load"); on PostgreSQL each read is a round trip and
the database server shares the same two cores.

**Share to matchable / pushed** ({main["shares"]} signals shared one at a time by platform A;
platform B polls the match endpoint and receives the webhook, delivered in process after
commit; {main["backend"]}, {main["workers"]} workers): matchable p50
{main["match_p50_ms"]:.1f} ms, p99 {main["match_p99_ms"]:.1f} ms; pushed ({main["pushed"]} of
{main["shares"]}) p50 {main["push_p50_ms"] or 0:.1f} ms, p99 {main["push_p99_ms"] or 0:.1f} ms.
Target: p99 under 1 s. With a separate `hustings worker`, add the queue's polling delay.
"""
    write_section("exchange_http", body, COMMAND)


if __name__ == "__main__":
    if len(sys.argv) > 1:
        print(json.dumps(http_figures(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))))
    else:
        run()
