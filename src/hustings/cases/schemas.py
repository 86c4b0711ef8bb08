"""JSON shapes of the case API: what candidates send and see, what platforms and police see.

Each audience has its own output model, so that a field added for one never leaks to another
(a platform never sees police notes; the police never see another force's cases).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from hustings.cases.models import Decision, ItemKind, PoliceStatus, ReportStatus

ShortText = Annotated[str, StringConstraints(max_length=200)]
# Row ids fit a 32-bit integer on PostgreSQL; bigger numbers are refused as invalid input.
MAX_ID = 2_147_483_647
RowId = Annotated[int, Field(ge=1, le=MAX_ID)]


class CaseDetailsIn(BaseModel):
    """A step of the report; fields left out stay as they were."""

    model_config = ConfigDict(extra="forbid")

    summary: Annotated[str, StringConstraints(max_length=5000)] | None = None
    platforms: list[str] | None = None
    accounts: Annotated[list[ShortText], Field(max_length=50)] | None = None
    happened_on: date | None = None
    in_danger_now: bool | None = None
    candidate_thinks_crime: bool | None = None
    constituency: Annotated[str, StringConstraints(max_length=120)] | None = None


class NewCaseIn(CaseDetailsIn):
    """Start a draft; staff name the candidate they act for."""

    candidate_id: RowId | None = None


class TextItemIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: Annotated[str, StringConstraints(max_length=20_000)] | None = None
    url: Annotated[str, StringConstraints(max_length=2048)] | None = None
    platform: str | None = None
    author: ShortText | None = None
    posted_at: datetime | None = None


class TextItemsIn(BaseModel):
    items: Annotated[list[TextItemIn], Field(min_length=1, max_length=500)]


class LabelsIn(BaseModel):
    """Confirmed or corrected labels per item id."""

    labels: dict[RowId, list[str]]


class PoliceIn(BaseModel):
    force: str
    consent: bool = Field(description="The candidate agrees to the police seeing the case")


class ItemOut(BaseModel):
    id: int
    kind: ItemKind
    parent_id: int | None
    platform: str | None
    text: str | None
    url: str | None
    author: str | None
    posted_at: datetime | None
    sha256: str | None
    size: int | None
    media_type: str | None
    provenance: dict[str, Any]
    labels: list[str]
    labels_confirmed: bool
    severity: str | None
    triage: dict[str, Any] | None
    added_at: datetime
    added_by: str
    added_on_behalf_of: str | None


class ReportForCandidate(BaseModel):
    id: int
    platform: str
    status: ReportStatus
    status_text: str
    harms: list[str]
    routed_at: datetime
    acknowledge_due: datetime | None
    decide_due: datetime | None
    next_due: datetime | None
    overdue: bool
    acknowledged_at: datetime | None
    decided_at: datetime | None
    decision: Decision | None
    rule_applied: str | None
    platform_note: str | None
    ready_made: dict[str, Any] | None = None


class EscalationForCandidate(BaseModel):
    force: str
    force_name: str
    status: PoliceStatus
    status_text: str
    reference: str | None
    sent_at: datetime
    updated_at: datetime


class StepOut(BaseModel):
    at: datetime
    action: str
    details: dict[str, Any]
    delegated: bool


class CaseOut(BaseModel):
    id: int
    status: str
    candidate_id: int
    summary: str
    platforms: list[str]
    accounts: list[str]
    happened_on: date | None
    in_danger_now: bool
    candidate_thinks_crime: bool
    constituency: str | None
    urgent: bool
    may_be_crime: bool
    severity: str
    created_at: datetime
    submitted_at: datetime | None
    retain_until: date | None
    items: list[ItemOut]
    reports: list[ReportForCandidate]
    police: EscalationForCandidate | None
    timeline: list[StepOut]


class CaseSummaryOut(BaseModel):
    id: int
    status: str
    summary: str
    platforms: list[str]
    severity: str
    urgent: bool
    created_at: datetime
    submitted_at: datetime | None


class PlatformItemOut(BaseModel):
    id: int
    kind: ItemKind
    text: str | None
    ocr_text: str | None
    url: str | None
    author: str | None
    posted_at: datetime | None
    sha256: str | None
    media_type: str | None
    labels: list[str]
    severity: str | None
    file_url: str | None


class PlatformReportOut(BaseModel):
    """A routed report as its platform sees it: its own items only."""

    id: int
    platform: str
    status: ReportStatus
    harms: list[str]
    summary: str
    accounts: list[str]
    target_name: str
    routed_at: datetime
    acknowledge_due: datetime | None
    decide_due: datetime | None
    overdue: bool
    acknowledged_at: datetime | None
    decided_at: datetime | None
    decision: Decision | None
    rule_applied: str | None
    items: list[PlatformItemOut]


class PlatformReportListOut(BaseModel):
    reports: list[PlatformReportOut]


class DecisionIn(BaseModel):
    decision: Decision
    rule_applied: Annotated[str, StringConstraints(max_length=300)] | None = None
    note: Annotated[str, StringConstraints(max_length=5000)] | None = None


class WebhookIn(BaseModel):
    url: Annotated[str, StringConstraints(max_length=2048, pattern=r"^https?://")]


class WebhookOut(BaseModel):
    id: int
    url: str
    active: bool
    secret: str | None = Field(None, description="Shown once, when the endpoint is created")


class PoliceCaseOut(BaseModel):
    case_id: int
    force: str
    status: PoliceStatus
    reference: str | None
    notes: str | None
    sent_at: datetime
    consent_given_at: datetime
    consent_wording: str
    candidate_name: str
    summary: str
    accounts: list[str]
    platforms: list[str]
    severity: str
    items: list[ItemOut]
    reports: list[ReportForCandidate]


class PoliceUpdateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: PoliceStatus | None = None
    reference: Annotated[str, StringConstraints(max_length=64)] | None = None
    notes: Annotated[str, StringConstraints(max_length=10_000)] | None = None


class DeadlineIn(BaseModel):
    acknowledge_hours: Annotated[int, Field(ge=1, le=1440)]
    decide_hours: Annotated[int, Field(ge=1, le=1440)]


class DeadlineOut(DeadlineIn):
    platform: str
    source: str


class RetentionIn(BaseModel):
    retain_until: date
