"""Evidence that stands up to accidents and to people: an edited audit row or evidence file is
caught, a failure or a killed process in the middle of an upload leaves no half-saved case, and
a webhook delivery survives the worker being killed and started again.

Nothing of ours is faked: the storage layer fails because the disk refuses a write, processes
really die, and the webhook tests run the real `hustings worker` against a real HTTP receiver.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from typer.testing import CliRunner

from hustings.audit.models import AuditEntry
from hustings.cases import evidence_store, service, webhooks
from hustings.cases.models import DeliveryStatus, EvidenceItem, WebhookDelivery
from hustings.cli import app as hustings_cli
from tests.factories.cases import draft, image_bytes, make_world, submitted_case

REPO = Path(__file__).resolve().parents[2]
HUSTINGS = str(REPO / ".venv" / "bin" / "hustings")


def _cli(*args: str) -> Any:
    return CliRunner().invoke(hustings_cli, list(args))


# ---------------------------------------------------------------- tampering


def test_an_edited_or_deleted_audit_row_of_a_case_is_caught(db: Any) -> None:
    world = make_world(db)
    case = submitted_case(db, world.candidate)
    db.commit()
    assert _cli("audit", "verify").exit_code == 0
    rows = db.scalars(
        select(AuditEntry.id)
        .where(AuditEntry.subject_type == "case")
        .where(AuditEntry.subject_id == str(case.id))
        .order_by(AuditEntry.id)
    ).all()
    assert len(rows) >= 3
    # Someone rewrites who added the evidence...
    db.execute(
        text("UPDATE audit_entries SET actor = 'user:999999' WHERE id = :id"), {"id": rows[1]}
    )
    db.commit()
    edited = _cli("audit", "verify")
    assert edited.exit_code == 1
    assert f"entry {rows[1]}" in edited.output
    # ...or removes the record of the submission altogether.
    db.execute(text("DELETE FROM audit_entries WHERE id = :id"), {"id": rows[-1]})
    db.commit()
    deleted = _cli("audit", "verify")
    assert deleted.exit_code == 1
    assert "broken" in deleted.output or "missing" in deleted.output


def _tamper(sha256: str, data: bytes | None) -> None:
    path = evidence_store.original_path(sha256)
    if data is None:
        path.unlink()
        return
    os.chmod(path, 0o600)
    path.write_bytes(data)


@pytest.mark.parametrize("how", ["edited", "deleted"])
def test_an_altered_evidence_file_is_never_served_or_packed(
    how: str, db: Any, make_client: Any
) -> None:
    world = make_world(db)
    case = submitted_case(db, world.candidate, image=True)
    db.commit()
    image = next(i for i in case.items if i.sha256)
    report = next(r for r in case.reports if r.platform_slug == "facebook")
    case_id, digest, report_id, item_id = case.id, image.sha256, report.id, image.id
    db.commit()  # SQLite: end the read so the app and the CLI may write
    assert _cli("cases", "verify-evidence").exit_code == 0

    original = evidence_store.read(digest)
    _tamper(digest, None if how == "deleted" else original[:-8] + b"\x00" * 8)

    checked = _cli("cases", "verify-evidence")
    assert checked.exit_code == 1
    assert digest[:12] in checked.output
    candidate = make_client().login(world.candidate)
    pack = candidate.get(f"/api/v1/cases/{case_id}/pack")
    assert pack.status_code == 500
    assert pack.headers["content-type"].startswith("application/problem+json")
    meta = make_client()
    shown = meta.get(
        f"/api/v1/platform/reports/{report_id}/items/{item_id}/image",
        headers={"authorization": f"Bearer {world.meta_key}"},
    )
    assert shown.status_code == 500
    assert shown.content != original
    db.expire_all()
    exported = db.scalar(
        select(func.count())
        .select_from(AuditEntry)
        .where(AuditEntry.action == "pack.exported")
        .where(AuditEntry.subject_id == str(case_id))
    )
    assert exported == 0  # a refused pack is not recorded as handed over


# ---------------------------------------------------------------- failures mid-upload


def _evidence_files() -> list[Path]:
    base = evidence_store.root()
    return sorted(p for p in base.rglob("*") if p.is_file()) if base.exists() else []


def _three_images() -> list[bytes]:
    return [image_bytes(color=(n * 40, 10, 10)) for n in (1, 2, 3)]


def test_a_disk_refusing_the_second_file_leaves_no_half_saved_upload(
    db: Any, make_client: Any
) -> None:
    """The storage layer fails for real: where the second file's folder should be, the disk
    already holds a file, so creating the folder raises (as a full or broken disk would)."""
    import hashlib

    world = make_world(db)
    case = draft(db, world.candidate, platforms=["x"])
    db.commit()
    case_id = case.id
    images = _three_images()
    second = hashlib.sha256(images[1]).hexdigest()
    blocker = evidence_store.original_path(second).parent
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_bytes(b"not a folder")

    candidate = make_client().login(world.candidate)
    upload = [("files", (f"{n}.png", data, "image/png")) for n, data in enumerate(images)]
    response = candidate.post(
        f"/api/v1/cases/{case_id}/files", files=upload, headers={"x-csrf-token": candidate.csrf}
    )
    assert response.status_code == 500
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(EvidenceItem)) == 0
    assert list(evidence_store.stored_hashes()) == []  # the first file went with the rollback
    assert _evidence_files() == [blocker]
    added = db.scalar(
        select(func.count())
        .select_from(AuditEntry)
        .where(AuditEntry.action == "evidence.added")
        .where(AuditEntry.subject_id == str(case_id))
    )
    assert added == 0
    db.commit()

    blocker.unlink()  # the disk is fixed: the same upload now goes through whole
    again = candidate.post(
        f"/api/v1/cases/{case_id}/files", files=upload, headers={"x-csrf-token": candidate.csrf}
    )
    assert again.status_code == 201, again.text
    assert len(again.json()["items"]) == 3
    db.commit()
    assert _cli("cases", "verify-evidence").exit_code == 0


KILLED_WHILE_WRITING = textwrap.dedent(
    """
    import os, sys
    from hustings.db import get_sessionmaker
    from hustings.auth.models import User
    from hustings.cases import service
    from hustings.cases.models import Case
    from hustings.cases.permissions import Acting
    from tests.factories.cases import image_bytes

    real_fsync, calls = os.fsync, []

    def fsync_then_die(fd):
        real_fsync(fd)
        calls.append(fd)
        if len(calls) == 2:  # the second file is on disk in tmp/, not yet in place
            os.kill(os.getpid(), 9)

    os.fsync = fsync_then_die
    session = get_sessionmaker()()
    case = session.get(Case, int(sys.argv[1]))
    user = session.get(User, case.candidate_id)
    files = [(f"{n}.png", image_bytes(color=(n * 40, 10, 10))) for n in (1, 2, 3)]
    service.add_files(session=session, case=case, acting=Acting(user, user.id), files=files)
    session.commit()
    """
)


def test_a_process_killed_while_writing_the_second_file_leaves_no_half_saved_case(
    db: Any,
) -> None:
    world = make_world(db)
    case = draft(db, world.candidate, platforms=["x"])
    db.commit()
    result = subprocess.run(
        [sys.executable, "-c", KILLED_WHILE_WRITING, str(case.id)],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        cwd=REPO,
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == -signal.SIGKILL, result.stderr.decode()[-2000:]
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(EvidenceItem)) == 0
    db.commit()
    left = _evidence_files()
    assert len(left) == 2  # the first original in place, the second half-way in tmp/
    assert {p.parent.name for p in left} >= {"tmp"}
    swept = _cli("cases", "sweep-evidence")  # the grace period protects uploads in flight...
    assert swept.exit_code == 0 and len(_evidence_files()) == 2
    removed = evidence_store.sweep_orphans(service.referenced_hashes(db), older_than_seconds=0)
    assert len(removed) == 1  # ...and once it has passed, nothing is left
    assert _evidence_files() == []


# ---------------------------------------------------------------- webhooks and the worker


class Receiver:
    """A platform's webhook receiver on a local port. It can hold a request open (as a slow
    receiver would) so that the worker can be killed in the middle of the call."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.answered: list[dict[str, Any]] = []
        self.hold_first = threading.Event()
        self.release = threading.Event()
        self.got_one = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"]))
                seen = {"headers": dict(self.headers.items()), "body": body}
                receiver.requests.append(seen)
                receiver.got_one.set()
                if receiver.hold_first.is_set() and len(receiver.requests) == 1:
                    receiver.release.wait(60)
                    return  # the worker is gone: nobody to answer
                self.send_response(204)
                self.end_headers()
                receiver.answered.append(seen)

            def log_message(self, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


@pytest.fixture
def worker_env(settings_env: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    """Send jobs to the real queue (huey's SQLite file in this test's data folder) and give
    back a way to start the real worker on that queue and database."""
    from huey.storage import SqliteStorage

    from hustings.config import get_settings
    from hustings.jobs.queue import huey

    data_dir = get_settings().data_dir
    data_dir.mkdir(parents=True, exist_ok=True)
    monkeypatch.setattr(huey, "storage", SqliteStorage("hustings", str(data_dir / "jobs.db")))
    monkeypatch.setattr(huey, "immediate", False)
    env = {
        **os.environ,
        "HUSTINGS_JOBS_IMMEDIATE": "false",
        "HUSTINGS_CASES_WEBHOOK_LEASE_SECONDS": "2",
        "HUSTINGS_CASES_WEBHOOK_RETRY_BASE_SECONDS": "1",
    }
    started: list[subprocess.Popen[bytes]] = []

    def start() -> subprocess.Popen[bytes]:
        log = open(tmp_path / f"worker-{len(started)}.log", "wb")  # noqa: SIM115
        process = subprocess.Popen(
            [HUSTINGS, "worker", "--workers", "2"],
            env=env,
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


# Generous: on a loaded 2-core CI machine a worker takes tens of seconds to start, and a
# delivery whose lease was still held at start-up waits for the next minute's re-scan.
WORKER_PATIENCE = 180


def _wait(condition: Any, timeout: float, what: str, logs: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}" + _worker_logs(logs))
        time.sleep(0.1)


def _worker_logs(folder: Path | None) -> str:
    """The workers' output, so a failure on CI says what the worker was doing."""
    if folder is None:
        return ""
    return "".join(
        f"\n--- {log.name}\n{log.read_text(errors='replace')[-4000:]}"
        for log in sorted(folder.glob("worker-*.log"))
    )


def _delivery(db: Any) -> WebhookDelivery:
    db.expire_all()
    delivery = db.scalars(select(WebhookDelivery)).one()
    db.commit()  # SQLite: end the read so the worker may write
    return delivery


def _check_signed(seen: dict[str, Any], secret: str, delivery_id: int, report_id: int) -> None:
    headers = {k.lower(): v for k, v in seen["headers"].items()}
    assert webhooks.verify_signature(
        secret,
        headers[webhooks.TIMESTAMP_HEADER.lower()],
        seen["body"],
        headers[webhooks.SIGNATURE_HEADER.lower()],
    )
    assert headers[webhooks.DELIVERY_HEADER.lower()] == str(delivery_id)
    assert json.loads(seen["body"])["report"]["id"] == report_id


def _routed_with_endpoint(db: Any, url: str) -> tuple[str, int]:
    world = make_world(db)
    _, secret = webhooks.register_endpoint(session=db, organisation=world.meta, url=url)
    db.commit()
    case = submitted_case(db, world.candidate)  # routes to Meta: one webhook delivery
    db.commit()  # after commit, the delivery goes onto the real queue
    report_id = next(r.id for r in case.reports if r.platform_slug == "facebook")
    db.commit()
    return secret, report_id


def test_a_delivery_survives_the_worker_being_killed_mid_call(
    db: Any, receiver: Receiver, worker_env: Any, tmp_path: Path
) -> None:
    receiver.hold_first.set()
    first = worker_env()
    secret, report_id = _routed_with_endpoint(db, receiver.url)
    assert receiver.got_one.wait(WORKER_PATIENCE), "the worker never called the receiver"
    first.send_signal(signal.SIGKILL)  # power cut, OOM killer: no clean shutdown
    first.wait(timeout=20)
    receiver.release.set()
    held = _delivery(db)
    assert held.status == DeliveryStatus.PENDING and held.attempts == 1
    assert receiver.answered == []

    worker_env()  # the restarted worker finds the delivery once its lease has lapsed
    _wait(
        lambda: _delivery(db).status == DeliveryStatus.DELIVERED,
        WORKER_PATIENCE,
        "the delivery",
        tmp_path,
    )
    time.sleep(3)  # room for any duplicate to arrive (lease and retry are 1-2 s here)
    assert len(receiver.answered) == 1
    assert len(receiver.requests) == 2  # the call cut short, then the one that was answered
    delivered = _delivery(db)
    assert delivered.attempts == 2 and delivered.last_status_code == 204
    for seen in receiver.requests:
        _check_signed(seen, secret, delivered.id, report_id)


def test_a_delivery_queued_while_no_worker_runs_arrives_once_it_starts(
    db: Any, receiver: Receiver, worker_env: Any, tmp_path: Path
) -> None:
    secret, report_id = _routed_with_endpoint(db, receiver.url)
    waiting = _delivery(db)
    assert waiting.status == DeliveryStatus.PENDING and waiting.attempts == 0
    assert receiver.requests == []

    worker_env()  # the queued task and the start-up re-scan both reach for it: one wins
    _wait(
        lambda: _delivery(db).status == DeliveryStatus.DELIVERED,
        WORKER_PATIENCE,
        "the delivery",
        tmp_path,
    )
    time.sleep(3)
    assert len(receiver.requests) == len(receiver.answered) == 1
    _check_signed(receiver.answered[0], secret, waiting.id, report_id)
    assert _delivery(db).attempts == 1
