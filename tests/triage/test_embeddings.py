"""The committed static embeddings: read from the repository, and they carry meaning."""

from __future__ import annotations

import numpy as np

from hustings.triage.embeddings import EMBEDDINGS_PATH, embed
from hustings.triage.model import default_model


def test_embeddings_are_committed_with_no_path_from_the_machine_that_made_them() -> None:
    assert (EMBEDDINGS_PATH / "model.safetensors").stat().st_size < 40_000_000
    assert "/work/" not in (EMBEDDINGS_PATH / "config.json").read_text()


def test_each_message_gets_one_unit_vector() -> None:
    vectors = embed(["Your budget is a clown show", "", "Diolch yn fawr"])
    assert vectors.shape == (3, 256) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors[[0, 2]], axis=1), 1.0, atol=1e-5)
    assert np.isfinite(vectors).all()  # an empty message is all zeros, never NaN


def test_messages_alike_in_meaning_but_not_in_words_are_close() -> None:
    circus, clowns, budget = embed(
        [
            "this government is a circus",
            "what a clown show from your party",
            "the council published its budget for next year",
        ]
    )
    assert float(circus @ clowns) > float(circus @ budget)


def test_the_committed_head_reads_the_embeddings() -> None:
    model = default_model()
    assert model.civility_embedding_coef is not None
    assert model.civility_embedding_coef.shape == (256,)


def test_mentions_are_left_out_but_an_email_address_is_kept() -> None:
    """Who a reply is addressed to is not read; an address is part of what was said."""
    bare, mentioned, email, email_stripped = embed(
        [
            "you are a disgrace",
            "@jane_mp: you are a disgrace @party_hq!",
            "write to jo@example.com, you are a disgrace",
            "write to jo you are a disgrace",
        ]
    )
    assert np.allclose(bare, mentioned, atol=1e-6)
    assert not np.allclose(email, email_stripped, atol=1e-3)
