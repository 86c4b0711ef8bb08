"""Shared fixtures: a fresh migrated database per test (SQLite or PostgreSQL), an app client,
users signed in as any role, a live server, and Debian's chromium through Playwright with axe.

HUSTINGS_TEST_BACKEND=postgresql runs the same tests on PostgreSQL
(HUSTINGS_TEST_DATABASE_URL, default postgresql://127.0.0.1:5432/test): each test worker gets a
database of its own, created and dropped here.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import secrets
import shutil
import socket
import threading
import time
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import Engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from hustings import db as dbmod
from hustings.auth.models import User
from hustings.auth.sessions import STAGE_COMPLETE
from hustings.db import Base, build_engine
from hustings.domains import import_all_models

BACKEND = os.environ.get("HUSTINGS_TEST_BACKEND", "sqlite")
PG_URL = os.environ.get("HUSTINGS_TEST_DATABASE_URL", "postgresql://127.0.0.1:5432/test")
TEST_SECRET = "test-secret-key-for-the-suite-only"
REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = REPO_ROOT.parent / "shared"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if BACKEND == "postgresql":
        for item in items:
            item.add_marker(pytest.mark.postgres)


def _migrate(url: str) -> None:
    from alembic import command

    from hustings.migrations.config import alembic_config

    command.upgrade(alembic_config(url), "head")


@pytest.fixture(scope="session")
def _database_template(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[str]:
    """Migrate once per worker: a template SQLite file, or a PostgreSQL database of its own."""
    import_all_models()
    if BACKEND == "sqlite":
        path = tmp_path_factory.mktemp("db-template") / "template.db"
        _migrate(f"sqlite:///{path}")
        yield str(path)
        return
    import psycopg

    name = f"hustings_test_{worker_id}_{os.getpid()}"
    admin_url = make_url(PG_URL)
    with psycopg.connect(str(admin_url.set(drivername="postgresql")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    url = admin_url.set(database=name).render_as_string(hide_password=False)
    _migrate(url)
    yield url
    dbmod.reset_caches()
    with psycopg.connect(str(admin_url.set(drivername="postgresql")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def database_url(_database_template: str, tmp_path: Path) -> Iterator[str]:
    """A clean, migrated database for one test."""
    if BACKEND == "sqlite":
        path = tmp_path / "hustings.db"
        shutil.copyfile(_database_template, path)
        yield f"sqlite:///{path}"
        return
    yield _database_template
    engine = build_engine(_database_template)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def settings_env(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Point the app's settings at the test database and a private data folder."""
    monkeypatch.setenv("HUSTINGS_DATABASE_URL", database_url)
    monkeypatch.setenv("HUSTINGS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HUSTINGS_ENVIRONMENT", "test")
    monkeypatch.setenv("HUSTINGS_SECRET_KEY", TEST_SECRET)
    monkeypatch.setenv("HUSTINGS_JOBS_IMMEDIATE", "true")
    dbmod.reset_caches()
    from hustings.jobs.queue import set_immediate
    from hustings.web.ratelimit import reset as reset_rate_limits

    set_immediate(True)
    reset_rate_limits()
    yield
    dbmod.reset_caches()


@pytest.fixture
def db(settings_env: None) -> Iterator[Session]:
    """A session on the test database. Tests commit what other sessions must see."""
    session = dbmod.get_sessionmaker()()
    try:
        yield session
    finally:
        session.rollback()
        session.close()


# ---------------------------------------------------------------- no database on the event loop

_LOOP_QUERIES: list[str] = []


def _note_loop_query(
    _conn: Any, _cursor: Any, statement: str, _params: Any, _context: Any, _many: bool
) -> None:
    # The app's event loop runs in a thread of its own (TestClient's portal, the live
    # server's uvicorn); the main thread is the test's, where Playwright may run a loop.
    if threading.current_thread() is threading.main_thread():
        return
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return
    ours = [f for f in traceback.extract_stack() if f"{os.sep}hustings{os.sep}" in f.filename]
    where = f" (from {ours[-1].filename}:{ours[-1].lineno} {ours[-1].name})" if ours else ""
    _LOOP_QUERIES.append(" ".join(statement.split())[:120] + where)


@pytest.fixture(scope="session", autouse=True)
def _watch_event_loop_queries() -> Iterator[None]:
    """Every engine, every backend: note each statement sent from an event loop thread."""
    event.listen(Engine, "before_cursor_execute", _note_loop_query)
    yield
    event.remove(Engine, "before_cursor_execute", _note_loop_query)


@pytest.fixture(autouse=True)
def _no_database_on_event_loop() -> Iterator[None]:
    """Fail any test during which an async route queried the database on the event loop.

    On SQLite that query may be a BEGIN IMMEDIATE waiting for the write lock held by a
    request that needs the loop to finish (a 30 s stall, then 'database is locked'); on
    PostgreSQL a row lock waits there the same way. Database work belongs in a worker
    thread: a plain def route (taking hustings.auth.forms.PostedForm for a form), or
    run_in_threadpool in an async dependency, as hustings.db's warning says.
    """
    _LOOP_QUERIES.clear()
    yield
    if _LOOP_QUERIES:
        seen = "\n  ".join(dict.fromkeys(_LOOP_QUERIES))
        _LOOP_QUERIES.clear()
        pytest.fail(f"database queried on the event loop thread:\n  {seen}", pytrace=False)


@pytest.fixture
def app(settings_env: None) -> Any:
    from hustings.main import create_app

    return create_app()


class HustingsClient:
    """A TestClient with helpers for signing in and for CSRF-protected forms."""

    def __init__(self, app: Any) -> None:
        from fastapi.testclient import TestClient

        self.http = TestClient(app, raise_server_exceptions=False, follow_redirects=False)
        self.csrf = secrets.token_urlsafe(16)
        self._set_session({"csrf": self.csrf})

    def __getattr__(self, name: str) -> Any:
        return getattr(self.http, name)

    def _set_session(self, data: dict[str, Any]) -> None:
        payload = base64.b64encode(json.dumps(data).encode())
        cookie = TimestampSigner(TEST_SECRET).sign(payload).decode()
        self.http.cookies.set("hustings_session", cookie)

    def login(self, user: User) -> HustingsClient:
        """Sign in as `user`, second factor done, without going through the forms."""
        self._set_session(
            {
                "csrf": self.csrf,
                "uid": user.id,
                "epoch": user.session_epoch,
                "stage": STAGE_COMPLETE,
                "signed_at": time.time(),
            }
        )
        return self

    def logout(self) -> HustingsClient:
        self.http.cookies.clear()
        self._set_session({"csrf": self.csrf})
        return self

    def post_form(self, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        """POST a form with the session's CSRF token, as a browser would."""
        return self.http.post(url, data={"csrf_token": self.csrf, **(data or {})}, **kwargs)


@pytest.fixture
def client(app: Any) -> HustingsClient:
    return HustingsClient(app)


@pytest.fixture
def make_client(app: Any) -> Any:
    """More clients on the same app (two platforms, a candidate and a police liaison...)."""
    return lambda: HustingsClient(app)


# ---------------------------------------------------------------- live server and browser


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def live_server(app: Any) -> Iterator[str]:
    """The app served by uvicorn on a free local port, for browser and client tests."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the live server did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's chromium, never a downloaded browser."""
    return {
        **browser_type_launch_args,
        "executable_path": shutil.which("chromium") or "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


def assert_accessible(page: Any) -> None:
    """Fail with axe's report when the page has any accessibility violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    if results.violations_count:
        pytest.fail(f"axe found violations on {page.url}:\n{results.generate_report()}")


def sign_in_browser(page: Any, live_server: str, user: User) -> None:
    """Give the browser a signed-in session cookie for `user`."""
    payload = base64.b64encode(
        json.dumps(
            {
                "uid": user.id,
                "epoch": user.session_epoch,
                "stage": STAGE_COMPLETE,
                "signed_at": time.time(),
            }
        ).encode()
    )
    cookie = TimestampSigner(TEST_SECRET).sign(payload).decode()
    page.context.add_cookies([{"name": "hustings_session", "value": cookie, "url": live_server}])


# ---------------------------------------------------------------- mail


class Mailbox:
    """Messages received by the local aiosmtpd server, as email.message.EmailMessage objects."""

    def __init__(self) -> None:
        self.messages: list[Any] = []
        self.refuse: set[str] = set()

    def to(self, address: str) -> list[Any]:
        return [m for m in self.messages if address in m["To"]]

    def wait_for(self, count: int, timeout: float = 5.0) -> list[Any]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.messages


@pytest.fixture
def smtp_server(settings_env: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    """A real SMTP server on a free local port; the app's settings point at it.

    Addresses added to `mailbox.refuse` are rejected with 550, as a bounce would be.
    """
    from email import message_from_bytes
    from email.policy import default as default_policy

    from aiosmtpd.controller import Controller

    mailbox = Mailbox()

    class Handler:
        async def handle_RCPT(
            self, server: Any, session: Any, envelope: Any, address: str, options: Any
        ) -> str:
            if address in mailbox.refuse:
                return "550 No such user here"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            mailbox.messages.append(message_from_bytes(envelope.content, policy=default_policy))
            return "250 Message accepted"

    port = _free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("HUSTINGS_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("HUSTINGS_SMTP_PORT", str(port))
    dbmod.reset_caches()
    yield mailbox
    controller.stop()
