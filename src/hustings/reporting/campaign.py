"""The campaign update report, computed with SQL aggregates over the cases domain's tables.

Every figure is a GROUP BY or a window function run by the database, so the report over
100,000 cases takes a handful of queries and never loads the cases into Python. The same
queries run on SQLite and PostgreSQL; the two places they differ (seconds between two times,
the UTC day of a time, and reading the JSON list of harms) are in small helpers below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    Date,
    Integer,
    Select,
    and_,
    case,
    cast,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from hustings.cases.models import (
    Case,
    Decision,
    PoliceEscalation,
    PoliceStatus,
    ReportStatus,
    RoutedReport,
)
from hustings.db import utcnow
from hustings.reporting.schemas import (
    CampaignReport,
    Concentration,
    DayFigures,
    Durations,
    HarmFigures,
    PlatformFigures,
    PoliceFigures,
    Totals,
    share,
)

# The longest range one report covers: a year of daily trends is already a wide chart.
MAX_DAYS = 366
ACTIONED: tuple[Decision, ...] = (
    Decision.REMOVED,
    Decision.RESTRICTED,
    Decision.ACCOUNT_SUSPENDED,
)
OPEN_POLICE: tuple[PoliceStatus, ...] = (
    PoliceStatus.SENT,
    PoliceStatus.RECEIVED,
    PoliceStatus.INVESTIGATING,
)
STAGES = 8

Progress = Callable[[int, int, str], None]


class ReportRangeError(ValueError):
    """The range asked for cannot make a report; `field` says which input to fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class EmptyRange(ReportRangeError):
    """Nothing was reported in the range: no case sent, no report routed, no escalation."""

    @classmethod
    def for_range(cls, start: date, end: date) -> EmptyRange:
        from hustings.web.i18n import gettext as _

        return cls(
            "from",
            _(
                "Nothing was reported between %(start)s and %(end)s: no case was sent, no "
                "report was routed and nothing went to the police. Choose another range.",
                start=start.isoformat(),
                end=end.isoformat(),
            ),
        )


def parse_day(value: str, field: str) -> date:
    """A YYYY-MM-DD date from a person, or a ReportRangeError saying what was wrong."""
    from hustings.web.i18n import gettext as _

    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ReportRangeError(
            field, _("Enter a real date in the form YYYY-MM-DD, like 2026-11-23.")
        ) from None


def check_range(start: date, end: date, today: date | None = None) -> None:
    """Refuse a range that ends before it starts, starts in the future or is too long."""
    from hustings.web.i18n import gettext as _

    today = today or utcnow().date()
    if end < start:
        raise ReportRangeError("to", _("The end date must be the same as or after the start date."))
    if start > today:
        raise ReportRangeError("from", _("The start date must be today or in the past."))
    if (end - start).days + 1 > MAX_DAYS:
        raise ReportRangeError("to", _("Choose a range of %(n)s days or fewer.", n=MAX_DAYS))


# ---------------------------------------------------------------- dialect helpers


@dataclass(frozen=True)
class Dialect:
    """The few expressions SQLite and PostgreSQL spell differently."""

    name: str

    def seconds_between(self, later: Any, earlier: Any) -> ColumnElement[int]:
        if self.name == "sqlite":
            gap = (func.julianday(later) - func.julianday(earlier)) * 86400
        else:
            gap = func.extract("epoch", later - earlier)
        return cast(func.round(gap), Integer)

    def utc_day(self, moment: Any) -> ColumnElement[Any]:
        if self.name == "sqlite":
            return func.date(moment)  # times are stored as UTC text
        return cast(func.timezone("UTC", moment), Date)

    def harm_values(self) -> Any:
        """The harms JSON list of each routed report as rows (a table-valued function)."""
        if self.name == "sqlite":
            return func.json_each(RoutedReport.harms).table_valued("value").alias("harm")
        return func.json_array_elements_text(RoutedReport.harms).table_valued("value").alias("harm")


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00 UTC, the day after end 00:00 UTC): both ends included, as whole days."""
    return (
        datetime.combine(start, time(), tzinfo=UTC),
        datetime.combine(end + timedelta(days=1), time(), tzinfo=UTC),
    )


# ---------------------------------------------------------------- the report


def has_activity(*, session: Session, start: date, end: date) -> bool:
    """Whether anything at all happened in the range (cheap: three indexed or scanned counts
    that stop at the first row)."""
    low, high = _bounds(start, end)
    checks = [
        select(Case.id).where(Case.submitted_at >= low, Case.submitted_at < high).limit(1),
        select(RoutedReport.id)
        .where(RoutedReport.routed_at >= low, RoutedReport.routed_at < high)
        .limit(1),
        select(PoliceEscalation.id)
        .where(PoliceEscalation.sent_at >= low, PoliceEscalation.sent_at < high)
        .limit(1),
    ]
    return any(session.scalar(check) is not None for check in checks)


def campaign_report(
    *,
    session: Session,
    start: date,
    end: date,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> CampaignReport:
    """The campaign update report for the UTC days start..end (both included).

    Raises ReportRangeError for a range that cannot be reported and EmptyRange when nothing
    at all happened in it.
    """
    now = now or utcnow()
    check_range(start, end, today=now.date())
    step = progress or (lambda done, total, stage: None)
    dialect = Dialect(session.get_bind().dialect.name)
    low, high = _bounds(start, end)
    routed_in = and_(RoutedReport.routed_at >= low, RoutedReport.routed_at < high)
    submitted_in = and_(
        Case.submitted_at.is_not(None), Case.submitted_at >= low, Case.submitted_at < high
    )
    sent_in = and_(PoliceEscalation.sent_at >= low, PoliceEscalation.sent_at < high)

    step(0, STAGES, "counting")
    cases_submitted = int(session.scalar(select(func.count()).where(submitted_in)) or 0)
    reports_routed = int(
        session.scalar(select(func.count()).select_from(RoutedReport).where(routed_in)) or 0
    )
    escalations = int(
        session.scalar(select(func.count()).select_from(PoliceEscalation).where(sent_in)) or 0
    )
    if not (cases_submitted or reports_routed or escalations):
        raise EmptyRange.for_range(start, end)

    step(1, STAGES, "platforms")
    platforms = _platform_figures(session, dialect, routed_in, now)
    step(2, STAGES, "response times")
    _add_durations(session, dialect, routed_in, platforms)
    step(3, STAGES, "harms")
    harms = _harm_figures(session, dialect, routed_in)
    step(4, STAGES, "police")
    police = _police_figures(session, sent_in)
    step(5, STAGES, "concentration")
    concentration = _concentration(session, submitted_in, cases_submitted)
    step(6, STAGES, "days")
    days = _days(session, dialect, start, end, low, high)
    step(7, STAGES, "signals")
    from hustings.reporting.signals import signals_section

    signals = signals_section(session=session, dialect=dialect, low=low, high=high)
    step(STAGES, STAGES, "done")

    platform_list = [platforms[slug] for slug in sorted(platforms)]
    decided = sum(p.decided for p in platform_list)
    actioned = sum(p.actioned for p in platform_list)
    return CampaignReport(
        start=start,
        end=end,
        generated_at=utcnow(),
        as_of=now,
        totals=Totals(
            cases_submitted=cases_submitted,
            reports_routed=reports_routed,
            reports_decided=decided,
            reports_actioned=actioned,
            share_actioned=share(actioned, decided),
            overdue_open=sum(p.overdue_open for p in platform_list),
            police_escalations=escalations,
        ),
        platforms=platform_list,
        harms=harms,
        police=police,
        concentration=concentration,
        days=days,
        signals=signals,
    )


def _platform_figures(
    session: Session, dialect: Dialect, routed_in: ColumnElement[bool], now: datetime
) -> dict[str, PlatformFigures]:
    r = RoutedReport
    open_ = r.status.in_([ReportStatus.ROUTED, ReportStatus.ACKNOWLEDGED])
    missed_ack = and_(
        r.acknowledge_due.is_not(None),
        or_(
            r.acknowledge_overdue_at.is_not(None),
            r.acknowledged_at > r.acknowledge_due,
            and_(r.acknowledged_at.is_(None), r.acknowledge_due < now),
        ),
    )
    missed_decide = and_(
        r.decide_due.is_not(None),
        or_(
            r.decide_overdue_at.is_not(None),
            r.decided_at > r.decide_due,
            and_(r.decided_at.is_(None), r.decide_due < now),
        ),
    )
    # The same rule as hustings.cases.routing.is_overdue, judged at `now`.
    overdue_open = and_(
        open_,
        or_(
            r.decide_overdue_at.is_not(None),
            and_(r.status == ReportStatus.ROUTED, r.acknowledge_overdue_at.is_not(None)),
            and_(r.status == ReportStatus.ROUTED, r.acknowledge_due < now),
            r.decide_due < now,
        ),
    )
    columns = [
        r.platform_slug,
        func.count(),
        _count_if(r.status == ReportStatus.READY_MADE),
        _count_if(r.acknowledged_at.is_not(None)),
        _count_if(r.decided_at.is_not(None)),
        _count_if(missed_ack),
        _count_if(missed_decide),
        _count_if(overdue_open),
        *[_count_if(r.decision == decision) for decision in Decision],
    ]
    rows = session.execute(select(*columns).where(routed_in).group_by(r.platform_slug)).all()
    figures: dict[str, PlatformFigures] = {}
    for row in rows:
        slug = str(row[0])
        counts: list[int] = [int(v) for v in row[1:8]]  # type: ignore[call-overload]
        received, ready, acked, decided, m_ack, m_decide, overdue = counts
        decisions = {d.value: int(n) for d, n in zip(Decision, row[8:], strict=True)}
        actioned = sum(decisions[d.value] for d in ACTIONED)
        figures[slug] = PlatformFigures(
            platform=slug,
            received=received,
            ready_made=ready,
            in_queue=received - ready,
            acknowledged=acked,
            decided=decided,
            decisions=decisions,
            actioned=actioned,
            share_actioned=share(actioned, decided),
            missed_acknowledge_deadline=m_ack,
            missed_decide_deadline=m_decide,
            overdue_open=overdue,
            time_to_acknowledge=Durations(count=0),
            time_to_decide=Durations(count=0),
        )
    return figures


def nearest_rank(
    session: Session,
    query: Select[Any],
    key: Any,
    seconds: ColumnElement[int],
    tiebreak: Any,
) -> dict[Any, Durations]:
    """Nearest-rank median and p90 of `seconds` for each value of `key`, over the rows `query`
    selects from (its FROM and WHERE are kept), by window functions in the database."""
    ranked = query.with_only_columns(
        key.label("key"),
        seconds.label("seconds"),
        func.row_number().over(partition_by=key, order_by=(seconds, tiebreak)).label("rank"),
        func.count().over(partition_by=key).label("n"),
    ).subquery()
    # ceil(n * p) with integer division only: (n * 5 + 9) // 10 and (n * 9 + 9) // 10.
    median_rank = (ranked.c.n * 5 + 9) // 10
    p90_rank = (ranked.c.n * 9 + 9) // 10
    rows = session.execute(
        select(
            ranked.c.key,
            ranked.c.n,
            ranked.c.seconds,
            ranked.c.rank == median_rank,
            ranked.c.rank == p90_rank,
        ).where(or_(ranked.c.rank == median_rank, ranked.c.rank == p90_rank))
    ).all()
    result: dict[Any, Durations] = {}
    for value_key, n, value, is_median, is_p90 in rows:
        found = result.setdefault(value_key, Durations(count=int(n)))
        if is_median:
            found.median_seconds = int(value)
        if is_p90:
            found.p90_seconds = int(value)
    return result


def _percentiles(
    session: Session,
    dialect: Dialect,
    routed_in: ColumnElement[bool],
    done_at: Any,
) -> dict[str, Durations]:
    """Median and p90 of (done_at - routed_at) per platform."""
    r = RoutedReport
    return nearest_rank(
        session,
        select(r.id).where(routed_in, done_at.is_not(None)),
        r.platform_slug,
        dialect.seconds_between(done_at, r.routed_at),
        r.id,
    )


def _add_durations(
    session: Session,
    dialect: Dialect,
    routed_in: ColumnElement[bool],
    platforms: dict[str, PlatformFigures],
) -> None:
    acks = _percentiles(session, dialect, routed_in, RoutedReport.acknowledged_at)
    decides = _percentiles(session, dialect, routed_in, RoutedReport.decided_at)
    for slug, figures in platforms.items():
        figures.time_to_acknowledge = acks.get(slug, Durations(count=0))
        figures.time_to_decide = decides.get(slug, Durations(count=0))


def _harm_figures(
    session: Session, dialect: Dialect, routed_in: ColumnElement[bool]
) -> list[HarmFigures]:
    r = RoutedReport
    harm = dialect.harm_values()
    rows = session.execute(
        select(
            harm.c.value,
            func.count(),
            func.count(func.distinct(r.case_id)),
            _count_if(r.decided_at.is_not(None)),
            _count_if(r.decision.in_(list(ACTIONED))),
        )
        .select_from(r)
        .join(harm, true())
        .where(routed_in)
        .group_by(harm.c.value)
        .order_by(func.count().desc(), harm.c.value)
    ).all()
    return [
        HarmFigures(
            harm=str(slug),
            reports=int(reports),
            cases=int(cases),
            decided=int(decided),
            actioned=int(actioned),
            share_actioned=share(int(actioned), int(decided)),
        )
        for slug, reports, cases, decided, actioned in rows
    ]


def _police_figures(session: Session, sent_in: ColumnElement[bool]) -> PoliceFigures:
    e = PoliceEscalation
    by_status = {
        PoliceStatus(status).value: int(n)
        for status, n in session.execute(
            select(e.status, func.count()).where(sent_in).group_by(e.status)
        )
    }
    by_force = {
        str(force): int(n)
        for force, n in session.execute(
            select(e.force_slug, func.count())
            .where(sent_in)
            .group_by(e.force_slug)
            .order_by(e.force_slug)
        )
    }
    statuses = {s.value: by_status.get(s.value, 0) for s in PoliceStatus}
    return PoliceFigures(
        escalated=sum(statuses.values()),
        by_status=statuses,
        by_force=by_force,
        open=sum(statuses[s.value] for s in OPEN_POLICE),
        charged=statuses[PoliceStatus.CHARGED.value],
        no_further_action=statuses[PoliceStatus.NO_FURTHER_ACTION.value],
        closed=statuses[PoliceStatus.CLOSED.value],
    )


def _concentration(
    session: Session, submitted_in: ColumnElement[bool], cases: int
) -> Concentration:
    per_candidate = (
        select(Case.candidate_id, func.count().label("n"))
        .where(submitted_in)
        .group_by(Case.candidate_id)
        .subquery()
    )
    candidates = int(session.scalar(select(func.count()).select_from(per_candidate)) or 0)
    top = -(-candidates // 10)  # ceil(10%)
    most = select(per_candidate.c.n).order_by(per_candidate.c.n.desc()).limit(top).subquery()
    about_top = int(session.scalar(select(func.coalesce(func.sum(most.c.n), 0))) or 0)
    return Concentration(
        candidates=candidates,
        top_candidates=top,
        cases=cases,
        cases_about_top=about_top,
        share=share(about_top, cases),
    )


def _days(
    session: Session, dialect: Dialect, start: date, end: date, low: datetime, high: datetime
) -> list[DayFigures]:
    r = RoutedReport
    days: dict[date, DayFigures] = {}
    day = start
    while day <= end:
        days[day] = DayFigures(
            day=day,
            cases_submitted=0,
            reports_routed=0,
            reports_decided=0,
            reports_actioned=0,
            police_escalations=0,
            routed_by_platform={},
        )
        day += timedelta(days=1)

    submitted_day = dialect.utc_day(Case.submitted_at)
    for value, n in session.execute(
        select(submitted_day, func.count())
        .where(Case.submitted_at.is_not(None), Case.submitted_at >= low, Case.submitted_at < high)
        .group_by(submitted_day)
    ):
        days[_as_date(value)].cases_submitted = int(n)

    routed_day = dialect.utc_day(r.routed_at)
    for value, platform, n in session.execute(
        select(routed_day, r.platform_slug, func.count())
        .where(r.routed_at >= low, r.routed_at < high)
        .group_by(routed_day, r.platform_slug)
    ):
        figures = days[_as_date(value)]
        figures.routed_by_platform[str(platform)] = int(n)
        figures.reports_routed += int(n)

    decided_day = dialect.utc_day(r.decided_at)
    for value, n, actioned in session.execute(
        select(decided_day, func.count(), _count_if(r.decision.in_(list(ACTIONED))))
        .where(r.decided_at >= low, r.decided_at < high)
        .group_by(decided_day)
    ):
        days[_as_date(value)].reports_decided = int(n)
        days[_as_date(value)].reports_actioned = int(actioned)

    e = PoliceEscalation
    sent_day = dialect.utc_day(e.sent_at)
    for value, n in session.execute(
        select(sent_day, func.count()).where(e.sent_at >= low, e.sent_at < high).group_by(sent_day)
    ):
        days[_as_date(value)].police_escalations = int(n)
    for figures in days.values():
        figures.routed_by_platform = dict(sorted(figures.routed_by_platform.items()))
    return list(days.values())
