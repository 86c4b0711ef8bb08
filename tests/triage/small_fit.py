"""Small, fast training sets for tests that fit a model (a few hundred template rows)."""

from __future__ import annotations

from hustings.triage import training
from hustings.triage.civility_templates import generate_civility
from hustings.triage.civility_training import CivilityItem
from hustings.triage.synthetic import generate


def small_items() -> list[training.Item]:
    """Label templates, each in the split its text hashes to."""
    return [
        training.Item(e.text, e.labels, 1.0, e.family, training._split_of(e.text))
        for e in generate(seed=5, scale=0.08)
    ]


def small_civility_items() -> list[CivilityItem]:
    """Civility templates, each in the split its text hashes to."""
    return [
        CivilityItem(e.text, e.uncivil, 1.0, "civility:" + e.family, training._split_of(e.text))
        for e in generate_civility(seed=5, scale=0.3)
    ]
