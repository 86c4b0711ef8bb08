"""Background work for the exchange: keep the matching index's snapshot fresh, so that a web
process starting up loads it and replays only the feed since (rather than every signal).
"""

from __future__ import annotations

import structlog

from hustings.db import session_scope
from hustings.exchange.index import shared_index, snapshot_path

log = structlog.get_logger()


def save_index_snapshot() -> int:
    """Catch the worker's index up with the feed and write it out; returns live signals."""
    with session_scope() as session:
        index = shared_index(session)
    index.save(snapshot_path())
    log.info("exchange_snapshot_saved", live=len(index.live), seq=index.last_seq)
    return len(index.live)
