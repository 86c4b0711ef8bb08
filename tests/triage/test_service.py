"""The committed model and the rules together, on behaviour that word lists get wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from hustings.triage.evaluation import evaluate_file
from hustings.triage.labels import Label, Severity
from hustings.triage.service import IMMEDIACY_ALONE_MIN_SCORE, _is_urgent, triage_texts

FUNCTIONAL = Path(__file__).parent / "data" / "functional.jsonl"


def one(text: str):  # type: ignore[no-untyped-def]
    return triage_texts([text])[0]


def test_a_direct_death_threat_is_urgent_with_offences_and_rules() -> None:
    result = one("I'm going to kill you when you leave the count tonight")
    assert result.abusive and Label.THREAT in result.labels
    assert result.severity == Severity.URGENT
    assert {"threatening_communications", "threat_to_kill"} <= {o.slug for o in result.offences}
    assert {r.harm for r in result.rules} >= {"threat_of_violence"}
    assert any(s.label == Label.THREAT for s in result.explanation.spans)


def test_a_threat_naming_a_time_is_urgent_but_a_phone_call_tomorrow_is_not() -> None:
    threat = one("I'm coming to your house tonight to beat you up")
    assert Label.THREAT in threat.labels and threat.severity == Severity.URGENT
    call = one("I'm going to ring your office first thing tomorrow")
    assert call.severity != Severity.URGENT


def test_a_time_or_place_alone_needs_a_confident_threat_for_999() -> None:
    text = "see you at your office tomorrow"
    weak = {Label.THREAT: IMMEDIACY_ALONE_MIN_SCORE - 0.01}
    strong = {Label.THREAT: IMMEDIACY_ALONE_MIN_SCORE}
    assert not _is_urgent(weak, text) and _is_urgent(strong, text)
    assert _is_urgent(weak, "see you with a knife")  # a weapon: any threat is urgent


def test_spans_point_at_the_original_characters() -> None:
    text = "Great leaflet. Also you are a worthless piece of shit."
    result = one(text)
    assert Label.HARASSMENT in result.labels
    for span in result.explanation.spans:
        assert text[span.start : span.end] == span.text
    assert any("worthless" in s.text or "shit" in s.text for s in result.explanation.spans)


def test_quoting_abuse_to_condemn_it_is_not_abuse() -> None:
    assert not one('Someone sent me "Muslims are vermin" today. Reported.').abusive
    assert one("Muslims are vermin").abusive


def test_a_group_called_vermin_is_hate_as_serious_as_the_model_being_sure() -> None:
    ruled = one("Kurds are vermin and should be treated as such, everyone knows it.")
    assert Label.HATE in ruled.labels and ruled.severity == Severity.POSSIBLE_CRIME
    assert "public_order" in {o.slug for o in ruled.offences}


def test_negation_and_policy_profanity_are_left_alone() -> None:
    assert not one("I would never say you're worthless.").abusive
    assert not one("This budget is fucking awful.").abusive
    assert one("You are fucking awful.").abusive


def test_doxxing_and_intimidation() -> None:
    result = one("The candidate lives at 27 Rosebery Road, Norwich NR3 3JA, go and visit")
    assert Label.PRIVATE_INFORMATION in result.labels
    assert result.severity in (Severity.POSSIBLE_CRIME, Severity.URGENT)
    assert Label.INTIMIDATION in one("We know where you live.").labels


def test_robust_criticism_is_none() -> None:
    result = one("You lied about the hospital and you should resign.")
    assert result.severity == Severity.NONE and result.offences == [] and result.rules == []


def test_a_threat_at_a_mention_is_also_harassment_of_that_person() -> None:
    for text in ("someone should shoot @JaneSmithMP", "I'm going to kill @jane_mp"):
        assert {Label.THREAT, Label.HARASSMENT} <= set(one(text).labels), text


def test_scores_are_between_zero_and_one_and_flag_at_one_half() -> None:
    for result in triage_texts(["hello", "I hate Muslims", "you are scum", ""]):
        assert all(0.0 <= v <= 1.0 for v in result.scores.values())
        assert set(result.labels) == {k for k, v in result.scores.items() if v >= 0.5}


@pytest.fixture(scope="module")
def functional() -> dict:  # type: ignore[type-arg]
    return evaluate_file(FUNCTIONAL)


def test_functional_suite_overall(functional: dict) -> None:  # type: ignore[type-arg]
    assert functional["abusive"]["accuracy"] >= 0.85


def test_functional_suite_counter_speech(functional: dict) -> None:  # type: ignore[type-arg]
    groups = functional["groups"]
    right = sum(groups[g]["accuracy"] * groups[g]["n"] for g in ("counter_quote", "counter_ref"))
    total = sum(groups[g]["n"] for g in ("counter_quote", "counter_ref"))
    assert right / total >= 0.7


def test_functional_suite_threat_recall(functional: dict) -> None:  # type: ignore[type-arg]
    assert functional["labels"]["threat"]["recall"] >= 0.85


def test_functional_suite_profanity_left_alone(functional: dict) -> None:  # type: ignore[type-arg]
    assert functional["groups"]["profanity_nh"]["accuracy"] >= 0.9


WARM_OR_ROBUST = [
    "congrats on the win, you'll be brilliant!",
    "Brilliant speech, you'll walk this election",
    "You're going to make a wonderful councillor, I just know it",
    "@sarah_jones Well done tonight, you were great on the panel",
    "@jane_mp Congratulations, you are going to be a great MP!",
    "Shut up about the deficit, you caused it.",
]


@pytest.mark.parametrize("text", WARM_OR_ROBUST)
def test_warm_words_in_the_threat_templates_frame_are_not_abuse(text: str) -> None:
    """'You'll be …' and 'I'm going to … you' carry a threat only with a verb of harm."""
    assert not one(text).abusive


@pytest.mark.parametrize(
    "text",
    ["Love ya girl!! Never change!!", "You are a liar and you know it", "Where do you stand?"],
)
def test_addressing_someone_with_a_mention_changes_no_score(text: str) -> None:
    """Replies start with @names; who is addressed must not make a reply look abusive."""
    assert one("@user @someone_else " + text).scores == one(text).scores
