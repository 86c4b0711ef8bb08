"""Serving the app for a benchmark: a free port, uvicorn as in production, and the wait for
/healthz (importing the whole app takes a while on a busy 2-core machine)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

START_TIMEOUT_S = 180


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_app(
    env: dict[str, str], port: int, *, workers: int = 1, cwd: Path | None = None
) -> subprocess.Popen[bytes]:
    """uvicorn serving hustings.main:create_app on 127.0.0.1:`port`, quiet but for warnings."""
    return subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "hustings.main:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
         "--log-level", "warning"],
        env=env, cwd=cwd,
    )  # fmt: skip


def wait_healthy(base: str, server: subprocess.Popen[bytes]) -> None:
    """Return once `base`/healthz answers 200; fail if the server exits or never answers."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        if server.poll() is not None:
            raise RuntimeError(f"uvicorn exited with {server.returncode}")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"{base}/healthz", timeout=5).status_code == 200:
                return
        if time.monotonic() > deadline:
            raise RuntimeError(f"uvicorn did not start within {START_TIMEOUT_S} s")
        time.sleep(0.2)


@contextlib.contextmanager
def scratch_database(backend: str, tmp: Path, admin_url: str, prefix: str) -> Iterator[str]:
    """A fresh, empty database URL for one run: a SQLite file in `tmp`, or a PostgreSQL
    database made beside `admin_url` and dropped afterwards (once this process has let go)."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp / 'bench.db'}"
        return
    import psycopg
    from sqlalchemy.engine import make_url

    admin = make_url(admin_url).set(drivername="postgresql")
    admin_dsn = admin.render_as_string(hide_password=False)
    name = f"{prefix}_{os.getpid()}"
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        from hustings import db as dbmod

        dbmod.reset_caches()
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
