"""Small helpers the template generators share for filling slots."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

_T = TypeVar("_T")


def pick(rng: random.Random, items: Sequence[_T]) -> _T:
    """One of `items`, drawn with `rng` (one randrange call, so seeded output stays fixed)."""
    return items[rng.randrange(len(items))]


def a_or_an(word: str) -> str:
    """'a' or 'an' before `word`."""
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word
