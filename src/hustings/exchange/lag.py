"""How long a signal takes to help: from the source platform's action to each receiver's first
match and each receiver's own action, per pair of platforms (median and 90th percentile).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from hustings.auth.models import Organisation
from hustings.exchange.models import Receipt, Signal


@dataclass(frozen=True)
class PairLag:
    source: str
    receiver: str
    matched: int  # signals the receiver matched
    match_median: float | None  # seconds from the source's action to the receiver's match
    match_p90: float | None
    acted: int
    act_median: float | None  # seconds from the source's action to the receiver's action
    act_p90: float | None


def percentile(values: list[float], share: float) -> float | None:
    """Linear interpolation between closest ranks (as numpy's default); None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * share
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _seconds(later: datetime | None, earlier: datetime) -> float | None:
    if later is None:
        return None
    return max((later - earlier).total_seconds(), 0.0)


def pair_lags(session: Session) -> list[PairLag]:
    """Every (source, receiver) pair with at least one receipt, by source then receiver."""
    source = aliased(Organisation)
    receiver = aliased(Organisation)
    rows = session.execute(
        select(
            source.slug,
            receiver.slug,
            Signal.source_acted_at,
            Receipt.matched_at,
            Receipt.acted_at,
        )
        .join(Signal, Signal.id == Receipt.signal_id)
        .join(source, source.id == Signal.source_org_id)
        .join(receiver, receiver.id == Receipt.organisation_id)
    ).all()
    grouped: dict[tuple[str, str], tuple[list[float], list[float]]] = {}
    for source_slug, receiver_slug, acted_at, matched_at, receiver_acted_at in rows:
        matches, actions = grouped.setdefault((source_slug, receiver_slug), ([], []))
        match_lag = _seconds(matched_at, acted_at)
        if match_lag is not None:
            matches.append(match_lag)
        act_lag = _seconds(receiver_acted_at, acted_at)
        if act_lag is not None:
            actions.append(act_lag)
    return [
        PairLag(
            source=pair[0],
            receiver=pair[1],
            matched=len(matches),
            match_median=percentile(matches, 0.5),
            match_p90=percentile(matches, 0.9),
            acted=len(actions),
            act_median=percentile(actions, 0.5),
            act_p90=percentile(actions, 0.9),
        )
        for pair, (matches, actions) in sorted(grouped.items())
    ]
