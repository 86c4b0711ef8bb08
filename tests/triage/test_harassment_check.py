"""The incivility ranking's second opinion on weak harassment flags."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from hustings.triage import training
from hustings.triage.civility_training import fit_civility
from hustings.triage.harassment_check import Candidate, HarassmentCheck, choose
from hustings.triage.labels import Label
from hustings.triage.model import ARTIFACT_DIR, TriageModel, default_model
from hustings.triage.schemas import TriageInput
from hustings.triage.service import CIVILITY_CAP, FLAG, triage_inputs
from tests.triage.small_fit import small_civility_items, small_items

H = Label.HARASSMENT
CHECK = HarassmentCheck(incivility_below=0.3, harassment_below=0.8)


def test_it_drops_only_a_weak_harassment_flag_on_a_civil_message() -> None:
    assert CHECK.overrules([H], harassment=0.6, incivility=0.1)
    assert not CHECK.overrules([H], harassment=0.85, incivility=0.1)  # strong flag
    assert not CHECK.overrules([H], harassment=0.6, incivility=0.4)  # reads as rude
    assert not CHECK.overrules([Label.THREAT, H], harassment=0.6, incivility=0.1)
    assert not CHECK.overrules([Label.HATE], harassment=0.6, incivility=0.1)
    assert not CHECK.overrules([], harassment=0.3, incivility=0.1)


def test_it_compares_the_score_as_reported() -> None:
    """0.79996 is shown as 0.8, which is not under 0.8."""
    assert not CHECK.overrules([H], harassment=0.79996, incivility=0.1)


def _candidate(labels: tuple[Label, ...], harassment: float, inc: float, gold: bool) -> Candidate:
    return Candidate(labels, harassment, inc, gold)


def test_choose_picks_limits_that_drop_false_flags_and_keep_true_ones() -> None:
    rows = [
        # true insults: strong, or rude
        *[_candidate((H,), 0.95, 0.1, True) for _ in range(5)],
        *[_candidate((H,), 0.65, 0.8, True) for _ in range(5)],
        # false alarms: weak and civil
        *[_candidate((H,), 0.62, 0.05, False) for _ in range(4)],
        # a missed insult stays missed
        _candidate((), 0.3, 0.9, True),
    ]
    check, report = choose(rows)
    assert check is not None
    assert check.harassment_below <= 0.9 and check.incivility_below <= 0.8
    assert report["dev_flags_dropped"] == 4
    assert report["dev_harassment_f1_with"] > report["dev_harassment_f1_without"]
    assert report["incivility_below"] == check.incivility_below


def test_choose_returns_no_check_when_none_helps() -> None:
    rows = [_candidate((H,), 0.6, 0.05, True) for _ in range(3)] + [
        _candidate((), 0.2, 0.05, False) for _ in range(3)
    ]
    check, report = choose(rows)
    assert check is None
    assert report["dev_flags_dropped"] == 0
    assert "incivility_below" not in report


def test_the_committed_model_carries_the_check_chosen_in_training() -> None:
    model = default_model()
    metrics = json.loads((ARTIFACT_DIR / "metrics.json").read_text())["harassment_check"]
    assert model.harassment_check is not None
    assert model.harassment_check.meta() == {
        "incivility_below": metrics["incivility_below"],
        "harassment_below": metrics["harassment_below"],
    }


def test_the_check_survives_a_round_trip_and_can_be_removed(tmp_path: Path) -> None:
    model = default_model()
    model.save(tmp_path / "with.zip")
    assert TriageModel.load(tmp_path / "with.zip").harassment_check == model.harassment_check
    without = dataclasses.replace(TriageModel.load(tmp_path / "with.zip"), harassment_check=None)
    without.save(tmp_path / "without.zip")
    assert TriageModel.load(tmp_path / "without.zip").harassment_check is None


@pytest.mark.parametrize("text", ["@user she is a democrat", "@user He is such a show boat"])
def test_a_plain_description_is_not_harassment(text: str) -> None:
    """Flagged as harassment by the label model alone; the check drops the flag, and the
    message is then ranked by incivility like any other unflagged message."""
    model = default_model()
    plain = dataclasses.replace(model, harassment_check=None)
    [before] = triage_inputs([TriageInput(text=text)], model=plain)
    [after] = triage_inputs([TriageInput(text=text)])
    assert before.labels == [H]
    assert not after.abusive and after.labels == [] and after.severity.value == "none"
    assert max(after.scores.values()) <= CIVILITY_CAP
    assert after.explanation.spans == []


@pytest.mark.parametrize(
    "text",
    [
        "you're not worth the air you breathe",
        "the world would be better without you in it",
        "I know where you live and I will hurt you",
    ],
)
def test_abuse_that_reads_politely_keeps_its_flags(text: str) -> None:
    [result] = triage_inputs([TriageInput(text=text)])
    assert result.abusive
    assert max(result.scores.values()) >= FLAG


def test_training_chooses_the_check_on_the_dev_rows() -> None:
    """`make train`'s step, on a small fit: every dev row is a candidate, and the chosen limits
    (if any) are the model's."""
    items = small_items()
    model = fit_civility(training.fit(items, log=False), small_civility_items(), seed=5)
    checked, report = training.add_harassment_check(model, items)
    assert report["dev_rows"] == sum(it.split == "dev" for it in items)
    assert report["dev_harassment_f1_with"] >= report["dev_harassment_f1_without"]
    if checked.harassment_check is None:
        assert report["dev_flags_dropped"] == 0
    else:
        assert checked.harassment_check.meta() == {
            k: report[k] for k in ("incivility_below", "harassment_below")
        }
