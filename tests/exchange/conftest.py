"""Fixtures shared by the exchange's API tests."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session
from tests.factories.exchange import Member, make_member


@pytest.fixture
def pair(db: Session) -> tuple[Member, Member]:
    """Two member platforms with keys, in one sharing group."""
    a = make_member(db, "platform-a")
    b = make_member(db, "platform-b")
    db.commit()
    return a, b
