"""The audit chain detects edits, insertions and deletions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from hustings.audit.service import record, verify


def _write(db: Any, n: int) -> None:
    for i in range(n):
        record(
            session=db,
            actor="user:1",
            action="case.viewed",
            subject_type="case",
            subject_id=i,
            details={"i": i},
        )
    db.commit()


def test_an_untouched_chain_verifies(db: Any) -> None:
    _write(db, 5)
    assert verify(session=db) == []


def test_an_edited_entry_is_detected(db: Any) -> None:
    _write(db, 5)
    db.execute(text("UPDATE audit_entries SET action = 'case.deleted' WHERE id = 3"))
    db.commit()
    problems = verify(session=db)
    assert [p.entry_id for p in problems] == [3]


def test_a_deleted_entry_is_detected(db: Any) -> None:
    _write(db, 5)
    db.execute(text("DELETE FROM audit_entries WHERE id = 2"))
    db.commit()
    assert any(p.entry_id == 3 for p in verify(session=db))


def test_deleting_the_newest_entries_is_detected(db: Any) -> None:
    _write(db, 5)
    db.execute(text("DELETE FROM audit_entries WHERE id >= 4"))
    db.commit()
    assert verify(session=db)
