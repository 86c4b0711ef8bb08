"""A second opinion on weak harassment flags, from the incivility ranking.

The label model learnt "harassment" mostly from tweets where insults are written as "she is …",
"you are …"; on ordinary replies it flags that frame with a harmless description ("she is a
democrat", "he is a beast" said of a footballer). The incivility head (and alt-profanity-check
mixed into it) reads the same message differently: it has seen which replies people find rude.
When the two disagree, the message is flagged as harassment alone, the flag is weak and the
message reads as civil, the flag is dropped. Every other label stands, and so does a strong
harassment flag or one that comes with another label (rules never raise harassment alone).

The two limits are picked by `make train` on the dev split, as the F1 of `harassment` over
every dev row (public and our templates, so that insults the public sets lack still count).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from hustings.triage.labels import Label

if TYPE_CHECKING:
    from hustings.triage.model import TriageModel

# Candidate limits: incivility under which a message reads as civil (0.0: never), and the
# harassment score under which a flag counts as weak (1.01: any score).
INCIVILITY_GRID = tuple(round(0.05 * k, 2) for k in range(11))
HARASSMENT_GRID = (0.6, 0.7, 0.8, 0.9, 1.01)


@dataclass(frozen=True, slots=True)
class HarassmentCheck:
    """Drop a harassment-only flag scoring under `harassment_below` on a message whose
    incivility is under `incivility_below`."""

    incivility_below: float
    harassment_below: float

    def overrules(self, labels: Sequence[Label], harassment: float, incivility: float) -> bool:
        """Whether the flag goes; `harassment` is the score as reported (4 decimals)."""
        return (
            list(labels) == [Label.HARASSMENT]
            and incivility < self.incivility_below
            and round(harassment, 4) < self.harassment_below
        )

    def meta(self) -> dict[str, float]:
        return {
            "incivility_below": self.incivility_below,
            "harassment_below": self.harassment_below,
        }

    @classmethod
    def from_meta(cls, meta: dict[str, Any] | None) -> HarassmentCheck | None:
        if not meta:
            return None
        return cls(float(meta["incivility_below"]), float(meta["harassment_below"]))


@dataclass(frozen=True, slots=True)
class Candidate:
    """One dev row as the service saw it without the check."""

    labels: tuple[Label, ...]
    harassment: float
    incivility: float
    gold: bool  # is harassment


def _f1(candidates: Sequence[Candidate], check: HarassmentCheck | None) -> float:
    tp = fp = fn = 0
    for c in candidates:
        flagged = Label.HARASSMENT in c.labels
        if flagged and check is not None and check.overrules(c.labels, c.harassment, c.incivility):
            flagged = False
        tp += flagged and c.gold
        fp += flagged and not c.gold
        fn += (not flagged) and c.gold
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def choose(candidates: Sequence[Candidate]) -> tuple[HarassmentCheck | None, dict[str, Any]]:
    """The limits with the best dev F1 for harassment (None when no pair beats no check);
    ties go to the milder check (lower incivility limit, then lower harassment limit)."""
    best: HarassmentCheck | None = None
    best_f1 = _f1(candidates, None)
    before = best_f1
    for incivility_below in INCIVILITY_GRID[1:]:
        for harassment_below in HARASSMENT_GRID:
            check = HarassmentCheck(incivility_below, harassment_below)
            f1 = _f1(candidates, check)
            if f1 > best_f1 + 1e-9:
                best, best_f1 = check, f1
    dropped = 0
    if best is not None:
        dropped = sum(best.overrules(c.labels, c.harassment, c.incivility) for c in candidates)
    report = {
        "dev_rows": len(candidates),
        "dev_harassment_f1_without": round(before, 4),
        "dev_harassment_f1_with": round(best_f1, 4),
        "dev_flags_dropped": dropped,
        **(best.meta() if best else {}),
    }
    return best, report


def dev_candidates(
    model: TriageModel, texts: Sequence[str], golds: Sequence[bool]
) -> list[Candidate]:
    """Each text's labels and harassment score from the service without any check, and its
    incivility, for `choose`."""
    # Imported here: both modules import the model, which imports this one.
    from hustings.triage.evaluation import run
    from hustings.triage.model import prepare

    plain = dataclasses.replace(model, harassment_check=None)
    results = run(list(texts), plain)
    incivility = plain.incivility(plain.features([prepare(t) for t in texts]), texts)
    if incivility is None:
        return []
    return [
        Candidate(tuple(r.labels), r.scores[Label.HARASSMENT], float(v), gold)
        for r, v, gold in zip(results, np.asarray(incivility), golds, strict=True)
    ]
