"""Reading what the app wrote without holding SQLite's write lock afterwards.

The test database begins every transaction with BEGIN IMMEDIATE, so a test that reads through
its own session must end that transaction before the app can write again.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any


def snapshot(db: Any, model: Any, row_id: int) -> Any:
    """The row's columns as the database has them now, as a plain object."""
    db.expire_all()
    row = db.get(model, row_id)
    values = SimpleNamespace(**{c.key: getattr(row, c.key) for c in model.__table__.columns})
    db.rollback()
    return values
