"""Naming a protected group switches on the hate label's group-conditioned view."""

from __future__ import annotations

import numpy as np
import pytest

from hustings.triage.groups import names_protected_group
from hustings.triage.labels import Label
from hustings.triage.model import EMBEDDING_DIMS, default_model, label_index, prepare
from hustings.triage.training import GROUP_VIEW_LABELS


@pytest.mark.parametrize(
    "text",
    [
        "Sikhs run the best cafe on our high street.",
        "I met a Muslim woman at the count.",
        "She is non-binary and proud of it.",
        "Support for people with learning disabilities is being cut.",
        "Why are all these Eastern Europeans here?",
        "R0mani4ns are everywhere",  # l33t is undone before the lookup
    ],
)
def test_a_named_group_is_found(text: str) -> None:
    assert prepare(text).names_group


@pytest.mark.parametrize(
    "text",
    [
        "The budget is a disgrace and so is the chancellor.",
        "Lib Dems never keep a promise.",  # a party is not a protected group
        "A binary choice at the ballot box.",  # "binary" alone is not "non-binary"
        "",
    ],
)
def test_no_group_no_view(text: str) -> None:
    assert not prepare(text).names_group


@pytest.mark.parametrize(
    "word",
    ["immigrnts", "musilms", "refugeees", "travelers", "immigrantsareallscum", "disabledpeople"],
)
def test_a_long_name_is_found_one_slip_away_or_glued(word: str) -> None:
    assert names_protected_group([word])


@pytest.mark.parametrize("word", ["block", "blink", "blank", "morons", "whines", "queens", "slack"])
def test_everyday_words_near_short_names_are_not_groups(word: str) -> None:
    assert not names_protected_group([word])


def test_the_lookup_takes_words_not_substrings() -> None:
    assert not names_protected_group(["jewellery", "gayle", "blackpool"])
    assert names_protected_group(["the", "jewish", "quarter"])


def test_the_view_is_zero_unless_a_group_is_named() -> None:
    model = default_model()
    x = model.features([prepare("I can't stand this budget."), prepare("I can't stand Sikhs.")])
    view = x[:, model.group_offset :]
    assert view.shape[1] == model.n_word + EMBEDDING_DIMS
    assert view[0].nnz == 0
    assert view[1].nnz > EMBEDDING_DIMS // 2  # words and the embedding


def test_only_the_hate_label_reads_the_view() -> None:
    model = default_model()
    assert frozenset({Label.HATE}) == GROUP_VIEW_LABELS
    for label in Label:
        weights = model.coef[label_index(label), model.group_offset :]
        assert bool(np.any(weights)) == (label in GROUP_VIEW_LABELS)


def test_explanations_add_up_both_word_views() -> None:
    """A word's push on hate counts its weight in the plain view and in the group's copy."""
    model = default_model()
    k = label_index(Label.HATE)
    x = model.features([prepare("Sikhs are vermin.")])
    pushes = model.word_contributions(x.indices, x.data, k)
    j = model._word_index["vermin"]
    row = x.toarray()[0]
    plain, copied = j, model.group_offset + j
    assert row[copied] > 0
    expected = row[plain] * model.coef[k, plain] + row[copied] * model.coef[k, copied]
    assert pushes["vermin"] == pytest.approx(float(expected), rel=1e-5)
