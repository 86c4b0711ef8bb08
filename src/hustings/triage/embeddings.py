"""Static sentence embeddings for the incivility head: what TF-IDF n-grams cannot see.

A message's vector is the mean of its tokens' vectors from a model2vec table distilled from
all-MiniLM-L6-v2 (`scripts/distil_embeddings.py`, committed under artifacts/embeddings). It
knows that "clown show" and "circus" are alike, which n-grams learn only from examples; a
lookup costs far less than a transformer (about 16,000 messages a second on one core).
Everything is read from the repository: nothing is fetched at run time.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from hustings.triage.normalise import strip_mentions

EMBEDDINGS_PATH = Path(__file__).parent / "artifacts" / "embeddings"


@lru_cache(maxsize=1)
def _table():  # type: ignore[no-untyped-def]  # model2vec ships no type information
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a local folder; never ask a model hub
    from model2vec import StaticModel

    return StaticModel.from_pretrained(str(EMBEDDINGS_PATH))


def embed(texts: Sequence[str]) -> np.ndarray:
    """One unit-length float32 vector per text, shape (len(texts), dims).

    @mentions are left out: who a reply is addressed to says nothing about its civility, and
    the n-gram view ignores them too (the same `strip_mentions` as `hustings.triage.normalise`).
    """
    bare = [strip_mentions(text) for text in texts]
    vectors = _table().encode(bare, use_multiprocessing=False, normalize=True)
    return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)
