"""Input and output shapes of the exchange API.

Indicators are checked and normalised by their signal type (hustings.exchange.kinds) rather
than here, so that the CLI, the API and later the TAXII server refuse the same things with the
same words; these models only bound sizes and name the fields.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from hustings.exchange.models import OpinionKind, SignalKind, SignalStatus, SourceAction, Tlp

Hex = Field(default=None, max_length=64)


class IndicatorIn(BaseModel):
    """One hash, URL, account or text fingerprint; which fields apply depends on `type`."""

    model_config = ConfigDict(extra="forbid")

    type: SignalKind
    hash: str | None = Field(default=None, max_length=64, description="pdq, md5, sha256")
    quality: int | None = Field(default=None, description="PDQ quality, 0-100")
    url: str | None = Field(default=None, max_length=2048)
    platform: str | None = Field(default=None, max_length=64, description="account")
    account_id: str | None = Field(default=None, max_length=200)
    handle: str | None = Field(default=None, max_length=200)
    display_name: str | None = Field(default=None, max_length=200)
    profile_url: str | None = Field(default=None, max_length=2048)
    exact: str | None = Field(default=None, max_length=64, description="text: SHA-256")
    minhash: str | None = Field(default=None, max_length=600, description="text: mh1:...")
    text: str | None = Field(
        default=None, max_length=20000, description="refused: share the fingerprint instead"
    )

    def raw(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)


class SignalIn(IndicatorIn):
    labels: list[str] = Field(max_length=10, description="harm slugs from the taxonomy")
    confidence: float = Field(ge=0, le=1)
    action: SourceAction
    acted_at: datetime
    sharing_group: str = Field(max_length=64)
    tlp: Tlp = Tlp.AMBER
    expires_at: datetime | None = None
    report_id: int | None = Field(
        default=None, ge=1, le=2**31 - 1, description="your routed report, for the hub only"
    )


class SignalBatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # The batch limit is checked in the handler, to answer 413 with the limit in the message.
    signals: list[SignalIn]


class OpinionCounts(BaseModel):
    positive: int
    negative: int
    actioned: int


class SignalOut(BaseModel):
    id: int
    seq: int
    version: int
    event: Literal["new", "changed", "withdrawn"]
    type: SignalKind
    value: str
    details: dict[str, Any]
    labels: list[str]
    confidence: float
    source: str
    action: SourceAction
    acted_at: datetime
    sharing_group: str
    tlp: Tlp
    expires_at: datetime
    status: SignalStatus
    withdrawn_at: datetime | None
    disputed: bool
    suppressed: bool
    opinions: OpinionCounts
    your_opinions: list[OpinionKind] = []


class SignalBatchOut(BaseModel):
    signals: list[SignalOut]


class FeedOut(BaseModel):
    signals: list[SignalOut]
    next: int = Field(description="pass as `since` for the next page")
    more: bool


class QueryIn(BaseModel):
    """One lookup: a hash, a URL, an account (id or handle) or a text / its fingerprint."""

    model_config = ConfigDict(extra="forbid")

    type: SignalKind
    hash: str | None = Field(default=None, max_length=64)
    url: str | None = Field(default=None, max_length=2048)
    platform: str | None = Field(default=None, max_length=64)
    account_id: str | None = Field(default=None, max_length=200)
    handle: str | None = Field(default=None, max_length=200)
    text: str | None = Field(
        default=None, max_length=20000, description="fingerprinted here and then discarded"
    )
    exact: str | None = Field(default=None, max_length=64)
    minhash: str | None = Field(default=None, max_length=600)


class MatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    queries: list[QueryIn]
    pdq_threshold: int | None = Field(default=None, ge=0, le=63)
    min_similarity: float | None = Field(default=None, ge=0, le=1)
    include_suppressed: bool = False


class MatchHit(BaseModel):
    signal_id: int
    type: SignalKind
    distance: int | None
    similarity: float | None
    labels: list[str]
    confidence: float
    disputed: bool
    tlp: Tlp
    source: str


class MatchResult(BaseModel):
    query: int
    matches: list[MatchHit]


class MatchOut(BaseModel):
    results: list[MatchResult]
    pdq: dict[str, Any] | None = Field(default=None, description="the uploaded image's hash")


class OpinionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: OpinionKind
    action: SourceAction | None = None
    acted_at: datetime | None = None


class GroupOut(BaseModel):
    slug: str
    name: str


class PairLagOut(BaseModel):
    source: str
    receiver: str
    matched: int
    match_median_seconds: float | None
    match_p90_seconds: float | None
    acted: int
    act_median_seconds: float | None
    act_p90_seconds: float | None


class MetricsOut(BaseModel):
    pairs: list[PairLagOut]
