"""The hate-shape templates: hate when a group is the target, nothing when politics is."""

from __future__ import annotations

import random

from hustings.triage.groups import names_protected_group
from hustings.triage.labels import Label
from hustings.triage.model import prepare
from hustings.triage.synthetic import FAMILIES, GROUP_SINGULAR, GROUPS
from hustings.triage.synthetic_hate import EMOTION_VERBS, hate_shape_twins, hate_shapes


def test_every_shape_is_hate_and_names_a_group() -> None:
    r = random.Random(1)
    for _ in range(500):
        text, labels = hate_shapes(r, GROUPS, GROUP_SINGULAR)
        assert labels == frozenset({Label.HATE})
        # one implied shape names no group on purpose: "remember when Leicester was English?"
        assert prepare(text).names_group or text.endswith("was English?"), text


def test_twins_carry_no_label_and_some_aim_the_same_feelings_at_politics() -> None:
    r = random.Random(2)
    twins = [hate_shape_twins(r, GROUPS, GROUP_SINGULAR) for _ in range(1000)]
    assert all(labels == frozenset() for _, labels in twins)
    at_politics = [
        text
        for text, _ in twins
        if any(
            f"I {verb}" in text or f"I {w}{verb}" in text
            for verb in EMOTION_VERBS
            for w in ("really ", "just ")
        )
        and not names_protected_group(prepare(text).words)
    ]
    assert at_politics, "the feelings must also be aimed at policies and parties"


def test_both_are_registered_as_families() -> None:
    r1, r2 = random.Random(3), random.Random(3)
    assert FAMILIES["hate_shapes"](r1) == hate_shapes(r2, GROUPS, GROUP_SINGULAR)
    assert "hate_shape_twins" in FAMILIES
