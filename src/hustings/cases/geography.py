"""Police forces and the constituencies they cover, from the data files beside this module.

A small, stable API that other domains (outreach) reuse:

    forces()                        every force, sorted by English name
    force(slug)                     one force, or None
    force_for_constituency(name)    the one force covering a constituency, or None when the
                                    constituency is not mapped or spans two forces
    forces_for_constituency(name)   every force covering it (empty when not mapped)
    constituencies()                the mapped constituency names, sorted

Names match without regard to case, spacing or accents ("Ynys Mon" finds "Ynys Môn").
The mapping is deliberately partial outside Wales: a candidate whose constituency is not
listed picks their force from the full list.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data"
EMERGENCY_NUMBER = "999"
NON_EMERGENCY_NUMBER = "101"


@dataclass(frozen=True)
class Force:
    slug: str
    name: dict[str, str]  # {"en": ..., "cy": ...}; pick() chooses
    jurisdiction: str  # england_wales, scotland or northern_ireland


@dataclass(frozen=True)
class Constituency:
    name: str
    force_slugs: tuple[str, ...]
    nation: str | None = None


def _key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace(",", " ").lower().split())


def _load(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))
    return loaded


@cache
def _forces() -> dict[str, Force]:
    rows = _load("police_forces.yaml")["forces"]
    return {
        row["slug"]: Force(
            slug=row["slug"], name=dict(row["name"]), jurisdiction=row["jurisdiction"]
        )
        for row in rows
    }


@cache
def _constituencies() -> dict[str, Constituency]:
    known = _forces()
    mapped: dict[str, Constituency] = {}
    for row in _load("constituencies.yaml")["constituencies"]:
        slugs = tuple(row["forces"])
        unknown = [s for s in slugs if s not in known]
        if unknown:
            raise ValueError(f"constituency {row['name']!r} names unknown forces {unknown}")
        mapped[_key(row["name"])] = Constituency(row["name"], slugs, row.get("nation"))
    return mapped


def forces() -> list[Force]:
    return sorted(_forces().values(), key=lambda f: f.name["en"])


def force(slug: str) -> Force | None:
    return _forces().get(slug)


def forces_for_constituency(name: str) -> list[Force]:
    found = _constituencies().get(_key(name))
    if found is None:
        return []
    return [_forces()[slug] for slug in found.force_slugs]


def force_for_constituency(name: str) -> Force | None:
    found = forces_for_constituency(name)
    return found[0] if len(found) == 1 else None


def constituencies() -> list[str]:
    return sorted(c.name for c in _constituencies().values())
