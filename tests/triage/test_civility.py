"""The incivility ranking: it orders unflagged messages' scores and never changes a decision."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from hustings.triage import training
from hustings.triage.civility_training import fit_civility
from hustings.triage.evaluation import abuse_score, roc_auc
from hustings.triage.labels import LABELS, Label, Severity
from hustings.triage.model import TriageModel, default_model, prepare
from hustings.triage.schemas import TriageInput
from hustings.triage.service import CIVILITY_CAP, FLAG, _civility_ranked, triage_inputs
from tests.triage.small_fit import small_civility_items, small_items

DATA = Path(__file__).parent / "data"
SUITES = ("functional.jsonl", "functional_dev2.jsonl", "functional_unseen.jsonl", "civility.jsonl")


def _records(name: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in (DATA / name).read_text().splitlines() if line]


def _inputs(name: str) -> list[TriageInput]:
    return [TriageInput(id=i, text=r["text"]) for i, r in enumerate(_records(name))]


@pytest.fixture(scope="module")
def without_head() -> TriageModel:
    return dataclasses.replace(default_model(), civility_coef=None)


def test_the_committed_model_has_an_incivility_head() -> None:
    model = default_model()
    assert model.civility_coef is not None
    # One weight per word and character n-gram: the head does not read the group-conditioned copy.
    assert model.civility_coef.shape == (model.group_offset,)


@pytest.mark.parametrize("suite", SUITES)
def test_the_ranking_changes_no_decision_but_the_harassment_checks(
    suite: str, without_head: TriageModel
) -> None:
    """Over every case of the suites: the same labels, abusive, severity, explanation, rules
    and offences with and without the head, except where the harassment check drops a weak
    harassment flag on a civil message; flagged messages keep their scores exactly."""
    model = default_model()
    inputs = _inputs(suite)
    texts = [it.text for it in inputs]
    incivility = model.incivility(model.features([prepare(t) for t in texts]), texts)
    assert incivility is not None
    ranked = triage_inputs(inputs)
    plain = triage_inputs(inputs, model=without_head)
    changed = 0
    for a, b, inc in zip(ranked, plain, incivility, strict=True):
        if a.labels != b.labels:
            check = model.harassment_check
            assert check is not None
            assert check.overrules(b.labels, b.scores[Label.HARASSMENT], float(inc))
            assert not a.abusive and a.severity == Severity.NONE
            continue
        assert a.model_dump(exclude={"scores"}) == b.model_dump(exclude={"scores"})
        assert {k for k, v in a.scores.items() if v >= FLAG} == set(a.labels)
        if a.abusive:
            assert a.scores == b.scores
        else:
            assert max(a.scores.values()) <= CIVILITY_CAP
            changed += a.scores != b.scores
    assert changed > 0


@pytest.mark.parametrize("suite", SUITES)
def test_unflagged_messages_are_ordered_by_incivility(suite: str) -> None:
    model = default_model()
    inputs = _inputs(suite)
    results = triage_inputs(inputs)
    x = model.features([prepare(i.text) for i in inputs])
    incivility = model.incivility(x, [i.text for i in inputs])
    assert incivility is not None
    pairs = [
        (float(q), abuse_score(r))
        for q, r in zip(incivility, results, strict=True)
        if not r.abusive
    ]
    pairs.sort()
    tops = [top for _, top in pairs]
    assert tops == sorted(tops)  # rounding to 4 places may tie, never reverse


def test_rude_but_civil_replies_score_above_polite_ones(without_head: TriageModel) -> None:
    records = _records("civility.jsonl")
    inputs = _inputs("civility.jsonl")
    gold = [bool(r["uncivil"]) for r in records]
    ranked = [abuse_score(r) for r in triage_inputs(inputs)]
    plain = [abuse_score(r) for r in triage_inputs(inputs, model=without_head)]
    with_head, labels_only = roc_auc(gold, ranked), roc_auc(gold, plain)
    assert with_head is not None and labels_only is not None
    assert with_head >= 0.9
    assert with_head > labels_only
    rude = sorted(s for s, g in zip(ranked, gold, strict=True) if g)
    polite = sorted(s for s, g in zip(ranked, gold, strict=True) if not g)
    assert rude[len(rude) // 2] > polite[-len(polite) // 4]  # median rude above 3rd quartile polite


def test_a_rude_reply_outranks_the_same_point_made_politely() -> None:
    rude, polite = (
        max(r.scores.values())
        for r in triage_inputs(
            [
                TriageInput(text="Your housing plan is a load of crap, you clowns."),
                TriageInput(text="I think your housing plan needs more work."),
            ]
        )
    )
    assert rude > polite


_score = st.floats(min_value=0.0, max_value=0.4999, allow_nan=False)


@given(
    st.lists(_score, min_size=len(LABELS), max_size=len(LABELS)),
    st.floats(min_value=0.0, max_value=1.0, allow_nan=False),
)
# found by CI: a subnormal top score made target / top overflow to inf (and 0 * inf to nan)
@example([5e-324] + [0.0] * (len(LABELS) - 1), 0.7)
def test_civility_ranked_keeps_scores_under_the_cap_and_their_proportions(
    values: list[float], incivility: float
) -> None:
    scores = dict(zip(LABELS, values, strict=True))
    ranked = _civility_ranked(scores, incivility)
    assert all(0.0 <= v <= CIVILITY_CAP + 1e-12 for v in ranked.values())
    assert max(ranked.values()) == pytest.approx(CIVILITY_CAP * incivility)
    top = max(scores, key=lambda k: scores[k])
    if scores[top] > 0:
        assert max(ranked, key=lambda k: ranked[k]) == top or ranked[top] == pytest.approx(
            max(ranked.values())
        )


def test_training_the_head_twice_gives_identical_bytes(tmp_path: Path) -> None:
    items, civility = small_items(), small_civility_items()
    digests = []
    for name in ("a.zip", "b.zip"):
        model = fit_civility(training.fit(items, log=False), civility, seed=5)
        model.save(tmp_path / name)
        digests.append(hashlib.sha256((tmp_path / name).read_bytes()).hexdigest())
        loaded = TriageModel.load(tmp_path / name)
        assert loaded.civility_intercept == model.civility_intercept
        assert loaded.civility_embedding_coef is not None
        assert np.array_equal(loaded.civility_embedding_coef, model.civility_embedding_coef)
        assert loaded.profanity is not None and model.profanity is not None
        assert loaded.profanity.vocab == model.profanity.vocab
        assert loaded.civility_mix == model.civility_mix
    assert digests[0] == digests[1]
