"""The exchange's business rules: share, withdraw, read the feed, give opinions, record
receipts, manage sharing groups.

Kept free of the web layer so the TAXII server and the python-threatexchange extension can
call the same functions. Every change to a signal takes the next feed sequence from the one
counter row, first thing in its transaction (before the audit chain's lock, always in that
order, so two writers never wait on each other crosswise): the row lock (PostgreSQL) or
BEGIN IMMEDIATE (SQLite) holds other writers until commit, so sequence order is commit order
and a reader's `seq > cursor` never skips a change that commits later with a smaller number.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, and_, case, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from hustings import writebehind
from hustings.audit.service import record, record_later
from hustings.auth.models import Organisation
from hustings.db import utcnow
from hustings.exchange import webhooks
from hustings.exchange.config import exchange_settings
from hustings.exchange.kinds import Normalised
from hustings.exchange.models import (
    FeedCounter,
    GroupMember,
    Opinion,
    OpinionKind,
    Receipt,
    SharingGroup,
    Signal,
    SignalStatus,
    SourceAction,
    Tlp,
)
from hustings.policy.service import harms

MAX_LABELS = 10
CLOCK_SKEW = timedelta(minutes=5)


class ExchangeInvalid(ValueError):
    """Input refused as a whole; `problems` maps "signals[3].hash" style paths to messages."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


class NotVisible(LookupError):
    """The signal does not exist or the organisation may not see it (the same answer)."""


class NotYours(PermissionError):
    """Only the organisation that shared a signal may withdraw it."""


class OwnSignal(ValueError):
    """A platform does not give opinions on its own signals."""


@dataclass(frozen=True)
class NewSignal:
    """One signal to share, already normalised by its signal type (hustings.exchange.kinds)."""

    indicator: Normalised
    labels: Sequence[str]
    confidence: float
    action: SourceAction
    acted_at: datetime
    sharing_group: str
    tlp: Tlp = Tlp.AMBER
    expires_at: datetime | None = None
    report_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------- the feed sequence


def next_seq(session: Session) -> int:
    """Take the next feed number; the counter row stays locked until this transaction ends."""
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = (
        insert(FeedCounter)
        .values(id=1, last_seq=1, epoch=secrets.token_hex(8))
        .on_conflict_do_update(
            index_elements=[FeedCounter.id], set_={"last_seq": FeedCounter.last_seq + 1}
        )
        .returning(FeedCounter.last_seq)
    )
    return int(session.execute(statement).scalar_one())


def _touch(session: Session, signal: Signal, seq: int, *, new: bool = False) -> None:
    signal.seq = seq
    signal.updated_at = utcnow()
    if not new:
        signal.version = (signal.version or 1) + 1


# ---------------------------------------------------------------- sharing groups


def create_group(*, session: Session, slug: str, name: str, actor: str) -> SharingGroup:
    group = SharingGroup(slug=slug, name=name)
    session.add(group)
    session.flush()
    record(
        session=session,
        actor=actor,
        action="exchange.group_created",
        subject_type="sharing_group",
        subject_id=group.id,
        details={"slug": slug},
    )
    return group


def add_member(
    *, session: Session, group: SharingGroup, organisation: Organisation, actor: str
) -> GroupMember:
    existing = session.scalar(
        select(GroupMember)
        .where(GroupMember.group_id == group.id)
        .where(GroupMember.organisation_id == organisation.id)
    )
    if existing is not None:
        return existing
    member = GroupMember(group_id=group.id, organisation_id=organisation.id)
    session.add(member)
    session.flush()
    record(
        session=session,
        actor=actor,
        action="exchange.group_member_added",
        subject_type="sharing_group",
        subject_id=group.id,
        details={"organisation_id": organisation.id},
    )
    return member


def group_by_slug(session: Session, slug: str) -> SharingGroup | None:
    return session.scalar(select(SharingGroup).where(SharingGroup.slug == slug))


def all_groups(session: Session) -> list[SharingGroup]:
    return list(session.scalars(select(SharingGroup).order_by(SharingGroup.slug)))


def member_slugs(session: Session, group_id: int) -> list[str]:
    return list(
        session.scalars(
            select(Organisation.slug)
            .join(GroupMember, GroupMember.organisation_id == Organisation.id)
            .where(GroupMember.group_id == group_id)
            .order_by(Organisation.slug)
        )
    )


def group_ids_of(session: Session, organisation_id: int) -> set[int]:
    """The sharing groups an organisation belongs to."""
    members = cast(Table, GroupMember.__table__)  # plain SQL: on every lookup, and cheaper
    return set(
        session.scalars(
            select(members.c.group_id).where(members.c.organisation_id == organisation_id)
        )
    )


def groups_of(session: Session, organisation_id: int) -> list[SharingGroup]:
    return list(
        session.scalars(
            select(SharingGroup)
            .join(GroupMember, GroupMember.group_id == SharingGroup.id)
            .where(GroupMember.organisation_id == organisation_id)
            .order_by(SharingGroup.slug)
        )
    )


def _visible_clause(session: Session, organisation_id: int) -> Any:
    groups = group_ids_of(session, organisation_id)
    clauses = [Signal.source_org_id == organisation_id]
    if groups:
        clauses.append(Signal.sharing_group_id.in_(groups))
    return or_(*clauses)


def can_see(session: Session, organisation_id: int, signal: Signal) -> bool:
    return signal.source_org_id == organisation_id or signal.sharing_group_id in group_ids_of(
        session, organisation_id
    )


def visible_signal(session: Session, organisation_id: int, signal_id: int) -> Signal:
    signal = session.get(Signal, signal_id, populate_existing=True)
    if signal is None or not can_see(session, organisation_id, signal):
        raise NotVisible(signal_id)
    return signal


def view_signal(*, session: Session, organisation_id: int, signal_id: int, actor: str) -> Signal:
    """One signal, as an audited read."""
    signal = visible_signal(session, organisation_id, signal_id)
    record(
        session=session,
        actor=actor,
        action="exchange.signal_viewed",
        subject_type="exchange_signal",
        subject_id=signal.id,
    )
    return signal


# ---------------------------------------------------------------- expiry


def election_day(session: Session) -> Any:
    """Exchange setting, else the coordinator's case retention setting, else cases' default."""
    configured = exchange_settings().election_day
    if configured is not None:
        return configured
    from hustings.cases.config import cases_settings
    from hustings.cases.models import RetentionSetting

    setting = session.get(RetentionSetting, 1)
    return setting.election_day if setting is not None else cases_settings().election_day


def default_expiry(session: Session, now: datetime | None = None) -> datetime:
    """Election day plus 30 days; between elections (when that has passed) 30 days from now."""
    now = now or utcnow()
    settings = exchange_settings()
    day = election_day(session)
    expiry = datetime(day.year, day.month, day.day, tzinfo=now.tzinfo) + timedelta(
        days=settings.expiry_days_after_election
    )
    if expiry <= now:
        expiry = now + timedelta(days=settings.fallback_expiry_days)
    return expiry


# ---------------------------------------------------------------- sharing signals


def _check(
    session: Session, organisation: Organisation, index: int, item: NewSignal
) -> tuple[dict[str, str], SharingGroup | None, int | None]:
    problems: dict[str, str] = {}
    where = f"signals[{index}]"
    known = {h.slug for h in harms()}
    if not item.labels:
        problems[f"{where}.labels"] = "give at least one harm label"
    elif len(item.labels) > MAX_LABELS:
        problems[f"{where}.labels"] = f"at most {MAX_LABELS} labels"
    else:
        unknown = sorted(set(item.labels) - known)
        if unknown:
            problems[f"{where}.labels"] = f"not harm labels in the taxonomy: {', '.join(unknown)}"
    if not 0.0 <= item.confidence <= 1.0:
        problems[f"{where}.confidence"] = "confidence is a number from 0 to 1"
    now = utcnow()
    if item.acted_at.tzinfo is None:
        problems[f"{where}.acted_at"] = "give a time zone (e.g. 2026-05-01T10:00:00Z)"
    elif item.acted_at > now + CLOCK_SKEW:
        problems[f"{where}.acted_at"] = "the action cannot be in the future"
    if item.expires_at is not None and (item.expires_at.tzinfo is None or item.expires_at <= now):
        problems[f"{where}.expires_at"] = "expiry must be a future time with a time zone"
    group = group_by_slug(session, item.sharing_group)
    if group is None or group.id not in group_ids_of(session, organisation.id):
        problems[f"{where}.sharing_group"] = "not a sharing group your organisation belongs to"
        group = None
    case_id: int | None = None
    if item.report_id is not None:
        from hustings.cases.models import RoutedReport

        report = session.get(RoutedReport, item.report_id)
        if report is None or report.organisation_id != organisation.id:
            problems[f"{where}.report_id"] = "not a report routed to your organisation"
        else:
            case_id = report.case_id
    return problems, group, case_id


def submit_signals(
    *, session: Session, organisation: Organisation, items: Sequence[NewSignal], actor: str
) -> list[Signal]:
    """Share a batch: every item is checked first and nothing is written if any is refused.

    Sharing the same value again in the same group updates the signal (a new version; a
    withdrawn one comes back), so retries are safe.
    """
    problems: dict[str, str] = {}
    checked: list[tuple[NewSignal, SharingGroup, int | None]] = []
    seen: dict[tuple[str, str, str], int] = {}
    for index, item in enumerate(items):
        found, group, case_id = _check(session, organisation, index, item)
        key = (item.indicator.kind.value, item.indicator.value, item.sharing_group)
        if key in seen:
            found[f"signals[{index}]"] = f"the same signal as signals[{seen[key]}]"
        seen.setdefault(key, index)
        problems.update(found)
        if group is not None:
            checked.append((item, group, case_id))
    if problems:
        raise ExchangeInvalid(problems)
    default = default_expiry(session)
    signals = []
    for item, group, case_id in checked:
        seq = next_seq(session)  # first: every read below happens under the feed lock
        signal = session.scalar(
            select(Signal)
            .execution_options(populate_existing=True)
            .where(Signal.source_org_id == organisation.id)
            .where(Signal.kind == item.indicator.kind)
            .where(Signal.value == item.indicator.value)
            .where(Signal.sharing_group_id == group.id)
        )
        new = signal is None
        if signal is None:
            signal = Signal(
                kind=item.indicator.kind,
                value=item.indicator.value,
                source_org_id=organisation.id,
                sharing_group_id=group.id,
                version=1,
            )
            session.add(signal)
        signal.details = dict(item.indicator.details)
        signal.labels = sorted(set(item.labels))
        signal.confidence = float(item.confidence)
        signal.source_action = item.action
        signal.source_acted_at = item.acted_at
        signal.tlp = item.tlp
        signal.expires_at = item.expires_at or default
        signal.case_id = case_id if case_id is not None else signal.case_id
        signal.status = SignalStatus.ACTIVE
        signal.withdrawn_at = None
        _touch(session, signal, seq, new=new)
        session.flush()
        signals.append(signal)
    record(
        session=session,
        actor=actor,
        action="exchange.signals_shared",
        subject_type="organisation",
        subject_id=organisation.id,
        details={"signal_ids": [s.id for s in signals]},
    )
    webhooks.announce(session, signals)
    return signals


def withdraw_signal(
    *, session: Session, organisation: Organisation, signal_id: int, actor: str
) -> Signal:
    """Withdraw one's own signal: it stops matching and the feed tells receivers to delete it."""
    seq = next_seq(session)
    signal = visible_signal(session, organisation.id, signal_id)
    if signal.source_org_id != organisation.id:
        raise NotYours(signal_id)
    if signal.status != SignalStatus.WITHDRAWN:
        signal.status = SignalStatus.WITHDRAWN
        signal.withdrawn_at = utcnow()
        _touch(session, signal, seq)
        session.flush()
        record(
            session=session,
            actor=actor,
            action="exchange.signal_withdrawn",
            subject_type="exchange_signal",
            subject_id=signal.id,
        )
        webhooks.announce(session, [signal])
    return signal


# ---------------------------------------------------------------- the feed


def signals_since(
    *, session: Session, organisation_id: int | None, since: int, limit: int
) -> list[Signal]:
    """Signals whose latest change is after `since`, in feed order, as this organisation may
    see them (None: everything, for hub staff and the matching index). The next cursor is the
    last item's `seq` (or `since` again when nothing is new).
    """
    query = select(Signal).where(Signal.seq > since).order_by(Signal.seq).limit(limit)
    if organisation_id is not None:
        query = query.where(_visible_clause(session, organisation_id))
    return list(session.scalars(query))


def read_feed(
    *, session: Session, organisation_id: int, since: int, limit: int, actor: str
) -> tuple[list[Signal], int]:
    """The audited feed read for a platform: (signals, next cursor)."""
    signals = signals_since(
        session=session, organisation_id=organisation_id, since=since, limit=limit
    )
    cursor = signals[-1].seq if signals else since
    record(
        session=session,
        actor=actor,
        action="exchange.feed_read",
        subject_type="organisation",
        subject_id=organisation_id,
        details={"since": since, "next": cursor, "count": len(signals)},
    )
    return signals, cursor


def last_seq(session: Session) -> int:
    counter = session.get(FeedCounter, 1)
    return counter.last_seq if counter is not None else 0


def feed_epoch(session: Session) -> str:
    """The counter's epoch ("" before the first signal)."""
    epoch = session.scalar(select(FeedCounter.epoch).where(FeedCounter.id == 1))
    return epoch or ""


# ---------------------------------------------------------------- opinions and receipts


def suppressed(signal: Signal) -> bool:
    """Enough negative opinions that the signal no longer matches unless asked for."""
    return signal.negative_count >= exchange_settings().negatives_to_suppress


def _recount(session: Session, signal: Signal) -> None:
    rows = session.execute(
        select(Opinion.kind, Opinion.organisation_id).where(Opinion.signal_id == signal.id)
    ).all()
    signal.positive_count = sum(1 for kind, _ in rows if kind == OpinionKind.POSITIVE)
    signal.negative_count = sum(1 for kind, _ in rows if kind == OpinionKind.NEGATIVE)
    signal.actioned_count = sum(1 for kind, _ in rows if kind == OpinionKind.ACTIONED)
    # The source's own sharing counts as agreement: any negative opinion is a conflict.
    signal.disputed = signal.negative_count > 0


def add_opinion(
    *,
    session: Session,
    organisation: Organisation,
    signal_id: int,
    kind: OpinionKind,
    actor: str,
    action: SourceAction | None = None,
    acted_at: datetime | None = None,
) -> Signal:
    """Record a receiver's opinion (latest per kind wins; positive and negative replace each
    other). The signal's counts and disputed flag change, so it moves up the feed.
    """
    problems: dict[str, str] = {}
    if kind == OpinionKind.ACTIONED:
        if action is None:
            problems["action"] = "say what you did"
        if acted_at is None:
            problems["acted_at"] = "say when you did it"
    elif action is not None or acted_at is not None:
        problems["action"] = "only an 'actioned' opinion says what was done and when"
    if acted_at is not None and (acted_at.tzinfo is None or acted_at > utcnow() + CLOCK_SKEW):
        problems["acted_at"] = "a past time with a time zone"
    if problems:
        raise ExchangeInvalid(problems)
    seq = next_seq(session)
    signal = visible_signal(session, organisation.id, signal_id)
    if signal.source_org_id == organisation.id:
        raise OwnSignal(signal_id)
    _touch(session, signal, seq)
    opposite = {
        OpinionKind.POSITIVE: OpinionKind.NEGATIVE,
        OpinionKind.NEGATIVE: OpinionKind.POSITIVE,
    }
    stale = [kind] + ([opposite[kind]] if kind in opposite else [])
    for old in session.scalars(
        select(Opinion)
        .where(Opinion.signal_id == signal.id)
        .where(Opinion.organisation_id == organisation.id)
        .where(Opinion.kind.in_(stale))
    ):
        session.delete(old)
    session.flush()
    session.add(
        Opinion(
            signal_id=signal.id,
            organisation_id=organisation.id,
            kind=kind,
            action=action,
            acted_at=acted_at,
        )
    )
    session.flush()
    _recount(session, signal)
    if kind == OpinionKind.ACTIONED and acted_at is not None:
        receipt = _receipt(session, signal.id, organisation.id)
        receipt.acted_at = acted_at
    session.flush()
    record(
        session=session,
        actor=actor,
        action="exchange.opinion_given",
        subject_type="exchange_signal",
        subject_id=signal.id,
        details={"kind": kind.value, "organisation_id": organisation.id},
    )
    webhooks.announce(session, [signal])
    return signal


def opinions_of(session: Session, signal_id: int, organisation_id: int) -> list[Opinion]:
    return list(
        session.scalars(
            select(Opinion)
            .where(Opinion.signal_id == signal_id)
            .where(Opinion.organisation_id == organisation_id)
            .order_by(Opinion.kind)
        )
    )


def _receipt(session: Session, signal_id: int, organisation_id: int) -> Receipt:
    receipt = session.scalar(
        select(Receipt)
        .where(Receipt.signal_id == signal_id)
        .where(Receipt.organisation_id == organisation_id)
    )
    if receipt is None:
        receipt = Receipt(signal_id=signal_id, organisation_id=organisation_id)
        session.add(receipt)
        session.flush()
    return receipt


@dataclass(frozen=True)
class MatchNote:
    """A receiver matched these signals (none of them its own) at `at`."""

    organisation_id: int
    signal_ids: tuple[int, ...]
    at: datetime


def note_matches(
    *, organisation_id: int, signal_ids: Sequence[int], theirs: Sequence[int], actor: str
) -> None:
    """Record a lookup: the first time this receiver matched each of `theirs` (the matched
    signals it did not share itself) becomes a receipt, and the lookup is audited, both
    stamped now and written behind (hustings.writebehind), so a lookup never waits on a lock.
    """
    ids = sorted(set(signal_ids))
    if theirs:
        _RECEIPTS.submit(MatchNote(organisation_id, tuple(sorted(set(theirs))), utcnow()))
    record_later(
        actor=actor,
        action="exchange.match",
        subject_type="organisation",
        subject_id=organisation_id,
        details={"matched_signal_ids": ids[:200], "matched": len(ids)},
    )


def write_receipts(session: Session, notes: Sequence[MatchNote]) -> None:
    """Upsert receipts, the earliest match winning (also against one already stored, say by
    another process, or made by an 'actioned' opinion before the match was written). A signal
    or organisation deleted meanwhile is skipped.
    """
    first: dict[tuple[int, int], datetime] = {}
    for note in notes:
        for signal_id in note.signal_ids:
            key = (signal_id, note.organisation_id)
            if key not in first or note.at < first[key]:
                first[key] = note.at
    if not first:
        return
    # Skip signals and organisations deleted meanwhile. On PostgreSQL the check also takes
    # the key-share locks the receipts' foreign keys would take, first and in id order: a
    # writer that changes a signal and then writes its receipt (an 'actioned' opinion) holds
    # the signal first too, so the two wait in turn instead of deadlocking.
    signal_ids = sorted({signal_id for signal_id, _ in first})
    org_ids = sorted({org_id for _, org_id in first})
    signals_left: set[int] = set()
    for start in range(0, len(signal_ids), 900):
        chunk = signal_ids[start : start + 900]
        signals_left.update(
            session.scalars(
                select(Signal.id)
                .where(Signal.id.in_(chunk))
                .order_by(Signal.id)
                .with_for_update(key_share=True)
            )
        )
    orgs_left = set(
        session.scalars(
            select(Organisation.id)
            .where(Organisation.id.in_(org_ids))
            .order_by(Organisation.id)
            .with_for_update(key_share=True)
        )
    )
    rows = [
        {"signal_id": signal_id, "organisation_id": org_id, "matched_at": when}
        for (signal_id, org_id), when in sorted(first.items())
        if signal_id in signals_left and org_id in orgs_left
    ]
    if not rows:
        return
    table = cast(Table, Receipt.__table__)
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(table)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.signal_id, table.c.organisation_id],
        set_={
            "matched_at": case(
                (
                    or_(
                        table.c.matched_at.is_(None),
                        table.c.matched_at > statement.excluded.matched_at,
                    ),
                    statement.excluded.matched_at,
                ),
                else_=table.c.matched_at,
            )
        },
    )
    session.execute(statement, rows)


_RECEIPTS = writebehind.channel("exchange_receipts", order=50, write=write_receipts)


def live_clause(now: datetime) -> Any:
    return and_(Signal.status == SignalStatus.ACTIVE, Signal.expires_at > now)
