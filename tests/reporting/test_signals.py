"""The signals section of the campaign report equals a plain count of the exchange's rows:
signals shared in the range by platform and kind, matches and actions by other platforms, and
the lag from the sharing platform's action (nearest-rank median and p90), on both databases."""

from __future__ import annotations

import math
import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from hustings.auth.models import Organisation
from hustings.auth.roles import OrgKind
from hustings.exchange.models import (
    Receipt,
    SharingGroup,
    Signal,
    SignalKind,
    SourceAction,
    Tlp,
)
from hustings.reporting.campaign import campaign_report
from tests.factories.auth import make_org
from tests.factories.reporting import spread_cases

FIRST = date(2026, 10, 1)
NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def _in(moment: datetime | None, start: date, end: date) -> bool:
    return moment is not None and start <= moment.astimezone(UTC).date() <= end


def _nearest_rank(values: list[int], p: float) -> int:
    ordered = sorted(values)
    return ordered[math.ceil(p * len(ordered)) - 1]


def _lag(later: datetime | None, earlier: datetime) -> int:
    assert later is not None
    return round((later - earlier).total_seconds())


def _exchange(db: Session, seed: int = 3) -> list[Organisation]:
    rng = random.Random(seed)
    platforms = [
        make_org(db, OrgKind.PLATFORM, slug="meta", name="Meta", platform_slugs=["facebook"]),
        make_org(db, OrgKind.PLATFORM, slug="x-corp", name="X Corp", platform_slugs=["x"]),
        make_org(db, OrgKind.PLATFORM, slug="bytedance", name="TikTok", platform_slugs=["tiktok"]),
    ]
    group = SharingGroup(slug="election", name="Election")
    db.add(group)
    db.flush()
    for n in range(60):
        source = rng.choice(platforms)
        acted = datetime(2026, 10, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(60 * 24 * 25))
        signal = Signal(
            seq=n + 1,
            kind=rng.choice(list(SignalKind)),
            value=f"value-{n}",
            details={},
            labels=["harassment"],
            confidence=0.9,
            source_org_id=source.id,
            source_action=SourceAction.REMOVED,
            source_acted_at=acted,
            sharing_group_id=group.id,
            tlp=Tlp.GREEN,
            expires_at=acted + timedelta(days=90),
            created_at=acted + timedelta(minutes=rng.randrange(1, 120)),
            updated_at=acted,
        )
        db.add(signal)
        db.flush()
        for receiver in platforms:
            if rng.random() < 0.5:
                continue
            matched = acted + timedelta(minutes=rng.randrange(5, 60 * 48))
            receipt = Receipt(
                signal_id=signal.id,
                organisation_id=receiver.id,
                matched_at=matched,
                acted_at=matched + timedelta(minutes=rng.randrange(1, 600))
                if rng.random() < 0.6
                else None,
            )
            db.add(receipt)
    db.flush()
    return platforms


def test_signal_figures_equal_plain_counts(db: Session) -> None:
    spread_cases(db, first_day=FIRST, days=20, cases=10, candidates=4)
    _exchange(db)
    db.commit()
    start, end = FIRST + timedelta(days=2), FIRST + timedelta(days=19)
    section = campaign_report(session=db, start=start, end=end, now=NOW).signals
    assert section.available

    orgs = {o.id: o.slug for o in db.scalars(select(Organisation))}
    signals = list(db.scalars(select(Signal)))
    shared = [s for s in signals if _in(s.created_at, start, end)]
    assert section.shared == len(shared) > 0
    assert section.shared_by_platform == dict(Counter(orgs[s.source_org_id] for s in shared))
    assert section.shared_by_kind == dict(Counter(s.kind.value for s in shared))
    assert section.platform_names["x-corp"] == "X Corp"

    by_id = {s.id: s for s in signals}
    receipts = list(db.scalars(select(Receipt)))
    matches = [
        r
        for r in receipts
        if r.organisation_id != by_id[r.signal_id].source_org_id and _in(r.matched_at, start, end)
    ]
    actions = [
        r
        for r in receipts
        if r.organisation_id != by_id[r.signal_id].source_org_id and _in(r.acted_at, start, end)
    ]
    assert section.matches == len(matches) > 0
    assert section.signals_matched == len({r.signal_id for r in matches})
    assert section.acted == len(actions) > 0
    lags = [_lag(r.matched_at, by_id[r.signal_id].source_acted_at) for r in matches]
    assert section.time_to_match.median_seconds == _nearest_rank(lags, 0.5)
    assert section.time_to_match.p90_seconds == _nearest_rank(lags, 0.9)

    pairs = Counter(
        (orgs[by_id[r.signal_id].source_org_id], orgs[r.organisation_id]) for r in matches
    )
    assert {(p.source, p.receiver): p.matched for p in section.pairs if p.matched} == dict(pairs)
    for pair in section.pairs:
        mine = [
            _lag(r.matched_at, by_id[r.signal_id].source_acted_at)
            for r in matches
            if (orgs[by_id[r.signal_id].source_org_id], orgs[r.organisation_id])
            == (pair.source, pair.receiver)
        ]
        if mine:
            assert pair.time_to_match.median_seconds == _nearest_rank(mine, 0.5)
    assert all(p.source != p.receiver for p in section.pairs)


def test_no_signals_gives_zeros_not_an_error(db: Session) -> None:
    spread_cases(db, first_day=FIRST, days=5, cases=5, candidates=2)
    db.commit()
    section = campaign_report(
        session=db, start=FIRST, end=FIRST + timedelta(days=4), now=NOW
    ).signals
    assert section.available and section.shared == 0 and section.matches == 0
    assert section.time_to_match.median_seconds is None
