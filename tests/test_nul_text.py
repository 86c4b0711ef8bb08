"""A NUL character in any text is refused with 422 on both databases, and nothing is stored.

PostgreSQL cannot keep one in a text column; without the engine's check, the driver's error
became a 500 for whichever route happened to store it (found by the API fuzzer).
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hustings.db import UnstorableText, _holds_nul, get_sessionmaker
from hustings.exchange.models import Signal
from tests.factories.exchange import make_member, signal_body

SIGNALS = "/api/v1/exchange/signals"


def test_a_shared_signal_with_a_nul_is_refused_and_nothing_is_kept(
    client: Any, db: Session
) -> None:
    member = make_member(db, "nul-share")
    db.commit()
    good = signal_body("url")
    bad = signal_body("url", url="https://example.org/post\x00/1")
    response = client.post(SIGNALS, json={"signals": [good, bad]}, headers=member.headers)
    assert response.status_code == 422, response.text
    assert "NUL" in response.json()["detail"]
    assert db.scalar(select(func.count()).select_from(Signal)) == 0  # the good one neither
    db.rollback()  # SQLite: let go of the write lock before the next request
    again = client.post(SIGNALS, json={"signals": [good]}, headers=member.headers)
    assert again.status_code == 201, again.text


@pytest.mark.parametrize("text", ["a\x00b", "\x00"])
def test_the_engine_refuses_a_nul_in_any_statement(text: str) -> None:
    with get_sessionmaker()() as session, pytest.raises(UnstorableText):
        session.execute(select(func.length(text)))


@pytest.mark.parametrize(
    ("parameters", "holds"),
    [
        ({"a": "x", "b": 1}, False),
        ({"a": "x\x00"}, True),
        (("x", None, 2), False),
        ([{"a": "x"}, {"a": None}, {"a": "y\x00"}], True),  # executemany rows
        (["x", 1, "y\x00", 2], True),  # insertmanyvalues: many rows' values in one flat list
        ({"tags": ["a", "b\x00"]}, True),  # an array column
        ({"blob": b"\x00\x01"}, False),  # bytes may hold anything
        (None, False),
    ],
)
def test_every_shape_of_parameters_is_checked(parameters: Any, holds: bool) -> None:
    assert _holds_nul(parameters) is holds
