"""The campaign update report as data: every figure with the counts it comes from.

Ratios are stored next to their numerator and denominator, and percentiles next to the number
of values they were taken over, so that anyone holding the JSON can check each figure. Platforms
and harms are named by slug; the HTML and PDF look the names up in the chosen language.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

REPORT_VERSION = 1


def share(part: int, whole: int) -> float | None:
    """part / whole to four places; None when there is nothing to divide by."""
    return round(part / whole, 4) if whole else None


class Durations(BaseModel):
    """How long something took, in whole seconds, over `count` reports.

    Percentiles are nearest-rank: the value at position ceil(p x count) of the sorted list.
    """

    count: int
    median_seconds: int | None = None
    p90_seconds: int | None = None


class PlatformFigures(BaseModel):
    platform: str
    received: int = Field(description="reports routed to this platform in the range")
    ready_made: int = Field(description="of which the platform is not a member: filed by hand")
    in_queue: int = Field(description="of which went to the platform's own queue")
    acknowledged: int
    decided: int
    decisions: dict[str, int] = Field(description="decided reports by decision")
    actioned: int = Field(description="decided as removed, restricted or account suspended")
    share_actioned: float | None = Field(description="actioned / decided")
    missed_acknowledge_deadline: int
    missed_decide_deadline: int
    overdue_open: int = Field(description="still open and past a deadline at as_of")
    time_to_acknowledge: Durations
    time_to_decide: Durations


class HarmFigures(BaseModel):
    harm: str
    reports: int = Field(
        description="routed reports naming this harm (one report may name several)"
    )
    cases: int = Field(description="distinct cases among them")
    decided: int
    actioned: int
    share_actioned: float | None


class PoliceFigures(BaseModel):
    escalated: int = Field(description="cases sent to the police in the range")
    by_status: dict[str, int] = Field(description="their status at as_of")
    by_force: dict[str, int]
    open: int = Field(description="sent, received or investigating")
    charged: int
    no_further_action: int
    closed: int


class Concentration(BaseModel):
    """How much of the abuse falls on a few candidates; nobody is named."""

    candidates: int = Field(description="candidates with at least one case sent in the range")
    top_candidates: int = Field(description="ceil(10% of candidates)")
    cases: int = Field(description="cases sent in the range")
    cases_about_top: int = Field(description="cases about the top_candidates most-reported")
    share: float | None = Field(description="cases_about_top / cases")


class DayFigures(BaseModel):
    day: date
    cases_submitted: int
    reports_routed: int
    reports_decided: int
    reports_actioned: int
    police_escalations: int
    routed_by_platform: dict[str, int]


class Totals(BaseModel):
    cases_submitted: int
    reports_routed: int
    reports_decided: int
    reports_actioned: int
    share_actioned: float | None = Field(description="reports_actioned / reports_decided")
    overdue_open: int
    police_escalations: int


class SignalPair(BaseModel):
    """One platform's signals as another platform used them."""

    source: str = Field(description="the organisation that shared the signals")
    receiver: str = Field(description="the organisation that matched or acted on them")
    matched: int
    time_to_match: Durations = Field(description="from the source's action to the match")
    acted: int
    time_to_act: Durations = Field(description="from the source's action to the receiver's")


class SignalsSection(BaseModel):
    """Signals shared between platforms through the exchange, and how fast they helped."""

    available: bool
    note: str = ""
    shared: int = Field(0, description="signals shared (created) in the range")
    shared_by_platform: dict[str, int] = Field(default_factory=dict)
    shared_by_kind: dict[str, int] = Field(default_factory=dict)
    platform_names: dict[str, str] = Field(default_factory=dict)
    matches: int = Field(0, description="matches in the range by a platform other than the source")
    signals_matched: int = Field(0, description="distinct signals among those matches")
    acted: int = Field(0, description="actions in the range by a platform other than the source")
    time_to_match: Durations = Field(default_factory=lambda: Durations(count=0))
    time_to_act: Durations = Field(default_factory=lambda: Durations(count=0))
    pairs: list[SignalPair] = Field(default_factory=list)


class CampaignReport(BaseModel):
    """The whole report. Days are UTC days; the range includes both ends."""

    kind: str = "campaign"
    version: int = REPORT_VERSION
    start: date
    end: date
    generated_at: datetime
    as_of: datetime = Field(description="the moment open reports were judged overdue")
    totals: Totals
    platforms: list[PlatformFigures]
    harms: list[HarmFigures]
    police: PoliceFigures
    concentration: Concentration
    days: list[DayFigures]
    signals: SignalsSection
