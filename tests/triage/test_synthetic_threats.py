"""The composed threat templates: threats to groups are also hate; twins carry no label."""

from __future__ import annotations

import random

from hustings.triage.labels import Label
from hustings.triage.model import prepare
from hustings.triage.synthetic import FAMILIES, GROUP_SINGULAR, GROUPS
from hustings.triage.synthetic_threats import threat_twins, threats_composed


def test_threats_are_threats_and_those_naming_a_group_are_also_hate() -> None:
    r = random.Random(1)
    kinds = set()
    for _ in range(1000):
        text, labels = threats_composed(r, GROUPS, GROUP_SINGULAR)
        assert Label.THREAT in labels, text
        if Label.HATE in labels:
            assert prepare(text).names_group, text
        kinds.add(labels)
    assert kinds == {frozenset({Label.THREAT}), frozenset({Label.THREAT, Label.HATE})}


def test_twins_share_the_fighting_words_but_carry_no_label() -> None:
    r = random.Random(2)
    twins = [threat_twins(r, GROUPS, GROUP_SINGULAR) for _ in range(500)]
    assert all(labels == frozenset() for _, labels in twins)
    assert any("ballot box" in text for text, _ in twins)
    assert any("you've got until" in text for text, _ in twins)


def test_both_are_registered_as_families() -> None:
    r1, r2 = random.Random(5), random.Random(5)
    assert FAMILIES["threats_composed"](r1) == threats_composed(r2, GROUPS, GROUP_SINGULAR)
    assert "threat_twins" in FAMILIES
