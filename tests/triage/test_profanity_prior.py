"""alt-profanity-check's weights as the artifact holds them: the same scores as the package."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from profanity_check import predict_prob

from hustings.triage.model import default_model, prepare
from hustings.triage.normalise import strip_mentions
from hustings.triage.profanity_prior import ProfanityPrior

TEXTS = [
    "you useless clown",
    "Thanks for the leaflet, see you at the hustings.",
    "what a load of bollocks, resign",
    "",
    "F*** OFF you absolute muppet!!",
    "Über café naïve",
    "@jane_mp your housing plan is crap",
    "I disagree with your policy on buses.",
]


@pytest.fixture(scope="module")
def from_package() -> ProfanityPrior:
    return ProfanityPrior.from_package()


def test_read_from_the_package_it_scores_as_the_package_does(from_package: ProfanityPrior) -> None:
    assert np.allclose(from_package.probability(TEXTS), predict_prob(TEXTS), atol=1e-6)


def test_the_committed_artifact_holds_the_pinned_package_weights(
    from_package: ProfanityPrior,
) -> None:
    committed = default_model().profanity
    assert committed is not None
    assert committed.source == from_package.source
    assert committed.vocab == from_package.vocab
    assert np.allclose(committed.probability(TEXTS), predict_prob(TEXTS), atol=1e-6)
    assert "MIT License" in committed.licence


def test_the_mix_weight_sits_between_the_head_alone_and_the_package_alone() -> None:
    model = default_model()
    assert 0.0 < model.civility_mix < 1.0
    x = model.features([prepare(t) for t in TEXTS])
    mixed = model.incivility(x, TEXTS)
    head = dataclasses.replace(model, civility_mix=1.0).incivility(x, TEXTS)
    assert mixed is not None and head is not None
    assert model.profanity is not None
    bare = [strip_mentions(t) for t in TEXTS]
    prior = np.clip(model.profanity.probability(bare), 1e-6, 1 - 1e-6)

    def logit(p: np.ndarray) -> np.ndarray:
        return np.log(p / (1 - p))

    expected = model.civility_mix * logit(head) + (1 - model.civility_mix) * logit(prior)
    assert np.allclose(logit(mixed), expected, atol=1e-4)
    assert not np.allclose(mixed, head)
