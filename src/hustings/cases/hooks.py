"""Run work (enqueue a job, send a webhook) only once the transaction that needs it commits.

A job enqueued before commit could run before its rows exist (and, with jobs running in
process, would wait on the very lock the request holds). Calls registered here run after a
commit and are dropped on rollback, so nothing is announced that did not happen. A failure
to enqueue is logged, never raised: the webhook outbox is re-scanned on a schedule.
"""

from __future__ import annotations

from collections.abc import Callable

import structlog
from sqlalchemy import event
from sqlalchemy.orm import Session

_KEY = "cases_after_commit"
log = structlog.get_logger()


def after_commit(session: Session, call: Callable[[], object]) -> None:
    pending: list[Callable[[], object]] | None = session.info.get(_KEY)
    if pending is None:
        pending = []
        session.info[_KEY] = pending
        event.listen(session, "after_commit", _run)
        event.listen(session, "after_rollback", _drop)
    pending.append(call)


def _run(session: Session) -> None:
    pending: list[Callable[[], object]] = session.info.get(_KEY, [])
    calls, pending[:] = list(pending), []
    for call in calls:
        try:
            call()
        except Exception:
            log.exception("after_commit_call_failed", call=getattr(call, "__name__", "call"))


def _drop(session: Session) -> None:
    session.info.get(_KEY, []).clear()
