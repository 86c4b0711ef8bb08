"""Database engine and sessions: SQLite (default, WAL) or PostgreSQL, chosen by URL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import anyio.to_thread
import structlog
from sqlalchemy import DateTime, Engine, Enum, MetaData, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from hustings.config import get_settings

log = structlog.get_logger()

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every table; constraint names are stable so migrations work on both databases."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both SQLite (which drops the zone) and PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored: use datetime.now(UTC)")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def utcnow() -> datetime:
    """The current time in UTC, the only clock the domain code uses."""
    return datetime.now(UTC)


def normalise_url(url: str) -> str:
    """Use the psycopg 3 driver for plain postgresql:// URLs."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


_LOOP_HINT = (
    "an async route queried the database on the event loop: BEGIN IMMEDIATE may wait there "
    "for SQLite's write lock while the request holding it needs the loop to finish (a 30 s "
    "stall, then 'database is locked'); make the route a plain def (a form comes in as "
    "hustings.auth.forms.PostedForm) or run the database work with run_in_threadpool"
)


def _on_event_loop() -> bool:
    """Whether this thread is running an asyncio event loop (an async route's thread)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


class UnstorableText(ValueError):
    """Input text holding a NUL character, which PostgreSQL cannot store in a text column."""


def _refuse_nul_text(
    _conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, executemany: bool
) -> tuple[str, Any]:
    """Refuse a NUL in any text parameter, on both databases alike.

    PostgreSQL rejects one deep in the driver (a DataError, which became a 500 for whatever
    route stored it); SQLite would store it. Checking every statement's parameters here,
    once, gives each route the same clear refusal without auditing every text field.
    """
    if _holds_nul(parameters):
        raise UnstorableText("text must not contain a NUL character (\\0)")
    return statement, parameters


def _holds_nul(parameters: Any) -> bool:
    """Whether any text among the parameters holds a NUL.

    They come as one row (a dict or a sequence), as a sequence of rows (executemany), or as
    one flat sequence of many rows' values (SQLAlchemy's batched "insertmanyvalues"); a list
    value is an array column. Plain loops: bulk inserts pass hundreds of thousands of rows,
    and this costs about half a microsecond a row.
    """
    if isinstance(parameters, dict):
        parameters = parameters.values()
    elif not isinstance(parameters, (list, tuple)):
        return isinstance(parameters, str) and "\x00" in parameters
    for item in parameters:
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):  # a row of an executemany, checked here without a call
            for value in item.values():
                if isinstance(value, str):
                    if "\x00" in value:
                        return True
                elif isinstance(value, (list, tuple)) and _holds_nul(value):
                    return True
        elif isinstance(item, (list, tuple)) and _holds_nul(item):
            return True
    return False


def build_engine(url: str, *, read_only: bool = False) -> Engine:
    """An engine for the URL; SQLite gets WAL, foreign keys and a busy timeout.

    `read_only` (SQLite): no BEGIN at all, so each statement reads its own snapshot and holds
    no lock between statements (WAL has few reader slots, shared by every process); writes
    are refused. Readers then run beside the one writer instead of queueing for its lock.
    `read_only` (PostgreSQL): autocommit, the same one-snapshot-per-statement reads, without
    the BEGIN and ROLLBACK round trips a lookup would otherwise pay on a busy server.
    """
    url = normalise_url(url)
    engine = _create(url, read_only)
    event.listen(engine, "before_cursor_execute", _refuse_nul_text, retval=True)
    return engine


def _create(url: str, read_only: bool) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            # Readers run side by side (one per request thread): keep their connections
            # rather than opening and closing the ones past the default five.
            **({"pool_size": 20, "max_overflow": 20} if read_only else {}),
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            # Let SQLAlchemy's "begin" event below emit BEGIN itself.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            if read_only:
                cursor.execute("PRAGMA query_only=ON")
            cursor.close()

        if not read_only:

            @event.listens_for(engine, "begin")
            def _begin_immediate(connection: Any) -> None:
                # Serialise writers from the first statement, so that a read-then-write (the
                # audit chain, a feed cursor) never works from a stale snapshot.
                if _on_event_loop():
                    log.warning("database_wait_on_event_loop", hint=_LOOP_HINT)
                connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    if read_only:
        return create_engine(
            url, pool_pre_ping=True, pool_size=10, max_overflow=20, isolation_level="AUTOCOMMIT"
        )
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


@lru_cache
def get_engine() -> Engine:
    """The process-wide engine for the configured database."""
    settings = get_settings()
    if settings.database_url.startswith("sqlite:///"):
        from pathlib import Path

        Path(settings.database_url.removeprefix("sqlite:///")).parent.mkdir(
            parents=True, exist_ok=True
        )
    return build_engine(settings.database_url)


@lru_cache
def get_sessionmaker() -> sessionmaker[Session]:
    return sessionmaker(bind=get_engine(), expire_on_commit=False)


@lru_cache
def get_read_sessionmaker() -> sessionmaker[Session]:
    """Sessions for requests that only read (the match endpoint): a second engine whose
    statements run outside any transaction (SQLite: never waiting for the write lock)."""
    return sessionmaker(
        bind=build_engine(get_settings().database_url, read_only=True), expire_on_commit=False
    )


@contextmanager
def session_scope() -> Iterator[Session]:
    """A unit of work for CLI commands and jobs: commit on success, roll back on error."""
    session = get_sessionmaker()()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def reset_caches() -> None:
    """Forget the engine and settings (tests switch databases between runs), after writing
    what is still queued behind (hustings.writebehind) to the database it belongs to.
    """
    from hustings import writebehind

    writebehind.stop()
    if get_read_sessionmaker.cache_info().currsize:
        get_read_sessionmaker().kw["bind"].dispose()  # always its own engine
    if get_engine.cache_info().currsize:
        get_engine().dispose()
    get_engine.cache_clear()
    get_sessionmaker.cache_clear()
    get_read_sessionmaker.cache_clear()
    get_settings.cache_clear()


def get_db() -> Iterator[Session]:
    """A session per request. Handlers commit explicitly; anything uncommitted is rolled back."""
    session = get_sessionmaker()()
    try:
        yield session
    finally:
        session.rollback()
        session.close()


async def get_read_db() -> AsyncIterator[Session]:
    """A read-only session per request (see get_read_sessionmaker); writes go behind.

    Made and closed on the event loop (no database work happens there: the route ends its
    transaction in its worker thread, else the rollback goes to one), which saves two
    thread hand-offs per request on the hottest route.
    """
    session = get_read_sessionmaker()()
    try:
        yield session
    finally:
        if session.in_transaction():
            await anyio.to_thread.run_sync(session.rollback)
        session.close()


def enum_column(enum_class: type[Any], length: int = 32) -> Enum:
    """A portable enum column that stores the members' values ('platform'), not their names."""
    return Enum(
        enum_class,
        native_enum=False,
        length=length,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )
