"""Write-behind: small bookkeeping writes queued in memory and written together.

Why: an API lookup (POST /api/v1/exchange/match) only reads, but it must leave a trace: the
key's last use, a receipt for each signal matched first, an audit entry. Written in the
request, each lookup took SQLite's one write lock (and the audit chain's lock on PostgreSQL),
so lookups queued behind each other. Here they wait in memory instead, and one thread writes
everything queued in one transaction every `INTERVAL` seconds, in channel order (API keys,
then receipts, then the audit chain: the order every other writer takes those locks in).

Nothing is lost on a clean shutdown: the app's lifespan calls `stop()`, which writes what is
left; so does `hustings.db.reset_caches()` and, for any other process, `atexit`. `flush()`
writes at once (tests, and readers that want this process's latest figures). A failed write
is logged and kept for the next attempt. What a hard kill (SIGKILL, power loss) loses is at
most the last `INTERVAL` of this bookkeeping, never a signal, opinion or anything a user did.
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import structlog
from sqlalchemy.orm import Session

log = structlog.get_logger()
INTERVAL = 0.1  # seconds between writes

Writer = Callable[[Session, Sequence[Any]], None]


@dataclass
class Channel:
    """One kind of queued write: items, and how to write a batch of them in a session."""

    name: str
    order: int
    write: Writer
    pending: list[Any] = field(default_factory=list)

    def submit(self, item: Any) -> None:
        """Queue one item; the background writer starts on first use."""
        with _LOCK:
            self.pending.append(item)
        _ensure_thread()


_LOCK = threading.Lock()  # guards every channel's pending list and the thread handle
_FLUSH_LOCK = threading.Lock()  # one write at a time, in queue order
_CHANNELS: dict[str, Channel] = {}
_thread: threading.Thread | None = None
_stopping = threading.Event()
_atexit_registered = False


def channel(name: str, *, order: int, write: Writer) -> Channel:
    """Declare a channel (once per name, at import); lower `order` is written first."""
    with _LOCK:
        existing = _CHANNELS.get(name)
        if existing is not None:
            existing.write, existing.order = write, order
            return existing
        created = _CHANNELS[name] = Channel(name=name, order=order, write=write)
        return created


def forget_channel(name: str) -> None:
    """Remove a channel and anything it still holds (tests declare short-lived ones)."""
    with _LOCK:
        _CHANNELS.pop(name, None)


def pending() -> int:
    """Items queued and not yet written (for tests and shutdown logs)."""
    with _LOCK:
        return sum(len(c.pending) for c in _CHANNELS.values())


def _take() -> list[tuple[Channel, list[Any]]]:
    with _LOCK:
        batches = [(c, c.pending) for c in sorted(_CHANNELS.values(), key=lambda c: c.order)]
        for c in _CHANNELS.values():
            c.pending = []
    return [(c, items) for c, items in batches if items]


def _put_back(batches: list[tuple[Channel, list[Any]]]) -> None:
    with _LOCK:
        for c, items in batches:
            c.pending[:0] = items


def flush() -> int:
    """Write everything queued now, in one transaction; returns how many items were written.
    On failure the items stay queued and the error is raised.
    """
    from hustings.db import get_sessionmaker

    with _FLUSH_LOCK:
        batches = _take()
        if not batches:
            return 0
        session = get_sessionmaker()()
        try:
            for c, items in batches:
                c.write(session, items)
            session.commit()
        except BaseException:
            session.rollback()
            _put_back(batches)
            raise
        finally:
            session.close()
        return sum(len(items) for _, items in batches)


def _run() -> None:
    while not _stopping.wait(INTERVAL):
        try:
            flush()
        except Exception:
            log.exception("writebehind_flush_failed", pending=pending())


def _ensure_thread() -> None:
    global _thread, _atexit_registered
    if _thread is not None and _thread.is_alive():
        return
    with _LOCK:
        if _thread is not None and _thread.is_alive():
            return
        _stopping.clear()
        _thread = threading.Thread(target=_run, name="hustings-writebehind", daemon=True)
        _thread.start()
        if not _atexit_registered:
            atexit.register(stop)
            _atexit_registered = True


def stop() -> None:
    """Stop the background writer and write what is left (app shutdown, switching databases).
    Anything that still cannot be written is logged and dropped, so that it never lands in
    another database.
    """
    global _thread
    with _LOCK:
        thread, _thread = _thread, None
    _stopping.set()
    if thread is not None:
        thread.join(timeout=30)
    try:
        flush()
    except Exception:
        lost = pending()
        _take()
        log.exception("writebehind_lost_on_stop", items=lost)
