"""The statistical half of triage: features, the artifact format, and scoring.

Two views of each message feed one linear model per label:
- words (1-3 grams) of the repaired text, with quoted words and negated words marked, so that
  "you are scum" and '"you are scum" is vile' and "I'd never say you are scum" differ;
- characters (3-5 grams) of the repaired text with quotations blanked, which catches
  misspellings and glued words the word view cannot.
The hate label reads a third view, the group-conditioned one: the word n-grams and the static
sentence embedding again, switched on only when the message names a protected group
(`hustings.triage.groups`). A sum of word weights cannot make "I can't stand" mean one thing
about a budget and another about Muslims; a second set of weights that applies only when a group
is named can.

A separate head ranks incivility (rudeness, whether or not it is abuse) on the same
features plus a static sentence embedding (`hustings.triage.embeddings`), mixed with
alt-profanity-check's score (`hustings.triage.profanity_prior`). It decides one thing only: a
weak harassment flag on a message it reads as civil is dropped (`hustings.triage.harassment_check`).

The artifact is a zip of JSON and .npy arrays (no pickle: loading it runs no code), written with
fixed timestamps so the same training run gives the same bytes.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from hustings.triage.embeddings import embed
from hustings.triage.groups import names_protected_group
from hustings.triage.harassment_check import HarassmentCheck
from hustings.triage.labels import LABELS, Label
from hustings.triage.normalise import Token, mark, plain, strip_mentions, tokenise
from hustings.triage.profanity_prior import ProfanityPrior

ARTIFACT_DIR = Path(__file__).parent / "artifacts"
ARTIFACT_PATH = ARTIFACT_DIR / "triage-model.zip"
EMBEDDING_DIMS = 256
# The group-conditioned view's values are doubled, which halves the pull of regularisation on its
# weights next to the plain views' under the same C (chosen on the development suites: 0.5, 1,
# 2 and 4 were tried; model card).
GROUP_VIEW_SCALE = 2.0
FORMAT_VERSION = 2
# Metadata that save() writes from the model's own fields. A loaded model's `meta` holds copies,
# which would go stale if a field were replaced or cleared, so save() drops them first.
_DERIVED_META = frozenset(
    {
        "format", "labels", "thresholds", "civility_intercept", "civility_mix",
        "profanity_params", "profanity_source", "harassment_check",
    }
)  # fmt: skip

WORD_PARAMS: dict[str, Any] = {
    "analyzer": "word",
    "token_pattern": r"[^ ]+",
    "lowercase": False,
    "ngram_range": (1, 3),
    "sublinear_tf": True,
    "dtype": np.float32,
}
CHAR_PARAMS: dict[str, Any] = {
    "analyzer": "char",
    "lowercase": False,
    "ngram_range": (3, 5),
    "sublinear_tf": True,
    "dtype": np.float32,
}


@dataclass(frozen=True, slots=True)
class Prepared:
    """A message made ready for the model, keeping the tokens for explanations."""

    tokens: list[Token]
    words: list[str]
    word_source: list[int]
    chars: str
    names_group: bool


def prepare(text: str) -> Prepared:
    """Tokenise once; build both model views and remember which token each word came from."""
    tokens = tokenise(text)
    marked = mark(tokens)
    # mark() emits one entry per word token plus "|" for clause ends; map words back.
    source: list[int] = []
    word_tokens = [i for i, t in enumerate(tokens) if t.is_word]
    k = 0
    for entry in marked:
        if entry == "|":
            source.append(-1)
        else:
            source.append(word_tokens[k])
            k += 1
    names_group = names_protected_group(t.text for t in tokens if t.is_word)
    return Prepared(tokens, marked, source, plain(tokens), names_group)


def new_vectorisers(
    max_word: int, max_char: int, min_df: int
) -> tuple[TfidfVectorizer, TfidfVectorizer]:
    """Unfitted vectorisers with the artifact's settings (used by training)."""
    return (
        TfidfVectorizer(**WORD_PARAMS, max_features=max_word, min_df=min_df),
        TfidfVectorizer(**CHAR_PARAMS, max_features=max_char, min_df=min_df),
    )


def _fixed_vectoriser(params: dict[str, Any], vocab: list[str], idf: np.ndarray) -> TfidfVectorizer:
    vec = TfidfVectorizer(**params, vocabulary={term: i for i, term in enumerate(vocab)})
    vec.idf_ = idf
    return vec


def feature_matrix(
    word: TfidfVectorizer, char: TfidfVectorizer, prepared: list[Prepared], *, group_view: bool
) -> sp.csr_matrix:
    """The model's input: word n-grams, character n-grams and, with `group_view`, the
    group-conditioned view after them (`with_group_view`)."""
    words = word.transform([" ".join(p.words) for p in prepared])
    chars = char.transform([p.chars for p in prepared])
    if group_view:
        return with_group_view(words, chars, prepared)
    return sp.hstack([words, chars], format="csr", dtype=np.float32)


def with_group_view(
    words: sp.csr_matrix, chars: sp.csr_matrix, prepared: list[Prepared]
) -> sp.csr_matrix:
    """Words and characters, then the word n-grams and the static embedding again in rows that
    name a protected group (zero elsewhere).

    The copy lets a label weigh what is said differently when it is said of a group
    (`hustings.triage.groups`): a sum of word weights alone cannot.
    """
    named = sp.diags(
        np.array([GROUP_VIEW_SCALE * p.names_group for p in prepared], dtype=np.float32),
        format="csr",
    )
    # Only rows that name a group need the embedding (the rest are zero).
    rows = [i for i, p in enumerate(prepared) if p.names_group]
    dense = np.zeros((len(prepared), EMBEDDING_DIMS), dtype=np.float32)
    if rows:
        dense[rows] = embed([prepared[i].chars for i in rows])
    blocks = [words, chars, named @ words, named @ sp.csr_matrix(dense)]
    return sp.hstack(blocks, format="csr", dtype=np.float32)


@dataclass(frozen=True, slots=True)
class IncivilityParts:
    """Per message: the incivility head's log-odds and alt-profanity-check's (None: absent)."""

    head: np.ndarray
    prior: np.ndarray | None

    def mixed(self, share: float) -> np.ndarray:
        """0..1 incivility with `share` of the log-odds from the head (1.0: the head alone)."""
        logits = self.head
        if self.prior is not None and share < 1.0:
            logits = share * self.head + (1.0 - share) * self.prior
        return 1.0 / (1.0 + np.exp(-logits))


@dataclass
class TriageModel:
    """Fitted vectorisers, per-label weights and decision thresholds."""

    word_vocab: list[str]
    char_vocab: list[str]
    word_idf: np.ndarray
    char_idf: np.ndarray
    # (labels, word + char features [+ the group-conditioned view: words again and the embedding])
    coef: np.ndarray
    intercept: np.ndarray  # (labels,)
    thresholds: np.ndarray  # (labels,) on the raw probability scale
    meta: dict[str, Any]
    # The incivility head: one weight per feature and an intercept (None: no head, no ranking).
    civility_coef: np.ndarray | None = None
    civility_intercept: float = 0.0
    # The head's weights on the message's static embedding (None: n-grams only).
    civility_embedding_coef: np.ndarray | None = None
    # alt-profanity-check's score and the head's share of the mixed log-odds (1.0: head only).
    profanity: ProfanityPrior | None = None
    civility_mix: float = 1.0
    # Limits under which the incivility ranking overrules a weak harassment flag (None: never).
    harassment_check: HarassmentCheck | None = None

    def __post_init__(self) -> None:
        self._word = _fixed_vectoriser(WORD_PARAMS, self.word_vocab, self.word_idf)
        self._char = _fixed_vectoriser(CHAR_PARAMS, self.char_vocab, self.char_idf)
        self._word_index = {term: i for i, term in enumerate(self.word_vocab)}
        # scipy copies a non-contiguous dense operand on every product; `coef.T` is one (10 MB),
        # so a one-message request spent more time copying weights than scoring. Copy it once.
        self._coef_t = np.ascontiguousarray(self.coef.T)

    @property
    def n_word(self) -> int:
        return len(self.word_vocab)

    @property
    def group_offset(self) -> int:
        """Where the group-conditioned view starts among the features."""
        return len(self.word_vocab) + len(self.char_vocab)

    @property
    def has_group_view(self) -> bool:
        """Whether the weights cover the group-conditioned view (artifacts before it do not)."""
        return int(self.coef.shape[1]) == self.group_offset + self.n_word + EMBEDDING_DIMS

    def features(self, prepared: list[Prepared]) -> sp.csr_matrix:
        """Words, characters and, for models that have it, the group-conditioned view."""
        return feature_matrix(self._word, self._char, prepared, group_view=self.has_group_view)

    def probabilities(self, x: sp.csr_matrix) -> np.ndarray:
        """Raw per-label probabilities, shape (messages, labels)."""
        logits = np.asarray(x @ self._coef_t) + self.intercept
        return 1.0 / (1.0 + np.exp(-logits))

    def incivility(self, x: sp.csr_matrix, texts: Sequence[str]) -> np.ndarray | None:
        """How uncivil each message reads, 0..1, or None when the artifact has no such head.

        `x` holds the messages' features and `texts` the messages themselves, row for row.
        """
        parts = self.incivility_parts(x, texts, with_prior=self.civility_mix < 1.0)
        return None if parts is None else parts.mixed(self.civility_mix)

    def incivility_parts(
        self, x: sp.csr_matrix, texts: Sequence[str], *, with_prior: bool = True
    ) -> IncivilityParts | None:
        """The head's log-odds and alt-profanity-check's, unmixed, so that several shares can
        be tried (training) or compared (metrics) without scoring the messages again."""
        if self.civility_coef is None:
            return None
        # The head reads words and characters only, not the group-conditioned view after them.
        width = self.civility_coef.shape[0]
        ngrams = x[:, :width] if x.shape[1] > width else x
        logits = np.asarray(ngrams @ self.civility_coef).ravel() + self.civility_intercept
        if self.civility_embedding_coef is not None:
            logits += embed(texts) @ self.civility_embedding_coef
        prior = None
        if self.profanity is not None and with_prior:
            # Who a message is addressed to says nothing of its tone (as for the embedding).
            bare = [strip_mentions(text) for text in texts]
            p = np.clip(self.profanity.probability(bare), 1e-6, 1.0 - 1e-6)
            prior = np.log(p / (1.0 - p))
        return IncivilityParts(logits, prior)

    def scores(self, probabilities: np.ndarray) -> np.ndarray:
        """Probabilities rescaled piecewise so that each label's threshold sits at 0.5.

        The ordering is unchanged (so ranking metrics are too) and "0.5 or more" means
        "flagged" for every label, which is what a person reading the scores expects.
        """
        t = self.thresholds
        low = 0.5 * probabilities / t
        high = 0.5 + 0.5 * (probabilities - t) / (1.0 - t)
        return np.where(probabilities < t, low, high)

    def word_contributions(
        self, indices: np.ndarray, values: np.ndarray, label: int
    ) -> dict[str, float]:
        """Each present word n-gram's push towards `label` (weight times feature value), summed
        over the plain word view and, when the message names a group, its conditioned copy.

        `indices` and `values` are one CSR row's column indices and data (no row slicing:
        slicing a sparse matrix per message costs more than the whole linear model).
        """
        pushes: dict[str, float] = {}
        for offset in (0, self.group_offset):
            in_view = (indices >= offset) & (indices < offset + self.n_word)
            cols, vals = indices[in_view], values[in_view]
            for j, push in zip(cols, vals * self.coef[label, cols], strict=True):
                term = self.word_vocab[j - offset]
                pushes[term] = pushes.get(term, 0.0) + float(push)
        return pushes

    # -- artifact ------------------------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Write the artifact with fixed timestamps and order, so equal models give equal bytes."""
        meta = {k: v for k, v in self.meta.items() if k not in _DERIVED_META}
        meta.update(
            {
                "format": FORMAT_VERSION,
                "labels": [label.value for label in LABELS],
                "thresholds": [round(float(t), 6) for t in self.thresholds],
            }
        )
        if self.civility_coef is not None:
            meta["civility_intercept"] = round(float(self.civility_intercept), 6)
        arrays: dict[str, np.ndarray] = {}
        prior_files: dict[str, bytes] = {}
        if self.profanity is not None:
            meta.update(self.profanity.meta())
            meta["civility_mix"] = round(float(self.civility_mix), 6)
            arrays = self.profanity.arrays()
            prior_files = {
                "profanity_vocab.json": json.dumps(self.profanity.vocab).encode(),
                "profanity_LICENSE.txt": self.profanity.licence.encode(),
            }
        if self.harassment_check is not None:
            meta["harassment_check"] = self.harassment_check.meta()
        files: dict[str, bytes] = {
            "meta.json": json.dumps(meta, indent=1, sort_keys=True).encode(),
            "word_vocab.json": json.dumps(self.word_vocab, ensure_ascii=False).encode(),
            "char_vocab.json": json.dumps(self.char_vocab, ensure_ascii=False).encode(),
            **prior_files,
        }
        for name, array in (
            ("word_idf", self.word_idf),
            ("char_idf", self.char_idf),
            ("coef", self.coef),
            ("intercept", self.intercept),
            *([("civility_coef", self.civility_coef)] if self.civility_coef is not None else []),
            *(
                [("civility_embedding_coef", self.civility_embedding_coef)]
                if self.civility_embedding_coef is not None
                else []
            ),
            *arrays.items(),
        ):
            buf = io.BytesIO()
            np.save(buf, np.ascontiguousarray(array, dtype=np.float32), allow_pickle=False)
            files[name + ".npy"] = buf.getvalue()
        path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(path, "w") as zf:
            for name in sorted(files):
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, files[name], compresslevel=9)

    @classmethod
    def load(cls, path: Path) -> TriageModel:
        with zipfile.ZipFile(path) as zf:
            meta = json.loads(zf.read("meta.json"))
            if meta.get("format") not in (1, FORMAT_VERSION):  # 1: before the incivility head
                raise ValueError(f"unsupported triage artifact format {meta.get('format')}")
            if meta.get("labels") != [label.value for label in LABELS]:
                raise ValueError("the artifact's labels do not match hustings.triage.labels")

            def array(name: str) -> np.ndarray:
                return np.load(io.BytesIO(zf.read(name + ".npy")), allow_pickle=False)

            names = zf.namelist()
            has_civility = "civility_coef.npy" in names
            has_embedding = "civility_embedding_coef.npy" in names
            profanity = None
            if "profanity_coef.npy" in names:
                profanity = ProfanityPrior(
                    vocab=json.loads(zf.read("profanity_vocab.json")),
                    idf=array("profanity_idf"),
                    coef=array("profanity_coef"),
                    intercept=array("profanity_intercept"),
                    calibration=array("profanity_calibration"),
                    params=meta["profanity_params"],
                    source=meta["profanity_source"],
                    licence=zf.read("profanity_LICENSE.txt").decode(),
                )

            return cls(
                word_vocab=json.loads(zf.read("word_vocab.json")),
                char_vocab=json.loads(zf.read("char_vocab.json")),
                word_idf=array("word_idf"),
                char_idf=array("char_idf"),
                coef=array("coef"),
                intercept=array("intercept"),
                thresholds=np.asarray(meta["thresholds"], dtype=np.float32),
                meta=meta,
                civility_coef=array("civility_coef") if has_civility else None,
                civility_intercept=float(meta.get("civility_intercept", 0.0)),
                civility_embedding_coef=(
                    array("civility_embedding_coef") if has_embedding else None
                ),
                profanity=profanity,
                civility_mix=float(meta.get("civility_mix", 1.0)),
                harassment_check=HarassmentCheck.from_meta(meta.get("harassment_check")),
            )


@lru_cache(maxsize=1)
def default_model() -> TriageModel:
    """The committed model, loaded once per process."""
    if not ARTIFACT_PATH.exists():
        raise FileNotFoundError(f"no triage model at {ARTIFACT_PATH}: run `make train` to build it")
    return TriageModel.load(ARTIFACT_PATH)


def label_index(label: Label) -> int:
    return LABELS.index(label)
