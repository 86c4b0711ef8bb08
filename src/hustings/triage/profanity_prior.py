"""A second opinion on rudeness for the incivility head: alt-profanity-check's weights.

alt-profanity-check (MIT) is a linear SVM on TF-IDF words, calibrated to a probability, that its
authors trained on about 200,000 comments: Davidson's tweets and the Wikipedia talk comments of
the Jigsaw toxic-comment challenge. It has seen far more swearing and insults than our training
sets hold, and never OLID, so its log-odds carry information our head lacks. The incivility head
mixes the two (`TriageModel.incivility`) at a weight chosen on OLID's dev rows.

Training reads the weights out of the installed package (a dev dependency, pinned in uv.lock)
and stores them as plain arrays in the triage artifact, with the package's licence. Serving needs
neither the package nor its pickles: the words are counted with scikit-learn's TF-IDF settings
as the package used them, and the score is computed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

# The package's vectoriser settings that matter at transform time (the rest only shaped fitting).
_VECTORISER_KEYS = (
    "lowercase", "token_pattern", "stop_words", "ngram_range", "norm", "sublinear_tf", "use_idf",
)  # fmt: skip
PACKAGE = "alt-profanity-check"


@dataclass
class ProfanityPrior:
    """The package's vocabulary, IDF and calibrated linear models, as arrays."""

    vocab: list[str]
    idf: np.ndarray  # (vocabulary,)
    coef: np.ndarray  # (models, vocabulary): one linear SVM per calibration fold
    intercept: np.ndarray  # (models,)
    calibration: np.ndarray  # (models, 2): Platt's a and b for each fold
    params: dict[str, Any]
    source: str  # package name and version the weights came from
    licence: str

    def __post_init__(self) -> None:
        settings = dict(self.params)
        settings["ngram_range"] = tuple(settings["ngram_range"])
        self._vectoriser = TfidfVectorizer(
            **settings, vocabulary={term: i for i, term in enumerate(self.vocab)}
        )
        self._vectoriser.idf_ = self.idf.astype(np.float64)
        self._weights = self.coef.T.astype(np.float64)  # converted once, not per message

    def probability(self, texts: Sequence[str]) -> np.ndarray:
        """The package's probability that each text is profane or offensive, 0..1."""
        if not texts:
            return np.zeros(0)
        x = self._vectoriser.transform(list(texts))
        decision = np.asarray(x @ self._weights) + self.intercept
        a, b = self.calibration[:, 0], self.calibration[:, 1]
        # Platt scaling per fold, averaged over folds, as scikit-learn's calibrated classifier.
        return np.mean(1.0 / (1.0 + np.exp(a * decision + b)), axis=1)

    def arrays(self) -> dict[str, np.ndarray]:
        """What the artifact stores as .npy files."""
        return {
            "profanity_idf": self.idf,
            "profanity_coef": self.coef,
            "profanity_intercept": self.intercept,
            "profanity_calibration": self.calibration,
        }

    def meta(self) -> dict[str, Any]:
        """What the artifact stores in its metadata."""
        return {"profanity_params": self.params, "profanity_source": self.source}

    @classmethod
    def from_package(cls) -> ProfanityPrior:
        """Read the weights out of the installed package (training only)."""
        from profanity_check import profanity_check as package  # dev dependency

        vectoriser, calibrated = package.vectorizer, package.model
        settings = vectoriser.get_params()
        params = {key: settings[key] for key in _VECTORISER_KEYS}
        params["ngram_range"] = list(params["ngram_range"])
        order = sorted(vectoriser.vocabulary_.items(), key=lambda item: item[1])
        folds = calibrated.calibrated_classifiers_
        if any(fold.method != "sigmoid" or len(fold.calibrators) != 1 for fold in folds):
            raise ValueError(f"{PACKAGE}: expected binary sigmoid calibration in every fold")
        dist = metadata.distribution(PACKAGE)
        licence = next(
            (f.read_text() for f in dist.files or [] if f.name in ("LICENSE", "LICENSE.txt")), ""
        )
        if not licence:
            raise ValueError(f"{PACKAGE}: licence file not found in the installed package")
        return cls(
            vocab=[term for term, _ in order],
            idf=np.asarray(vectoriser.idf_, dtype=np.float32),
            coef=np.stack([f.estimator.coef_[0] for f in folds]).astype(np.float32),
            intercept=np.array([f.estimator.intercept_[0] for f in folds], dtype=np.float32),
            calibration=np.array(
                [[f.calibrators[0].a_, f.calibrators[0].b_] for f in folds], dtype=np.float32
            ),
            params=params,
            source=f"{PACKAGE} {dist.version}",
            licence=licence,
        )
