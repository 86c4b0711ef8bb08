"""Offences say where they apply, and never pass an unconfirmed place off as confirmed."""

from __future__ import annotations

from hustings.policy.schemas import Applies, Jurisdiction
from hustings.triage.knowledge import _where


def test_confirmed_places_are_listed_plainly() -> None:
    applies = {j: Applies.APPLIES for j in Jurisdiction}
    assert "not confirmed" not in _where(applies, "en")


def test_places_to_check_are_marked_unconfirmed_in_both_languages() -> None:
    applies = {j: Applies.CHECK for j in Jurisdiction}
    english, welsh = _where(applies, "en"), _where(applies, "cy")
    assert english.count("not confirmed by our sources") == len(Jurisdiction)
    assert welsh.count("heb ei gadarnhau") == len(Jurisdiction)


def test_places_where_it_does_not_apply_are_left_out() -> None:
    applies = {j: Applies.DOES_NOT_APPLY for j in Jurisdiction}
    assert _where(applies, "en") == ""
