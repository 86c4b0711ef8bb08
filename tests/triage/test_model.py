"""The artifact format round-trips exactly and training is deterministic."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from hustings.triage import training
from hustings.triage.model import ARTIFACT_PATH, TriageModel, prepare
from tests.triage.small_fit import small_items


def test_training_twice_gives_identical_bytes(tmp_path: Path) -> None:
    items = small_items()
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    training.fit(items, log=False).save(first)
    training.fit(items, log=False).save(second)
    assert (
        hashlib.sha256(first.read_bytes()).digest() == hashlib.sha256(second.read_bytes()).digest()
    )


def test_save_and_load_round_trip_gives_the_same_scores(tmp_path: Path) -> None:
    model = training.fit(small_items(), log=False)
    path = tmp_path / "m.zip"
    model.save(path)
    loaded = TriageModel.load(path)
    texts = [prepare(t) for t in ("you are scum", "what a lovely day", "I will kill you")]
    assert np.allclose(
        model.probabilities(model.features(texts)), loaded.probabilities(loaded.features(texts))
    )


def test_committed_artifact_is_small_and_loads() -> None:
    assert ARTIFACT_PATH.stat().st_size < 100 * 1024 * 1024
    model = TriageModel.load(ARTIFACT_PATH)
    assert model.coef.shape[0] == 6
    assert ((model.thresholds > 0) & (model.thresholds < 1)).all()
