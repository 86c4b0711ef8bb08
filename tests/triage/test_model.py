"""The artifact format round-trips exactly and training is deterministic."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import zipfile
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


def test_saving_a_loaded_model_leaves_no_stale_metadata(tmp_path: Path) -> None:
    """A loaded model's meta holds what save() wrote; clearing the fields must clear it too."""
    cleared = dataclasses.replace(
        TriageModel.load(ARTIFACT_PATH),
        civility_coef=None,
        civility_embedding_coef=None,
        profanity=None,
        harassment_check=None,
    )
    cleared.save(tmp_path / "m.zip")
    with zipfile.ZipFile(tmp_path / "m.zip") as zf:
        meta = json.loads(zf.read("meta.json"))
    stale = {"civility_intercept", "civility_mix", "profanity_params", "profanity_source"}
    assert not stale & meta.keys()
    assert "harassment_check" not in meta
    assert meta["thresholds"] == [round(float(t), 6) for t in cleared.thresholds]


def test_the_threat_cut_is_the_lowest_that_keeps_dev_precision_at_the_floor() -> None:
    from hustings.triage.labels import Label

    # 20 threats all scored 0.6 or more; non-threats spread below, a few of them high
    y = np.array([1] * 20 + [0] * 80)
    p = np.concatenate([np.full(20, 0.9), np.linspace(0.0, 0.7, 80)])
    cut = training.choose_threshold(y, p, Label.THREAT)
    pred = p >= cut
    precision = (pred & (y == 1)).sum() / pred.sum()
    assert precision >= training.PRECISION_FLOOR[Label.THREAT]
    assert (p[y == 1] >= cut).all()
    # one step lower would let precision fall under the floor
    lower = p >= cut - 0.01
    assert (lower & (y == 1)).sum() / lower.sum() < training.PRECISION_FLOOR[Label.THREAT]
    # labels without a floor keep the best F1
    assert training.choose_threshold(y, p, Label.HATE) == training._best_threshold(y, p, 1.0)


def test_hate_with_enough_public_positives_is_cut_on_the_public_rows_alone() -> None:
    from hustings.triage.labels import LABELS, Label

    rng = np.random.default_rng(0)
    n_public = 2 * training.PUBLIC_CUT_MIN_POSITIVES + 400
    # public rows: positives spread over 0.3..1.0, negatives over 0..0.6 (the best cut is low);
    # template rows: separable at 0.9, which alone would put the cut high
    y_pub = np.zeros((n_public, len(LABELS)), dtype=np.int8)
    y_pub[: training.PUBLIC_CUT_MIN_POSITIVES + 200, :] = 1
    p_pub = np.where(
        y_pub == 1, rng.uniform(0.3, 1.0, y_pub.shape), rng.uniform(0.0, 0.6, y_pub.shape)
    )
    y_tpl = np.repeat(np.array([[1], [0]], dtype=np.int8), 3000, axis=0) @ np.ones(
        (1, len(LABELS)), dtype=np.int8
    )
    p_tpl = np.where(y_tpl == 1, 0.95, 0.85)
    y, p = np.vstack([y_pub, y_tpl]), np.vstack([p_pub, p_tpl])
    public = [True] * n_public + [False] * len(y_tpl)
    hate = LABELS.index(Label.HATE)
    on_public = training.dev_thresholds(y, p, public)[hate]
    on_all = training.choose_threshold(y[:, hate], p[:, hate], Label.HATE)
    assert on_public == training.choose_threshold(y_pub[:, hate], p_pub[:, hate], Label.HATE)
    assert on_public < on_all
    # too few public positives: every dev row counts
    few = [False] * len(y)
    assert training.dev_thresholds(y, p, few)[hate] == on_all
    # harassment's public labels count rudeness, so its cut always uses every dev row
    harassment = LABELS.index(Label.HARASSMENT)
    assert training.dev_thresholds(y, p, public)[harassment] == training.choose_threshold(
        y[:, harassment], p[:, harassment], Label.HARASSMENT
    )
