"""The signals part of the campaign report, read from the exchange domain's tables: signals
platforms shared in the range, the matches other platforms made, and how long a signal took
from the source platform's own action to another platform's match (and action).

Only organisation slugs and signal kinds appear: never a signal's value or a case.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, literal_column, select
from sqlalchemy.orm import Session, aliased

from hustings.auth.models import Organisation
from hustings.exchange.models import Receipt, Signal
from hustings.reporting.schemas import Durations, SignalPair, SignalsSection


def signals_section(
    *, session: Session, dialect: Any, low: datetime, high: datetime
) -> SignalsSection:
    from hustings.reporting.campaign import nearest_rank

    source = aliased(Organisation)
    receiver = aliased(Organisation)
    shared_in = and_(Signal.created_at >= low, Signal.created_at < high)
    by_platform = {
        str(slug): int(n)
        for slug, n in session.execute(
            select(source.slug, func.count())
            .select_from(Signal)
            .join(source, source.id == Signal.source_org_id)
            .where(shared_in)
            .group_by(source.slug)
            .order_by(source.slug)
        )
    }
    by_kind = {
        str(getattr(kind, "value", kind)): int(n)
        for kind, n in session.execute(
            select(Signal.kind, func.count()).where(shared_in).group_by(Signal.kind)
        )
    }

    # Matches and actions by platforms other than the one that shared the signal.
    other = Receipt.organisation_id != Signal.source_org_id
    matched_in = and_(
        other, Receipt.matched_at.is_not(None), Receipt.matched_at >= low, Receipt.matched_at < high
    )
    acted_in = and_(
        other, Receipt.acted_at.is_not(None), Receipt.acted_at >= low, Receipt.acted_at < high
    )

    def joined(*columns: Any) -> Any:
        return (
            select(*columns)
            .select_from(Receipt)
            .join(Signal, Signal.id == Receipt.signal_id)
            .join(source, source.id == Signal.source_org_id)
            .join(receiver, receiver.id == Receipt.organisation_id)
        )

    pair_key = source.slug + " " + receiver.slug
    match_seconds = dialect.seconds_between(Receipt.matched_at, Signal.source_acted_at)
    act_seconds = dialect.seconds_between(Receipt.acted_at, Signal.source_acted_at)
    match_lags = nearest_rank(
        session, joined(Receipt.id).where(matched_in), pair_key, match_seconds, Receipt.id
    )
    act_lags = nearest_rank(
        session, joined(Receipt.id).where(acted_in), pair_key, act_seconds, Receipt.id
    )
    overall_match = nearest_rank(
        session,
        joined(Receipt.id).where(matched_in),
        literal_column("'all'"),
        match_seconds,
        Receipt.id,
    )
    overall_act = nearest_rank(
        session,
        joined(Receipt.id).where(acted_in),
        literal_column("'all'"),
        act_seconds,
        Receipt.id,
    )
    signals_matched = int(
        session.scalar(joined(func.count(func.distinct(Receipt.signal_id))).where(matched_in)) or 0
    )
    pairs = []
    for key in sorted(set(match_lags) | set(act_lags)):
        source_slug, _, receiver_slug = str(key).partition(" ")
        matched = match_lags.get(key, Durations(count=0))
        acted = act_lags.get(key, Durations(count=0))
        pairs.append(
            SignalPair(
                source=source_slug,
                receiver=receiver_slug,
                matched=matched.count,
                time_to_match=matched,
                acted=acted.count,
                time_to_act=acted,
            )
        )
    slugs = set(by_platform) | {p.source for p in pairs} | {p.receiver for p in pairs}
    names = {
        str(slug): str(name)
        for slug, name in session.execute(
            select(Organisation.slug, Organisation.name).where(Organisation.slug.in_(sorted(slugs)))
        )
    }
    time_to_match = overall_match.get("all", Durations(count=0))
    time_to_act = overall_act.get("all", Durations(count=0))
    return SignalsSection(
        available=True,
        shared=sum(by_platform.values()),
        shared_by_platform=by_platform,
        shared_by_kind=dict(sorted(by_kind.items())),
        platform_names=names,
        matches=time_to_match.count,
        signals_matched=signals_matched,
        acted=time_to_act.count,
        time_to_match=time_to_match,
        time_to_act=time_to_act,
        pairs=pairs,
    )
