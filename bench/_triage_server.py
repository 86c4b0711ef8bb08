"""Helper for bench.triage: serve the app with uvicorn on 127.0.0.1 and time single-message
POST /api/v1/triage requests. Prints one JSON line: p50_ms, p95_ms, server_rss_mb, server_cpu_ms.

    python -m bench._triage_server N
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.serve import free_port, start_app, wait_healthy

TEXTS = [
    "I'm going to find you and hurt you after the hustings",
    "Thanks for coming to the school gates this morning",
    "Your housing policy is a disgrace and you should resign",
    "we know where you live",
]


def _cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main(requests: int) -> int:
    # The caller may be pinned to one core for throughput; the server and this client each get
    # the machine, as in production (one uvicorn worker per core).
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, range(os.cpu_count() or 1))
    tmp = Path(tempfile.mkdtemp(prefix="hustings-bench-"))
    env = dict(os.environ)
    env.update(
        {
            "HUSTINGS_DATABASE_URL": f"sqlite:///{tmp / 'bench.db'}",
            "HUSTINGS_DATA_DIR": str(tmp),
            "HUSTINGS_ENVIRONMENT": "development",
            "HUSTINGS_TRIAGE_API_RATE_LIMIT": "100000/minute",
        }
    )
    os.environ.update(env)
    bin_dir = Path(sys.executable).parent
    subprocess.run(
        [str(bin_dir / "hustings"), "db", "upgrade"], env=env, check=True, capture_output=True
    )

    from hustings.auth.apikeys import issue_key
    from hustings.auth.models import Organisation
    from hustings.auth.roles import OrgKind
    from hustings.auth.scopes import Scope
    from hustings.db import session_scope

    with session_scope() as session:
        org = Organisation(kind=OrgKind.PLATFORM, slug="bench", name="Bench", platform_slugs=[])
        session.add(org)
        session.flush()
        token = issue_key(
            session=session, organisation=org, name="bench", scopes=[Scope.TRIAGE]
        ).token

    port = free_port()
    server = start_app(env, port)
    try:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=10) as client:
            wait_healthy(base, server)
            headers = {"Authorization": f"Bearer {token}"}
            timings = []
            cpu_start = 0.0
            for i in range(requests + 20):
                if i == 20:
                    cpu_start = _cpu_seconds(server.pid)
                body = {"messages": [{"id": i, "text": TEXTS[i % len(TEXTS)]}]}
                start = time.perf_counter()
                response = client.post("/api/v1/triage", json=body, headers=headers)
                elapsed = time.perf_counter() - start
                response.raise_for_status()
                if i >= 20:  # warm-up: model load, first imports
                    timings.append(elapsed * 1000)
        cpu_ms = (_cpu_seconds(server.pid) - cpu_start) * 1000 / requests
        rss = 0.0
        for line in Path(f"/proc/{server.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                rss = int(line.split()[1]) / 1024
        quantiles = statistics.quantiles(timings, n=100)
        print(
            json.dumps(
                {
                    "p50_ms": statistics.median(timings),
                    "p95_ms": quantiles[94],
                    "server_rss_mb": rss,
                    "server_cpu_ms": cpu_ms,
                }
            )
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 300))
