"""The one place the case flow calls triage (hustings.triage) and reads its vocabulary.

Triage turns a text into labels, a severity, an explanation and the rules and offences it
may break. Evidence items store the result as plain JSON (`ItemTriage.as_json`), so that a
case keeps the verdict it was shown even after the model is retrained.

When the triage domain is not installed, items are stored untriaged (`triage_texts` returns
None for each) and the candidate labels them by hand; nothing else changes.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

# Triage's labels, in its order, and the knowledge base harm each one means. Kept equal to
# hustings.triage.labels (LABELS, HARM_SLUGS); the test suite checks they agree.
LABELS: tuple[str, ...] = (
    "threat",
    "harassment",
    "hate",
    "sexual_harassment",
    "private_information",
    "intimidation",
)
HARM_SLUGS: dict[str, str] = {
    "threat": "threat_of_violence",
    "harassment": "harassment_and_bullying",
    "hate": "hate",
    "sexual_harassment": "sexual_harassment",
    "private_information": "private_information",
    "intimidation": "intimidation",
}
SEVERITIES: tuple[str, ...] = ("none", "platform_violation", "possible_crime", "urgent")
# Labels that on their own suggest a crime when the candidate sets them by hand.
CRIME_LABELS: frozenset[str] = frozenset({"threat", "intimidation", "private_information"})


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


def _triage_service() -> ModuleType | None:
    try:
        return importlib.import_module("hustings.triage.service")
    except ModuleNotFoundError as error:
        if error.name in ("hustings.triage", "hustings.triage.service"):
            return None
        raise


def available() -> bool:
    return _triage_service() is not None


def triage_texts(texts: Sequence[str]) -> list[ItemTriage | None]:
    """Triage each text; None for each when triage is not installed."""
    service = _triage_service()
    if service is None or not texts:
        return [None] * len(texts)
    results = service.triage_texts(list(texts))
    return [_from_result(result.model_dump(mode="json")) for result in results]


def _from_result(result: dict[str, Any]) -> ItemTriage:
    explanation = result.get("explanation") or {}
    return ItemTriage(
        labels=[str(label) for label in result.get("labels", [])],
        severity=str(result.get("severity", "none")),
        summary=str(explanation.get("summary", "")),
        scores={str(k): float(v) for k, v in (result.get("scores") or {}).items()},
        spans=[
            {k: span.get(k) for k in ("start", "end", "label", "source")}
            for span in explanation.get("spans", [])
        ],
        rules=list(result.get("rules", [])),
        offences=list(result.get("offences", [])),
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
