"""The sexual-harassment templates: what they teach, and what their look-alikes must not."""

from __future__ import annotations

import random

from hustings.triage.labels import Label
from hustings.triage.synthetic import FAMILIES, generate
from hustings.triage.synthetic_sexual import sexual_harassment, sexual_look_alike


def test_both_kinds_are_registered_as_families() -> None:
    assert FAMILIES["sexual"] is sexual_harassment
    assert FAMILIES["sexual_look_alike"] is sexual_look_alike


def test_remarks_are_sexual_harassment_and_only_violence_is_also_a_threat() -> None:
    r = random.Random(3)
    seen = [sexual_harassment(r) for _ in range(2000)]
    assert all(Label.SEXUAL_HARASSMENT in labels for _, labels in seen)
    # harassment is left to insults, so campaign words in these remarks do not pull criticism
    assert not any(Label.HARASSMENT in labels for _, labels in seen)
    for text, labels in seen:
        assert (Label.THREAT in labels) == ("rape" in text), text


def test_remarks_vary_instead_of_repeating_a_few_sentences() -> None:
    r = random.Random(4)
    texts = {sexual_harassment(r)[0] for _ in range(1000)}
    assert len(texts) > 800


def test_look_alikes_carry_no_label_even_when_they_quote_a_remark_to_report_it() -> None:
    r = random.Random(5)
    seen = [sexual_look_alike(r) for _ in range(1000)]
    assert all(labels == frozenset() for _, labels in seen)
    assert any("reported" in text for text, _ in seen)
    assert any("on its knees" in text for text, _ in seen)


def test_generation_stays_deterministic_for_a_seed() -> None:
    first = [(e.text, e.labels) for e in generate(seed=9, scale=0.05)]
    again = [(e.text, e.labels) for e in generate(seed=9, scale=0.05)]
    assert first == again
