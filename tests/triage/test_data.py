"""The public data loaders map every source onto our labels (needs ../shared beside the repo)."""

from __future__ import annotations

import pytest

from hustings.triage.data import default_data_dir, load_public
from hustings.triage.labels import Label

pytestmark = pytest.mark.skipif(
    not default_data_dir().is_dir(), reason="../shared/data/abuse is not beside the checkout"
)


def test_every_source_contributes_abusive_and_clean_rows() -> None:
    rows = load_public()
    for source in ("convabuse", "davidson", "ethos", "hatexplain", "olid"):
        mine = [r for r in rows if r.source == source]
        assert any(r.labels for r in mine), source
        assert any(not r.labels for r in mine), source
    assert any(Label.SEXUAL_HARASSMENT in r.labels for r in rows)
    assert all(r.text.strip() for r in rows)
