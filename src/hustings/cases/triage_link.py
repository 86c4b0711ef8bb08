"""The one place the case flow calls triage (hustings.triage) and reads its vocabulary.

Triage turns a text into labels, a severity, an explanation and the platform rules and
offences it may break. Evidence items store the result as plain JSON (`ItemTriage.as_json`),
so that a case keeps the verdict it was shown even after the model is retrained.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from hustings.triage import service as triage
from hustings.triage.labels import HARM_SLUGS as _HARM_SLUGS
from hustings.triage.labels import LABELS as _LABELS
from hustings.triage.labels import SEVERITY_ORDER, Label
from hustings.triage.schemas import TriageInput, TriageResult

LABELS: tuple[str, ...] = tuple(label.value for label in _LABELS)
HARM_SLUGS: dict[str, str] = {label.value: harm for label, harm in _HARM_SLUGS.items()}
SEVERITIES: tuple[str, ...] = tuple(s.value for s in SEVERITY_ORDER)
# Labels that on their own suggest a crime when the candidate sets them by hand (as triage's
# own severity rule treats them: threats, intimidation and doxxing may be offences).
CRIME_LABELS: frozenset[str] = frozenset(
    {Label.THREAT.value, Label.INTIMIDATION.value, Label.PRIVATE_INFORMATION.value}
)


@dataclass(frozen=True)
class ItemTriage:
    """One item's verdict, in the shape evidence items store."""

    labels: list[str]
    severity: str
    summary: str
    scores: dict[str, float] = field(default_factory=dict)
    spans: list[dict[str, Any]] = field(default_factory=list)
    rules: list[dict[str, Any]] = field(default_factory=list)
    offences: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "labels": self.labels,
            "severity": self.severity,
            "summary": self.summary,
            "scores": self.scores,
            "spans": self.spans,
            "rules": self.rules,
            "offences": self.offences,
        }


def triage_texts(
    texts: Sequence[str], platforms: Sequence[str | None] | None = None
) -> list[ItemTriage]:
    """Triage each text (with the platform it is on, which narrows the rules), in order."""
    if not texts:
        return []
    on = list(platforms) if platforms is not None else [None] * len(texts)
    inputs = [
        TriageInput(id=i, text=text[:20_000], platform=platform)
        for i, (text, platform) in enumerate(zip(texts, on, strict=True))
    ]
    return [_from_result(result) for result in triage.triage_inputs(inputs)]


def _from_result(result: TriageResult) -> ItemTriage:
    return ItemTriage(
        labels=[label.value for label in result.labels],
        severity=result.severity.value,
        summary=result.explanation.summary,
        scores={label.value: score for label, score in result.scores.items()},
        spans=[
            {"start": s.start, "end": s.end, "label": s.label.value, "source": s.source}
            for s in result.explanation.spans
        ],
        rules=[rule.model_dump(mode="json") for rule in result.rules],
        offences=[offence.model_dump(mode="json") for offence in result.offences],
    )


def severity_for_labels(labels: Sequence[str]) -> str:
    """A severity for labels a candidate set by hand (no model score to go on)."""
    if not labels:
        return "none"
    if CRIME_LABELS & set(labels):
        return "possible_crime"
    return "platform_violation"


def worst(severities: Sequence[str | None]) -> str:
    ranks = [SEVERITIES.index(s) for s in severities if s in SEVERITIES]
    return SEVERITIES[max(ranks)] if ranks else "none"


def harms(labels: Sequence[str]) -> list[str]:
    """The knowledge base harm slugs for triage labels, in label order, without repeats."""
    return [HARM_SLUGS[label] for label in LABELS if label in set(labels)]
