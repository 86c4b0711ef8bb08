"""Rules find private details and unmistakable threats, but not quoted or negated ones."""

from __future__ import annotations

import pytest

from hustings.triage import rules
from hustings.triage.labels import Label


def found(text: str) -> dict[Label, float]:
    out: dict[Label, float] = {}
    for f in rules.find(text):
        out[f.label] = max(out.get(f.label, 0.0), f.floor)
    return out


@pytest.mark.parametrize(
    "text",
    ["SW1A 1AA", "ls6 2ab", "CF10 1AB", "M1 1AE", "B33 8TH", "EC1A 1BB"],
)
def test_uk_postcodes(text: str) -> None:
    assert rules.POSTCODE.fullmatch(text)


@pytest.mark.parametrize(
    "text", ["07700 900123", "+44 7700 900123", "029 2018 3000", "01632 960001"]
)
def test_uk_phone_numbers(text: str) -> None:
    assert rules.PHONE.search(text)


def test_an_address_shared_about_a_person_is_private_information() -> None:
    assert found("She lives at 14 Acacia Avenue, Leeds LS6 2AB")[Label.PRIVATE_INFORMATION] >= 0.9


def test_an_office_address_is_only_weak_evidence() -> None:
    floor = found("Visit our campaign office at 12 High Street, Bristol BS1 4DJ")
    assert floor[Label.PRIVATE_INFORMATION] < 0.5


def test_childrens_school_and_threats_to_publish() -> None:
    assert found("Her kids go to St Mary's primary school")[Label.PRIVATE_INFORMATION] >= 0.9
    hit = found("I'm going to post your home address online")
    assert hit[Label.PRIVATE_INFORMATION] >= 0.9 and hit[Label.INTIMIDATION] >= 0.5


def test_threat_constructions() -> None:
    assert Label.THREAT in found("I am going to kill you")
    assert Label.THREAT in found("someone should shoot Starmer")
    assert Label.THREAT in found("I hope someone stabs her")
    assert Label.THREAT in found("I'm going to stab the first one who answers the door")


def test_a_mention_is_someone_a_threat_can_be_aimed_at() -> None:
    assert Label.THREAT in found("I'm going to kill @jane_mp")
    assert Label.THREAT in found("someone should shoot @JaneSmithMP")
    assert Label.THREAT not in found("someone should kill @jane's bill")
    assert Label.THREAT not in found("I would never say I'll kill @jane_mp")


def test_quoted_or_negated_threats_are_not_findings() -> None:
    assert Label.THREAT not in found('He wrote "I will kill you" and I reported it')
    assert Label.THREAT not in found("I would never say I will kill you")


def test_political_metaphors_are_not_threats() -> None:
    assert Label.THREAT not in found("We will smash them at the ballot box")
    assert Label.THREAT not in found("someone should kill this bill")


def test_intimidation() -> None:
    assert found("We know where you live.")[Label.INTIMIDATION] >= 0.9


def test_urgency_cues_tell_danger_to_life_from_a_time_or_place() -> None:
    assert rules.urgency_cues("I'm outside your house tonight") == rules.UrgencyCues(
        lethal=False, located=False, immediate=True
    )
    for lethal in ("you'll be stabbed", "someone should have strangled you", "get executed"):
        assert rules.urgency_cues(lethal).lethal, lethal
    assert rules.urgency_cues("I'll find you at 12 Acacia Avenue, SW1A 1AA").located
    assert rules.urgency_cues("you will regret this") == rules.UrgencyCues(False, False, False)
    for harmless in ("your executive is unstable", "a stable government"):
        assert not rules.urgency_cues(harmless).lethal, harmless


def test_violence_promised_to_whoever_does_something_is_a_threat() -> None:
    for text in (
        "Anyone from that mosque who comes near our street gets a bullet.",
        "The next councillor who votes for this will get a brick through the window.",
        "Keep campaigning and you're getting a petrol bomb.",
    ):
        assert found(text).get(Label.THREAT, 0.0) >= 0.85, text
    for text in (
        "Each pledge gets a bullet point on the leaflet.",
        "Labour is getting a kicking in the polls.",
        "Nobody should ever get a brick through their window for standing for election.",
    ):
        assert Label.THREAT not in found(text), text


def test_arson_or_bombing_of_a_place_is_a_threat() -> None:
    for text in (
        "We're going to burn down that mosque.",
        "Someone should torch the asylum hotel on the ring road.",
        "Let's set fire to their caravans and see how they like it.",
        "Time to petrol bomb every Polish shop in town.",
        "I'll blow up your office.",
    ):
        assert found(text).get(Label.THREAT, 0.0) >= 0.85, text
    for text in (
        "The old church burned down in 1850.",  # history, not a threat
        "Their shop was torched last night and the police are appealing for witnesses.",
        "Nobody should ever burn down a mosque.",  # negated
        'He posted "burn down the hotel" and was arrested.',  # quoted
        "This budget will burn through the council's reserves.",
        "Blow up the balloons before the hustings starts.",
    ):
        assert Label.THREAT not in found(text), text


def test_violence_wished_on_or_promised_to_a_protected_group_is_a_threat_and_hate() -> None:
    for text in (
        "Sikhs should all be strung up from the bridge.",
        "Honestly, the Roma ought to be rounded up and shot.",
        "Bisexuals deserve a pogrom.",
        "We're going to mow down those migrants at the bus stop.",
        "I'll glass any Pole who drinks in our pub.",
    ):
        hit = found(text)
        assert hit[Label.THREAT] >= 0.85 and hit[Label.HATE] >= 0.9, text


def test_group_violence_needs_the_group_and_honours_negation_quotes_and_condemnation() -> None:
    for text in (
        "The cuts should be killed off before they reach the Lords.",
        "This white paper should be shot down.",
        "We'll batter the Tories in every ward.",
        "No asylum seeker deserves to be drowned in the Channel.",
        "Frankly, no disabled person should be put down like that in a debate.",
        "It's wrong to say that Hindus should be wiped out.",
        "Anyone who thinks gay men should be thrown off roofs needs help.",
        "Reported the account that said Jews should be gassed.",
        "He posted 'Muslims should be shot' and it is still up.",
    ):
        assert Label.THREAT not in found(text) and Label.HATE not in found(text), text


def test_violence_wished_on_one_woman_is_a_threat_to_her_not_hate() -> None:
    hit = found("That woman deserves to be hanged for what she did to this town.")
    assert Label.THREAT in hit and Label.HATE not in hit


def test_a_group_called_less_than_human_is_hate_however_long_the_message() -> None:
    for text in (
        "Kurds are vermin and everyone round here knows exactly how to deal with vermin.",
        "Honestly mate, the Travellers on the common are nothing but parasites.",
    ):
        assert found(text)[Label.HATE] >= 0.9, text


def test_dehumanising_words_reported_condemned_or_denied_are_not_findings() -> None:
    for text in (
        "It's wrong to say that Somalis are a disease.",
        "People who say Arabs are a cancer on this country should meet some.",
        "Screenshot for the police: 'Africans are a disease'.",
        "I don't think people with learning disabilities are scum, and nobody should.",
        "Stop s a y i n g Hindus are animals, it is not true.",
        "Our opponents are parasites on the public purse.",
        "The black market in cigarettes is a cancer on this town.",
    ):
        assert Label.HATE not in found(text), text


def test_a_number_plate_counts_only_when_the_message_says_it_is_a_car() -> None:
    assert (
        found("Spotted her car round the back of the Co-op, reg AB12 CDE.")[
            Label.PRIVATE_INFORMATION
        ]
        >= 0.5
    )
    assert Label.PRIVATE_INFORMATION not in found("The survey code AB12 CDE is on the leaflet.")


def test_a_private_email_and_where_family_can_be_found_are_private_information() -> None:
    assert (
        found("Here's the MP's private email, dm.home@example.com, fill it up.")[
            Label.PRIVATE_INFORMATION
        ]
        >= 0.9
    )
    assert (
        found("His mum lives opposite the chippy on the front in Rhyl.")[Label.PRIVATE_INFORMATION]
        >= 0.9
    )
    assert Label.PRIVATE_INFORMATION not in found("Her mum lives for polling day, bless her.")
    assert Label.PRIVATE_INFORMATION not in found(
        'Posting "his mum lives next to the school" online is doxxing.'
    )
