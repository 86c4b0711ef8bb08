"""Case flow benchmarks: reports accepted per second with evidence (a pasted text and a
screenshot), on SQLite and on PostgreSQL, and how long a sent report takes to reach the
platform: in its API queue, and as a signed webhook delivered by the real worker.

    python -m bench cases

Everything runs as in production: uvicorn serving the app, `hustings worker` on the job queue
(huey's SQLite file), a local SMTP sink for the emails and a local webhook receiver. Each
report is four API calls from a signed-in candidate: start the case, add the text, upload
the screenshot (read with OCR and triaged), send it.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

from bench.report import write_section
from bench.serve import free_port, scratch_database, start_app, wait_healthy

ROOT = Path(__file__).resolve().parents[1]
REPORTS = 24
CLIENTS = 4
# (database, candidates sending at once).
RUNS = (("sqlite", 1), ("sqlite", CLIENTS), ("postgresql", 1), ("postgresql", CLIENTS))
SECRET = "bench-secret-key-not-for-production-use"  # noqa: S105 - a throwaway server
PG_URL = os.environ.get("HUSTINGS_TEST_DATABASE_URL", "postgresql://127.0.0.1:5432/test")
TEXTS = [
    "I know where you live and I will make you pay for that vote",
    "You are a disgrace and an idiot, nobody wants you here",
    "Go back where you came from, we will be waiting outside the count",
    "Pathetic liar. Resign before we make you",
]


def _screenshot(n: int) -> bytes:
    """A phone-sized screenshot of a reply (different bytes each time: no dedupe shortcut)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (720, 260), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.text((20, 20), f"@reply_guy_{n} replied:", fill=(80, 80, 80))
    draw.text((20, 70), TEXTS[n % len(TEXTS)], fill=(0, 0, 0))
    draw.text((20, 220), f"10:{n % 60:02d} - 2 May 2026", fill=(120, 120, 120))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


class Receiver:
    """The platform's webhook endpoint: when each report's 'report.routed' event arrived."""

    def __init__(self) -> None:
        self.arrived: dict[int, float] = {}
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["content-length"])))
                if body.get("event") == "report.routed":
                    receiver.arrived.setdefault(int(body["report"]["id"]), time.perf_counter())
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@contextlib.contextmanager
def _smtp_sink() -> Iterator[int]:
    from aiosmtpd.controller import Controller

    class Sink:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            return "250 OK"

    port = free_port()
    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def _session_cookie(user_id: int, epoch: int, csrf: str) -> str:
    from itsdangerous import TimestampSigner

    from hustings.auth.sessions import STAGE_COMPLETE

    payload = {
        "csrf": csrf,
        "uid": user_id,
        "epoch": epoch,
        "stage": STAGE_COMPLETE,
        "signed_at": time.time(),
    }
    return TimestampSigner(SECRET).sign(base64.b64encode(json.dumps(payload).encode())).decode()


def _people(hook_url: str) -> dict[str, Any]:
    """A platform organisation (with a key and a webhook) and candidates to report."""
    from hustings.auth.apikeys import issue_key
    from hustings.auth.models import Organisation, User
    from hustings.auth.roles import OrgKind, Role
    from hustings.auth.scopes import ALL_SCOPES
    from hustings.cases import webhooks
    from hustings.db import session_scope

    with session_scope() as session:
        meta = Organisation(
            kind=OrgKind.PLATFORM, slug="meta", name="Meta", platform_slugs=["facebook"]
        )
        session.add(meta)
        session.flush()
        token = issue_key(
            session=session, organisation=meta, name="bench", scopes=list(ALL_SCOPES)
        ).token
        webhooks.register_endpoint(session=session, organisation=meta, url=hook_url)
        candidates = [
            User(
                email=f"candidate{n}@bench.example.org",
                full_name=f"Candidate {n}",
                role=Role.CANDIDATE,
            )
            for n in range(CLIENTS)
        ]
        session.add_all(candidates)
        session.flush()
        return {"token": token, "candidates": [(c.id, c.session_epoch) for c in candidates]}


def _one_report(client: httpx.Client, n: int) -> tuple[float, float, float, int]:
    """(started, submit started, submit done, report id) for one full report."""
    started = time.perf_counter()
    case = client.post(
        "/api/v1/cases",
        json={"summary": f"Replies after the hustings ({n})", "platforms": ["facebook"]},
    )
    case.raise_for_status()
    case_id = case.json()["id"]
    client.post(
        f"/api/v1/cases/{case_id}/items",
        json={"items": [{"text": TEXTS[n % len(TEXTS)], "platform": "facebook"}]},
    ).raise_for_status()
    client.post(
        f"/api/v1/cases/{case_id}/files",
        files=[("files", (f"reply-{n}.png", _screenshot(n), "image/png"))],
        data={"platform": "facebook"},
    ).raise_for_status()
    submit_started = time.perf_counter()
    sent = client.post(f"/api/v1/cases/{case_id}/submit")
    sent.raise_for_status()
    submit_done = time.perf_counter()
    return started, submit_started, submit_done, sent.json()["reports"][0]["id"]


def _p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def measure(backend: str, clients: int) -> dict[str, Any]:
    tmp = Path(tempfile.mkdtemp(prefix=f"hustings-bench-cases-{backend}-"))
    receiver = Receiver()
    try:
        with (
            _smtp_sink() as smtp_port,
            scratch_database(backend, tmp, PG_URL, "hustings_bench_cases") as url,
        ):
            env = dict(os.environ)
            env.update(
                {
                    "HUSTINGS_DATABASE_URL": url,
                    "HUSTINGS_DATA_DIR": str(tmp / "data"),
                    "HUSTINGS_ENVIRONMENT": "development",
                    "HUSTINGS_SECRET_KEY": SECRET,
                    "HUSTINGS_JOBS_IMMEDIATE": "false",
                    "HUSTINGS_SMTP_HOST": "127.0.0.1",
                    "HUSTINGS_SMTP_PORT": str(smtp_port),
                }
            )
            os.environ.update(env)
            from hustings import db as dbmod

            dbmod.reset_caches()
            bin_dir = Path(sys.executable).parent
            subprocess.run(
                [str(bin_dir / "hustings"), "db", "upgrade"],
                env=env,
                check=True,
                capture_output=True,
            )
            people = _people(receiver.url)
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            server = start_app(env, port, cwd=ROOT)
            worker = subprocess.Popen(
                [str(bin_dir / "hustings"), "worker", "--workers", "2"],
                env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            try:
                wait_healthy(base, server)
                return _run_clients(base, people, receiver, clients)
            finally:
                for process in (server, worker):
                    process.terminate()
                    try:
                        process.wait(timeout=30)
                    except subprocess.TimeoutExpired:
                        process.kill()
                        process.wait()
    finally:
        receiver.server.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)


def _client(base: str, user_id: int, epoch: int) -> httpx.Client:
    csrf = f"bench-csrf-{user_id}"
    client = httpx.Client(base_url=base, timeout=120, headers={"x-csrf-token": csrf})
    client.cookies.set("hustings_session", _session_cookie(user_id, epoch, csrf))
    return client


def _run_clients(
    base: str, people: dict[str, Any], receiver: Receiver, count: int
) -> dict[str, Any]:
    clients = [_client(base, uid, epoch) for uid, epoch in people["candidates"][:count]]
    for n, client in enumerate(clients):  # warm-up: first imports, the model, OCR
        _one_report(client, 10_000 + n)
    queue_client = httpx.Client(
        base_url=base, timeout=60, headers={"Authorization": f"Bearer {people['token']}"}
    )
    results: list[tuple[float, float, float, int]] = []
    lock = threading.Lock()

    def work(n: int) -> None:
        outcome = _one_report(clients[n % count], n)
        with lock:
            results.append(outcome)

    wall0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=count) as pool:
        list(pool.map(work, range(REPORTS)))
    wall = time.perf_counter() - wall0
    queued = {r["id"] for r in queue_client.get("/api/v1/platform/reports").json()["reports"]}
    missing = [rid for *_, rid in results if rid not in queued]
    if missing:
        raise RuntimeError(f"reports missing from the platform's queue: {missing}")
    deadline = time.monotonic() + 300
    while any(rid not in receiver.arrived for *_, rid in results):
        if time.monotonic() > deadline:
            raise RuntimeError("webhook deliveries did not all arrive within 300 s")
        time.sleep(0.05)
    to_queue = [(done - submit) * 1000 for _, submit, done, _ in results]
    to_webhook = [(receiver.arrived[rid] - submit) * 1000 for _, submit, _, rid in results]
    per_report = [(done - start) * 1000 for start, _, done, _ in results]
    for client in [*clients, queue_client]:
        client.close()
    return {
        "reports": REPORTS,
        "clients": count,
        "reports_per_second": REPORTS / wall,
        "report_p50_ms": statistics.median(per_report),
        "report_p95_ms": _p(per_report, 95),
        "queue_p50_ms": statistics.median(to_queue),
        "queue_p95_ms": _p(to_queue, 95),
        "webhook_p50_ms": statistics.median(to_webhook),
        "webhook_p95_ms": _p(to_webhook, 95),
    }


def _backends() -> list[str]:
    backends = ["sqlite"]
    try:
        import psycopg
        from sqlalchemy.engine import make_url

        admin = make_url(PG_URL).set(drivername="postgresql")
        with psycopg.connect(str(admin), connect_timeout=5):
            backends.append("postgresql")
    except Exception as error:
        print(f"PostgreSQL not measured: {error}", file=sys.stderr)
    return backends


def run() -> None:
    rows = []
    available = _backends()
    for backend, clients in RUNS:
        if backend not in available:
            continue
        print(f"-- {backend}, {clients} at once", flush=True)
        figures = measure(backend, clients)
        print(json.dumps(figures), flush=True)
        rows.append(
            f"| {backend} | {clients} | {figures['reports_per_second']:.2f} | "
            f"{figures['report_p95_ms']:.0f} | {figures['queue_p50_ms']:.0f} / "
            f"{figures['queue_p95_ms']:.0f} | {figures['webhook_p50_ms']:.0f} / "
            f"{figures['webhook_p95_ms']:.0f} |"
        )
    body = f"""## Cases: reports accepted, and time to the platform's queue

{REPORTS} reports per run (after one warm-up report per candidate), each four API calls by a
signed-in candidate: start the case, add a pasted message, upload a 720x260 PNG screenshot
(stored by SHA-256, read with tesseract OCR, triaged), send it to Facebook (Meta). One
uvicorn process serves the app; `hustings worker` (2 threads) delivers webhooks and emails
from the job queue.

- **Reports / s**: whole reports (all four calls) completed per wall-clock second.
- **Report p95**: one candidate's four calls, end to end.
- **To the queue**: from pressing send until the report is in the platform's queue
  (`GET /api/v1/platform/reports` lists it once the send call returns; checked for every
  report).
- **To the webhook**: from pressing send until the signed `report.routed` webhook reaches the
  platform's receiver, through the outbox, the job queue and the worker.

| database | at once | reports/s | report p95 ms | queue p50 / p95 ms | webhook p50 / p95 ms |
|---|---|---|---|---|---|
{chr(10).join(rows)}

OCR of the screenshot is most of a report's cost (it runs outside any transaction, in a
worker thread). Both databases take four candidates at once: SQLite's write lock is only
ever waited for in worker threads, never on the event loop (until 2026-11-24 the upload
route queried on the loop, and four SQLite reporters at once failed with "database is
locked" after the 30 s busy timeout; `tests/cases/test_concurrent_uploads.py` guards it).
The machine is shared with other work, so treat the figures as a floor.
"""
    write_section("cases", body, "python -m bench cases")
