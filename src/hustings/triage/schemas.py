"""Input and output shapes of triage, shared by the CLI, the API and the web page."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from hustings.triage.labels import Label, Severity

MAX_TEXT_CHARS = 20_000
MAX_BATCH = 1_000


class TriageInput(BaseModel):
    """One message to triage; `platform` narrows the rules, `target` names who it is aimed at."""

    model_config = ConfigDict(extra="ignore")

    id: str | int | None = None
    text: Annotated[str, StringConstraints(max_length=MAX_TEXT_CHARS)]
    platform: str | None = None
    target: str | None = None


class Span(BaseModel):
    """A stretch of the original text that drove a label (offsets are Python string indices)."""

    start: int
    end: int
    text: str
    label: Label
    source: str = Field(description='"model" or "rule"')
    reason: str | None = None


class Explanation(BaseModel):
    """Why the result is what it is: a sentence for people and the spans behind it."""

    summary: str
    spans: list[Span] = []


class RuleRef(BaseModel):
    """A platform rule the message likely breaks (from the knowledge base, hustings.policy).

    `slug` is `<platform>:<harm>`, the cell of the knowledge base's platform-by-harm matrix;
    `confirmed` is False when the knowledge base's source does not confirm the rule.
    """

    platform: str
    slug: str
    title: str
    url: str | None = None
    harm: str
    confirmed: bool = True


class OffenceRef(BaseModel):
    """An offence the message may amount to (from the knowledge base): guidance, not advice."""

    slug: str
    title: str
    jurisdiction: str | None = Field(default=None, description="Where it may apply.")
    url: str | None = None
    harm: str
    confirmed: bool = True


class TriageResult(BaseModel):
    """The verdict on one message; the JSON Lines and API output line."""

    id: str | int | None = None
    abusive: bool
    labels: list[Label]
    scores: dict[Label, float]
    severity: Severity
    explanation: Explanation
    rules: list[RuleRef] = []
    offences: list[OffenceRef] = []


class TriageError(BaseModel):
    """The output line for an input line that could not be read; the batch goes on."""

    id: Any = None
    line: int
    error: str


class TriageBatchRequest(BaseModel):
    """The API's request body: up to 1,000 messages."""

    messages: Annotated[list[TriageInput], Field(min_length=1, max_length=MAX_BATCH)]


class TriageBatchResponse(BaseModel):
    """The API's response: one result per message, in order."""

    results: list[TriageResult]
