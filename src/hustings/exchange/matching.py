"""Matching a platform's hashes, links, accounts and texts against the signals it may see.

Queries are normalised with the same signal types as shared signals; a text sent in a query is
fingerprinted here and dropped at once (never stored or logged). Each match is recorded as a
receipt (first match per receiver and signal), which is where the lag figures come from, and
each lookup is audited; both are written behind (service.note_matches), so a lookup only reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hustings.exchange import kinds, service, textprint
from hustings.exchange.config import exchange_settings
from hustings.exchange.index import Entry, Hit, shared_index
from hustings.exchange.models import Signal, SignalKind


@dataclass(frozen=True)
class Query:
    kind: SignalKind
    value: str
    handle: tuple[str, str] | None = None
    minhash: list[int] | None = None


def parse_query(raw: dict[str, Any]) -> Query:
    """One query dict (as QueryIn) to a normalised lookup; ValueError says what is wrong."""
    kind = SignalKind(raw["type"])
    if kind in (SignalKind.PDQ, SignalKind.MD5, SignalKind.SHA256):
        return Query(kind, kinds.REGISTRY[kind].normalise({"hash": raw.get("hash")}).value)
    if kind == SignalKind.URL:
        return Query(kind, kinds.normalise_url(str(raw.get("url") or "")))
    if kind == SignalKind.ACCOUNT:
        platform = str(raw.get("platform") or "").strip().lower()
        if not platform:
            raise ValueError("'platform' is required")
        account_id = raw.get("account_id")
        handle = raw.get("handle")
        if not account_id and not handle:
            raise ValueError("give 'account_id' or 'handle'")
        return Query(
            kind,
            kinds.account_key(platform, str(account_id)) if account_id else "",
            handle=(platform, kinds.normalise_handle(str(handle))) if handle else None,
        )
    text = raw.get("text")
    if text is not None:
        printed = textprint.fingerprint(str(text))
        return Query(kind, printed.exact, minhash=textprint.decode(printed.minhash))
    exact = str(raw.get("exact") or "").lower()
    if len(exact) != 64 or any(c not in "0123456789abcdef" for c in exact):
        raise ValueError("'exact' is a SHA-256: 64 hexadecimal digits (or send 'text')")
    minhash = raw.get("minhash")
    return Query(kind, exact, minhash=textprint.decode(str(minhash).lower()) if minhash else None)


def parse_queries(raws: Sequence[dict[str, Any]]) -> list[Query]:
    problems: dict[str, str] = {}
    queries: list[Query] = []
    for number, raw in enumerate(raws):
        try:
            queries.append(parse_query(raw))
        except ValueError as error:
            problems[f"queries[{number}]"] = str(error)
    if problems:
        raise service.ExchangeInvalid(problems)
    return queries


def match(
    *,
    session: Session,
    organisation_id: int,
    queries: Sequence[Query],
    actor: str,
    pdq_threshold: int | None = None,
    min_similarity: float | None = None,
    include_suppressed: bool = False,
) -> list[list[tuple[Signal, Hit]]]:
    """For each query, the live signals this organisation may see that match it."""
    settings = exchange_settings()
    threshold = settings.pdq_threshold if pdq_threshold is None else pdq_threshold
    threshold = min(threshold, settings.pdq_max_threshold)
    similarity = settings.text_min_similarity if min_similarity is None else min_similarity
    groups = service.group_ids_of(session, organisation_id)

    def visible(entry: Entry) -> bool:
        return entry.source_org_id == organisation_id or entry.group_id in groups

    index = shared_index(session)
    found: list[list[Hit]] = [
        index.lookup(
            q.kind,
            q.value,
            visible=visible,
            include_suppressed=include_suppressed,
            pdq_threshold=threshold,
            min_similarity=similarity,
            handle=q.handle,
            minhash=q.minhash,
        )
        for q in queries
    ]
    ids = sorted({hit.signal_id for hits in found for hit in hits})
    signals: dict[int, Signal] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        signals.update(
            {s.id: s for s in session.scalars(select(Signal).where(Signal.id.in_(chunk)))}
        )
    service.note_matches(
        organisation_id=organisation_id,
        signal_ids=ids,
        theirs=[i for i, s in signals.items() if s.source_org_id != organisation_id],
        actor=actor,
    )
    return [
        sorted(
            ((signals[h.signal_id], h) for h in hits if h.signal_id in signals),
            key=lambda pair: (pair[1].distance or 0, -(pair[1].similarity or 0), pair[0].id),
        )
        for hits in found
    ]
